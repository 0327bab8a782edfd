"""The style sheet is given to the widgets it styles, never to the application or a
window: every list then paints with Fusion alone (``kawebb_desktop.ui.style``)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.style import restyle, set_flag, set_read_only, styled
from kawebb_desktop.ui.widgets.forms import set_invalid
from tests.ui.conftest import Driver


def style_name(widget: QWidget) -> str:
    return widget.style().metaObject().className()


def sheet_styled(widget: QWidget) -> bool:
    """Whether Qt matches style sheet rules for ``widget`` (``QStyleSheetStyle``)."""
    return style_name(widget) == "QStyleSheetStyle"


def test_no_list_of_the_workspace_is_styled_by_a_sheet(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    assert QApplication.instance().styleSheet() == ""  # type: ignore[union-attr]
    driver.login()
    workspace = window.workspace
    assert workspace is not None
    workspace.show_tab("Organisationen", "Användare")
    tables = window.findChildren(QTableView)
    assert len(tables) >= 5
    for table in tables:
        assert not sheet_styled(table), table.accessibleName()
        assert not sheet_styled(table.viewport()), table.accessibleName()
    # What the sheet styles does carry it: the titles, the hints, the tab bars.
    hints = [label for label in window.findChildren(QLabel) if label.objectName() == "hint"]
    assert hints and all(sheet_styled(label) for label in hints)
    assert sheet_styled(workspace.tabs.tabBar())
    assert not sheet_styled(workspace.tabs)  # it holds the lists


def test_a_styled_label_looks_as_the_sheet_says(qtbot: QtBot) -> None:
    hint = styled(QLabel("Tips"), "hint")
    plain = QLabel("Text")
    for label in (hint, plain):
        qtbot.addWidget(label)
        label.show()
    qtbot.waitExposed(hint)
    assert hint.palette().color(QPalette.ColorRole.WindowText) == QColor("#555555")
    assert plain.palette().color(QPalette.ColorRole.WindowText) != QColor("#555555")
    with pytest.raises(ValueError, match="no rules"):
        styled(QLabel(), "noSuchName")


def test_flags_and_read_only_fields_are_restyled(qtbot: QtBot) -> None:
    field = QLineEdit("x")
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    base = field.palette().color(QPalette.ColorRole.Base)
    set_read_only(field)
    assert field.isReadOnly()
    assert field.palette().color(QPalette.ColorRole.Base) == QColor("#eef1f5")
    set_read_only(field, False)
    assert field.palette().color(QPalette.ColorRole.Base) == base
    set_invalid(field, True)
    assert field.property("invalid") is True and sheet_styled(field)
    set_invalid(field, False)
    assert field.property("invalid") is False
    label = QLabel("Fel")
    qtbot.addWidget(label)
    label.show()
    set_flag(label, "failed", True)
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor("#b00020")
    set_flag(label, "failed", False)
    assert label.palette().color(QPalette.ColorRole.WindowText) != QColor("#b00020")
    label.setObjectName("fieldError")
    restyle(label)
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor("#b00020")
