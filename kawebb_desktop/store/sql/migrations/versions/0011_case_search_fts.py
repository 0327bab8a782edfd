"""The case name search through a trigram index on SQLite (FTS5), issue 9.

SQLite has no index for ``search_key LIKE '%berg%'``: a name search walked the sort's
index and read every passed-over case from the table to test its key, and counted its
matches the same way (1.7 s for "berg" at a million cases). Here, on SQLite only:

* ``cases_fts``, an FTS5 table with the ``trigram`` tokenizer over ``cases.search_key``
  (external content: it holds the index alone, the text stays in ``cases``; its rowid
  is the case's id). ``case_sensitive 1``: the key is already folded in Python (``öberg``
  finds "Öberg"), so the index compares exactly the text ``LIKE`` compared;
* three triggers keep it in step with ``cases`` on insert, delete and an update of the
  key (or of the id);
* the cases already there are indexed (FTS5's ``rebuild``).

The repository looks up each word of three or more characters as a quoted FTS5 phrase
(``cases_fts MATCH '"berg"'``, which a trigram index answers as "contains") and keeps
``LIKE`` for shorter words, which have no trigram. When this SQLite has no FTS5, the
migration goes on without the table and the search keeps using ``LIKE``.

PostgreSQL has its trigram index since 0004 (``pg_trgm``); nothing changes there.

Written by hand and frozen: plain SQL, nothing imported from the application.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_log = logging.getLogger(__name__)

TABLE = "cases_fts"
TRIGGERS = ("cases_fts_after_insert", "cases_fts_after_delete", "cases_fts_after_update")

_CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(search_key, content='cases',"
    " content_rowid='id', tokenize='trigram case_sensitive 1')"
)
_INSERT = f"INSERT INTO {TABLE} (rowid, search_key) VALUES (new.id, new.search_key);"
_DELETE = (
    f"INSERT INTO {TABLE} ({TABLE}, rowid, search_key) VALUES ('delete', old.id, old.search_key);"
)
_CREATE_TRIGGERS = (
    f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON cases BEGIN {_INSERT} END",
    f"CREATE TRIGGER {TRIGGERS[1]} AFTER DELETE ON cases BEGIN {_DELETE} END",
    f"CREATE TRIGGER {TRIGGERS[2]} AFTER UPDATE OF search_key, id ON cases"
    f" BEGIN {_DELETE} {_INSERT} END",
)


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    try:
        with connection.begin_nested():
            connection.execute(sa.text(_CREATE_TABLE))
    except sa.exc.DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        _log.warning("no FTS5 trigram index for the case name search (%s)", reason)
        return
    for statement in _CREATE_TRIGGERS:
        connection.execute(sa.text(statement))
    connection.execute(sa.text(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')"))


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    for trigger in TRIGGERS:
        connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {trigger}"))
    connection.execute(sa.text(f"DROP TABLE IF EXISTS {TABLE}"))
