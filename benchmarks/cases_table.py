#!/usr/bin/env python3
"""Benchmark: the *Översikt* cases table of KA Webb Desktop against the peer baseline.

Three approaches, each in its own subprocess (so ``peak_rss_mb`` is that approach's alone):

  project   our stack as the app uses it: a SQLite store opened with ``open_store``,
            ``CaseService.list_cases`` (real ``Services`` and ``Actor``), fetched on the
            model's worker thread into ``CaseTableModel`` (``PagedTableModel``), shown in a
            ``QTableView`` set up by ``configure_table``.
  items     the peer's QStandardItemModel + QSortFilterProxyModel (its own code, run
  sqlmodel  the peer's QSqlQueryModel            through its ``run_approach``)

The peer and the project read different files with different schemas but the same N rows:
the project's store is filled (once per N, then cached) from the peer's deterministic rows
through ``CaseRepository.add_many``, so names, dates and status frequencies are the peer's.

Usage:
  .venv/bin/python benchmarks/cases_table.py [--n 100000] [--reps 5] [--proc-reps 3]
      [--only project|items|sqlmodel] [--peer PATH] [--db PATH] [--peer-db PATH]

Prints one JSON line per approach (seconds; RSS in MB), then one line of ratios
project/peer. Every time is a median (``--reps`` in a process, ``--proc-reps`` processes).
This is a measurement script, not a test: it asserts nothing about time.
See ``benchmarks/README.md`` for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import hashlib
import importlib.util
import inspect
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

#: Bump when the way the project's store is filled changes: cached files are rebuilt.
DB_FORMAT = 1
#: Cases per ``add_many`` call and per unit of work (as ``kawebb demo`` does).
BATCH = 5000
#: The peer script, next to this repository (``../shared/bench``).
DEFAULT_PEER = Path(__file__).resolve().parents[2] / "shared" / "bench" / "peer_baseline.py"
#: Where the generated stores are kept between runs (never in the repository): building
#: the store of 1 000 000 cases takes minutes. ``$KAWEBB_BENCH_CACHE``, else the user's
#: cache folder.
CACHE_DIR = os.environ.get("KAWEBB_BENCH_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
    "kawebb-bench",
)
#: ``{n}`` is N, ``{schema}`` a fingerprint of the cases' schema and search keys.
DEFAULT_DB = os.path.join(CACHE_DIR, "kawebb_cases_{n}_{schema}.sqlite3")
DEFAULT_PEER_DB = os.path.join(CACHE_DIR, "peer_baseline_cases_{n}.sqlite")

#: The bench organisation, its unit and the signed-in behörighetsadministratör.
ORG_FIRST_NINE = "212000999"
ADMIN_BIRTH = "19700101"

#: The peer's statuses on ours. Only "Utredning" (the peer's status filter) becomes
#: Planering, so our status filter has exactly the peer's match count.
STATUS_MAP = {
    "Ny": "Påbörjad",
    "Pågående": "Överenskommelse",
    "Utredning": "Planering",
    "Väntar på komplettering": "Överenskommelse",
    "Beslutad": "Överenskommelse",
    "Avslutad": "Avslutad",
}
FILTER_STATUS = "Planering"
#: Above this N the in-memory peer (items) is left out unless asked for.
ITEMS_UP_TO = 200_000
#: Typed letter by letter for the search-as-you-type figures.
TYPED = "berg"
#: Metrics the three approaches share; ratios are project / peer.
COMMON = (
    "load_s",
    "sort_s",
    "filter_text_s",
    "filter_status_s",
    "scroll_s",
    "filter_clear_s",
    "peak_rss_mb",
    "startup_s",
)


# ----------------------------------------------------------------------------- peer
def load_peer(path: str | Path) -> ModuleType:
    """Import the peer script by path (it is not a package)."""
    spec = importlib.util.spec_from_file_location("peer_baseline", str(path))
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import the peer script {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["peer_baseline"] = module
    spec.loader.exec_module(module)
    return module


# ----------------------------------------------------------------------------- our store
def _meta_path(db: str) -> str:
    return db + ".bench.json"


@functools.cache
def _keys_fingerprint() -> str:
    """Changes when the schema of the cases (their table, indexes, triggers and search
    index, as the migrations make them on an empty store) or the Swedish sort/search keys
    change, so a cached store made by an older version of the project is rebuilt. Other
    migrations (a new table elsewhere) keep the cache: ``open_store`` applies them."""
    from kawebb_desktop.domain import text
    from kawebb_desktop.store.sql import open_store

    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.sqlite3")
        open_store(f"sqlite:///{empty}").close()
        con = sqlite3.connect(empty)
        try:
            schema = con.execute(
                "SELECT type, name, sql FROM sqlite_master"
                " WHERE tbl_name IN ('cases', 'cases_fts') ORDER BY type, name"
            ).fetchall()
        finally:
            con.close()
    sample = ["Öberg", "Åsa Lindqvist", "Linnéa Ågren", "Kovač", "Bergström", "ÄNGLA"]
    keys = [(text.sort_key(s), text.search_key(*s.split())) for s in sample]
    data = json.dumps([schema, keys], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:12]


def _wanted_meta(n: int, peer: ModuleType, analyze: bool) -> dict[str, Any]:
    return {
        "n": n,
        "format": DB_FORMAT,
        "project": _keys_fingerprint(),
        "peer_seed": peer.SEED,
        "peer_format": peer.DB_FORMAT,
        "analyze": analyze,
    }


def _project_db_ok(db: str, n: int, peer: ModuleType, analyze: bool) -> bool:
    try:
        with open(_meta_path(db), encoding="utf-8") as f:
            if json.load(f) != _wanted_meta(n, peer, analyze):
                return False
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            (count,) = con.execute("SELECT COUNT(*) FROM cases").fetchone()
        finally:
            con.close()
    except (OSError, ValueError, sqlite3.Error):
        return False
    return bool(count == n)


def _peer_rows(peer_db: str) -> Iterator[tuple[Any, ...]]:
    con = sqlite3.connect(f"file:{peer_db}?mode=ro", uri=True)
    try:
        yield from con.execute(
            "SELECT id, case_number, first_name, last_name, birth_date, status, start_date,"
            " end_date, last_event, last_event_at FROM cases ORDER BY id"
        )
    finally:
        con.close()


def ensure_project_db(
    path: str, n: int, peer: ModuleType, peer_db: str, *, rebuild: bool, analyze: bool
) -> str:
    """Our SQLite store with N cases in one unit (reused while N and formats match).

    ``analyze`` (a diagnostic, not what the app does) adds SQLite's table statistics
    (``ANALYZE``) to a separate file, to show what they change in the query plans.
    """
    from kawebb_desktop.demo import org_number_for, personnummer_for
    from kawebb_desktop.domain.entities import (
        Case,
        CaseKind,
        CaseStatus,
        Organisation,
        Person,
        Unit,
        User,
    )
    from kawebb_desktop.domain.roles import Role
    from kawebb_desktop.domain.values import EmailAddress
    from kawebb_desktop.store.sql import open_store

    db = path.format(n=n, schema=_keys_fingerprint())
    if analyze:
        root, ext = os.path.splitext(db)
        db = f"{root}.analyzed{ext}"
    if not rebuild and _project_db_ok(db, n, peer, analyze):
        return db
    t0 = time.perf_counter()
    os.makedirs(os.path.dirname(os.path.abspath(db)), exist_ok=True)
    tmp = db + ".tmp"
    for suffix in ("", "-wal", "-shm"):
        for stale in (tmp + suffix, db + suffix):
            if os.path.exists(stale):
                os.remove(stale)
    store = open_store(f"sqlite:///{tmp}")
    try:
        with store.unit_of_work() as uow:
            org = uow.organisations.add(
                Organisation(0, org_number_for(ORG_FIRST_NINE), "Benchby kommun")
            )
            unit = uow.units.add(Unit(0, org.id, "Benchby UBK", CaseKind.HUVUDARENDE))
            person = uow.persons.add(
                Person(0, personnummer_for(ADMIN_BIRTH, 1), "Bänk", "Administratör")
            )
            uow.users.add(
                User(
                    0,
                    org.id,
                    person,
                    EmailAddress("admin@benchby.se"),
                    Role.BEHORIGHETSADMINISTRATOR,
                    dt.date(2015, 1, 1),
                    None,
                )
            )
            uow.commit()
        day = dt.date.fromisoformat
        batch: list[Case] = []

        def flush() -> None:
            with store.unit_of_work() as uow:
                uow.cases.add_many(batch)
                uow.commit()
            batch.clear()

        for row in _peer_rows(peer_db):
            (pid, number, first, last, birth, status, start, end, event, event_at) = row
            batch.append(
                Case(
                    0,
                    org.id,
                    unit.id,
                    number,
                    first,
                    last,
                    personnummer_for(birth, pid % 999 + 1),
                    CaseStatus(STATUS_MAP[status]),
                    day(start),
                    day(end) if end else None,
                    event,
                    day(event_at[:10]),
                )
            )
            if len(batch) == BATCH:
                flush()
        if batch:
            flush()
    finally:
        store.close()
    con = sqlite3.connect(tmp)  # fold the WAL into the file, so it can be renamed
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if analyze:
            con.execute("ANALYZE")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    if os.path.exists(tmp + "-wal") and os.path.getsize(tmp + "-wal"):
        raise RuntimeError(f"{tmp}-wal was not checkpointed; not renaming the file")
    for suffix in ("-wal", "-shm"):
        if os.path.exists(tmp + suffix):
            os.remove(tmp + suffix)
    os.replace(tmp, db)
    with open(_meta_path(db), "w", encoding="utf-8") as f:
        json.dump(_wanted_meta(n, peer, analyze), f)
    print(f"# created {db} ({n} cases) in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return db


# ----------------------------------------------------------------------------- worker
def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def _rss_now_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _median_time(reps: int, op: Callable[[], object]) -> float:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        op()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _project_services(db: str) -> tuple[Any, Any, Any, int, Any]:
    """Our store at ``db`` with real services and a signed-in behörighetsadministratör:
    (store, services, caller, the unit's id, clock)."""
    from kawebb_desktop.demo import org_number_for, personnummer_for
    from kawebb_desktop.domain.clock import SystemClock
    from kawebb_desktop.services import build_services
    from kawebb_desktop.services.api import caller_of
    from kawebb_desktop.services.demo import SimulatedPhone
    from kawebb_desktop.signing.simulator import BankIdSimulator
    from kawebb_desktop.store.sql import open_store

    store = open_store(f"sqlite:///{db}")
    if hasattr(store, "warm_up"):  # what the app's backend does before its login is usable
        store.warm_up()
    clock = SystemClock()
    simulator = BankIdSimulator(clock)
    services = build_services(
        store, simulator, clock, dt.timedelta(0), demo_phone=SimulatedPhone(store, simulator)
    )
    with store.unit_of_work() as uow:
        org = uow.organisations.by_org_number(org_number_for(ORG_FIRST_NINE))
        assert org is not None, "the bench organisation is missing; rebuild with --rebuild"
        unit = uow.units.for_organisation(org.id)[0]
        person = uow.persons.by_personnummer(personnummer_for(ADMIN_BIRTH, 1))
        assert person is not None
        user = uow.users.find(org.id, person.id)
        assert user is not None
    # A real login (the simulated phone approves it), as the app's: the services check
    # the session's token on every call.
    phone = services.demo_phone
    assert phone is not None
    order = services.auth.start_login()
    phone.approve(order.order_ref, person.personnummer.value)
    progress = services.auth.collect_login(order.order_ref)
    assert progress.token is not None, progress
    actor = caller_of(services.auth.enter(progress.token, org.id))
    return store, services, actor, unit.id, clock


def project_worker(db: str, n: int, reps: int, timeout: float) -> dict[str, Any]:
    """The project's stack in this process; returns one result dict."""
    t_proc = time.perf_counter()
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import SIGNAL, QEvent, QEventLoop, QObject, Qt, QTimer, qVersion
    from PySide6.QtWidgets import QTableView

    from kawebb_desktop.ui.application import create_application

    app = create_application([sys.argv[0]])  # Fusion, the app's font and style sheet
    startup_s = time.perf_counter() - t_proc

    from kawebb_desktop.domain.entities import CaseStatus
    from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField, CaseSort
    from kawebb_desktop.services.api import recent_since
    from kawebb_desktop.ui.models.cases import CASE_COLUMNS, CaseTableModel
    from kawebb_desktop.ui.widgets.tables import configure_table

    res: dict[str, Any] = {"approach": "project", "n": n}
    extra: dict[str, Any] = {}

    # -- the store, the services and the signed-in actor (untimed for load_s) ----------
    t0 = time.perf_counter()
    store, services, actor, unit_id, clock = _project_services(db)
    extra["store_open_s"] = time.perf_counter() - t0

    # Everything the app shows (closed cases included, so the total is N like the peer's).
    base = CaseQuery(unit_id=unit_id, include_closed=True)
    text_query = replace(base, text="berg", search_field=CaseSearchField.NAMN)
    status_query = replace(base, status=CaseStatus(FILTER_STATUS))
    hide_closed_query = replace(base, include_closed=False)

    def fetcher(snapshot: CaseQuery) -> Callable[..., Any]:
        """What ``OverviewView.run_search`` hands the model."""

        def fetch(offset: int, limit: int, sort: object, descending: bool) -> Any:
            key = sort if isinstance(sort, CaseSort) else CaseSort.LAST_EVENT_ON
            query = replace(snapshot, sort=key, descending=descending, offset=offset, limit=limit)
            return services.cases.list_cases(actor, query)

        return fetch

    def counter(snapshot: CaseQuery) -> Callable[[], int]:
        """The exact count ``OverviewView.run_search`` hands the model with the fetch."""
        return lambda: services.cases.count_cases(actor, snapshot)

    # -- the model and the view ---------------------------------------------------------
    model = CaseTableModel(lambda: recent_since(clock))
    view = QTableView()
    view.setModel(model)
    listeners = model.receivers(SIGNAL("page_loaded()"))
    configure_table(view, sortable=True)
    # Newer configure_table sizes the columns to the first page itself; else do what
    # OverviewView did (resizeColumnsToContents once, on the first page with rows).
    sized_by_configure = model.receivers(SIGNAL("page_loaded()")) > listeners
    view.resize(1280, 800)
    titles = [c.title for c in CASE_COLUMNS]
    date_col, last_name_col = titles.index("Datum"), titles.index("Efternamn")

    class Waiter(QObject):
        """Ends a local event loop at the first viewport Paint after ``page_loaded``."""

        def __init__(self) -> None:
            super().__init__()
            self.loop = QEventLoop()
            self.timer = QTimer()
            self.timer.setSingleShot(True)
            self.timer.timeout.connect(self.loop.quit)
            self.loaded = self.painted = False
            self.error: BaseException | None = None
            model.page_loaded.connect(self._loaded)
            model.load_failed.connect(self._failed)

        def arm(self) -> None:
            self.loaded = self.painted = False

        def _loaded(self) -> None:
            self.loaded = True

        def _failed(self, exc: BaseException) -> None:
            self.error = exc
            self.loop.quit()

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and self.loaded and not self.painted:
                self.painted = True
                self.loop.quit()  # the loop returns once this paint has been handled
            return False

        def wait(self) -> None:
            if not self.painted and self.error is None:
                self.timer.start(int(timeout * 1000))
                self.loop.exec()
                self.timer.stop()
            if self.error is not None:
                raise RuntimeError(f"load failed: {self.error!r}")
            if not self.painted:
                raise RuntimeError(f"no paint after page_loaded within {timeout}s")

    waiter = Waiter()
    view.viewport().installEventFilter(waiter)

    sized = [sized_by_configure]

    def size_once() -> None:
        if not sized[0] and model.rowCount():
            view.resizeColumnsToContents()
            sized[0] = True

    model.page_loaded.connect(size_once)

    def run(op: Callable[[], object]) -> float:
        waiter.arm()
        t = time.perf_counter()
        op()
        if model.loading or waiter.loaded:  # else nothing was asked (already so)
            waiter.wait()
        return time.perf_counter() - t

    def timed(
        op: Callable[[], object],
        reset: Callable[[], object],
        *,
        cold: bool = False,
        phase: str = "",
    ) -> float:
        """Median of ``reps`` runs of ``op``, each after ``reset``. ``cold``: the store's
        cached totals (kept 5 s, :mod:`kawebb_desktop.store.sql.counts`) are forgotten
        first, so every run counts, as the first search for a text does."""
        heartbeat.phase = phase
        times = []
        for _ in range(reps):
            run(reset)
            if cold:
                store.forget_cached_counts()
            times.append(run(op))
        return statistics.median(times)

    class Heartbeat(QObject):
        """The longest the GUI thread went without handling a 5 ms timer: a freeze."""

        def __init__(self) -> None:
            super().__init__()
            self.timer = QTimer()
            self.timer.setInterval(5)
            self.timer.timeout.connect(self._beat)
            self.last = 0.0
            self.longest = 0.0
            #: What is being measured now, and during the longest freeze so far.
            self.phase = self.longest_in = ""

        def start(self) -> None:
            self.last, self.longest = time.perf_counter(), 0.0
            self.timer.start()

        def _beat(self) -> None:
            now = time.perf_counter()
            if now - self.last > self.longest:
                self.longest, self.longest_in = now - self.last, self.phase
            self.last = now

        def stop(self) -> float:
            self.timer.stop()
            return self.longest

    heartbeat = Heartbeat()

    # The window is up (empty) before the first page arrives, as in the app, which then
    # freezes what it has made (``kawebb_desktop.app.run``): full collections skip it.
    view.show()
    end = time.perf_counter() + 2.0
    while not view.isVisible() and time.perf_counter() < end:
        app.processEvents()
    app.processEvents()
    gc.freeze()

    # -- load: from the request for page 1 to its first paint, total known -------------
    # With the exact count after the page where the model takes one (a page has a
    # bound; the count then runs on its own thread while the next is measured).
    counts_after = "count" in inspect.signature(model.set_fetch).parameters
    if counts_after:
        res["load_s"] = run(lambda: model.set_fetch(fetcher(base), count=counter(base)))
    else:
        res["load_s"] = run(lambda: model.set_fetch(fetcher(base)))
    page = model.page
    assert page is not None
    extra["columns_sized_by"] = "configure_table" if sized_by_configure else "benchmark"
    extra["rows_total"] = page.total
    extra["rows_total_exact"] = page.total_exact
    extra["rows_shown"] = model.rowCount()
    extra["rss_after_load_mb"] = round(_rss_now_mb(), 1)

    # A header click sets the sort indicator, and the view calls model.sort() once.
    # (QTableView.sortByColumn would call it twice, i.e. fetch twice.)
    header = view.horizontalHeader()

    def to_default_sort() -> None:
        header.setSortIndicator(date_col, Qt.SortOrder.DescendingOrder)

    # -- sort by last name (a header click) --------------------------------------------
    res["sort_s"] = timed(
        lambda: header.setSortIndicator(last_name_col, Qt.SortOrder.AscendingOrder),
        to_default_sort,
    )
    extra["sort_first"] = model.object_at(0).last_name
    run(to_default_sort)

    # -- filters (a new search; the model keeps its sort and goes to page 1) -----------
    def search(snapshot: CaseQuery) -> Callable[[], None]:
        if counts_after:
            return lambda: model.set_fetch(fetcher(snapshot), count=counter(snapshot))
        return lambda: model.set_fetch(fetcher(snapshot))

    def exact_after(snapshot: CaseQuery) -> float:
        """From the request to the exact total shown (cold): the page first, with its
        bound, then the count."""
        heartbeat.phase = "exact"
        run(search(base))
        store.forget_cached_counts()
        t = time.perf_counter()
        search(snapshot)()
        wait_exact()
        return time.perf_counter() - t

    def wait_exact() -> None:
        """Until the page shown has its exact total (the count has come)."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            page = model.page
            if page is not None and page.total_exact and not model.loading:
                return
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        raise RuntimeError(f"no exact total within {timeout}s")

    def total() -> int:
        assert model.page is not None
        return model.page.total

    heartbeat.start()
    res["filter_text_s"] = timed(search(text_query), search(base), phase="filter_text")
    extra["filter_text_rows"] = total()
    extra["filter_text_cold_s"] = timed(
        search(text_query), search(base), cold=True, phase="filter_text_cold"
    )
    if counts_after:
        extra["load_exact_s"] = statistics.median(exact_after(base) for _ in range(reps))
        extra["filter_text_exact_s"] = statistics.median(
            exact_after(text_query) for _ in range(reps)
        )
        assert model.page is not None
        extra["filter_text_exact_rows"] = model.page.total
    res["filter_status_s"] = timed(search(status_query), search(base), phase="filter_status")
    extra["filter_status_rows"] = total()
    extra["filter_status_cold_s"] = timed(search(status_query), search(base), cold=True)
    if counts_after:
        extra["filter_status_exact_s"] = statistics.median(
            exact_after(status_query) for _ in range(reps)
        )
    res["filter_clear_s"] = timed(search(base), search(status_query))
    extra["hide_closed_s"] = timed(search(hide_closed_query), search(base))
    extra["hide_closed_rows"] = total()
    run(search(base))

    # -- search as you type: "berg" letter by letter through the model ----------------
    # Each keystroke is a new search (what OverviewView.run_search hands the model once
    # the typing pauses), timed from the request to the painted answer, each answered
    # before the next letter; cold (no cached totals), as the first time a text is typed.
    prefixes = [TYPED[:i] for i in range(1, len(TYPED) + 1)]

    def typed(prefix: str) -> Callable[[], None]:
        return search(replace(base, text=prefix, search_field=CaseSearchField.NAMN))

    keystrokes: dict[str, list[float]] = {p: [] for p in prefixes}
    heartbeat.phase = "typing"
    for _ in range(reps):
        run(search(base))
        store.forget_cached_counts()
        for prefix in prefixes:
            keystrokes[prefix].append(run(typed(prefix)))
    extra["type_keystroke_s"] = {p: round(statistics.median(t), 4) for p, t in keystrokes.items()}
    extra["type_keystroke_first_pass_s"] = {p: round(t[0], 4) for p, t in keystrokes.items()}
    res["type_keystroke_max_s"] = max(extra["type_keystroke_s"].values())

    # Typed fast: four searches asked at once (no pause between the letters); the
    # stale three are dropped before they run where they still wait for a thread.
    def burst() -> None:
        for prefix in prefixes:
            typed(prefix)()

    extra["type_burst_s"] = timed(burst, search(base), cold=True, phase="burst")
    run(search(base))

    # -- paging: the last page (our "scroll to the bottom") and the next page ----------
    if counts_after:
        wait_exact()  # the pager shows the last page's number once the count has come
    last = (total() - 1) // model.page_size
    res["scroll_s"] = timed(
        lambda: model.go_to_page(last), lambda: model.go_to_page(0), phase="last_page"
    )
    page = model.page
    assert page is not None
    extra["scroll_at_last"] = page.offset + len(page.items) == page.total
    extra["next_page_s"] = timed(lambda: model.go_to_page(1), lambda: model.go_to_page(0))

    # -- a repaint of the current page alone (no data request): the fixed UI cost ------
    def repaint() -> float:
        waiter.loaded, waiter.painted = True, False
        t = time.perf_counter()
        view.viewport().update()
        waiter.wait()
        return time.perf_counter() - t

    extra["paint_s"] = statistics.median(repaint() for _ in range(reps))
    # From the first filter to here (filters, typing, paging, repaints).
    res["gui_max_stall_s"] = heartbeat.stop()
    extra["gui_max_stall_in"] = heartbeat.longest_in

    # -- the same requests without Qt: the service call alone, on this thread ----------
    def direct(snapshot: CaseQuery, **changes: Any) -> Callable[[], object]:
        query = replace(snapshot, limit=model.page_size, **changes)
        return lambda: services.cases.list_cases(actor, query)

    by_name = {"sort": CaseSort.LAST_NAME, "descending": False}
    extra["service_load_s"] = _median_time(reps, direct(base))
    extra["service_sort_s"] = _median_time(reps, direct(base, **by_name))
    extra["service_filter_text_s"] = _median_time(reps, direct(text_query))
    extra["service_filter_status_s"] = _median_time(reps, direct(status_query))
    extra["service_scroll_s"] = _median_time(reps, direct(base, offset=last * model.page_size))

    res["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    for key, value in list(res.items()):
        if isinstance(value, float) and key != "peak_rss_mb":
            res[key] = round(value, 4)
    for key, value in extra.items():
        res[key] = round(value, 4) if isinstance(value, float) else value
    res.update(
        page_size=model.page_size,
        startup_s=round(startup_s, 3),
        reps=reps,
        qt=qVersion(),
        pyside=pyside_version,
        python=sys.version.split()[0],
    )
    view.close()
    store.close()
    return res


# ----------------------------------------------------------------------------- trace
#: The stages of one page in ``--trace``, in order (see ``trace_worker``).
TRACE_STAGES = ("to_worker", "service", "to_gui", "reset", "slots", "to_paint", "paint")


def trace_worker(db: str, n: int, reps: int) -> dict[str, Any]:
    """Diagnostic (``--trace``): where one page's time goes, stage by stage, for the
    first page, a sort by Efternamn, the name search "berg" and the status filter, each
    asked ``reps`` times (interleaved; warm: the store's cached totals are reused, as
    when paging). Times in ms, minimum and median per stage:

    to_worker  the request until the fetch starts on the worker thread
    service    ``CaseService.list_cases`` on the worker
    to_gui     its return until the model starts its reset on the GUI thread
    reset      the model's reset (``modelAboutToBeReset`` to ``modelReset``)
    slots      the reset's end until the last ``page_loaded`` slot (columns, bold)
    to_paint   until the viewport's Paint event
    paint      the viewport's paint

    Also ``first``: each page's first time (cold: in the order above, right after
    the store was opened and prepared as the app's backend prepares it), and
    ``service_alone``: the same calls on this thread with no Qt."""
    from PySide6.QtCore import QEvent, QEventLoop, QTimer
    from PySide6.QtWidgets import QTableView

    from kawebb_desktop.ui.application import create_application

    app = create_application([sys.argv[0]])

    from kawebb_desktop.domain.entities import CaseStatus
    from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField, CaseSort
    from kawebb_desktop.services.api import recent_since
    from kawebb_desktop.ui.models.cases import CaseTableModel
    from kawebb_desktop.ui.widgets.tables import configure_table

    store, services, actor, unit_id, clock = _project_services(db)
    base = CaseQuery(unit_id=unit_id, include_closed=True)
    queries = {
        "first": base,
        "sort": replace(base, sort=CaseSort.LAST_NAME, descending=False),
        "berg": replace(base, text="berg", search_field=CaseSearchField.NAMN),
        "status": replace(base, status=CaseStatus(FILTER_STATUS)),
    }
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks.setdefault(name, time.perf_counter())

    def fetcher(snapshot: CaseQuery) -> Callable[..., Any]:
        def fetch(offset: int, limit: int, sort: object, descending: bool) -> Any:
            mark("worker")
            query = replace(snapshot, offset=offset, limit=limit)
            try:
                return services.cases.list_cases(actor, query)
            finally:
                mark("service")

        return fetch

    class View(QTableView):
        """Times its viewport's paint (start and end)."""

        def viewportEvent(self, event: QEvent) -> bool:
            if event.type() != QEvent.Type.Paint or "slots" not in marks or "paint" in marks:
                return super().viewportEvent(event)
            mark("to_paint")
            handled = super().viewportEvent(event)
            mark("paint")
            QTimer.singleShot(0, loop.quit)
            return handled

    loop = QEventLoop()
    model = CaseTableModel(lambda: recent_since(clock))
    view = View()
    view.setModel(model)
    configure_table(view, sortable=True)
    view.resize(1280, 800)
    model.modelAboutToBeReset.connect(lambda: mark("to_gui"))
    model.modelReset.connect(lambda: mark("reset"))
    model.page_loaded.connect(lambda: mark("slots"))  # connected last: after the others
    view.show()
    app.processEvents()

    def one(name: str) -> dict[str, float]:
        marks.clear()
        marks["request"] = time.perf_counter()
        model.set_fetch(fetcher(queries[name]))
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(60_000)
        loop.exec()
        guard.stop()
        if "paint" not in marks:
            raise RuntimeError(f"trace: no paint for {name}")
        order = ["request", "worker", "service", "to_gui", "reset", "slots", "to_paint", "paint"]
        out = {
            stage: (marks[b] - marks[a]) * 1000
            for stage, a, b in zip(TRACE_STAGES, order[:-1], order[1:], strict=True)
        }
        out["total"] = (marks["paint"] - marks["request"]) * 1000
        return out

    # The first of each: the statements' first compile, the columns' first fitting.
    cold = {name: {k: round(v, 3) for k, v in one(name).items()} for name in queries}
    gc.freeze()
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in queries}
    for _ in range(reps):
        for name in queries:
            runs[name].append(one(name))
    pages = {
        name: {
            stage: {
                "min": round(min(r[stage] for r in rs), 3),
                "median": round(statistics.median(r[stage] for r in rs), 3),
            }
            for stage in (*TRACE_STAGES, "total")
        }
        for name, rs in runs.items()
    }
    alone = {}
    for name, query in queries.items():
        call = functools.partial(services.cases.list_cases, actor, replace(query, limit=50))
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            call()
            times.append((time.perf_counter() - t) * 1000)
        alone[name] = {"min": round(min(times), 3), "median": round(statistics.median(times), 3)}
    view.close()
    store.close()
    return {
        "approach": "trace",
        "n": n,
        "reps": reps,
        "pages_ms": pages,
        "first_ms": cold,
        "service_alone_ms": alone,
    }


# ----------------------------------------------------------------------------- parent
def run_project(db: str, n: int, reps: int, timeout: float) -> dict[str, Any]:
    """The project's worker in a fresh subprocess."""
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", "project", "--db", db]
    cmd += ["--n", str(n), "--reps", str(reps), "--timeout", str(timeout)]
    proc = subprocess.run(cmd, env=dict(os.environ), capture_output=True, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"project worker failed rc={proc.returncode}\n{proc.stderr[-3000:]}")
    return dict(json.loads(lines[-1]))


def median_of_runs(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-metric median over processes; counts and labels come from the first run."""
    merged = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, float):
            merged[key] = round(statistics.median(float(r[key]) for r in runs), 4)
        elif isinstance(value, dict):  # per-keystroke times: the median of each
            merged[key] = {
                k: round(statistics.median(float(r[key][k]) for r in runs), 4)
                for k, v in value.items()
                if isinstance(v, float)
            }
    merged["proc_reps"] = len(runs)
    return merged


def ratios(project: dict[str, Any], peers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"approach": "ratios", "n": project["n"]}
    for name, peer in peers.items():
        table = {}
        for key in COMMON:
            if isinstance(peer.get(key), float | int) and peer[key] and key in project:
                table[key] = round(project[key] / peer[key], 2)
        for key in ("filter_text", "filter_status"):
            full = peer.get(f"{key}_full_s")
            if full:  # sqlmodel: time to fetch every match, so its count is exact like ours
                table[f"{key}_s/full"] = round(project[f"{key}_s"] / full, 2)
        out[f"project/{name}"] = table
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--cases", "--n", dest="n", type=int, default=100_000, help="cases N (default 100000)"
    )
    ap.add_argument("--reps", type=int, default=5, help="repetitions in a process (median)")
    ap.add_argument("--proc-reps", type=int, default=3, help="processes per approach (median)")
    ap.add_argument(
        "--only",
        choices=["project", "items", "sqlmodel"],
        action="append",
        help="run only this approach (repeatable)",
    )
    ap.add_argument("--peer", default=str(DEFAULT_PEER), help="path of peer_baseline.py")
    ap.add_argument("--db", default=DEFAULT_DB, help="our store's cache file; {n} = N")
    ap.add_argument("--peer-db", default=DEFAULT_PEER_DB, help="the peer's cache file; {n} = N")
    ap.add_argument("--rebuild", action="store_true", help="rebuild our store even if cached")
    ap.add_argument(
        "--analyze",
        action="store_true",
        help="diagnostic: our store with SQLite statistics (ANALYZE), which the app never runs",
    )
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a page")
    ap.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (offscreen)")
    ap.add_argument(
        "--rss-base",
        type=int,
        default=10_000,
        help="also run the project at this N for the peak-RSS ratio (0: don't)",
    )
    ap.add_argument(
        "--build-only", action="store_true", help="make the cached stores for N, measure nothing"
    )
    ap.add_argument(
        "--trace",
        type=int,
        metavar="REPS",
        help="diagnostic: where one page's time goes, stage by stage (REPS pages of each kind)",
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = args.platform  # inherited by every worker process

    if args.worker:
        result = project_worker(args.db, args.n, args.reps, args.timeout)
        print(json.dumps(result, ensure_ascii=False), flush=True)
        return

    peer = load_peer(args.peer)
    approaches = args.only or ["project", "items", "sqlmodel"]
    if not args.only and args.n > ITEMS_UP_TO:
        # The in-memory peer needs about 8 GB and many minutes per process at 1M (its
        # clearing of a filter alone took 35 s); the lazy peer is the faster one there.
        approaches.remove("items")
        print(f"# items skipped above {ITEMS_UP_TO} cases (ask with --only items)", file=sys.stderr)
    peer_db = peer.ensure_db(args.peer_db, args.n)
    db = ""
    if "project" in approaches:
        db = ensure_project_db(
            args.db, args.n, peer, peer_db, rebuild=args.rebuild, analyze=args.analyze
        )
    if args.build_only:
        print(json.dumps({"peer_db": peer_db, "db": db}), flush=True)
        return
    if args.trace:
        if not db:
            raise SystemExit(
                "--trace measures the project: leave out --only, or add --only project"
            )
        print(json.dumps(trace_worker(db, args.n, args.trace)), flush=True)
        return

    runs: dict[str, list[dict[str, Any]]] = {a: [] for a in approaches}
    for rep in range(args.proc_reps):  # interleaved, so drift of the machine hits all alike
        for approach in approaches:
            print(f"# {approach} process {rep + 1}/{args.proc_reps}", file=sys.stderr)
            if approach == "project":
                result = run_project(db, args.n, args.reps, args.timeout)
                result["store_analyzed"] = args.analyze
            else:
                result = peer.run_approach(approach, peer_db, args.n, args.reps)
            runs[approach].append(result)
    merged = {approach: median_of_runs(r) for approach, r in runs.items()}
    for result in merged.values():
        print(json.dumps(result, ensure_ascii=False), flush=True)
    if "project" in merged and len(merged) > 1:
        peers = {a: r for a, r in merged.items() if a != "project"}
        print(json.dumps(ratios(merged["project"], peers), ensure_ascii=False), flush=True)
    if "project" in merged and args.rss_base and args.rss_base != args.n:
        # The memory target is a ratio to the same stack at a small N, in the same run.
        base_db = ensure_project_db(
            args.db,
            args.rss_base,
            peer,
            peer.ensure_db(args.peer_db, args.rss_base),
            rebuild=False,
            analyze=args.analyze,
        )
        print(f"# project at {args.rss_base} cases, for the RSS ratio", file=sys.stderr)
        base_runs = [
            run_project(base_db, args.rss_base, args.reps, args.timeout)
            for _ in range(args.proc_reps)
        ]
        base_rss = statistics.median(r["peak_rss_mb"] for r in base_runs)
        rss = merged["project"]["peak_rss_mb"]
        line = {
            "approach": "rss",
            "n": args.n,
            "peak_rss_mb": rss,
            "base_n": args.rss_base,
            "base_peak_rss_mb": base_rss,
            "ratio": round(rss / base_rss, 3),
        }
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
