"""*Begär ersättning* (issue 9): the compensation requests that were signed and sent.

One table, ``claims``: the organisation, the ersättningsärende, the kind (anställning or
praktik), the field of work, the extent in hundredths of a percent (``extent_hundredths``,
5 000 = 50 %), the period (both days included), the amount the service computed in öre
(``amount_ore``, exact on both backends), the status (Inskickad, Godkänd, Avslagen,
Utbetald), the day it was sent and a ``version`` (optimistic locking, as 0009). Indexes:
(``organisation_id``, ``submitted_on``, ``id``) for *Begärda ersättningar*, newest first,
and (``case_id``, ``start_date``) for the periods already requested in a case. As 0007, a
removed claim's id is never given again on SQLite (``AUTOINCREMENT``).

Written by hand and frozen: plain Alembic, nothing imported from the application.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("field_of_work", sa.String(32), nullable=False),
        sa.Column("extent_hundredths", sa.Integer, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("amount_ore", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("submitted_on", sa.Date, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_claims_organisation_id_organisations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_claims_case_id_cases", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_claims_organisation_id_submitted_on_id",
        "claims",
        ["organisation_id", "submitted_on", "id"],
    )
    op.create_index("ix_claims_case_id_start_date", "claims", ["case_id", "start_date"])


def downgrade() -> None:
    op.drop_index("ix_claims_case_id_start_date", table_name="claims")
    op.drop_index("ix_claims_organisation_id_submitted_on_id", table_name="claims")
    op.drop_table("claims")
