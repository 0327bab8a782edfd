"""*Mitt arbete > Begär ersättning* (issue 9): the amount as you type, rules at their
fields, a refusal that keeps the form, a request from the form to signed and listed, and
who sees the form (and who may send it)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.entities import ClaimQuery, ClaimStatus
from kawebb_desktop.services.api import Services, caller_of
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.dialogs.user_dialog import to_qdate
from kawebb_desktop.ui.main_window import MainWindow, Workspace
from kawebb_desktop.ui.views.claim_request import MAIN_CASES, ClaimRequestView
from tests.ui.conftest import Driver, press_sign, type_text
from tests.ui.test_accessibility import problems
from tests.ui.test_keyboard import ALT, focus, press

LEFT = Qt.MouseButton.LeftButton
#: The demo's ersättningsärenden (kawebb_desktop/demo_claims.py) at the tests' NOW
#: (2026-06-15): 35171 has May requested (Inskickad); 35175 has nothing requested.
REQUESTED, FREE = 35171, 35175
MAY = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))


def workspace_of(window: MainWindow) -> Workspace:
    assert window.workspace is not None
    return window.workspace


def open_form(qtbot: QtBot, driver: Driver, window: MainWindow, **login: str) -> ClaimRequestView:
    """Log in, choose Dorotea's ersättningsärenden and show Begär ersättning."""
    driver.login(**login)
    workspace = workspace_of(window)
    workspace.unit_box.setCurrentIndex(workspace.unit_box.findText("Dorotea UBK ersättning"))
    workspace.show_tab("Mitt arbete", "Begär ersättning")
    view = workspace.claim_request
    assert view is not None
    qtbot.waitUntil(lambda: view.case_box.count() > 0)
    return view


def fill(
    view: ClaimRequestView,
    case_number: int,
    period: tuple[dt.date, dt.date] = MAY,
    field: str = "Skola",
    extent: str = "50",
) -> None:
    assert view.choose_case(case_number)
    view.start_date.setDate(to_qdate(period[0]))
    view.end_date.setDate(to_qdate(period[1]))
    view.field_box.setCurrentIndex(view.field_box.findText(field))
    view.extent.clear()
    type_text(view.extent, extent)


def test_the_amount_is_computed_as_you_type(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = open_form(qtbot, driver, window)
    assert view.total.text() == ""  # no extent, no field of work yet
    fill(view, FREE, extent="5")
    assert view.total.text() == "Summa: 1 100,00 kr"  # 11 000 × 5/50
    type_text(view.extent, "0")  # 50 %
    assert view.total.text() == "Summa: 11 000,00 kr"
    assert "minst 50 %" in view.head.text()
    QTest.keyClick(view.extent, Qt.Key.Key_Backspace)
    QTest.keyClick(view.extent, Qt.Key.Key_Backspace)
    type_text(view.extent, "37,5")
    assert view.total.text() == "Summa: 8 250,00 kr"
    assert "under 50 %" in view.head.text()
    view.kind_box.setCurrentIndex(view.kind_box.findText("Praktik"))
    assert view.total.text() == "Summa: 2 475,00 kr"  # 3 300 × 37,5/50
    # A part month is paid by its days: 10–31 May and all of June.
    view.start_date.setDate(to_qdate(dt.date(2026, 5, 10)))
    view.end_date.setDate(to_qdate(dt.date(2026, 6, 30)))
    assert view.months.rowCount() == 2
    months = [view.months.row_texts(view.months.object_at(r)) for r in range(2)]
    assert months[0][:2] == ["maj 2026", "22 av 31"]
    assert months[1][:2] == ["juni 2026", "30 av 30"]
    assert view.field_errors() == {}


def test_bad_input_is_said_at_its_field_and_nothing_is_computed(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = open_form(qtbot, driver, window)
    fill(view, FREE, extent="150")
    assert view.field_errors() == {"extent": "Omfattningen kan inte vara mer än 100 %."}
    assert view.total.text() == "" and view.compensation is None
    view.extent.clear()
    type_text(view.extent, "50")
    # The case began on 2025-12-01: a period before it is refused at once, at its field.
    view.start_date.setDate(to_qdate(dt.date(2025, 11, 1)))
    errors = view.field_errors()
    assert errors == {"start_date": "Perioden börjar före ärendets startdatum (2025-12-01)."}
    assert view.total.text() == ""
    view.start_date.setDate(to_qdate(dt.date(2026, 6, 1)))  # after the end (31 May)
    assert view.field_errors()["end_date"].startswith("Slutdatum (2026-05-31) ligger före")


def test_a_refused_period_is_shown_at_the_field_and_the_form_is_kept(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    """May is already requested in 35171: the service refuses the overlap at Skicka."""
    view = open_form(qtbot, driver, window)
    fill(view, REQUESTED, extent="37,5")
    assert view.total.text() == "Summa: 8 250,00 kr"
    qtbot.mouseClick(view.send_button, LEFT)
    qtbot.waitUntil(lambda: "period" in view.field_errors())
    assert "överlappar en period som redan är begärd" in view.field_errors()["period"]
    assert view.dialog is None  # nothing to sign
    chosen = view.chosen_case()
    assert chosen is not None and chosen.case_number == REQUESTED
    assert (view.extent.text(), view.field_box.currentText()) == ("37,5", "Skola")
    assert view.period() == MAY
    assert view.send_button.isEnabled()
    caller = caller_of(window.actor)  # type: ignore[arg-type]
    assert services.claims.pending_claims(caller) == []
    # Another period in the same case clears the refusal and computes again.
    view.start_date.setDate(to_qdate(dt.date(2026, 6, 1)))
    view.end_date.setDate(to_qdate(dt.date(2026, 6, 30)))
    assert "period" not in view.field_errors()
    assert view.total.text() == "Summa: 8 250,00 kr"


def test_a_period_already_requested_is_said_before_skicka(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    """The service checks the form after a pause as it is filled in (preview_claim)."""
    view = open_form(qtbot, driver, window)
    fill(view, REQUESTED)
    qtbot.waitUntil(lambda: "period" in view.field_errors())
    assert "överlappar" in view.field_errors()["period"]
    assert view.total.text() == ""  # what cannot be requested shows no amount
    view.send()
    assert view.dialog is None and view.send_button.isEnabled()
    view.start_date.setDate(to_qdate(dt.date(2026, 6, 1)))
    view.end_date.setDate(to_qdate(dt.date(2026, 6, 30)))
    assert view.field_errors() == {}
    assert view.total.text() == "Summa: 11 000,00 kr"


def test_a_claim_goes_from_the_form_to_signed_and_into_begarda_ersattningar(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    view = open_form(qtbot, driver, window)
    fill(view, FREE)
    qtbot.mouseClick(view.send_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(view.dialog, SigningDialog), timeout=10_000)
    dialog = view.dialog
    assert isinstance(dialog, SigningDialog)
    qtbot.waitExposed(dialog)
    # One signing: the demo's waiting user and the request, one line each.
    lines = dialog.summary.toPlainText().splitlines()
    assert len(lines) == 2 and "Andrea Sandin" in lines[0]
    assert lines[1].startswith("• Ny: begäran om ersättning i ärende 35175, Anställning inom")
    assert lines[1].endswith("2026-05-01 – 2026-05-31, 11 000,00 kr")
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.flow.order is not None)
    driver.approve_signing(dialog)
    qtbot.waitUntil(lambda: dialog.flow.receipt is not None, timeout=10_000)
    receipt = dialog.flow.receipt
    assert receipt is not None
    dialog.close_button.click()
    qtbot.waitUntil(view.result_note.isVisible)
    assert view.result_note.text().endswith(f"Kvittens {receipt.id}.")
    workspace = workspace_of(window)
    claims = workspace.claims
    assert claims is not None
    workspace.show_tab("Mitt arbete", "Begärda ersättningar")
    qtbot.waitUntil(lambda: claims.model.rowCount() > 0)
    first = claims.model.row_texts(claims.model.object_at(0))
    assert first[0] == str(FREE)
    assert first[2:] == [
        "2026-05-01 – 2026-05-31",
        "11 000,00 kr",
        "Inskickad",
        "Anställning",
        "Skola",
        "50 %",
        "2026-06-15",
    ]
    caller = caller_of(window.actor)  # type: ignore[arg-type]
    sent = services.claims.claims(caller, ClaimQuery(status=ClaimStatus.INSKICKAD))
    assert sent.page.items[0].case_number == FREE


def test_a_unit_of_huvudarenden_says_where_to_request(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    driver.login()
    workspace = workspace_of(window)
    workspace.unit_box.setCurrentIndex(workspace.unit_box.findText("Dorotea UBK"))
    workspace.show_tab("Mitt arbete", "Begär ersättning")
    view = workspace.claim_request
    assert view is not None
    assert view.unit_note.isVisible()
    assert view.unit_note.text() == MAIN_CASES.format(unit="Dorotea UBK")
    assert not view.body.isVisible()


@pytest.mark.parametrize(
    ("person", "sees_form", "follow_up"),
    [
        ("Agda Andersson", True, True),  # Läsare
        ("Olof Zetterberg", False, True),  # Registrerare
        ("Malte Håkansson", False, False),  # Lärare
    ],
)
def test_the_tabs_follow_the_role(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    person: str,
    sees_form: bool,
    follow_up: bool,
) -> None:
    first, last = person.split(" ", 1)
    driver.login(first, last)
    workspace = workspace_of(window)
    names = workspace.tab_names()
    assert ("Begär ersättning" in names) == sees_form
    assert ("Begärda ersättningar" in names) == follow_up
    view = workspace.claim_request
    if not sees_form:
        assert view is None
        return
    assert view is not None
    workspace.unit_box.setCurrentIndex(workspace.unit_box.findText("Dorotea UBK ersättning"))
    workspace.show_tab("Mitt arbete", "Begär ersättning")
    assert view.role_note.isVisible()
    assert view.role_note.text().startswith("Din roll (Läsare) kan se beräkningen men inte")
    assert not view.send_button.isVisible()
    qtbot.waitUntil(lambda: view.case_box.count() > 0)
    fill(view, FREE)
    assert view.total.text() == "Summa: 11 000,00 kr"  # the reader may compute
    view.send()
    assert view.dialog is None


def test_every_field_is_named_as_its_label(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = open_form(qtbot, driver, window)
    fill(view, FREE)
    assert problems(window) == []


def test_the_form_is_filled_and_sent_from_the_keyboard(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    """Alt+letters reach the fields; Retur in Omfattning sends (here: the overlap)."""
    view = open_form(qtbot, driver, window)
    focus(qtbot, view.case_search)
    for letter, field in [
        (Qt.Key.Key_R, view.case_box),
        (Qt.Key.Key_F, view.start_date),
        (Qt.Key.Key_V, view.field_box),
        (Qt.Key.Key_O, view.extent),
    ]:
        press(QApplication.focusWidget(), letter, ALT)
        assert QApplication.focusWidget() in (field, field.focusProxy()), letter
    fill(view, REQUESTED)
    focus(qtbot, view.extent)
    press(view.extent, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "period" in view.field_errors())
