"""The change feeds of the offline replicas (issue 11): ``sync_counters`` and
``change_index``.

``sync_counters`` holds each feed's last sequence number (``feed_id`` = the
organisation's id, 0 = the global feed of news). ``change_index`` holds one row per
replicated object, its aggregate root (``kind`` = the root's table, ``entity_id``): the
feed it belongs to, the sequence number of its latest change and whether that change
deleted it. The feed after a cursor is then one range of the index (``feed_id``,
``seq``), and the feed after 0 is everything, each object once.

The backfill gives every object already stored a row, numbered per feed in the order
parents come before children (organisations, units, … receipts) and by id within a
table, and sets each feed's counter to its last number: an old store's feed is complete.

Written by hand and frozen: plain Alembic and SQL, nothing imported from the application
(the list of roots below is the one of ``store/sql/feed.py`` as of this revision).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (root table, the expression of its feed), parents first.
_ROOTS: tuple[tuple[str, str], ...] = (
    ("organisations", "id"),
    ("units", "organisation_id"),
    ("services", "organisation_id"),
    ("agreements", "organisation_id"),
    ("authorizations", "organisation_id"),
    ("contact_persons", "organisation_id"),
    ("accounts", "organisation_id"),
    ("cases", "organisation_id"),
    ("documents", "organisation_id"),
    ("claims", "organisation_id"),
    ("pending_changes", "organisation_id"),
    ("receipts", "organisation_id"),
    ("news_items", "0"),
)


def upgrade() -> None:
    op.create_table(
        "sync_counters",
        sa.Column("feed_id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("feed_id", name="pk_sync_counters"),
    )
    op.create_table(
        "change_index",
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("feed_id", sa.Integer, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("kind", "entity_id", name="pk_change_index"),
    )
    roots = " UNION ALL ".join(
        f"SELECT '{table}' AS kind, {order} AS ord, id AS entity_id, {feed} AS feed_id FROM {table}"
        for order, (table, feed) in enumerate(_ROOTS)
    )
    op.execute(
        "INSERT INTO change_index (kind, entity_id, feed_id, seq, deleted) "
        "SELECT kind, entity_id, feed_id, "
        "ROW_NUMBER() OVER (PARTITION BY feed_id ORDER BY ord, entity_id), FALSE "
        f"FROM ({roots}) AS roots"
    )
    op.execute(
        "INSERT INTO sync_counters (feed_id, seq) "
        "SELECT feed_id, MAX(seq) FROM change_index GROUP BY feed_id"
    )
    # After the backfill: one sort instead of as many index updates as there are rows.
    op.create_index("ix_change_index_feed_id_seq", "change_index", ["feed_id", "seq"])


def downgrade() -> None:
    op.drop_index("ix_change_index_feed_id_seq", table_name="change_index")
    op.drop_table("change_index")
    op.drop_table("sync_counters")
