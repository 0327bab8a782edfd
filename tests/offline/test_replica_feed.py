"""A replica's store records no change feed of its own: its feed is its server's, and an
index of its own writes (pulls, commands made offline) would only grow. The server's
store, written the same way, does record."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from kawebb_desktop.offline.outbox import OPERATIONS
from kawebb_desktop.services.api import CreateUser
from kawebb_desktop.store.sql import orm
from kawebb_desktop.store.sql.store import SqlStore
from tests.offline.conftest import Workstation
from tests.services.backends import new_draft

INDEX = orm.Base.metadata.tables["change_index"]
COUNTERS = orm.Base.metadata.tables["sync_counters"]


def _indexed(engine: Engine) -> tuple[int, int]:
    """The feed index's rows and the numbers its counters handed out."""
    with engine.connect() as connection:
        rows = connection.scalar(select(func.count()).select_from(INDEX))
        numbers = connection.scalar(select(func.coalesce(func.sum(COUNTERS.c.seq), 0)))
    return int(rows or 0), int(numbers or 0)


def _create_offline(ws: Workstation) -> None:
    command = CreateUser(new_draft())
    seq, _change = ws.outbox.apply(
        OPERATIONS["users.create_user"],
        command,
        ws.caller,
        ws.personnummer,
        lambda: ws.local.users.create_user(ws.caller, command),
    )
    assert seq is not None


def test_a_replica_records_no_feed_while_its_server_does(
    workstation: Workstation, server_store: SqlStore
) -> None:
    ws = workstation
    assert not ws.replica.store.records_feed and server_store.records_feed
    assert _indexed(ws.replica.engine) == (0, 0)  # after the whole initial pull

    for _ in range(2):  # commands made offline, through the local services
        _create_offline(ws)
    assert _indexed(ws.replica.engine) == (0, 0)

    before = _indexed(server_store.engine)
    ws.remote.users.create_user(ws.caller, CreateUser(new_draft()))
    after = _indexed(server_store.engine)
    assert after[0] > before[0] and after[1] > before[1]
