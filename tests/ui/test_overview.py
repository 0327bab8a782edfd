"""*Mitt arbete > Översikt*: search, status filter, closed cases, paging, export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.entities import CaseStatus
from kawebb_desktop.domain.queries import CaseSearchField
from kawebb_desktop.store.sql import repositories
from kawebb_desktop.ui import export
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.overview import OverviewView
from tests.ui.conftest import Driver, type_text


def overview(driver: Driver, window: MainWindow) -> OverviewView:
    driver.login()
    assert window.workspace is not None
    view = window.workspace.overview
    driver.qtbot.waitUntil(lambda: view.model.page is not None)
    return view


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
    assert [view.model.object_at(r).last_name for r in range(view.model.rowCount())] == ["Sundén"]
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
    list's order), not the page shown and not the unfiltered list."""
    view = overview(driver, window)
    view.pager.size_box.setCurrentIndex(view.pager.size_box.findData(10))
    with qtbot.waitSignal(view.model.page_loaded):
        view.include_closed.setChecked(True)
    with qtbot.waitSignal(view.model.page_loaded):
        view.status_box.setCurrentIndex(view.status_box.findText("Planering"))
    page = view.model.page
    assert page is not None and page.total > view.model.rowCount()  # more than one page
    target = tmp_path / "arenden.csv"
    asked: list[str] = []

    def save_as(_parent: object, _title: str, name: str, _filter: str) -> tuple[str, str]:
        asked.append(name)
        return str(target), "CSV-filer (*.csv)"

    monkeypatch.setattr(export.QFileDialog, "getSaveFileName", save_as)
    view.export()
    qtbot.waitUntil(target.exists)
    assert asked == ["arenden.csv"]
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
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


def test_a_search_with_many_matches_says_more_than_and_pages_on(
    qtbot: QtBot, driver: Driver, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repositories, "SEARCH_COUNT_AHEAD", 2)
    view = overview(driver, window)
    view.pager.size_box.setCurrentIndex(view.pager.size_box.findData(10))
    qtbot.waitUntil(lambda: view.model.rowCount() == 10)
    view.field_buttons[CaseSearchField.NAMN].setChecked(True)
    type_text(view.search, "a")
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.pager.summary.text() == "Visar 1-10 av fler än 12 ärenden"
    assert view.pager.next_button.isEnabled()
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.mouseClick(view.pager.next_button, Qt.MouseButton.LeftButton)
    assert view.pager.summary.text().startswith("Visar 11-20 av ")
