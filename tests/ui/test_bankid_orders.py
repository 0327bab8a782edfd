"""BankID orders in the window: late answers of an earlier order, closing the signing
dialog while its order starts or waits, and the demo's simulated phone.

A :class:`~tests.ui.conftest.Gate` holds one service call on its worker thread until the
test releases it, so "an answer still on its way" is a state the test sets up, not a race
it hopes for.
"""

from __future__ import annotations

import contextlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.errors import NotFound
from kawebb_desktop.domain.orders import OrderState
from kawebb_desktop.services.api import Services, caller_of
from kawebb_desktop.services.flows import LoginState, SignState
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.users import UsersView
from tests.ui.conftest import (
    Driver,
    Gate,
    WindowFactory,
    button_of,
    gated_window,
    order_state,
    press_sign,
    replace_services,
)
from tests.ui.conftest import open_signing as press_signera

LEFT = Qt.MouseButton.LeftButton


def open_signing(qtbot: QtBot, view: UsersView) -> SigningDialog:
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)
    return press_signera(qtbot, view)


def assert_nothing_applied(
    services: Services, window: MainWindow, order_ref: str, pending_before: list[int]
) -> None:
    """The phone's approval came too late: no collect, by anybody, applies it."""
    assert window.actor is not None
    caller = caller_of(window.actor)
    assert services.signing.collect(caller, order_ref).status is CollectStatus.FAILED
    assert [c.id for c in services.users.list_pending(caller)] == pending_before
    assert order_ref not in [r.order_ref for r in services.signing.receipts(caller, 0, 500).items]


def phone_approves_too_late(driver: Driver, order_ref: str) -> None:
    # The simulator forgot the cancelled order: the phone has nothing left to approve.
    with contextlib.suppress(NotFound):
        driver.phone.approve(order_ref, None)


# ---------------------------------------------------------------------- defect a
def test_a_late_answer_of_a_cancelled_login_does_not_fail_the_next_login(
    qtbot: QtBot, make_window: WindowFactory, services: Services, clock: FixedClock, demo: Store
) -> None:
    gate = Gate("collect_login")
    window = gated_window(make_window, services, "auth", gate)
    driver = Driver(qtbot, window, clock, demo)
    page = window.login
    first = driver.start_login()
    qtbot.waitUntil(gate.entered.is_set)  # the first collect is on its way, held
    qtbot.mouseClick(page.cancel_button, LEFT)
    qtbot.waitUntil(lambda: order_state(demo, first) is OrderState.FAILED)
    second = driver.start_login()
    assert second != first
    gate.open()  # the first order's answer arrives now: failed (cancelled)
    qtbot.waitUntil(gate.returned.is_set)
    assert gate.result.status is CollectStatus.FAILED
    driver.approve_login()
    qtbot.waitUntil(lambda: page.choices.isVisible(), timeout=10_000)  # Arvid has two
    assert page.flow.state is LoginState.CHOOSING
    assert page.poller.dropped >= 1


def test_a_late_answer_of_a_cancelled_signing_does_not_fail_the_next_signing(
    qtbot: QtBot, make_window: WindowFactory, services: Services, clock: FixedClock, demo: Store
) -> None:
    gate = Gate("collect")
    window = gated_window(make_window, services, "signing", gate)
    driver = Driver(qtbot, window, clock, demo)
    driver.login()
    dialog = open_signing(qtbot, driver.open_users())
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.flow.state is SignState.WAITING)
    assert dialog.flow.order is not None
    first = dialog.flow.order.order_ref
    qtbot.waitUntil(gate.entered.is_set)
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    qtbot.waitUntil(lambda: order_state(demo, first) is OrderState.FAILED)
    assert dialog.sign_button.text() == "Försök igen"
    press_sign(qtbot, dialog)
    qtbot.waitUntil(
        lambda: (
            dialog.flow.state is SignState.WAITING
            and dialog.flow.order is not None
            and dialog.flow.order.order_ref != first
        )
    )
    gate.open()
    qtbot.waitUntil(gate.returned.is_set)
    assert gate.result.status is CollectStatus.FAILED
    driver.approve_signing(dialog)
    qtbot.waitUntil(lambda: dialog.flow.receipt is not None, timeout=10_000)
    assert dialog.flow.state is SignState.DONE


def test_trying_again_at_once_after_avbryt_signs_with_a_new_order(
    qtbot: QtBot, driver: Driver, window: MainWindow, demo: Store
) -> None:
    # The retry cancels the earlier order itself before starting the new one, so it
    # never races Avbryt's cancel (BankID refuses a second order while one is pending).
    driver.login()
    dialog = open_signing(qtbot, driver.open_users())
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.flow.state is SignState.WAITING)
    assert dialog.flow.order is not None
    first = dialog.flow.order.order_ref
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    press_sign(qtbot, dialog)  # Försök igen, without waiting
    qtbot.waitUntil(
        lambda: (
            dialog.flow.state is SignState.WAITING
            and dialog.flow.order is not None
            and dialog.flow.order.order_ref != first
        )
    )
    driver.approve_signing(dialog)
    qtbot.waitUntil(lambda: dialog.flow.receipt is not None, timeout=10_000)
    assert order_state(demo, first) is OrderState.FAILED


# ---------------------------------------------------------------------- defect b
CLOSE = {
    "window": lambda qtbot, dialog: dialog.close(),
    "esc": lambda qtbot, dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape),
    "avbryt": lambda qtbot, dialog: qtbot.mouseClick(dialog.cancel_button, LEFT),
}


@pytest.mark.parametrize("how", list(CLOSE))
def test_closing_the_signing_dialog_while_pending_cancels_the_order(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services, demo: Store, how: str
) -> None:
    driver.login()
    view = driver.open_users()
    dialog = open_signing(qtbot, view)  # once Andrea Sandin's row has loaded
    pending_before = [c.id for c in view.pending_model.rows()]
    assert len(pending_before) == 1
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.flow.state is SignState.WAITING and dialog.poller.active)
    assert dialog.flow.order is not None
    order_ref = dialog.flow.order.order_ref
    CLOSE[how](qtbot, dialog)
    qtbot.waitUntil(lambda: order_state(demo, order_ref) is OrderState.FAILED)
    assert not dialog.poller.active
    assert not dialog.phone.scheduled
    phone_approves_too_late(driver, order_ref)
    assert_nothing_applied(services, window, order_ref, pending_before)
    assert dialog.flow.receipt is None
    qtbot.waitUntil(lambda: [c.id for c in view.pending_model.rows()] == pending_before)


@pytest.mark.parametrize("how", list(CLOSE))
def test_closing_the_signing_dialog_while_the_order_starts_cancels_it_when_it_arrives(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: Services,
    clock: FixedClock,
    demo: Store,
    how: str,
) -> None:
    gate = Gate("start")
    window = gated_window(make_window, services, "signing", gate)
    driver = Driver(qtbot, window, clock, demo)
    driver.login()
    view = driver.open_users()
    dialog = open_signing(qtbot, view)  # once Andrea Sandin's row has loaded
    pending_before = [c.id for c in view.pending_model.rows()]
    assert len(pending_before) == 1
    press_sign(qtbot, dialog)
    qtbot.waitUntil(gate.entered.is_set)  # BankID is starting the order, held
    assert dialog.starting
    CLOSE[how](qtbot, dialog)
    assert not dialog.isVisible()
    gate.open()  # the order's reference arrives after the dialog closed
    qtbot.waitUntil(gate.returned.is_set)
    order_ref = gate.result.order_ref
    qtbot.waitUntil(lambda: order_state(demo, order_ref) is OrderState.FAILED)
    assert not dialog.poller.active
    assert dialog.flow.state is SignState.CHOOSING  # back where Signera was pressed
    phone_approves_too_late(driver, order_ref)
    assert_nothing_applied(services, window, order_ref, pending_before)


def test_an_approval_applied_just_before_the_close_is_reported_with_its_receipt(
    qtbot: QtBot, make_window: WindowFactory, services: Services, clock: FixedClock, demo: Store
) -> None:
    # The collect that applies the approval wins the race with the close: the answer
    # is on its way back when the dialog closes. The cancel then finds a completed
    # order, and the user is told, with the receipt, instead of never hearing of it.
    gate = Gate("collect", hold_answer_if=lambda p: p.status is CollectStatus.COMPLETE)
    window = gated_window(make_window, services, "signing", gate)
    driver = Driver(qtbot, window, clock, demo)
    driver.login()
    view = driver.open_users()
    dialog = open_signing(qtbot, view)
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.flow.state is SignState.WAITING)
    assert dialog.flow.order is not None
    order_ref = dialog.flow.order.order_ref
    driver.approve_signing(dialog)
    qtbot.waitUntil(gate.entered.is_set)  # applied; the answer is held
    assert order_state(demo, order_ref) is OrderState.COMPLETE
    dialog.close()
    qtbot.waitUntil(lambda: isinstance(view.dialog, QMessageBox), timeout=10_000)
    assert isinstance(view.dialog, QMessageBox)
    receipt = gate.result.receipt
    assert f"Kvittensnummer {receipt.id}" in view.dialog.text()
    gate.open()  # the held answer arrives at a closed dialog: dropped
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 0)
    assert dialog.flow.receipt is None


# ---------------------------------------------------------------------- the demo phone
@pytest.mark.parametrize("approve_seconds", [0.05])
def test_the_demo_phone_approves_login_and_signing_by_itself(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    page = window.login
    driver.choose_person("Märta", "Grahn")  # one municipality: straight in
    qtbot.mouseClick(page.start_button, LEFT)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert window.actor is not None and window.actor.name == "Märta Grahn"
    view = driver.open_users()
    jon = next(
        r for r in range(view.model.rowCount()) if view.model.object_at(r).user.first_name == "Jon"
    )
    view.select_user_row(jon)
    qtbot.mouseClick(view.remove_button, LEFT)
    box = view.dialog
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(button_of(box, "Ta bort"), LEFT)
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)
    dialog = press_signera(qtbot, view)
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.flow.receipt is not None, timeout=10_000)
    assert dialog.receipt_fields["Signerad av"].text().startswith("Märta Grahn")


def test_without_a_demo_phone_there_is_no_test_person(
    qtbot: QtBot, make_window: WindowFactory, services: Services
) -> None:
    window = make_window(replace_services(services, demo_phone=None))
    page = window.login
    assert page.person_box is None
    qtbot.mouseClick(page.start_button, LEFT)
    qtbot.waitUntil(lambda: page.flow.state is LoginState.WAITING)
    assert page.same_device_button.isVisible()  # real BankID: this device or the QR code
    assert not page.phone.scheduled
    qtbot.mouseClick(page.cancel_button, LEFT)
