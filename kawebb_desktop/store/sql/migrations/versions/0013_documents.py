"""Case documents (*handlingar*, issue 9): drafts and sent documents, and their history.

``documents``: the organisation, the case, the type (``gemensam_planering`` …), the
status (``utkast``, ``inskickad``, ``godkand``, ``returnerad``), the field values
(``field_values``) as
canonical JSON text, a ``version`` (optimistic locking, as 0009), when it was made and
last changed and by whom, when it was sent and decided, and AF's comment when it was
returned. Indexes: (``organisation_id``, ``case_id``) for a case's documents and
(``organisation_id``, ``status``) for *Statusöversikt*. ``document_events``: each send
and decision (status, time, the person or NULL for AF), indexed by (``document_id``,
``at``). As 0007, ids are never given again on SQLite (``AUTOINCREMENT``).

Written by hand and frozen: plain Alembic, nothing imported from the application.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("field_values", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_comment", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_documents_organisation_id_organisations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_documents_case_id_cases", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["persons.id"], name="fk_documents_updated_by_persons"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_documents_organisation_id_case_id", "documents", ["organisation_id", "case_id"]
    )
    op.create_index(
        "ix_documents_organisation_id_status", "documents", ["organisation_id", "status"]
    )
    op.create_table(
        "document_events",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_person_id", sa.Integer, nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_document_events_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["by_person_id"], ["persons.id"], name="fk_document_events_by_person_id_persons"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_document_events"),
    )
    op.create_index("ix_document_events_document_id_at", "document_events", ["document_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_document_events_document_id_at", table_name="document_events")
    op.drop_table("document_events")
    op.drop_index("ix_documents_organisation_id_status", table_name="documents")
    op.drop_index("ix_documents_organisation_id_case_id", table_name="documents")
    op.drop_table("documents")
