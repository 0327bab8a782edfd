"""The change feeds of the offline replicas (issue 11): recording and reading them.

**What is replicated.** A replica follows its organisation's feed (``feed_id`` = the
organisation's id) and the global one (``feed_id`` 0: news). An entry of a feed is an
*aggregate root* — ``kind`` is the root's table — with its child rows:

=================== ================================================================
root (``kind``)     rows sent with it
=================== ================================================================
organisations       —
units               —
services            service_units
agreements          —
authorizations      persons (the user's person: the row is *referenced by* the root)
contact_persons     contact_units, contact_addresses
accounts            account_units
cases               case_events
documents           document_events
claims              —
pending_changes     —
receipts            —
news_items          — (global feed)
=================== ================================================================

Never replicated: sessions, idempotency keys, signing and simulator orders, store_meta,
the audit trail and its chains, and these tables themselves. A person row changes its
users (every authorization of the person, in every organisation, is bumped).

**Recording.** An ``after_flush`` hook on the store's sessions (:func:`install`) maps
every new, changed and deleted ORM row of a replicated table to its root, then
:func:`record` takes the feed's next numbers and upserts ``change_index``: one row per
root, holding the number of its latest change and whether that deleted it (in a batch,
:mod:`.batch`, the entries of every flush are gathered and numbered once, just before
the batch's commit, and those of a rolled-back savepoint dropped). Writes that
bypass the ORM (the bulk insert of cases) record themselves (:func:`record_new_cases`).
Deletions the database makes by itself (``ON DELETE CASCADE`` below a deleted root) need
no entry: the root's tombstone stands for them.

**Why a reader never skips a number.** Numbers are taken by ``UPDATE sync_counters SET
seq = seq + n … RETURNING seq``. On PostgreSQL that UPDATE locks the feed's counter row
until the transaction ends: a second writer of the same feed waits at its own UPDATE
until the first has committed (or rolled back), and only then gets the numbers after
it. So per feed, numbers are handed out in commit order: whenever a reader sees number
*n* committed, every number below *n* is committed (or was rolled back and never
appears) — it can never read 7 while 6 commits later, which would move its cursor past
6 for good. The price is that writers of one organisation take turns from their first
flush to their commit; writers of different organisations do not wait for each other.
On SQLite writers take turns anyway (one write lock per database). Several feeds in one
flush are locked in ``feed_id`` order, so two such flushes cannot deadlock each other.

**Reading.** :class:`SqlFeedRepository` returns the index range after a cursor and the
rows of the roots it names, as JSON values (:func:`encode`).
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    RowMapping,
    Table,
    any_,
    bindparam,
    event,
    false,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from kawebb_desktop.store.base import FeedChange
from kawebb_desktop.store.sql import batch, migrate
from kawebb_desktop.store.sql.orm import (
    AccountRow,
    AccountUnitRow,
    AgreementRow,
    AuthorizationRow,
    Base,
    CaseEventRow,
    CaseRow,
    ChangeIndexRow,
    ClaimRow,
    ContactAddressRow,
    ContactPersonRow,
    ContactUnitRow,
    DocumentEventRow,
    DocumentRow,
    NewsItemRow,
    OrganisationRow,
    PendingChangeRow,
    PersonRow,
    ReceiptRow,
    ServiceRow,
    ServiceUnitRow,
    SyncCounterRow,
    UnitRow,
)

#: The global feed's id (news); an organisation's feed has the organisation's id.
GLOBAL_FEED = 0

#: The key of a session's ``info`` that says whether its writes record the feeds (a
#: store's sessions do, an offline replica's do not).
RECORDING = "kawebb_record_feed"


def recording(session: Session) -> bool:
    """Whether ``session``'s writes record the change feeds."""
    return bool(session.info.get(RECORDING, True))


#: The aggregate roots, parents first (migration 0014 backfills in this order).
ROOTS: tuple[type[Base], ...] = (
    OrganisationRow,
    UnitRow,
    ServiceRow,
    AgreementRow,
    AuthorizationRow,
    ContactPersonRow,
    AccountRow,
    CaseRow,
    DocumentRow,
    ClaimRow,
    PendingChangeRow,
    ReceiptRow,
    NewsItemRow,
)
_ROOT_BY_TABLE: dict[str, type[Base]] = {r.__tablename__: r for r in ROOTS}

#: Child table → (its root's table, the column that names the root).
CHILDREN: Mapping[type[Base], tuple[str, str]] = {
    ServiceUnitRow: ("services", "service_id"),
    ContactUnitRow: ("contact_persons", "contact_id"),
    ContactAddressRow: ("contact_persons", "contact_id"),
    AccountUnitRow: ("accounts", "account_id"),
    CaseEventRow: ("cases", "case_id"),
    DocumentEventRow: ("documents", "document_id"),
}
_CHILDREN_OF: dict[str, list[tuple[Table, str]]] = defaultdict(list)
for _child, (_root, _column) in CHILDREN.items():
    _CHILDREN_OF[_root].append((_child.__table__, _column))  # type: ignore[arg-type]
del _child, _root, _column

#: An entry to record: (kind, entity id) → (feed id, deleted).
Entries = dict[tuple[str, int], tuple[int, bool]]


def feed_of(row: Any) -> int:
    """The feed of a root row."""
    if isinstance(row, OrganisationRow):
        return row.id
    if isinstance(row, NewsItemRow):
        return GLOBAL_FEED
    return int(row.organisation_id)


# ---------------------------------------------------------------------- recording
def install(sessions: sessionmaker[Session]) -> None:
    """Record the feed on every flush of ``sessions``' sessions."""
    event.listen(sessions, "after_flush", _after_flush)


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    # After the flush the new rows have their ids; new, dirty and deleted still hold
    # what this flush wrote.
    entries: Entries = {}
    children: dict[str, set[int]] = defaultdict(set)
    changed_persons: set[int] = set()
    # Each a fresh set: taken once. (Here the attributes' history is already
    # committed, so ``dirty`` is trusted as it is: a row set to what it was is recorded
    # too, which only costs a number.)
    new, dirty = session.new, session.dirty
    for obj in session.deleted:
        if type(obj) in _ROOT_SET:
            entries[(obj.__tablename__, obj.id)] = (feed_of(obj), True)
        elif (child := CHILDREN.get(type(obj))) is not None:
            children[child[0]].add(getattr(obj, child[1]))
    for obj in (*new, *dirty):
        kind = type(obj)
        if kind in _ROOT_SET:
            entries.setdefault((obj.__tablename__, obj.id), (feed_of(obj), False))
        elif (child := CHILDREN.get(kind)) is not None:
            children[child[0]].add(getattr(obj, child[1]))
        elif kind is PersonRow and obj not in new:
            changed_persons.add(obj.id)
    if not (entries or children or changed_persons):
        return
    connection = session.connection()
    for root_table, ids in children.items():
        wanted = [i for i in ids if (root_table, i) not in entries]
        if wanted:
            root = _ROOT_BY_TABLE[root_table].__table__
            found = connection.execute(
                select(root.c.id, root.c.organisation_id).where(root.c.id.in_(wanted))
            )
            # A root gone meanwhile (deleted by the database) has its own tombstone.
            for root_id, organisation_id in found:
                entries[(root_table, root_id)] = (organisation_id, False)
    if changed_persons:
        users = connection.execute(
            select(AuthorizationRow.id, AuthorizationRow.organisation_id).where(
                AuthorizationRow.person_id.in_(changed_persons)
            )
        )
        for user_id, organisation_id in users:
            entries.setdefault(("authorizations", user_id), (organisation_id, False))
    gathering = batch.batch_of(session)
    if gathering is not None:  # numbered once, at the batch's commit
        gathering.feed.append(entries)
        return
    record(connection, entries)


_ROOT_SET: frozenset[type[Base]] = frozenset(ROOTS)


def record(connection: Connection, entries: Entries) -> None:
    """Give every entry the next number of its feed and upsert its index row."""
    by_feed: dict[int, list[tuple[str, int, bool]]] = defaultdict(list)
    for (kind, entity_id), (feed_id, deleted) in entries.items():
        by_feed[feed_id].append((kind, entity_id, deleted))
    rows: list[dict[str, Any]] = []
    for feed_id in sorted(by_feed):  # one lock order for every writer (no deadlock)
        items = sorted(by_feed[feed_id], key=lambda e: (_ORDER[e[0]], e[1]))
        last = _take(connection, feed_id, len(items))
        first = last - len(items) + 1
        rows.extend(
            {"kind": k, "entity_id": i, "feed_id": feed_id, "seq": first + n, "deleted": d}
            for n, (k, i, d) in enumerate(items)
        )
    if rows:
        _upsert(connection, rows)


def record_new_cases(connection: Connection, case_numbers: Iterable[tuple[int, int]]) -> None:
    """Record cases inserted without the ORM, given as (organisation id, case number):
    per organisation one ``INSERT … SELECT`` numbers them in id order, so that a batch
    of thousands costs two statements, not a round trip per case."""
    by_feed: dict[int, list[int]] = defaultdict(list)
    for organisation_id, number in case_numbers:
        by_feed[organisation_id].append(number)
    index = ChangeIndexRow.__table__
    for feed_id in sorted(by_feed):
        numbers = by_feed[feed_id]
        before = _take(connection, feed_id, len(numbers)) - len(numbers)
        added = select(
            literal(CaseRow.__tablename__),
            CaseRow.id,
            CaseRow.organisation_id,
            literal(before) + func.row_number().over(order_by=CaseRow.id),
            false(),
        ).where(CaseRow.organisation_id == feed_id, CaseRow.case_number.in_(numbers))
        statement = _dialect_insert(connection, index).from_select(
            ["kind", "entity_id", "feed_id", "seq", "deleted"], added
        )
        connection.execute(_on_conflict_update(statement))


_ORDER: dict[str, int] = {r.__tablename__: n for n, r in enumerate(ROOTS)}


def _take(connection: Connection, feed_id: int, n: int) -> int:
    """Reserve ``n`` numbers of the feed; the last of them. Holds the counter's row
    lock to the end of the transaction on PostgreSQL (see the module docstring)."""
    bump = (
        update(SyncCounterRow)
        .where(SyncCounterRow.feed_id == feed_id)
        .values(seq=SyncCounterRow.seq + n)
        .returning(SyncCounterRow.seq)
    )
    last = connection.execute(bump).scalar()
    if last is not None:
        return int(last)
    first = _dialect_insert(connection, SyncCounterRow.__table__).values(feed_id=feed_id, seq=n)
    if connection.execute(first.on_conflict_do_nothing()).rowcount == 1:
        return n
    # Another writer made the row first (and has committed): take numbers after its.
    return int(connection.execute(bump).scalar_one())


def _dialect_insert(connection: Connection, table: Any) -> Any:
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql  # not loaded by a SQLite app's start

        return postgresql.insert(table)
    return sqlite.insert(table)


def _on_conflict_update(statement: Any) -> Any:
    """An object's row is replaced by its latest change (a SQLite id may come again)."""
    return statement.on_conflict_do_update(
        index_elements=["kind", "entity_id"],
        set_={
            "feed_id": statement.excluded.feed_id,
            "seq": statement.excluded.seq,
            "deleted": statement.excluded.deleted,
        },
    )


def _upsert(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    statement = _on_conflict_update(_dialect_insert(connection, ChangeIndexRow.__table__))
    connection.execute(statement, list(rows))


# ---------------------------------------------------------------------- reading
def encode(value: object) -> object:
    """A column's value as JSON: dates and times ISO 8601, Decimal as text, bytes
    base64; the rest (text, numbers, booleans, NULL) as they are stored."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


Rows = dict[str, tuple[Mapping[str, object], ...]]


class SqlFeedRepository:
    """:class:`~kawebb_desktop.store.base.FeedRepository` over a session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def schema(self) -> str:
        return migrate.head_revision()

    def changes(
        self, feed_id: int, since: int, kinds: Collection[str], limit: int
    ) -> list[FeedChange]:
        index = ChangeIndexRow.__table__
        statement = (
            select(index.c.kind, index.c.entity_id, index.c.seq, index.c.deleted)
            .where(index.c.feed_id == feed_id, index.c.seq > since, index.c.kind.in_(list(kinds)))
            .order_by(index.c.seq)
            .limit(limit)
        )
        return [
            FeedChange(kind, entity_id, seq, bool(deleted))
            for kind, entity_id, seq, deleted in self._session.execute(statement)
        ]

    def rows(self, kind: str, ids: Collection[int]) -> dict[int, Rows]:
        root_class = _ROOT_BY_TABLE.get(kind)
        if root_class is None or not ids:
            return {}
        root: Table = root_class.__table__  # type: ignore[assignment]
        wanted = sorted(ids)
        found: dict[int, dict[str, list[Mapping[str, object]]]] = {}
        children = _CHILDREN_OF.get(kind, ())
        for row in self._session.execute(
            select(root).where(self._among(root.c.id, wanted))
        ).mappings():
            # Every child table, even one with no rows left: the replica replaces the
            # root's rows of each table named, so a contact's last unit removed is
            # an empty list that clears it, not a table left out that keeps it.
            found[row["id"]] = {kind: [_encoded(row)], **{c.name: [] for c, _col in children}}
        present = list(found)
        for child, column in children:
            for row in self._session.execute(
                select(child)
                .where(self._among(child.c[column], present))
                .order_by(*child.primary_key)
            ).mappings():
                found[row[column]].setdefault(child.name, []).append(_encoded(row))
        if kind == "authorizations":
            persons = PersonRow.__table__
            person_ids = {int(rows[kind][0]["person_id"]) for rows in found.values()}  # type: ignore[call-overload]
            by_id = {
                row["id"]: _encoded(row)
                for row in self._session.execute(
                    select(persons).where(self._among(persons.c.id, sorted(person_ids)))
                ).mappings()
            }
            for rows in found.values():
                person = by_id.get(int(rows[kind][0]["person_id"]))  # type: ignore[call-overload]
                if person is not None:
                    rows["persons"] = [person]
        return {
            entity_id: {table: tuple(rows) for table, rows in tables.items()}
            for entity_id, tables in found.items()
        }

    def _among(self, column: Any, ids: list[int]) -> Any:
        """``column IN ids``; on PostgreSQL ``= ANY(array)``: one parameter instead of
        thousands, which psycopg would parse out of the query text for every page."""
        if self._session.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql

            return column == any_(bindparam(None, ids, type_=postgresql.ARRAY(Integer)))
        return column.in_(ids)

    def persons(self, ids: Collection[int]) -> dict[int, Mapping[str, object]]:
        persons = PersonRow.__table__
        statement = select(persons).where(self._among(persons.c.id, sorted(ids)))
        return {row["id"]: _encoded(row) for row in self._session.execute(statement).mappings()}


#: Values that are JSON as they are (exactly these types), needing no :func:`encode`.
_PLAIN: frozenset[type] = frozenset({str, int, float, bool, type(None)})


def _encoded(row: RowMapping) -> dict[str, object]:
    return {name: v if type(v) in _PLAIN else encode(v) for name, v in row.items()}


__all__ = [
    "CHILDREN",
    "GLOBAL_FEED",
    "RECORDING",
    "ROOTS",
    "SqlFeedRepository",
    "encode",
    "feed_of",
    "install",
    "record",
    "record_new_cases",
    "recording",
]
