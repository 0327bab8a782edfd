"""Telling the user what a table is doing: why it is empty, and that an answer is on
its way.

:class:`TableNote` is a sentence inside a table's viewport, where the rows would be:
"Inga användare matchar sökningen" when the answer has no rows, "Söker…" or
"Sparar…" while a request takes longer than :data:`BUSY_DELAY_MS`. While it is busy the
rows shown are marked stale (greyed) and the cursor over the table is busy, so an old
answer is never taken for the new one. A quick answer shows none of it: no flicker.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.columns import ColumnTableModel
from kawebb_desktop.ui.models.paged import PagedTableModel
from kawebb_desktop.ui.style import styled

#: A request that takes longer than this shows that it is working.
BUSY_DELAY_MS = 300
#: Marked for translation, shown with tr().
SEARCHING = QT_TR_NOOP("Söker…")
SAVING = QT_TR_NOOP("Sparar…")
_MARGIN = 12
#: Over rows (while busy) the sentence sits in a box that stands out from them.
_STYLE = (
    'QLabel#tableNote[overRows="true"] { background: #ffffff; border: 1px solid #9aa3ad; '
    "border-radius: 4px; padding: 4px 12px; font-weight: bold; }"
)


class TableNote(QLabel):
    """The sentence inside ``table``: the busy text while busy, else the empty text
    when the table has no rows, else nothing. A paged model's own requests show
    "Söker…" by themselves; :meth:`start_busy` / :meth:`stop_busy` show other work."""

    def __init__(self, table: QAbstractItemView, empty_text: str = "") -> None:
        super().__init__(table.viewport())
        self.setObjectName("tableNote")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(_STYLE)
        self._table = table
        self._empty_text = empty_text
        self._busy_text: str | None = None
        #: The text of the work under way, shown once the delay has passed.
        self._pending_busy: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(BUSY_DELAY_MS)
        self._timer.timeout.connect(self._show_busy)
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.refresh)
        if isinstance(model, PagedTableModel):
            model.loading_changed.connect(
                lambda loading: self.start_busy(tr(SEARCHING)) if loading else self.stop_busy()
            )
        self.refresh()

    # ------------------------------------------------------------------ what it says
    @property
    def empty_text(self) -> str:
        return self._empty_text

    def set_empty_text(self, text: str) -> None:
        """Why the table would be empty now ("" = say nothing)."""
        self._empty_text = text
        self.refresh()

    @property
    def busy(self) -> bool:
        """The busy text is showing (the work has taken longer than the delay)."""
        return self._busy_text is not None

    def start_busy(self, text: str) -> None:
        """Work whose answer will show here has started: say ``text`` if it takes longer
        than the delay."""
        self._pending_busy = text
        if self._busy_text is not None:
            self._busy_text = text
            self.refresh()
        elif not self._timer.isActive():
            self._timer.start()

    def stop_busy(self) -> None:
        self._timer.stop()
        self._pending_busy = None
        if self._busy_text is not None:
            self._busy_text = None
            self._table.viewport().unsetCursor()
            self._set_stale(False)
        self.refresh()

    def _show_busy(self) -> None:
        if self._pending_busy is None:
            return
        self._busy_text = self._pending_busy
        self._table.viewport().setCursor(Qt.CursorShape.BusyCursor)
        self._set_stale(True)
        self.refresh()

    def _set_stale(self, stale: bool) -> None:
        model = self._table.model()
        if isinstance(model, ColumnTableModel):
            model.set_stale(stale)

    # ------------------------------------------------------------------ showing it
    def refresh(self) -> None:
        empty = self._table.model().rowCount() == 0
        text = self._busy_text or (self._empty_text if empty else "")
        self.setText(text)
        over_rows = bool(self._busy_text) and not empty
        if self.property("overRows") != over_rows:
            self.setProperty("overRows", over_rows)
            self.style().unpolish(self)
            self.style().polish(self)
        self._table.setAccessibleDescription(text)
        self._place()
        self.setVisible(bool(text))

    def _place(self) -> None:
        area = self._table.viewport().rect().adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
        # One line when the viewport has room for it, wrapped where it has not.
        bold = QFont(self.font())
        bold.setBold(True)
        line = QFontMetrics(bold).horizontalAdvance(self.text()) + 2 * _MARGIN + 32
        width = max(0, min(area.width(), line))
        height = max(self.heightForWidth(width), self.fontMetrics().height()) + _MARGIN
        height = min(height, max(0, area.height()))
        self.setGeometry(
            area.left() + (area.width() - width) // 2,
            area.top() + (area.height() - height) // 2,
            width,
            height,
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self._place()
        return False


class BusyLabel(QLabel):
    """ "Sparar…" (or any text) under a form once its request has taken longer than
    :data:`BUSY_DELAY_MS`, with a busy cursor over the form; hidden otherwise."""

    def __init__(self, form: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        styled(self, "hint")
        self.setAccessibleName(tr("Förlopp"))
        self.setVisible(False)
        self._form = form
        self._text = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(BUSY_DELAY_MS)
        self._timer.timeout.connect(self._show)

    def start(self, text: str | None = None) -> None:
        """Show ``text`` (in the UI's language; "Sparar…" if none) once the delay is over."""
        self._text = text if text is not None else tr(SAVING)
        if not self._timer.isActive() and not self.isVisible():
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self.isVisibleTo(self._form):
            self._form.unsetCursor()
        self.setVisible(False)

    def _show(self) -> None:
        self.setText(self._text)
        self.setVisible(True)
        self._form.setCursor(Qt.CursorShape.BusyCursor)
