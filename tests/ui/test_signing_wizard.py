"""The signing wizard (QWizard): Granska → Välj → Signera → Kvittens, the device choice
(remembered), cancel and close on every page, and a failure BankID reports."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.orders import OrderState
from kawebb_desktop.services.flows import Device, SignState
from kawebb_desktop.signing.messages import RFA_TEXTS
from kawebb_desktop.signing.simulator import BankIdSimulator
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.views.users import UsersView
from kawebb_desktop.ui.widgets.bankid import DEVICE_SETTING
from tests.ui.conftest import BankIdLinks, Driver, order_state
from tests.ui.conftest import open_signing as press_signera
from tests.ui.test_accessibility import problems

LEFT = Qt.MouseButton.LeftButton


def open_wizard(qtbot: QtBot, driver: Driver) -> tuple[UsersView, SigningDialog]:
    driver.login()
    view = driver.open_users()
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)
    return view, press_signera(qtbot, view)


def to_choose(qtbot: QtBot, dialog: SigningDialog) -> None:
    qtbot.mouseClick(dialog.next_button, LEFT)
    assert dialog.currentId() == dialog.CHOOSE
    assert dialog.flow.state is SignState.CHOOSING


def choose(qtbot: QtBot, dialog: SigningDialog, device: Device) -> None:
    """Click the device's radio button on Välj (on its circle)."""
    radio = dialog.device_buttons[device]
    qtbot.mouseClick(radio, LEFT, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def sign_now(qtbot: QtBot, dialog: SigningDialog) -> str:
    """Signera med BankID on Välj; returns the order's reference once it has started."""
    qtbot.mouseClick(dialog.sign_button, LEFT)
    assert dialog.currentId() == dialog.SIGN
    qtbot.waitUntil(lambda: dialog.flow.state is SignState.WAITING)
    assert dialog.flow.order is not None
    return dialog.flow.order.order_ref


def visible_buttons(dialog: SigningDialog) -> list[str]:
    shown = (
        dialog.back_button,
        dialog.next_button,
        dialog.sign_button,
        dialog.save_button,
        dialog.cancel_button,
        dialog.finish_button,
        dialog.fail_close_button,
    )
    return [b.text().replace("&", "") for b in shown if b.isVisible()]


def test_the_wizard_through_the_qr_code_to_the_receipt(
    qtbot: QtBot, driver: Driver, bankid_links: BankIdLinks
) -> None:
    view, dialog = open_wizard(qtbot, driver)
    # Granska: exactly the change set that will be sent.
    assert dialog.currentId() == dialog.REVIEW
    lines = dialog.summary.toPlainText().splitlines()
    assert len(lines) == 1 and "Andrea Sandin" in lines[0]
    assert dialog.count_label.text() == "1 ändring signeras."
    assert visible_buttons(dialog) == ["Nästa >", "Avbryt"]
    # Granska shows the SHA-256 the order will carry, before any order is started.
    qtbot.waitUntil(lambda: len(dialog.review_digest.text()) == 64)
    reviewed_digest = dialog.review_digest.text()
    assert dialog.review_digest.isVisible() and dialog.flow.order is None
    assert problems(dialog) == []
    to_choose(qtbot, dialog)
    # Välj: Mobilt BankID unless another choice was remembered.
    assert dialog.device_buttons[Device.OTHER].isChecked()
    assert visible_buttons(dialog) == ["< Tillbaka", "Signera med BankID", "Avbryt"]
    assert problems(dialog) == []
    order_ref = sign_now(qtbot, dialog)
    # Signera: the animated QR code and BankID's message for it.
    qtbot.waitUntil(lambda: dialog.qr.content.startswith("bankid."))
    assert dialog.qr.isVisible() and not dialog.same_device_button.isVisible()
    assert dialog.message.text() == RFA_TEXTS["RFA1"]
    assert visible_buttons(dialog) == ["Avbryt"]
    shown_digest = dialog.order_digest.text()
    assert dialog.order_digest.isVisible() and len(shown_digest) == 64
    assert problems(dialog) == []
    assert bankid_links.opened == []
    driver.approve_signing(dialog)
    qtbot.waitUntil(lambda: dialog.currentId() == dialog.RECEIPT, timeout=10_000)
    assert dialog.flow.state is SignState.DONE
    assert dialog.receipt_fields["Antal ändringar"].text() == "1"
    assert len(dialog.digest.text()) == 64
    # Signera showed the SHA-256 of what the order signs: the receipt's.
    assert dialog.digest.text() == shown_digest
    # … and Granska showed that same digest before the order existed.
    assert dialog.digest.text() == reviewed_digest
    assert visible_buttons(dialog) == ["Spara kvittens…", "Stäng"]
    assert problems(dialog) == []
    qtbot.mouseClick(dialog.close_button, LEFT)
    assert not dialog.isVisible()
    assert order_state(driver.store, order_ref) is OrderState.COMPLETE
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 0)


def test_tillbaka_from_valj_returns_to_granska(qtbot: QtBot, driver: Driver) -> None:
    _view, dialog = open_wizard(qtbot, driver)
    to_choose(qtbot, dialog)
    qtbot.mouseClick(dialog.back_button, LEFT)
    assert dialog.currentId() == dialog.REVIEW
    assert dialog.flow.state is SignState.CONFIRM
    dialog.reject()


def test_bankid_on_this_computer_starts_the_app_and_is_remembered(
    qtbot: QtBot, driver: Driver, bankid_links: BankIdLinks
) -> None:
    view, dialog = open_wizard(qtbot, driver)
    to_choose(qtbot, dialog)
    choose(qtbot, dialog, Device.THIS)
    assert QSettings().value(DEVICE_SETTING) == "this"
    order_ref = sign_now(qtbot, dialog)
    order = dialog.flow.order
    assert order is not None
    # The autostart link of BankID's guidelines, opened once when the order started.
    assert bankid_links.opened == [
        f"bankid:///?autostarttoken={order.auto_start_token}&redirect=null"
    ]
    assert dialog.message.text() == RFA_TEXTS["RFA13"]
    assert dialog.same_device_button.isVisible() and not dialog.qr.isVisible()
    assert problems(dialog) == []
    qtbot.mouseClick(dialog.same_device_button, LEFT)  # the app did not come up: again
    assert len(bankid_links.opened) == 2
    driver.approve_signing(dialog)
    qtbot.waitUntil(lambda: dialog.currentId() == dialog.RECEIPT, timeout=10_000)
    assert order_state(driver.store, order_ref) is OrderState.COMPLETE
    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 0)
    # The next wizard offers the same device.
    actor = driver.window.actor
    assert actor is not None
    again = SigningDialog(driver.window.services, actor, "x", ())
    qtbot.addWidget(again)
    assert again.device_buttons[Device.THIS].isChecked()
    assert again.flow.device is Device.THIS
    again.reject()


def test_the_last_choice_is_read_back_from_qsettings(qtbot: QtBot, driver: Driver) -> None:
    QSettings().setValue(DEVICE_SETTING, "this")
    _view, dialog = open_wizard(qtbot, driver)
    assert dialog.flow.device is Device.THIS
    to_choose(qtbot, dialog)
    assert dialog.device_buttons[Device.THIS].isChecked()
    assert not dialog.device_buttons[Device.OTHER].isChecked()
    dialog.reject()


@pytest.mark.parametrize("page", ["granska", "valj"])
@pytest.mark.parametrize("how", ["avbryt", "esc", "window"])
def test_cancel_or_close_before_signing_closes_without_an_order(
    qtbot: QtBot, driver: Driver, page: str, how: str
) -> None:
    view, dialog = open_wizard(qtbot, driver)
    if page == "valj":
        to_choose(qtbot, dialog)
    if how == "avbryt":
        qtbot.mouseClick(dialog.cancel_button, LEFT)
    elif how == "esc":
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    else:
        dialog.close()
    assert not dialog.isVisible()
    assert dialog.flow.order is None
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)


def test_avbryt_on_signera_cancels_the_order_and_offers_to_try_again(
    qtbot: QtBot, driver: Driver, demo: Store
) -> None:
    _view, dialog = open_wizard(qtbot, driver)
    to_choose(qtbot, dialog)
    order_ref = sign_now(qtbot, dialog)
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    qtbot.waitUntil(lambda: order_state(demo, order_ref) is OrderState.FAILED)
    assert dialog.isVisible() and dialog.currentId() == dialog.SIGN
    assert "avbröts" in dialog.message.text()
    assert visible_buttons(dialog) == ["< Tillbaka", "Försök igen", "Stäng"]
    # Tillbaka: choose again (the other device), and sign with a new order.
    qtbot.mouseClick(dialog.back_button, LEFT)
    assert dialog.currentId() == dialog.CHOOSE
    assert dialog.flow.state is SignState.CHOOSING
    choose(qtbot, dialog, Device.THIS)
    second = sign_now(qtbot, dialog)
    assert second != order_ref and not dialog.flow.qr
    assert not dialog.close_button.isVisible()  # while waiting: Avbryt only
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: order_state(demo, second) is OrderState.FAILED)
    assert not dialog.isVisible()


@pytest.mark.parametrize(
    ("device", "hint", "code"),
    [
        (Device.OTHER, "certificateErr", "RFA16"),
        (Device.OTHER, "startFailed", "RFA17B"),
        (Device.THIS, "startFailed", "RFA17A"),
    ],
)
def test_a_failure_bankid_reports_is_shown_and_nothing_is_signed(
    qtbot: QtBot,
    driver: Driver,
    simulator: BankIdSimulator,
    demo: Store,
    device: Device,
    hint: str,
    code: str,
) -> None:
    view, dialog = open_wizard(qtbot, driver)
    to_choose(qtbot, dialog)
    choose(qtbot, dialog, device)
    order_ref = sign_now(qtbot, dialog)
    simulator.fail(order_ref, hint)
    qtbot.waitUntil(lambda: dialog.flow.state is SignState.FAILED, timeout=10_000)
    assert dialog.message.text() == RFA_TEXTS[code]
    assert dialog.message.property("failed") is True
    assert dialog.currentId() == dialog.SIGN
    assert visible_buttons(dialog) == ["< Tillbaka", "Försök igen", "Stäng"]
    assert dialog.flow.receipt is None
    qtbot.mouseClick(dialog.close_button, LEFT)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)


def test_the_keyboard_path_through_the_wizard(qtbot: QtBot, driver: Driver) -> None:
    _view, dialog = open_wizard(qtbot, driver)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Nästa (the default button)
    assert dialog.currentId() == dialog.CHOOSE
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # … den här &datorn
    qtbot.waitUntil(dialog.device_buttons[Device.THIS].isChecked)  # (an animated click)
    qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # &Mobilt BankID
    qtbot.waitUntil(dialog.device_buttons[Device.OTHER].isChecked)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Signera med BankID (the default now)
    qtbot.waitUntil(lambda: dialog.flow.state is SignState.WAITING)
    driver.approve_signing(dialog)
    qtbot.waitUntil(lambda: dialog.currentId() == dialog.RECEIPT, timeout=10_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Stäng
    assert not dialog.isVisible()
