"""A table model over rows described by a list of :class:`Column` (text, sort key).

The base of both the paged store lists and the short lists held whole. Rows are immutable
domain objects; the model answers only the roles a view asks for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kawebb_desktop.ui.i18n import tr

T = TypeVar("T")

#: The domain object behind a row.
ObjectRole = Qt.ItemDataRole.UserRole + 1
#: A value that compares in the column's natural order (dates as dates, not text).
SortRole = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex
#: The text colour of rows that are no longer the answer (a new request is on its way).
STALE_TEXT = QBrush(QColor("#9aa3ad"))
# The view's delegate asks for seven roles of every cell it paints (display, decoration,
# font, alignment, background, foreground, check state: 1 456 calls for the 208 cells of
# a 1280x800 view), and the columns' fitting once more per cell. ``data`` looks the role up
# once in this table of plain ints: a role no column answers (decoration, background,
# check state) is let go before the index is asked anything, and each row's texts are
# made once (see ``_text``).
_TEXT, _FONT, _ALIGNMENT, _FOREGROUND, _OBJECT, _SORT = range(6)
_ROLES: dict[int, int] = {
    int(Qt.ItemDataRole.DisplayRole): _TEXT,
    int(Qt.ItemDataRole.ToolTipRole): _TEXT,
    int(Qt.ItemDataRole.AccessibleTextRole): _TEXT,
    int(Qt.ItemDataRole.FontRole): _FONT,
    int(Qt.ItemDataRole.TextAlignmentRole): _ALIGNMENT,
    int(Qt.ItemDataRole.ForegroundRole): _FOREGROUND,
    int(ObjectRole): _OBJECT,
    int(SortRole): _SORT,
}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column(Generic[T]):
    #: Swedish, marked with QT_TR_NOOP where the column is defined; shown with tr().
    title: str
    text: Callable[[T], str]
    #: The store's sort key (a UserSort/CaseSort member); ``None`` = not sortable.
    sort: Enum | None = None
    sort_value: Callable[[T], Any] | None = None
    align_right: bool = False


class ColumnTableModel(QAbstractTableModel, Generic[T]):
    """Texts of :class:`Column` s, in rows. Every cell is enabled and selectable:
    ``flags`` is Qt's own (``QAbstractTableModel``'s, which adds "never has children"),
    answered in C++ without a call into Python for each cell the view paints (it asks
    once per cell); a subclass that overrides it starts from that."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._held: Sequence[T] = ()
        #: Each row's column texts, made when the row is first shown; forgotten whenever
        #: the rows are replaced (rows are immutable, so their texts never change).
        self._texts: dict[int, tuple[str, ...]] = {}
        #: Rows shown in bold (a subclass decides, once per list it shows).
        self._bold_rows: tuple[bool, ...] = ()
        self._bold_font = QFont()
        self._bold_font.setBold(True)
        self._stale = False

    @property
    def _rows(self) -> Sequence[T]:
        return self._held

    @_rows.setter
    def _rows(self, rows: Sequence[T]) -> None:
        self._held = rows
        self._texts = {}

    def _text(self, row: int, column: int) -> str:
        texts = self._texts.get(row)
        if texts is None:
            item = self._held[row]
            texts = self._texts[row] = tuple(c.text(item) for c in self._columns)
        return texts[column]

    def texts(self, row: int) -> tuple[str, ...]:
        """The texts of ``row``'s cells, as shown (made once per row)."""
        texts = self._texts.get(row)
        if texts is None:
            self._text(row, 0)
            texts = self._texts[row]
        return texts

    def is_bold(self, row: int) -> bool:
        bold = self._bold_rows
        return row < len(bold) and bold[row]

    def object_at(self, row: int) -> T:
        return self._rows[row]

    @property
    def stale(self) -> bool:
        return self._stale

    def set_stale(self, stale: bool) -> None:
        """Grey the rows: they are the answer to an earlier request, a new one is on its
        way (``widgets.feedback``)."""
        if stale != self._stale:
            self._stale = stale
            if self._rows:
                last = self.index(len(self._rows) - 1, len(self._columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.ForegroundRole])

    def objects(self) -> tuple[T, ...]:
        return tuple(self._rows)

    def column_titles(self) -> list[str]:
        """The columns' titles in the UI's language (the exports' headers)."""
        return [tr(c.title) for c in self._columns]

    def row_texts(self, item: T) -> list[str]:
        return [c.text(item) for c in self._columns]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        kind = _ROLES.get(role)
        if kind is None:
            return None
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._held):
            return None
        if kind == _TEXT:
            texts = self._texts.get(row)
            if texts is None:
                texts = self.texts(row)
            return texts[index.column()]
        if kind == _FONT:
            bold = self._bold_rows
            return self._bold_font if row < len(bold) and bold[row] else None
        if kind == _ALIGNMENT:
            return _RIGHT if self._columns[index.column()].align_right else None
        if kind == _FOREGROUND:
            return STALE_TEXT if self._stale else None
        if kind == _OBJECT:
            return self._held[row]
        column = self._columns[index.column()]
        item = self._held[row]
        return column.sort_value(item) if column.sort_value else column.text(item)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return tr(self._columns[section].title)
            if role == Qt.ItemDataRole.ToolTipRole and self._columns[section].sort is not None:
                title = tr(self._columns[section].title).lower()
                return tr("Sortera på {column}").format(column=title)
        return None
