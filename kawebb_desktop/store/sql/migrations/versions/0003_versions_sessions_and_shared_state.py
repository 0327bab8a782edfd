"""Versions on pending changes and signing orders; sessions, idempotency keys, store facts
and the BankID simulator's orders.

* ``pending_changes.version`` and ``signing_orders.version``: optimistic locking, as
  ``authorizations`` has had from the start. Existing rows get version 1.
* ``pending_changes.new_user_personnummer``: the personnummer of a pending *Ny* user
  change, under a unique constraint per organisation, so that two administrators saving
  at the same moment cannot both create one. It is filled here from the JSON payloads;
  should a database already hold several for one person, only the oldest gets the key
  (the others stay as they are, and can still be signed or removed).
* ``sessions``: logins, by the SHA-256 of their token.
* ``idempotency_keys``: writes as they were answered, one per (person, key).
* ``store_meta``: facts about the store itself (e.g. made by ``kawebb demo``).
* ``simulator_orders``: the BankID simulator's orders, so that several processes on one
  database share one simulated BankID.

Written by hand and frozen like 0001: plain SQLAlchemy types, every constraint named
here, nothing imported from the application.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CASCADE = "CASCADE"

#: ``ChangeKind.USER`` and ``ChangeAction.NY`` as they were stored when this was written.
USER_KIND = "anvandare"
NEW_ACTION = "ny"

#: Rows updated per executemany round trip while backfilling.
BATCH = 2000


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1"))


def upgrade() -> None:
    op.add_column("pending_changes", _version())
    op.add_column("signing_orders", _version())
    op.add_column(
        "pending_changes", sa.Column("new_user_personnummer", sa.String(12), nullable=True)
    )
    _backfill_new_user_personnummer(op.get_bind())
    with op.batch_alter_table("pending_changes") as batch:
        batch.create_unique_constraint(
            "uq_pending_changes_organisation_id_new_user_personnummer",
            ["organisation_id", "new_user_personnummer"],
        )
    op.create_index("ix_signing_orders_state_started_at", "signing_orders", ["state", "started_at"])

    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("last_seen_at", _utc(), nullable=False),
        sa.Column("revoked_at", _utc(), nullable=True),
        sa.Column("order_ref", sa.String(100), nullable=False, server_default=sa.text("''")),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name="fk_sessions_person_id_persons", ondelete=CASCADE
        ),
        sa.UniqueConstraint("token_hash", name="uq_sessions_token_hash"),
    )
    op.create_index("ix_sessions_person_id", "sessions", ["person_id"])

    op.create_table(
        "idempotency_keys",
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "key", name="pk_idempotency_keys"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name="fk_idempotency_keys_person_id_persons",
            ondelete=CASCADE,
        ),
    )

    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_store_meta"),
    )

    op.create_table(
        "simulator_orders",
        sa.Column("order_ref", sa.String(100), nullable=False),
        sa.Column("personal_number", sa.String(12), nullable=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("order_ref", name="pk_simulator_orders"),
    )
    op.create_index(
        "ix_simulator_orders_personal_number_seq",
        "simulator_orders",
        ["personal_number", "seq"],
    )


def _backfill_new_user_personnummer(connection: sa.Connection) -> None:
    table = sa.table(
        "pending_changes",
        sa.column("id"),
        sa.column("organisation_id"),
        sa.column("kind"),
        sa.column("action"),
        sa.column("payload"),
        sa.column("new_user_personnummer"),
    )
    rows = connection.execute(
        sa.select(table.c.id, table.c.organisation_id, table.c.payload)
        .where(table.c.kind == USER_KIND, table.c.action == NEW_ACTION)
        .order_by(table.c.id)
    ).all()
    statement = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("row_id"))
        .values(new_user_personnummer=sa.bindparam("pnr"))
    )
    seen: set[tuple[int, str]] = set()
    batch: list[dict[str, Any]] = []
    for row_id, organisation_id, payload in rows:
        pnr = _personnummer_of(payload)
        if pnr is None or (organisation_id, pnr) in seen:
            continue  # the oldest one per person keeps the key; later ones stay NULL
        seen.add((organisation_id, pnr))
        batch.append({"row_id": row_id, "pnr": pnr})
        if len(batch) >= BATCH:
            connection.execute(statement, batch)
            batch = []
    if batch:
        connection.execute(statement, batch)


def _personnummer_of(payload: str) -> str | None:
    try:
        value = json.loads(payload).get("personnummer")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and 0 < len(value) <= 12 else None


def downgrade() -> None:
    for table in ("simulator_orders", "store_meta", "idempotency_keys", "sessions"):
        op.drop_table(table)
    op.drop_index("ix_signing_orders_state_started_at", table_name="signing_orders")
    with op.batch_alter_table("signing_orders") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("pending_changes") as batch:
        batch.drop_constraint(
            "uq_pending_changes_organisation_id_new_user_personnummer", type_="unique"
        )
        batch.drop_column("new_user_personnummer")
        batch.drop_column("version")
