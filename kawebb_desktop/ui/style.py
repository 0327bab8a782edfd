"""The app's look (``resources/style.qss``), given to the widgets it styles, never to the
application.

A style sheet on the application (or on a window) puts every widget under it behind
Qt's ``QStyleSheetStyle``, which matches its rules on each thing it draws: a page of the
case list painted in 3.6 ms instead of 2.7 with a sheet whose rules named no table at
all (benchmarks/README.md). So the sheet is set on the few widgets it names (titles,
hints, link buttons, the login card, invalid or read-only fields, tab bars, table
headers) with :func:`styled`, and the tables, their views and everything else paint
with the plain Fusion style.

A widget given the sheet styles its descendants by it too: give it to leaves and small
frames, never to a window, a page or a tab widget that holds a table.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

from kawebb_desktop.ui.i18n import RESOURCES

W = TypeVar("W", bound=QWidget)

#: Object names the sheet has rules for (``QLabel#hint`` …).
NAMES = frozenset(
    {
        "brand",
        "pageTitle",
        "dialogTitle",
        "sectionTitle",
        "hint",
        "separator",
        "userName",
        "organisationName",
        "fieldError",
        "linkButton",
        "card",
        "mainTabs",
        "notice",
        "totalRow",
        "idleWarning",
    }
)

_sheet: str | None = None


def sheet() -> str:
    """The style sheet's text (read once; empty if the file is missing)."""
    global _sheet
    if _sheet is None:
        path = RESOURCES / "style.qss"
        _sheet = path.read_text(encoding="utf-8") if path.is_file() else ""
    return _sheet


def styled(widget: W, name: str | None = None) -> W:
    """Give ``widget`` the style sheet, named ``name`` (one of :data:`NAMES`) if given."""
    if name is not None:
        if name not in NAMES:
            raise ValueError(f"the style sheet has no rules for #{name}")
        widget.setObjectName(name)
    text = sheet()
    if widget.styleSheet() != text:
        widget.setStyleSheet(text)
    return widget


def restyle(widget: QWidget) -> None:
    """Match the sheet's rules again after a property or name they test has changed
    (``[invalid="true"]``, ``[readOnly="true"]``, ``#hint`` to ``#fieldError``)."""
    styled(widget)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set the property ``name`` the sheet tests (``failed``, ``invalid``) and restyle."""
    if widget.property(name) != value or not widget.styleSheet():
        widget.setProperty(name, value)
        restyle(widget)


def set_read_only(widget: QWidget, read_only: bool = True) -> None:
    """Make a field read-only (or not) and look it (``[readOnly="true"]``): a
    ``QLineEdit``, ``QPlainTextEdit``, ``QDateEdit`` or ``QDoubleSpinBox``."""
    widget.setReadOnly(read_only)  # type: ignore[attr-defined]
    restyle(widget)
