"""The SQL store: an engine per store, a Session per unit of work.

What a URL becomes:

* ``sqlite:///path`` — a file (WAL journal, so readers never wait for the writer), pooled
  connections usable from any thread.
* ``sqlite://`` — one shared in-memory database (tests, demos). It lives in a single
  connection (``StaticPool``), so units of work take turns: a lock serialises them.
* ``postgresql://…`` or ``postgresql+psycopg://…`` — psycopg 3; ``schema`` pins the
  ``search_path`` of every connection, which isolates tests and tenants of one database.

SQLite transactions are taken over from the ``sqlite3`` driver, whose legacy mode opens
no transaction for SELECT and breaks SAVEPOINT (see SQLAlchemy's "Transactions with
SQLite and the sqlite3 driver"). SQLAlchemy's "begin" hook emits the ``BEGIN`` itself
when a unit of work first touches the database, so that each one reads one consistent
snapshot and the repositories' savepoints work:

* ``unit_of_work()`` (a reader) begins with a plain, deferred ``BEGIN``. In WAL mode
  readers never wait for a writer (the UI pages through lists while a worker writes).
  Should such a unit of work write after it has read, it must upgrade its snapshot to
  the write lock: if another connection holds that lock, or has committed a write since
  the snapshot was taken, SQLite refuses at once (it does not wait out the busy timeout)
  and the repositories report ``Conflict``.
* ``unit_of_work(write=True)`` begins with ``BEGIN IMMEDIATE``: it takes the write lock
  before its first read, waiting on the busy timeout while another writer holds it, so
  writers take turns instead of failing, and read what the previous one committed.
* A migration begins ``IMMEDIATE`` too, so that two processes opening one new file take
  turns.

On PostgreSQL ``write`` makes no difference: every unit of work is a transaction at the
server's default isolation (READ COMMITTED), and the versioned updates (``WHERE version
= <old>``) catch the writers that got in first.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool, StaticPool

from kawebb_desktop.domain.errors import StoreUnavailable
from kawebb_desktop.store.base import (
    AccountRepository,
    AgreementRepository,
    AuditRepository,
    CaseRepository,
    ContactRepository,
    IdempotencyRepository,
    MetaRepository,
    OrganisationRepository,
    PendingChangeRepository,
    PersonRepository,
    ReceiptRepository,
    SessionRepository,
    SigningOrderRepository,
    SimulatorOrderRepository,
    Store,
    UnitOfWork,
    UnitRepository,
    UserRepository,
)
from kawebb_desktop.store.sql import migrate
from kawebb_desktop.store.sql.counts import CountCache
from kawebb_desktop.store.sql.repositories import (
    SqlAccountRepository,
    SqlAgreementRepository,
    SqlAuditRepository,
    SqlCaseRepository,
    SqlContactRepository,
    SqlIdempotencyRepository,
    SqlMetaRepository,
    SqlOrganisationRepository,
    SqlPendingChangeRepository,
    SqlPersonRepository,
    SqlReceiptRepository,
    SqlSessionRepository,
    SqlSigningOrderRepository,
    SqlSimulatorOrderRepository,
    SqlUnitRepository,
    SqlUserRepository,
)

#: How long a SQLite connection waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT_MS = 5000

_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def open_store(url: str, *, schema: str | None = None, create_schema: bool = False) -> SqlStore:
    """Connect to ``url``, migrate the database to the current schema, return the store.

    ``schema`` (PostgreSQL only) is the schema the store's tables, and Alembic's version
    table, live in; ``create_schema`` creates it when missing.
    """
    try:
        engine = make_engine(url, schema=schema, create_schema=create_schema)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreUnavailable(f"Databasadressen ”{_safe(url)}” är inte giltig: {exc}") from exc
    description = describe(engine.url, schema)
    try:
        migrate.upgrade(engine)
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(f"Databasen kunde inte öppnas ({description}): {reason}") from exc
    except BaseException:
        engine.dispose()
        raise
    return SqlStore(engine, description)


def _safe(url: str) -> str:
    """``url`` without a password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(oläslig)"


def make_engine(url: str, *, schema: str | None = None, create_schema: bool = False) -> Engine:
    """The engine :func:`open_store` uses, without migrating (for migrations and tests)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if schema is not None:
            raise ValueError("schema kan bara anges för PostgreSQL.")
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        return _postgresql_engine(parsed, schema, create_schema)
    raise ValueError(
        f"Databasen {parsed.drivername!r} stöds inte; ange en sqlite:// eller postgresql://-adress."
    )


def describe(url: URL, schema: str | None = None) -> str:
    """Where the data lives, for people: never a password (nor a user name)."""
    if url.get_backend_name() == "sqlite":
        if _is_memory(url):
            return "SQLite: i minnet"
        return f"SQLite: {Path(url.database or '').resolve()}"
    where = f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"
    return f"PostgreSQL: {where}" + (f" (schema {schema})" if schema else "")


def _is_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"


def _sqlite_engine(url: URL) -> Engine:
    memory = _is_memory(url)
    if memory:
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(url.database or "").resolve().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # No implicit BEGIN from the driver; SQLAlchemy's "begin" below emits it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if not memory:
                _use_wal(cursor)
        finally:
            cursor.close()

    def on_begin(connection: Connection) -> None:
        # Migrations and writing units of work ask for IMMEDIATE (see the docstring).
        mode = connection.get_execution_options().get(migrate.SQLITE_BEGIN_OPTION, "DEFERRED")
        if mode not in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
            raise ValueError(f"{migrate.SQLITE_BEGIN_OPTION}={mode!r}")
        connection.exec_driver_sql(f"BEGIN {mode}")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)
    return engine


def _use_wal(cursor: Any) -> None:
    """Switch a SQLite file to WAL (it stays so: later connections only check).

    The switch needs the file to itself, and SQLite refuses it at once, without the busy
    timeout, while another connection is busy with the new file (two processes opening
    it together): try again until the timeout has passed.
    """
    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _postgresql_engine(url: URL, schema: str | None, create_schema: bool) -> Engine:
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    connect_args: dict[str, Any] = {}
    if schema is not None:
        if not _SCHEMA_NAME.fullmatch(schema):
            raise ValueError(
                f"Ogiltigt schemanamn {schema!r}: använd små bokstäver a–z, siffror och _."
            )
        if create_schema:
            _create_schema(url, schema)
        # A libpq option: applies from the first statement of every new connection.
        connect_args["options"] = f"-c search_path={schema}"
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def _create_schema(url: URL, schema: str) -> None:
    admin = create_engine(url, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    finally:
        admin.dispose()


class SqlStore:
    """A :class:`~kawebb_desktop.store.base.Store` over one SQLAlchemy engine.

    Its units of work share a short-lived cache of case-list totals (:mod:`.counts`);
    ``case_counts`` replaces it (tests pass one with their own clock).
    """

    def __init__(
        self,
        engine: Engine,
        description: str,
        *,
        case_counts: CountCache[tuple[int, bool]] | None = None,
    ) -> None:
        self.description = description
        self._engine = engine
        self._case_counts: CountCache[tuple[int, bool]] = (
            case_counts if case_counts is not None else CountCache()
        )
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True)
        # The same pool; its connections carry the option the SQLite "begin" hook reads
        # (other backends ignore it).
        writer = engine.execution_options(**{migrate.SQLITE_BEGIN_OPTION: "IMMEDIATE"})
        self._writer_sessions = sessionmaker(writer, expire_on_commit=False, autoflush=True)
        # One shared in-memory connection cannot hold two transactions: take turns.
        self._turns: threading.RLock | None = (
            threading.RLock() if isinstance(engine.pool, StaticPool) else None
        )

    @property
    def engine(self) -> Engine:
        """For migrations, diagnostics and tests; services never see it."""
        return self._engine

    def unit_of_work(self, *, write: bool = False) -> SqlUnitOfWork:
        """``write=True`` for a unit of work that will write: on SQLite it begins
        ``IMMEDIATE`` and so waits for its turn (see the module docstring)."""
        return SqlUnitOfWork(
            self._writer_sessions if write else self._sessions, self._turns, self._case_counts
        )

    def forget_cached_counts(self) -> None:
        """Drop every cached case-list total, for whoever changed cases behind the
        store's back (plain SQL in tests and tools); the store's own writes do this."""
        self._case_counts.clear()

    def close(self) -> None:
        self._engine.dispose()

    def __repr__(self) -> str:
        return f"SqlStore({self.description!r})"


class SqlUnitOfWork:
    """One transaction: rolled back on exit unless :meth:`commit` was called.

    A unit of work belongs to the thread that opened it; open another one per thread
    (they are cheap). Do not nest them: on SQLite the inner one could wait for the
    outer one's write lock until the busy timeout (and with ``write=True`` the inner
    one always does when the outer one also writes).
    """

    organisations: OrganisationRepository
    units: UnitRepository
    agreements: AgreementRepository
    persons: PersonRepository
    users: UserRepository
    contacts: ContactRepository
    accounts: AccountRepository
    cases: CaseRepository
    pending: PendingChangeRepository
    receipts: ReceiptRepository
    audit: AuditRepository
    orders: SigningOrderRepository
    sessions: SessionRepository
    idempotency: IdempotencyRepository
    meta: MetaRepository
    simulator_orders: SimulatorOrderRepository

    def __init__(
        self,
        sessions: sessionmaker[Session],
        turns: threading.RLock | None = None,
        case_counts: CountCache[tuple[int, bool]] | None = None,
    ) -> None:
        self._sessions = sessions
        self._turns = turns
        self._case_counts = case_counts
        self._session: Session | None = None
        self._case_repository: SqlCaseRepository | None = None

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("this unit of work is already open")
        if self._turns is not None:
            self._turns.acquire()
        try:
            session = self._sessions()
        except BaseException:
            self._release_turn()
            raise
        self._session = session
        self.organisations = SqlOrganisationRepository(session)
        self.units = SqlUnitRepository(session)
        self.agreements = SqlAgreementRepository(session)
        self.persons = SqlPersonRepository(session)
        self.users = SqlUserRepository(session)
        self.contacts = SqlContactRepository(session)
        self.accounts = SqlAccountRepository(session)
        self.cases = self._case_repository = SqlCaseRepository(session, self._case_counts)
        self.pending = SqlPendingChangeRepository(session)
        self.receipts = SqlReceiptRepository(session)
        self.audit = SqlAuditRepository(session)
        self.orders = SqlSigningOrderRepository(session)
        self.sessions = SqlSessionRepository(session)
        self.idempotency = SqlIdempotencyRepository(session)
        self.meta = SqlMetaRepository(session)
        self.simulator_orders = SqlSimulatorOrderRepository(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        try:
            if session is not None:
                try:
                    session.rollback()
                finally:
                    session.close()
        finally:
            self._release_turn()

    def commit(self) -> None:
        session = self._open_session()
        try:
            session.commit()
        finally:
            cases = self._case_repository
            if cases is not None and cases.added:
                # Totals counted while the new cases were not yet visible are stale now.
                if self._case_counts is not None:
                    self._case_counts.clear()
                cases.added = False

    def rollback(self) -> None:
        self._open_session().rollback()
        if self._case_repository is not None:
            self._case_repository.added = False  # the added cases are gone again

    def _open_session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open (use it in a with block)")
        return self._session

    def _release_turn(self) -> None:
        if self._turns is not None:
            self._turns.release()


if TYPE_CHECKING:  # mypy proves that the classes keep the protocols of store/base.py

    def _is_a_store(store: SqlStore) -> Store:
        return store

    def _is_a_unit_of_work(uow: SqlUnitOfWork) -> UnitOfWork:
        return uow
