"""Backing up and restoring the local SQLite store (``kawebb backup|restore``, *Arkiv*).

Both go through SQLite's online backup API (``sqlite3.Connection.backup``), a few
hundred pages per step so that a progress bar can follow, while the app may keep
running on the store:

* **Backup** reads the store inside one read transaction: in WAL mode that is one
  snapshot, so the copy is consistent however much another connection writes meanwhile
  (and the backup never restarts). The copy is written under a temporary name, checked
  (``PRAGMA quick_check``), switched to a rollback journal (one self-contained file) and
  only then renamed to the name asked for.
* **Restore** first checks that the file is a KA Webb store: a SQLite header, our tables,
  an Alembic revision this program knows (a newer one is refused, naming both). It is
  copied to a staging file next to the store, opened there (which migrates an older
  schema) and its audit chains walked. Then the current store is copied aside, next to
  it (``kawebb.sqlite3.före-återställning-<tid>``), and the staged one is copied *into*
  the current file with the backup API, as one write transaction; it is opened and its
  audit chains walked again. Any failure copies the store kept aside back.

Why copy into the file rather than rename files: a store that is open cannot be renamed
safely — the app's connections (this one's or another process's) keep the old file open
on POSIX and go on writing into what is then the copy aside, and Windows refuses the
rename. Writing through SQLite takes its locks: a running app waits out the few
milliseconds of each step, and its next unit of work reads the restored store. Its
session is not in the restored store, so it is asked to log in again; the app's own
*Återställ…* logs out itself.

PostgreSQL stores are refused with a pointer to ``pg_dump``/``pg_restore``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kawebb_desktop import __version__
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.settings import Settings, explain_os_error

#: Called with (pages done, pages in all) as a copy goes on.
Progress = Callable[[int, int], None]

#: Pages copied per step of the backup API (4 KiB pages: 1 MiB a step).
PAGES_PER_STEP = 256

#: The first 16 bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"

#: Tables every KA Webb store has had since its first revision.
OUR_TABLES = frozenset(
    {"alembic_version", "organisations", "persons", "authorizations", "cases", "receipts"}
)

#: Busy timeout of our own connections, in seconds (a running app's writes are short).
BUSY_TIMEOUT_S = 30.0

ASIDE_INFIX = ".före-återställning-"

log = logging.getLogger(__name__)


class BackupRefused(DomainError):
    """A backup or restore that cannot be done; the message says why, in Swedish."""


@dataclass(frozen=True, slots=True)
class RestoreResult:
    #: The Alembic revision of the file restored (before it was migrated).
    revision: str
    #: Whether the file was at an older schema and has been migrated.
    migrated: bool
    #: Where the store as it was before the restore is kept.
    aside: Path | None
    #: Links walked in the restored store's audit chains.
    links: int


def store_file(settings: Settings) -> Path:
    """The SQLite file of ``settings``' store; :class:`BackupRefused` when the store is
    not a SQLite file (PostgreSQL, a server)."""
    if settings.server_url:
        raise BackupRefused(
            "KA Webb arbetar mot en server: säkerhetskopieringen av serverns databas sköts "
            "av den som driver servern (för PostgreSQL med pg_dump och pg_restore)."
        )
    url = settings.store_url
    if url is None:
        return settings.store_path
    scheme = url.split(":", 1)[0].lower()
    if scheme.startswith("postgresql"):
        raise BackupRefused(
            "Databasen är en PostgreSQL-databas. Säkerhetskopiera den med PostgreSQL:s egna "
            "verktyg: pg_dump (t.ex. pg_dump -Fc -f kawebb.dump DATABAS) och återställ med "
            "pg_restore."
        )
    prefix = "sqlite:///"
    if scheme == "sqlite" and url.startswith(prefix) and len(url) > len(prefix):
        return Path(url[len(prefix) :].split("?", 1)[0])
    raise BackupRefused(
        "Säkerhetskopiering och återställning fungerar bara med en SQLite-fil som databas."
    )


# ------------------------------------------------------------------------- backup
def backup(source: Path, target: Path, progress: Progress | None = None) -> int:
    """Copy the store ``source`` to ``target`` (replaced if it exists); returns the
    number of pages copied. The store may be in use meanwhile."""
    source, target = source.resolve(), target.resolve()
    if not source.is_file():
        raise BackupRefused(msg("Det finns ingen databas i {source}.", source=source))
    if target == source or target.name.startswith(f"{source.name}-"):
        raise BackupRefused("Säkerhetskopian kan inte sparas över databasen själv.")
    if target.is_dir():
        raise BackupRefused(
            msg("{target} är en mapp. Ange ett filnamn för säkerhetskopian.", target=target)
        )
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        with _connect(source) as src, _connect(temporary) as dst:
            src.execute("BEGIN")  # one WAL snapshot: a consistent copy, never restarted
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            pages = _copy(src, dst, progress)
            src.execute("COMMIT")
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            _require_intact(dst, "Säkerhetskopian")
        os.replace(temporary, target)
    except sqlite3.Error as exc:
        raise BackupRefused(
            msg("Säkerhetskopian kunde inte göras: {reason}.", reason=_sqlite_reason(exc))
        ) from exc
    except OSError as exc:
        raise BackupRefused(
            msg(
                "Säkerhetskopian kunde inte sparas i {target}: {reason}.",
                target=target,
                reason=explain_os_error(exc),
            )
        ) from exc
    finally:
        _remove(temporary)
    log.info("Backup of %s to %s: %d pages", source, target, pages)
    return pages


# ------------------------------------------------------------------------ restore
def inspect(candidate: Path) -> str:
    """The Alembic revision of ``candidate`` if it is a KA Webb store this program can
    use; otherwise :class:`BackupRefused` saying why."""
    from kawebb_desktop.store.sql import migrate

    try:
        with candidate.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise BackupRefused(
            msg(
                "{candidate} kunde inte läsas: {reason}.",
                candidate=candidate,
                reason=explain_os_error(exc),
            )
        ) from exc
    if header != SQLITE_HEADER:
        raise BackupRefused(
            msg("{candidate} är inte en KA Webb-databas (inte en SQLite-fil).", candidate=candidate)
        )
    try:
        with _connect(candidate, read_only=True) as connection:
            tables = {
                str(row[0])
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            missing = OUR_TABLES - tables
            if missing:
                raise BackupRefused(
                    msg(
                        "{candidate} är inte en KA Webb-databas (tabellerna {tables} saknas).",
                        candidate=candidate,
                        tables=", ".join(sorted(missing)),
                    )
                )
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as exc:
        raise BackupRefused(
            msg(
                "{candidate} kunde inte läsas som databas: {reason}.",
                candidate=candidate,
                reason=_sqlite_reason(exc),
            )
        ) from exc
    if len(rows) != 1:
        raise BackupRefused(
            msg(
                "{candidate} är inte en KA Webb-databas (ingen schemaversion).", candidate=candidate
            )
        )
    revision = str(rows[0][0])
    if revision not in migrate.known_revisions():
        raise BackupRefused(
            msg(
                (
                    "{candidate} kommer från en nyare version av KA Webb: databasens schemaversion "
                    "är "
                    "{revision}, men KA Webb {version} känner bara till versioner upp till "
                    "{head_revision}. Uppdatera KA Webb och återställ sedan."
                ),
                candidate=candidate,
                revision=revision,
                version=__version__,
                head_revision=migrate.head_revision(),
            )
        )
    return revision


def restore(
    store: Path,
    candidate: Path,
    progress: Progress | None = None,
    *,
    after: Callable[[], None] | None = None,
) -> RestoreResult:
    """Replace the store ``store`` with the backup ``candidate`` (see the module's
    docstring). ``after`` runs once the restored store is in place (the running app
    forgets what it had cached)."""
    from kawebb_desktop.store.sql import migrate

    store, candidate = store.resolve(), candidate.resolve()
    if candidate == store:
        raise BackupRefused("Filen att återställa från är databasen själv.")
    revision = inspect(candidate)
    staging = store.with_name(f".{store.name}.återställs-{secrets.token_hex(6)}")
    report = _halves(progress)
    aside: Path | None = None
    try:
        try:
            with _connect(candidate, read_only=True) as src, _connect(staging) as dst:
                _copy(src, dst, report[0])
        except sqlite3.Error as exc:
            raise BackupRefused(
                msg(
                    "{candidate} kunde inte läsas: {reason}. Inget har ändrats.",
                    candidate=candidate,
                    reason=_sqlite_reason(exc),
                )
            ) from exc
        links = _open_and_verify(staging, f"{candidate}")  # migrates an older one
        if store.is_file():
            aside = store.with_name(f"{store.name}{ASIDE_INFIX}{_stamp()}")
            backup(store, aside)
        try:
            with _connect(staging) as src, _connect(store) as dst:
                _match_page_size(src, dst)
                _copy(src, dst, report[1])
            if after is not None:
                after()
            links = _open_and_verify(store, f"{candidate}")
        except BaseException:
            if aside is not None:
                _put_back(aside, store)
                if after is not None:
                    after()
            raise
    except OSError as exc:
        raise BackupRefused(
            msg(
                "Återställningen kunde inte göras: {reason}. Databasen är som förut.",
                reason=explain_os_error(exc),
            )
        ) from exc
    except sqlite3.Error as exc:
        raise BackupRefused(
            msg(
                "Återställningen kunde inte göras: {reason}. Databasen är som förut.",
                reason=_sqlite_reason(exc),
            )
        ) from exc
    finally:
        _remove(staging)
    migrated = revision != migrate.head_revision()
    log.info(
        "Restored %s from %s (revision %s%s); the store before is kept in %s",
        store,
        candidate,
        revision,
        ", migrated" if migrated else "",
        aside,
    )
    return RestoreResult(revision, migrated, aside, links)


def _open_and_verify(path: Path, what: str) -> int:
    """Open ``path`` as a store (quick check, migration) and walk its audit chains;
    :class:`BackupRefused` when it cannot be opened or a chain does not hold."""
    from kawebb_desktop.services.proof import check_chains
    from kawebb_desktop.store.sql import open_store
    from kawebb_desktop.store.sql.store import sqlite_url

    try:
        opened = open_store(sqlite_url(path))
    except DomainError as exc:
        raise BackupRefused(
            msg("{what} kunde inte öppnas: {message}", what=what, message=exc.message)
        ) from exc
    try:
        with opened.unit_of_work() as uow:
            results = check_chains(uow)
    finally:
        opened.close()
    broken = [r for r in results if not r.ok]
    if broken:
        raise BackupRefused(
            msg(
                (
                    "Granskningskedjan i {what} håller inte: {message} Återställningen har inte "
                    "gjorts; "
                    "databasen är som förut."
                ),
                what=what,
                message=broken[0].message,
            )
        )
    return sum(r.links for r in results)


def _put_back(aside: Path, store: Path) -> None:
    """The failed restore undone: the copy kept aside back into the store."""
    try:
        with _connect(aside, read_only=True) as src, _connect(store) as dst:
            _match_page_size(src, dst)
            _copy(src, dst, None)
    except sqlite3.Error:  # pragma: no cover - said in the log; the copy is still aside
        log.exception("Putting %s back into %s failed", aside, store)
        raise
    log.info("Restore undone: %s put back into %s", aside, store)


# ----------------------------------------------------------------------- helpers
@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    uri = f"{path.as_uri()}?mode=ro" if read_only else path.as_uri()
    connection = sqlite3.connect(
        uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    try:
        yield connection
    finally:
        connection.close()


def _copy(src: sqlite3.Connection, dst: sqlite3.Connection, progress: Progress | None) -> int:
    """The backup API from ``src`` to ``dst``, :data:`PAGES_PER_STEP` pages a step."""
    pages = [0]

    def step(_status: int, remaining: int, total: int) -> None:
        pages[0] = total
        if progress is not None:
            progress(total - remaining, total)

    src.backup(dst, pages=PAGES_PER_STEP, progress=step, sleep=0.05)
    return pages[0]


def _match_page_size(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """The backup API cannot change a WAL database's page size: give ``src`` ``dst``'s."""
    wanted = int(dst.execute("PRAGMA page_size").fetchone()[0])
    if int(src.execute("PRAGMA page_size").fetchone()[0]) != wanted:
        src.execute("PRAGMA journal_mode=DELETE")
        src.execute(f"PRAGMA page_size={wanted}")
        src.execute("VACUUM")


def _require_intact(connection: sqlite3.Connection, what: str) -> None:
    rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    if rows != ["ok"]:
        raise BackupRefused(msg("{what} blev skadad ({rows}).", what=what, rows=rows[0]))


def _halves(progress: Progress | None) -> tuple[Progress | None, Progress | None]:
    """Two copies, one progress bar: the first fills it to half, the second the rest."""
    if progress is None:
        return None, None
    report = progress

    def first(done: int, total: int) -> None:
        report(done, 2 * total)

    def second(done: int, total: int) -> None:
        report(total + done, 2 * total)

    return first, second


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _sqlite_reason(exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", "")
    reasons = {
        "SQLITE_BUSY": "databasen är upptagen av ett annat program",
        "SQLITE_LOCKED": "databasen är låst",
        "SQLITE_NOTADB": "filen är inte en databas",
        "SQLITE_CORRUPT": "filen är skadad",
        "SQLITE_FULL": "disken är full",
        "SQLITE_READONLY": "databasen är skrivskyddad",
        "SQLITE_CANTOPEN": "filen kunde inte öppnas",
        "SQLITE_PERM": "åtkomst nekad",
    }
    return reasons.get(name, f"SQLite svarade ”{exc}”")


# ---------------------------------------------------------------------- the app's
@dataclass(frozen=True)
class LocalBackup:
    """*Arkiv > Säkerhetskopiera… / Återställ…* of the app (``ui.dialogs.backup_dialog``
    calls it on a worker): the store of ``settings``. ``after_restore`` runs once the
    restored store is in place (the running store forgets what it had cached)."""

    settings: Settings
    after_restore: Callable[[], None] | None = None

    def unavailable(self) -> str | None:
        try:
            store_file(self.settings)
        except BackupRefused as exc:
            return exc.message
        return None

    def backup(self, target: Path, progress: Progress) -> str:
        backup(store_file(self.settings), target, progress)
        return f"Säkerhetskopian är sparad i {target}."

    def restore(self, source: Path, progress: Progress) -> str:
        result = restore(store_file(self.settings), source, progress, after=self.after_restore)
        migrated = " och uppdaterad till programmets version" if result.migrated else ""
        kept = (
            f" Databasen som den var före återställningen finns kvar i {result.aside}."
            if result.aside is not None
            else ""
        )
        return (
            f"Databasen är återställd från {source}{migrated}; granskningskedjan håller "
            f"({result.links} länkar).{kept} Logga in igen."
        )
