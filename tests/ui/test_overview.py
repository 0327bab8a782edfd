"""*Mitt arbete > Översikt*: search (as you type), status filter, closed cases, paging
(Antal träffar per sida, Alla growing as it is scrolled), export."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kawebb_desktop.demo import personnummer_for
from kawebb_desktop.domain.entities import Case, CaseStatus
from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField, Page
from kawebb_desktop.services.api import Services
from kawebb_desktop.store.sql import repositories
from kawebb_desktop.ui import export
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.models.cases import CaseTableModel
from kawebb_desktop.ui.models.paged import ALL, GROW_WINDOW
from kawebb_desktop.ui.views.overview import OverviewView
from tests.ui.conftest import Driver, FixedClock, WindowFactory, replace_services, type_text


def overview(driver: Driver, window: MainWindow) -> OverviewView:
    driver.login()
    assert window.workspace is not None
    view = window.workspace.overview
    driver.qtbot.waitUntil(lambda: view.model.page is not None)
    return view


def add_cases(
    driver: Driver,
    view: OverviewView,
    count: int,
    *,
    status: CaseStatus | None = None,
    last_name: str = "Andersson",
) -> None:
    """``count`` more open cases in the view's unit (the demo has a few dozen in all),
    then the list again."""
    template = view.model.object_at(0)
    cases = [
        dataclasses.replace(
            template,
            id=0,
            case_number=900_000 + i,
            last_name=f"{last_name}{i}",
            personnummer=personnummer_for("19990101", 1 + i % 900),
            status=status or template.status,
        )
        for i in range(count)
    ]
    with driver.store.unit_of_work(write=True) as uow:
        uow.cases.add_many(cases)
        uow.commit()
    with driver.qtbot.waitSignal(view.model.page_loaded):
        view.run_search()


def names(view: OverviewView) -> list[str]:
    return [view.model.object_at(r).last_name for r in range(view.model.rowCount())]


def statuses(view: OverviewView) -> set[str]:
    return {view.model.object_at(r).status.value for r in range(view.model.rowCount())}


def test_cases_of_the_chosen_unit_newest_first(driver: Driver, window: MainWindow) -> None:
    view = overview(driver, window)
    page = view.model.page
    assert page is not None and page.total > 0
    assert view.pager.summary.text().startswith("Visar 1-")
    assert view.pager.summary.text().endswith(f"av {page.total} ärenden")
    dates = [view.model.object_at(r).last_event_on for r in range(view.model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    assert CaseStatus.AVSLUTAD.value not in statuses(view)


def test_closed_cases_appear_on_request_and_status_filters(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = overview(driver, window)
    open_total = view.model.page.total  # type: ignore[union-attr]
    with qtbot.waitSignal(view.model.page_loaded):
        view.include_closed.setChecked(True)
    assert view.model.page.total > open_total  # type: ignore[union-attr]
    with qtbot.waitSignal(view.model.page_loaded):
        view.status_box.setCurrentIndex(view.status_box.findText("Planering"))
    assert statuses(view) == {"Planering"}


def test_search_by_case_number_and_name(qtbot: QtBot, driver: Driver, window: MainWindow) -> None:
    view = overview(driver, window)
    type_text(view.search, "35181")
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert not view.search_timer.isActive()  # Retur searched at once
    assert names(view) == ["Sundén"]
    view.field_buttons[CaseSearchField.NAMN].setChecked(True)
    view.search.clear()
    type_text(view.search, "sundén")
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
    assert {view.model.object_at(r).last_name for r in range(view.model.rowCount())} == {"Sundén"}


def test_switching_unit_shows_that_units_cases(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = overview(driver, window)
    workspace = window.workspace
    assert workspace is not None
    first_unit = view.model.object_at(0).unit_id
    with qtbot.waitSignal(view.model.page_loaded):
        workspace.unit_box.setCurrentIndex(1)
    units = {view.model.object_at(r).unit_id for r in range(view.model.rowCount())}
    assert units and first_unit not in units


def test_export_writes_every_matching_case(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Exportera… writes every case the search and the filters find (all pages, in the
    list's order), not the page shown and not the unfiltered list; its progress counts
    to the exact total the pager shows, though each page alone has only a bound."""
    monkeypatch.setattr(repositories, "SEARCH_COUNT_AHEAD", 2)
    view = overview(driver, window)
    add_cases(driver, view, 40, status=CaseStatus.PLANERING)
    view.pager.size_box.setCurrentIndex(view.pager.size_box.findData(25))
    with qtbot.waitSignal(view.model.page_loaded):
        view.include_closed.setChecked(True)
    with qtbot.waitSignal(view.model.page_loaded):
        view.status_box.setCurrentIndex(view.status_box.findText("Planering"))
    qtbot.waitUntil(lambda: view.model.page is not None and view.model.page.total_exact)
    page = view.model.page
    assert page is not None and page.total > view.model.rowCount()  # more than one page
    totals: list[int] = []
    pages = export._pages

    def recorded(fetch: Any, progress: Any, cancelled: Any) -> Any:
        def told(done: int, total: int) -> None:
            totals.append(total)
            progress(done, total)

        return pages(fetch, told, cancelled)

    monkeypatch.setattr(export, "_pages", recorded)
    driver.store.forget_cached_counts()  # the pages then carry only their bound
    monkeypatch.setattr(export, "MAX_PAGE_SIZE", 10)  # pages that end before the list
    target = tmp_path / "arenden.csv"
    asked: list[str] = []

    def save_as(_parent: object, _title: str, name: str, _filter: str) -> tuple[str, str]:
        asked.append(name)
        return str(target), export.CSV_FILTER

    monkeypatch.setattr(export.QFileDialog, "getSaveFileName", save_as)
    view.export()
    qtbot.waitUntil(target.exists)
    assert asked == ["arenden.csv"]
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert totals and set(totals) == {page.total} == {len(rows) - 1}
    assert rows[0] == [
        "Datum",
        "Senaste händelse",
        "Ärendenummer",
        "Förnamn",
        "Efternamn",
        "Status",
        "Startdatum",
        "Slutdatum",
    ]
    assert len(rows) == page.total + 1
    assert {row[5] for row in rows[1:]} == {"Planering"}
    dates = [row[0] for row in rows[1:]]
    assert dates == sorted(dates, reverse=True)  # the list's order: newest first
    shown = [view.model.row_texts(view.model.object_at(r)) for r in range(view.model.rowCount())]
    assert rows[1 : 1 + len(shown)] == shown


def test_a_search_with_many_matches_says_more_than_then_the_exact_count(
    qtbot: QtBot, driver: Driver, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page comes first with its bound ("fler än"), then the exact count, asked on
    a thread of its own; paging on keeps it (no second count)."""
    monkeypatch.setattr(repositories, "SEARCH_COUNT_AHEAD", 2)
    view = overview(driver, window)
    add_cases(driver, view, 60)
    view.pager.size_box.setCurrentIndex(view.pager.size_box.findData(25))
    qtbot.waitUntil(lambda: view.model.rowCount() == 25)
    view.field_buttons[CaseSearchField.NAMN].setChecked(True)
    type_text(view.search, "a")
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.pager.summary.text() == "Visar 1-25 av fler än 27 ärenden"
    assert view.pager.summary.accessibleDescription() == "Räknar alla ärenden …"
    assert view.pager.next_button.isEnabled()
    assert view._searched is not None
    exact = view._services.cases.count_cases(view._caller, view._searched)
    assert exact > 27
    qtbot.waitUntil(lambda: view.pager.summary.text() == f"Visar 1-25 av {exact} ärenden")
    assert view.pager.summary.accessibleDescription() == ""
    last = (exact - 1) // 25 + 1
    assert view.pager.page_button(last) is not None
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.mouseClick(view.pager.next_button, Qt.MouseButton.LeftButton)
    assert view.pager.summary.text() == f"Visar 26-50 av {exact} ärenden"
    assert not view.model.counting


def test_a_stale_count_is_dropped_before_it_runs_and_ignored_when_late(qtbot: QtBot) -> None:
    """A count asked for a list that has changed since is never run if it still waits
    (for the pause after its page, or for the count's thread), and its answer is ignored
    if it comes after the change."""
    started, release = threading.Event(), threading.Event()
    counted: list[int] = []

    def fetch(offset: int, limit: int, _sort: Any, _descending: bool) -> Page[Case]:
        return Page((), 10, offset, limit, False)  # a bound: "fler än 10"

    def count(n: int) -> Callable[[], int]:
        def call() -> int:
            if n == 1:
                started.set()
                release.wait(10)
            counted.append(n)
            return 100 + n

        return call

    model = CaseTableModel(lambda: dt.date.min)
    with qtbot.waitSignal(model.page_loaded):
        model.set_fetch(fetch, count=count(1))  # its count blocks the count's thread
    assert model.counting
    qtbot.waitUntil(started.is_set)  # asked after the pause
    with qtbot.waitSignal(model.page_loaded):
        model.set_fetch(fetch, count=count(2))  # waits behind count 1
    with qtbot.waitSignal(model.page_loaded):
        model.set_fetch(fetch, count=count(3))  # count 2 is stale now
    with qtbot.waitSignal(model.total_changed):
        release.set()
    assert counted == [1, 3]  # 2 never ran
    page = model.page
    assert page is not None and (page.total, page.total_exact) == (103, True)


# ---------------------------------------------------------------- results as you type
class CountingCases:
    """The cases service, counting the list requests that reach it (text of each)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.texts: list[str] = []
        self._lock = threading.Lock()

    def list_cases(self, caller: Any, query: CaseQuery) -> Page[Case]:
        with self._lock:
            self.texts.append(query.text)
        return self._inner.list_cases(caller, query)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@pytest.fixture
def counted(
    qtbot: QtBot, make_window: WindowFactory, services: Services, clock: FixedClock, demo: Any
) -> tuple[Driver, OverviewView, CountingCases]:
    cases = CountingCases(services.cases)
    window = make_window(replace_services(services, cases=cases))
    driver = Driver(qtbot, window, clock, demo)
    return driver, overview(driver, window), cases


def test_typing_searches_without_retur(
    qtbot: QtBot, counted: tuple[Driver, OverviewView, CountingCases]
) -> None:
    _driver, view, cases = counted
    view.field_buttons[CaseSearchField.NAMN].setChecked(True)
    type_text(view.search, "sundén")
    assert view.search_timer.isActive()
    qtbot.waitUntil(lambda: set(names(view)) == {"Sundén"})
    assert cases.texts[-1] == "sundén"


def test_a_burst_of_keystrokes_runs_one_search_for_the_final_text(
    qtbot: QtBot, counted: tuple[Driver, OverviewView, CountingCases]
) -> None:
    _driver, view, cases = counted
    view.field_buttons[CaseSearchField.NAMN].setChecked(True)
    before = len(cases.texts)
    for ch in "sundén":
        type_text(view.search, ch)
        QApplication.processEvents()  # the keystrokes arrive one by one, not at once
    qtbot.waitUntil(lambda: set(names(view)) == {"Sundén"})
    assert not view.search_timer.isActive()  # nothing more is coming
    assert cases.texts[before:] == ["sundén"]


def test_a_pause_that_changed_nothing_asks_nothing(
    qtbot: QtBot, counted: tuple[Driver, OverviewView, CountingCases]
) -> None:
    _driver, view, cases = counted
    type_text(view.search, "3")
    qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    before = len(cases.texts)
    with qtbot.waitSignal(view.search_timer.timeout):
        pass
    assert cases.texts[before:] == []


def test_a_stale_request_is_dropped_before_it_runs(qtbot: QtBot) -> None:
    """Two requests wait for the pool's one thread: the older is never asked."""
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(1)
    release = threading.Event()
    asked: list[int] = []
    try:
        pool.start(lambda: release.wait(10))  # the one thread is busy

        def fetch(n: int) -> Callable[[int, int, Any, bool], Page[Case]]:
            def call(offset: int, limit: int, _sort: Any, _descending: bool) -> Page[Case]:
                asked.append(n)
                return Page((), 0, offset, limit)

            return call

        model = CaseTableModel(lambda: dt.date.min)
        model.set_fetch(fetch(1))
        model.set_fetch(fetch(2))
        with qtbot.waitSignal(model.page_loaded):
            release.set()
        assert asked == [2]
    finally:
        release.set()
        pool.waitForDone(10_000)
        pool.setMaxThreadCount(threads)


# ---------------------------------------------------------------- hits per page, Alla
def test_hits_per_page_and_alla_grows_as_it_is_scrolled(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = overview(driver, window)
    box = view.pager.size_box
    assert box is not None
    assert [box.itemText(i) for i in range(box.count())] == ["25", "50", "100", "Alla"]
    assert box.accessibleName() == "Antal träffar per sida"
    add_cases(driver, view, 2 * GROW_WINDOW + 50)
    with qtbot.waitSignal(view.model.page_loaded):
        box.setCurrentIndex(box.findData(25))
    assert view.model.rowCount() == 25
    assert view.pager.next_button.isVisible()
    total = view.model.page.total  # type: ignore[union-attr]
    assert total > 2 * GROW_WINDOW

    with qtbot.waitSignal(view.model.page_loaded):
        box.setCurrentIndex(box.findData(ALL))
    assert view.model.rowCount() == GROW_WINDOW  # only a window, not all of them
    assert not view.pager.next_button.isVisible()
    assert view.pager.summary.text() == f"Visar 1-{GROW_WINDOW} av {total} ärenden"
    scroll = view.table.verticalScrollBar()
    scroll.setValue(scroll.maximum())
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 * GROW_WINDOW)
    first_rows = names(view)[:GROW_WINDOW]
    scroll.setValue(scroll.maximum())
    qtbot.waitUntil(lambda: view.model.rowCount() == total)
    assert not view.model.canFetchMore()
    assert names(view)[:GROW_WINDOW] == first_rows
    assert len({view.model.object_at(r).id for r in range(total)}) == total  # no repeats
    assert view.pager.summary.text() == f"Visar 1-{total} av {total} ärenden"
    assert QSettings().value("oversikt/per-sida") in (ALL, str(ALL))


def test_the_chosen_hits_per_page_is_remembered(
    qtbot: QtBot, make_window: WindowFactory, clock: FixedClock, demo: Any
) -> None:
    QSettings().setValue("oversikt/per-sida", 100)
    window = make_window()
    view = overview(Driver(qtbot, window, clock, demo), window)
    assert view.model.page_size == 100
    assert view.pager.size_box is not None
    assert view.pager.size_box.currentText() == "100"
