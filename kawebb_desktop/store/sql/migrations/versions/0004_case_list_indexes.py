"""Indexes that serve the case list (Översikt) page by page at a million cases.

* ``cases.status_rank``: the status's place in the lifecycle (Påbörjad 0, Planering 1,
  Överenskommelse 2, Avslutad 3), filled here from ``status``. The list sorts by it (it
  used to compute the same rank with a CASE expression, which no index could serve) and
  filters on it: a status filter is ``status_rank = r``, "hide closed cases" is
  ``status_rank < 3``.
* One index per sort of the list, ``ix_cases_page_<sort>``: ``(unit_id, <the sort's
  columns>, id, status_rank)``. Every page ends its ORDER BY with ``id``, so a page is
  a walk along the index that stops after offset + limit rows, in either direction.
  With ``(unit_id, last_event_on)`` alone PostgreSQL had to read and sort every case of
  the newest day (tens of thousands) to give the first 50, and four sorts had no index
  at all. ``status_rank`` last changes no order (``id`` is unique) but lets the scan
  pass over closed cases, or cases of another status, inside the index, without
  reading their rows. ``ix_cases_page_status`` is ``(unit_id, status_rank,
  last_event_on, id)``: the status sort, a status filter with the default sort, and
  the count of open cases. The indexes they replace are dropped; the birth-date search
  keeps its own.
* PostgreSQL only, and only where it can be had: a GIN trigram index for the name
  search (``LIKE '%word%'``), with the ``pg_trgm`` extension. It indexes the expression
  ``search_key || ''`` (the same text), not the column: the repository matches words of
  three letters or more against that expression, and shorter words, which have no
  trigram to look up, against the column, so that the planner cannot pick the index for
  them (it would read all of it) and they keep their plans and statistics. The
  extension is created, when missing, in the schema ``public`` (not in the store's own
  schema: dropping that schema would drop the extension, and with it the trigram
  indexes of every other schema of the database). Both steps run in a savepoint:
  without the extension, or without the right to create it, the migration goes on
  without the index, and the name search works as before (a scan), only slower. The
  index is not declared in ``orm.py`` (``orm.OPTIONAL_INDEXES``).

On PostgreSQL the table is written anew once (see ``_fill_status_rank``), and the
indexes are built: 12 s for a million cases on a 2-core machine. Index-only scans (the
counts) need the visibility map, which a rewrite clears and only VACUUM sets again, so
the table is vacuumed right after the migration commits (4 s more; run by
``migrate.upgrade``, as VACUUM cannot run inside the migration's transaction). Should
that fail, run ``VACUUM (ANALYZE) cases`` by hand.

Written by hand and frozen like 0001 and 0003: plain SQLAlchemy, the ranks as literals,
nothing imported from the application.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_log = logging.getLogger(__name__)

#: ``CaseStatus`` values and their ranks as they were when this was written; anything
#: else (there is nothing else) would rank after them, as the old CASE expression did.
RANKS: dict[str, int] = {"Påbörjad": 0, "Planering": 1, "Överenskommelse": 2, "Avslutad": 3}
UNKNOWN_RANK = 4

#: The indexes of 0001/0002 that the new ones replace.
OLD_INDEXES: tuple[tuple[str, list[str]], ...] = (
    ("ix_cases_unit_id_last_event_on", ["unit_id", "last_event_on"]),
    ("ix_cases_unit_id_status", ["unit_id", "status"]),
    ("ix_cases_unit_id_start_date", ["unit_id", "start_date"]),
    ("ix_cases_unit_id_end_date", ["unit_id", "end_date"]),
    ("ix_cases_unit_id_last_name_sort_key", ["unit_id", "last_name_sort_key"]),
    ("ix_cases_unit_id_first_name_sort_key", ["unit_id", "first_name_sort_key"]),
)

#: One per sort of the list: unit_id, the sort's columns, id, then status_rank.
NEW_INDEXES: tuple[tuple[str, list[str]], ...] = (
    ("ix_cases_page_last_event_on", ["unit_id", "last_event_on", "id", "status_rank"]),
    (
        "ix_cases_page_last_event",
        ["unit_id", "last_event_sort_key", "last_event_on", "id", "status_rank"],
    ),
    ("ix_cases_page_case_number", ["unit_id", "case_number", "id", "status_rank"]),
    (
        "ix_cases_page_first_name",
        ["unit_id", "first_name_sort_key", "last_name_sort_key", "id", "status_rank"],
    ),
    (
        "ix_cases_page_last_name",
        ["unit_id", "last_name_sort_key", "first_name_sort_key", "id", "status_rank"],
    ),
    ("ix_cases_page_start_date", ["unit_id", "start_date", "id", "status_rank"]),
    ("ix_cases_page_end_date", ["unit_id", "end_date", "id", "status_rank"]),
    ("ix_cases_page_status", ["unit_id", "status_rank", "last_event_on", "id"]),
)

TRIGRAM_INDEX = "ix_cases_search_key_trgm"
#: Where the extension goes when it is not installed yet (see the module docstring).
EXTENSION_SCHEMA = "public"


def upgrade() -> None:
    connection = op.get_bind()
    # Dropped first, so that the backfill does not have to keep them up to date.
    for name, _columns in OLD_INDEXES:
        op.drop_index(name, table_name="cases")
    op.add_column(
        "cases",
        sa.Column("status_rank", sa.SmallInteger, nullable=False, server_default=sa.text("0")),
    )
    _fill_status_rank(connection)
    for name, columns in NEW_INDEXES:
        op.create_index(name, "cases", columns)
    if connection.dialect.name == "postgresql":
        _create_trigram_index(connection)
        # The planner needs statistics of the new column and indexes at once, not when
        # autovacuum next gets round to it (ANALYZE, unlike VACUUM, may run in here).
        connection.execute(sa.text("ANALYZE cases"))
        # The rewrite left the visibility map empty: no index-only scan (which the
        # list's counts are) until a VACUUM, which autovacuum may not start for a long
        # time on a table that was only rewritten. ``migrate.upgrade`` runs it after
        # the commit (``migrate.VACUUM_AFTER``, spelled out: this file is frozen).
        config = op.get_context().config
        if config is not None:
            config.attributes.setdefault("kawebb_vacuum_after", set()).add("cases")


def _fill_status_rank(connection: sa.Connection) -> None:
    cases = sa.table("cases", sa.column("status", sa.String), sa.column("status_rank"))
    rank = sa.case(RANKS, value=cases.c.status, else_=UNKNOWN_RANK)
    if connection.dialect.name == "postgresql":
        # Changing the column "to its own type" with USING makes PostgreSQL write the
        # table anew with the computed values (and rebuild its remaining indexes) in
        # one pass: 3 s for a million cases, where an UPDATE took 11 s and left the
        # table and its indexes twice their size until a VACUUM.
        using = rank.compile(connection, compile_kwargs={"literal_binds": True})
        connection.execute(
            sa.text(f"ALTER TABLE cases ALTER COLUMN status_rank TYPE SMALLINT USING ({using})")
        )
        return
    # SQLite: rank 0 is the column's default already.
    connection.execute(
        sa.update(cases).where(cases.c.status != "Påbörjad").values(status_rank=rank)
    )


def _create_trigram_index(connection: sa.Connection) -> None:
    available = connection.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if available is None:
        _log.warning("pg_trgm is not available: the case name search stays without an index")
        return
    try:
        with connection.begin_nested():  # a SAVEPOINT: a failure here undoes only this
            connection.execute(
                sa.text(f'CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA "{EXTENSION_SCHEMA}"')
            )
            # Wherever it was installed before (IF NOT EXISTS kept that schema).
            schema = connection.execute(
                sa.text(
                    "SELECT n.nspname FROM pg_extension e"
                    " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
                )
            ).scalar_one()
            quoted = connection.dialect.identifier_preparer.quote_identifier(schema)
            connection.execute(
                sa.text(
                    f"CREATE INDEX {TRIGRAM_INDEX} ON cases"
                    f" USING gin ((search_key || '') {quoted}.gin_trgm_ops)"
                )
            )
    except sa.exc.DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        _log.warning("no trigram index for the case name search (%s)", reason)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        # The extension stays: other schemas of the database may use it.
        connection.execute(sa.text(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}"))
    for name, _columns in NEW_INDEXES:
        op.drop_index(name, table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("status_rank")
    for name, columns in OLD_INDEXES:
        op.create_index(name, "cases", columns)
