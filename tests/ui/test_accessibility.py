"""Every interactive widget has an accessible name equal to its visible Swedish label."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.widgets.forms import plain
from tests.ui.conftest import Driver

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QTabWidget,
)


def buddies(root: QWidget) -> dict[int, str]:
    return {
        id(label.buddy()): plain(label.text())
        for label in root.findChildren(QLabel)
        if label.buddy() is not None
    }


def problems(root: QWidget) -> list[str]:
    found = []
    labels = buddies(root)
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if widget.parent() is not None and isinstance(
            widget.parent(), QAbstractSpinBox | QComboBox
        ):
            continue  # the line edit inside a spin box or editable combo box
        if type(widget).__name__ in ("QTabBar", "QScrollBar") or widget.objectName().startswith(
            "qt_"
        ):
            continue
        name = widget.accessibleName()
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        parent = type(widget.parent()).__name__ if widget.parent() is not None else "-"
        where = f"{type(widget).__name__} {widget.objectName()!r} {text!r} ({name!r}) in {parent}"
        if not name:
            found.append(f"no accessible name: {where}")
        elif isinstance(widget, QAbstractButton) and widget.text() and name != plain(widget.text()):
            found.append(f"name differs from text {widget.text()!r}: {where}")
        elif id(widget) in labels and name != labels[id(widget)]:
            found.append(f"name differs from label {labels[id(widget)]!r}: {where}")
    return found


def test_login_page(window: MainWindow) -> None:
    assert problems(window) == []


def test_every_screen_after_login(qtbot: QtBot, driver: Driver, window: MainWindow) -> None:
    driver.login()
    workspace = window.workspace
    assert workspace is not None
    for main, sub in [
        ("Mitt arbete", "Översikt"),
        ("Mitt arbete", "Begär ersättning"),
        ("Mitt arbete", "Begärda ersättningar"),
        ("Organisationen", "Uppgifter"),
        ("Organisationen", "Tjänsteutbud"),
        ("Organisationen", "Användare"),
        ("Organisationen", "Ändringar att signera"),
        ("Organisationen", "Kvittenser"),
    ]:
        workspace.show_tab(main, sub)
        assert problems(window) == [], f"{main} > {sub}"


def test_every_dialog(qtbot: QtBot, driver: Driver, window: MainWindow) -> None:
    driver.login()
    view = driver.open_users()
    view.select_user_row(0)
    for open_dialog in (
        view.create_button,
        view.edit_button,
        view.end_date_button,
        view.remove_button,
        view.sign_button,
    ):
        before = view.dialog
        qtbot.mouseClick(open_dialog, Qt.MouseButton.LeftButton)
        # Signera reads the list to sign first: its dialog comes a moment later.
        qtbot.waitUntil(
            lambda before=before: isinstance(view.dialog, QDialog) and view.dialog is not before
        )
        dialog = view.dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        assert problems(dialog) == [], open_dialog.text()
        dialog.close()
    assert window.workspace is not None
    qtbot.mouseClick(window.workspace.help_button, Qt.MouseButton.LeftButton)
    assert window.help_dialog is not None
    assert problems(window.help_dialog) == []
    window.show_about()
    assert window.about_box is not None
    assert problems(window.about_box) == []


def test_the_checker_catches_a_missing_name(window: MainWindow) -> None:
    QPushButton("Namnlös", window.login).show()
    assert any("Namnlös" in p for p in problems(window))
