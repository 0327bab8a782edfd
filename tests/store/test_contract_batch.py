"""Contract: a batch of writes in one transaction (``UnitOfWork.begin_batch`` with a
``savepoint`` per write, the offline push of issue 11). A savepoint left without a
commit undoes its writes and their bookkeeping — feed entries, audit links,
idempotency records — while the others stay; the batch commits once; its feed numbers
follow the ones before it; the audit chain it extends still verifies; an idempotency
record it stored is found by a later get in the same batch and after the commit."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, PendingRollbackError

from kawebb_desktop.domain.documents import Document, DocumentStatus, DocumentType
from kawebb_desktop.domain.entities import AuditEntry, Case, User
from kawebb_desktop.domain.errors import Conflict, NotFound, RuleViolation, ValidationError
from kawebb_desktop.domain.sessions import IdempotencyRecord
from kawebb_desktop.services.proof import check_chain
from kawebb_desktop.store.base import FeedChange, Store, UnitOfWork
from kawebb_desktop.store.sql import SqlStore
from kawebb_desktop.store.sql.feed import ROOTS
from tests.store import builders as b

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
ALL_KINDS = [r.__tablename__ for r in ROOTS]


@pytest.fixture
def admin(store: Store) -> User:
    with store.unit_of_work(write=True) as uow:
        admin = b.add_organisation_with_admin(uow)
        uow.commit()
    return admin


def _feed(store: Store, feed_id: int) -> list[FeedChange]:
    with store.unit_of_work() as uow:
        return uow.feed.changes(feed_id, 0, ALL_KINDS, 1000)


def _entry(admin: User, n: int) -> AuditEntry:
    return AuditEntry(
        0, admin.organisation_id, T0, admin.person.id, admin.full_name, "test", f"Nr {n}"
    )


def _record(admin: User, key: str) -> IdempotencyRecord:
    return IdempotencyRecord(key, admin.person.id, "h-" + key, '{"svar": 1}', T0)


def _cases(store: Store, organisation_id: int) -> set[int]:
    with store.unit_of_work() as uow:
        return {e.entity_id for e in uow.feed.changes(organisation_id, 0, ["cases"], 1000)}


def test_a_rolled_back_savepoint_undoes_its_writes_and_their_bookkeeping_only(
    store: Store, admin: User
) -> None:
    org = admin.organisation_id
    before = _feed(store, org)
    with store.unit_of_work() as uow:
        (unit,) = uow.units.for_organisation(org)
    kept: list[Case] = []
    with store.unit_of_work(write=True) as uow:
        uow.begin_batch()
        uow.idempotency.lock_many(admin.person.id, ["k1", "k2", "k3"])
        for n in (1, 2, 3):
            refused = pytest.raises(RuleViolation) if n == 2 else contextlib.nullcontext()
            with refused, uow.savepoint() as command:
                case = command.cases.add(b.case(org, unit.id))
                command.audit.add(_entry(admin, n))
                assert command.idempotency.get(admin.person.id, f"k{n}", lock=True) is None
                command.idempotency.add(_record(admin, f"k{n}"))
                assert command.idempotency.get(admin.person.id, f"k{n}") is not None
                if n == 2:
                    raise RuleViolation("Nej.")
                command.commit()
                kept.append(case)
        # The batch knows the first and third records, and no longer the second.
        assert uow.idempotency.get(admin.person.id, "k1") == _record(admin, "k1")
        assert uow.idempotency.get(admin.person.id, "k2") is None
        with uow.savepoint() as command, pytest.raises(Conflict):
            command.idempotency.add(_record(admin, "k3"))  # stored by this batch already
        uow.commit()

    after = _feed(store, org)
    assert [e.seq for e in after[: len(before)]] == [e.seq for e in before]
    new = after[len(before) :]
    assert [(e.kind, e.entity_id) for e in new] == [("cases", c.id) for c in kept]
    assert min(e.seq for e in new) > max(e.seq for e in before)
    with store.unit_of_work() as uow:
        chain = check_chain(uow, org)
        assert chain.ok and chain.links == 2
        assert [uow.idempotency.get(admin.person.id, f"k{n}") for n in (1, 2, 3)] == [
            _record(admin, "k1"),
            None,
            _record(admin, "k3"),
        ]
        assert uow.cases.get(kept[0].id) is not None and uow.cases.get(kept[1].id) is not None
    assert _cases(store, org) == {c.id for c in kept}


def test_an_unguarded_savepoint_fails_as_a_whole_after_a_refused_write(
    store: Store, admin: User
) -> None:
    """Without a savepoint per write, a write the database refuses cannot be stepped
    over: the next statement (here a read, as the users' service reads again after a
    unique key it met) fails too, and leaving the savepoint undoes it all; the
    same work in a guarded savepoint goes on past the refusal (the push's second try)."""
    org = admin.organisation_id
    nowhere = b.case(org, 999_999)  # a unit that does not exist

    def unguarded(uow: UnitOfWork) -> None:
        with uow.savepoint(guarded=False) as command:
            command.audit.add(_entry(admin, 1))
            with pytest.raises(NotFound):
                command.cases.add(nowhere)
            command.audit.head(org)  # fails: the savepoint must be left first
            command.commit()

    with store.unit_of_work(write=True) as uow:
        uow.begin_batch()
        with pytest.raises(PendingRollbackError):
            unguarded(uow)
        with uow.savepoint(guarded=True) as command:
            command.audit.add(_entry(admin, 1))
            with pytest.raises(NotFound):
                command.cases.add(nowhere)
            command.audit.add(_entry(admin, 2))
            command.commit()
        uow.commit()
    with store.unit_of_work() as uow:
        chain = check_chain(uow, org)
        details = [link.details for link in uow.audit.links(org, None, 10)]  # type: ignore[union-attr]
    assert chain.ok and chain.links == 2
    assert details == ["Nr 1", "Nr 2"]


def test_a_batch_left_without_its_commit_leaves_nothing(store: Store, admin: User) -> None:
    org = admin.organisation_id
    before = _feed(store, org)
    with store.unit_of_work() as uow:
        (unit,) = uow.units.for_organisation(org)
    with store.unit_of_work(write=True) as uow:
        uow.begin_batch()
        with uow.savepoint() as command:
            command.cases.add(b.case(org, unit.id))
            command.audit.add(_entry(admin, 1))
            command.idempotency.add(_record(admin, "gone"))
            command.commit()
    assert _feed(store, org) == before
    with store.unit_of_work(write=True) as uow:
        assert uow.idempotency.get(admin.person.id, "gone") is None
        # Plain writes afterwards number and link on from the state before the batch.
        uow.audit.add(_entry(admin, 2))
        uow.commit()
    with store.unit_of_work() as uow:
        chain = check_chain(uow, org)
    assert chain.ok and chain.links == 1


def test_a_batch_inserts_its_audit_entries_at_the_commit_but_refuses_a_too_long_one_at_once(
    store: Store, admin: User
) -> None:
    """A batch's audit entries are linked as they are added and inserted together at its
    commit; one whose text is too long for its column is refused when it is added (on
    PostgreSQL, which checks lengths), as outside a batch, and the batch goes on."""
    org = admin.organisation_id
    postgres = store.description.startswith("PostgreSQL")
    too_long = dataclasses.replace(_entry(admin, 2), action="x" * 101)
    with store.unit_of_work(write=True) as uow:
        uow.begin_batch()
        with uow.savepoint() as command:
            command.audit.add(_entry(admin, 1))
            command.commit()
        with uow.savepoint() as command:
            with pytest.raises(ValidationError) if postgres else contextlib.nullcontext():
                command.audit.add(too_long)
            if postgres:
                command.rollback()
            else:
                command.commit()
        # Not yet inserted; the too-long one was (SQLite keeps it, not checking lengths).
        assert uow.audit.page(org, 0, 10).total == (0 if postgres else 1)
        with uow.savepoint() as command:
            command.audit.add(_entry(admin, 3))
            command.commit()
        uow.commit()
    with store.unit_of_work() as uow:
        chain = check_chain(uow, org)
        details = [link.details for link in uow.audit.links(org, None, 10)]  # type: ignore[union-attr]
    assert chain.ok
    assert details == (["Nr 1", "Nr 3"] if postgres else ["Nr 1", "Nr 2", "Nr 3"])


def test_a_batch_reads_the_cases_it_names_in_one_statement(store: Store, admin: User) -> None:
    """``cases.get_many`` in a batch (the push reads its commands' cases so): the
    organisation's cases among the ids in one statement, and a later ``get`` of one of
    them asks the store nothing; another organisation's case is not among them, and its
    ``get`` reads it as ever (for the service to refuse)."""
    assert isinstance(store, SqlStore)
    org = admin.organisation_id
    with store.unit_of_work(write=True) as uow:
        (unit,) = uow.units.for_organisation(org)
        mine = [uow.cases.add(b.case(org, unit.id)) for _ in range(3)]
        other = uow.organisations.add(b.organisation("Åsele kommun"))
        other_unit = uow.units.add(b.unit(other.id, "Åsele UBK"))
        theirs = uow.cases.add(b.case(other.id, other_unit.id))
        uow.commit()
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's, when the first read is made
            statements.append(statement)

    ids = [c.id for c in mine] + [theirs.id, 2**40, -5]
    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.unit_of_work(write=True) as uow:
            uow.begin_batch()
            statements.clear()
            found = uow.cases.get_many(org, ids)
            assert len(statements) == 1
            assert found == mine
            assert [uow.cases.get(c.id) for c in mine] == mine
            assert len(statements) == 1  # answered by the batch's session
            assert uow.cases.get(theirs.id) == theirs  # read by itself
            assert len(statements) == 2
            assert uow.cases.get_many(org, []) == []
            assert len(statements) == 2
            uow.rollback()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def _draft(admin: User, case_id: int, text: str) -> Document:
    return Document(
        0,
        admin.organisation_id,
        case_id,
        DocumentType.INFORMATIV_RAPPORT,
        DocumentStatus.UTKAST,
        {"text": text},
        1,
        T0,
        T0,
        admin.person.id,
    )


def test_new_documents_that_wait_are_inserted_together_and_seen_by_later_reads(
    store: Store, admin: User
) -> None:
    """``begin_batch(documents=n)``: on PostgreSQL the new documents' ids are taken in
    one statement and the rows inserted by one, at the next read of documents (which
    sees them, with the ids the adds answered) or commit; their feed entries are made as
    for any insert. SQLite inserts each at its add, as without the hint."""
    assert isinstance(store, SqlStore)
    org = admin.organisation_id
    waits = store.engine.dialect.name == "postgresql"
    with store.unit_of_work(write=True) as uow:
        (unit,) = uow.units.for_organisation(org)
        case = uow.cases.add(b.case(org, unit.id))
        uow.commit()
    before = _feed(store, org)
    inserts: list[str] = []
    taken: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("INSERT INTO documents"):
            inserts.append(statement)
        elif "nextval" in statement:
            taken.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.unit_of_work(write=True) as uow:
            uow.begin_batch(documents=3)
            with uow.savepoint(guarded=False) as whole:
                made = [uow.documents.add(_draft(admin, case.id, f"Nr {n}")) for n in range(3)]
                assert len(inserts) == (0 if waits else 3)
                assert len(taken) == (1 if waits else 0)
                assert [d.id for d in uow.documents.for_case(case.id)] == [d.id for d in made]
                assert len(inserts) == (1 if waits else 3)  # the three in one statement
                fourth = uow.documents.add(_draft(admin, case.id, "Nr 3"))  # beyond the hint
                assert len(taken) == (2 if waits else 0)
                assert uow.documents.get(fourth.id) == fourth
                fifth = uow.documents.add(_draft(admin, case.id, "Nr 4"))
                whole.commit()  # inserts the fifth
                assert len(inserts) == (3 if waits else 5)
            uow.commit()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    ids = [d.id for d in (*made, fourth, fifth)]
    assert ids == sorted(set(ids))
    with store.unit_of_work() as uow:
        assert uow.documents.for_case(case.id) == [*made, fourth, fifth]
    new = _feed(store, org)[len(before) :]
    assert [(e.kind, e.entity_id) for e in new] == [("documents", i) for i in ids]


def test_documents_that_wait_fail_the_commit_that_inserts_them(store: Store, admin: User) -> None:
    """A waiting document whose case is gone fails the batch's commit (not its add), and
    nothing of the batch is stored; a savepoint rolled back drops the documents added in
    it and keeps those before it waiting."""
    org = admin.organisation_id
    with store.unit_of_work(write=True) as uow:
        (unit,) = uow.units.for_organisation(org)
        case = uow.cases.add(b.case(org, unit.id))
        uow.commit()
    with store.unit_of_work(write=True) as uow:
        uow.begin_batch(documents=3)
        kept = uow.documents.add(_draft(admin, case.id, "Före"))
        with uow.savepoint(guarded=False):
            uow.documents.add(_draft(admin, case.id, "Ångras"))
        assert uow.documents.for_case(case.id) == [kept]
        uow.rollback()
    with store.unit_of_work(write=True) as uow:
        uow.begin_batch(documents=2)
        uow.documents.add(_draft(admin, case.id, "Ett"))
        if isinstance(store, SqlStore) and store.engine.dialect.name == "postgresql":
            uow.documents.add(_draft(admin, 2**30, "Inget ärende"))  # waits
            with pytest.raises(IntegrityError):
                uow.commit()
        else:
            with pytest.raises(NotFound):
                uow.documents.add(_draft(admin, 2**30, "Inget ärende"))
    with store.unit_of_work() as uow:
        assert uow.documents.for_case(case.id) == []
