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

A SQLite file is checked (``PRAGMA quick_check``, which reads all of it: 1.2 s at 100 000
cases) when it opens, unless it is exactly as this user's last clean close of it left it
(:func:`clean_closes_file`): same file, size and times, no write-ahead log waiting. A
close is clean when nothing met a damaged file meanwhile; a crash, another program's
write, a copy or a restore over it, a log left behind — any of these means a check.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import sqlite3
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, ResourceClosedError
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker
from sqlalchemy.pool import NullPool, StaticPool

from kawebb_desktop.domain.errors import Conflict, StoreUnavailable
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.settings import APP_DIR_NAME, explain_os_error
from kawebb_desktop.store.base import (
    AccountRepository,
    AgreementRepository,
    AuditRepository,
    CaseRepository,
    ClaimRepository,
    ContactRepository,
    DocumentRepository,
    FeedRepository,
    IdempotencyRepository,
    MetaRepository,
    NewsRepository,
    OrganisationRepository,
    PendingChangeRepository,
    PersonRepository,
    ReceiptRepository,
    ServiceRepository,
    SessionRepository,
    SigningOrderRepository,
    SimulatorOrderRepository,
    Store,
    UnitOfWork,
    UnitRepository,
    UserRepository,
)
from kawebb_desktop.store.sql import batch, feed, migrate
from kawebb_desktop.store.sql.counts import CountCache
from kawebb_desktop.store.sql.document_repository import SqlDocumentRepository
from kawebb_desktop.store.sql.repositories import (
    BUSY,
    SqlAccountRepository,
    SqlAgreementRepository,
    SqlAuditRepository,
    SqlCaseRepository,
    SqlClaimRepository,
    SqlContactRepository,
    SqlIdempotencyRepository,
    SqlMetaRepository,
    SqlNewsRepository,
    SqlOrganisationRepository,
    SqlPendingChangeRepository,
    SqlPersonRepository,
    SqlReceiptRepository,
    SqlServiceRepository,
    SqlSessionRepository,
    SqlSigningOrderRepository,
    SqlSimulatorOrderRepository,
    SqlUnitRepository,
    SqlUserRepository,
    is_race,
)

#: How long a SQLite connection waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT_MS = 5000

_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_log = logging.getLogger(__name__)


def open_store(
    url: str | URL,
    *,
    schema: str | None = None,
    create_schema: bool = False,
    check: bool = True,
    record_feed: bool = True,
) -> SqlStore:
    """Connect to ``url``, migrate the database to the current schema, return the store.

    ``schema`` (PostgreSQL only) is the schema the store's tables, and Alembic's version
    table, live in; ``create_schema`` creates it when missing.

    Whatever keeps the store from being used raises ``StoreUnavailable`` with a Swedish
    message that never shows a password, and leaves the database as it was: an address
    that is not valid; a server that is not there; a database a newer version of the
    program has migrated; a SQLite file that is empty (0 bytes), not a database, or —
    ``check``: ``PRAGMA quick_check`` when it opens — damaged. A SQLite file this
    process may not write is opened read-only (:attr:`SqlStore.read_only`): it can be
    read, and every write is refused with a message.

    ``record_feed``: whether writes record the change feeds (:attr:`SqlStore.records_feed`).
    """
    parsed = _parse(url)
    file = _sqlite_file(parsed)
    read_only = _prepare_sqlite_file(file) if file is not None else False
    description = describe(parsed, schema) + (f", {READ_ONLY_MARK}" if read_only else "")
    try:
        engine = make_engine(
            parsed, schema=schema, create_schema=create_schema, read_only=read_only
        )
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreUnavailable(_invalid(parsed, _english_free(exc))) from exc
    except DBAPIError as exc:  # creating the schema needs the server
        raise StoreUnavailable(_cannot_open(description, exc, parsed)) from exc
    verified = False
    try:
        if file is not None and check:
            _check_integrity(engine, file)
            verified = True
        if read_only:
            _require_head(engine, description)
        else:
            migrate.upgrade(engine)
    except migrate.UnknownRevision as exc:
        engine.dispose()
        raise StoreUnavailable(msg(NEWER_SCHEMA, where=description, revision=exc.revision)) from exc
    except DBAPIError as exc:
        engine.dispose()
        code = _sqlite_code(exc)
        if file is not None and code in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
            template = NOT_A_DATABASE if code == "SQLITE_NOTADB" else DAMAGED_AT_OPEN
            raise StoreUnavailable(msg(template, path=file)) from exc
        if file is not None and read_only and code == "SQLITE_CANTOPEN":
            raise StoreUnavailable(msg(READ_ONLY_FOLDER, path=file)) from exc
        raise StoreUnavailable(_cannot_open(description, exc, parsed)) from exc
    except BaseException:
        engine.dispose()
        raise
    store = SqlStore(engine, description, read_only=read_only, record_feed=record_feed)
    if file is not None and verified:
        store.remember_clean_close(file)
    return store


def sqlite_url(path: Path) -> URL:
    """The URL of the SQLite file at ``path``, whatever its name holds (``%``, ``?``,
    ``#``, ``@``, spaces): built by ``URL.create``, never by formatting a string, which
    would read ``%41`` as ``A`` and ``?mode=memory`` as a parameter."""
    return URL.create("sqlite", database=str(path))


# ------------------------------------------------------------------ messages
NEWER_SCHEMA = (
    "Databasen ({where}) är skapad av en nyare version av KA Webb (schemaversion "
    "{revision}). Den här versionen kan inte använda den och har inte ändrat något i den. "
    "Installera den nyare versionen av KA Webb."
)
DAMAGED_AT_OPEN = (
    "Databasfilen {path} är skadad: kontrollen när den öppnades hittade fel. Programmet "
    "har inte ändrat något i den. Återställ den från en säkerhetskopia, eller kontakta "
    "support."
)
DAMAGED = (
    "Databasfilen är skadad, så åtgärden kunde inte genomföras. Ingenting har ändrats. "
    "Avsluta programmet och återställ databasen från en säkerhetskopia, eller kontakta "
    "support."
)
EMPTY_FILE = (
    "Databasfilen {path} är tom (0 byte). Programmet ersätter den inte med en ny, tom "
    "databas, eftersom det kunde dölja att data har gått förlorad. Återställ filen från "
    "en säkerhetskopia, eller ta bort den om du vill börja om från början."
)
NOT_A_DATABASE = (
    "Filen {path} är ingen SQLite-databas (eller så är den skadad). Programmet har inte "
    "ändrat den. Kontrollera sökvägen, eller återställ filen från en säkerhetskopia."
)
READ_ONLY_MARK = "skrivskyddad"
READ_ONLY = (
    "Databasen är skrivskyddad, så ingenting kan sparas: åtgärden genomfördes inte. "
    "Den som sköter datorn kan ge dig skrivrätt till databasfilen och dess mapp."
)
READ_ONLY_FOLDER = (
    "Databasen {path} kunde inte öppnas: den är skrivskyddad, och SQLite behöver skapa "
    "sina arbetsfiler (-wal, -shm) i samma mapp, som också är skrivskyddad. Ge skrivrätt "
    "till mappen, eller kopiera databasen till en mapp där du kan skriva."
)
READ_ONLY_OLD_SCHEMA = (
    "Databasen ({where}) behöver uppdateras för den här versionen av KA Webb, men den är "
    "skrivskyddad. Ingenting har ändrats. Ge skrivrätt till databasfilen och dess mapp, "
    "eller använd den version av KA Webb som skapade den."
)

#: What SQLite's result codes mean, for messages (``sqlite3`` exceptions name them).
_SQLITE_REASONS = {
    "SQLITE_CORRUPT": msg("databasfilen är skadad"),
    "SQLITE_NOTADB": msg("filen är ingen SQLite-databas"),
    "SQLITE_READONLY": msg("databasen är skrivskyddad"),
    "SQLITE_CANTOPEN": msg("filen kunde inte öppnas (kontrollera sökvägen och behörigheterna)"),
    "SQLITE_PERM": msg("åtkomst nekad"),
    "SQLITE_AUTH": msg("åtkomst nekad"),
    "SQLITE_FULL": msg("disken är full"),
    "SQLITE_IOERR": msg("läs- eller skrivfel på disken"),
    "SQLITE_BUSY": msg("databasen används av ett annat program just nu; försök igen om en stund"),
    "SQLITE_LOCKED": msg("databasen används av ett annat program just nu; försök igen om en stund"),
}
#: Failures of a unit of work that no retry mends: the file, not the request.
_SQLITE_FAULTS = {
    "SQLITE_CORRUPT": DAMAGED,
    "SQLITE_NOTADB": DAMAGED,
    "SQLITE_READONLY": READ_ONLY,
}


def _sqlite_code(exc: BaseException) -> str | None:
    """The primary SQLite result code behind ``exc`` (``SQLITE_READONLY`` for
    ``SQLITE_READONLY_DBMOVED``), or ``None`` when it is no SQLite error."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    name = getattr(orig, "sqlite_errorname", None)
    if not isinstance(name, str):
        return None
    parts = name.split("_")
    return "_".join(parts[:2])


def store_fault(exc: BaseException) -> str | None:
    """The Swedish message for a failure that is the store's state, not the request (a
    read-only or damaged SQLite file), or ``None``."""
    code = _sqlite_code(exc)
    return _SQLITE_FAULTS.get(code) if code else None


def _cannot_open(description: str, exc: DBAPIError, url: URL) -> str:
    return msg(
        "Databasen kunde inte öppnas ({description}): {reason}.",
        description=description,
        reason=_reason(exc, url),
    )


def _reason(exc: DBAPIError, url: URL) -> str:
    """Why a database would not open, in Swedish where the cause is a known one. The
    driver's own words (no password is in them) only for a cause not known here."""
    code = _sqlite_code(exc)
    if code in _SQLITE_REASONS:
        return _SQLITE_REASONS[code]
    text = str(exc.orig).strip() if exc.orig is not None else str(exc)
    first = text.splitlines()[0] if text else type(exc).__name__
    host = url.host or "localhost"
    port = url.port or 5432
    sqlstate = getattr(exc.orig, "sqlstate", None)
    known = (
        (
            "failed to resolve host",
            msg("datorn ”{host}” hittades inte (namnet kunde inte slås upp)", host=host),
        ),
        ("could not translate host name", msg("datorn ”{host}” hittades inte", host=host)),
        (
            "Connection refused",
            msg("ingen databasserver svarar på {host}:{port}", host=host, port=port),
        ),
        (
            "timeout expired",
            msg("databasservern på {host}:{port} svarade inte i tid", host=host, port=port),
        ),
        ("No route to host", msg("datorn ”{host}” går inte att nå över nätverket", host=host)),
        (
            "Network is unreachable",
            msg("datorn ”{host}” går inte att nå över nätverket", host=host),
        ),
        ("password authentication failed", msg("fel användarnamn eller lösenord")),
        (
            "no password supplied",
            msg("servern kräver ett lösenord (KAWEBB_STORE_URL eller .pgpass)"),
        ),
    )
    for needle, swedish in known:
        if needle in text:
            return swedish
    missing = re.search(r'(role|database) "([^"]*)" does not exist', text)
    if missing:
        what = msg("användaren") if missing[1] == "role" else msg("databasen")
        return msg("{what} ”{name}” finns inte på databasservern", what=what, name=missing[2])
    if "pg_hba.conf" in text:
        return msg("databasservern tar inte emot anslutningar från den här datorn (pg_hba.conf)")
    if sqlstate == "3D000":
        return msg("databasen ”{name}” finns inte på servern", name=url.database or "")
    if sqlstate in ("28000", "28P01"):
        return msg("servern godtar inte inloggningen ({reason})", reason=first)
    return first


def _english_free(exc: BaseException) -> str:
    """The message of an error raised here (Swedish), or a Swedish stand-in."""
    if isinstance(exc, NoSuchModuleError):
        return msg("den databasdrivrutinen finns inte")
    return str(exc)


def _invalid(url: URL, why: str) -> str:
    return msg(
        "Databasadressen ”{url}” är inte giltig: {why}",
        url=url.render_as_string(hide_password=True),
        why=why,
    )


# ------------------------------------------------------------------ the address
def _parse(url: str | URL) -> URL:
    """``url`` parsed and its port checked; ``StoreUnavailable`` (Swedish) if it is not
    a database address."""
    if isinstance(url, URL):
        parsed = url
    else:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreUnavailable(
                "Databasadressen kunde inte tolkas. Skriv den som sqlite:///sökväg/till/fil "
                "eller postgresql://användare@värd:port/databas."
            ) from exc
        except ValueError as exc:  # the port is not a number
            raise StoreUnavailable(
                "Porten i databasadressen är inget heltal (eller så är värdnamnet felskrivet). "
                "Skriv adressen som postgresql://användare@värd:5432/databas."
            ) from exc
    if parsed.port is not None and not 1 <= parsed.port <= 65535:
        raise StoreUnavailable(
            msg(
                (
                    "Porten {port} i databasadressen är ogiltig: den ska vara mellan 1 och 65535 "
                    "(PostgreSQL: oftast 5432)."
                ),
                port=parsed.port,
            )
        )
    return parsed


# ------------------------------------------------------------- the SQLite file
def _sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL; ``None`` for memory, URI file names and other backends."""
    if url.get_backend_name() != "sqlite" or _is_memory(url) or _is_uri(url):
        return None
    return Path(url.database or "").resolve()


def _prepare_sqlite_file(path: Path) -> bool:
    """Check the file (and its folder) before SQLite opens it; make a missing one.

    Returns whether the file can only be read. A file of 0 bytes is refused: SQLite
    would take it for a new database and fill it, and nobody would learn that the data
    it held is gone.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise StoreUnavailable(
            msg("Mappen för databasen, {folder}, är en fil, inte en mapp.", folder=folder)
        ) from exc
    except OSError as exc:
        raise StoreUnavailable(
            msg(
                "Mappen för databasen, {folder}, kunde inte skapas: {reason}.",
                folder=folder,
                reason=explain_os_error(exc),
            )
        ) from exc
    try:
        if path.is_dir():
            raise StoreUnavailable(msg("{path} är en mapp, inte en databasfil.", path=path))
        if path.exists():
            if path.stat().st_size == 0:
                raise StoreUnavailable(msg(EMPTY_FILE, path=path))
            return not (os.access(path, os.W_OK) and os.access(folder, os.W_OK))
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreUnavailable(
                msg(
                    "Databasen kan inte skapas i {folder}: mappen är skrivskyddad för dig.",
                    folder=folder,
                )
            )
        _create_sqlite_file(path)
    except OSError as exc:
        raise StoreUnavailable(
            msg(
                "Databasfilen {path} kunde inte öppnas: {reason}.",
                path=path,
                reason=explain_os_error(exc),
            )
        ) from exc
    return False


def _create_sqlite_file(path: Path) -> None:
    """A new, empty database at ``path`` that is never a file of 0 bytes.

    SQLite creates an empty file when it connects and writes the header later; another
    process opening the path in between would see 0 bytes and refuse it. So the new
    database gets its header under a temporary name and is then linked to ``path``,
    which fails if somebody made ``path`` first (their file is used). Where the file
    system has no hard links, SQLite creates the file as it always did.
    """
    temporary = str(path.with_name(f".{path.name}.{secrets.token_hex(8)}.ny"))
    # As SQLite would create it: read and write for all, less the umask.
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode=WAL")  # writes the header
        finally:
            connection.close()
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it meanwhile
        except OSError:
            pass  # no hard links here: SQLite makes it on connecting
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(temporary + suffix).unlink(missing_ok=True)


def _check_integrity(engine: Engine, path: Path) -> None:
    """``PRAGMA quick_check`` (every page and index, without comparing index contents to
    the tables): a damaged file is refused when it opens, before anything writes to it.
    Not made when the file is as its last clean close left it (:func:`closed_clean`)."""
    if closed_clean(path):
        _log.info("%s is as it was closed cleanly: no quick_check", path)
        return
    rows = _quick_check(engine)
    if rows != ["ok"]:
        _log.info("PRAGMA quick_check of %s: %s", path, "; ".join(map(str, rows[:5])))
        raise StoreUnavailable(msg(DAMAGED_AT_OPEN, path=path))


def _quick_check(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.exec_driver_sql("PRAGMA quick_check").scalars().all())


# ------------------------------------------------------------------ clean closes
#: Overrides where the clean closes are kept (tests: a file of their own).
CLEAN_CLOSES_ENV = "KAWEBB_CLEAN_CLOSES"
#: How many files' clean closes are kept (the most recently closed).
CLEAN_CLOSES_KEPT = 32


def clean_closes_file() -> Path:
    """Where the fingerprints of the SQLite files closed cleanly are kept: the user's
    cache folder, not the data folder (whose files are the data's alone)."""
    override = os.environ.get(CLEAN_CLOSES_ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_DIR_NAME, appauthor=False)) / "clean-closes.json"


def _fingerprint(path: Path) -> list[int] | None:
    """Which file ``path`` is and when it last changed (device, inode, size, modified and
    changed times in ns), or ``None`` when it cannot be told or its write-ahead log holds
    writes not yet in the file."""
    try:
        stat = path.stat()
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return None
    except OSError:
        return None
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _read_clean_closes(register: Path) -> dict[str, list[int]]:
    try:
        entries = json.loads(register.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def closed_clean(path: Path) -> bool:
    """Whether ``path`` is as its last clean close left it (the quick check can wait)."""
    fingerprint = _fingerprint(path)
    if fingerprint is None:
        return False
    key = str(path.resolve())
    return _read_clean_closes(clean_closes_file()).get(key) == fingerprint


def _write_clean_close(path: Path, fingerprint: list[int] | None) -> None:
    """Keep ``path``'s ``fingerprint`` (``None``: forget the file). Best effort: a
    register that cannot be written only means a check at the next open."""
    register = clean_closes_file()
    key = str(path.resolve())
    entries = _read_clean_closes(register)
    if entries.pop(key, None) is None and fingerprint is None:
        return
    if fingerprint is not None:
        entries[key] = fingerprint
    for old in list(entries)[: max(0, len(entries) - CLEAN_CLOSES_KEPT)]:
        del entries[old]
    temporary = register.with_name(f"{register.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        register.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(entries), encoding="utf-8")
        os.replace(temporary, register)
    except OSError as exc:
        _log.info("The clean close of %s was not kept: %s", path, exc)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _require_head(engine: Engine, description: str) -> None:
    """A read-only store cannot be migrated: it must be at this program's revision."""
    current = migrate.current_revision(engine)
    migrate.require_known(current)
    if current != migrate.head_revision():
        raise StoreUnavailable(msg(READ_ONLY_OLD_SCHEMA, where=description))


def make_engine(
    url: str | URL,
    *,
    schema: str | None = None,
    create_schema: bool = False,
    read_only: bool = False,
) -> Engine:
    """The engine :func:`open_store` uses, without migrating (for migrations and tests).

    ``read_only`` (a SQLite file only) opens the file with SQLite's ``mode=ro``.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if schema is not None:
            raise ValueError("schema kan bara anges för PostgreSQL.")
        ignored = sorted(set(parsed.query) - _PYSQLITE_ARGUMENTS) if not _is_uri(parsed) else []
        if ignored:
            # The driver would ignore them (mode=memory would still write a file).
            raise ValueError(
                f"parametrarna {', '.join(ignored)} gäller bara med uri=true; lägg till "
                "uri=true eller ta bort dem."
            )
        return _sqlite_engine(parsed, read_only=read_only)
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
    port = url.port if url.port is not None else 5432
    where = f"{url.host or 'localhost'}:{port}/{url.database or ''}"
    return f"PostgreSQL: {where}" + (f" (schema {schema})" if schema else "")


def _is_memory(url: URL) -> bool:
    """Whether SQLite keeps the database in memory. Without ``uri=true`` the driver
    ignores a ``mode=memory`` in the query and writes a file: that is no memory."""
    if url.database in (None, "", ":memory:"):
        return True
    return _is_uri(url) and (
        url.query.get("mode") == "memory" or str(url.database).startswith("file::memory:")
    )


#: What SQLAlchemy's pysqlite dialect takes from the query of a URL without ``uri=true``.
_PYSQLITE_ARGUMENTS = frozenset(
    ("uri", "timeout", "isolation_level", "detect_types", "check_same_thread", "cached_statements")
)


def _is_uri(url: URL) -> bool:
    """Whether the database part is a SQLite URI file name (``uri=true`` in the query)."""
    return str(url.query.get("uri", "")).lower() in ("true", "1")


def _read_only_url(url: URL) -> URL:
    """The SQLite URI that opens the file of ``url`` read-only (``mode=ro``)."""
    path = Path(url.database or "").resolve()
    return URL.create("sqlite", database=path.as_uri(), query={"mode": "ro", "uri": "true"})


def _sqlite_engine(url: URL, *, read_only: bool = False) -> Engine:
    memory = _is_memory(url)
    if memory:
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif read_only:
        engine = create_engine(_read_only_url(url), connect_args={"check_same_thread": False})
    else:
        if not _is_uri(url):
            Path(url.database or "").resolve().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # No implicit BEGIN from the driver; SQLAlchemy's "begin" below emits it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if not memory and not read_only:  # a reader cannot switch the journal
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


#: Seconds libpq waits for a PostgreSQL server that does not answer (a wrong address
#: behind a firewall would otherwise hang the start for minutes); the URL may set its own.
PG_CONNECT_TIMEOUT = 10


def _postgresql_engine(url: URL, schema: str | None, create_schema: bool) -> Engine:
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if "connect_timeout" not in url.query:
        url = url.update_query_dict({"connect_timeout": str(PG_CONNECT_TIMEOUT)})
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
    ``case_counts`` replaces it (tests pass one with their own clock). A ``read_only``
    store (a SQLite file this process may not write) refuses every writing unit of work.
    Its writes record the change feeds of the offline replicas unless ``record_feed`` is
    false: an offline replica's store, whose feed comes from its server and whose own
    index nobody reads, would only grow it.
    """

    def __init__(
        self,
        engine: Engine,
        description: str,
        *,
        case_counts: CountCache[tuple[int, bool]] | None = None,
        read_only: bool = False,
        record_feed: bool = True,
    ) -> None:
        self.description = description
        self.read_only = read_only
        self.records_feed = record_feed
        self._engine = engine
        self._case_counts: CountCache[tuple[int, bool]] = (
            case_counts if case_counts is not None else CountCache()
        )
        info = {feed.RECORDING: record_feed}
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True, info=info)
        # The same pool; its connections carry the option the SQLite "begin" hook reads
        # (other backends ignore it).
        writer = engine.execution_options(**{migrate.SQLITE_BEGIN_OPTION: "IMMEDIATE"})
        self._writer_sessions = sessionmaker(
            writer, expire_on_commit=False, autoflush=True, info=info
        )
        if record_feed:  # every flush records what it changed in the change feeds
            feed.install(self._sessions)
            feed.install(self._writer_sessions)
        batch.install(self._sessions)
        batch.install(self._writer_sessions)
        # One shared in-memory connection cannot hold two transactions: take turns.
        self._turns: threading.RLock | None = (
            threading.RLock() if isinstance(engine.pool, StaticPool) else None
        )
        #: The SQLite file checked at open, whose close is remembered (``None``: none).
        self._checked_file: Path | None = None
        #: Whether a statement met a damaged file (its close is then not clean).
        self._met_damage = False

    def remember_clean_close(self, path: Path) -> None:
        """``path`` (this store's SQLite file) was checked at open: at :meth:`close`,
        unless a statement meets damage meanwhile, its state is kept as a clean close,
        and the next open makes no quick check if the file is still so."""
        self._checked_file = path

        def met_damage(context: Any) -> None:
            if _sqlite_code(context.original_exception) in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
                self._met_damage = True

        event.listen(self._engine, "handle_error", met_damage)

    @property
    def engine(self) -> Engine:
        """For migrations, diagnostics and tests; services never see it."""
        return self._engine

    def unit_of_work(self, *, write: bool = False) -> SqlUnitOfWork:
        """``write=True`` for a unit of work that will write: on SQLite it begins
        ``IMMEDIATE`` and so waits for its turn (see the module docstring). On a
        read-only store it raises ``StoreUnavailable`` at once."""
        if write and self.read_only:
            raise StoreUnavailable(READ_ONLY)
        return SqlUnitOfWork(
            self._writer_sessions if write else self._sessions, self._turns, self._case_counts
        )

    def warm_up(self) -> None:
        """Prepare what the first screen after a login asks (see
        :meth:`SqlCaseRepository.warm_up`); for the backend's start, while the login
        window waits for the person. Reads no rows; a failure is logged, not raised
        (the first list then meets it, and says what it is)."""
        try:
            with self.unit_of_work() as uow:
                cases = uow.cases
                if isinstance(cases, SqlCaseRepository):
                    cases.warm_up()
        except Exception:  # only a head start: never a reason not to start
            _log.warning("could not prepare the case list's statements", exc_info=True)

    def forget_cached_counts(self) -> None:
        """Drop every cached case-list total, for whoever changed cases behind the
        store's back (plain SQL in tests and tools); the store's own writes do this."""
        self._case_counts.clear()

    def close(self) -> None:
        self._engine.dispose()
        path, self._checked_file = self._checked_file, None
        if path is not None:
            # After the dispose: the last connection has checkpointed its log.
            _write_clean_close(path, None if self._met_damage else _fingerprint(path))

    def __repr__(self) -> str:
        return f"SqlStore({self.description!r})"


class SqlUnitOfWork:
    """One transaction: rolled back on exit unless :meth:`commit` was called.

    Whatever statement or commit meets another unit of work — a lock not granted within
    the busy timeout, a deadlock or serialization failure, a versioned row or a unique key
    taken meanwhile — reaches the caller as a Swedish
    :class:`~kawebb_desktop.domain.errors.Conflict` ("read again and retry"), never as a
    raw database error.

    A unit of work belongs to the thread that opened it; open another one per thread
    (they are cheap). Do not nest them: on SQLite the inner one could wait for the
    outer one's write lock until the busy timeout (and with ``write=True`` the inner
    one always does when the outer one also writes).
    """

    organisations: OrganisationRepository
    units: UnitRepository
    services: ServiceRepository
    agreements: AgreementRepository
    persons: PersonRepository
    users: UserRepository
    contacts: ContactRepository
    accounts: AccountRepository
    news: NewsRepository
    claims: ClaimRepository
    documents: DocumentRepository
    cases: CaseRepository
    pending: PendingChangeRepository
    receipts: ReceiptRepository
    audit: AuditRepository
    orders: SigningOrderRepository
    sessions: SessionRepository
    idempotency: IdempotencyRepository
    meta: MetaRepository
    simulator_orders: SimulatorOrderRepository
    feed: FeedRepository

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
        self.services = SqlServiceRepository(session)
        self.agreements = SqlAgreementRepository(session)
        self.persons = SqlPersonRepository(session)
        self.users = SqlUserRepository(session)
        self.contacts = SqlContactRepository(session)
        self.accounts = SqlAccountRepository(session)
        self.news = SqlNewsRepository(session)
        self.claims = SqlClaimRepository(session)
        self.documents = SqlDocumentRepository(session)
        self.cases = self._case_repository = SqlCaseRepository(session, self._case_counts)
        self.pending = SqlPendingChangeRepository(session)
        self.receipts = SqlReceiptRepository(session)
        self.audit = SqlAuditRepository(session)
        self.orders = SqlSigningOrderRepository(session)
        self.sessions = SqlSessionRepository(session)
        self.idempotency = SqlIdempotencyRepository(session)
        self.meta = SqlMetaRepository(session)
        self.simulator_orders = SqlSimulatorOrderRepository(session)
        self.feed = feed.SqlFeedRepository(session)
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
                batch.end(session)
                try:
                    session.rollback()
                finally:
                    session.close()
        finally:
            self._release_turn()
        _translate(exc)

    def savepoint(self, *, guarded: bool = True) -> SqlSavepoint:
        """A unit of work inside this one (a SAVEPOINT, see :class:`SqlSavepoint`)."""
        self._open_session()
        return SqlSavepoint(self, guarded=guarded)

    def begin_batch(self, *, documents: int = 0) -> None:
        """From here to :meth:`commit`, the bookkeeping of this unit of work's writes
        (change-feed numbers, audit heads, idempotency records, list locks) is gathered
        and written once, at the commit (:mod:`.batch`): for many writes, each in a
        :meth:`savepoint`, in one transaction. ``documents`` > 0 (PostgreSQL): new
        documents wait and are inserted together, their ids taken that many at once."""
        batch.begin(self._open_session(), documents=documents)

    def commit(self) -> None:
        session = self._open_session()
        try:
            gathered = batch.batch_of(session)
            if gathered is not None:
                gathered.write(session)
                batch.end(session)
            session.commit()
        except Exception as exc:
            if is_race(exc):
                raise Conflict(BUSY) from exc
            raise
        finally:
            cases = self._case_repository
            if cases is not None and cases.added:
                # Totals counted while the new cases were not yet visible are stale now.
                if self._case_counts is not None:
                    self._case_counts.clear()
                cases.added = False

    def rollback(self) -> None:
        session = self._open_session()
        batch.end(session)
        session.rollback()
        if self._case_repository is not None:
            self._case_repository.added = False  # the added cases are gone again

    def _open_session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open (use it in a with block)")
        return self._session

    def _release_turn(self) -> None:
        if self._turns is not None:
            self._turns.release()


def _translate(exc: BaseException | None) -> None:
    """Raise the domain error a unit of work's failure is to its caller, if any."""
    if exc is not None and is_race(exc):
        # Whatever statement met another unit of work (a lock not granted, a
        # deadlock, a row changed meanwhile): the caller hears "read again".
        raise Conflict(BUSY) from exc
    fault = store_fault(exc) if exc is not None else None
    if fault is not None:
        # Not the request but the file (SQLite): read-only, or damaged.
        raise StoreUnavailable(fault) from exc


class SqlSavepoint:
    """A unit of work inside an open :class:`SqlUnitOfWork`: the same transaction and
    repositories, from a SAVEPOINT. Its :meth:`commit` releases the savepoint (the
    writes become the outer unit of work's, committed or not with it); leaving it
    without a commit rolls back to the savepoint, undoing its writes only. Writes made
    after its commit belong to the outer unit of work.

    Not ``guarded`` (in a batch only): its writes do without a savepoint each, so one
    the database refuses leaves the session unusable until this unit of work is left
    (any further statement fails): for a caller that leaves it on any error anyway.
    """

    organisations: OrganisationRepository
    units: UnitRepository
    services: ServiceRepository
    agreements: AgreementRepository
    persons: PersonRepository
    users: UserRepository
    contacts: ContactRepository
    accounts: AccountRepository
    news: NewsRepository
    claims: ClaimRepository
    documents: DocumentRepository
    cases: CaseRepository
    pending: PendingChangeRepository
    receipts: ReceiptRepository
    audit: AuditRepository
    orders: SigningOrderRepository
    sessions: SessionRepository
    idempotency: IdempotencyRepository
    meta: MetaRepository
    simulator_orders: SimulatorOrderRepository
    feed: FeedRepository

    def __init__(self, outer: SqlUnitOfWork, *, guarded: bool = True) -> None:
        self._outer = outer
        self._guarded = guarded
        self._bare: batch.Batch | None = None
        self._transaction: SessionTransaction | None = None
        for name in _REPOSITORIES:
            setattr(self, name, getattr(outer, name))

    def __enter__(self) -> Self:
        if self._transaction is not None:
            raise RuntimeError("this unit of work is already open")
        session = self._outer._open_session()
        self._transaction = session.begin_nested()
        if not self._guarded and (gathering := batch.batch_of(session)) is not None:
            gathering.bare += 1
            self._bare = gathering
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        transaction, self._transaction = self._transaction, None
        bare, self._bare = self._bare, None
        if bare is not None:
            bare.bare -= 1
        if transaction is not None:
            # Active, or deactivated by a failed flush: back to the savepoint.
            with contextlib.suppress(ResourceClosedError):
                transaction.rollback()
        _translate(exc)

    def savepoint(self, *, guarded: bool = True) -> SqlSavepoint:
        return self._outer.savepoint(guarded=guarded)

    def begin_batch(self, *, documents: int = 0) -> None:
        raise RuntimeError("a batch is begun by the outermost unit of work")

    def commit(self) -> None:
        transaction = self._transaction
        if transaction is None:
            raise RuntimeError("the unit of work is not open (use it in a with block)")
        try:
            transaction.commit()
        except Exception as exc:
            if is_race(exc):
                raise Conflict(BUSY) from exc
            raise
        self._transaction = None

    def rollback(self) -> None:
        transaction, self._transaction = self._transaction, None
        if transaction is not None:
            with contextlib.suppress(ResourceClosedError):
                transaction.rollback()


_REPOSITORIES: tuple[str, ...] = tuple(SqlSavepoint.__annotations__)


if TYPE_CHECKING:  # mypy proves that the classes keep the protocols of store/base.py

    def _is_a_store(store: SqlStore) -> Store:
        return store

    def _is_a_unit_of_work(uow: SqlUnitOfWork) -> UnitOfWork:
        return uow

    def _is_a_savepoint(uow: SqlSavepoint) -> UnitOfWork:
        return uow
