"""Bring a database to the schema this version of the program expects.

:func:`kawebb_desktop.store.sql.open_store` calls :func:`upgrade` every time it opens a
store, so a workstation that installs a new version migrates its SQLite file on the next
start, and a server migrates PostgreSQL before it answers. The Alembic configuration is
built here in code (no ``alembic.ini`` on disk, which a frozen app would have to find);
the scripts are found next to this module.

Alembic itself (with every dialect's DDL, PostgreSQL's among them) is imported only when
a database is not at :func:`head_revision`: the usual start of the app, on a store
already at head, does without it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: The scripts, one per revision: ``NNNN_what.py`` with ``revision = "NNNN"``.
VERSIONS_DIR = MIGRATIONS_DIR / "versions"

#: Execution option naming the kind of transaction a SQLite connection begins (the
#: engine's "begin" hook in ``store.py`` reads it): DEFERRED unless set; migrations and
#: units of work opened with ``write=True`` use IMMEDIATE.
SQLITE_BEGIN_OPTION = "kawebb_sqlite_begin"

#: The PostgreSQL advisory lock held while migrating ("KAWEBB" in ASCII).
MIGRATION_LOCK = 0x4B415745_4242

#: Key of ``Config.attributes`` where a PostgreSQL migration names the tables to VACUUM
#: (ANALYZE) once the migration has committed (VACUUM cannot run in a transaction); a
#: revision that rewrites a large table asks for it, as the rewrite leaves the table's
#: visibility map empty (no index-only scans) until the next VACUUM.
VACUUM_AFTER = "kawebb_vacuum_after"

_log = logging.getLogger(__name__)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for our scripts; ``connection`` is what env.py uses."""
    from alembic.config import Config

    config = Config()
    # The value goes through ConfigParser interpolation: a "%" in the path must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache  # the scripts do not change while the program runs
def head_revision() -> str:
    """The newest revision: the highest number among the scripts' names, read without
    Alembic (tests/unit/test_startup_imports.py checks it is Alembic's head)."""
    numbers = [path.name[:4] for path in VERSIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py")]
    if not numbers:  # pragma: no cover - the package always ships revisions
        raise RuntimeError("no migrations found in " + str(MIGRATIONS_DIR))
    return max(numbers)


@cache
def known_revisions() -> frozenset[str]:
    """Every revision this program's migrations know."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return frozenset(script.revision for script in scripts.walk_revisions())


class UnknownRevision(Exception):
    """The database is at a revision none of our migrations has: a newer version of the
    program migrated it, and this one must neither use nor migrate it."""

    def __init__(self, revision: str) -> None:
        super().__init__(f"the database is at revision {revision!r}, unknown to this version")
        self.revision = revision


def require_known(revision: str | None) -> None:
    """Raise :class:`UnknownRevision` unless ``revision`` (``None``: empty) is ours."""
    if revision is not None and revision not in known_revisions():
        raise UnknownRevision(revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; ``None`` for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _at_head(engine: Engine) -> bool:
    """Whether the database's version table names :func:`head_revision` (asked without
    Alembic; a database without the table is not, and Alembic looks again)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return False
    return [row[0] for row in rows] == [head_revision()]


def upgrade(engine: Engine, revision: str = "head") -> bool:
    """Migrate up to ``revision``; returns whether anything had to be done. A database
    at a revision this program does not know raises :class:`UnknownRevision`.

    Everything runs in one transaction (PostgreSQL and SQLite both have transactional
    DDL), so a failed migration leaves the database as it was. On PostgreSQL, server
    instances that start together take turns (an advisory lock): the first migrates,
    the others then find the database at head. Tables a migration asks to have vacuumed
    (:data:`VACUUM_AFTER`) are vacuumed after the commit.
    """
    to_head = revision in ("head", head_revision())
    if to_head and _at_head(engine):
        return False  # the usual case, without Alembic
    current = current_revision(engine)
    if to_head and current == head_revision():
        return False  # the usual case, without taking any lock
    require_known(current)  # before any lock: a newer program's store stays untouched
    with engine.connect() as connection, foreign_keys_off(connection):
        connection.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
        with connection.begin():
            vacuum = _upgrade_locked(connection, revision, to_head)
        if vacuum is None:
            return False
        _vacuum(connection, vacuum)
        return True


def _upgrade_locked(connection: Connection, revision: str, to_head: bool) -> set[str] | None:
    """Inside the migration transaction: take the lock, look again, then migrate.

    Returns the tables to vacuum afterwards, or ``None`` when there was nothing to do.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    # SQLite: BEGIN IMMEDIATE has already made a second migrator wait for the first.
    current = MigrationContext.configure(connection).get_current_revision()
    if to_head and current == head_revision():
        return None
    require_known(current)
    config = alembic_config(connection)
    command.upgrade(config, revision)
    _check_foreign_keys(connection)
    return set(config.attributes.get(VACUUM_AFTER, ()))


def _vacuum(connection: Connection, tables: set[str]) -> None:
    """``VACUUM (ANALYZE)`` each table, outside any transaction; a failure is logged (the
    migration itself is done and committed)."""
    if not tables or connection.dialect.name != "postgresql":
        return
    # Reset when the connection goes back to the pool.
    connection.execution_options(isolation_level="AUTOCOMMIT")
    for table in sorted(tables):
        try:
            connection.exec_driver_sql(f'VACUUM (ANALYZE) "{table}"')
        except DBAPIError as exc:
            _log.warning("VACUUM of %s after migrating failed: %s", table, exc.orig)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate down to ``revision`` (for tests and for going back after a failed update)."""
    from alembic import command

    with engine.connect() as connection, foreign_keys_off(connection), connection.begin():
        command.downgrade(alembic_config(connection), revision)
        _check_foreign_keys(connection)


@contextmanager
def foreign_keys_off(connection: Connection) -> Iterator[None]:
    """On SQLite, switch foreign keys off while a migration runs.

    A batch migration rebuilds a table by copying it and dropping the original; with
    foreign keys on, that drop would cascade into (or be refused by) the rows that refer
    to it. The pragma only works outside a transaction, so it is sent on the driver's
    connection before SQLAlchemy begins one. Other backends are left alone.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    _pragma(connection, "PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        _pragma(connection, "PRAGMA foreign_keys=ON")


def _pragma(connection: Connection, statement: str) -> None:
    driver = connection.connection.dbapi_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


def _check_foreign_keys(connection: Connection) -> None:
    """With foreign keys off during the migration, make sure it left none dangling."""
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left broken foreign keys: {broken[:5]}")
