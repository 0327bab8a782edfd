"""A case opens from *Översikt* (issue 9): double-click or Enter on a row shows the case,
its person, its history as a timeline (newest first, the last week in bold) and the
documents of its kind; Esc closes it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.entities import Case, CaseEvent
from kawebb_desktop.domain.errors import NotFound
from kawebb_desktop.domain.queries import CaseSearchField
from kawebb_desktop.ui.dialogs.case_dialog import DOCUMENTS_HINT, CaseDialog
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.overview import OverviewView
from kawebb_desktop.ui.widgets.forms import plain
from tests.ui.conftest import NOW, Driver, type_text

MAIN_DOCUMENTS = [
    "Gemensam planering",
    "Periodisk rapport",
    "Förändringsrapport",
    "Informativ rapport",
    "Slutredovisning",
]
COMPENSATION_DOCUMENTS = [
    "Gemensam planering",
    "Periodisk rapport",
    "Begär ersättning",
    "Informativ rapport",
]


def overview(driver: Driver, window: MainWindow, person: str = "Arvid Aronsson") -> OverviewView:
    driver.login(*person.split(" ", 1))
    assert window.workspace is not None
    view = window.workspace.overview
    driver.qtbot.waitUntil(lambda: view.model.page is not None and view.model.rowCount() > 0)
    return view


def find_case(qtbot: QtBot, view: OverviewView, number: int) -> int:
    """Search for case ``number``; its row (the only one)."""
    view.field_buttons[CaseSearchField.ARENDE].setChecked(True)
    view.search.clear()
    type_text(view.search, str(number))
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.model.rowCount() == 1
    return 0


def opened(qtbot: QtBot, view: OverviewView) -> CaseDialog:
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    assert view.dialog is not None
    qtbot.waitExposed(view.dialog)
    return view.dialog


def double_click(qtbot: QtBot, view: OverviewView, row: int) -> None:
    rect = view.table.visualRect(view.model.index(row, 2))
    # A real double-click starts with a press (the view opens the row pressed on).
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_double_click_opens_the_case_with_its_timeline(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = overview(driver, window)
    row = find_case(qtbot, view, 35167)
    double_click(qtbot, view, row)
    dialog = opened(qtbot, view)
    assert dialog.windowTitle() == "Ärende 35167"
    fields = {name: label.text() for name, label in dialog.fields.items()}
    case = view.model.object_at(row)
    assert fields["Namn"] == "Gunhild Karlen"
    assert fields["Personnummer"] == case.personnummer.formatted
    assert fields["Personnummer"].startswith("20000229-")
    assert fields["Födelsedatum"] == "2000-02-29"
    assert fields["Ärendenummer"] == "35167"
    assert fields["Status"] == "Överenskommelse"
    assert fields["Startdatum"] == case.start_date.isoformat()
    assert fields["Slutdatum"] == case.end_date.isoformat()  # type: ignore[union-attr]
    assert fields["Utförande verksamhet"] == window.workspace.unit_box.currentText()  # type: ignore[union-attr]
    # The timeline: newest first, the last week in bold (as Översikt's rows).
    today = NOW.date()
    lines = dialog.event_texts()
    assert [line.split("   ", 1)[1] for line in lines] == [
        "Ärende uppdaterat",
        "Periodisk rapport inskickad",
        "Handling godkänd",
        "Gemensam planering inskickad",
        "Påbörjad",
    ]
    days = [dt.date.fromisoformat(line.split("   ", 1)[0]) for line in lines]
    assert days == sorted(days, reverse=True)
    assert days[0] == today - dt.timedelta(days=4)
    assert dialog.bold_rows() == [0]  # 4 days ago; the next is 12 days ago
    # Its documents by type (read on the worker), to open or write anew.
    qtbot.waitUntil(lambda: not dialog.busy and dialog.model.rowCount() > 0)
    documents = [label for label, _status in dialog.entry_texts()]
    assert sorted(set(documents), key=documents.index) == MAIN_DOCUMENTS
    assert dialog.documents.selectionMode() is QAbstractItemView.SelectionMode.SingleSelection
    assert dialog.documents_note.text() == DOCUMENTS_HINT
    buttons = [plain(b.text()) for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    assert buttons == ["Öppna", "Ny handling", "Stäng"]


def test_enter_opens_the_case_and_esc_closes_it(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = overview(driver, window)
    row = find_case(qtbot, view, 35181)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(row, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = opened(qtbot, view)
    assert dialog.windowTitle() == "Ärende 35181"
    assert [line.split("   ", 1)[1] for line in dialog.event_texts()] == ["Påbörjad"]
    assert dialog.bold_rows() == [0]
    assert dialog.focusWidget() is dialog.timeline
    assert dialog.timeline.currentRow() == 0 and not dialog.timeline.selectedItems()
    qtbot.keyClick(dialog.timeline, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_compensation_case_lists_its_documents(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = overview(driver, window)
    workspace = window.workspace
    assert workspace is not None
    with qtbot.waitSignal(view.model.page_loaded):
        workspace.unit_box.setCurrentIndex(1)  # Dorotea UBK ersättning
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    case: Case = view.model.object_at(0)
    double_click(qtbot, view, 0)
    dialog = opened(qtbot, view)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.model.rowCount() > 0)
    documents = [label for label, _status in dialog.entry_texts()]
    assert sorted(set(documents), key=documents.index) == COMPENSATION_DOCUMENTS
    assert dialog.fields["Ärendetyp"].text() == "Ersättningsärende"
    # A case made in bulk has only its latest event as its history.
    assert dialog.event_texts() == [f"{case.last_event_on.isoformat()}   {case.last_event}"]


@pytest.mark.parametrize("person", ["Agda Andersson", "Tove Lindqvist"])
def test_readers_and_teachers_open_cases(
    qtbot: QtBot, driver: Driver, window: MainWindow, person: str
) -> None:
    view = overview(driver, window, person)
    double_click(qtbot, view, 0)
    dialog = opened(qtbot, view)
    assert dialog.fields["Ärendenummer"].text() == str(view.model.object_at(0).case_number)


def test_every_widget_of_the_dialog_is_named_as_its_label(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = overview(driver, window)
    double_click(qtbot, view, 0)
    dialog = opened(qtbot, view)
    assert dialog.timeline.accessibleName() == "Händelser"
    assert dialog.documents.accessibleName() == "Handlingar"
    assert dialog.close_button.accessibleName() == "Stäng"
    for caption, label in dialog.fields.items():
        assert label.accessibleName() == caption
    interactive = [*dialog.findChildren(QAbstractButton), *dialog.findChildren(QAbstractItemView)]
    for widget in interactive:
        if widget.isVisible():  # a table's corner button is hidden with its row headers
            assert widget.accessibleName(), widget


def test_a_case_that_cannot_be_read_says_so(
    qtbot: QtBot, driver: Driver, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = overview(driver, window)

    def refuse(_caller: object, _case_id: int) -> object:
        raise NotFound("Ärendet finns inte i organisationen.")

    shown: list[tuple[BaseException, str]] = []
    monkeypatch.setattr(view._services.cases, "get_case", refuse)
    monkeypatch.setattr(view, "report", lambda exc, failed: shown.append((exc, failed)))
    double_click(qtbot, view, 0)
    qtbot.waitUntil(lambda: bool(shown))
    assert isinstance(shown[0][0], NotFound) and shown[0][1] == "Ärendet kunde inte öppnas."
    assert view.dialog is None


def test_the_dialog_alone_shows_no_end_date(qtbot: QtBot) -> None:
    """A case without an end date says so (no empty field)."""
    from kawebb_desktop.domain.entities import CaseKind, CaseStatus
    from kawebb_desktop.domain.values import Personnummer
    from kawebb_desktop.services.api import CaseDetail

    case = Case(
        7, 1, 2, 40001, "Åsa", "Öberg", Personnummer("199001011239"),
        CaseStatus.PABORJAD, dt.date(2026, 11, 1), None, "Påbörjad", dt.date(2026, 11, 1),
    )  # fmt: skip
    detail = CaseDetail(
        case, "Enheten", CaseKind.HUVUDARENDE, (CaseEvent(1, 7, dt.date(2026, 11, 1), "Påbörjad"),)
    )
    dialog = CaseDialog(detail, dt.date(2026, 11, 20))
    qtbot.addWidget(dialog)
    assert dialog.fields["Slutdatum"].text() == "Inget slutdatum"
    assert dialog.bold_rows() == []
