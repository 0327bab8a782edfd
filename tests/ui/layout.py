"""What the layout test checks on a window that is shown: nothing of it lies off its screen,
and no widget, table header or text in it is clipped.

:func:`layout_problems` returns one line per defect, naming the widget by its text or
accessible name, so a failing test says what to fix.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollBar,
    QSizeGrip,
    QStatusBar,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QTabBar,
    QTableView,
    QToolButton,
    QWidget,
)

#: A date field may be this much wider than its date and its arrow (it should be a date's
#: width, not a dialog's).
DATE_FIELD_SLACK = 1.5


def describe(widget: QWidget) -> str:
    """A widget as a person would point at it: its kind and its text or name."""
    text = ""
    if isinstance(widget, QAbstractButton | QLabel):
        text = widget.text().replace("&", "")
    elif isinstance(widget, QGroupBox):
        text = widget.title()
    text = text or widget.accessibleName() or widget.objectName()
    if len(text) > 50:
        text = text[:47] + "…"
    return f"{type(widget).__name__} ”{text}”" if text else type(widget).__name__


def _rect(rect: QRect) -> str:
    return f"{rect.width()}×{rect.height()} at ({rect.x()}, {rect.y()})"


def layout_problems(window: QWidget, screen: QScreen, *, sideways: bool = True) -> list[str]:
    """Everything that is off ``screen`` or clipped in the shown top-level ``window``.
    ``sideways``: a table may scroll sideways to show its last columns (else each column
    lies inside the table's view)."""
    problems: list[str] = []
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    if not available.contains(frame):
        problems.append(
            f"{describe(window)}: the window ({_rect(frame)}) is not inside the screen's "
            f"available area ({_rect(available)})"
        )
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisible() or _scrolled(widget):
            continue
        problems += _placement(widget, window)
        problems += _clipped_text(widget)
        if not sideways and isinstance(widget, QTableView):
            problems += _scrolled_out(widget)
        if isinstance(widget, QStatusBar):
            problems += _status_message(widget)
    return problems


def _scrolled(widget: QWidget) -> bool:
    """Inside a scroll area's viewport (it may scroll), or one of a scroll area's own
    scroll bars (they come and go as they must)."""
    if isinstance(widget, QScrollBar):
        return True
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


#: The widgets whose place and text are checked (containers are checked through them).
CHECKED = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractScrollArea,
    QTabBar,
    QLabel,
    QGroupBox,
)


def _placement(widget: QWidget, window: QWidget) -> list[str]:
    """``widget`` lies inside each of its ancestors up to the window (what sticks out of
    an ancestor is cut off), and is not squeezed below the height it needs."""
    if not isinstance(widget, CHECKED) or _inner(widget):
        return []
    rect = widget.rect()
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        rect = QRect(child.mapTo(parent, rect.topLeft()), rect.size())
        if not parent.rect().contains(rect):
            where = "window" if parent is window else describe(parent)
            return [
                f"{describe(widget)} sticks out of its {where}: {_rect(rect)} in "
                f"{parent.width()}×{parent.height()}"
            ]
        if parent is window:
            break
        child, parent = parent, parent.parentWidget()
    needed = widget.minimumSizeHint().height()
    if not isinstance(widget, QAbstractScrollArea | QLabel) and widget.height() < needed:
        return [f"{describe(widget)} is squeezed to {widget.height()} px high (needs {needed})"]
    return []


def _inner(widget: QWidget) -> bool:
    """A part of another widget that it places itself: the scroll buttons of a tab bar,
    the clear button of a line edit, the line edit of a spin box or combo box."""
    parent = widget.parentWidget()
    button = isinstance(widget, QToolButton) and isinstance(parent, QTabBar | QLineEdit)
    field = isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox)
    return button or field


def _clipped_text(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return _label(widget)
    if isinstance(widget, QPushButton):
        return _push_button(widget)
    if isinstance(widget, QCheckBox | QRadioButton):
        return _at_least_hint(widget)
    if isinstance(widget, QComboBox):
        return _combo_box(widget)
    if isinstance(widget, QLineEdit):
        return _line_edit(widget)
    if isinstance(widget, QDateEdit):
        return _date_edit(widget)
    if isinstance(widget, QTabBar):
        return _tab_bar(widget)
    if isinstance(widget, QGroupBox):
        return _group_box(widget)
    if isinstance(widget, QTableView):
        return _table(widget)
    return []


def _label(label: QLabel) -> list[str]:
    if not label.text() or not label.pixmap().isNull():
        return []
    if label.wordWrap():
        needed_width = label.minimumSizeHint().width()
        needed_height = label.heightForWidth(label.width())
    else:
        hint = label.sizeHint()
        needed_width, needed_height = hint.width(), hint.height()
    if label.width() < needed_width or label.height() < needed_height:
        return [
            f"{describe(label)} is clipped: {label.width()}×{label.height()} px for text "
            f"that needs {needed_width}×{needed_height}"
        ]
    return []


def _push_button(button: QPushButton) -> list[str]:
    """The text (and icon) fits: the style's minimum width of a button (80 px in Fusion)
    does not count, so a narrow page-number button is fine."""
    text = button.text().replace("&", "")
    if not text:
        return []
    margin = button.style().pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button)
    icon = button.iconSize().width() + 4 if not button.icon().isNull() else 0
    needed = button.fontMetrics().horizontalAdvance(text) + 2 * margin + icon
    if button.width() < min(needed, button.sizeHint().width()):
        return [f"{describe(button)} is clipped: {button.width()} px for {needed} px of text"]
    return []


def _at_least_hint(widget: QWidget) -> list[str]:
    hint = widget.sizeHint()
    if widget.width() < hint.width() or widget.height() < hint.height():
        return [
            f"{describe(widget)} is clipped: {widget.width()}×{widget.height()} px, needs "
            f"{hint.width()}×{hint.height()}"
        ]
    return []


def _combo_box(box: QComboBox) -> list[str]:
    text = box.currentText()
    if not text:
        return []
    option = QStyleOptionComboBox()
    option.initFrom(box)
    option.editable = box.isEditable()
    field = box.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox,
        option,
        QStyle.SubControl.SC_ComboBoxEditField,
        box,
    )
    needed = box.fontMetrics().horizontalAdvance(text)
    if field.width() < needed:
        return [f"{describe(box)} shows ”{text}” elided: {field.width()} px for {needed}"]
    return []


def _line_edit(edit: QLineEdit) -> list[str]:
    """A placeholder is read whole; so is the text of a read-only field (it is there to
    be read, not typed). What a person types may scroll."""
    if _inner(edit):
        return []
    shown = edit.text() if edit.isReadOnly() else ""
    text = shown if edit.text() else edit.placeholderText()
    if not text:
        return []
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    contents = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    room = contents.width() - margins.left() - margins.right() - 4  # Qt's 2 px each side
    needed = edit.fontMetrics().horizontalAdvance(text)
    if room < needed:
        what = "text" if edit.text() else "placeholder"
        return [f"{describe(edit)}: its {what} ”{text}” is cut: {room} px for {needed}"]
    return []


def _date_edit(edit: QDateEdit) -> list[str]:
    hint = edit.sizeHint().width()
    if edit.width() < hint:
        return [f"{describe(edit)} is clipped: {edit.width()} px, needs {hint}"]
    if edit.width() > hint * DATE_FIELD_SLACK:
        return [f"{describe(edit)} is {edit.width()} px wide, not a date's width ({hint} px)"]
    return []


def _tab_bar(bar: QTabBar) -> list[str]:
    problems = []
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        rect, hint = bar.tabRect(i), bar.tabSizeHint(i)
        if not bar.rect().contains(rect) or rect.width() < hint.width():
            problems.append(f"the tab ”{bar.tabText(i)}” of {describe(bar)} does not fit")
    return problems


def _group_box(box: QGroupBox) -> list[str]:
    needed = box.fontMetrics().horizontalAdvance(box.title()) + 16
    if box.title() and box.width() < needed:
        return [f"{describe(box)}: its title is cut ({box.width()} px for {needed})"]
    return []


def _table(table: QTableView) -> list[str]:
    """Each shown column's header text, and the texts of its rows, fit the column; a
    wide table may scroll sideways."""
    problems: list[str] = []
    model = table.model()
    if model is None:
        return problems
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        if table.isColumnHidden(column):
            continue
        width = header.sectionSize(column)
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if header.isVisible() and title and width < header.sectionSizeHint(column):
            problems.append(
                f"the column ”{title}” of {describe(table)} is {width} px, its heading "
                f"needs {header.sectionSizeHint(column)}"
            )
            continue
        for row in range(model.rowCount()):
            index = model.index(row, column)
            needed = table.sizeHintForIndex(index).width()
            if width < needed:
                text = model.data(index)
                problems.append(
                    f"”{text}” in the column ”{title}” of {describe(table)} is cut: "
                    f"{width} px for {needed}"
                )
                break
    vertical = table.verticalHeader()
    if vertical.isVisible():
        problems += _vertical_header(table, vertical)
    return problems


def _status_message(bar: QStatusBar) -> list[str]:
    """A message in the status bar is drawn left of its permanent widgets (as Qt does):
    it must fit there."""
    message = bar.currentMessage()
    if not message:
        return []
    right = bar.width() - 12
    for child in bar.findChildren(QWidget):
        if child.parentWidget() is bar and child.isVisible():
            right = min(right, child.x() if isinstance(child, QSizeGrip) else child.x() - 2)
    room = right - 6
    needed = bar.fontMetrics().horizontalAdvance(message)
    if room < needed:
        return [f"the status bar's message ”{message}” is cut: {room} px for {needed}"]
    return []


def _scrolled_out(table: QTableView) -> list[str]:
    """The columns that lie (partly) beyond the right edge of the table's view."""
    header = table.horizontalHeader()
    model = table.model()
    if model is None or not header.isVisible():
        return []
    edge = header.viewport().width()
    cut = [
        str(model.headerData(column, Qt.Orientation.Horizontal) or column)
        for column in range(model.columnCount())
        if not table.isColumnHidden(column)
        and header.sectionViewportPosition(column) + header.sectionSize(column) > edge
    ]
    if cut:
        return [f"{describe(table)} must scroll sideways to show the columns {', '.join(cut)}"]
    return []


def _vertical_header(table: QTableView, header: QHeaderView) -> list[str]:
    needed = header.sizeHint().width()
    if header.width() < needed:
        return [f"the row headings of {describe(table)} are cut: {header.width()} px for {needed}"]
    return []
