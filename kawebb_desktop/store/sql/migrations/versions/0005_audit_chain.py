"""The audit chain: audit entries and receipts linked by hashes; neither can be changed.

* ``audit_chains``: the head of each chain (its last link's number and hash); one chain
  per organisation, chain 0 for entries that belong to none.
* ``audit_entries.chain_id``, ``seq``, ``prev_hash``, ``hash`` and ``receipts.chain_seq``,
  ``prev_hash``, ``hash``: each row's place in its chain, the hash of the link before it
  and its own hash (``kawebb_desktop/domain/audit_chain.py`` says what is hashed).
* The rows already there are chained here, per organisation, in the order they were
  written (by time; a receipt before the audit entry of the same moment, which records
  it; then by id).
* Triggers refuse every UPDATE and DELETE of ``audit_entries`` and ``receipts`` (and,
  on PostgreSQL, TRUNCATE), whoever sends it: a change behind the app's back must go
  through dropping or disabling a trigger first, and even then ``kawebb audit verify``
  finds it. On PostgreSQL the triggers run a function of the store's schema,
  ``kawebb_append_only``. A role that owns the tables can still drop the triggers; the
  docs (``docs/api.md``, "Granskningskedjan") say how to run the server under a role
  that cannot.

Written by hand and frozen: plain SQLAlchemy, nothing imported from the application.
The hashed form is ``FORMAT`` 1 of ``domain/audit_chain.py``, copied here as it was
(the app keeps verifying it; it must not change).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-14
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
FORMAT = 1
SYSTEM_CHAIN = 0
#: Rows updated per executemany round trip while chaining.
BATCH = 1000

APPEND_ONLY = ("audit_entries", "receipts")
PG_FUNCTION = "kawebb_append_only"
MESSAGE = "KA Webb: granskningsloggen och kvittenserna ändras aldrig och tas aldrig bort"


def _hash_column(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.String(64), nullable=False, server_default=sa.text("''"))


def _int_column(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, nullable=False, server_default=sa.text("0"))


def upgrade() -> None:
    op.create_table(
        "audit_chains",
        sa.Column("chain_id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("chain_id", name="pk_audit_chains"),
    )
    for column in ("chain_id", "seq"):
        op.add_column("audit_entries", _int_column(column))
    op.add_column("audit_entries", _hash_column("prev_hash"))
    op.add_column("audit_entries", _hash_column("hash"))
    op.add_column("receipts", _int_column("chain_seq"))
    op.add_column("receipts", _hash_column("prev_hash"))
    op.add_column("receipts", _hash_column("hash"))
    connection = op.get_bind()
    _chain_existing_rows(connection)
    op.create_index(
        "ix_audit_entries_chain_id_seq", "audit_entries", ["chain_id", "seq"], unique=True
    )
    op.create_index(
        "ix_receipts_organisation_id_chain_seq",
        "receipts",
        ["organisation_id", "chain_seq"],
        unique=True,
    )
    _create_triggers(connection)


# -------------------------------------------------------------- the hashed form (v1)
def _time(value: dt.datetime) -> str:
    if value.tzinfo is None:  # SQLite keeps UTC without an offset
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _hash(fields: dict[str, Any]) -> str:
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entry_hash(row: Any, chain: int, seq: int, prev: str) -> str:
    return _hash(
        {
            "v": FORMAT,
            "type": "audit",
            "chain": chain,
            "seq": seq,
            "prev": prev,
            "organisation_id": row.organisation_id,
            "at": _time(row.at),
            "actor_person_id": row.actor_person_id,
            "actor_name": row.actor_name,
            "action": row.action,
            "details": row.details,
        }
    )


def _receipt_hash(row: Any, seq: int, prev: str) -> str:
    return _hash(
        {
            "v": FORMAT,
            "type": "receipt",
            "chain": row.organisation_id,
            "seq": seq,
            "prev": prev,
            "organisation_id": row.organisation_id,
            "order_ref": row.order_ref,
            "signed_at": _time(row.signed_at),
            "signer_person_id": row.signer_person_id,
            "signer_name": row.signer_name,
            "signer_personnummer": row.signer_personnummer,
            "summary": row.summary,
            "document": row.document,
            "digest": row.digest,
            "signature": row.signature,
            "ocsp_response": row.ocsp_response,
            "change_count": row.change_count,
        }
    )


# -------------------------------------------------------------- chaining what is there
_utc = sa.DateTime(timezone=True)
AUDIT = sa.table(
    "audit_entries",
    sa.column("id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("at", _utc),
    sa.column("actor_person_id", sa.Integer),
    sa.column("actor_name", sa.String),
    sa.column("action", sa.String),
    sa.column("details", sa.Text),
    sa.column("chain_id", sa.Integer),
    sa.column("seq", sa.Integer),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)
RECEIPTS = sa.table(
    "receipts",
    sa.column("id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("order_ref", sa.String),
    sa.column("signed_at", _utc),
    sa.column("signer_person_id", sa.Integer),
    sa.column("signer_name", sa.String),
    sa.column("signer_personnummer", sa.String),
    sa.column("summary", sa.Text),
    sa.column("document", sa.Text),
    sa.column("digest", sa.String),
    sa.column("signature", sa.Text),
    sa.column("ocsp_response", sa.Text),
    sa.column("change_count", sa.Integer),
    sa.column("chain_seq", sa.Integer),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)
CHAINS = sa.table(
    "audit_chains", sa.column("chain_id", sa.Integer), sa.column("seq"), sa.column("hash")
)


def _sort_time(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _links(connection: sa.Connection, chain: int) -> Iterator[tuple[str, Any]]:
    """The chain's rows in the order they were written: ("audit"|"receipt", row)."""
    where_audit: sa.ColumnElement[bool]
    if chain == SYSTEM_CHAIN:
        where_audit = AUDIT.c.organisation_id.is_(None)
    else:
        where_audit = AUDIT.c.organisation_id == chain
    audit = connection.execute(
        sa.select(AUDIT).where(where_audit).order_by(AUDIT.c.at, AUDIT.c.id)
    ).all()
    receipts = connection.execute(
        sa.select(RECEIPTS)
        .where(RECEIPTS.c.organisation_id == chain)
        .order_by(RECEIPTS.c.signed_at, RECEIPTS.c.id)
    ).all()
    # A receipt and the audit entry that records it are written at the same moment:
    # the receipt goes first.
    merged = heapq.merge(
        ((_sort_time(r.signed_at), 0, r.id, "receipt", r) for r in receipts),
        ((_sort_time(r.at), 1, r.id, "audit", r) for r in audit),
    )
    for *_key, kind, row in merged:
        yield kind, row


def _chain_existing_rows(connection: sa.Connection) -> None:
    chains = {SYSTEM_CHAIN} if _any(connection, AUDIT, AUDIT.c.organisation_id.is_(None)) else set()
    chains |= set(
        connection.execute(
            sa.select(AUDIT.c.organisation_id)
            .where(AUDIT.c.organisation_id.is_not(None))
            .distinct()
        ).scalars()
    )
    chains |= set(connection.execute(sa.select(RECEIPTS.c.organisation_id).distinct()).scalars())
    audit_update = (
        sa.update(AUDIT)
        .where(AUDIT.c.id == sa.bindparam("row_id"))
        .values(
            chain_id=sa.bindparam("new_chain"),
            seq=sa.bindparam("new_seq"),
            prev_hash=sa.bindparam("new_prev"),
            hash=sa.bindparam("new_hash"),
        )
    )
    receipt_update = (
        sa.update(RECEIPTS)
        .where(RECEIPTS.c.id == sa.bindparam("row_id"))
        .values(
            chain_seq=sa.bindparam("new_seq"),
            prev_hash=sa.bindparam("new_prev"),
            hash=sa.bindparam("new_hash"),
        )
    )
    for chain in sorted(chains):
        seq, prev = 0, GENESIS
        audit_rows: list[dict[str, Any]] = []
        receipt_rows: list[dict[str, Any]] = []
        for kind, row in _links(connection, chain):
            seq += 1
            if kind == "receipt":
                digest = _receipt_hash(row, seq, prev)
                receipt_rows.append(
                    {"row_id": row.id, "new_seq": seq, "new_prev": prev, "new_hash": digest}
                )
            else:
                digest = _entry_hash(row, chain, seq, prev)
                audit_rows.append(
                    {
                        "row_id": row.id,
                        "new_chain": chain,
                        "new_seq": seq,
                        "new_prev": prev,
                        "new_hash": digest,
                    }
                )
            prev = digest
            if len(audit_rows) >= BATCH:
                connection.execute(audit_update, audit_rows)
                audit_rows = []
            if len(receipt_rows) >= BATCH:
                connection.execute(receipt_update, receipt_rows)
                receipt_rows = []
        if audit_rows:
            connection.execute(audit_update, audit_rows)
        if receipt_rows:
            connection.execute(receipt_update, receipt_rows)
        if seq:
            connection.execute(sa.insert(CHAINS).values(chain_id=chain, seq=seq, hash=prev))


def _any(connection: sa.Connection, table: sa.TableClause, where: Any) -> bool:
    return (
        connection.execute(
            sa.select(sa.literal(1)).select_from(table).where(where).limit(1)
        ).first()
        is not None
    )


# -------------------------------------------------------------------------- triggers
def _create_triggers(connection: sa.Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text(
                f"CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                "BEGIN\n"
                f"  RAISE EXCEPTION '{MESSAGE} (% på %)', TG_OP, TG_TABLE_NAME\n"
                "    USING ERRCODE = 'insufficient_privilege';\n"
                "END\n"
                "$$"
            )
        )
        for table in APPEND_ONLY:
            connection.execute(
                sa.text(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
                    f" FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
                )
            )
            connection.execute(
                sa.text(
                    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
                    f" FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
                )
            )
        return
    for table in APPEND_ONLY:
        for operation in ("UPDATE", "DELETE"):
            connection.execute(
                sa.text(
                    f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation}"
                    f" ON {table} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
                )
            )


def _drop_triggers(connection: sa.Connection) -> None:
    if connection.dialect.name == "postgresql":
        for table in APPEND_ONLY:
            connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"))
            connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"))
        connection.execute(sa.text(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()"))
        return
    for table in APPEND_ONLY:
        for operation in ("update", "delete"):
            connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_no_{operation}"))


def downgrade() -> None:
    _drop_triggers(op.get_bind())
    op.drop_index("ix_receipts_organisation_id_chain_seq", table_name="receipts")
    op.drop_index("ix_audit_entries_chain_id_seq", table_name="audit_entries")
    with op.batch_alter_table("receipts") as batch:
        for column in ("hash", "prev_hash", "chain_seq"):
            batch.drop_column(column)
    with op.batch_alter_table("audit_entries") as batch:
        for column in ("hash", "prev_hash", "seq", "chain_id"):
            batch.drop_column(column)
    op.drop_table("audit_chains")
