"""The main window as a whole: remembered layout, help, the organisation tabs, and what
happens when the session's authorization ends."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QTableWidget
from pytestqt.qtbot import QtBot

from kawebb_desktop import APP_NAME, __version__
from kawebb_desktop.services.api import Services
from kawebb_desktop.settings import Settings
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.main_window import MainWindow
from tests.ui.conftest import Driver


def test_window_size_is_remembered(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    # The offscreen screen is 800×800, so stay within it (a remembered size too large for
    # the screen is fitted to it: tests/ui/test_layout.py).
    window.setGeometry(10, 10, 700, 611)
    window.close()
    again = MainWindow(services, Settings(data_dir=tmp_path))
    qtbot.addWidget(again)
    again.show()  # the window takes its remembered geometry when it is shown
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (700, 611)


def test_om_ka_webb_says_the_version_where_the_data_is_and_who_signs(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Arkiv", "&Hjälp"]
    archive, help_menu = (a.menu() for a in window.menuBar().actions())
    assert [a.text() for a in archive.actions() if a.text()] == [
        "&Exportera…",
        "&Säkerhetskopiera…",
        "Å&terställ…",
        "&Avsluta",
    ]
    assert [a.text() for a in help_menu.actions()] == ["&Användarstöd", "&Om KA Webb"]
    assert window.help_action.shortcut().toString() == "F1"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"

    window.about_action.trigger()
    box = window.about_box
    assert box is not None and box.isVisible()
    text = box.text()
    assert f"{APP_NAME} {__version__}" in text
    assert f"Datamapp: {tmp_path}" in text
    assert f"Data: {services.description}" in text
    assert f"Signering: {services.signer_name}" in text
    assert "Loggfil:" in text
    # Developer detail is there, not in the status bar's permanent text.
    assert window.statusBar().findChildren(QLabel) == []
    box.accept()


def test_the_status_bar_is_cleared_at_logga_ut(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    driver.login()
    window.show_status("Andrea Sandin ligger nu under Användare att signera.")
    assert window.workspace is not None
    qtbot.mouseClick(window.workspace.logout_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == ""


def test_exportera_in_the_menu_is_there_only_for_a_list(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    window._update_actions()
    assert not window.export_action.isEnabled()  # the login page has no list
    driver.login()
    assert window.export_action.isEnabled()  # Översikt
    assert window.workspace is not None
    window.workspace.show_tab("Organisationen", "Uppgifter")
    window._update_actions()
    assert not window.export_action.isEnabled()


def test_help_shows_the_guide_and_the_role_matrix(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    driver.login()
    assert window.workspace is not None
    qtbot.mouseClick(window.workspace.help_button, Qt.MouseButton.LeftButton)
    dialog = window.help_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.topic == "oversikt"  # the help of the screen shown
    matrix = dialog.findChild(QTableWidget)
    assert matrix is not None
    # The guide's four headings over the ten functions; Funktion and the five roles.
    assert matrix.rowCount() == 14 and matrix.columnCount() == 6
    rows = [matrix.item(r, 0).text() for r in range(matrix.rowCount())]
    headings = [rows[r] for r in range(len(rows)) if matrix.columnSpan(r, 0) == 6]
    assert headings == ["Stödfunktion", "Hantera företagsinformation", "Handlingar", "Uppföljning"]
    assert rows[1] == "Hantera användare" and rows[13] == "Uppföljning begärda ersättningar"
    users_row = [matrix.item(1, c).text() for c in range(1, 6)]
    assert users_row == ["●", "–", "–", "–", "–"]


def test_organisation_details_and_service_offering(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    driver.login()
    workspace = window.workspace
    assert workspace is not None
    details = workspace.details
    qtbot.waitUntil(lambda: details.contacts.rowCount() == 1)
    assert details.fields["Org.nr"].text() == "212000-2809"
    assert details.fields["Namn"].text() == "Dorotea kommun"
    assert details.accounts.data(details.accounts.index(0, 1)) == "762-0255"
    assert details.accounts.data(details.accounts.index(0, 2)) == "Granskad, Godkänd"
    offering = workspace.offering
    qtbot.waitUntil(lambda: offering.model.rowCount() == 2)
    kinds = {u.case_kind.label for r in range(2) for u in offering.model.object_at(r).units}
    assert kinds == {"Huvudärenden", "Ersättningsärenden"}


def test_a_lapsed_authorization_ends_the_session(
    qtbot: QtBot, driver: Driver, window: MainWindow, demo: Store
) -> None:
    driver.login("Viking", "Evertsson")
    assert window.workspace is not None and window.actor is not None
    yesterday = driver.clock.today() - dt.timedelta(days=1)
    with demo.unit_of_work(write=True) as uow:  # his authorization ended yesterday
        user = uow.users.get(window.actor.authorization_id)
        assert user is not None
        uow.users.update(replace(user, start_date=yesterday, end_date=yesterday))
        uow.commit()
    window.workspace.overview.run_search()
    qtbot.waitUntil(lambda: window.workspace is None)
    assert window.stack.currentWidget() is window.login
    box = window.findChild(QMessageBox)
    assert box is not None
    assert "inte längre aktiv" in box.text()


def test_an_expired_session_locks_the_workspace_until_bankid_again(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    """Sessionstid (issue 10): the server's word that the session ended locks the
    workspace as idle time does (tests/ui/test_session_timeout.py unlocks it)."""
    driver.login("Viking", "Evertsson")
    workspace = window.workspace
    assert workspace is not None
    driver.clock.advance(dt.timedelta(hours=1))  # idle longer than a session lives
    workspace.overview.run_search()
    qtbot.waitUntil(lambda: window.locked)
    assert window.workspace is workspace
    assert window.stack.currentWidget() is window.lock_screen
    assert "Logga in igen med BankID" in window.lock_screen.reason.text()
