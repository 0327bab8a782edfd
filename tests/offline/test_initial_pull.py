"""An initial pull of many pages: applied a table at a time, with the replicated tables'
non-unique indexes and full-text triggers set aside until its last page (or until the
next open, when a crash cut it off), and a replica equal to one pulled in one page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kawebb_desktop.domain.clock import SystemClock
from kawebb_desktop.offline.local import NoNetworkSigner
from kawebb_desktop.offline.outbox import Outbox
from kawebb_desktop.offline.replica import (
    BULK_LOAD_KEY,
    Replica,
    replica_path,
    replicated_tables,
)
from kawebb_desktop.offline.sync import SyncEngine
from kawebb_desktop.remote.errors import ServerUnavailable
from kawebb_desktop.services import build_services
from kawebb_desktop.services.api import FEED_ORGANISATION, Caller, FeedPage, SyncApi
from kawebb_desktop.store.sql.store import SqlStore
from tests.offline.conftest import DOROTEA, admin_of, server_session


class CutFeed:
    """The server's feed, whose network is cut after ``pages`` pages."""

    def __init__(self, inner: SyncApi, pages: int) -> None:
        self._inner = inner
        self.pages = pages
        self.organisation_pages = 0

    def changes(self, caller: Caller, feed: str, since: int, limit: int = 1000) -> FeedPage:
        if self.pages <= 0:
            raise ServerUnavailable("Servern svarar inte.")
        self.pages -= 1
        self.organisation_pages += feed == FEED_ORGANISATION
        return self._inner.changes(caller, feed, since, limit)


def _schema(replica: Replica) -> set[tuple[str, str]]:
    with replica.reading() as connection:
        rows = connection.exec_driver_sql(
            "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')"
        ).fetchall()
    return {(str(kind), str(name)) for kind, name in rows}


def _content(replica: Replica) -> dict[str, list[Any]]:
    with replica.reading() as connection:
        return {
            table.name: [tuple(r) for r in connection.execute(table.select().order_by(*table.c))]
            for table in replicated_tables()
        }


def _fts_consistent(replica: Replica) -> int:
    """The number of cases the trigram index finds by the first case's key's start (FTS5 checks its
    index against the table first and raises if they differ)."""
    with replica.reading() as connection:
        connection.exec_driver_sql("INSERT INTO cases_fts (cases_fts) VALUES ('integrity-check')")
        key = connection.exec_driver_sql(
            "SELECT search_key FROM cases ORDER BY id LIMIT 1"
        ).scalar()
        if key is None:
            return 0
        part = str(key)[:3]
        found = connection.exec_driver_sql(
            "SELECT count(*) FROM cases_fts WHERE cases_fts MATCH ?", (f'"{part}"',)
        ).scalar_one()
        assert (
            found
            == connection.exec_driver_sql(
                "SELECT count(*) FROM cases WHERE instr(search_key, ?) > 0", (part,)
            ).scalar_one()
        )
    return int(found)


@pytest.fixture
def setting(server_store: SqlStore) -> tuple[Caller, SyncApi]:
    clock = SystemClock()
    organisation_id, personnummer = admin_of(server_store, DOROTEA)
    caller = Caller(server_session(server_store, personnummer, clock), organisation_id)
    remote = build_services(server_store, NoNetworkSigner(), clock, dt.timedelta(0))
    return caller, remote.sync


def _pull(path: Path, feed: Any, caller: Caller, page_limit: int) -> Replica:
    replica = Replica.open(path)
    clock = SystemClock()
    engine = SyncEngine(replica, Outbox(replica, clock), None, feed, clock, page_limit=page_limit)  # type: ignore[arg-type]
    engine.pull(caller)
    return replica


def test_many_pages_give_the_replica_one_page_gives(
    setting: tuple[Caller, SyncApi], tmp_path: Path
) -> None:
    caller, feed = setting
    whole = _pull(tmp_path / "one" / "r.sqlite3", feed, caller, 5000)
    paged = _pull(tmp_path / "many" / "r.sqlite3", feed, caller, 3)
    try:
        assert _content(paged) == _content(whole)
        assert _schema(paged) == _schema(whole)
        assert paged.meta(BULK_LOAD_KEY) is None
        assert _fts_consistent(paged) == _fts_consistent(whole) > 0
    finally:
        whole.close()
        paged.close()


def test_indexes_are_set_aside_during_the_pull_and_back_after_a_cut(
    setting: tuple[Caller, SyncApi], tmp_path: Path
) -> None:
    caller, feed = setting
    counted = CutFeed(feed, pages=10**6)
    reference = _pull(tmp_path / "ref" / "r.sqlite3", counted, caller, 3)
    expected = _schema(reference)
    reference.close()
    path = replica_path(tmp_path, "http://server", "x")
    replica = Replica.open(path)
    clock = SystemClock()
    # Cut before the organisation feed's last page.
    cut = CutFeed(feed, pages=counted.organisation_pages - 1)
    engine = SyncEngine(replica, Outbox(replica, clock), None, cut, clock, page_limit=3)  # type: ignore[arg-type]
    with pytest.raises(ServerUnavailable):
        engine.pull(caller)
    during = _schema(replica)
    assert ("index", "ix_cases_page_case_number") in expected - during
    assert ("trigger", "cases_fts_after_insert") in expected - during
    # Unique indexes are rules: they stay.
    assert not {n for kind, n in expected - during if kind == "index" and "uq" in n}
    assert replica.meta(BULK_LOAD_KEY) is not None
    replica.close()  # as if the program died here

    reopened = Replica.open(path)
    try:
        assert _schema(reopened) == expected
        assert reopened.meta(BULK_LOAD_KEY) is None
        assert _fts_consistent(reopened) > 0
        # The pull goes on from its cursor, now row by row with the indexes in place.
        SyncEngine(reopened, Outbox(reopened, clock), None, feed, clock, page_limit=3).pull(  # type: ignore[arg-type]
            caller
        )
        assert _schema(reopened) == expected
        _fts_consistent(reopened)
    finally:
        reopened.close()
