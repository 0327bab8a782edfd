"""Contract: audit entries and receipts form one hash chain per organisation; appends are
numbered and linked one after the other even with writers at once; the rows cannot be
updated or deleted."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kawebb_desktop.domain import audit_chain
from kawebb_desktop.domain.audit_chain import GENESIS, SYSTEM_CHAIN
from kawebb_desktop.domain.entities import AuditEntry, Receipt, User
from kawebb_desktop.domain.errors import NotFound
from kawebb_desktop.services.proof import chain_links, check_chain, check_chains
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import SqlStore
from tests.store.builders import add_organisation_with_admin

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def admin(store: Store) -> User:
    with store.unit_of_work(write=True) as uow:
        admin = add_organisation_with_admin(uow)
        uow.commit()
    return admin


@pytest.fixture
def other_admin(store: Store) -> User:
    with store.unit_of_work(write=True) as uow:
        admin = add_organisation_with_admin(uow, "Åsele kommun")
        uow.commit()
    return admin


def entry(organisation_id: int | None, n: int, who: User | None = None) -> AuditEntry:
    return AuditEntry(
        0,
        organisation_id,
        T0 + dt.timedelta(seconds=n),
        who.person.id if who else None,
        who.full_name if who else "",
        "test",
        f"Händelse {n}: åäö",
    )


def receipt(admin: User, n: int) -> Receipt:
    return Receipt(
        id=0,
        organisation_id=admin.organisation_id,
        order_ref=f"order-{n}",
        signed_at=T0 + dt.timedelta(seconds=n),
        signer_person_id=admin.person.id,
        signer_name=admin.full_name,
        signer_personnummer=admin.personnummer,
        summary=f"Ny: Örjan ({n})",
        document="{}",
        digest="ab" * 32,
        signature="c2ln",
        ocsp_response="b2NzcA==",
        change_count=1,
    )


def test_entries_and_receipts_are_linked_per_organisation(
    store: Store, admin: User, other_admin: User
) -> None:
    org, other = admin.organisation_id, other_admin.organisation_id
    with store.unit_of_work(write=True) as uow:
        first = uow.audit.add(entry(org, 1, admin))
        elsewhere = uow.audit.add(entry(other, 2))
        signed = uow.receipts.add(receipt(admin, 3))
        after = uow.audit.add(entry(org, 4, admin))
        system = uow.audit.add(entry(None, 5))
        uow.commit()

    assert (first.seq, first.prev_hash) == (1, GENESIS)
    assert first.hash == audit_chain.entry_hash(entry(org, 1, admin), 1, GENESIS)
    assert (signed.chain_seq, signed.prev_hash) == (2, first.hash)
    assert (after.seq, after.prev_hash) == (3, signed.hash)
    assert (elsewhere.seq, elsewhere.prev_hash) == (1, GENESIS)
    assert (system.seq, system.prev_hash) == (1, GENESIS)
    with store.unit_of_work() as uow:
        assert uow.audit.chain_ids() == sorted([SYSTEM_CHAIN, org, other])
        head = uow.audit.head(org)
        assert head is not None and (head.seq, head.hash) == (3, after.hash)
        assert list(chain_links(uow, org)) == [first, signed, after]
        assert uow.audit.link(org, 2) == signed
        assert uow.audit.link(org, 9) is None
        assert uow.receipts.get(signed.id) == signed
        results = check_chains(uow)
    assert [(r.chain_id, r.ok, r.links) for r in results] == [
        (SYSTEM_CHAIN, True, 1),
        (org, True, 3),
        (other, True, 1),
    ]


def test_links_come_in_windows_that_never_split_a_number(store: Store, admin: User) -> None:
    org = admin.organisation_id
    with store.unit_of_work(write=True) as uow:
        added = [uow.audit.add(entry(org, n)) for n in range(7)]
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.audit.links(org, None, 3) == added[:3]
        assert uow.audit.links(org, 3, 3) == added[3:6]
        assert uow.audit.links(org, 6, 3) == added[6:]
        assert uow.audit.links(org, 7, 3) == []


def test_a_failed_append_leaves_the_chain_as_it_was(store: Store, admin: User) -> None:
    org = admin.organisation_id
    with store.unit_of_work(write=True) as uow:
        uow.audit.add(entry(org, 1))
        with pytest.raises(NotFound):  # no such person: refused in a savepoint
            uow.audit.add(AuditEntry(0, org, T0, 999_999, "Ingen", "x", ""))
        uow.audit.add(entry(org, 2))
        uow.commit()
    with store.unit_of_work() as uow:
        result = check_chain(uow, org)
    assert result.ok and result.links == 2


def test_two_writers_at_once_append_one_after_the_other(store: Store, admin: User) -> None:
    """Threads append entries and receipts to one chain at the same moments: every link
    gets its own number and points at the one before (no Conflict, no fork)."""
    org = admin.organisation_id
    rounds, writers = 8, 3
    barrier = threading.Barrier(writers)

    def write(worker: int) -> None:
        for n in range(rounds):
            barrier.wait(timeout=30)
            with store.unit_of_work(write=True) as uow:
                uow.audit.add(entry(org, 100 * worker + n, admin))
                if n % 3 == 0:
                    uow.receipts.add(receipt(admin, 100 * worker + n))
                uow.commit()

    with ThreadPoolExecutor(writers) as pool:
        for done in [pool.submit(write, w) for w in range(writers)]:
            done.result(timeout=120)
    with store.unit_of_work() as uow:
        result = check_chain(uow, org)
        links = list(chain_links(uow, org))
    expected = writers * (rounds + len(range(0, rounds, 3)))
    assert result.ok, result.message
    assert [audit_chain.seq_of(link) for link in links] == list(range(1, expected + 1))


@pytest.mark.parametrize("table", ["audit_entries", "receipts"])
@pytest.mark.parametrize(
    "statement",
    ["UPDATE {table} SET prev_hash = 'x'", "DELETE FROM {table}"],
)
def test_rows_cannot_be_updated_or_deleted(
    store: Store, admin: User, table: str, statement: str
) -> None:
    with store.unit_of_work(write=True) as uow:
        uow.audit.add(entry(admin.organisation_id, 1, admin))
        uow.receipts.add(receipt(admin, 2))
        uow.commit()
    assert isinstance(store, SqlStore)
    with pytest.raises(DBAPIError, match="ändras aldrig"), store.engine.begin() as connection:
        connection.execute(text(statement.format(table=table)))
    with store.unit_of_work() as uow:
        assert check_chain(uow, admin.organisation_id).links == 2
