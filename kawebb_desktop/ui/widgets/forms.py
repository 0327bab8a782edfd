"""Small helpers that keep labels, accessible names and error texts consistent.

Every interactive widget gets an accessible name equal to its visible Swedish label
(screen readers and the tests rely on it); a field's label is its buddy, so Alt+letter
and screen readers reach the field from the label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    # Named in annotations only, or imported where used: these helpers are loaded before
    # the login window's first paint, and PySide6 makes every enum of a class the first
    # time a module names it (QAbstractItemView's eight, QLineEdit's, QTextEdit's…).
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QBoxLayout,
        QDialogButtonBox,
        QFormLayout,
        QLineEdit,
        QMessageBox,
    )

from kawebb_desktop.ui.i18n import tr
from kawebb_desktop.ui.style import set_flag, styled

W = TypeVar("W", bound=QWidget)


def plain(label: str) -> str:
    """A label as read aloud: without mnemonic ``&`` and trailing colon."""
    return label.replace("&", "").rstrip(":").strip()


def named(widget: W, name: str) -> W:
    widget.setAccessibleName(plain(name))
    return widget


def with_clear_button(edit: QLineEdit) -> QLineEdit:
    """``edit`` with Qt's clear button (shown while there is text), named *Rensa*."""
    from PySide6.QtWidgets import QToolButton

    edit.setClearButtonEnabled(True)
    for clear in edit.findChildren(QToolButton):
        named(clear, tr("Rensa"))
    return edit


def name_header(table: QAbstractItemView, header: QWidget) -> None:
    """A table's column header, named after the table, with the style sheet's padded
    bold titles (given to the header only, never the table: :mod:`kawebb_desktop.ui.style`)."""
    styled(header)
    header.setAccessibleName(
        tr("Kolumnrubriker för {list}").format(list=table.accessibleName() or tr("listan"))
    )


def name_message_box(box: QMessageBox) -> QMessageBox:
    """Every button of ``box`` named by its label, also Qt's own *Visa detaljer* (whose
    label changes when pressed), and its details text. Call it after the box has all its
    buttons and its detailed text, before it is shown."""
    from PySide6.QtWidgets import QAbstractButton, QTextEdit

    for button in box.findChildren(QAbstractButton):
        named(button, button.text())
        # Qt relabels its details button (Visa/Dölj detaljer) when it is pressed.
        button.clicked.connect(lambda _c=False, b=button: named(b, b.text()))
    for details in box.findChildren(QTextEdit):
        details.setAccessibleName(tr("Detaljer"))
    return box


def add_heading(layout: QBoxLayout, title: str, hint: str) -> tuple[QLabel, QLabel]:
    """A view's section title and the wrapped hint line under it, added to ``layout``."""
    title_label = QLabel(title)
    styled(title_label, "sectionTitle")
    layout.addWidget(title_label)
    hint_label = QLabel(hint)
    styled(hint_label, "hint")
    hint_label.setWordWrap(True)
    layout.addWidget(hint_label)
    return title_label, hint_label


def button(text: str, *, tooltip: str = "", default: bool = False) -> QPushButton:
    b = QPushButton(text)
    named(b, text)
    if tooltip:
        b.setToolTip(tooltip)
    if default:
        b.setDefault(True)
    return b


def add_save_cancel(buttons: QDialogButtonBox) -> tuple[QPushButton, QPushButton]:
    """*Spara* (Alt+S) and *Avbryt* added to a form's ``buttons``, in Swedish and named
    by their labels; returns them in that order."""
    from PySide6.QtWidgets import QDialogButtonBox

    save = buttons.addButton(QDialogButtonBox.StandardButton.Save)
    cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    save.setText(tr("&Spara"))
    cancel.setText(tr("Avbryt"))
    named(save, tr("Spara"))
    named(cancel, tr("Avbryt"))
    return save, cancel


def accessible_label_of(widget: QAbstractButton) -> str:
    return plain(widget.text())


class FieldError(QLabel):
    """The red sentence under a field that says which rule the input breaks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        styled(self, "fieldError")
        self.setWordWrap(True)
        self.setVisible(False)

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


def add_field(form: QFormLayout, label: str, widget: W, hint: str = "") -> tuple[W, FieldError]:
    """Add ``label: widget`` with an error line below; returns the widget and its error."""
    caption = QLabel(label)
    caption.setBuddy(widget)
    named(widget, label)
    if hint:
        widget.setToolTip(hint)
        widget.setAccessibleDescription(hint)
    column = QWidget()
    box = QVBoxLayout(column)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(widget)
    error = FieldError()
    box.addWidget(error)
    form.addRow(caption, column)
    return widget, error


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Mark a field for the stylesheet's red border (``[invalid="true"]``)."""
    set_flag(widget, "invalid", invalid)


def confirm_box(
    parent: QWidget, title: str, text: str, act: str, keep: str
) -> tuple[QMessageBox, QPushButton]:
    """A question whose yes is destructive (Ta bort, Förkasta): both buttons say what
    they do, neither carries the style's yes/no icon, and the safe one is the default
    (Enter) and the Esc button. Returns the box and its destructive button."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton)
    box.setParent(parent, box.windowFlags())
    act_button = box.addButton(act, QMessageBox.ButtonRole.DestructiveRole)
    keep_button = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    named(act_button, act)
    named(keep_button, keep)
    box.setDefaultButton(keep_button)
    box.setEscapeButton(keep_button)
    return box, act_button
