"""Login through the window: BankID (simulated), the organisation choice, the header."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kawebb_desktop.signing.simulator import BankIdSimulator, Outcome
from kawebb_desktop.ui.main_window import MainWindow
from tests.ui.conftest import Driver


def test_an_admin_of_two_municipalities_chooses_one_and_sees_the_header(
    driver: Driver, window: MainWindow
) -> None:
    driver.login("Arvid", "Aronsson", "Dorotea kommun")
    workspace = window.workspace
    assert workspace is not None
    assert workspace.user_label.text() == "Arvid Aronsson"
    assert workspace.logout_button.text() == "Logga ut"
    assert workspace.help_button.text() == "Hjälp"
    assert [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())] == [
        "Mitt arbete",
        "Organisationen",
    ]
    assert workspace.tab_names() == [
        "Översikt",
        "Begär ersättning",
        "Statusöversikt",
        "Begärda ersättningar",
        "Uppgifter",
        "Tjänsteutbud",
        "Användare",
        "Ändringar att signera",
        "Kvittenser",
    ]
    assert workspace.organisation_box is not None
    assert workspace.organisation_box.currentText() == "Dorotea kommun"
    units = [workspace.unit_box.itemText(i) for i in range(workspace.unit_box.count())]
    assert units == ["Dorotea UBK", "Dorotea UBK ersättning"]
    assert window.windowTitle().endswith("Dorotea kommun")


def test_a_tjansteadministrator_cannot_reach_user_management(
    driver: Driver, window: MainWindow
) -> None:
    driver.login("Viking", "Evertsson")
    workspace = window.workspace
    assert workspace is not None
    assert workspace.users is None
    assert "Användare" not in workspace.tab_names()
    assert workspace.organisation_label is not None
    assert workspace.organisation_label.text() == "Dorotea kommun"


def test_a_person_without_an_active_authorization_is_told_why(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    page = window.login
    driver.start_login("Karina", "Asp")
    driver.approve_login()
    qtbot.waitUntil(lambda: "saknar aktiv behörighet" in page.message.text())
    assert window.workspace is None
    assert page.start_button.text() == "Försök igen"


def test_switching_organisation_rebuilds_the_workspace(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    driver.login("Arvid", "Aronsson", "Dorotea kommun")
    workspace = window.workspace
    assert workspace is not None
    assert workspace.organisation_box is not None
    index = workspace.organisation_box.findText("Vilhelmina kommun")
    workspace.organisation_box.setCurrentIndex(index)
    workspace.organisation_box.activated.emit(index)
    qtbot.waitUntil(
        lambda: window.actor is not None and window.actor.organisation_name == "Vilhelmina kommun"
    )
    assert window.workspace is not None
    units = [
        window.workspace.unit_box.itemText(i) for i in range(window.workspace.unit_box.count())
    ]
    assert "Vilhelmina utbildningskontrakt" in units


def test_logging_out_returns_to_the_login_page(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    driver.login()
    assert window.workspace is not None
    qtbot.mouseClick(window.workspace.logout_button, Qt.MouseButton.LeftButton)
    assert window.workspace is None
    assert window.stack.currentWidget() is window.login
    assert window.login.start_button.isVisible()


def test_cancelled_bankid_login_can_be_retried(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    page = window.login
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow.order is not None)
    assert page.qr.isVisible()
    qtbot.waitUntil(lambda: page.qr.content.startswith("bankid."))
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert page.start_button.isVisible()
    assert not page.qr.isVisible()
    driver.login()
    assert window.workspace is not None


def test_a_user_cancel_in_the_app_is_shown(
    qtbot: QtBot, driver: Driver, window: MainWindow, simulator: BankIdSimulator
) -> None:
    page = window.login
    simulator.script(Outcome.USER_CANCEL)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow.order is not None)
    driver.clock.advance(dt.timedelta(seconds=4))
    qtbot.waitUntil(lambda: page.message.text() == "Åtgärden avbruten.")
