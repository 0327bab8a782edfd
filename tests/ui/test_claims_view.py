"""*Mitt arbete > Begärda ersättningar* (issue 9): the demo's requests, the status filter,
the total row for the whole filter (every page), one case only, export, and the model
under Qt's model tester."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.compensation import CompensationKind, FieldOfWork, format_kronor
from kawebb_desktop.domain.entities import Claim, ClaimQuery, ClaimStatus
from kawebb_desktop.services.api import Services, caller_of
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui import export
from kawebb_desktop.ui.dialogs.help_dialog import GUIDE_HTML
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.claims import ClaimsView
from tests.ui.conftest import Driver
from tests.ui.test_pending_claims import compensation_case


def open_claims(qtbot: QtBot, driver: Driver, window: MainWindow) -> ClaimsView:
    driver.login()
    workspace = window.workspace
    assert workspace is not None and workspace.claims is not None
    view = workspace.claims
    workspace.show_tab("Mitt arbete", "Begärda ersättningar")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    return view


def expected_total(services: Services, window: MainWindow, status: ClaimStatus | None) -> str:
    caller = caller_of(window.actor)  # type: ignore[arg-type]
    return "Summa: " + format_kronor(
        services.claims.claims(caller, ClaimQuery(status=status)).total_amount
    )


def test_the_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, driver: Driver, window: MainWindow
) -> None:
    view = open_claims(qtbot, driver, window)
    qtmodeltester.check(view.model)


def test_the_status_filter_and_the_total_row(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    """The demo's eleven requests of Dorotea, newest first; each status its own."""
    view = open_claims(qtbot, driver, window)
    assert view.model.rowCount() == 11
    assert view.total.text() == "Summa: 75 405,00 kr"
    assert view.total.text() == expected_total(services, window, None)
    assert view.pager.summary.text() == "Visar 1-11 av 11 begäranden"
    days = [view.model.object_at(r).claim.submitted_on for r in range(11)]
    assert days == sorted(days, reverse=True)
    for status, count in [
        (ClaimStatus.UTBETALD, 4),
        (ClaimStatus.GODKAND, 2),
        (ClaimStatus.AVSLAGEN, 2),
        (ClaimStatus.INSKICKAD, 3),
    ]:
        with qtbot.waitSignal(view.model.page_loaded):
            view.status_box.setCurrentIndex(view.status_box.findText(status.value))
        shown = {view.model.object_at(r).claim.status for r in range(view.model.rowCount())}
        assert (view.model.rowCount(), shown) == (count, {status})
        assert view.total.text() == expected_total(services, window, status)
    assert view.total.text() == "Summa: 19 140,00 kr"  # Inskickad: 11 000 + 2 640 + 5 500


def test_the_total_sums_every_page_of_the_filter(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services, store: Store
) -> None:
    view = open_claims(qtbot, driver, window)
    caller = caller_of(window.actor)  # type: ignore[arg-type]
    case = compensation_case(store, caller.organisation_id)
    with store.unit_of_work(write=True) as uow:  # thirty months paid, as AF records them
        for n in range(30):
            start = dt.date(2023 + n // 12, n % 12 + 1, 1)
            uow.claims.add(
                Claim(
                    0,
                    caller.organisation_id,
                    case.id,
                    CompensationKind.INTERNSHIP,
                    FieldOfWork.SCHOOL,
                    Decimal(50),
                    start,
                    start.replace(day=28),
                    Decimal("3300.00"),
                    ClaimStatus.UTBETALD,
                    dt.date(2026, 6, 1),
                )
            )
        uow.commit()
    assert view.pager.size_box is not None
    view.pager.size_box.setCurrentIndex(view.pager.size_box.findData(25))
    with qtbot.waitSignal(view.model.page_loaded):
        view.status_box.setCurrentIndex(view.status_box.findText("Utbetald"))
    assert view.model.rowCount() == 25
    assert view.pager.summary.text() == "Visar 1-25 av 34 begäranden"
    on_page = sum(view.model.object_at(r).claim.amount for r in range(25))
    assert view.total.text() == expected_total(services, window, ClaimStatus.UTBETALD)
    assert view.total.text() != "Summa: " + format_kronor(on_page)
    assert view.total.text() == "Summa: " + format_kronor(Decimal(30 * 3300 + 36_300))


def test_one_case_only_from_the_marked_row(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = open_claims(qtbot, driver, window)
    assert not view.case_button.isEnabled()  # no row marked
    row = next(r for r in range(11) if view.model.object_at(r).case_number == 35171)
    view.table.selectRow(row)
    assert view.case_button.isEnabled()
    with qtbot.waitSignal(view.model.page_loaded):
        view.case_button.click()
    numbers = {view.model.object_at(r).case_number for r in range(view.model.rowCount())}
    assert (numbers, view.model.rowCount()) == ({35171}, 4)
    assert view.case_button.text() == "Bara ärende 35171"
    assert view.case_button.accessibleName() == "Bara ärende 35171"
    assert view.total.text() == "Summa: 44 000,00 kr"
    with qtbot.waitSignal(view.model.page_loaded):
        view.case_button.click()
    assert view.model.rowCount() == 11


def test_export_writes_the_filtered_requests(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = open_claims(qtbot, driver, window)
    with qtbot.waitSignal(view.model.page_loaded):
        view.status_box.setCurrentIndex(view.status_box.findText("Godkänd"))
    target = tmp_path / "begarda.csv"
    monkeypatch.setattr(
        export.QFileDialog,
        "getSaveFileName",
        lambda *_a: (str(target), export.CSV_FILTER),
    )
    view.export()
    qtbot.waitUntil(target.exists)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == view.model.column_titles()
    status = rows[0].index("Status")
    assert [r[status] for r in rows[1:]] == ["Godkänd", "Godkänd"]
    assert {r[0] for r in rows[1:]} == {"35171", "35173"}


def test_f1_opens_the_help_of_each_screen(qtbot: QtBot, driver: Driver, window: MainWindow) -> None:
    open_claims(qtbot, driver, window)
    assert window.help_topic() == "begarda-ersattningar"
    assert window.workspace is not None
    window.workspace.show_tab("Mitt arbete", "Begär ersättning")
    assert window.help_topic() == "begar-ersattning"
    for topic in ("begarda-ersattningar", "begar-ersattning"):
        assert f'<a name="{topic}">' in GUIDE_HTML


def test_export_to_excel_keeps_amounts_as_numbers_and_days_as_dates(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = open_claims(qtbot, driver, window)
    target = tmp_path / "begarda.xlsx"
    monkeypatch.setattr(
        export.QFileDialog,
        "getSaveFileName",
        lambda *_a: (str(target), export.XLSX_FILTER),
    )
    view.export()
    qtbot.waitUntil(target.exists)
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == view.model.column_titles()
    assert len(rows) == 12
    number, _name, period, _kind, _field, extent, amount, status, sent = rows[1]
    assert (number, period, status) == (35173, "2026-05-01 – 2026-05-31", "Inskickad")
    assert (extent, amount) == (25, 5500)
    assert isinstance(sent, dt.datetime) and sent.date() == dt.date(2026, 6, 4)
