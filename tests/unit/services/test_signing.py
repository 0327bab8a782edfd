"""Signing: pending changes apply in one transaction with a receipt and an audit entry,
only when BankID completes, only for the session's own person, only once, and only if
the set is what was signed."""

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
from kawebb_desktop.services.api import (
    CreateUser,
    RemoveUser,
    SetEndDate,
    StartSigning,
    VersionedId,
    caller_of,
)
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.signing.simulator import Outcome
from tests.helpers import ADMIN2_PNR, NEW_PNR, READER_PNR, add_user, draft, login, sign_all
from tests.unit.services.conftest import World


def _users(world: World) -> dict[str, tuple[str, str | None]]:
    page = world.services.users.list_users(world.admin, UserQuery(limit=100))
    return {r.user.personnummer.value: (r.user.role.value, r.status.value) for r in page.items}


def test_signing_applies_every_change_and_returns_a_receipt(world: World) -> None:
    users = world.services.users
    reader = add_user(world.store, world.org, READER_PNR, "Agda", "Andersson", Role.LASARE)
    users.create_user(world.admin, CreateUser(draft()))
    users.remove_user(world.admin, RemoveUser(reader.id, reader.version))
    service = world.service_user
    users.set_end_date(
        world.admin, SetEndDate((VersionedId(service.id, service.version),), dt.date(2026, 12, 31))
    )

    progress = sign_all(world.services, world.clock, world.admin_actor)

    assert progress.status is CollectStatus.COMPLETE
    receipt = progress.receipt
    assert receipt is not None
    assert receipt.change_count == 3
    assert receipt.signer_personnummer == world.admin_user.personnummer
    assert receipt.signer_name == "Arvid Aronsson"
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
    changed = world.services.users.get_user(world.admin, service.id)
    assert changed.end_date == dt.date(2026, 12, 31)
    assert changed.version == service.version + 1
    with world.store.unit_of_work() as uow:
        stored = uow.receipts.get(receipt.id)
    assert "signering.klar" in [e.action for e in world.audit()]
    assert stored == receipt
    assert world.services.signing.receipts(world.admin).items == (receipt,)


def test_a_new_user_becomes_active_after_the_activation_delay(world: World) -> None:
    world.services.users.create_user(world.admin, CreateUser(draft()))
    sign_all(world.services, world.clock, world.admin_actor)
    with pytest.raises(NotAuthorized):
        login(world.services, world.simulator, world.clock, NEW_PNR)
    world.clock.advance(dt.timedelta(minutes=2))
    assert _users(world)[NEW_PNR][1] == AuthorizationStatus.AKTIV.value
    actor = login(world.services, world.simulator, world.clock, NEW_PNR)
    assert actor.role is Role.TJANSTEADMINISTRATOR
    assert actor.name == "Andrea Sandin"


def test_pending_collects_report_bankid_hints_in_swedish(world: World) -> None:
    world.services.users.create_user(world.admin, CreateUser(draft()))
    signing = world.services.signing
    order = signing.start(world.admin, StartSigning())
    assert order.change_count == 1
    assert "Dorotea kommun" in order.summary
    assert order.qr_data.startswith("bankid.")
    first = signing.collect(world.admin, order.order_ref)
    assert first.status is CollectStatus.PENDING
    assert first.message.startswith("Starta BankID-appen")
    world.clock.advance(dt.timedelta(seconds=2))
    second = signing.collect(world.admin, order.order_ref)
    assert second.hint_code == "userSign"
    assert "säkerhetskod" in second.message
    qr = signing.qr(world.admin, order.order_ref)
    assert qr.startswith("bankid.")
    assert qr != order.qr_data  # animated: a new code every second


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
    world.services.users.create_user(world.admin, CreateUser(draft()))
    before = world.snapshot()
    world.simulator.script(outcome)
    order = world.services.signing.start(world.admin, StartSigning())
    world.clock.advance(advance)
    progress = world.services.signing.collect(world.admin, order.order_ref)
    assert progress.status is CollectStatus.FAILED
    assert progress.hint_code == hint
    assert progress.message
    assert world.snapshot() == before
    again = world.services.signing.collect(world.admin, order.order_ref)
    assert again.status is CollectStatus.FAILED
    assert again.hint_code == hint


def test_cancelling_a_signing_changes_nothing(world: World) -> None:
    world.services.users.create_user(world.admin, CreateUser(draft()))
    before = world.snapshot()
    order = world.services.signing.start(world.admin, StartSigning())
    world.services.signing.cancel(world.admin, order.order_ref)
    assert world.services.signing.collect(world.admin, order.order_ref).status is (
        CollectStatus.FAILED
    )
    assert world.snapshot() == before
    assert world.simulator.pending_orders() == []
    world.services.signing.cancel(world.admin, order.order_ref)  # again: nothing to do


def test_changes_made_during_signing_are_not_applied(world: World) -> None:
    users = world.services.users
    users.create_user(world.admin, CreateUser(draft()))
    order = world.services.signing.start(world.admin, StartSigning())
    service = world.service_user
    users.set_end_date(
        world.admin, SetEndDate((VersionedId(service.id, service.version),), dt.date(2026, 12, 31))
    )
    before = world.snapshot(orders=False)
    world.clock.advance(dt.timedelta(seconds=4))
    with pytest.raises(Conflict, match="ändrats medan signeringen pågick"):
        world.services.signing.collect(world.admin, order.order_ref)
    assert world.snapshot(orders=False) == before
    failed = world.services.signing.collect(world.admin, order.order_ref)
    assert failed.status is CollectStatus.FAILED


def test_nothing_to_sign_is_refused(world: World) -> None:
    with pytest.raises(RuleViolation, match="inga ändringar att signera"):
        world.services.signing.start(world.admin, StartSigning())
    assert world.simulator.pending_orders() == []


def test_someone_elses_order_is_not_found(world: World) -> None:
    world.services.users.create_user(world.admin, CreateUser(draft()))
    order = world.services.signing.start(world.admin, StartSigning())
    with pytest.raises(PermissionDenied):
        world.services.signing.start(world.service, StartSigning())
    add_user(
        world.store, world.org, ADMIN2_PNR, "Fridolf", "Halldin", Role.BEHORIGHETSADMINISTRATOR
    )
    other = login(world.services, world.simulator, world.clock, ADMIN2_PNR)
    for call in (
        world.services.signing.collect,
        world.services.signing.qr,
        world.services.signing.cancel,
    ):
        with pytest.raises(NotFound):
            call(caller_of(other), order.order_ref)
    with pytest.raises(NotFound):
        world.services.signing.collect(world.admin, "no-such-order")
    assert world.services.signing.collect(world.admin, order.order_ref).status is (
        CollectStatus.PENDING
    )


def test_completed_orders_answer_with_the_same_receipt(world: World) -> None:
    world.services.users.create_user(world.admin, CreateUser(draft()))
    order = world.services.signing.start(world.admin, StartSigning())
    world.clock.advance(dt.timedelta(seconds=4))
    first = world.services.signing.collect(world.admin, order.order_ref)
    second = world.services.signing.collect(world.admin, order.order_ref)
    assert first.status is second.status is CollectStatus.COMPLETE
    assert first.receipt is not None
    assert first.receipt == second.receipt
    assert world.services.signing.receipts(world.admin).total == 1
    assert [e.action for e in world.audit()].count("signering.klar") == 1
    with world.store.unit_of_work() as uow:
        andrea = uow.persons.by_personnummer(draft().personnummer)
        assert andrea is not None
        assert len(uow.users.for_person(andrea.id)) == 1
