"""*Begär ersättning* offline (issue 11): the request is made (it waits under Ändringar
att signera, Ej synkad), and the form says that signing needs the server instead of
opening a signing that cannot start. The services are the local ones with an offline
backend's controls that say "offline"; the real backend is driven in test_offline.py."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.services.api import Caller, Services
from kawebb_desktop.services.offline_api import SIGNING_NEEDS_SERVER, OfflineLogin, SyncState
from kawebb_desktop.ui.views.claim_request import NOT_SENT
from tests.ui.conftest import Driver, WindowFactory
from tests.ui.test_claim_request import FREE, LEFT, fill, open_form


class Offline:
    """An offline backend's controls, always offline, nothing waiting."""

    def online(self, caller: Caller) -> bool:
        return False

    def state(self, caller: Caller) -> SyncState:
        return SyncState(False, 0, (), None, "Servern svarar inte.", "", frozenset())

    def sync_now(self, caller: Caller) -> SyncState:
        return self.state(caller)

    def discard(self, caller: Caller, seq: int) -> None:
        raise AssertionError("not asked")

    def apply_again(self, caller: Caller, seq: int) -> None:
        raise AssertionError("not asked")

    def offline_logins(self) -> tuple[OfflineLogin, ...]:
        return ()

    def start_offline(self, key: str) -> Actor:
        raise AssertionError("not asked")

    def remove_replica(self, caller: Caller, *, keep: bool) -> bool:
        return False


def test_a_claim_made_offline_waits_and_no_signing_opens(
    qtbot: QtBot, make_window: WindowFactory, services: Services, driver: Driver
) -> None:
    window = make_window(dataclasses.replace(services, offline=Offline()))
    driver.window = window  # the driver's phone is the demo's, whatever the window
    view = open_form(qtbot, driver, window)
    fill(view, FREE)
    qtbot.mouseClick(view.send_button, LEFT)
    qtbot.waitUntil(view.result_note.isVisible, timeout=10_000)
    assert view.result_note.text() == f"{SIGNING_NEEDS_SERVER} {NOT_SENT}"
    assert view.dialog is None  # no signing started
    caller = window.actor
    assert caller is not None
    pending = services.claims.pending_claims(Caller(caller.token, caller.organisation_id))
    assert [p.case_number for p in pending] == [FREE]
