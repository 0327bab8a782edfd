"""A batch of writes in one transaction (the offline push, issue 11): what each write
would do for itself — number its change-feed entries, move its audit chain's head,
insert its audit entry, store its idempotency record, take the list lock it needs — is
gathered here and done once, at the batch's commit.

:meth:`SqlUnitOfWork.begin_batch <kawebb_desktop.store.sql.store.SqlUnitOfWork.begin_batch>`
puts a :class:`Batch` in the session's ``info``; the repositories and the feed's flush
hook look for it (:func:`batch_of`) and hand it their bookkeeping instead of writing it.
Every SAVEPOINT of the session notes the batch's state when it begins, and a rollback to
it puts that state back (:func:`install`), so a write undone by its savepoint leaves
nothing behind here either. At the commit :meth:`Batch.write` takes the feed's numbers
(the counter row locked from there to the commit, as a single write does), moves the
audit heads to their last links and inserts the audit entries and the idempotency
records; then the transaction commits once.

An audit entry of a batch has no id until then. Its references (the organisation, the
acting person) were read in the batch's transaction; a text too long for its column
is not set aside but inserted at once, and refused there with its command, as outside
a batch. So what is left to refuse an entry at the commit is the organisation or the
person deleted meanwhile by another transaction: the batch then fails as a whole (its
retry finds the session gone).

The rows the batch reads stay referenced until it ends, so that a second command asking
for the same row by its key (the case's unit, the acting person) finds it in the
session's identity map instead of reading it again (the map holds rows weakly).

New documents may wait (``begin_batch(documents=n)``, PostgreSQL only): their ids are
taken from the sequence together (:meth:`Batch.document_id`) and the rows held here
(:attr:`Batch.held`), outside the session, until the next read of documents
(:meth:`Batch.release`, called by the document repository), the commit of a savepoint or
of the batch: then they are added to the session and inserted by one flush (one
statement for all of them), which records their feed entries as any flush does. A
failure of that insert fails that read or commit, not the command that added the row:
the batch push runs such a batch again without waiting rows.

Locks the batch remembers (an audit head's row lock, a list's advisory lock) were taken
inside this transaction; one taken inside a savepoint that was rolled back is released
by the database, and the state put back forgets it too.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, event, insert, text
from sqlalchemy.orm import QueryContext, Session, SessionTransaction, UOWTransaction, sessionmaker

from kawebb_desktop.domain.sessions import IdempotencyRecord

#: The key of the session's ``info`` that holds the open batch.
BATCH = "kawebb_batch"


@dataclass(frozen=True, slots=True)
class _State:
    feed: int
    records: int
    audit: int
    heads: dict[int, tuple[int, str]]
    moved: frozenset[int]
    locks: frozenset[tuple[Any, ...]]
    known: dict[tuple[int, str], IdempotencyRecord | None]
    held: tuple[Any, ...]


@dataclass(slots=True)
class Batch:
    """The bookkeeping of the writes of one transaction, written at its commit."""

    #: The change-feed entries of each flush (``feed.Entries``), in flush order.
    feed: list[dict[tuple[str, int], tuple[int, bool]]] = field(default_factory=list)
    #: Idempotency records to insert.
    records: list[IdempotencyRecord] = field(default_factory=list)
    #: Audit entries to insert (``AuditEntryRow``s, linked: set aside at each flush by
    #: :func:`_set_aside`).
    audit: list[Any] = field(default_factory=list)
    #: Audit chain → its head (number, hash) as this transaction left it (locked).
    heads: dict[int, tuple[int, str]] = field(default_factory=dict)
    #: The chains whose head moved (to be written).
    moved: set[int] = field(default_factory=set)
    #: Advisory locks held (their arguments).
    locks: set[tuple[Any, ...]] = field(default_factory=set)
    #: Idempotency records read (or known to be absent) with their keys locked.
    known: dict[tuple[int, str], IdempotencyRecord | None] = field(default_factory=dict)
    #: While above 0, a write runs without a savepoint of its own (``savepoint(guarded=
    #: False)``): a refusal by the database then fails the whole enclosing savepoint.
    bare: int = 0
    #: Rows read in the batch, kept alive for the session's identity map.
    rows: list[object] = field(default_factory=list)
    #: Whether new documents wait to be inserted together (see the module's text).
    waiting: bool = False
    #: How many document ids to take from the sequence at the next take.
    documents: int = 0
    #: Document ids taken and not yet used (highest first: taken from the end).
    ids: list[int] = field(default_factory=list)
    #: New documents (``DocumentRow``s with their ids) not yet in the session.
    held: list[Any] = field(default_factory=list)
    _marks: dict[int, _State] = field(default_factory=dict)
    _ended: tuple[int, _State] | None = None

    def state(self) -> _State:
        return _State(
            len(self.feed),
            len(self.records),
            len(self.audit),
            dict(self.heads),
            frozenset(self.moved),
            frozenset(self.locks),
            dict(self.known),
            tuple(self.held),
        )

    def restore(self, state: _State) -> None:
        del self.feed[state.feed :]
        del self.records[state.records :]
        del self.audit[state.audit :]
        self.heads = dict(state.heads)
        self.moved = set(state.moved)
        self.locks = set(state.locks)
        self.known = dict(state.known)
        # Rows held before the savepoint and inserted in it are held again (the
        # rollback made them transient, their ids kept); those added in it are gone.
        self.held = list(state.held)

    def record(self, record: IdempotencyRecord) -> None:
        """``record`` is stored at the commit; until then a get of its key finds it."""
        self.records.append(record)
        self.known[(record.person_id, record.key)] = record

    def document_id(self, session: Session) -> int:
        """The id of a new document that waits: taken from the sequence, ``documents``
        at a time (one statement), so that the rows can be inserted together."""
        if not self.ids:
            wanted, self.documents = max(self.documents, 1), 0
            taken = session.connection().execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence('documents', 'id'))"
                    " FROM generate_series(1, :n)"
                ),
                {"n": wanted},
            )
            self.ids = sorted((int(i) for i in taken.scalars()), reverse=True)
        return self.ids.pop()

    def release(self, session: Session) -> None:
        """The documents that wait, inserted (one flush): before a read of documents."""
        if self.held:
            self._add_held(session)
            session.flush()

    def _add_held(self, session: Session) -> None:
        held, self.held = self.held, []
        session.add_all(held)
        self.rows.extend(held)  # kept alive for the identity map

    def write(self, session: Session) -> None:
        """Everything gathered, in the order a single write would have taken the locks
        (the feed's counter last): called once, just before the commit."""
        from kawebb_desktop.store.sql import feed
        from kawebb_desktop.store.sql.orm import AuditEntryRow
        from kawebb_desktop.store.sql.repositories import store_audit_heads, store_records

        self._add_held(session)
        session.flush()
        connection = session.connection()
        if self.moved:
            store_audit_heads(connection, {c: self.heads[c] for c in sorted(self.moved)})
            self.moved.clear()
        if self.records:
            store_records(session, self.records)
            self.records.clear()
        if self.audit:
            columns = [c.key for c in AuditEntryRow.__table__.columns if c.key != "id"]
            session.execute(
                insert(AuditEntryRow).execution_options(render_nulls=True),
                [{c: getattr(r, c) for c in columns} for r in self.audit],
            )
            self.audit.clear()
        entries: dict[tuple[str, int], tuple[int, bool]] = {}
        for flushed in self.feed:
            # A later flush's word on an object is the last one (made, then removed).
            for key, value in flushed.items():
                entries.pop(key, None)
                entries[key] = value
        self.feed.clear()
        if entries:
            feed.record(connection, entries)


def batch_of(session: Session) -> Batch | None:
    """The batch open in ``session``, if any."""
    found = session.info.get(BATCH)
    return found if isinstance(found, Batch) else None


def begin(session: Session, *, documents: int = 0) -> Batch:
    """A batch in ``session``; ``documents`` > 0: new documents wait (PostgreSQL only),
    about that many ids taken at the first."""
    waiting = documents > 0 and session.get_bind().dialect.name == "postgresql"
    batch = Batch(waiting=waiting, documents=documents if waiting else 0)
    session.info[BATCH] = batch
    return batch


def end(session: Session) -> None:
    session.info.pop(BATCH, None)


# ---------------------------------------------------------------------- savepoints
def install(sessions: sessionmaker[Session]) -> None:
    """Keep the batch of ``sessions``' sessions in step with their savepoints."""
    event.listen(sessions, "after_transaction_create", _created)
    event.listen(sessions, "after_transaction_end", _ended)
    event.listen(sessions, "after_soft_rollback", _rolled_back)
    event.listen(sessions, "before_flush", _set_aside)
    event.listen(sessions, "before_commit", _before_commit)
    global _watching_loads
    if not _watching_loads:
        from kawebb_desktop.store.sql.orm import Base

        event.listen(Base, "load", _loaded, propagate=True)
        _watching_loads = True


_watching_loads = False


def _loaded(row: object, context: QueryContext) -> None:
    batch = batch_of(context.session)
    if batch is not None:
        batch.rows.append(row)


def _before_commit(session: Session) -> None:
    """A savepoint's or the transaction's commit inserts the documents that wait (the
    commit's own flush, as the session is no longer clean)."""
    batch = batch_of(session)
    if batch is not None and batch.held:
        batch._add_held(session)


def _set_aside(session: Session, _context: UOWTransaction, _instances: object) -> None:
    """In a batch, the audit entries a flush would insert are kept for the commit (one
    insert for all; their chain's head is the batch's already, see ``_AuditChain``) —
    unless a text is too long for its column (refused by this flush, as outside one)."""
    batch = batch_of(session)
    if batch is None:
        return
    from kawebb_desktop.store.sql.orm import AuditEntryRow

    for row in [r for r in session.new if isinstance(r, AuditEntryRow)]:
        if all(len(getattr(row, name) or "") <= size for name, size in _audit_sizes()):
            session.expunge(row)
            batch.audit.append(row)


@functools.cache
def _audit_sizes() -> tuple[tuple[str, int], ...]:
    """The audit entry's text columns of a limited length, with it."""
    from kawebb_desktop.store.sql.orm import AuditEntryRow

    return tuple(
        (c.key, c.type.length)
        for c in AuditEntryRow.__table__.columns
        if isinstance(c.type, String) and c.type.length is not None
    )


def _created(session: Session, transaction: SessionTransaction) -> None:
    batch = batch_of(session)
    if batch is not None and transaction.nested:
        batch._marks[id(transaction)] = batch.state()


def _ended(session: Session, transaction: SessionTransaction) -> None:
    batch = batch_of(session)
    if batch is not None and transaction.nested:
        state = batch._marks.pop(id(transaction), None)
        # A rollback is told after the end (``after_soft_rollback``); a commit is not.
        batch._ended = None if state is None else (id(transaction), state)


def _rolled_back(session: Session, previous: SessionTransaction) -> None:
    batch = batch_of(session)
    if batch is None or batch._ended is None or not previous.nested:
        return
    ended, state = batch._ended
    if ended == id(previous):
        batch.restore(state)
    batch._ended = None


__all__ = ["BATCH", "Batch", "batch_of", "begin", "end", "install"]
