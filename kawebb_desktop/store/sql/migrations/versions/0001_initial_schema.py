"""Initial schema: organisations, people, authorizations, cases, changes, receipts.

Written by hand, and frozen: it must keep building the same schema whatever the ORM
looks like later, so it uses plain SQLAlchemy types and names every constraint itself.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CASCADE = "CASCADE"
SET_NULL = "SET NULL"


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=f"pk_{table}")


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.Constraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("org_number", sa.String(10), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("street_address", sa.String(200), nullable=False),
        sa.Column("postal_code", sa.String(20), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(50), nullable=False),
        sa.Column("fax", sa.String(50), nullable=False),
        sa.Column("website", sa.String(200), nullable=False),
        _pk("organisations"),
        sa.UniqueConstraint("org_number", name="uq_organisations_org_number"),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("case_kind", sa.String(32), nullable=False),
        sa.Column("service", sa.String(200), nullable=False),
        sa.Column("street_address", sa.String(200), nullable=False),
        sa.Column("postal_code", sa.String(20), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        _pk("units"),
        _fk("units", "organisation_id", "organisations", CASCADE),
    )
    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("starting_admin", sa.String(12), nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("activated_on", sa.Date, nullable=True),
        sa.Column("concerns_new_admin", sa.Boolean, nullable=False),
        _pk("agreements"),
        _fk("agreements", "organisation_id", "organisations", CASCADE),
    )
    op.create_index("ix_agreements_organisation_id", "agreements", ["organisation_id"])
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("personnummer", sa.String(12), nullable=False),
        sa.Column("first_name", sa.String(200), nullable=False),
        sa.Column("last_name", sa.String(200), nullable=False),
        _pk("persons"),
        sa.UniqueConstraint("personnummer", name="uq_persons_personnummer"),
    )
    op.create_table(
        "authorizations",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=True),
        sa.Column("activates_at", _utc(), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        _pk("authorizations"),
        _fk("authorizations", "organisation_id", "organisations", CASCADE),
        _fk("authorizations", "person_id", "persons", CASCADE),
        sa.UniqueConstraint(
            "organisation_id", "person_id", name="uq_authorizations_organisation_id_person_id"
        ),
    )
    op.create_index("ix_authorizations_person_id", "authorizations", ["person_id"])
    op.create_index(
        "ix_authorizations_organisation_id_role", "authorizations", ["organisation_id", "role"]
    )
    op.create_index(
        "ix_authorizations_organisation_id_start_date",
        "authorizations",
        ["organisation_id", "start_date"],
    )
    op.create_index(
        "ix_authorizations_organisation_id_end_date",
        "authorizations",
        ["organisation_id", "end_date"],
    )
    op.create_table(
        "contact_persons",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("first_name", sa.String(200), nullable=False),
        sa.Column("last_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phone1", sa.String(50), nullable=False),
        sa.Column("phone2", sa.String(50), nullable=False),
        sa.Column("unit_count", sa.Integer, nullable=False),
        sa.Column("address_count", sa.Integer, nullable=False),
        sa.Column("administrative", sa.Boolean, nullable=False),
        _pk("contact_persons"),
        _fk("contact_persons", "organisation_id", "organisations", CASCADE),
    )
    op.create_index("ix_contact_persons_organisation_id", "contact_persons", ["organisation_id"])
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("review_status", sa.String(100), nullable=False),
        sa.Column("updated_on", sa.Date, nullable=False),
        sa.Column("updated_by", sa.String(32), nullable=False),
        sa.Column("unit_count", sa.Integer, nullable=False),
        sa.Column("is_default", sa.Boolean, nullable=False),
        _pk("accounts"),
        _fk("accounts", "organisation_id", "organisations", CASCADE),
    )
    op.create_index("ix_accounts_organisation_id", "accounts", ["organisation_id"])
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("unit_id", sa.Integer, nullable=False),
        sa.Column("case_number", sa.BigInteger, nullable=False),
        sa.Column("first_name", sa.String(200), nullable=False),
        sa.Column("last_name", sa.String(200), nullable=False),
        sa.Column("personnummer", sa.String(12), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=True),
        sa.Column("last_event", sa.String(200), nullable=False),
        sa.Column("last_event_on", sa.Date, nullable=False),
        _pk("cases"),
        _fk("cases", "organisation_id", "organisations", CASCADE),
        _fk("cases", "unit_id", "units", CASCADE),
        sa.UniqueConstraint("case_number", name="uq_cases_case_number"),
    )
    op.create_index("ix_cases_organisation_id", "cases", ["organisation_id"])
    op.create_index("ix_cases_unit_id_last_event_on", "cases", ["unit_id", "last_event_on"])
    op.create_index("ix_cases_unit_id_status", "cases", ["unit_id", "status"])
    op.create_index("ix_cases_unit_id_start_date", "cases", ["unit_id", "start_date"])
    op.create_index("ix_cases_unit_id_end_date", "cases", ["unit_id", "end_date"])
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        _pk("case_events"),
        _fk("case_events", "case_id", "cases", CASCADE),
    )
    op.create_index("ix_case_events_case_id_occurred_on", "case_events", ["case_id", "occurred_on"])
    op.create_table(
        "pending_changes",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("target_id", sa.Integer, nullable=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_by_person_id", sa.Integer, nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        _pk("pending_changes"),
        _fk("pending_changes", "organisation_id", "organisations", CASCADE),
        _fk("pending_changes", "created_by_person_id", "persons"),
    )
    op.create_index(
        "ix_pending_changes_organisation_id_kind_target_id",
        "pending_changes",
        ["organisation_id", "kind", "target_id"],
    )
    op.create_index(
        "ix_pending_changes_created_by_person_id", "pending_changes", ["created_by_person_id"]
    )
    op.create_table(
        "receipts",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("order_ref", sa.String(100), nullable=False),
        sa.Column("signed_at", _utc(), nullable=False),
        sa.Column("signer_person_id", sa.Integer, nullable=False),
        sa.Column("signer_name", sa.String(200), nullable=False),
        sa.Column("signer_personnummer", sa.String(12), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("signature", sa.Text, nullable=False),
        sa.Column("ocsp_response", sa.Text, nullable=False),
        sa.Column("change_count", sa.Integer, nullable=False),
        _pk("receipts"),
        _fk("receipts", "organisation_id", "organisations", CASCADE),
        _fk("receipts", "signer_person_id", "persons"),
    )
    op.create_index(
        "ix_receipts_organisation_id_signed_at", "receipts", ["organisation_id", "signed_at"]
    )
    op.create_index("ix_receipts_signer_person_id", "receipts", ["signer_person_id"])
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=True),
        sa.Column("at", _utc(), nullable=False),
        sa.Column("actor_person_id", sa.Integer, nullable=True),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        _pk("audit_entries"),
        _fk("audit_entries", "organisation_id", "organisations", SET_NULL),
        _fk("audit_entries", "actor_person_id", "persons", SET_NULL),
    )
    op.create_index(
        "ix_audit_entries_organisation_id_at", "audit_entries", ["organisation_id", "at"]
    )
    op.create_index("ix_audit_entries_actor_person_id", "audit_entries", ["actor_person_id"])
    op.create_table(
        "signing_orders",
        sa.Column("order_ref", sa.String(100), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("started_at", _utc(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("auto_start_token", sa.String(100), nullable=False),
        sa.Column("qr_start_token", sa.String(100), nullable=False),
        sa.Column("qr_start_secret", sa.String(100), nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=True),
        sa.Column("person_id", sa.Integer, nullable=True),
        sa.Column("digest", sa.String(64), nullable=True),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("hint_code", sa.String(100), nullable=True),
        sa.Column("receipt_id", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("order_ref", name="pk_signing_orders"),
        _fk("signing_orders", "organisation_id", "organisations", CASCADE),
        _fk("signing_orders", "person_id", "persons", SET_NULL),
        _fk("signing_orders", "receipt_id", "receipts", SET_NULL),
    )
    op.create_index("ix_signing_orders_organisation_id", "signing_orders", ["organisation_id"])
    op.create_index("ix_signing_orders_person_id", "signing_orders", ["person_id"])
    op.create_index("ix_signing_orders_receipt_id", "signing_orders", ["receipt_id"])


def downgrade() -> None:
    for table in (
        "signing_orders",
        "audit_entries",
        "receipts",
        "pending_changes",
        "case_events",
        "cases",
        "accounts",
        "contact_persons",
        "authorizations",
        "persons",
        "agreements",
        "units",
        "organisations",
    ):
        op.drop_table(table)
