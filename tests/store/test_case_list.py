"""The SQL store's case list: its cache of totals, and the indexes its queries rely on.

The list's behaviour is the contract (``test_contract_cases.py``); this is how the SQL
store keeps it cheap: a total is counted once per filter for a few seconds
(``store/sql/counts.py``), and the queries are spelled so that PostgreSQL's indexes
(migration 0004) can serve them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select, text
from sqlalchemy.engine.default import CACHE_HIT, CACHE_MISS

from kawebb_desktop.domain.entities import Case, CaseStatus
from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField, CaseSort, Page
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import SqlStore, make_engine, migrate, open_store, repositories
from kawebb_desktop.store.sql.counts import MAX_ENTRIES, TTL_SECONDS, CountCache
from kawebb_desktop.store.sql.orm import CaseRow
from tests.store.builders import case, organisation, unit


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Units:
    org_id: int
    unit_id: int
    other_org_id: int
    other_unit_id: int


def _add_units(store: Store, cases: int = 7, other_cases: int = 3) -> Units:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation("Dorotea kommun"))
        home = uow.units.add(unit(org.id, "Dorotea UBK"))
        other_org = uow.organisations.add(organisation("Åsele kommun"))
        other = uow.units.add(unit(other_org.id, "Åsele UBK"))
        uow.cases.add_many([case(org.id, home.id) for _ in range(cases)])
        uow.cases.add_many([case(other_org.id, other.id) for _ in range(other_cases)])
        uow.commit()
    return Units(org.id, home.id, other_org.id, other.id)


@pytest.fixture
def units(store: Store) -> Units:
    return _add_units(store)


@contextmanager
def counted(store: Store) -> Iterator[list[str]]:
    """The COUNT statements of a unit's cases the store sends meanwhile (not the probe
    of how many cases of the whole store a name search's words match)."""
    assert isinstance(store, SqlStore)
    counts: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "count(" in statement.lower() and "unit_id" in statement:
            counts.append(statement)

    event.listen(store.engine, "before_cursor_execute", before)
    try:
        yield counts
    finally:
        event.remove(store.engine, "before_cursor_execute", before)


def page(store: Store, organisation_id: int, **query: Any) -> Page[Case]:
    query.setdefault("limit", 2)
    with store.unit_of_work() as uow:
        return uow.cases.page(organisation_id, CaseQuery(**query))


# ------------------------------------------------------------ the cache of totals


def test_paging_and_sorting_count_once_per_filter(store: Store, units: Units) -> None:
    with counted(store) as counts:
        first = page(store, units.org_id, unit_id=units.unit_id)
        second = page(store, units.org_id, unit_id=units.unit_id, offset=2)
        resorted = page(
            store, units.org_id, unit_id=units.unit_id, sort=CaseSort.FIRST_NAME, offset=4
        )
        assert len(counts) == 1
        assert first.total == second.total == resorted.total == 7
        # Another filter is another total.
        named = page(store, units.org_id, unit_id=units.unit_id, text="kalle")
        assert len(counts) == 2
        assert named.total == 7
        # The same rows by another spelling of the filter share it.
        page(store, units.org_id, unit_id=units.unit_id, text=" kalle ", offset=2)
        page(store, units.org_id, unit_id=units.unit_id, search_field=CaseSearchField.ARENDE)
        assert len(counts) == 2


def test_a_page_that_reaches_the_end_is_not_counted(store: Store, units: Units) -> None:
    with counted(store) as counts:
        assert page(store, units.org_id, unit_id=units.unit_id, limit=50).total == 7
        assert page(store, units.org_id, unit_id=units.unit_id, offset=6).total == 7
        assert page(store, units.org_id, unit_id=units.unit_id, text="ingen").total == 0
        assert counts == []
        # Past the end there is nothing to see the total from.
        assert page(store, units.org_id, unit_id=units.unit_id, offset=10).total == 7
        assert len(counts) == 1


def test_a_list_counts_only_so_far_past_the_page(
    store: Store, units: Units, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search says "more than N" rather than count every match of a common word;
    N reaches SEARCH_COUNT_AHEAD past the rows in view, and all N rows exist."""
    monkeypatch.setattr(repositories, "SEARCH_COUNT_AHEAD", 3)
    first = page(store, units.org_id, unit_id=units.unit_id, text="kalle")
    assert (first.total, first.total_exact) == (5, False)  # 2 in view + 3; 7 match
    # Paging on, the bound moves with the page, up to the end, where it is exact.
    on = page(store, units.org_id, unit_id=units.unit_id, text="kalle", offset=2)
    assert (on.total, on.total_exact) == (7, True)
    # Rows exist up to every bound: the page at it is not empty.
    assert page(store, units.org_id, unit_id=units.unit_id, text="kalle", offset=4).items
    # The open list (no search text) too: a large unit is not counted whole for a page.
    listed = page(store, units.org_id, unit_id=units.unit_id)
    assert (listed.total, listed.total_exact) == (5, False)


def test_the_exact_count_replaces_the_bound_and_is_kept(
    store: Store, units: Units, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``count`` counts every match once; the pages of that filter then show it (from
    the cache) instead of their bound, and it never crosses organisations."""
    monkeypatch.setattr(repositories, "SEARCH_COUNT_AHEAD", 3)
    with counted(store) as counts:
        first = page(store, units.org_id, unit_id=units.unit_id, text="kalle")
        assert (first.total, first.total_exact) == (5, False)
        with store.unit_of_work() as uow:
            query = CaseQuery(unit_id=units.unit_id, text="kalle", offset=4, limit=1)
            assert uow.cases.count(units.org_id, query) == 7
            assert uow.cases.count(units.other_org_id, query) == 0
        assert len(counts) == 2  # the bound, then the exact count
        again = page(store, units.org_id, unit_id=units.unit_id, text="kalle")
        assert (again.total, again.total_exact) == (7, True)
        with store.unit_of_work() as uow:
            assert uow.cases.count(units.org_id, query) == 7
        assert len(counts) == 2  # both from the cache


def _varied_cases(org_id: int, unit_id: int) -> list[Case]:
    """Cases whose sort keys tie often (the id decides), some open-ended, some closed."""
    names = ["Åberg", "Berg", "Öberg", "berg", "Lind", "Berg", "Ek"]
    return [
        case(
            org_id,
            unit_id,
            first_name=names[(i * 3) % len(names)],
            last_name=names[i % len(names)],
            status=list(CaseStatus)[i % len(CaseStatus)],
            start_date=dt.date(2026, 1, 1 + i % 4),
            end_date=None if i % 5 == 0 else dt.date(2026, 6, 1 + i % 3),
            last_event_on=dt.date(2026, 3, 1 + i % 2),
        )
        for i in range(23)
    ]


def window(
    store: Store, organisation_id: int, query: CaseQuery, offset: int, limit: int
) -> Page[Case]:
    with store.unit_of_work() as uow:
        return uow.cases.page(
            organisation_id, dataclasses.replace(query, offset=offset, limit=limit)
        )


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", list(CaseSort))
def test_a_page_near_the_end_is_the_same_asked_from_the_end(
    store: Store, units: Units, sort: CaseSort, descending: bool
) -> None:
    """With its exact total known, a page in the list's second half is read in the
    reverse order from the end (``_from_the_end``): the same rows, in the same order, as
    the whole list read from its start shows there, for every sort and direction (ties,
    open-ended cases)."""
    with store.unit_of_work() as uow:
        uow.cases.add_many(_varied_cases(units.org_id, units.unit_id))
        uow.commit()
    asked_from_the_end: list[CaseQuery] = []
    original = repositories.SqlCaseRepository._from_the_end

    def spy(self: Any, organisation_id: int, query: CaseQuery) -> CaseQuery | None:
        found = original(self, organisation_id, query)
        if found is not None:
            asked_from_the_end.append(found)
        return found

    for filters in ({"include_closed": True}, {"text": "berg"}, {}):
        base = CaseQuery(unit_id=units.unit_id, sort=sort, descending=descending, **filters)
        whole = window(store, units.org_id, base, 0, 100)
        assert whole.total_exact and whole.total > 10
        with store.unit_of_work() as uow:
            assert uow.cases.count(units.org_id, base) == whole.total  # the total is kept
        with mock.patch.object(repositories.SqlCaseRepository, "_from_the_end", spy):
            for offset in range(0, whole.total + 4, 4):
                shown = window(store, units.org_id, base, offset, 4)
                assert [c.id for c in shown.items] == [
                    c.id for c in whole.items[offset : offset + 4]
                ], (filters, offset)
                assert (shown.total, shown.total_exact) == (whole.total, True)
        assert asked_from_the_end, filters  # the pages past the middle were
        asked_from_the_end.clear()


def test_a_page_is_not_asked_from_the_end_without_an_exact_total(
    store: Store, units: Units
) -> None:
    with store.unit_of_work() as uow:
        uow.cases.add_many(_varied_cases(units.org_id, units.unit_id))
        uow.commit()
    with store.unit_of_work() as uow:
        repository = uow.cases
        assert isinstance(repository, repositories.SqlCaseRepository)
        query = CaseQuery(unit_id=units.unit_id, include_closed=True, offset=24, limit=4)
        assert repository._from_the_end(units.org_id, query) is None  # nothing counted
        assert repository.count(units.org_id, query) == 30  # 7 + 23
        assert repository._from_the_end(units.org_id, query) == dataclasses.replace(
            query, descending=not query.descending, offset=2, limit=4
        )
        # The last page, two rows: the first two from the end.
        last = dataclasses.replace(query, offset=28)
        assert repository._from_the_end(units.org_id, last) == dataclasses.replace(
            last, descending=not query.descending, offset=0, limit=2
        )
        first_half = dataclasses.replace(query, offset=8)
        assert repository._from_the_end(units.org_id, first_half) is None


def _rows_statement_cache(store: SqlStore, units: Units, **query: Any) -> list[object]:
    """SQLAlchemy's cache verdict for each statement of the page that reads its rows."""
    verdicts: list[object] = []

    def after(
        _conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: Any
    ) -> None:
        if "ORDER BY" in statement and "LIMIT" in statement.upper():
            verdicts.append(context.cache_hit)

    event.listen(store.engine, "after_cursor_execute", after)
    try:
        page(store, units.org_id, unit_id=units.unit_id, limit=50, **query)
    finally:
        event.remove(store.engine, "after_cursor_execute", after)
    return verdicts


@pytest.mark.parametrize("include_closed", [False, True])
def test_the_first_list_after_the_warm_up_is_compiled_already(
    store: Store, units: Units, include_closed: bool
) -> None:
    """``warm_up`` (the backend's start) runs a unit's first list against no unit: the
    first real page finds its statement compiled, and nothing was read or changed."""
    assert isinstance(store, SqlStore)
    with counted(store) as counts:
        store.warm_up()
        assert len(counts) == 2  # the two bounded counts, of no unit's cases
    verdicts = _rows_statement_cache(store, units, include_closed=include_closed)
    assert verdicts and all(v is CACHE_HIT for v in verdicts), verdicts
    assert page(store, units.org_id, unit_id=units.unit_id).total == 7


def test_without_the_warm_up_the_first_list_compiles(sqlite_template: Path, tmp_path: Path) -> None:
    """The measure above can fail: a store just opened compiles the first page's rows."""
    path = tmp_path / "cold.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    cold = open_store(f"sqlite:///{path}")
    try:
        units = _add_units(cold)
        assert CACHE_MISS in _rows_statement_cache(cold, units)
    finally:
        cold.close()


def test_totals_never_cross_organisations(store: Store, units: Units) -> None:
    assert page(store, units.org_id, unit_id=units.unit_id).total == 7
    assert page(store, units.other_org_id, unit_id=units.other_unit_id).total == 3
    # A unit asked for through another organisation is empty, cached total or not.
    wrong = page(store, units.other_org_id, unit_id=units.unit_id)
    assert (wrong.items, wrong.total) == ((), 0)
    assert page(store, units.org_id, unit_id=units.other_unit_id).total == 0


def test_adding_cases_forgets_the_totals(store: Store, units: Units) -> None:
    assert page(store, units.org_id, unit_id=units.unit_id).total == 7
    with store.unit_of_work() as uow:
        uow.cases.add_many([case(units.org_id, units.unit_id) for _ in range(3)])
        uow.commit()
    with counted(store) as counts:
        assert page(store, units.org_id, unit_id=units.unit_id).total == 10
        assert len(counts) == 1
    with store.unit_of_work() as uow:
        uow.cases.add(case(units.org_id, units.unit_id))
        uow.commit()
    assert page(store, units.org_id, unit_id=units.unit_id, offset=2).total == 11


def test_a_unit_of_work_that_added_cases_counts_them_itself(store: Store, units: Units) -> None:
    query = CaseQuery(unit_id=units.unit_id, limit=2)
    with store.unit_of_work() as uow:
        assert uow.cases.page(units.org_id, query).total == 7
        uow.cases.add_many([case(units.org_id, units.unit_id) for _ in range(2)])
        assert uow.cases.page(units.org_id, query).total == 9  # its own rows
        assert uow.cases.page(units.org_id, query).total == 9
        uow.rollback()
        assert uow.cases.page(units.org_id, query).total == 7
    # Nothing it saw before rolling back was kept for the others.
    assert page(store, units.org_id, unit_id=units.unit_id).total == 7


def test_a_count_made_before_a_commit_is_not_kept_after_it(store: Store, units: Units) -> None:
    """Another unit of work counts while cases are added but not committed yet: the
    commit forgets that total (it no longer holds)."""
    writer = store.unit_of_work(write=True)
    with writer:
        writer.cases.add_many([case(units.org_id, units.unit_id) for _ in range(5)])
        assert page(store, units.org_id, unit_id=units.unit_id).total == 7  # not yet
        writer.commit()
    assert page(store, units.org_id, unit_id=units.unit_id, offset=2).total == 12


def test_cases_written_elsewhere_show_after_the_ttl(store: Store, units: Units) -> None:
    """Another process's cases are not seen by this store's cache until its total
    expires; the rows themselves are always read fresh, and a total is never less than
    the rows in view."""
    assert isinstance(store, SqlStore)
    clock = FakeClock()
    timed = SqlStore(store.engine, "timed", case_counts=CountCache(clock=clock))
    assert page(timed, units.org_id, unit_id=units.unit_id).total == 7
    _insert_behind_the_back(store, units, 4)

    assert page(timed, units.org_id, unit_id=units.unit_id).total == 7  # stale, for now
    # A page in the second half is read from the end the stale total gives (the
    # exact total is known): fresh rows, the list's last, and never a total below them.
    beyond = page(timed, units.org_id, unit_id=units.unit_id, offset=6, limit=2)
    newest = page(store, units.org_id, unit_id=units.unit_id, offset=0, limit=50).items
    assert [c.id for c in beyond.items] == [newest[-1].id]
    assert beyond.total >= beyond.offset + len(beyond.items)
    # Without an exact total (a bound only), it is read from the start: the rows after
    # the sixth, and at least as many as are in view.
    bounded = SqlStore(store.engine, "bounded", case_counts=CountCache(clock=clock))
    forward = page(bounded, units.org_id, unit_id=units.unit_id, offset=6, limit=2)
    assert [c.id for c in forward.items] == [c.id for c in newest[6:8]]
    clock.now += TTL_SECONDS - 0.01
    assert page(timed, units.org_id, unit_id=units.unit_id).total == 7
    clock.now += 0.02
    with counted(timed) as counts:
        assert page(timed, units.org_id, unit_id=units.unit_id).total == 11
        assert page(timed, units.org_id, unit_id=units.unit_id, offset=2).total == 11
        assert len(counts) == 1
    timed.forget_cached_counts()
    assert page(store, units.org_id, unit_id=units.unit_id, offset=2).total == 11


def _insert_behind_the_back(store: SqlStore, units: Units, how_many: int) -> None:
    """As another process would: plain SQL, not through this store."""
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO cases (organisation_id, unit_id, case_number, first_name,"
                " last_name, personnummer, status, start_date, end_date, last_event,"
                " last_event_on, first_name_sort_key, last_name_sort_key,"
                " last_event_sort_key, search_key, birth_date, status_rank)"
                " SELECT organisation_id, unit_id, case_number + 1000000, first_name,"
                " last_name, personnummer, status, start_date, end_date, last_event,"
                " last_event_on, first_name_sort_key, last_name_sort_key,"
                " last_event_sort_key, search_key, birth_date, status_rank FROM cases"
                " WHERE unit_id = :unit ORDER BY id LIMIT :n"
            ),
            {"unit": units.unit_id, "n": how_many},
        )


def test_the_cache_is_shared_by_threads(store: Store, units: Units) -> None:
    assert isinstance(store, SqlStore)
    totals: list[int] = []
    lock = threading.Lock()

    def read(offset: int) -> None:
        total = page(store, units.org_id, unit_id=units.unit_id, offset=offset % 6).total
        with lock:
            totals.append(total)

    threads = [threading.Thread(target=read, args=(i,)) for i in range(12)]
    with counted(store) as counts:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert totals == [7] * 12
    assert 1 <= len(counts) <= 12


# ---------------------------------------------------------------- CountCache itself


def test_totals_expire_after_the_ttl() -> None:
    clock = FakeClock()
    cache = CountCache(ttl=5.0, clock=clock)
    cache.put("a", 42, cache.generation)
    assert cache.get("a") == 42
    clock.now += 4.99
    assert cache.get("a") == 42  # reading does not make it live longer
    clock.now += 0.01
    assert cache.get("a") is None
    assert len(cache) == 0


def test_the_least_recently_used_total_goes_first() -> None:
    cache = CountCache(max_entries=2, clock=FakeClock())
    generation = cache.generation
    cache.put("a", 1, generation)
    cache.put("b", 2, generation)
    assert cache.get("a") == 1  # now b is the oldest in use
    cache.put("c", 3, generation)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    assert len(cache) == 2
    assert CountCache().get("x") is None
    assert MAX_ENTRIES == 1024


def test_a_count_started_before_clearing_is_not_kept() -> None:
    cache = CountCache(clock=FakeClock())
    started = cache.generation
    cache.put("a", 1, started)
    cache.clear()
    assert cache.get("a") is None
    cache.put("a", 1, started)  # counted before the cases came
    assert cache.get("a") is None
    cache.put("a", 2, cache.generation)
    assert cache.get("a") == 2


def test_the_cache_refuses_nonsense_settings() -> None:
    with pytest.raises(ValueError):
        CountCache(ttl=-1)
    with pytest.raises(ValueError):
        CountCache(max_entries=0)


def test_the_cache_survives_threads() -> None:
    cache = CountCache(max_entries=50)
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(2000):
                key = (n * 7 + i) % 80
                cache.put(key, i, cache.generation)
                cache.get(key)
                if i % 500 == 0:
                    cache.clear()
        except BaseException as exc:  # pragma: no cover - what the test looks for
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(cache) <= 50


# ------------------------------------------------------- PostgreSQL's indexes used


def _plan(store: SqlStore, organisation_id: int, query: CaseQuery) -> str:
    """EXPLAIN of the page statement the repository sends, with sequential scans and
    sorts discouraged (the tables of a test are tiny)."""
    statements: list[tuple[str, Any]] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_a: Any) -> None:
        if "FROM cases" in statement and "count(" not in statement.lower():
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", before)
    try:
        with store.unit_of_work() as uow:
            uow.cases.page(organisation_id, query)
    finally:
        event.remove(store.engine, "before_cursor_execute", before)
    (statement, parameters) = statements[-1]
    with store.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        connection.exec_driver_sql("SET enable_sort = off")
        rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()
        connection.rollback()
    return "\n".join(r[0] for r in rows)


def _window(plan: str) -> str:
    """The part of a page's plan that finds its window of ids (the ``Limit`` and what
    is under it). Above it, the page's rows are read by id and sorted again: at most
    ``limit`` of them."""
    lines = plan.splitlines()
    start = next(i for i, line in enumerate(lines) if "Limit" in line)
    return "\n".join(lines[start:])


@pytest.fixture
def pg_store(postgres_store: SqlStore) -> SqlStore:
    return postgres_store


@pytest.fixture
def pg_units(pg_store: SqlStore) -> Units:
    return _add_units(pg_store)


@pytest.mark.postgres
@pytest.mark.parametrize("sort", list(CaseSort))
@pytest.mark.parametrize("include_closed", [False, True])
def test_every_sort_is_a_walk_along_an_index(
    pg_store: SqlStore, pg_units: Units, sort: CaseSort, include_closed: bool
) -> None:
    for descending in (False, True):
        plan = _plan(
            pg_store,
            pg_units.org_id,
            CaseQuery(pg_units.unit_id, sort=sort, descending=descending,
                      include_closed=include_closed, offset=3),
        )  # fmt: skip
        name = "status" if sort is CaseSort.STATUS else sort.value
        window = _window(plan)
        walk = f"Scan {'Backward ' if descending else ''}using ix_cases_page_{name} "
        assert walk in window, plan
        assert "Sort" not in window, plan


@pytest.mark.postgres
@pytest.mark.parametrize("sort", list(CaseSort))
def test_a_status_filter_is_a_condition_of_the_sort_index(
    pg_store: SqlStore, pg_units: Units, sort: CaseSort
) -> None:
    query = CaseQuery(pg_units.unit_id, sort=sort, status=CaseStatus.PLANERING)
    plan = _window(_plan(pg_store, pg_units.org_id, query))
    assert "Sort" not in plan, plan
    assert "Index Cond: ((unit_id = " in plan
    assert "status_rank = " in plan.split("Index Cond:")[1].splitlines()[0], plan


@pytest.mark.postgres
@pytest.mark.parametrize(
    "search",
    [
        {"text": "kalle", "search_field": CaseSearchField.NAMN},
        {"text": "2005", "search_field": CaseSearchField.FODELSEDATUM},
    ],
)
def test_a_search_finds_its_window_in_the_sort_index_alone(
    pg_store: SqlStore, pg_units: Units, search: dict[str, Any]
) -> None:
    """The search keys are in the sort's index (migration 0006): the window of a search
    page is an index-only scan, which reads no row that is passed over."""
    query = CaseQuery(pg_units.unit_id, sort=CaseSort.START_DATE, offset=3, **search)
    window = _window(_plan(pg_store, pg_units.org_id, query))
    assert re.search(r"Index Only Scan (Backward )?using ix_cases_page_start_date ", window), window


@pytest.mark.postgres
def test_the_case_number_search_reads_ranges_of_an_index(
    pg_store: SqlStore, pg_units: Units
) -> None:
    plan = _plan(
        pg_store,
        pg_units.org_id,
        CaseQuery(pg_units.unit_id, text="352", search_field=CaseSearchField.ARENDE),
    )
    assert "case_number >= " in plan and "::text" not in plan, plan


def _has_trigram_index(store: SqlStore) -> bool:
    with store.engine.connect() as connection:
        return (
            connection.execute(
                text(
                    "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema()"
                    " AND indexname = 'ix_cases_search_key_trgm'"
                )
            ).first()
            is not None
        )


def _name_search_plan(store: SqlStore, words: str) -> str:
    """EXPLAIN of the name search's conditions alone, with only bitmap scans allowed
    (the page indexes, which hold the search key since migration 0006, would otherwise
    be read whole for a table this small): the plan names the trigram index if, and
    only if, it can serve them."""
    conditions = repositories._case_text_filter(CaseQuery(1, text=words))
    compiled = select(CaseRow.id).where(*conditions).compile(dialect=store.engine.dialect)
    with store.engine.connect() as connection:
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            connection.exec_driver_sql(f"SET enable_{scan} = off")
        rows = connection.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params).all()
        connection.rollback()
    return "\n".join(r[0] for r in rows)


@pytest.mark.postgres
def test_the_name_search_finds_long_words_through_the_trigram_index(
    pg_store: SqlStore, pg_units: Units
) -> None:
    if not _has_trigram_index(pg_store):
        pytest.skip("pg_trgm is not available to this database")
    assert "ix_cases_search_key_trgm" in _name_search_plan(pg_store, "kal sson")
    assert "ix_cases_search_key_trgm" in _name_search_plan(pg_store, "åsa")
    # Words without three letters in a row are not looked up in it (it would be read
    # whole): they keep the plans they had.
    assert "ix_cases_search_key_trgm" not in _name_search_plan(pg_store, "ka")
    assert "ix_cases_search_key_trgm" not in _name_search_plan(pg_store, "ka-l")


# ------------------------------------------- SQLite's trigram index (migration 0011)

#: Characters names and search words are drawn from: Swedish letters in both cases,
#: accents, LIKE's and FTS5's special characters, quotes, emoji.
_NAME_CHARS = "abeklnorsAEBKLÅÄÖåäöéÉüß'\"%_*^:()-+ 😀\\"
_names = st.text(alphabet=_NAME_CHARS, min_size=1, max_size=12).filter(lambda s: s.strip())
_words_st = st.text(alphabet=_NAME_CHARS, min_size=1, max_size=6)


@pytest.fixture(scope="module")
def fts_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlStore]:
    path = tmp_path_factory.mktemp("fts") / "kawebb.sqlite3"
    store = open_store(f"sqlite:///{path}")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def fts_units(fts_store: SqlStore) -> Units:
    return _add_units(fts_store, cases=0, other_cases=1)


def _matching_ids(store: SqlStore, unit_id: int, words: str, *, fts: bool) -> list[int]:
    """The ids of the unit's cases that a name search for ``words`` finds, through the
    trigram index (``fts``) or through ``LIKE`` alone."""
    conditions = repositories._case_text_filter(CaseQuery(unit_id, text=words), fts=fts)
    statement = select(CaseRow.id).where(CaseRow.unit_id == unit_id, *conditions)
    with store.unit_of_work() as uow:
        session = uow.cases._session  # type: ignore[attr-defined]
        return sorted(session.scalars(statement.order_by(CaseRow.id)))


def _replace_cases(store: SqlStore, units: Units, names: list[tuple[str, str]]) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM cases WHERE unit_id = :u"), {"u": units.unit_id})
    with store.unit_of_work() as uow:
        uow.cases.add_many(
            [case(units.org_id, units.unit_id, first_name=f, last_name=la) for f, la in names]
        )
        uow.commit()


def test_the_migration_makes_the_trigram_index_on_sqlite(fts_store: SqlStore) -> None:
    with fts_store.unit_of_work() as uow:
        assert repositories._has_cases_fts(uow.cases._session)  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    names=st.lists(st.tuples(_names, _names), min_size=1, max_size=8),
    words=st.lists(_words_st, min_size=1, max_size=3),
    pick=st.integers(min_value=0),
)
def test_the_trigram_index_finds_what_like_finds(
    fts_store: SqlStore,
    fts_units: Units,
    names: list[tuple[str, str]],
    words: list[str],
    pick: int,
) -> None:
    _replace_cases(fts_store, fts_units, names)
    # Also a word cut out of a stored name, in another case, so that there are matches.
    first, last = names[pick % len(names)]
    whole = f"{first} {last}"
    start = pick % len(whole)
    cut = whole[start : start + 3 + pick % 5].upper()
    for typed in [" ".join(words), cut, whole, whole.swapcase()]:
        if not typed.strip():
            continue
        found = _matching_ids(fts_store, fts_units.unit_id, typed, fts=True)
        assert found == _matching_ids(fts_store, fts_units.unit_id, typed, fts=False), typed


@pytest.mark.parametrize(
    "typed",
    ["öberg", "ÅBERG", "berg", "linnea", "LINNÉA", 'o"b', "%", "_a", "a%b", "x" * 10_000,
     "😀😀😀", "\"\"\"", "berg OR ek", "NEAR(a b)", "ber*", "^ber", "öb er", "ab\x00cd"],
)  # fmt: skip
def test_odd_words_find_what_like_finds(fts_store: SqlStore, fts_units: Units, typed: str) -> None:
    _replace_cases(
        fts_store,
        fts_units,
        [("Östen", "Öberg"), ("Bo", "Åberg"), ("Linnéa", "Ek"), ("Ma%ja", "O\"berg_a"),
         ("😀😀😀x", "x" * 10_000), ("Berg", "OR ek"), ("Ab", "cd")],
    )  # fmt: skip
    found = _matching_ids(fts_store, fts_units.unit_id, typed, fts=True)
    assert found == _matching_ids(fts_store, fts_units.unit_id, typed, fts=False)
    if typed in ("öberg", "ÅBERG", "LINNÉA"):
        assert found  # Swedish folding: the key, and the word, are folded alike


def _fts_ids(store: SqlStore, word: str) -> list[int]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT rowid FROM cases_fts WHERE cases_fts MATCH :q ORDER BY rowid"),
            {"q": f'"{word}"'},
        )
        return [r[0] for r in rows]


def test_the_triggers_keep_the_index_in_step(fts_store: SqlStore, fts_units: Units) -> None:
    _replace_cases(fts_store, fts_units, [("Östen", "Öberg"), ("Bo", "Ek")])
    with fts_store.engine.connect() as connection:
        ids = dict(
            connection.execute(
                text("SELECT last_name, id FROM cases WHERE unit_id = :u"),
                {"u": fts_units.unit_id},
            ).all()
        )
    assert _fts_ids(fts_store, "öberg") == [ids["Öberg"]]
    with fts_store.engine.begin() as connection:
        connection.execute(
            text("UPDATE cases SET search_key = 'bo lindqvist' WHERE id = :id"), {"id": ids["Ek"]}
        )
    assert _fts_ids(fts_store, "lindq") == [ids["Ek"]]
    assert _fts_ids(fts_store, "bo ek") == []
    with fts_store.engine.begin() as connection:
        connection.execute(text("DELETE FROM cases WHERE id = :id"), {"id": ids["Öberg"]})
    assert _fts_ids(fts_store, "öberg") == []
    # The index agrees with its content table (FTS5's own check).
    with fts_store.engine.begin() as connection:
        connection.execute(text("INSERT INTO cases_fts (cases_fts) VALUES ('integrity-check')"))


def test_a_long_word_is_looked_up_in_the_trigram_index_not_in_every_case(
    fts_store: SqlStore, fts_units: Units
) -> None:
    """EXPLAIN QUERY PLAN of the page and of its count, each way to the page: the trigram
    index is read, and ``cases`` only by index (never ``SCAN cases`` whole); the walk
    reads the sort's index (at most its ``LIMIT``), and its keys by id."""
    _replace_cases(fts_store, fts_units, [("Östen", "Öberg")] * 3)
    statements: list[tuple[str, Any]] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_a: Any) -> None:
        if "FROM cases" in statement:
            statements.append((statement, parameters))

    event.listen(fts_store.engine, "before_cursor_execute", before)
    try:
        for way, thresholds in _WAYS.items():
            with contextlib.ExitStack() as stack:
                for name, value in thresholds.items():
                    stack.enter_context(mock.patch.object(repositories, name, value))
                for sort in CaseSort:
                    fts_store.forget_cached_counts()
                    found = page(
                        fts_store,
                        fts_units.org_id,
                        unit_id=fts_units.unit_id,
                        text="berg ö",
                        sort=sort,
                    )
                    assert len(found.items) == 2, way
    finally:
        event.remove(fts_store.engine, "before_cursor_execute", before)
    assert statements
    with fts_store.engine.connect() as connection:
        for statement, parameters in statements:
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            plan = "\n".join(str(r[-1]) for r in rows)
            if "instr(" in statement:
                assert re.search(r"CO-ROUTINE[\s\S]*SEARCH cases USING INDEX", plan), plan
                assert "LIMIT" in statement.split("instr(")[0], statement
            else:
                assert "cases_fts VIRTUAL TABLE" in plan, plan
            assert not re.search(r"\bSCAN cases\b(?! USING)", plan), plan
    assert any("instr(" in s for s, _ in statements)


#: The three ways to a name search's page on SQLite (see ``SqlCaseRepository._search_rows``),
#: each forced by its thresholds: the matches sorted, the sort's index walked with each
#: key tested, the unit's sort index walked against the set of every match.
_WAYS: dict[str, dict[str, int]] = {
    "rare": {"_RARE_MATCHES": 10**9},
    "walk": {"_RARE_MATCHES": 0, "_SAMPLE_MATCHES": 0, "_WALK_PAGE_END": 10**6, "_WALK_COST": 0},
    "set": {"_RARE_MATCHES": 0, "_SAMPLE_MATCHES": 10**9},
}


def _like_page(store: SqlStore, query: CaseQuery) -> list[int]:
    """The ids of ``query``'s page through ``LIKE`` alone (no trigram index)."""
    statements = repositories._case_page_statements(repositories._case_shape(query), False)
    params = {"unit_id": query.unit_id, "offset": query.offset, "limit": query.limit}
    with store.unit_of_work() as uow:
        session = uow.cases._session  # type: ignore[attr-defined]
        return [r.id for r in session.execute(statements.rows, params)]


#: Names and words that match each other often, beside the odd ones.
_COMMON_NAMES = st.sampled_from(["Berg", "Öberg", "Bergström", "Lindqvist", "Lind", "Andersson"])
_COMMON_WORDS = st.sampled_from(["berg", "ÖBERG", "lind", "sson", "qxz", "be", "%", "_", "'"])


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    names=st.lists(st.tuples(_COMMON_NAMES | _names, _COMMON_NAMES), min_size=1, max_size=12),
    words=st.lists(_COMMON_WORDS | _words_st, max_size=1),
    pick=st.integers(min_value=0),
    sort=st.sampled_from(CaseSort),
    descending=st.booleans(),
    status=st.sampled_from([None, None, CaseStatus.PLANERING, CaseStatus.AVSLUTAD]),
    offset=st.integers(min_value=0, max_value=3),
    limit=st.integers(min_value=1, max_value=3),
    per_row=st.integers(min_value=1, max_value=2),
)
def test_every_way_to_a_search_page_finds_what_like_finds(
    fts_store: SqlStore,
    fts_units: Units,
    names: list[tuple[str, str]],
    words: list[str],
    pick: int,
    sort: CaseSort,
    descending: bool,
    status: CaseStatus | None,
    offset: int,
    limit: int,
    per_row: int,
) -> None:
    """The same page, in the same order, with the same total, whichever way the page is
    found; the walk's window is cut short at times (``per_row``), so it gives up too."""
    statuses = list(CaseStatus)
    with fts_store.engine.begin() as connection:
        connection.execute(text("DELETE FROM cases WHERE unit_id = :u"), {"u": fts_units.unit_id})
    with fts_store.unit_of_work() as uow:
        uow.cases.add_many(
            [
                case(
                    fts_units.org_id,
                    fts_units.unit_id,
                    first_name=f,
                    last_name=la,
                    status=statuses[(pick + i) % len(statuses)],
                    last_event_on=dt.date(2026, 1, 1 + (pick * i) % 5),
                )
                for i, (f, la) in enumerate(names)
            ]
        )
        uow.commit()
    first, last = names[pick % len(names)]
    whole = f"{first} {last}"
    cut = whole[pick % len(whole) :][: 3 + pick % 2].upper()
    typed = " ".join(words) if words else cut
    query = CaseQuery(
        fts_units.unit_id,
        text=typed,
        status=status,
        include_closed=True,
        sort=sort,
        descending=descending,
        offset=offset,
        limit=limit,
    )
    expected = _like_page(fts_store, query)
    totals = set()
    for way, thresholds in _WAYS.items():
        with contextlib.ExitStack() as stack:
            for name, value in {**thresholds, "_WALK_PER_ROW": per_row}.items():
                stack.enter_context(mock.patch.object(repositories, name, value))
            fts_store.forget_cached_counts()
            found = page(fts_store, fts_units.org_id, **_fields(query))
        assert [c.id for c in found.items] == expected, (way, typed)
        totals.add((found.total, found.total_exact))
    assert len(totals) == 1, totals


def _fields(query: CaseQuery) -> dict[str, Any]:
    return {f.name: getattr(query, f.name) for f in dataclasses.fields(query)}


def test_the_walk_gives_up_where_the_unit_has_few_matches(
    fts_store: SqlStore, fts_units: Units
) -> None:
    """A word many cases of the store match but few of the unit: the walk reads at most
    its window of the sort's index, finds too few, and the page comes the other way."""
    # Öberg is the oldest: last in the list's order (newest first).
    _replace_cases(fts_store, fts_units, [("Åsa", "Öberg")] + [("Bo", "Ek")] * 30)
    sent: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(fts_store.engine, "before_cursor_execute", before)
    try:
        with (
            mock.patch.object(repositories, "_SAMPLE_MATCHES", 1),
            mock.patch.object(repositories, "_WALK_COST", 0),
            mock.patch.object(repositories, "_RARE_MATCHES", 0),
            mock.patch.object(repositories, "_WALK_PER_ROW", 5),
        ):
            found = page(fts_store, fts_units.org_id, unit_id=fts_units.unit_id, text="öberg")
    finally:
        event.remove(fts_store.engine, "before_cursor_execute", before)
    assert [c.last_name for c in found.items] == ["Öberg"]
    walked = [s for s in sent if "instr(" in s]
    assert len(walked) == 1, sent
    assert any("IN (SELECT cases_fts.rowid" in s for s in sent[sent.index(walked[0]) :]), sent


def test_the_migration_indexes_the_cases_there_and_goes_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kawebb.sqlite3'}"
    store = open_store(url)
    try:
        units = _add_units(store, cases=0)
        _replace_cases(store, units, [("Östen", "Öberg"), ("Bo", "Ek")])
    finally:
        store.close()
    engine = make_engine(url)
    try:
        migrate.downgrade(engine, "0010")
        with engine.connect() as connection:
            names = connection.execute(text("SELECT name FROM sqlite_master")).scalars().all()
        assert not [n for n in names if n.startswith("cases_fts")], names
        # Cases written without the index, then the upgrade indexes them.
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE cases SET search_key = 'ada lindqvist' WHERE search_key = 'bo ek'")
            )
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    store = open_store(url)
    try:
        assert _matching_ids(store, units.unit_id, "LINDQ", fts=True) == _matching_ids(
            store, units.unit_id, "LINDQ", fts=False
        )
        assert len(_matching_ids(store, units.unit_id, "lindq öberg ada", fts=True)) == 0
        named = page(store, units.org_id, unit_id=units.unit_id, text="öBERG")
        assert [c.last_name for c in named.items] == ["Öberg"]
        assert len(_fts_ids(store, "lindq")) == 1
    finally:
        store.close()
