"""Fixtures for the store tests: the same contract suite runs on every backend.

``store`` is parametrised over the backends. The contract tests use it only through the
protocols of :mod:`kawebb_desktop.store.base`, so a new backend (remote, offline) joins
the suite by adding a parameter here.

To stay fast on every commit, the schema is built once and reused:

* SQLite: one database migrated per session serves as a template; every test gets a
  fresh copy of the file in its own ``tmp_path``.
* PostgreSQL: one fresh, uniquely named schema per test module (``search_path`` pinned
  to it), emptied before each test (rows deleted, id sequences restarted) and dropped
  with ``CASCADE`` after the module. If the server on 127.0.0.1:5432 cannot be
  reached, these tests are skipped and say why.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import SqlStore, open_store
from kawebb_desktop.store.sql.orm import Base
from tests.store.databases import (
    EmptyDatabase,
    create_schema,
    drop_schema,
    find_postgres,
    new_schema_name,
)

#: The tables whose rows are never changed or deleted (triggers of migration 0005).
APPEND_ONLY = ("audit_entries", "receipts")

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A URL that connects to the test server, or a skip saying why there is none."""
    url, why_not = find_postgres()
    if url is None:
        pytest.skip(why_not)
    return url


@pytest.fixture(params=BACKENDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EmptyDatabase]:
    """A database with nothing in it: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield EmptyDatabase("sqlite", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
        return
    url = request.getfixturevalue("postgres_url")
    schema = new_schema_name()
    create_schema(url, schema)
    try:
        yield EmptyDatabase("postgresql", url, schema)
    finally:
        drop_schema(url, schema)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated to head once; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_store(f"sqlite:///{path}").close()  # closing checkpoints the WAL into the file
    return path


@pytest.fixture(scope="module")
def postgres_module_store(postgres_url: str) -> Iterator[SqlStore]:
    schema = new_schema_name()
    store = open_store(postgres_url, schema=schema, create_schema=True)
    try:
        yield store
    finally:
        store.close()
        drop_schema(postgres_url, schema)


def _empty(store: SqlStore) -> None:
    """Delete every row and restart the id sequences (PostgreSQL).

    Equivalent to ``TRUNCATE … RESTART IDENTITY CASCADE`` but several times faster on
    the near-empty tables of a test (TRUNCATE makes new files for every table).
    """
    with store.engine.begin() as connection:
        # The audit trail and the receipts refuse DELETE (migration 0005): the triggers
        # are switched off for this transaction only (ALTER TABLE is transactional).
        for table in APPEND_ONLY:
            connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        for table in APPEND_ONLY:
            connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
        sequences = connection.execute(
            text(
                "SELECT sequence_name FROM information_schema.sequences"
                " WHERE sequence_schema = current_schema()"
            )
        ).scalars()
        for sequence in list(sequences):
            connection.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))
    # Rows went behind the store's back, and the ids start again: no total may survive.
    store.forget_cached_counts()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend, migrated to head."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "kawebb.sqlite3"
        shutil.copyfile(template, path)
        sqlite_store = open_store(f"sqlite:///{path}")
        try:
            yield sqlite_store
        finally:
            sqlite_store.close()
        return
    shared: SqlStore = request.getfixturevalue("postgres_module_store")
    _empty(shared)
    yield shared


@pytest.fixture
def postgres_store(postgres_module_store: SqlStore) -> SqlStore:
    """The PostgreSQL store alone, empty: for what only PostgreSQL does (its plans)."""
    _empty(postgres_module_store)
    return postgres_module_store
