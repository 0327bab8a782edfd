"""*Nyheter från KA-Webb*: AF's news items, shown to every organisation (issue 9).

One table, ``news_items`` (title, text, the day it was published), with an index on
(``published_on``, ``id``) so that the newest items are read from the top of the index.
Items are never changed or removed.

Written by hand and frozen: plain Alembic, nothing imported from the application.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "news_items",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("published_on", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_news_items"),
    )
    op.create_index("ix_news_items_published_on_id", "news_items", ["published_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_news_items_published_on_id", table_name="news_items")
    op.drop_table("news_items")
