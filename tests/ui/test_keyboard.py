"""The keyboard (issue 7): every path a person takes without the mouse does what it says.

Keys are sent to the widget that has the focus, as a keyboard would; a shortcut is
delivered through Qt's shortcut map (``QTest.keyClick`` on the focused widget).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kawebb_desktop.ui.dialogs.end_date_dialog import EndDateDialog
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.dialogs.user_dialog import UserDialog
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.users import UsersView
from tests.ui.conftest import Driver

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focus(qtbot: QtBot, widget: QWidget) -> None:
    """Give ``widget`` the keyboard focus in an active window, as a click would."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def press(
    widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    QTest.keyClick(widget, key, modifier)


def first_checkable_row(dialog: EndDateDialog) -> int:
    model = dialog.model
    return next(
        r
        for r in range(model.rowCount())
        if model.flags(model.index(r, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    )


# ---------------------------------------------------------------- Ändra behörighetsperiod
@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space])
def test_enter_or_space_in_the_end_date_table_only_toggles_the_row(
    qtbot: QtBot, driver: Driver, key: Qt.Key
) -> None:
    driver.login()
    view = driver.open_users()
    qtbot.mouseClick(view.end_date_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, EndDateDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    row = first_checkable_row(dialog)
    user_id = dialog.model.object_at(row).user.id
    # The current cell is in another column than the checkbox: the row toggles anyway.
    dialog.table.setCurrentIndex(dialog.model.index(row, 3))
    focus(qtbot, dialog.table)
    confirmed: list[bool] = []
    dialog.confirm_button.clicked.connect(confirmed.append)  # Enter would click it

    press(dialog.table, key)
    assert dialog.model.checked == {user_id}
    assert confirmed == []
    assert dialog.confirm_button.isEnabled()  # not pressed: it waits for the user
    press(dialog.table, key)
    assert dialog.model.checked == set()
    assert confirmed == []
    assert dialog.isVisible()
    dialog.reject()


# ---------------------------------------------------------------- Delete
def test_delete_in_the_search_result_asks_to_remove_the_user(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    view.select_user_row(0)
    name = view.model.object_at(0).user.full_name
    focus(qtbot, view.table)
    press(view.table, Qt.Key.Key_Delete)
    box = view.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.windowTitle() == "Ta bort användare"
    assert name in box.text()
    box.reject()


def test_delete_in_the_pending_list_asks_to_discard_the_change(
    qtbot: QtBot, driver: Driver
) -> None:
    driver.login()
    view = driver.open_users()
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)
    view.pending_table.selectRow(0)
    focus(qtbot, view.pending_table)
    press(view.pending_table, Qt.Key.Key_Delete)
    box = view.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.windowTitle() == "Förkasta ändring"
    box.reject()


# ---------------------------------------------------------------- focus and tab order
def test_after_login_the_focus_is_on_the_search_field_not_logga_ut(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    driver.login()
    workspace = window.workspace
    assert workspace is not None
    qtbot.waitUntil(lambda: window.focusWidget() is workspace.overview.search)
    assert window.focusWidget() is not workspace.logout_button


def test_after_switching_municipality_the_focus_is_on_the_search_field(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    driver.login("Arvid", "Aronsson", "Dorotea kommun")
    workspace = window.workspace
    assert workspace is not None and workspace.organisation_box is not None
    box = workspace.organisation_box
    index = box.findText("Vilhelmina kommun")
    box.setCurrentIndex(index)
    box.activated.emit(index)
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace is not workspace)
    switched = window.workspace
    assert switched is not None
    qtbot.waitUntil(lambda: window.focusWidget() is switched.overview.search)


def tab_chain(start: QWidget, count: int) -> list[QWidget]:
    """The widgets Tab moves through after ``start`` (those that take Tab focus)."""
    chain: list[QWidget] = []
    widget = start
    while len(chain) < count:
        widget = widget.nextInFocusChain()
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisibleTo(start.window())
            and widget.isEnabled()
        ):
            chain.append(widget)
    return chain


def test_tab_goes_through_the_page_numbers_in_their_place(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    pager = view.pager
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.mouseClick(pager.next_button, Qt.MouseButton.LeftButton)  # Föregående enabled
    numbers = [pager.page_button(n) for n in (1, 2, 3)]
    assert all(numbers)
    qtbot.waitUntil(lambda: all(b is not None and b.isVisible() for b in numbers))
    assert tab_chain(pager.previous_button, 4) == [*numbers, pager.next_button]


# ---------------------------------------------------------------- mnemonics, Esc, F1, Ctrl+Q
def test_alt_letters_reach_the_search_field_and_skapa(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    focus(qtbot, view.table)
    press(view.table, Qt.Key.Key_S, ALT)
    assert QApplication.focusWidget() is view.search
    press(view.search, Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: isinstance(view.dialog, UserDialog))
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    qtbot.waitExposed(dialog)
    focus(qtbot, dialog.first_name)
    press(dialog.first_name, Qt.Key.Key_P, ALT)
    assert QApplication.focusWidget() is dialog.personnummer
    dialog.reject()


def open_each_dialog(qtbot: QtBot, view: UsersView) -> list[QDialog]:
    opened: list[QDialog] = []
    view.select_user_row(0)
    for open_button in (view.create_button, view.edit_button, view.end_date_button):
        qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
        dialog = view.dialog
        assert isinstance(dialog, QDialog)
        opened.append(dialog)
        escape_closes(qtbot, dialog)
    qtbot.waitUntil(lambda: view.sign_button.isEnabled())
    qtbot.mouseClick(view.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(view.dialog, SigningDialog))
    assert isinstance(view.dialog, SigningDialog)
    opened.append(view.dialog)
    escape_closes(qtbot, view.dialog)
    return opened


def escape_closes(qtbot: QtBot, dialog: QDialog) -> None:
    """Esc closes the dialog (it has the focus, as it does when it opens)."""
    qtbot.waitExposed(dialog)
    target = dialog.focusWidget() or dialog
    focus(qtbot, target)
    press(target, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_escape_closes_every_dialog(qtbot: QtBot, driver: Driver, window: MainWindow) -> None:
    driver.login()
    view = driver.open_users()
    assert len(open_each_dialog(qtbot, view)) == 4
    window.show_help()
    assert window.help_dialog is not None
    escape_closes(qtbot, window.help_dialog)


def test_f1_opens_the_help_of_the_screen_shown(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    focus(qtbot, window.login.start_button)
    press(window.login.start_button, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_dialog is not None and window.help_dialog.isVisible())
    assert window.help_dialog is not None
    assert window.help_dialog.topic == "inloggning"
    window.help_dialog.reject()
    driver.login()
    view = driver.open_users()
    focus(qtbot, view.search)
    press(view.search, Qt.Key.Key_F1)
    qtbot.waitUntil(window.help_dialog.isVisible)
    assert window.help_dialog.topic == "anvandare"


def test_ctrl_q_quits(qtbot: QtBot, driver: Driver, window: MainWindow) -> None:
    driver.login()
    assert window.workspace is not None
    search = window.workspace.overview.search
    focus(qtbot, search)
    press(search, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible())


# ---------------------------------------------------------------- login lands on Översikt
def test_login_lands_on_oversikt_whatever_the_last_person_looked_at(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    driver.login()
    workspace = window.workspace
    assert workspace is not None
    workspace.show_tab("Organisationen", "Användare")
    qtbot.mouseClick(workspace.logout_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is None)
    driver.login("Viking", "Evertsson")
    workspace = window.workspace
    assert workspace is not None
    assert workspace.tabs.tabText(workspace.tabs.currentIndex()) == "Mitt arbete"
    assert workspace.work_tabs.currentWidget() is workspace.overview
