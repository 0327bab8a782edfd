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
from PySide6.QtGui import QBrush, QColor

T = TypeVar("T")

#: The domain object behind a row.
ObjectRole = Qt.ItemDataRole.UserRole + 1
#: A value that compares in the column's natural order (dates as dates, not text).
SortRole = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex
#: The text colour of rows that are no longer the answer (a new request is on its way).
STALE_TEXT = QBrush(QColor("#9aa3ad"))
_TEXT_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    #: The store's sort key (a UserSort/CaseSort member); ``None`` = not sortable.
    sort: Enum | None = None
    sort_value: Callable[[T], Any] | None = None
    align_right: bool = False


class ColumnTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: Sequence[T] = ()
        self._stale = False

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
        return [c.title for c in self._columns]

    def row_texts(self, item: T) -> list[str]:
        return [c.text(item) for c in self._columns]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in _TEXT_ROLES:
            return column.text(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._stale:
            return STALE_TEXT
        if role == ObjectRole:
            return item
        if role == SortRole:
            return column.sort_value(item) if column.sort_value else column.text(item)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].title
            if role == Qt.ItemDataRole.ToolTipRole and self._columns[section].sort is not None:
                return f"Sortera på {self._columns[section].title.lower()}"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
