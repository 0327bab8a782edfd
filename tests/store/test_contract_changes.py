"""Contract: pending changes, receipts, the audit trail and BankID signing orders."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from kawebb_desktop.domain import audit_chain
from kawebb_desktop.domain.changes import ChangeAction, ChangeKind, UserDraft
from kawebb_desktop.domain.entities import AuditEntry, Receipt, User
from kawebb_desktop.domain.errors import Conflict, NotFound
from kawebb_desktop.domain.orders import OrderPurpose, OrderState, SigningOrder
from kawebb_desktop.store.base import Store
from tests.store.builders import add_organisation_with_admin, pending_user_change, personnummer

UTC = dt.UTC
STOCKHOLM_SUMMER = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def admin(store: Store) -> User:
    with store.unit_of_work() as uow:
        admin = add_organisation_with_admin(uow)
        uow.commit()
    return admin


@pytest.fixture
def other_admin(store: Store) -> User:
    with store.unit_of_work() as uow:
        admin = add_organisation_with_admin(uow, "Åsele kommun")
        uow.commit()
    return admin


# ---------------------------------------------------------------- pending changes


def test_pending_change_round_trips_with_its_payload(store: Store, admin: User) -> None:
    change = pending_user_change(
        admin.organisation_id,
        admin.person.id,
        created_at=dt.datetime(2026, 7, 1, 14, 5, 9, 250000, tzinfo=STOCKHOLM_SUMMER),
    )
    with store.unit_of_work() as uow:
        added = uow.pending.add(change)
        uow.commit()
    assert added == replace(change, id=added.id)

    with store.unit_of_work() as uow:
        stored = uow.pending.get(added.id)
    assert stored == added
    assert stored is not None
    assert stored.created_at == dt.datetime(2026, 7, 1, 12, 5, 9, 250000, tzinfo=UTC)
    assert stored.created_at.utcoffset() == dt.timedelta(0)
    assert stored.target_id is None
    assert stored.user_draft() == UserDraft.from_payload(change.payload)
    assert stored.user_draft().first_name == "Örjan"


def test_pending_change_update_and_remove(store: Store, admin: User) -> None:
    org_id = admin.organisation_id
    with store.unit_of_work() as uow:
        added = uow.pending.add(pending_user_change(org_id, admin.person.id))
        uow.commit()
    edited = replace(
        added,
        payload={**added.payload, "first_name": "Åke", "end_date": None},
        action=ChangeAction.ANDRAD,
        target_id=admin.id,
    )
    with store.unit_of_work() as uow:
        assert uow.pending.update(edited) == replace(edited, version=2)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.pending.get(added.id) == replace(edited, version=2)
        uow.pending.remove(added.id)
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.pending.get(added.id) is None
        with pytest.raises(NotFound):
            uow.pending.remove(added.id)
        with pytest.raises(NotFound):
            uow.pending.update(edited)


def test_a_removed_pending_change_s_id_is_never_given_again(store: Store, admin: User) -> None:
    """An admin's stale edit names a change by id and version; had a new change been
    given the id of a discarded one (SQLite reuses the highest rowid), at version 1
    too, that edit would overwrite another admin's change."""
    org_id = admin.organisation_id
    with store.unit_of_work() as uow:
        first = uow.pending.add(pending_user_change(org_id, admin.person.id))
        uow.commit()
    with store.unit_of_work() as uow:
        uow.pending.remove(first.id)
        uow.commit()
    with store.unit_of_work() as uow:
        second = uow.pending.add(pending_user_change(org_id, admin.person.id, first_name="Pia"))
        uow.commit()
    assert second.id != first.id


def test_pending_changes_per_organisation_in_the_order_made(
    store: Store, admin: User, other_admin: User
) -> None:
    org_id = admin.organisation_id
    with store.unit_of_work() as uow:
        first = uow.pending.add(pending_user_change(org_id, admin.person.id, first_name="Ärla"))
        elsewhere = uow.pending.add(
            pending_user_change(other_admin.organisation_id, other_admin.person.id)
        )
        second = uow.pending.add(
            pending_user_change(
                org_id, admin.person.id, action=ChangeAction.BORTTAGEN, target_id=admin.id,
                created_at=dt.datetime(2020, 1, 1, tzinfo=UTC),  # earlier, but made later
            )
        )  # fmt: skip
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.pending.for_organisation(org_id) == [first, second]
        assert uow.pending.for_organisation(org_id, ChangeKind.USER) == [first, second]
        assert uow.pending.for_organisation(other_admin.organisation_id) == [elsewhere]
        assert uow.pending.for_organisation(4711) == []


def test_pending_change_for_a_target(store: Store, admin: User, other_admin: User) -> None:
    org_id = admin.organisation_id
    with store.unit_of_work() as uow:
        new_user = uow.pending.add(pending_user_change(org_id, admin.person.id))
        change = uow.pending.add(
            pending_user_change(
                org_id, admin.person.id, action=ChangeAction.ANDRAD, target_id=admin.id
            )
        )
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.pending.for_target(org_id, ChangeKind.USER, admin.id) == change
        assert uow.pending.for_target(org_id, ChangeKind.USER, other_admin.id) is None
        # The same target id in another organisation is another record.
        assert (
            uow.pending.for_target(other_admin.organisation_id, ChangeKind.USER, admin.id) is None
        )
        assert new_user.target_id is None


def test_pending_change_is_added_at_version_1_whatever_it_says(store: Store, admin: User) -> None:
    change = replace(pending_user_change(admin.organisation_id, admin.person.id), version=7)
    with store.unit_of_work() as uow:
        added = uow.pending.add(change)
        uow.commit()
    assert added.version == 1
    with store.unit_of_work() as uow:
        assert uow.pending.get(added.id) == replace(change, id=added.id, version=1)


def test_pending_change_update_with_a_stale_version_is_a_conflict(
    store: Store, admin: User
) -> None:
    with store.unit_of_work() as uow:
        added = uow.pending.add(pending_user_change(admin.organisation_id, admin.person.id))
        uow.commit()
    with store.unit_of_work() as uow:
        first = uow.pending.update(replace(added, payload={**added.payload, "first_name": "Åke"}))
        uow.commit()
    assert first.version == 2

    with store.unit_of_work() as uow, pytest.raises(Conflict) as raised:
        uow.pending.update(replace(added, payload={**added.payload, "first_name": "Bo"}))
    assert raised.value.message == (
        "Ändringen har ändrats av någon annan sedan du läste den. Läs in listan igen."
    )
    with store.unit_of_work() as uow:
        assert uow.pending.get(added.id) == first
        assert uow.pending.update(first).version == 3  # the version read is accepted


def test_pending_change_update_loses_to_a_concurrent_commit(store: Store, admin: User) -> None:
    """Two administrators read version 1; the one who saves second gets a Conflict."""
    with store.unit_of_work() as uow:
        added = uow.pending.add(pending_user_change(admin.organisation_id, admin.person.id))
        uow.commit()

    with store.unit_of_work() as slow:
        read = slow.pending.get(added.id)
        assert read is not None
        with store.unit_of_work() as fast:
            fast.pending.update(replace(read, payload={**read.payload, "first_name": "Åke"}))
            fast.commit()
        with pytest.raises(Conflict):
            slow.pending.update(replace(read, payload={**read.payload, "first_name": "Bo"}))

    with store.unit_of_work() as uow:
        stored = uow.pending.get(added.id)
    assert stored is not None
    assert (stored.payload["first_name"], stored.version) == ("Åke", 2)


def test_one_pending_new_user_per_personnummer_and_organisation(
    store: Store, admin: User, other_admin: User
) -> None:
    """Two administrators saving the same new user at once: the second is refused."""
    org_id = admin.organisation_id
    new_user = pending_user_change(org_id, admin.person.id)
    pnr = UserDraft.from_payload(new_user.payload).personnummer
    with store.unit_of_work() as uow:
        first = uow.pending.add(new_user)
        with pytest.raises(Conflict, match="redan en ny användare") as raised:
            uow.pending.add(new_user)
        assert pnr.formatted in raised.value.message
        # Not a second Ny: another organisation, or a change of an existing user.
        uow.pending.add(
            replace(
                new_user,
                organisation_id=other_admin.organisation_id,
                created_by_person_id=other_admin.person.id,
            )
        )
        uow.pending.add(replace(new_user, action=ChangeAction.ANDRAD, target_id=admin.id))
        other = uow.pending.add(pending_user_change(org_id, admin.person.id))
        uow.commit()  # fmt: skip

    with store.unit_of_work() as uow:
        with pytest.raises(Conflict):  # nor by editing another Ny into the same person
            uow.pending.update(replace(other, payload=first.payload))
        uow.pending.remove(first.id)
        assert uow.pending.update(replace(other, payload=first.payload)).version == 2
        uow.commit()


def test_the_pending_new_user_of_a_person_is_found_by_personnummer(
    store: Store, admin: User, other_admin: User
) -> None:
    """Only a *Ny* of that person in that organisation, and not the one left out."""
    org_id = admin.organisation_id
    new_user = pending_user_change(org_id, admin.person.id)
    pnr = UserDraft.from_payload(new_user.payload).personnummer
    someone_else = personnummer("19700101")  # another birth date: another person
    with store.unit_of_work() as uow:
        assert uow.pending.new_user_for(org_id, pnr) is None
        uow.pending.add(replace(new_user, action=ChangeAction.ANDRAD, target_id=admin.id))
        assert uow.pending.new_user_for(org_id, pnr) is None
        elsewhere = uow.pending.add(
            replace(
                new_user,
                organisation_id=other_admin.organisation_id,
                created_by_person_id=other_admin.person.id,
            )
        )
        ny = uow.pending.add(new_user)
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.pending.new_user_for(org_id, pnr) == ny
        assert uow.pending.new_user_for(org_id, pnr, other_than=ny.id) is None
        assert uow.pending.new_user_for(org_id, pnr, other_than=elsewhere.id) == ny
        assert uow.pending.new_user_for(other_admin.organisation_id, pnr) == elsewhere
        assert uow.pending.new_user_for(org_id, someone_else) is None
        # Edited into another person: found by the new personnummer only.
        payload = {**ny.payload, "personnummer": someone_else.value}
        edited = uow.pending.update(replace(ny, payload=payload))
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.pending.new_user_for(org_id, pnr) is None
        assert uow.pending.new_user_for(org_id, someone_else) == edited


def test_pending_change_of_an_unknown_organisation_is_not_found(store: Store, admin: User) -> None:
    with store.unit_of_work() as uow, pytest.raises(NotFound):
        uow.pending.add(pending_user_change(4711, admin.person.id))


# ----------------------------------------------------------------------- receipts


def receipt(admin: User, signed_at: dt.datetime, n: int) -> Receipt:
    return Receipt(
        id=0,
        organisation_id=admin.organisation_id,
        order_ref=f"order-{n}",
        signed_at=signed_at,
        signer_person_id=admin.person.id,
        signer_name=admin.full_name,
        signer_personnummer=admin.personnummer,
        summary=f"Ny: Örjan Åström ({n})",
        document='{"changes":[{"payload":{"first_name":"Örjan"}}]}',
        digest="ab" * 32,
        signature="PD94bWwgdmVyc2lvbj0iMS4wIj8+" * 10,
        ocsp_response="MIIHfgoBAKCCB3cw" * 10,
        change_count=n,
    )


def test_receipt_round_trips(store: Store, admin: User) -> None:
    original = receipt(admin, dt.datetime(2026, 3, 1, 10, 0, 0, 1, tzinfo=STOCKHOLM_SUMMER), 3)
    with store.unit_of_work() as uow:
        added = uow.receipts.add(original)
        uow.commit()

    # The first link of the organisation's audit chain.
    chained = replace(
        original,
        id=added.id,
        chain_seq=1,
        prev_hash=audit_chain.GENESIS,
        hash=audit_chain.receipt_hash(original, 1, audit_chain.GENESIS),
    )
    with store.unit_of_work() as uow:
        assert uow.receipts.get(added.id) == added == chained
        assert uow.receipts.get(4711) is None


def test_receipts_page_newest_first_within_the_organisation(
    store: Store, admin: User, other_admin: User
) -> None:
    base = dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    signed_at = [base + dt.timedelta(hours=h) for h in (5, 1, 9, 3, 9)]
    with store.unit_of_work() as uow:
        added = [uow.receipts.add(receipt(admin, at, n)) for n, at in enumerate(signed_at)]
        uow.receipts.add(receipt(other_admin, base + dt.timedelta(days=1), 99))
        uow.commit()

    with store.unit_of_work() as uow:
        first = uow.receipts.page(admin.organisation_id, 0, 3)
        rest = uow.receipts.page(admin.organisation_id, 3, 3)
    # 9 h (twice: the later added first), 5 h, 3 h, 1 h.
    expected = [added[4], added[2], added[0], added[3], added[1]]
    assert list(first.items) + list(rest.items) == expected
    assert (first.total, rest.total, len(rest.items)) == (5, 5, 2)
    assert (rest.offset, rest.limit) == (3, 3)


# -------------------------------------------------------------------------- audit


def test_audit_entries_page_newest_first_within_the_organisation(
    store: Store, admin: User, other_admin: User
) -> None:
    base = dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with store.unit_of_work() as uow:
        login = uow.audit.add(
            AuditEntry(
                0,
                admin.organisation_id,
                base,
                admin.person.id,
                admin.full_name,
                "inloggning",
                "BankID på annan enhet",
            )
        )
        signed = uow.audit.add(
            AuditEntry(
                0,
                admin.organisation_id,
                base + dt.timedelta(minutes=5),
                admin.person.id,
                admin.full_name,
                "signering",
                "3 ändringar: åäö",
            )
        )
        system = uow.audit.add(
            AuditEntry(
                0, admin.organisation_id, base + dt.timedelta(minutes=1), None, "", "aktivering", ""
            )
        )
        uow.audit.add(AuditEntry(0, other_admin.organisation_id, base, None, "", "x", ""))
        uow.audit.add(AuditEntry(0, None, base, None, "System", "start", ""))
        uow.commit()

    with store.unit_of_work() as uow:
        page = uow.audit.page(admin.organisation_id, 0, 10)
        second = uow.audit.page(admin.organisation_id, 2, 2)
    assert list(page.items) == [signed, system, login]
    assert page.total == 3
    assert list(second.items) == [login]
    assert signed.at == base + dt.timedelta(minutes=5)


# ------------------------------------------------------------------ signing orders


def test_signing_order_round_trips_and_updates(store: Store, admin: User) -> None:
    order = SigningOrder(
        order_ref="131daac9-16c6-4618-beb0-365768f37288",
        purpose=OrderPurpose.SIGN,
        started_at=dt.datetime(2026, 3, 1, 9, 0, 1, 500000, tzinfo=STOCKHOLM_SUMMER),
        state=OrderState.PENDING,
        auto_start_token="7c40b5c9-fa74-49cf-b98c-bfe651f9a7c6",
        qr_start_token="67df3917-fa0d-44e5-b327-edcc928297f8",
        qr_start_secret="d28db9a7-4cde-429e-a983-359be676944c",
        organisation_id=admin.organisation_id,
        person_id=admin.person.id,
        digest="cd" * 32,
        summary="Jag signerar följande ändringar av behörigheter för Dorotea kommun:",
        hint_code="outstandingTransaction",
    )
    login = SigningOrder(
        order_ref="login-1",
        purpose=OrderPurpose.LOGIN,
        started_at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        state=OrderState.PENDING,
        auto_start_token="a",
        qr_start_token="b",
        qr_start_secret="c",
    )
    with store.unit_of_work() as uow:
        assert uow.orders.add(order) == order
        assert uow.orders.add(login) == login
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.orders.get(order.order_ref) == order
        assert uow.orders.get(login.order_ref) == login
        assert uow.orders.get("unknown") is None
        stored_receipt = uow.receipts.add(receipt(admin, order.started_at, 1))
        done = replace(
            order, state=OrderState.COMPLETE, hint_code=None, receipt_id=stored_receipt.id
        )
        assert uow.orders.update(done) == replace(done, version=2)
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.orders.get(order.order_ref) == replace(done, version=2)
        with pytest.raises(NotFound):
            uow.orders.update(replace(done, order_ref="unknown"))
        with pytest.raises(Conflict):
            uow.orders.add(login)


def test_signing_order_started_at_is_utc(store: Store) -> None:
    order = SigningOrder(
        "x", OrderPurpose.LOGIN, dt.datetime(2026, 1, 1, 0, 30, tzinfo=STOCKHOLM_SUMMER),
        OrderState.FAILED, "a", "b", "c", hint_code="userCancel",
    )  # fmt: skip
    with store.unit_of_work() as uow:
        uow.orders.add(order)
        uow.commit()
    with store.unit_of_work() as uow:
        stored = uow.orders.get("x")
    assert stored is not None
    assert stored.started_at == dt.datetime(2025, 12, 31, 22, 30, tzinfo=UTC)
    assert stored.started_at.tzinfo is not None
    assert stored.started_at.utcoffset() == dt.timedelta(0)


def _order(order_ref: str, started_at: dt.datetime, **fields: Any) -> SigningOrder:
    default = SigningOrder(
        order_ref, OrderPurpose.LOGIN, started_at, OrderState.PENDING, "a", "b", "c"
    )
    return replace(default, **fields)


def test_signing_order_is_added_at_version_1_whatever_it_says(store: Store) -> None:
    order = _order("o", dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC), version=5)
    with store.unit_of_work() as uow:
        assert uow.orders.add(order) == replace(order, version=1)
        uow.commit()


def test_signing_order_update_is_a_compare_and_set(store: Store) -> None:
    """A stale version is refused and nothing is written."""
    with store.unit_of_work() as uow:
        added = uow.orders.add(_order("o", dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)))
        uow.commit()
    with store.unit_of_work() as uow:
        collected = uow.orders.update(replace(added, hint_code="userSign"))
        uow.commit()
    assert collected.version == 2

    with store.unit_of_work() as uow:
        with pytest.raises(Conflict) as raised:
            uow.orders.update(replace(added, state=OrderState.FAILED))  # still version 1
        assert raised.value.message == "Signeringsordern har ändrats under tiden."
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.orders.get("o") == collected


def test_signing_order_second_of_two_concurrent_updates_is_a_conflict(store: Store) -> None:
    """Two collectors read the same order; the first write stands, the second is refused."""
    with store.unit_of_work() as uow:
        added = uow.orders.add(_order("o", dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)))
        uow.commit()

    with store.unit_of_work() as second:
        read_second = second.orders.get("o")
        assert read_second == added
        with store.unit_of_work() as first:
            read_first = first.orders.get("o")
            assert read_first == added
            done = first.orders.update(replace(read_first, state=OrderState.COMPLETE))
            first.commit()
        with pytest.raises(Conflict):
            second.orders.update(replace(read_second, state=OrderState.FAILED))

    with store.unit_of_work() as uow:
        assert uow.orders.get("o") == done == replace(added, state=OrderState.COMPLETE, version=2)


def test_stale_pending_orders_oldest_first(store: Store) -> None:
    base = dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    minutes = [dt.timedelta(minutes=m) for m in range(6)]
    with store.unit_of_work() as uow:
        late = uow.orders.add(_order("late", base + minutes[4]))
        early = uow.orders.add(_order("early", base + minutes[1]))
        uow.orders.add(_order("done", base, state=OrderState.COMPLETE))
        uow.orders.add(_order("failed", base, state=OrderState.FAILED))
        uow.orders.add(_order("at-the-limit", base + minutes[5]))
        uow.orders.add(_order("fresh", base + 2 * minutes[5]))
        uow.commit()

    with store.unit_of_work() as uow:
        limit = base + minutes[5]
        assert uow.orders.stale_pending(limit) == [early, late]
        in_stockholm = limit.astimezone(STOCKHOLM_SUMMER)
        assert uow.orders.stale_pending(in_stockholm) == [early, late]
        assert uow.orders.stale_pending(base) == []
