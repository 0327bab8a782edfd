"""Migration 0014 backfills the change feeds of what a store already holds; and, on
PostgreSQL, a feed's numbers become visible in order even when writers overlap (the
reasoning is in ``store/sql/feed.py``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, text

from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import SqlStore, make_engine, migrate, open_store
from kawebb_desktop.store.sql.feed import GLOBAL_FEED, ROOTS
from tests.store import builders as b
from tests.store.databases import EmptyDatabase

ALL_KINDS = [r.__tablename__ for r in ROOTS]


@pytest.fixture
def engine(empty_database: EmptyDatabase) -> Iterator[Engine]:
    engine = make_engine(empty_database.url, schema=empty_database.schema)
    try:
        yield engine
    finally:
        engine.dispose()


def _org(c: object, number: str, name: str) -> int:
    execute = c.execute  # type: ignore[attr-defined]
    execute(
        text(
            "INSERT INTO organisations (org_number, name, street_address, postal_code, city,"
            " phone, fax, website) VALUES (:n, :name, '', '', '', '', '', '')"
        ),
        {"n": number, "name": name},
    )
    return int(
        execute(
            text("SELECT id FROM organisations WHERE org_number = :n"), {"n": number}
        ).scalar_one()
    )


def test_upgrade_to_0014_gives_every_stored_object_its_place_in_its_feed(
    engine: Engine, empty_database: EmptyDatabase
) -> None:
    migrate.upgrade(engine, "0013")
    with engine.begin() as c:
        second = _org(c, b.org_number().value, "Vilhelmina kommun")
        first = _org(c, b.org_number().value, "Dorotea kommun")
        for org, name in ((first, "Dorotea UBK"), (second, "Vilhelmina UBK"), (first, "Åsele")):
            c.execute(
                text(
                    "INSERT INTO units (organisation_id, name, case_kind, street_address,"
                    " postal_code, city) VALUES (:org, :name, 'huvudarende', '', '', '')"
                ),
                {"org": org, "name": name},
            )
        for title in ("Första", "Andra"):
            c.execute(
                text(
                    "INSERT INTO news_items (title, text, published_on)"
                    " VALUES (:t, 'text', '2026-11-01')"
                ),
                {"t": title},
            )
    assert migrate.upgrade(engine, "0014") is True
    with engine.connect() as c:
        columns = "feed_id, seq, kind, entity_id, deleted"
        ordered = f"SELECT {columns} FROM change_index ORDER BY feed_id, seq"
        index = c.execute(text(ordered)).all()
        counted = c.execute(text("SELECT feed_id, seq FROM sync_counters")).all()
        counters: dict[int, int] = {int(f): int(s) for f, s in counted}
    # Feeds apart; parents before children, then by id; the second organisation was
    # stored first, so its feed sorts first here.
    assert second < first
    assert [(f, s, k) for f, s, k, _i, _d in index] == [
        (GLOBAL_FEED, 1, "news_items"),
        (GLOBAL_FEED, 2, "news_items"),
        (second, 1, "organisations"),
        (second, 2, "units"),
        (first, 1, "organisations"),
        (first, 2, "units"),
        (first, 3, "units"),
    ]
    assert not any(row[4] for row in index)
    assert counters == {GLOBAL_FEED: 2, second: 2, first: 3}
    # The store goes on numbering after the backfill.
    store = open_store(empty_database.url, schema=empty_database.schema)
    try:
        with store.unit_of_work(write=True) as uow:
            unit = uow.units.add(b.unit(first, "Ny enhet"))
            uow.commit()
        with store.unit_of_work() as uow:
            (change,) = uow.feed.changes(first, 3, ALL_KINDS, 10)
        assert (change.kind, change.entity_id, change.seq) == ("units", unit.id, 4)
    finally:
        store.close()


def _wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not become true in time")
        time.sleep(0.01)


def _waiting_for_a_lock(store: SqlStore) -> int:
    with store.engine.connect() as c:
        return int(
            c.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND datname = current_database()"
                )
            ).scalar_one()
        )


@pytest.mark.postgres
def test_an_overlapping_writer_waits_so_a_reader_never_skips_a_number(
    postgres_store: SqlStore,
) -> None:
    store: Store = postgres_store
    with store.unit_of_work(write=True) as uow:
        admin = b.add_organisation_with_admin(uow)
        org = admin.organisation_id
        uow.commit()

    def feed(since: int) -> list[int]:
        with store.unit_of_work() as uow:
            return [c.seq for c in uow.feed.changes(org, since, ALL_KINDS, 100)]

    start = feed(0)[-1]
    second_flushed = threading.Event()
    second_may_commit = threading.Event()
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with store.unit_of_work(write=True) as uow:
                uow.units.add(b.unit(org, "Andra enheten"))  # flushes: takes a number
                second_flushed.set()
                assert second_may_commit.wait(30)
                uow.commit()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
            second_flushed.set()

    with store.unit_of_work(write=True) as first:
        first.units.add(b.unit(org, "Första enheten"))  # has taken start + 1
        thread = threading.Thread(target=second_writer)
        thread.start()
        # The second writer's flush waits for the feed's counter, held by the first.
        _wait_until(lambda: _waiting_for_a_lock(postgres_store) == 1)
        assert not second_flushed.is_set()
        assert feed(start) == []
        first.commit()
    assert second_flushed.wait(30)
    assert not errors
    # The first writer's number is visible; the second's is later and not yet committed.
    assert feed(start) == [start + 1]
    second_may_commit.set()
    thread.join(30)
    assert not errors
    assert feed(start + 1) == [start + 2]
