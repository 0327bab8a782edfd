"""Windows that fit the screen they are on (from a 1024×768 projector up).

Every top-level window — the main window and each dialog — is sized with
:func:`fit_to_screen`: the size it asks for, at most :data:`SCREEN_SHARE` of the screen's
available area (so the title bar with its buttons and the window's edges stay on the
screen), centred on that screen. A window that needs more than that scrolls (tables
sideways) rather than spilling over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:  # (PySide6 makes a class's enums when a module first names it)
    from PySide6.QtWidgets import QTableView

#: The largest share of the screen's available width and height a window takes by itself.
SCREEN_SHARE = 0.9


def available_area(window: QWidget) -> QRect:
    """The part of ``window``'s screen not taken by task bars and docks."""
    screen: QScreen | None = window.screen()
    if screen is None:  # pragma: no cover - Qt always has a primary screen
        screen = QApplication.primaryScreen()
    return screen.availableGeometry()


def largest_size(window: QWidget) -> QSize:
    """The most a window may take by itself on its screen."""
    area = available_area(window)
    return QSize(int(area.width() * SCREEN_SHARE), int(area.height() * SCREEN_SHARE))


def fit_to_screen(window: QWidget, preferred: QSize | None = None) -> None:
    """Give ``window`` the size it prefers (``preferred``, else its size hint; never less
    than its minimum), but at most :func:`largest_size`, and centre it on its screen.

    Call it once the window's contents are built and before it is shown: a dialog whose
    position is set is not moved over its parent by Qt."""
    wanted = preferred if preferred is not None else window.sizeHint()
    wanted = wanted.expandedTo(window.minimumSizeHint()).expandedTo(window.minimumSize())
    window.resize(wanted.boundedTo(largest_size(window)).boundedTo(window.maximumSize()))
    centre_on_screen(window)


def centre_on_screen(window: QWidget) -> None:
    """Move ``window`` (its frame, where known) to the middle of its screen's available
    area; a window larger than the area keeps its top left corner (and title bar) on it."""
    area = available_area(window)
    frame = window.frameGeometry()
    size = frame.size() if window.isVisible() else window.size()
    x = area.x() + max(0, (area.width() - size.width()) // 2)
    y = area.y() + max(0, (area.height() - size.height()) // 2)
    window.move(QPoint(x, y))


def keep_on_screen(window: QWidget) -> None:
    """A restored (remembered) geometry that does not fit the screen the window is on now
    — a smaller screen than last time — is fitted to it instead."""
    if window.isMaximized() or window.isFullScreen():
        return
    area = available_area(window)
    if not area.contains(window.frameGeometry()):
        fit_to_screen(window, window.size())


def widen_for_table(window: QWidget, table: QTableView) -> None:
    """Widen ``window`` (within :func:`largest_size`) so that every column of ``table``
    shows without scrolling sideways, and centre it again. On a small screen the table
    still scrolls sideways."""
    header = table.horizontalHeader()
    needed = header.length() + 2 * table.frameWidth()
    if table.verticalHeader().isVisible():
        needed += table.verticalHeader().width()
    if table.verticalScrollBar().isVisible():
        needed += table.verticalScrollBar().width()
    extra = needed - table.width()
    if extra <= 0:
        return
    width = min(window.width() + extra, largest_size(window).width())
    if width > window.width():
        window.resize(width, window.height())
        centre_on_screen(window)
