"""SQLite never gives a removed user's or pending change's id to a new one.

A command that changes a stored object names it by id and the version it was read at.
Without ``AUTOINCREMENT``, SQLite gives a new row the highest id in the table plus one,
which is the id of the newest row once that row is removed. So when the newest pending
change had been signed or discarded, the next new one got its id, at version 1 again,
and an admin's stale edit of the old change (id and version 1) overwrote the new change
another admin had just saved (found by ``benchmarks/concurrent_admins.py``). The same
held for an authorization that was removed (a stale *Ta bort* could hit another person).

Here ``authorizations`` and ``pending_changes`` are written anew with ``AUTOINCREMENT``
(SQLite then keeps the highest id ever given in ``sqlite_sequence``). Ids removed before
this migration above the highest id still stored cannot be known, so they could be
given once more; from here on, none is. PostgreSQL's sequences never give an id twice:
nothing changes there.

Written by hand and frozen: plain Alembic, nothing imported from the application.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("authorizations", "pending_changes")


def upgrade() -> None:
    _recreate(autoincrement=True)


def downgrade() -> None:
    _recreate(autoincrement=False)


def _recreate(*, autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
