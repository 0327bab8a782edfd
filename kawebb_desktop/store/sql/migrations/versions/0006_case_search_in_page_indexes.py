"""The case searches walk the list's indexes without reading the table (PostgreSQL).

A case page finds its window of ids first and reads only those rows
(``SqlCaseRepository.page``). For that window PostgreSQL walks the sort's index
(``ix_cases_page_<sort>``, migration 0004) and tests each entry against the filter. A
name search (``search_key``) or a birth-date search (``birth_date``) tests a column the
index did not hold, so every entry passed over was read from the table: 100-130 ms for
a name search at a million cases, most of it for rows that were not shown. Here:

* the eight page indexes are built again with ``INCLUDE (search_key, birth_date)``:
  the filter is tested on the index entry itself (an index-only scan), 3-15 ms for the
  same pages. The indexes grow by about a third (the start-date one from 42 to 57 MB at
  a million cases; 523 MB for all eight);
* extended statistics on ``search_key || ''``, the expression the name search compares
  (migration 0004), with a histogram of 1 000 names: without them the planner guessed
  that a word matches 100 rows of a million, and so read every match through the
  trigram index and sorted them all (12 000 rows, 90-115 ms for "öberg") where the
  index walk stops after the page (3 ms).
  Expression statistics need PostgreSQL 14; older servers go on without them.

SQLite has no ``INCLUDE`` and plans without statistics of expressions; nothing changes
there (its lists are a workstation's, not a million cases).

Each index is built under a new name, then the old one is dropped and the new one takes
its name. The table is analysed, and vacuumed after the commit (by
``migrate.upgrade``), as index-only scans need its visibility map.

Written by hand and frozen: plain SQLAlchemy, nothing imported from the application.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The page indexes of 0004, unchanged in their keys.
PAGE_INDEXES: tuple[tuple[str, list[str]], ...] = (
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
INCLUDED = ["search_key", "birth_date"]
STATISTICS = "st_cases_indexed_search_key"


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    _rebuild(connection, INCLUDED)
    if (connection.dialect.server_version_info or (0,)) >= (14,):
        connection.execute(
            sa.text(
                f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} ON (search_key || '') FROM cases"
            )
        )
        # A histogram of 1 000 names rather than 100: how often a word occurs inside a
        # name is read off it, and 100 gave "öberg" (1 % of the names) 0.01 % or 12 %
        # from one ANALYZE to the next. ANALYZE then samples 300 000 rows (2-5 s at a
        # million cases).
        connection.execute(sa.text(f"ALTER STATISTICS {STATISTICS} SET STATISTICS 1000"))
    connection.execute(sa.text("ANALYZE cases"))
    config = op.get_context().config
    if config is not None:
        config.attributes.setdefault("kawebb_vacuum_after", set()).add("cases")


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    connection.execute(sa.text(f"DROP STATISTICS IF EXISTS {STATISTICS}"))
    _rebuild(connection, [])


def _rebuild(connection: sa.Connection, include: list[str]) -> None:
    for name, columns in PAGE_INDEXES:
        building = f"{name}_new"
        op.create_index(building, "cases", columns, postgresql_include=include)
        op.drop_index(name, table_name="cases")
        connection.execute(sa.text(f"ALTER INDEX {building} RENAME TO {name}"))
