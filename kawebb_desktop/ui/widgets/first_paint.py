"""Work put off until a widget has been painted the first time (issue 12): the main
window is painted before the backend is built, and before what its first paint does not
need (``kawebb_desktop.app.run``, ``MainWindow``). PySide6 only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    """Calls ``then`` once, through the event loop, after the watched widget's first
    paint event (or the time limit, if any, whichever comes first)."""

    def __init__(self, parent: QWidget, then: Callable[[], None], wait_ms: int = -1) -> None:
        super().__init__(parent)
        self._then: Callable[[], None] | None = then
        if wait_ms >= 0:
            QTimer.singleShot(wait_ms, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._call)
        return False

    def _call(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def after_first_paint(widget: QWidget, then: Callable[[], None], wait_ms: int = -1) -> None:
    """Call ``then`` once, through the event loop just after ``widget``'s first paint,
    or after ``wait_ms`` (if not negative) when that comes first."""
    widget.installEventFilter(_FirstPaint(widget, then, wait_ms))
