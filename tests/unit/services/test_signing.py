"""Signing: pending changes apply in one transaction with a receipt and an audit entry,
only when BankID completes and only if the set is what was signed."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import pytest

from kawebb_desktop.domain.entities import AuthorizationStatus
from kawebb_desktop.domain.errors import (
    Conflict,
    NotAuthorized,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.signing.simulator import Outcome
from tests.helpers import NEW_PNR, READER_PNR, add_user, draft, login, sign_all
from tests.unit.services.conftest import World


def _users(world: World) -> dict[str, tuple[str, str | None]]:
    page = world.services.users.list_users(world.admin, UserQuery(limit=100))
    return {r.user.personnummer.value: (r.user.role.value, r.status.value) for r in page.items}


def test_signing_applies_every_change_and_returns_a_receipt(world: World) -> None:
    users = world.services.users
    reader = add_user(world.store, world.org, READER_PNR, "Agda", "Andersson", Role.LASARE)
    users.create_user(world.admin, draft())
    users.remove_user(world.admin, reader.id)
    users.set_end_date(world.admin, [world.service_user.id], dt.date(2026, 12, 31))

    progress = sign_all(world.services, world.clock, world.admin)

    assert progress.status is CollectStatus.COMPLETE
    receipt = progress.receipt
    assert receipt is not None
    assert receipt.change_count == 3
    assert receipt.signer_personnummer == world.admin.personnummer
    assert receipt.digest == hashlib.sha256(receipt.document.encode()).hexdigest()
    document = json.loads(receipt.document)
    assert [c["action"] for c in document["changes"]] == ["ny", "borttagen", "andrad"]
    assert world.simulator.verify_signature(receipt.signature)
    signed_xml = base64.b64decode(receipt.signature).decode()
    assert base64.b64encode(receipt.digest.encode()).decode() in signed_xml
    assert users.list_pending(world.admin) == []
    after = _users(world)
    assert READER_PNR not in after
    assert after[NEW_PNR] == ("tjansteadministrator", "Väntar på aktivering")
    changed = world.services.users.get_user(world.admin, world.service_user.id)
    assert changed.end_date == dt.date(2026, 12, 31)
    with world.store.unit_of_work() as uow:
        actions = [e.action for e in uow.audit.page(world.org.id, 0, 50).items]
        stored = uow.receipts.get(receipt.id)
    assert "signering.klar" in actions
    assert stored == receipt


def test_a_new_user_becomes_active_after_the_activation_delay(world: World) -> None:
    world.services.users.create_user(world.admin, draft())
    sign_all(world.services, world.clock, world.admin)
    with pytest.raises(NotAuthorized):
        login(world.services, world.simulator, world.clock, NEW_PNR)
    world.clock.advance(dt.timedelta(minutes=2))
    assert _users(world)[NEW_PNR][1] == AuthorizationStatus.AKTIV.value
    actor = login(world.services, world.simulator, world.clock, NEW_PNR)
    assert actor.role is Role.TJANSTEADMINISTRATOR


def test_pending_collects_report_bankid_hints_in_swedish(world: World) -> None:
    world.services.users.create_user(world.admin, draft())
    order = world.services.signing.start(world.admin)
    first = world.services.signing.collect(world.admin, order.order_ref)
    assert first.status is CollectStatus.PENDING
    assert first.message.startswith("Starta BankID-appen")
    world.clock.advance(dt.timedelta(seconds=2))
    second = world.services.signing.collect(world.admin, order.order_ref)
    assert second.hint_code == "userSign"
    assert "säkerhetskod" in second.message
    assert world.services.signing.qr(order.order_ref).startswith("bankid.")


@pytest.mark.parametrize(
    ("outcome", "hint", "advance"),
    [
        (Outcome.USER_CANCEL, "userCancel", dt.timedelta(seconds=4)),
        (Outcome.EXPIRE, "expiredTransaction", dt.timedelta(minutes=4)),
        (Outcome.START_FAILED, "startFailed", dt.timedelta(seconds=31)),
        (Outcome.CERTIFICATE_ERR, "certificateErr", dt.timedelta(seconds=4)),
    ],
)
def test_a_failed_signing_changes_nothing(
    world: World, outcome: Outcome, hint: str, advance: dt.timedelta
) -> None:
    world.services.users.create_user(world.admin, draft())
    before = world.snapshot()
    world.simulator.script(outcome)
    order = world.services.signing.start(world.admin)
    world.clock.advance(advance)
    progress = world.services.signing.collect(world.admin, order.order_ref)
    assert progress.status is CollectStatus.FAILED
    assert progress.hint_code == hint
    assert progress.message
    assert world.snapshot() == before
    again = world.services.signing.collect(world.admin, order.order_ref)
    assert again.status is CollectStatus.FAILED


def test_cancelling_a_signing_changes_nothing(world: World) -> None:
    world.services.users.create_user(world.admin, draft())
    before = world.snapshot()
    order = world.services.signing.start(world.admin)
    world.services.signing.cancel(world.admin, order.order_ref)
    assert world.services.signing.collect(world.admin, order.order_ref).status is (
        CollectStatus.FAILED
    )
    assert world.snapshot() == before


def test_changes_made_during_signing_are_not_applied(world: World) -> None:
    users = world.services.users
    users.create_user(world.admin, draft())
    order = world.services.signing.start(world.admin)
    users.set_end_date(world.admin, [world.service_user.id], dt.date(2026, 12, 31))
    before = world.snapshot()
    world.clock.advance(dt.timedelta(seconds=4))
    with pytest.raises(Conflict, match="ändrats medan signeringen pågick"):
        world.services.signing.collect(world.admin, order.order_ref)
    assert world.snapshot() == before


def test_nothing_to_sign_is_refused(world: World) -> None:
    with pytest.raises(RuleViolation, match="inga ändringar att signera"):
        world.services.signing.start(world.admin)


def test_someone_elses_order_is_not_found(world: World) -> None:
    world.services.users.create_user(world.admin, draft())
    order = world.services.signing.start(world.admin)
    with pytest.raises(NotFound):
        world.services.signing.collect(world.service, order.order_ref)
    with pytest.raises(PermissionDenied):
        world.services.signing.start(world.service)


def test_completed_orders_answer_with_the_same_receipt(world: World) -> None:
    world.services.users.create_user(world.admin, draft())
    order = world.services.signing.start(world.admin)
    world.clock.advance(dt.timedelta(seconds=4))
    first = world.services.signing.collect(world.admin, order.order_ref)
    second = world.services.signing.collect(world.admin, order.order_ref)
    assert first.receipt == second.receipt
    assert world.services.signing.receipts(world.admin).total == 1
