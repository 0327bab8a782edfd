"""The Tjänsteutbud's services are entities of their own, delivered by one or more units.

Until now each utförande verksamhet named the one service it delivers in ``units.service``
(text). Here ``services`` (one row per organisation and service name) and
``service_units`` (which units deliver which service) take its place: every distinct
``(organisation_id, service)`` of the units becomes a service delivered by those units,
and the column goes. Downgrading gives each unit the name of one service it delivers
(the first by name) back, or "Utbildningskontrakt" when it delivers none.

Written by hand and frozen: plain Alembic, nothing imported from the application.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: What a unit delivered when 0001 made it without saying (the old column's default).
DEFAULT_SERVICE = "Utbildningskontrakt"


def upgrade() -> None:
    op.create_table(
        "services",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_services_organisation_id_organisations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_services"),
        sa.UniqueConstraint("organisation_id", "name", name="uq_services_organisation_id_name"),
    )
    op.create_index("ix_services_organisation_id", "services", ["organisation_id"])
    op.create_table(
        "service_units",
        sa.Column("service_id", sa.Integer, nullable=False),
        sa.Column("unit_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name="fk_service_units_service_id_services",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name="fk_service_units_unit_id_units",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "unit_id", name="pk_service_units"),
    )
    op.create_index("ix_service_units_unit_id", "service_units", ["unit_id"])
    op.execute(
        "INSERT INTO services (organisation_id, name)"
        " SELECT DISTINCT organisation_id, service FROM units"
    )
    op.execute(
        "INSERT INTO service_units (service_id, unit_id)"
        " SELECT s.id, u.id FROM units u JOIN services s"
        " ON s.organisation_id = u.organisation_id AND s.name = u.service"
    )
    with op.batch_alter_table("units") as batch:
        batch.drop_column("service")


def downgrade() -> None:
    with op.batch_alter_table("units") as batch:
        batch.add_column(
            sa.Column(
                "service",
                sa.String(200),
                nullable=False,
                server_default=sa.text(f"'{DEFAULT_SERVICE}'"),
            )
        )
    op.execute(
        "UPDATE units SET service = COALESCE((SELECT MIN(s.name) FROM services s"
        " JOIN service_units su ON su.service_id = s.id WHERE su.unit_id = units.id),"
        f" '{DEFAULT_SERVICE}')"
    )
    with op.batch_alter_table("units") as batch:
        batch.alter_column("service", server_default=None)
    op.drop_table("service_units")
    op.drop_table("services")
