"""*Organisationen > Kvittenser* (issue 10): the demo's receipts newest first, the search,
one receipt opened to its change set and BankID data, *Verifiera* (and a receipt changed
behind the app's back failing it), the one-page PDF, the keyboard path and the models
under Qt's model tester."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.services.api import Services, caller_of
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui import export
from kawebb_desktop.ui.dialogs.receipt_dialog import FAILED, PASSED, ReceiptDialog
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.models.receipts import what_text
from kawebb_desktop.ui.views.receipts import ReceiptsView
from tests.ui.conftest import Driver, type_text
from tests.ui.test_accessibility import problems as accessibility_problems
from tests.ui.test_keyboard import ALT, CTRL, focus, press

TAB = "Kvittenser"


def open_receipts(qtbot: QtBot, driver: Driver, window: MainWindow, **person: str) -> ReceiptsView:
    driver.login(**person)
    workspace = window.workspace
    assert workspace is not None and workspace.receipts is not None
    view = workspace.receipts
    workspace.show_tab("Organisationen", TAB)
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() > 0)
    return view


def newest(services: Services, window: MainWindow, search: str = "") -> list[Receipt]:
    caller = caller_of(window.actor)  # type: ignore[arg-type]
    return list(services.signing.receipts(caller, 0, 500, search).items)


def open_dialog(qtbot: QtBot, view: ReceiptsView, row: int = 0) -> ReceiptDialog:
    view.table.selectRow(row)
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    assert view.dialog is not None
    return view.dialog


def test_the_list_shows_the_receipts_newest_first(
    qtbot: QtBot, qtmodeltester: ModelTester, driver: Driver, window: MainWindow, services: Services
) -> None:
    view = open_receipts(qtbot, driver, window)
    receipts = newest(services, window)
    shown = [view.model.object_at(r) for r in range(view.model.rowCount())]
    assert shown == receipts[: len(shown)]
    assert [r.signed_at for r in shown] == sorted((r.signed_at for r in shown), reverse=True)
    assert view.model.column_titles() == [
        "Kvittensnummer",
        "Signerad",
        "Signerad av",
        "Antal ändringar",
        "Vad",
    ]
    first = view.model.row_texts(shown[0])
    assert first[0] == str(shown[0].id) and first[2] == shown[0].signer_name
    assert first[4] == what_text(shown[0]) and first[4]
    assert "Jag signerar" not in first[4]  # the changes, not the BankID preamble
    assert view.pager.summary.text().startswith("Visar 1-")
    qtmodeltester.check(view.model)


def test_a_tjansteadministrator_sees_no_receipt_of_users(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    view = open_receipts(qtbot, driver, window, first="Viking", last="Evertsson")
    assert window.actor is not None and window.actor.role is Role.TJANSTEADMINISTRATOR
    for row in range(view.model.rowCount()):
        assert '"kind":"anvandare"' not in view.model.object_at(row).document


def test_the_search_by_number_and_by_signer(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    view = open_receipts(qtbot, driver, window)
    wanted = newest(services, window)[3]
    view.search.setFocus()
    type_text(view.search, str(wanted.id))
    QTest.keyClick(view.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() == 1)
    assert view.model.object_at(0) == wanted

    view.search.clear()
    type_text(view.search, "zzz ingen sådan")
    QTest.keyClick(view.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() == 0)
    assert view.note.text() == "Ingen kvittens matchar sökningen."

    view.search.clear()
    signer = wanted.signer_name.split()[-1].lower()
    type_text(view.search, signer)
    QTest.keyClick(view.search, Qt.Key.Key_Return)
    expected = newest(services, window, signer)
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() == min(len(expected), 25))
    assert wanted in expected


def test_a_receipt_opens_to_its_changes_and_verifies(
    qtbot: QtBot, qtmodeltester: ModelTester, driver: Driver, window: MainWindow
) -> None:
    view = open_receipts(qtbot, driver, window)
    receipt = view.model.object_at(0)
    dialog = open_dialog(qtbot, view)
    assert dialog.receipt == receipt
    assert dialog.windowTitle() == f"Kvittens {receipt.id}"
    assert dialog.digest.text() == receipt.digest
    assert dialog.changes_model.rowCount() == receipt.change_count
    assert all(line.text for line in dialog.lines)
    assert dialog.fields["Person enligt signaturen"].text() == receipt.signer_name
    assert dialog.signature.toPlainText() == receipt.signature
    assert dialog.ocsp.toPlainText() == receipt.ocsp_response
    qtmodeltester.check(dialog.changes_model)
    assert accessibility_problems(dialog) == []

    focus(qtbot, dialog.changes_table)
    press(dialog.changes_table, Qt.Key.Key_V, ALT)  # &Verifiera
    qtbot.waitUntil(lambda: dialog.check is not None)
    assert dialog.check is not None and dialog.check.ok
    assert dialog.checks.count() == 5
    texts = [dialog.checks.item(i).text() for i in range(dialog.checks.count())]
    assert all(t.startswith(f"{PASSED} – ") for t in texts), texts
    assert "verifierad" in dialog.verdict.text()
    press(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_keyboard_path(qtbot: QtBot, driver: Driver, window: MainWindow) -> None:
    """Ctrl+F to Sök, a number and Retur, Tab to the list, Retur opens the receipt,
    Alt+V verifies, Esc closes it."""
    view = open_receipts(qtbot, driver, window)
    wanted = view.model.object_at(2)
    focus(qtbot, view.table)
    press(view.table, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.search)
    type_text(view.search, str(wanted.id))
    press(view.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() == 1)
    press(view.search, Qt.Key.Key_Tab)  # the clear button is not in the tab chain
    press(QApplication.focusWidget(), Qt.Key.Key_Tab)  # Sök, then the list
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table)
    press(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    dialog = view.dialog
    assert dialog is not None and dialog.receipt == wanted
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.waitUntil(lambda: QApplication.focusWidget().window() is dialog)
    press(QApplication.focusWidget(), Qt.Key.Key_V, ALT)
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.verify_button.isEnabled())
    press(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def _tamper(store: Store, receipt_id: int) -> None:
    """Change a receipt behind the app's back (as in tests/faults/test_tamper.py)."""
    engine = store.engine  # type: ignore[attr-defined]
    with engine.begin() as connection:
        for operation in ("update", "delete"):
            connection.execute(text(f"DROP TRIGGER IF EXISTS receipts_no_{operation}"))
        connection.execute(
            text("UPDATE receipts SET signer_name = 'Någon Annan' WHERE id = :id"),
            {"id": receipt_id},
        )


def test_a_receipt_changed_behind_the_apps_back_fails_verification(
    qtbot: QtBot, driver: Driver, window: MainWindow, demo: Store, tmp_path: Path
) -> None:
    view = open_receipts(qtbot, driver, window)
    receipt = view.model.object_at(1)
    _tamper(demo, receipt.id)
    view.reload()
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() > 1)
    assert view.model.object_at(1).signer_name == "Någon Annan"
    dialog = open_dialog(qtbot, view, 1)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check is not None)
    assert dialog.check is not None and not dialog.check.ok
    assert "INTE" in dialog.verdict.text()
    failed = [
        dialog.checks.item(i).text()
        for i in range(dialog.checks.count())
        if dialog.checks.item(i).text().startswith(FAILED)
    ]
    assert any("Granskningskedjan" in t for t in failed), failed
    # The printed receipt says so too.
    path = tmp_path / "andrad.pdf"
    dialog.write_pdf(str(path))
    assert path.stat().st_size > 0
    assert "INTE" in dialog.text_document().toPlainText()


def test_the_receipt_as_pdf_is_one_page(
    qtbot: QtBot, driver: Driver, window: MainWindow, tmp_path: Path
) -> None:
    view = open_receipts(qtbot, driver, window)
    # The receipt with the most changes: it still fits one page.
    rows = [view.model.object_at(r) for r in range(view.model.rowCount())]
    row = max(range(len(rows)), key=lambda r: rows[r].change_count)
    dialog = open_dialog(qtbot, view, row)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check is not None)

    path = tmp_path / "kvittens.pdf"
    dialog.write_pdf(str(path))
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert dialog.text_document().pageCount() == 1
    plain = dialog.text_document().toPlainText()
    assert f"Kvittens {dialog.receipt.id}" in plain and dialog.receipt.digest in plain
    assert "Kvittensen är verifierad" in plain

    image = render_first_page(path)
    assert image.width() > 500 and not image.isNull()
    folder = os.environ.get("KAWEBB_SCREENSHOTS")
    if folder:
        image.save(str(Path(folder) / "kvittens-pdf.png"))

    # Skriv ut goes through the same document: onto a printer printing to a PDF file.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "utskrift.pdf"
    printer.setOutputFileName(str(printed))
    dialog.print_to(printer)
    del printer
    assert printed.read_bytes().startswith(b"%PDF")


def render_first_page(path: Path) -> QImage:
    """Page 1 of a PDF as an image (Qt's own PDF renderer)."""
    qtpdf = pytest.importorskip("PySide6.QtPdf")
    document = qtpdf.QPdfDocument()
    assert document.load(str(path)) == qtpdf.QPdfDocument.Error.None_
    assert document.pageCount() == 1
    size = document.pagePointSize(0).toSize()
    image = document.render(0, QSize(size.width() * 2, size.height() * 2))
    document.close()
    return image


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_export_writes_the_searched_receipts(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    chosen: str,
) -> None:
    view = open_receipts(qtbot, driver, window)
    signer = view.model.object_at(0).signer_name.split()[0]
    view.search.setText(signer)
    view.run_search()
    qtbot.waitUntil(lambda: not view.busy)
    expected = newest(services, window, signer)
    target = tmp_path / f"kvittenser.{chosen}"
    chosen_filter = export.CSV_FILTER if chosen == "csv" else export.XLSX_FILTER
    monkeypatch.setattr(
        export.QFileDialog, "getSaveFileName", lambda *_a: (str(target), chosen_filter)
    )
    view.export()
    qtbot.waitUntil(target.exists)
    if chosen == "csv":
        with target.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        assert rows[0] == view.model.column_titles()
        assert [int(r[0]) for r in rows[1:]] == [r.id for r in expected]
        assert all(r[2] == signer or signer in r[2] for r in rows[1:])
    else:
        sheet = load_workbook(target).active
        assert sheet is not None
        values = list(sheet.iter_rows(min_row=2, values_only=True))
        assert [v[0] for v in values] == [r.id for r in expected]  # numbers, not text
        assert isinstance(values[0][1], dt.datetime)  # Signerad: a date and time
