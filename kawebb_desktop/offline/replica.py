"""The replica: a SQLite copy of what one person may see on one server (issue 11).

It is the store of ``store/sql`` (the same tables, migrated to head by the same code), in
the user's data folder, one file per server and person, readable by its owner only. The
local services run over it, so every read is instant and works offline. Beside the
store's tables it has a few of its own (:data:`LOCAL`): the feeds' cursors, the outbox of
commands, the before-images of what each provisional command changed, and the map of
provisional ids to the server's.

Applying the feed is generic: a :class:`~kawebb_desktop.services.api.FeedEntity` is an
aggregate's rows by table, decoded by the columns' types; the root is upserted (never
replaced, which would cascade), its child tables' rows of the root are replaced, and a
tombstone deletes the root and whatever cascades from it. Foreign keys are off while a
page is applied (a page holds each object as it is now, so a child may come a page
before its parent) and the cascades are walked here, from the tables' metadata.

Provisional writes: while :meth:`Replica.recording` is active on a thread, triggers
journal the first before-image of every row a command inserts, updates or deletes (an
SQL function tells them that this thread records), and new rows get negative ids
(:data:`FIRST_PROVISIONAL_ID` down), which no server id is (a mapper hook, active only
then and only on this replica's connections).

The rebase: a page of the feed may bring the server's state of rows that commands still
queued here have changed (their own earlier command's result, or another workstation's
edit). The page is applied, the server's state becomes what undoing the commands
restores, and the rows as the queued commands left them are put back on top — as
offline-first engines rebase pending mutations over the server's state. A row made here
whose server row has come moves to the server's id. The commands themselves are never
changed: each is still sent at the version it was read at, and a real conflict is
refused by the server and kept for the user.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    and_,
    delete,
    event,
    func,
    select,
    text,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapper, Session

from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.domain.sessions import token_hash
from kawebb_desktop.services.api import FeedEntity, FeedPage
from kawebb_desktop.store.sql import migrate, orm
from kawebb_desktop.store.sql.store import SqlStore, open_store, sqlite_url

log = logging.getLogger(__name__)

#: The tables a store keeps append-only by triggers (migration 0005).
APPEND_ONLY = ("audit_entries", "receipts")

#: The id of the first row made offline; the next ones count down from it. Server ids
#: are positive (sequences and SQLite's rowids start at 1), and the store's id columns
#: are 32-bit (``repositories._storable``), so a provisional id is a negative one.
FIRST_PROVISIONAL_ID = -1
#: ``replica_meta``'s key of the lowest provisional id ever given (ids are not reused).
PROVISIONAL_LOW = "provisional_low"

#: Store tables that are the replica's own business: never replicated, never journalled.
LOCAL_ONLY = frozenset(
    {
        "sessions",
        "store_meta",
        "simulator_orders",
        "signing_orders",
        # The server's feed index (migration 0014): a replica's own would index nothing.
        "change_index",
        "sync_counters",
    }
)

LOCAL = MetaData()

#: Facts about the replica: ``schema`` (the feed's revision), ``cursor:<feed>[:<org>]``.
replica_meta = Table(
    "replica_meta",
    LOCAL,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

#: The commands made on this workstation, in the order they were made.
outbox = Table(
    "replica_outbox",
    LOCAL,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("operation", String(100), nullable=False),
    Column("command_type", String(100), nullable=False),
    #: The command's idempotency key (a repeat is answered from here).
    Column("key", String(200), nullable=False, index=True),
    Column("payload", Text, nullable=False),
    Column("personnummer", String(12), nullable=False),
    Column("organisation_id", Integer, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    #: The answer the local services gave when it was applied provisionally.
    Column("provisional_answer", Text),
    #: The server's answer (acknowledged, synced).
    Column("answer", Text),
    Column("refusal_code", String(40)),
    Column("refusal_message", Text),
    Column("updated_at", String(40), nullable=False),
    sqlite_autoincrement=True,
)

#: The first before-image of each row a command changed (``before`` NULL: it inserted it).
journal = Table(
    "replica_journal",
    LOCAL,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("seq", Integer, nullable=False, index=True),
    Column("tbl", String(100), nullable=False),
    Column("pk", Text, nullable=False),
    Column("before", Text),
    UniqueConstraint("seq", "tbl", "pk"),
    sqlite_autoincrement=True,
)

#: Provisional id → the server's id, learnt from the answers to pushed commands.
id_map = Table(
    "replica_id_map",
    LOCAL,
    Column("provisional", Integer, primary_key=True, autoincrement=False),
    Column("server", Integer, nullable=False),
    Column("seq", Integer, ForeignKey("replica_outbox.seq", ondelete="CASCADE"), nullable=False),
)

#: The journal's rows of the command being applied now (renumbered when it commits).
RECORDING_SEQ = 0

SCHEMA_CHANGED = "Serverns databasschema har ändrats; den lokala kopian byggs om."
NOT_OWNER_ONLY = "Den lokala kopian {path} kunde inte skyddas (behörigheter): {why}."
UNKNOWN_TABLE = "Servern skickade data som den här versionen av KA Webb inte känner till ({what})."


class ReplicaError(DomainError):
    """The replica cannot take what the server sent (another program version)."""


class SchemaChanged(Exception):
    """A feed page of another schema revision than the replica was filled from."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(f"schema {old!r} → {new!r}")
        self.old, self.new = old, new


def replica_path(data_dir: Path, server_url: str, personnummer: str) -> Path:
    """``<data>/replicas/<sha256(url|personnummer)[:16]>.sqlite``: one file per server and
    person, whose name says neither."""
    name = hashlib.sha256(f"{server_url}|{personnummer}".encode()).hexdigest()[:16]
    return data_dir / "replicas" / f"{name}.sqlite"


def cursor_key(feed: str, organisation_id: int | None) -> str:
    return f"cursor:{feed}" + ("" if organisation_id is None else f":{organisation_id}")


def replicated_tables() -> list[Table]:
    """The store's tables the feed fills (and provisional commands are journalled in)."""
    return [t for t in orm.Base.metadata.sorted_tables if t.name not in LOCAL_ONLY]


# ---------------------------------------------------------------------- permissions
def _owner_only(path: Path, mode: int) -> None:
    """Give ``path`` exactly ``mode`` if it has anything else (checked on every open)."""
    current = stat.S_IMODE(path.stat().st_mode)
    if current != mode:
        log.info("Replica %s had mode %o; set to %o", path, current, mode)
        path.chmod(mode)


def _create_database(path: Path) -> None:
    """A new SQLite database at ``path`` that is owner-only from its first byte (never a
    0-byte file, which ``open_store`` refuses): made under a temporary name, renamed."""
    temporary = path.with_name(f".{path.name}.ny")
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    connection = sqlite3.connect(temporary)
    try:
        connection.execute("PRAGMA journal_mode=WAL")  # writes the header
    finally:
        connection.close()
    os.replace(temporary, path)


def _drop_triggers_before_migrating(path: Path) -> None:
    """The journal's triggers call a function only the replica's own connections have:
    a migration (a new program version) would fail on them. They are dropped here when
    the file is not at head, and made again after it is migrated."""
    connection = sqlite3.connect(path)
    try:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            row = None
        if row is not None and row[0] == migrate.head_revision():
            return
        names = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            " AND name LIKE 'replica_journal_%'"
        ).fetchall()
        for (name,) in names:
            connection.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        connection.commit()
    finally:
        connection.close()


# ---------------------------------------------------------------------- recording
@dataclass(slots=True)
class _Recording:
    replica: Replica
    #: The outbox row to add when the command's transaction commits having changed
    #: something (``seq`` set then).
    entry: dict[str, Any]
    seq: int | None = None
    #: The lowest provisional id given in this command (one flush may add several rows
    #: before any of them is inserted).
    given: dict[str, int] = field(default_factory=dict)


_RECORDING: contextvars.ContextVar[_Recording | None] = contextvars.ContextVar(
    "kawebb_replica_recording", default=None
)
_HOOK_LOCK = threading.Lock()
_hook_installed = False


def _install_id_hook() -> None:
    """Once per process: new ORM rows of a recording replica get provisional ids."""
    global _hook_installed
    with _HOOK_LOCK:
        if not _hook_installed:
            event.listen(orm.Base, "before_insert", _provisional_id, propagate=True)
            event.listen(Session, "before_commit", _outbox_on_commit)
            _hook_installed = True


def _provisional_id(mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    recording = _RECORDING.get()
    if recording is None or connection.engine.pool is not recording.replica.engine.pool:
        return
    table = mapper.local_table
    assert isinstance(table, Table)
    keys = list(mapper.primary_key)
    if len(keys) != 1 or not isinstance(keys[0].type, Integer):
        return
    column = keys[0]
    attribute = mapper.get_property_by_column(column).key
    if getattr(target, attribute, None) is not None:
        return
    # Never an id given before, in any table: once a command's rows are the server's
    # its provisional ids are free in their tables, yet the id map still names them
    # (an edit of a change made offline was sent with the old answer's server id).
    lowest = connection.execute(select(func.min(column)).select_from(table)).scalar()
    low = connection.scalar(
        select(replica_meta.c.value).where(replica_meta.c.key == PROVISIONAL_LOW)
    )
    given = min(
        FIRST_PROVISIONAL_ID,
        (lowest or 0) - 1,
        int(low or 0) - 1,
        recording.given.get(PROVISIONAL_LOW, 0) - 1,
    )
    recording.given[PROVISIONAL_LOW] = given
    statement = sqlite_insert(replica_meta).values(key=PROVISIONAL_LOW, value=str(given))
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[replica_meta.c.key], set_={"value": statement.excluded.value}
        )
    )
    setattr(target, attribute, given)


def _outbox_on_commit(session: Session) -> None:
    """In the command's own transaction: if it changed the replica, add its outbox row
    and give the journal's new entries its number (so both commit, or neither)."""
    recording = _RECORDING.get()
    if recording is None:
        return
    session.flush()
    connection = session.connection()
    if connection.engine.pool is not recording.replica.engine.pool:
        return
    recorded = connection.scalar(
        select(func.count()).select_from(journal).where(journal.c.seq == RECORDING_SEQ)
    )
    if not recorded:
        return
    if recording.seq is None:
        entry = dict(recording.entry)
        # The services store their answer with the key in this very transaction: the
        # outbox row gets it too, so a crash cannot leave a command without the
        # provisional answer its ids are mapped from.
        keys = orm.Base.metadata.tables["idempotency_keys"]
        entry["provisional_answer"] = connection.scalar(
            select(keys.c.result).where(keys.c.key == entry.get("key")).limit(1)
        )
        added = connection.execute(outbox.insert().values(**entry))
        recording.seq = int(added.inserted_primary_key[0])  # type: ignore[index]
    else:  # a second transaction of the command: its first before-images stay
        connection.exec_driver_sql(
            "DELETE FROM replica_journal AS j WHERE j.seq = ? AND EXISTS (SELECT 1 FROM "
            "replica_journal AS o WHERE o.seq = ? AND o.tbl = j.tbl AND o.pk = j.pk)",
            (RECORDING_SEQ, recording.seq),
        )
    connection.execute(
        journal.update().where(journal.c.seq == RECORDING_SEQ).values(seq=recording.seq)
    )


def is_provisional(value: int) -> bool:
    return value < 0


# ---------------------------------------------------------------------- the replica
class Replica:
    """One replica file: its store (for the local services) and the sync's tables."""

    def __init__(self, path: Path, store: SqlStore) -> None:
        self.path = path
        self.store = store
        self._recording_fn = self._recording_now

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: Path) -> Replica:
        """Open (or create) the replica at ``path``: its folder 0700 and its files 0600,
        checked and mended on every open; the store migrated to head; the replica's own
        tables and journal triggers made."""
        folder = path.parent
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            _owner_only(folder, 0o700)
            if not path.exists():
                _create_database(path)
            else:
                _end_interrupted_bulk_load(path)
                _drop_triggers_before_migrating(path)
            for suffix in ("", "-wal", "-shm"):
                part = Path(str(path) + suffix)
                if part.exists():
                    _owner_only(part, 0o600)
        except OSError as exc:
            raise ReplicaError(msg(NOT_OWNER_ONLY, path=path, why=exc.strerror)) from exc
        store = open_store(sqlite_url(path), record_feed=False)
        replica = cls(path, store)
        _install_id_hook()
        engine = store.engine
        event.listen(engine, "connect", replica._on_connect)
        engine.dispose()  # the connections made so far lack the journal's SQL function
        replica._create_own_tables()
        return replica

    def close(self) -> None:
        self.store.close()

    @property
    def engine(self) -> Engine:
        return self.store.engine

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.create_function("kawebb_recording", 0, self._recording_fn)

    def _recording_now(self) -> int:
        recording = _RECORDING.get()
        return 1 if recording is not None and recording.replica is self else 0

    def _create_own_tables(self) -> None:
        with self.writing() as connection:
            LOCAL.create_all(connection)
            # The audit trail and receipts are append-only in a store (migration 0005);
            # in a replica they are a copy, which the feed updates and an undone
            # command takes its provisional entries out of.
            for name in APPEND_ONLY:
                for operation in ("update", "delete"):
                    connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}_no_{operation}")
            for table in replicated_tables():
                for statement in _journal_triggers(table):
                    connection.exec_driver_sql(statement)

    @contextlib.contextmanager
    def writing(self, *, foreign_keys: bool = True) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE``), committed unless it raises."""
        with self.engine.connect() as connection:
            connection.execution_options(**{migrate.SQLITE_BEGIN_OPTION: "IMMEDIATE"})
            guard = (
                contextlib.nullcontext() if foreign_keys else migrate.foreign_keys_off(connection)
            )
            with guard, connection.begin():
                yield connection

    def reading(self) -> contextlib.AbstractContextManager[Connection]:
        return self.engine.connect()

    # ------------------------------------------------------------------ recording
    @contextlib.contextmanager
    def recording(self, entry: Mapping[str, Any]) -> Iterator[_Recording]:
        """While active on this thread, what is written to the replica is journalled
        and new rows get provisional ids; the transaction that commits such a change
        adds the outbox row ``entry`` (column → value) with it, and the yielded
        recording's ``seq`` tells its number afterwards (``None``: nothing changed)."""
        recording = _Recording(self, dict(entry))
        token = _RECORDING.set(recording)
        try:
            yield recording
        finally:
            _RECORDING.reset(token)

    # ------------------------------------------------------------------ meta
    def meta(self, key: str) -> str | None:
        with self.reading() as connection:
            return connection.scalar(select(replica_meta.c.value).where(replica_meta.c.key == key))

    def cursor(self, key: str) -> int:
        value = self.meta(key)
        return int(value) if value is not None else 0

    def _set_meta(self, connection: Connection, key: str, value: str) -> None:
        statement = sqlite_insert(replica_meta).values(key=key, value=value)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=[replica_meta.c.key], set_={"value": statement.excluded.value}
            )
        )

    def set_meta(self, key: str, value: str) -> None:
        with self.writing() as connection:
            self._set_meta(connection, key, value)

    # ------------------------------------------------------------------ the feed
    def apply(
        self,
        key: str,
        page: FeedPage,
        *,
        prepare: Callable[[Connection], object] | None = None,
    ) -> None:
        """Apply one page of the feed whose cursor is ``key`` and save its cursor, in one
        transaction. ``prepare`` runs first in that transaction (the sync takes its
        synced commands' provisional rows away there). A page of another schema
        revision than the replica holds raises :class:`SchemaChanged`, nothing applied."""
        with self.writing(foreign_keys=False) as connection:
            known = connection.scalar(
                select(replica_meta.c.value).where(replica_meta.c.key == "schema")
            )
            if known is not None and known != page.schema:
                raise SchemaChanged(known, page.schema)
            if known is None:
                self._set_meta(connection, "schema", page.schema)
            if prepare is not None:
                prepare(connection)
            driver = connection.exec_driver_sql
            if page.more and not _bulk_loading(driver) and self._fresh(connection, key):
                _start_bulk_load(driver)
            pending = bool(connection.scalar(select(func.count()).select_from(journal)))
            # What the still-queued commands made of their rows, to be put back on top
            # of the server's once the page is applied (the rebase).
            queued = _queued_state(connection) if pending and page.entities else None
            provisional_free: set[str] = set()
            # Runs of live objects are applied a table at a time (a page of 5 000 cases
            # is a few statements, not 10 000); tombstones keep their place between them.
            run: list[FeedEntity] = []
            for entity in page.entities:
                if not entity.deleted:
                    run.append(entity)
                    continue
                _apply_live(connection, run, pending, provisional_free)
                run = []
                root = _table(entity.kind)
                _delete_cascading(connection, root, _pk_match(root, entity.entity_id))
                if pending:
                    _refresh_journal(connection, entity)
            _apply_live(connection, run, pending, provisional_free)
            if queued is not None:
                _rebase(connection, queued)
            self._set_meta(connection, key, str(page.cursor))
            if not page.more:
                _end_bulk_load(driver)

    @staticmethod
    def _fresh(connection: Connection, key: str) -> bool:
        """Whether the feed ``key`` has never been pulled (an initial pull)."""
        found = connection.scalar(select(replica_meta.c.value).where(replica_meta.c.key == key))
        return found is None

    def rebuild(self) -> None:
        """Forget everything the feed brought (the server's schema, or the person's
        role, changed): the replicated tables, the cursors, the schema and the journals
        are emptied; the outbox stays (its commands are still pushed), and so does what
        the replica knows of its server and person. The next pull starts from 0."""
        log.warning("Replica %s: pulling everything again", self.path)
        with self.writing(foreign_keys=False) as connection:
            _end_bulk_load(connection.exec_driver_sql)
            for table in reversed(replicated_tables()):
                connection.execute(delete(table))
            connection.execute(delete(journal))
            # What the feed brought; who and where the replica is for stays.
            connection.execute(
                delete(replica_meta).where(
                    (replica_meta.c.key == "schema")
                    | replica_meta.c.key.startswith("cursor:")
                    | replica_meta.c.key.startswith("pulled_as.")
                )
            )
        self.store.forget_cached_counts()

    # ------------------------------------------------------------------ session
    def ensure_session(self, token: str, personnummer: str, now: dt.datetime) -> bool:
        """The replica's own session row for ``token`` (never replicated), so that the
        local services know the person; False when the person is not (yet) in the
        replica."""
        sessions = orm.Base.metadata.tables["sessions"]
        persons = orm.Base.metadata.tables["persons"]
        hashed = token_hash(token)
        with self.writing() as connection:
            person_id = connection.scalar(
                select(persons.c.id).where(persons.c.personnummer == personnummer)
            )
            if person_id is None:
                return False
            existing = connection.scalar(
                select(sessions.c.id).where(sessions.c.token_hash == hashed)
            )
            if existing is None:
                connection.execute(
                    sessions.insert().values(
                        token_hash=hashed,
                        person_id=person_id,
                        created_at=now,
                        last_seen_at=now,
                        revoked_at=None,
                        order_ref="",
                    )
                )
            else:
                connection.execute(
                    sessions.update()
                    .where(sessions.c.id == existing)
                    .values(last_seen_at=now, revoked_at=None)
                )
        return True

    def end_session(self, token: str) -> None:
        sessions = orm.Base.metadata.tables["sessions"]
        with self.writing() as connection:
            connection.execute(delete(sessions).where(sessions.c.token_hash == token_hash(token)))

    # ------------------------------------------------------------------ journal
    def restore(self, connection: Connection, seq: int) -> None:
        """Undo command ``seq`` in ``connection``'s transaction: its journal's entries
        newest first (inserted rows deleted, changed and deleted rows written back as
        they were), then the journal entries themselves."""
        entries = connection.execute(
            select(journal.c.tbl, journal.c.pk, journal.c.before)
            .where(journal.c.seq == seq)
            .order_by(journal.c.id.desc())
        ).all()
        if entries:
            connection.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        for name, pk, before in entries:
            table = _table(name)
            keys = list(table.primary_key.columns)
            values = json.loads(pk)
            if before is None:
                condition = and_(*(c == v for c, v in zip(keys, values, strict=True)))
                _delete_cascading(connection, table, condition)
            else:
                _write_back(connection, table, json.loads(before))
        connection.execute(delete(journal).where(journal.c.seq == seq))
        self.store.forget_cached_counts()

    def touched(self, connection: Connection, seq: int) -> set[tuple[str, str]]:
        rows = connection.execute(select(journal.c.tbl, journal.c.pk).where(journal.c.seq == seq))
        return {(t, p) for t, p in rows}


# ---------------------------------------------------------------------- helpers
def _table(name: str) -> Table:
    table = orm.Base.metadata.tables.get(name)
    if table is None or name in LOCAL_ONLY:
        raise ReplicaError(msg(UNKNOWN_TABLE, what=name))
    return table


def _pk_match(table: Table, entity_id: int) -> Any:
    keys = list(table.primary_key.columns)
    if len(keys) != 1:
        raise ReplicaError(msg(UNKNOWN_TABLE, what=f"{table.name} (sammansatt nyckel)"))
    return keys[0] == entity_id


@functools.cache
def _child_column(other: Table, root: Table) -> Column[Any] | None:
    """The column of the child table ``other`` naming its root ``root`` (by its foreign
    key), or ``None`` when ``other`` is a row the root refers to (an authorization's
    person): such a row is only upserted."""
    for fk in other.foreign_keys:
        if fk.column.table is root:
            return fk.parent
    if any(fk.column.table is other for fk in root.foreign_keys):
        return None
    raise ReplicaError(msg(UNKNOWN_TABLE, what=f"{other.name} under {root.name}"))


#: Root ids per statement when a run's child rows are replaced (SQLite's bound
#: parameters are limited; 32 766 since 3.32).
_CHUNK = 900


def _apply_live(
    connection: Connection,
    entities: Sequence[FeedEntity],
    pending: bool,
    provisional_free: set[str],
) -> None:
    """Apply live objects of a page (distinct roots, in feed order): the child rows
    they bring replace their roots' rows of those child tables, then every table's rows
    are upserted at once, in the page's order. Equal to applying them one by one:
    each root's child rows are its own, so no object's delete touches another's rows."""
    if not entities:
        return
    replaced: dict[Table, tuple[Column[Any], list[int]]] = {}
    rows_of: dict[Table, list[Mapping[str, object]]] = {}
    for entity in entities:
        root = _table(entity.kind)
        for name, rows in entity.rows.items():
            table = _table(name)
            if table is not root:
                column = _child_column(table, root)
                if column is not None:  # a child: its rows are replaced
                    replaced.setdefault(table, (column, []))[1].append(entity.entity_id)
            rows_of.setdefault(table, []).extend(rows)
    for table, (column, ids) in replaced.items():
        for start in range(0, len(ids), _CHUNK):
            _delete_cascading(connection, table, column.in_(ids[start : start + _CHUNK]))
    for table, table_rows in rows_of.items():
        if table.name not in provisional_free:
            if _has_provisional(connection, table):
                _drop_clashing_provisional(connection, table, table_rows)
            else:
                provisional_free.add(table.name)
        _upsert(connection, table, table_rows)
    if pending:
        for entity in entities:
            _refresh_journal(connection, entity)


def _delete_cascading(connection: Connection, table: Table, condition: Any) -> None:
    """Delete ``table``'s rows matching ``condition`` and, first, what refers to them as
    the foreign keys say (CASCADE: deleted; SET NULL: cleared) — with foreign keys off,
    SQLite does neither."""
    for child, fk in _references_to(table):
        parents = select(fk.column).where(condition)
        if fk.ondelete == "CASCADE":
            if child is table:
                continue  # no self-referencing cascades in this schema
            _delete_cascading(connection, child, fk.parent.in_(parents))
        elif fk.ondelete == "SET NULL":
            connection.execute(
                child.update().where(fk.parent.in_(parents)).values({fk.parent.name: None})
            )
    connection.execute(delete(table).where(condition))


@functools.cache
def _references_to(table: Table) -> tuple[tuple[Table, ForeignKey], ...]:
    """The foreign keys that refer to ``table``, with their tables, in the metadata's
    order (sorting the tables anew for every delete was most of an undo's time)."""
    return tuple(
        (child, fk)
        for child in orm.Base.metadata.sorted_tables
        for fk in child.foreign_keys
        if fk.column.table is table
    )


def _provisional_key(table: Table) -> Column[Any] | None:
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and isinstance(keys[0].type, Integer):
        return keys[0]
    return None


def _has_provisional(connection: Connection, table: Table) -> bool:
    key = _provisional_key(table)
    if key is None:
        return False
    return connection.scalar(select(key).where(key < 0).limit(1)) is not None


def _unique_column_sets(table: Table) -> list[list[Column[Any]]]:
    found = [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    found += [list(i.columns) for i in table.indexes if i.unique]
    found += [[c] for c in table.columns if c.unique]
    return found


def _drop_clashing_provisional(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, object]]
) -> None:
    """The server's rows win over provisional ones they clash with on a unique key (the
    same person's *Ny* made here and on another workstation): the provisional row goes,
    and every journalled image of it is made "absent", so that undoing its commands
    later leaves it gone. Its command stays in the outbox; the server judges it."""
    key = _provisional_key(table)
    if key is None:
        return
    for columns in _unique_column_sets(table):
        for row in rows:
            decoded = _decode_row(table, row)
            if any(decoded.get(c.name) is None for c in columns):
                continue
            clash = connection.scalars(
                select(key).where(key < 0, *(c == decoded[c.name] for c in columns))
            ).all()
            for provisional in clash:
                log.info("Provisional %s %s gives way to the server's row", table.name, provisional)
                _delete_cascading(connection, table, key == provisional)
                connection.execute(
                    journal.update()
                    .where(journal.c.tbl == table.name, journal.c.pk == _pk_json([provisional]))
                    .values(before=None)
                )


def _decoder(column: Column[Any]) -> Callable[[Any], Any] | None:
    """How a JSON value of ``column`` becomes the value to store; ``None``: as it is."""
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        kind = column_type.python_type
    except NotImplementedError:
        return None
    if kind is dt.datetime:
        return dt.datetime.fromisoformat
    if kind is dt.date:
        return dt.date.fromisoformat
    if kind is Decimal:
        return lambda value: Decimal(str(value))
    if kind is bytes:
        return base64.b64decode
    if kind is bool:
        return bool
    return None


@functools.cache
def _decoders(table: Table) -> dict[str, Callable[[Any], Any] | None]:
    """Each column's :func:`_decoder`, found once per table (not per value)."""
    return {column.name: _decoder(column) for column in table.columns}


def _decode_row(table: Table, row: Mapping[str, object]) -> dict[str, Any]:
    decoders = _decoders(table)
    decoded: dict[str, Any] = {}
    for name, value in row.items():
        try:
            decode = decoders[name]
        except KeyError:
            raise ReplicaError(msg(UNKNOWN_TABLE, what=f"{table.name}.{name}")) from None
        decoded[name] = value if value is None or decode is None else decode(value)
    return decoded


def _upsert(connection: Connection, table: Table, rows: Sequence[Mapping[str, object]]) -> None:
    """Insert or update ``rows`` by primary key (never REPLACE: that deletes first)."""
    if not rows:
        return
    by_shape: dict[frozenset[str], list[dict[str, Any]]] = {}
    for row in rows:
        decoded = _decode_row(table, row)
        by_shape.setdefault(frozenset(decoded), []).append(decoded)
    for names, group in by_shape.items():
        connection.execute(_upsert_statement(table, names), group)


@functools.lru_cache(maxsize=512)
def _upsert_statement(table: Table, names: frozenset[str]) -> Any:
    """The upsert of ``table``'s rows holding the columns ``names``, made once: building
    ``excluded`` for a wide table costs milliseconds, which per object of a page was
    most of an initial pull's time."""
    keys = [c.name for c in table.primary_key.columns]
    statement = sqlite_insert(table)
    others = [c for c in table.columns if c.name not in keys and c.name in names]
    if others:
        update = {c.name: statement.excluded[c.name] for c in others}
        return statement.on_conflict_do_update(index_elements=keys, set_=update)
    return statement.on_conflict_do_nothing(index_elements=keys)


def _write_back(connection: Connection, table: Table, raw: Mapping[str, Any]) -> None:
    """Write a journalled before-image back as it was stored (raw SQLite values, so no
    type processing), inserting or updating by primary key."""
    names = [c.name for c in table.columns]
    keys = [c.name for c in table.primary_key.columns]
    columns = ", ".join(f'"{n}"' for n in names)
    params = ", ".join(f":p{i}" for i in range(len(names)))
    updates = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n not in keys) or None
    conflict = ", ".join(f'"{k}"' for k in keys)
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    sql = (
        f'INSERT INTO "{table.name}" ({columns}) VALUES ({params}) '
        f"ON CONFLICT ({conflict}) {action}"
    )
    connection.execute(text(sql), {f"p{i}": raw.get(n) for i, n in enumerate(names)})


# ---------------------------------------------------------------------- bulk load
#: ``replica_meta``'s key for what an initial pull took away to load faster (JSON).
BULK_LOAD_KEY = "bulk_load"

_FTS_CONTENT = re.compile(r"content\s*=\s*'([^']+)'", re.IGNORECASE)

#: Runs one SQL statement with positional parameters, returning rows (``fetchall``):
#: ``Connection.exec_driver_sql`` in a transaction, or a sqlite3 connection's ``execute``.
Execute = Callable[..., Any]


def _bulk_loading(execute: Execute) -> bool:
    found = execute("SELECT 1 FROM replica_meta WHERE key = ?", (BULK_LOAD_KEY,)).fetchall()
    return bool(found)


def _start_bulk_load(execute: Execute) -> None:
    """Before the first of several pages of an initial pull: the replicated tables'
    non-unique indexes and full-text triggers go, since keeping ~10 indexes and a
    trigram index up to date row by row is most of a page's time, while making them
    again at the end (:func:`_end_bulk_load`) costs a fraction of it. Their SQL is kept
    in ``replica_meta`` in the same transaction, so a pull cut off by a crash gets them
    back at the next open. Unique indexes stay (they are rules, not speed)."""
    replicated = {t.name for t in replicated_tables()}
    master = execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
    ).fetchall()
    fts = {
        name: match.group(1)
        for kind, name, _table, sql in master
        if kind == "table"
        and "fts5" in sql.lower()
        and (match := _FTS_CONTENT.search(sql)) is not None
        and match.group(1) in replicated
    }
    dropped: list[list[str]] = []
    for kind, name, table, sql in master:
        if table not in replicated:
            continue
        if kind == "index" and not sql.lstrip().upper().startswith("CREATE UNIQUE"):
            execute(f'DROP INDEX "{name}"')
            dropped.append(["index", name, sql])
        elif kind == "trigger" and any(t == table and f in sql for f, t in fts.items()):
            execute(f'DROP TRIGGER "{name}"')
            dropped.append(["trigger", name, sql])
    state = json.dumps({"dropped": dropped, "rebuild": sorted(fts)})
    execute("INSERT INTO replica_meta (key, value) VALUES (?, ?)", (BULK_LOAD_KEY, state))
    log.info("Initial pull: %d indexes and triggers set aside until its end", len(dropped))


def _end_bulk_load(execute: Execute) -> None:
    """Make again what :func:`_start_bulk_load` set aside, and rebuild the full-text
    indexes from their tables (nothing when no bulk load is under way)."""
    found = execute("SELECT value FROM replica_meta WHERE key = ?", (BULK_LOAD_KEY,)).fetchall()
    if not found:
        return
    state = json.loads(found[0][0])
    for kind, name, sql in state["dropped"]:
        exists = execute(
            "SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?", (kind, name)
        ).fetchall()
        if not exists:
            execute(sql)
    for name in state["rebuild"]:
        execute(f'INSERT INTO "{name}" ("{name}") VALUES (\'rebuild\')')
    execute("DELETE FROM replica_meta WHERE key = ?", (BULK_LOAD_KEY,))
    log.info("Initial pull: %d indexes and triggers made again", len(state["dropped"]))


def _end_interrupted_bulk_load(path: Path) -> None:
    """At open, before migrating: a bulk load that a crash cut off is ended."""
    connection = sqlite3.connect(path)
    try:
        has_meta = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'replica_meta'"
        ).fetchone()
        if has_meta is not None:
            _end_bulk_load(connection.execute)
            connection.commit()
    finally:
        connection.close()


def _pk_json(values: Sequence[object]) -> str:
    """A primary key as the journal's triggers write it (``json_array``)."""
    return json.dumps(list(values), separators=(",", ":"))


def _row_state(connection: Connection, table: Table, key: Sequence[object]) -> str | None:
    """The row of ``table`` with primary key ``key`` as stored, in the very form the
    journal's triggers record it (JSON); ``None`` when there is none."""
    condition = " AND ".join(
        f't."{k.name}" = :k{i}' for i, k in enumerate(table.primary_key.columns)
    )
    query = f'SELECT {_json_object(table, "t")} FROM "{table.name}" AS t WHERE {condition}'
    values = {f"k{i}": v for i, v in enumerate(key)}
    found = connection.execute(text(query), values).scalar()
    return None if found is None else str(found)


def _refresh_journal(connection: Connection, entity: Any) -> None:
    """The server's new state of rows that queued commands changed provisionally becomes
    their oldest before-image: undoing the commands then gives the server's state, not
    the one the replica had before. (The provisional change itself is put back on top
    of the page by :func:`_rebase`.)"""
    touched: list[tuple[Table, str, Mapping[str, object] | None]] = []
    root = _table(entity.kind)
    if entity.deleted:
        touched.append((root, _pk_json([entity.entity_id]), None))
    for name, rows in entity.rows.items():
        table = _table(name)
        keys = [c.name for c in table.primary_key.columns]
        for row in rows:
            touched.append((table, _pk_json([row[k] for k in keys]), row))
    for table, pk, row in touched:
        oldest = connection.scalar(
            select(func.min(journal.c.id)).where(journal.c.tbl == table.name, journal.c.pk == pk)
        )
        if oldest is None:
            continue
        before = None if row is None else _row_state(connection, table, json.loads(pk))
        connection.execute(journal.update().where(journal.c.id == oldest).values(before=before))


# ---------------------------------------------------------------------- the rebase
#: ``replica_outbox.status`` of a command not yet answered (``outbox.Status.QUEUED``).
_QUEUED = "queued"


@dataclass(slots=True)
class _Queued:
    """The rows that still-queued commands changed, as they were before a page."""

    #: (table, primary key JSON) → the row as stored (JSON), ``None``: the command
    #: deleted it.
    rows: dict[tuple[str, str], str | None]
    #: Every journal entry of those rows, oldest first: (id, seq, before).
    entries: dict[tuple[str, str], list[tuple[int, int, str | None]]]
    #: The id map: provisional id → (server id, the command whose answer gave it).
    ids: dict[int, tuple[int, int]]


def _queued_state(connection: Connection) -> _Queued | None:
    """What :func:`_rebase` puts back after a page: the rows of the queued commands."""
    queued = {
        int(seq)
        for seq in connection.scalars(select(outbox.c.seq).where(outbox.c.status == _QUEUED))
    }
    if not queued:
        return None
    entries: dict[tuple[str, str], list[tuple[int, int, str | None]]] = {}
    for entry_id, seq, name, pk, before in connection.execute(
        select(journal.c.id, journal.c.seq, journal.c.tbl, journal.c.pk, journal.c.before)
        .where(journal.c.seq != RECORDING_SEQ)
        .order_by(journal.c.id)
    ):
        entries.setdefault((name, pk), []).append((int(entry_id), int(seq), before))
    rows = {
        (name, pk): _row_state(connection, _table(name), json.loads(pk))
        for (name, pk), found in entries.items()
        if any(seq in queued for _, seq, _ in found)
    }
    if not rows:
        return None
    mapped = connection.execute(select(id_map.c.provisional, id_map.c.server, id_map.c.seq))
    ids = {int(p): (int(s), int(q)) for p, s, q in mapped}
    return _Queued(rows, {k: v for k, v in entries.items() if k in rows}, ids)


def _moved_row(table: Table, raw: Mapping[str, Any], moved: Mapping[int, int]) -> dict[str, Any]:
    """A stored row with the provisional ids in ``moved`` (in its key and its foreign
    keys) replaced by the server's."""
    row = dict(raw)
    for column in table.columns:
        value = row.get(column.name)
        if (
            (column.primary_key or column.foreign_keys)
            and isinstance(value, int)
            and not isinstance(value, bool)
            and value in moved
        ):
            row[column.name] = moved[value]
    return row


def _rebase(connection: Connection, queued: _Queued) -> None:
    """After a page: the rows that still-queued commands changed are put back as those
    commands left them, on top of the server's (a pull never takes a queued edit out of
    the replica: the user goes on from what they did, and the next edit is made at the
    version their own queued edit gave). The journal keeps the server's state as what
    undoing the commands restores. A row made here whose server row the page brought
    (the command that made it is answered, the id map knows its id) moves to the
    server's id, with its journal; a row the server's rows now clash with on a unique
    key stays the server's (its command is judged by the server)."""
    moved: dict[int, int] = {}
    for name, pk in queued.rows:
        key = json.loads(pk)
        if len(key) != 1 or not isinstance(key[0], int) or not is_provisional(key[0]):
            continue
        server, seq = queued.ids.get(key[0], (None, None))
        if server is None or seq not in {s for _, s, _ in queued.entries[(name, pk)]}:
            continue  # not answered yet (or an old answer for an id given anew)
        if _row_state(connection, _table(name), [server]) is not None:
            moved[key[0]] = server
    placed: list[tuple[Table, list[Any], str | None]] = []
    for (name, pk), state in queued.rows.items():
        table = _table(name)
        key = json.loads(pk)
        at = [moved.get(v, v) if isinstance(v, int) else v for v in key]
        server_state = _row_state(connection, table, at)
        if at != key:  # the row made here gives way to the server's, the journal moves
            _delete_cascading(connection, table, _key_match(table, key))
            for n, (entry_id, seq, before) in enumerate(queued.entries[(name, pk)]):
                if connection.scalar(
                    select(journal.c.id).where(
                        journal.c.seq == seq, journal.c.tbl == name, journal.c.pk == _pk_json(at)
                    )
                ):
                    connection.execute(delete(journal).where(journal.c.id == entry_id))
                    continue
                if n == 0:
                    image = server_state
                elif before is None:
                    image = None
                else:
                    image = json.dumps(_moved_row(table, json.loads(before), moved))
                connection.execute(
                    journal.update()
                    .where(journal.c.id == entry_id)
                    .values(pk=_pk_json(at), before=image)
                )
        elif server_state is None and state is not None:
            # Gone from the server (a tombstone, a replaced child row): undoing the
            # commands leaves it gone.
            oldest = queued.entries[(name, pk)][0][0]
            connection.execute(journal.update().where(journal.c.id == oldest).values(before=None))
        placed.append((table, at, state))
    for table, at, state in placed:
        if state == _row_state(connection, table, at):
            continue  # the page left it as the queued commands did
        if state is None:
            _delete_cascading(connection, table, _key_match(table, at))
            continue
        row = _moved_row(table, json.loads(state), moved)
        try:
            with connection.begin_nested():
                _write_back(connection, table, row)
        except IntegrityError:
            log.info("Queued %s %s gives way to the server's row", table.name, at)


def _key_match(table: Table, key: Sequence[object]) -> Any:
    return and_(*(c == v for c, v in zip(table.primary_key.columns, key, strict=True)))


def _json_object(table: Table, alias: str) -> str:
    return (
        "json_object(" + ", ".join(f"'{c.name}', {alias}.\"{c.name}\"" for c in table.columns) + ")"
    )


def _journal_triggers(table: Table) -> list[str]:
    """Triggers that journal ``table``'s changes made while this thread records."""
    name = table.name
    keys = [c.name for c in table.primary_key.columns]

    def pk(row: str) -> str:
        return "json_array(" + ", ".join(f'{row}."{k}"' for k in keys) + ")"

    before = _json_object(table, "OLD")
    record = (
        "INSERT OR IGNORE INTO replica_journal (seq, tbl, pk, before) "
        f"VALUES ({RECORDING_SEQ}, '{name}', "
    )
    when = "WHEN kawebb_recording() = 1"
    return [
        f'CREATE TRIGGER IF NOT EXISTS replica_journal_{name}_insert AFTER INSERT ON "{name}" '
        f"{when} BEGIN {record}{pk('NEW')}, NULL); END",
        f'CREATE TRIGGER IF NOT EXISTS replica_journal_{name}_update BEFORE UPDATE ON "{name}" '
        f"{when} BEGIN {record}{pk('OLD')}, {before}); END",
        f'CREATE TRIGGER IF NOT EXISTS replica_journal_{name}_delete BEFORE DELETE ON "{name}" '
        f"{when} BEGIN {record}{pk('OLD')}, {before}); END",
    ]


__all__ = [
    "FIRST_PROVISIONAL_ID",
    "LOCAL_ONLY",
    "Replica",
    "ReplicaError",
    "SchemaChanged",
    "cursor_key",
    "id_map",
    "is_provisional",
    "journal",
    "outbox",
    "replica_meta",
    "replica_path",
]
