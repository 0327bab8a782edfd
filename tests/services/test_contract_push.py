"""Contract: the batch push of queued commands (``SyncApi.push``, issue 11) on every
backend: commands are applied in order, each as its own write (a refusal undoes nothing
else), a repeat of a batch is answered the same and applied once, another organisation's
objects are not found, and an unknown or malformed command is refused with a Swedish
reason while the rest of the batch goes through."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.engine import Engine

from kawebb_desktop.domain.clock import SystemClock
from kawebb_desktop.domain.documents import DocumentType
from kawebb_desktop.domain.errors import RuleViolation, ValidationError
from kawebb_desktop.services import build_services, codec
from kawebb_desktop.services import documents as documents_service
from kawebb_desktop.services.api import (
    MAX_PUSH,
    Caller,
    DocumentView,
    PushCommand,
    SaveDocument,
)
from kawebb_desktop.services.demo import demo_simulator
from kawebb_desktop.services.push import LocalSync
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import SqlStore, open_store
from kawebb_desktop.store.sql import batch as batch_module
from kawebb_desktop.store.sql.feed import ROOTS
from kawebb_desktop.store.sql.orm import IdempotencyKeyRow
from tests.services.backends import ARVID, ASELE, DOROTEA, MARTA, Backend
from tests.services.conftest import Deployments
from tests.services.test_contract_documents import new_case


@pytest.fixture
def db(backend: Backend, deployments: Deployments) -> Iterator[Store]:
    url, schema = deployments.database(backend.name)
    store = open_store(url, schema=schema)
    try:
        yield store
    finally:
        store.close()


def draft(case_id: int, comment: str, *, key: str | None = None) -> PushCommand:
    command = SaveDocument(
        case_id, DocumentType.INFORMATIV_RAPPORT, {"text": comment}, key=key or str(uuid.uuid4())
    )
    return PushCommand("documents.save_draft", command.key, codec.to_json(command))


def views(answers: list[object]) -> list[DocumentView]:
    return [codec.from_json(DocumentView, a) for a in answers]


def documents_of(db: Store, case_id: int) -> list[str]:
    with db.unit_of_work() as uow:
        return sorted(d.values.get("text", "") for d in uow.documents.for_case(case_id))


def test_commands_are_applied_in_order_and_each_answered(backend: Backend, db: Store) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    case = new_case(db, caller.organisation_id)
    sent = [draft(case.id, f"Rapport {n}.") for n in range(5)]
    results = backend.services.sync.push(caller, sent)
    assert [r.key for r in results] == [c.key for c in sent]
    assert all(r.ok and r.error is None for r in results)
    saved = views([r.answer for r in results])
    assert [d.values["text"] for d in saved] == [f"Rapport {n}." for n in range(5)]
    assert [d.id for d in saved] == sorted(d.id for d in saved)  # made in the order sent
    assert documents_of(db, case.id) == [f"Rapport {n}." for n in range(5)]


def test_a_refusal_undoes_nothing_else_and_a_repeat_is_applied_once(
    backend: Backend, db: Store
) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    case = new_case(db, caller.organisation_id)
    first = backend.services.sync.push(caller, [draft(case.id, "Först.")])[0]
    saved = views([first.answer])[0]
    stale = SaveDocument(
        case.id, DocumentType.INFORMATIV_RAPPORT, {"comment": "Gammal."}, saved.id, 99
    )
    batch = [
        draft(case.id, "Före."),
        PushCommand("documents.save_draft", stale.key, codec.to_json(stale)),
        PushCommand("documents.fly_away", "k-" + str(uuid.uuid4()), {"case_id": case.id}),
        PushCommand("documents.save_draft", "k-" + str(uuid.uuid4()), {"case_id": "många"}),
        draft(case.id, "Efter."),
    ]
    results = backend.services.sync.push(caller, batch)
    assert [r.ok for r in results] == [True, False, False, False, True]
    assert results[1].error is not None and results[1].error.code == "conflict"
    unknown, malformed = results[2].error, results[3].error
    assert (
        unknown is not None and unknown.code == "invalid" and "känns inte igen" in unknown.message
    )
    assert malformed is not None and malformed.code == "invalid" and "ogiltiga" in malformed.message
    assert documents_of(db, case.id) == sorted(["Efter.", "Före.", "Först."])
    again = backend.services.sync.push(caller, batch)
    assert [(r.key, r.ok, r.answer) for r in again[:1] + again[4:]] == [
        (r.key, r.ok, r.answer) for r in results[:1] + results[4:]
    ]
    assert [r.ok for r in again] == [True, False, False, False, True]
    assert documents_of(db, case.id) == sorted(["Efter.", "Före.", "Först."])


def _trail(db: Store, organisation_id: int) -> tuple[int, int, list[tuple[str, int]]]:
    """How many audit entries, the highest feed number, and the feed's documents."""
    with db.unit_of_work() as uow:
        entries = uow.audit.page(organisation_id, 0, 1).total
        feed = uow.feed.changes(organisation_id, 0, ["documents"], 10_000)
        top = uow.feed.changes(organisation_id, 0, [r.__tablename__ for r in ROOTS], 10_000)
    return entries, max((c.seq for c in top), default=0), [(c.kind, c.entity_id) for c in feed]


def _stored_keys(db: Store, keys: list[str]) -> set[str]:
    """Which of ``keys`` have an idempotency record (whoever's)."""
    assert isinstance(db, SqlStore)
    with db.engine.connect() as c:
        found = c.execute(
            select(IdempotencyKeyRow.key).where(IdempotencyKeyRow.key.in_(keys))
        ).scalars()
        return set(found)


def test_a_refusal_mid_batch_leaves_no_trace_and_a_retry_adds_none(
    backend: Backend, db: Store
) -> None:
    """The batch is one transaction with a savepoint per command: the refused command's
    writes and bookkeeping are gone, the others' all there, each once; a retry of the
    whole batch (a cut connection) is answered from the idempotency store and writes
    nothing — no document, audit entry or feed number."""
    caller = backend.caller(ARVID, DOROTEA)
    case = new_case(db, caller.organisation_id)
    saved = views([backend.services.sync.push(caller, [draft(case.id, "Först.")])[0].answer])[0]
    stale = SaveDocument(
        case.id, DocumentType.INFORMATIV_RAPPORT, {"comment": "Gammal."}, saved.id, 99
    )
    batch = [
        draft(case.id, "Ett."),
        draft(case.id, "Två."),
        PushCommand("documents.save_draft", stale.key, codec.to_json(stale)),
        draft(case.id, "Tre."),
    ]
    audit_before, seq_before, feed_before = _trail(db, caller.organisation_id)
    results = backend.services.sync.push(caller, batch)
    assert [r.ok for r in results] == [True, True, False, True]
    made = [d.id for d in views([r.answer for r in results if r.ok])]
    audit_after, seq_after, feed_after = _trail(db, caller.organisation_id)
    assert audit_after == audit_before + 3  # one "Utkast skapat" per applied command
    assert seq_after > seq_before
    assert feed_after == feed_before + [("documents", i) for i in made]
    assert documents_of(db, case.id) == sorted(["Ett.", "Två.", "Tre.", "Först."])
    assert _stored_keys(db, [c.key for c in batch]) == {batch[0].key, batch[1].key, batch[3].key}

    again = backend.services.sync.push(caller, batch)
    assert [(r.key, r.ok, r.answer) for r in again if r.ok] == [
        (r.key, r.ok, r.answer) for r in results if r.ok
    ]
    assert [r.ok for r in again] == [True, True, False, True]
    assert _trail(db, caller.organisation_id) == (audit_after, seq_after, feed_after)
    assert documents_of(db, case.id) == sorted(["Ett.", "Två.", "Tre.", "Först."])


def test_a_key_reused_for_another_command_is_refused(backend: Backend, db: Store) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    case = new_case(db, caller.organisation_id)
    key = str(uuid.uuid4())
    assert backend.services.sync.push(caller, [draft(case.id, "Ett.", key=key)])[0].ok
    other = backend.services.sync.push(caller, [draft(case.id, "Ett annat.", key=key)])[0]
    assert not other.ok and other.error is not None and other.error.code == "conflict"
    assert documents_of(db, case.id) == ["Ett."]


def test_another_organisations_case_is_not_found(backend: Backend, db: Store) -> None:
    mine = backend.caller(ARVID, DOROTEA)
    theirs = new_case(db, backend.caller(MARTA, ASELE).organisation_id)
    case = new_case(db, mine.organisation_id)
    results = backend.services.sync.push(mine, [draft(theirs.id, "Fel."), draft(case.id, "Rätt.")])
    assert [r.ok for r in results] == [False, True]
    assert results[0].error is not None and results[0].error.code == "not_found"
    assert documents_of(db, theirs.id) == []


def test_an_empty_or_too_long_batch_is_refused(backend: Backend) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    with pytest.raises(ValidationError, match="mellan 1 och"):
        backend.services.sync.push(caller, [])
    too_many = [draft(1, "x") for _ in range(MAX_PUSH + 1)]
    with pytest.raises(ValidationError, match="mellan 1 och"):
        backend.services.sync.push(caller, too_many)


def test_a_command_with_another_key_inside_is_refused(backend: Backend, db: Store) -> None:
    caller: Caller = backend.caller(ARVID, DOROTEA)
    case = new_case(db, caller.organisation_id)
    inner = draft(case.id, "Nyckel.")
    result = backend.services.sync.push(caller, [PushCommand(inner.type, "annan", inner.command)])
    assert not result[0].ok and result[0].error is not None and result[0].error.code == "invalid"
    assert documents_of(db, case.id) == []


def test_a_command_refused_after_it_wrote_is_undone_by_a_second_run_with_savepoints(
    backend: Backend, db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch runs first without a savepoint per command; a command refused after it
    wrote (here: its document saved, then its audit entry refused) cannot be undone so,
    and the batch is rolled back and run again with them: the refused command leaves
    nothing, the others are applied once."""
    if backend.url is not None:
        pytest.skip("the refusal is made in this process's services")
    real_audit = documents_service.audit
    runs: list[bool] = []
    real_batch = LocalSync._batch

    def audit(uow: Any, at: Any, action: str, details: str, **kwargs: Any) -> Any:
        if "Vägras" in repr(uow.documents.for_case(case.id)):
            raise RuleViolation("Vägras efter skrivningen.")
        return real_audit(uow, at, action, details, **kwargs)

    def counted(self: LocalSync, *args: Any, light: bool) -> Any:
        runs.append(light)
        return real_batch(self, *args, light=light)

    caller = backend.caller(ARVID, DOROTEA)
    case = new_case(db, caller.organisation_id)
    audit_before, _seq, feed_before = _trail(db, caller.organisation_id)
    monkeypatch.setattr(documents_service, "audit", audit)
    monkeypatch.setattr(LocalSync, "_batch", counted)
    batch = [draft(case.id, "Ett."), draft(case.id, "Vägras."), draft(case.id, "Tre.")]
    results = backend.services.sync.push(caller, batch)
    assert runs == [True, False]
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error is not None and results[1].error.code == "rule"
    assert documents_of(db, case.id) == ["Ett.", "Tre."]
    made = [d.id for d in views([r.answer for r in results if r.ok])]
    audit_after, _seq, feed_after = _trail(db, caller.organisation_id)
    assert audit_after == audit_before + 2
    assert feed_after == feed_before + [("documents", i) for i in made]
    assert _stored_keys(db, [c.key for c in batch]) == {batch[0].key, batch[2].key}

    runs.clear()  # a batch whose refusals wrote nothing needs one run
    fine = [draft(case.id, "Fyra."), draft(case.id + 10_000_000, "Inget ärende.")]
    assert [r.ok for r in backend.services.sync.push(caller, fine)] == [True, False]
    assert runs == [True]


def test_the_cases_of_a_batch_are_read_in_one_statement(backend: Backend, db: Store) -> None:
    """The cases the commands name are read together before the commands run; each
    command's own read of its case is answered without a statement. Another
    organisation's case is not read with them: its command reads it and is refused."""
    if backend.url is not None:
        pytest.skip("the statements are counted in this process")
    mine = backend.caller(ARVID, DOROTEA)
    cases = [new_case(db, mine.organisation_id) for _ in range(2)]
    theirs = new_case(db, backend.caller(MARTA, ASELE).organisation_id)
    read: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "FROM cases" in statement:
            read.append(statement)

    batch = [draft(c.id, f"Rapport {n}.") for n in range(3) for c in cases]
    event.listen(Engine, "before_cursor_execute", count)
    try:
        results = backend.services.sync.push(mine, [*batch, draft(theirs.id, "Fel.")])
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert [r.ok for r in results] == [True] * 6 + [False]
    assert results[-1].error is not None and results[-1].error.code == "not_found"
    assert len(read) == 2  # the batch's cases together, then the other organisation's
    assert all(len(documents_of(db, c.id)) == 3 for c in cases)


@pytest.fixture
def sync_here(backend: Backend, db: Store) -> LocalSync:
    """The push in this process over the PostgreSQL server's own database (where new
    documents wait to be inserted together): to count its statements and make it fail."""
    if backend.name != "remote-postgresql":
        pytest.skip("the push over PostgreSQL, in this process")
    clock = SystemClock()
    services = build_services(db, demo_simulator(db, clock), clock, dt.timedelta(0))
    assert isinstance(services.sync, LocalSync)
    return services.sync


def test_the_new_documents_of_a_batch_are_inserted_in_one_statement(
    backend: Backend, db: Store, sync_here: LocalSync
) -> None:
    """On PostgreSQL a batch's new documents take their ids in one statement and are
    inserted by one; the answers carry the stored ids, the feed has them in order, and
    a later command that reads a document inserts the waiting ones first."""
    caller = backend.caller(ARVID, DOROTEA)
    case = new_case(db, caller.organisation_id)
    inserts: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("INSERT INTO documents"):
            inserts.append(statement)

    batch = [draft(case.id, f"Rapport {n}.") for n in range(5)]
    _audit, _seq, feed_before = _trail(db, caller.organisation_id)
    event.listen(Engine, "before_cursor_execute", count)
    try:
        results = sync_here.push(caller, batch)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert [r.ok for r in results] == [True] * 5
    assert len(inserts) == 1
    made = views([r.answer for r in results])
    assert documents_of(db, case.id) == [f"Rapport {n}." for n in range(5)]
    _audit, _seq, feed_after = _trail(db, caller.organisation_id)
    assert feed_after == feed_before + [("documents", d.id) for d in made]

    first = made[0]
    again = SaveDocument(
        case.id,
        DocumentType.INFORMATIV_RAPPORT,
        {"text": "Ändrad."},
        document_id=first.id,
        version=first.version,
        key=str(uuid.uuid4()),
    )
    # The new draft waits; the second command's read of its document inserts it first.
    both = [draft(case.id, "Ny."), PushCommand(batch[0].type, again.key, codec.to_json(again))]
    assert [r.ok for r in sync_here.push(caller, both)] == [True, True]
    expected = ["Ändrad.", "Ny.", *[f"Rapport {n}." for n in range(1, 5)]]
    assert documents_of(db, case.id) == sorted(expected)


def test_a_failed_insert_of_the_waiting_documents_runs_the_batch_again(
    backend: Backend, db: Store, sync_here: LocalSync, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch's documents inserted together are refused (here: one's case was deleted
    by another transaction after the batch read it): the batch is rolled back and run
    again with a savepoint per command, the documents each inserted by their own
    command; that case's commands are refused, the others applied once."""
    assert isinstance(db, SqlStore)
    caller = backend.caller(ARVID, DOROTEA)
    kept, gone = new_case(db, caller.organisation_id), new_case(db, caller.organisation_id)
    runs: list[bool] = []
    real_batch, real_add_held = LocalSync._batch, batch_module.Batch._add_held

    def counted(self: LocalSync, *args: Any, light: bool) -> Any:
        runs.append(light)
        return real_batch(self, *args, light=light)

    def add_held(self: batch_module.Batch, session: Any) -> None:
        if self.held and runs == [True]:
            with db.engine.begin() as other:  # another transaction, committed
                other.execute(text("DELETE FROM cases WHERE id = :id"), {"id": gone.id})
        real_add_held(self, session)

    monkeypatch.setattr(LocalSync, "_batch", counted)
    monkeypatch.setattr(batch_module.Batch, "_add_held", add_held)
    audit_before, _seq, feed_before = _trail(db, caller.organisation_id)
    batch = [draft(kept.id, "Ett."), draft(gone.id, "Borta."), draft(kept.id, "Tre.")]
    results = sync_here.push(caller, batch)
    assert runs == [True, False]
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error is not None and results[1].error.code == "not_found"
    assert documents_of(db, kept.id) == ["Ett.", "Tre."]
    made = [d.id for d in views([r.answer for r in results if r.ok])]
    audit_after, _seq, feed_after = _trail(db, caller.organisation_id)
    assert audit_after == audit_before + 2
    assert feed_after == feed_before + [("documents", i) for i in made]
    assert _stored_keys(db, [c.key for c in batch]) == {batch[0].key, batch[2].key}
