"""Login through the window: BankID (simulated), the organisation choice, the header."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.orders import OrderState
from kawebb_desktop.services.flows import Device, LoginState
from kawebb_desktop.signing.messages import RFA_TEXTS
from kawebb_desktop.signing.simulator import BankIdSimulator, Outcome
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.login import (
    CHOOSE,
    CHOOSE_MESSAGE,
    IDENTIFY,
    ORGANISATION,
    LoginPage,
)
from kawebb_desktop.ui.widgets.bankid import DEVICE_SETTING
from tests.ui.conftest import BankIdLinks, Driver, order_state, person_number


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


# ---------------------------------------------------------------------- the wizard's steps
LEFT = Qt.MouseButton.LeftButton


def test_login_by_qr_walks_the_steps_to_the_workspace(
    qtbot: QtBot, driver: Driver, window: MainWindow, bankid_links: BankIdLinks
) -> None:
    page = window.login
    assert page.step == CHOOSE
    assert page.device_buttons[Device.OTHER].isChecked()  # nothing remembered yet
    assert page.message.text() == CHOOSE_MESSAGE
    driver.start_login("Arvid", "Aronsson")
    qtbot.waitUntil(lambda: page.qr.isVisible() and page.qr.content.startswith("bankid."))
    assert page.step == IDENTIFY
    assert page.message.text() == RFA_TEXTS["RFA1"]
    assert page.wizard.currentId() == IDENTIFY
    assert page.wizard.currentPage().title() == "2 Legitimera"
    driver.approve_login()
    qtbot.waitUntil(lambda: page.step == ORGANISATION, timeout=10_000)
    assert page.choices.isVisible() and page.cancel_button.isVisible()
    assert bankid_links.opened == []  # the QR code: no app started here
    page.choices.setCurrentRow(0)
    qtbot.mouseClick(page.choose_button, LEFT)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)


def test_the_steps_are_qwizard_pages_and_tillbaka_gives_the_identification_up(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    page = window.login
    wizard = page.wizard
    assert not wizard.isWindow()  # drawn inside the login page
    assert [wizard.page(i).title() for i in wizard.pageIds()] == [
        "1 Välj",
        "2 Legitimera",
        "3 Välj organisation",
    ]
    assert wizard.currentId() == CHOOSE
    assert wizard.button(QWizard.WizardButton.CustomButton1) is page.start_button
    driver.start_login("Arvid", "Aronsson")
    assert wizard.button(QWizard.WizardButton.CancelButton) is page.cancel_button
    driver.approve_login()
    qtbot.waitUntil(lambda: page.step == ORGANISATION, timeout=10_000)
    assert wizard.currentId() == ORGANISATION
    assert page.choose_button is wizard.button(QWizard.WizardButton.NextButton)
    visible = {b.accessibleName() for b in (page.back_button, page.choose_button) if b.isVisible()}
    assert visible == {"< Tillbaka", "Nästa >"}
    assert page.cancel_button.accessibleName() == "Avbryt" and page.cancel_button.isVisible()
    token = page.bankid.token
    assert token is not None
    qtbot.mouseClick(page.back_button, LEFT)
    assert page.step == CHOOSE and wizard.currentId() == CHOOSE
    assert page.start_button.isVisible() and not page.choose_button.isVisible()
    assert page.bankid.token is None  # the identification not entered is logged out
    # Esc (QDialog's reject) never closes the embedded wizard.
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and window.workspace is None
    driver.login()
    assert window.workspace is not None


def test_login_on_this_computer_opens_the_autostart_link_and_is_remembered(
    qtbot: QtBot, driver: Driver, window: MainWindow, bankid_links: BankIdLinks
) -> None:
    page = window.login
    page.device_buttons[Device.THIS].click()
    assert QSettings().value(DEVICE_SETTING) == "this"  # the signing wizard's key
    driver.start_login("Viking", "Evertsson")
    order = page.flow.order
    assert order is not None
    assert bankid_links.opened == [
        f"bankid:///?autostarttoken={order.auto_start_token}&redirect=null"
    ]
    assert page.message.text() == RFA_TEXTS["RFA13"]
    assert not page.qr.isVisible() and page.this_computer.isVisible()
    assert page.same_device_button.text() == "Starta BankID-appen &igen"
    qtbot.mouseClick(page.same_device_button, LEFT)  # the app did not come up: again
    assert len(bankid_links.opened) == 2
    driver.approve_login()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    # Logged out, the login page offers the same device again.
    assert window.workspace is not None
    qtbot.mouseClick(window.workspace.logout_button, LEFT)
    assert window.login.device_buttons[Device.THIS].isChecked()
    assert window.login.flow.device is Device.THIS


def test_the_choice_is_read_back_from_qsettings(qtbot: QtBot, driver: Driver) -> None:
    QSettings().setValue(DEVICE_SETTING, "this")
    fresh = LoginPage(driver.window.services)
    qtbot.addWidget(fresh)
    assert fresh.device_buttons[Device.THIS].isChecked()
    assert fresh.flow.device is Device.THIS


def test_cancel_on_legitimera_cancels_the_order(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    page = window.login
    order_ref = driver.start_login()
    qtbot.mouseClick(page.cancel_button, LEFT)
    assert page.step == CHOOSE and page.start_button.isVisible()
    assert page.message.text() == "Inloggningen avbröts."
    qtbot.waitUntil(lambda: order_state(driver.store, order_ref) is OrderState.FAILED)
    assert window.workspace is None


@pytest.mark.parametrize(
    ("device", "hint", "code"),
    [
        (Device.OTHER, "certificateErr", "RFA16"),
        (Device.OTHER, "startFailed", "RFA17B"),
        (Device.THIS, "startFailed", "RFA17A"),
    ],
)
def test_a_failed_login_is_shown_and_can_be_tried_again(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    simulator: BankIdSimulator,
    device: Device,
    hint: str,
    code: str,
) -> None:
    page = window.login
    page.device_buttons[device].click()
    order_ref = driver.start_login()
    simulator.fail(order_ref, hint)
    qtbot.waitUntil(lambda: page.flow.state is LoginState.FAILED, timeout=10_000)
    assert page.message.text() == RFA_TEXTS[code]
    assert page.message.property("failed") is True
    # Back on Välj: the other device may be chosen, and Försök igen starts a new order.
    assert page.step == CHOOSE and page.start_button.text() == "Försök igen"
    assert window.workspace is None
    driver.login()
    assert window.workspace is not None


def test_the_person_is_the_one_bankid_identified_not_the_one_chosen(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    page = window.login
    order_ref = driver.start_login("Arvid", "Aronsson")
    # Another phone identifies for the order: the completion's person logs in.
    driver.phone.approve(order_ref, person_number(window.services, "Viking", "Evertsson"))
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert window.actor is not None and window.actor.name == "Viking Evertsson"
    assert page.flow.person is not None


def test_the_keyboard_path_through_the_login(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    page = window.login
    driver.choose_person("Arvid", "Aronsson")
    window.activateWindow()
    page.start_button.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # … den här &datorn
    qtbot.waitUntil(page.device_buttons[Device.THIS].isChecked)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # &Mobilt BankID
    qtbot.waitUntil(page.device_buttons[Device.OTHER].isChecked)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # &Logga in med BankID
    qtbot.waitUntil(lambda: page.flow.order is not None)
    driver.approve_login()
    qtbot.waitUntil(lambda: page.step == ORGANISATION, timeout=10_000)
    assert page.choices.hasFocus()
    qtbot.keyClick(page.choices, Qt.Key.Key_Down)
    qtbot.keyClick(page.choices, Qt.Key.Key_Return)  # the organisation chosen
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert window.actor is not None and window.actor.organisation_name == "Vilhelmina kommun"
