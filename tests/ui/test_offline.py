"""The app on the offline backend against a real ``kawebb serve`` over loopback, with the
network between them cut and restored (issue 11): the status indicator, *Ej synkad*
rows, *Signera* disabled offline, and a conflict shown and resolved both ways."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.documents import DocumentType
from kawebb_desktop.domain.queries import CaseQuery, UserQuery
from kawebb_desktop.domain.values import EmailAddress
from kawebb_desktop.offline.backend import OfflineBackend
from kawebb_desktop.offline.control import META_NAME, offline_services
from kawebb_desktop.remote import RetryPolicy, close, connect
from kawebb_desktop.services.api import (
    Caller,
    ChangeUser,
    CreateUser,
    SaveDocument,
    Services,
    caller_of,
)
from kawebb_desktop.services.offline_api import SIGNING_NEEDS_SERVER
from kawebb_desktop.settings import Settings
from kawebb_desktop.ui.dialogs.conflict_dialog import ConflictDialog
from kawebb_desktop.ui.dialogs.refused_dialog import RefusedDialog
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.users import UsersView
from tests.offline.network import Switch, demo_server, offline_backend
from tests.services.backends import (
    ARVID,
    DOROTEA,
    Backend,
    ServerProcess,
    new_draft,
)
from tests.ui.conftest import Driver, button_of
from tests.ui.test_users import LEFT

ROUND_TRIP_MS = 15_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with demo_server(tmp_path_factory.mktemp("offline-ui-server")) as (process, _url):
        yield process


@dataclass
class Station:
    driver: Driver
    network: Switch
    backend: OfflineBackend

    @property
    def window(self) -> MainWindow:
        return self.driver.window

    @property
    def caller(self) -> Caller:
        actor = self.window.actor
        assert actor is not None
        return caller_of(actor)


@pytest.fixture
def station(qtbot: QtBot, server: ServerProcess, tmp_path: Path) -> Iterator[Station]:
    backend, network = offline_backend(server.url, tmp_path / "a")
    services = offline_services(backend)
    settings = Settings(
        data_dir=tmp_path / "a",
        server_url=server.url,
        collect_interval_seconds=0.05,
        simulator_approve_seconds=3600.0,
    )
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    driver = Driver(qtbot, window, None, None)  # type: ignore[arg-type]
    driver.login()
    yield Station(driver, network, backend)
    QThreadPool.globalInstance().waitForDone(ROUND_TRIP_MS)
    backend.close()
    close(backend.remote)


@pytest.fixture
def other(server: ServerProcess) -> Iterator[tuple[Services, Caller]]:
    """Another workstation on the plain remote client, logged in as Arvid."""
    services = connect(server.url)
    caller = Backend("other", services).caller(ARVID, DOROTEA)
    yield services, caller
    close(services)


def sync_now(qtbot: QtBot, station: Station, online: bool) -> None:
    indicator = station.window.sync_indicator
    qtbot.waitUntil(indicator.sync_button.isEnabled, timeout=ROUND_TRIP_MS)
    qtbot.mouseClick(indicator.sync_button, LEFT)
    want = "Online" if online else "Offline"
    qtbot.waitUntil(
        lambda: indicator.state_label.text() == want and indicator.sync_button.isEnabled(),
        timeout=ROUND_TRIP_MS,
    )


def pending_actions(view: UsersView, last: str) -> list[str]:
    m = view.pending_model
    return [
        m.data(m.index(r, 5)) for r in range(m.rowCount()) if m.change_at(r).draft.last_name == last
    ]


def pending_ids(view: UsersView, last: str) -> list[int]:
    m = view.pending_model
    return [
        m.change_at(r).id for r in range(m.rowCount()) if m.change_at(r).draft.last_name == last
    ]


def users_view(station: Station) -> UsersView:
    return station.driver.open_users()


def test_entered_offline_marked_ej_synkad_then_synced(qtbot: QtBot, station: Station) -> None:
    indicator = station.window.sync_indicator
    assert indicator.isVisible()
    qtbot.waitUntil(lambda: indicator.state_label.text() == "Online", timeout=ROUND_TRIP_MS)
    assert indicator.sync_button.accessibleName() == "Synkronisera nu"
    view = users_view(station)

    station.network.down = True
    sync_now(qtbot, station, online=False)
    services, caller = station.window.services, station.caller
    draft = new_draft(first="Olle", last="Offlinesson")
    services.users.create_user(caller, CreateUser(draft))
    case = next(
        page.items[0]
        for unit in services.organisations.units(caller)
        if (page := services.cases.list_cases(caller, CaseQuery(unit.id))).items
    )
    services.documents.save_draft(
        caller,
        SaveDocument(case.id, DocumentType.INFORMATIV_RAPPORT, {"comment": "Skrivet offline."}),
    )
    station.window.show_status("Sparat.")  # as a view does after a write
    qtbot.waitUntil(
        lambda: indicator.waiting_label.text() == "2 ändringar väntar", timeout=ROUND_TRIP_MS
    )
    assert indicator.waiting_label.accessibleName() == "2 ändringar väntar"
    view.reload_pending()
    qtbot.waitUntil(
        lambda: pending_actions(view, "Offlinesson") == ["Ny · Ej synkad"], timeout=ROUND_TRIP_MS
    )
    row = next(
        r
        for r in range(view.pending_model.rowCount())
        if view.pending_model.change_at(r).draft.last_name == "Offlinesson"
    )
    assert pending_ids(view, "Offlinesson")[0] < 0  # provisional, from the replica
    tip = view.pending_model.data(view.pending_model.index(row, 5), 3)  # ToolTipRole
    assert tip.startswith("Ej synkad")
    # Offline, Signera is disabled and says why, though something waits to be signed.
    assert not view.sign_button.isEnabled()
    assert view.sign_button.toolTip() == SIGNING_NEEDS_SERVER

    station.network.down = False
    sync_now(qtbot, station, online=True)
    qtbot.waitUntil(
        lambda: indicator.waiting_label.text() == "Inga ändringar väntar", timeout=ROUND_TRIP_MS
    )
    assert indicator.last_sync_label.text().startswith("Senast synkad ")
    # The list is read again: the row is the server's now, no longer marked.
    qtbot.waitUntil(
        lambda: pending_ids(view, "Offlinesson") and pending_ids(view, "Offlinesson")[0] > 0,
        timeout=ROUND_TRIP_MS,
    )
    assert pending_actions(view, "Offlinesson") == ["Ny"]
    qtbot.waitUntil(view.sign_button.isEnabled, timeout=ROUND_TRIP_MS)
    assert view.sign_button.toolTip() != SIGNING_NEEDS_SERVER


def make_conflict(
    qtbot: QtBot, station: Station, other: tuple[Services, Caller], skip: int
) -> tuple[int, str, str]:
    """Offline, this station changes a user's e-mail; meanwhile the other workstation
    makes an unsigned change of the same user on the server. Back online the server
    refuses this station's change (a conflict). Returns (user id, mine, theirs)."""
    services, caller = station.window.services, station.caller
    rows = services.users.list_users(caller, UserQuery(limit=100)).items
    candidates = [r.user for r in rows if r.pending is None and not r.user.role.is_admin]
    user = candidates[skip]
    mine, theirs = f"mina{skip}@example.se", f"deras{skip}@example.se"

    def draft_with(email: str):  # type: ignore[no-untyped-def]
        return dataclasses.replace(
            new_draft(user.person.personnummer, user.first_name, user.last_name, user.role),
            email=EmailAddress(email),
            start_date=user.start_date,
            end_date=user.end_date,
        )

    station.network.down = True
    sync_now(qtbot, station, online=False)
    services.users.change_user(caller, ChangeUser(user.id, user.version, draft_with(mine)))
    remote, their_caller = other
    remote.users.change_user(their_caller, ChangeUser(user.id, user.version, draft_with(theirs)))

    station.network.down = False
    sync_now(qtbot, station, online=True)
    indicator = station.window.sync_indicator
    qtbot.waitUntil(indicator.refused_button.isVisible, timeout=ROUND_TRIP_MS)
    assert indicator.refused_button.text() == "Ej synkade ändringar (1)"
    return user.id, mine, theirs


def open_conflict(qtbot: QtBot, station: Station) -> tuple[RefusedDialog, ConflictDialog]:
    qtbot.mouseClick(station.window.sync_indicator.refused_button, LEFT)
    dialog = station.window.refused_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "Konflikt"
    assert dialog.reason.text().startswith("Serverns skäl: ")  # in Swedish, whole
    assert dialog.conflict_button.isEnabled()
    qtbot.mouseClick(dialog.conflict_button, LEFT)
    conflict = dialog.conflict
    assert conflict is not None
    qtbot.waitExposed(conflict)
    return dialog, conflict


def email_row(conflict: ConflictDialog) -> tuple[str, str]:
    table = conflict.table
    for r in range(table.rowCount()):
        if table.item(r, 0).text() == "E-post":
            return table.item(r, 1).text(), table.item(r, 2).text()
    raise AssertionError("no E-post row")


def their_email(other: tuple[Services, Caller], user_id: int) -> str:
    remote, caller = other
    return next(
        p.draft.email.value
        for p in remote.users.list_pending(caller)
        if p.change.target_id == user_id
    )


def test_conflict_resolved_with_mine(
    qtbot: QtBot, station: Station, other: tuple[Services, Caller]
) -> None:
    user_id, mine, theirs = make_conflict(qtbot, station, other, skip=0)
    dialog, conflict = open_conflict(qtbot, station)
    assert email_row(conflict) == (theirs, mine)  # Deras | Mina

    qtbot.mouseClick(conflict.use_button, LEFT)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=ROUND_TRIP_MS)
    assert their_email(other, user_id) == mine  # applied on top of theirs
    qtbot.waitUntil(
        lambda: not station.window.sync_indicator.refused_button.isVisible(),
        timeout=ROUND_TRIP_MS,
    )


def test_conflict_resolved_by_dropping_mine(
    qtbot: QtBot, station: Station, other: tuple[Services, Caller]
) -> None:
    user_id, mine, theirs = make_conflict(qtbot, station, other, skip=1)
    dialog, conflict = open_conflict(qtbot, station)
    assert email_row(conflict) == (theirs, mine)

    qtbot.mouseClick(conflict.drop_button, LEFT)
    box = conflict.confirm
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(button_of(box, "Släpp mina"), LEFT)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=ROUND_TRIP_MS)
    assert their_email(other, user_id) == theirs
    state = station.window.services.offline.state(station.caller)  # type: ignore[union-attr]
    assert state.refused == () and state.waiting == 0


def test_signera_disabled_offline_and_enabled_again(qtbot: QtBot, station: Station) -> None:
    view = users_view(station)
    services, caller = station.window.services, station.caller
    services.users.create_user(caller, CreateUser(new_draft(last="Signeringsson")))
    view.reload_pending()
    qtbot.waitUntil(view.sign_button.isEnabled, timeout=ROUND_TRIP_MS)
    tooltip = view.sign_button.toolTip()

    station.network.down = True
    sync_now(qtbot, station, online=False)
    assert not view.sign_button.isEnabled()
    assert view.sign_button.toolTip() == SIGNING_NEEDS_SERVER
    view.reload_pending()  # the view enables it again after a read: the gate holds
    qtbot.waitUntil(lambda: not view.pending_note.busy, timeout=ROUND_TRIP_MS)
    assert not view.sign_button.isEnabled()
    pending = station.window.workspace.pending  # type: ignore[union-attr]
    if pending is not None:
        assert not pending.sign_button.isEnabled()

    station.network.down = False
    sync_now(qtbot, station, online=True)
    assert view.sign_button.isEnabled() and view.sign_button.toolTip() == tooltip


def replica_file(station: Station) -> Path:
    offline = station.window.services.offline
    assert offline is not None
    path = Path(offline.state(station.caller).replica_path)
    assert path.is_file()
    return path


def logout(qtbot: QtBot, station: Station) -> None:
    workspace = station.window.workspace
    assert workspace is not None
    qtbot.mouseClick(workspace.logout_button, LEFT)


def test_logout_removes_the_replica(qtbot: QtBot, station: Station) -> None:
    path = replica_file(station)
    workspace = station.backend.workspace(station.caller)
    assert workspace is not None
    assert workspace.replica.meta(META_NAME) == ARVID  # remembered at login
    logout(qtbot, station)
    qtbot.waitUntil(lambda: station.window.workspace is None, timeout=ROUND_TRIP_MS)
    qtbot.waitUntil(lambda: not path.exists(), timeout=ROUND_TRIP_MS)
    assert not path.with_name(path.name + "-wal").exists()


@pytest.mark.parametrize("keep", [True, False], ids=["keep", "discard"])
def test_logout_with_unsynced_changes_asks(qtbot: QtBot, station: Station, keep: bool) -> None:
    path = replica_file(station)
    station.network.down = True
    sync_now(qtbot, station, online=False)
    services, caller = station.window.services, station.caller
    services.users.create_user(caller, CreateUser(new_draft(last="Utloggningsson")))

    logout(qtbot, station)
    qtbot.waitUntil(lambda: station.window.logout_box is not None, timeout=ROUND_TRIP_MS)
    box = station.window.logout_box
    assert box is not None and box.text().startswith("1 ändring har inte nått servern än.")
    answer = "Behåll till nästa inloggning" if keep else "Ta bort ändringarna"
    assert button_of(box, answer).accessibleName() == answer
    qtbot.mouseClick(button_of(box, answer), LEFT)
    qtbot.waitUntil(lambda: station.window.workspace is None, timeout=ROUND_TRIP_MS)
    qtbot.waitUntil(
        lambda: station.backend.workspace(caller) is None and path.exists() is keep,
        timeout=ROUND_TRIP_MS,
    )
    if keep:  # the change is still there for the next login
        from kawebb_desktop.offline.outbox import Outbox, Status
        from kawebb_desktop.offline.replica import Replica

        replica = Replica.open(path)
        try:
            assert Outbox(replica, station.backend.clock).count(Status.QUEUED) == 1
        finally:
            replica.close()


def test_logout_can_be_cancelled_when_changes_wait(qtbot: QtBot, station: Station) -> None:
    station.network.down = True
    sync_now(qtbot, station, online=False)
    services, caller = station.window.services, station.caller
    services.users.create_user(caller, CreateUser(new_draft(last="Stannarsson")))
    logout(qtbot, station)
    qtbot.waitUntil(lambda: station.window.logout_box is not None, timeout=ROUND_TRIP_MS)
    box = station.window.logout_box
    assert box is not None
    qtbot.mouseClick(button_of(box, "Avbryt"), LEFT)
    assert station.window.workspace is not None
    assert station.backend.workspace(caller) is not None


def test_starting_offline_on_a_recent_replica_then_pushed_under_the_next_bankid_login(
    qtbot: QtBot,
    station: Station,
    server: ServerProcess,
    other: tuple[Services, Caller],
    tmp_path: Path,
) -> None:
    """Arvid logged in here (the station): the app is started again while the server
    cannot be reached; he continues offline on his replica, enters a user, and the
    change reaches the server at his next BankID login."""
    assert station.window.sync_monitor is not None
    station.window.sync_monitor.stop()  # that app is closed
    network = Switch()
    network.down = True
    remote = connect(server.url, transport=network, retry=RetryPolicy(attempts=1), probe=False)
    backend = OfflineBackend(remote, server.url, tmp_path / "a")
    settings = Settings(data_dir=tmp_path / "a", server_url=server.url)
    window = MainWindow(offline_services(backend), settings)
    qtbot.addWidget(window)
    window.show()
    try:
        bar = window.offline_start
        qtbot.waitUntil(lambda: bar.isVisible() and bar.buttons != [], timeout=ROUND_TRIP_MS)
        [choice] = bar.buttons
        assert choice.text() == f"Fortsätt offline som {ARVID}"
        assert choice.accessibleName() == choice.text()
        qtbot.mouseClick(choice, LEFT)
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=ROUND_TRIP_MS)
        actor = window.actor
        assert actor is not None and actor.name == ARVID
        assert actor.organisation_name == DOROTEA
        assert not bar.isVisible()
        indicator = window.sync_indicator
        qtbot.waitUntil(lambda: indicator.state_label.text() == "Offline", timeout=ROUND_TRIP_MS)

        caller = caller_of(actor)
        made = window.services.users.create_user(caller, CreateUser(new_draft(last="Startoffline")))
        assert made.id < 0
        window.show_status("Sparat.")
        qtbot.waitUntil(
            lambda: indicator.waiting_label.text() == "1 ändring väntar", timeout=ROUND_TRIP_MS
        )

        # The server is back; the offline session is no login there: the change waits
        # for the next BankID login, and is sent under it.
        network.down = False
        remote_services, their_caller = other
        bankid = Backend(
            "again",
            dataclasses.replace(window.services, demo_phone=remote_services.demo_phone),
        )
        bankid.actor(ARVID, DOROTEA)
        on_server = [p.draft.last_name for p in remote_services.users.list_pending(their_caller)]
        assert "Startoffline" in on_server
    finally:
        window.close()
        QThreadPool.globalInstance().waitForDone(ROUND_TRIP_MS)
        backend.close()
        close(remote)


def test_no_offline_start_while_the_server_answers(qtbot: QtBot, station: Station) -> None:
    offline = station.window.services.offline
    assert offline is not None
    assert offline.offline_logins() == ()
