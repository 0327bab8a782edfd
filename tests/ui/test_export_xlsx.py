"""Export to Excel (.xlsx) and CSV: every row, typed cells, a progress dialog that can be
cancelled without leaving a file behind."""

from __future__ import annotations

import csv
import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.entities import Case
from kawebb_desktop.domain.queries import MAX_PAGE_SIZE, Page
from kawebb_desktop.services.api import Services
from kawebb_desktop.ui import export
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.overview import OverviewView
from tests.ui.conftest import Driver, FixedClock, WindowFactory, replace_services

TITLES = ["Datum", "Namn", "Antal"]
ROWS = [(dt.date(2026, 1, 1) + dt.timedelta(days=i), f"Namn {i}", i) for i in range(1203)]


def fetch_rows(offset: int, limit: int) -> Page[tuple[dt.date, str, int]]:
    return Page(tuple(ROWS[offset : offset + limit]), len(ROWS), offset, limit)


def texts(row: tuple[dt.date, str, int]) -> list[str]:
    return [row[0].isoformat(), row[1], str(row[2])]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_xlsx_has_every_row_typed_with_a_bold_header(tmp_path: Path) -> None:
    target = tmp_path / "lista.xlsx"
    seen: list[tuple[int, int]] = []
    count = export.write_xlsx(
        target, TITLES, list, fetch_rows, lambda done, total: seen.append((done, total))
    )
    assert count == len(ROWS)
    assert seen[-1] == (len(ROWS), len(ROWS)) and len(seen) == -(-len(ROWS) // MAX_PAGE_SIZE)
    assert leftovers(tmp_path) == ["lista.xlsx"]
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == TITLES
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert len(rows) == len(ROWS) + 1
    # Dates are dates (Excel's date cells, read back as datetimes), numbers are numbers.
    assert sheet["A2"].is_date
    assert [(r[0].date(), r[1], r[2]) for r in rows[1:]] == ROWS  # type: ignore[union-attr]
    assert sheet.column_dimensions["B"].width >= len("Namn 499")


def test_an_empty_list_gives_a_header_only(tmp_path: Path) -> None:
    target = tmp_path / "tom.xlsx"

    def empty(offset: int, limit: int) -> Page[tuple[dt.date, str, int]]:
        return Page((), 0, offset, limit)

    assert export.write_xlsx(target, TITLES, list, empty) == 0
    sheet = load_workbook(target).active
    assert sheet is not None
    assert list(sheet.iter_rows(values_only=True)) == [tuple(TITLES)]


@pytest.mark.parametrize("name", ["lista.csv", "lista.xlsx"])
def test_cancelled_midway_leaves_no_file(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    pages = 0

    def counted(offset: int, limit: int) -> Page[tuple[dt.date, str, int]]:
        nonlocal pages
        pages += 1
        return fetch_rows(offset, limit)

    writer = export.write_xlsx if name.endswith(".xlsx") else export.write_csv
    cells = list if name.endswith(".xlsx") else texts
    assert writer(target, TITLES, cells, counted, cancelled=lambda: pages >= 1) == -1  # type: ignore[operator]
    assert leftovers(tmp_path) == []


def test_a_failing_fetch_leaves_no_file(tmp_path: Path) -> None:
    def broken(offset: int, limit: int) -> Page[tuple[dt.date, str, int]]:
        if offset:
            raise OSError("nätverket försvann")
        return fetch_rows(offset, limit)

    with pytest.raises(OSError):
        export.write_xlsx(tmp_path / "lista.xlsx", TITLES, list, broken)
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------ from Översikt
def overview(driver: Driver, window: MainWindow) -> OverviewView:
    driver.login()
    assert window.workspace is not None
    view = window.workspace.overview
    driver.qtbot.waitUntil(lambda: view.model.page is not None)
    return view


def choose_file(monkeypatch: pytest.MonkeyPatch, target: Path, chosen: str) -> list[str]:
    offered: list[str] = []

    def save_as(_parent: object, _title: str, _name: str, filters: str) -> tuple[str, str]:
        offered.append(filters)
        return str(target), chosen

    monkeypatch.setattr(export.QFileDialog, "getSaveFileName", save_as)
    return offered


def test_overview_exports_xlsx_with_dates_and_numbers(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = overview(driver, window)
    page = view.model.page
    assert page is not None
    # No suffix typed: the chosen filter decides the format.
    offered = choose_file(monkeypatch, tmp_path / "arenden", export.XLSX_FILTER)
    view.export()
    target = tmp_path / "arenden.xlsx"
    qtbot.waitUntil(target.exists)
    assert offered == ["CSV (*.csv);;Excel (*.xlsx)"]
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == view.model.column_titles()
    assert all(cell.font.bold for cell in sheet[1])
    assert len(rows) == page.total + 1
    first: Case = view.model.object_at(0)
    assert rows[1][0] == dt.datetime.combine(first.last_event_on, dt.time())
    assert rows[1][2] == first.case_number  # a number, not a text
    assert rows[1][3:6] == (first.first_name, first.last_name, first.status.value)
    assert rows[1][6] == dt.datetime.combine(first.start_date, dt.time())
    assert sheet["A2"].is_date and sheet["G2"].is_date


class HeldCases:
    """The cases service; once ``hold`` is set, a list request waits for ``release``."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.hold = False
        self.asked = threading.Event()
        self.release = threading.Event()

    def list_cases(self, caller: Any, query: Any) -> Any:
        if self.hold:
            self.asked.set()
            self.release.wait(10)
        return self._inner.list_cases(caller, query)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def test_overview_export_can_be_cancelled_and_leaves_no_file(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: Services,
    clock: FixedClock,
    demo: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cases = HeldCases(services.cases)
    window = make_window(replace_services(services, cases=cases))
    view = overview(Driver(qtbot, window, clock, demo), window)
    target = tmp_path / "export" / "arenden.xlsx"
    target.parent.mkdir()
    choose_file(monkeypatch, target, export.XLSX_FILTER)
    # The export's first page waits (on its worker thread) until the user has cancelled.
    asked, release = cases.asked, cases.release
    cases.hold = True
    try:
        view.export()
        qtbot.waitUntil(asked.is_set)
        dialogs = view.findChildren(export.QProgressDialog)
        assert len(dialogs) == 1
        dialog = dialogs[0]
        dialog.canceled.emit()  # Avbryt
        release.set()
        qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # the export ended
    finally:
        release.set()
    assert leftovers(target.parent) == []


def test_overview_csv_export_still_works(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = overview(driver, window)
    page = view.model.page
    assert page is not None
    target = tmp_path / "arenden.csv"
    choose_file(monkeypatch, target, export.CSV_FILTER)
    view.export()
    qtbot.waitUntil(target.exists)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == view.model.column_titles()
    assert len(rows) == page.total + 1
    assert rows[1] == view.model.row_texts(view.model.object_at(0))
