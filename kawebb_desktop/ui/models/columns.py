"""A table model over rows described by a list of :class:`Column` (text, sort key).

The base of both the paged store lists and the short lists held whole. Rows are immutable
domain objects. Their cells are kept in Qt's own items (``QStandardItemModel``), written
once when the rows are replaced, so that the view paints them without a call into Python
for each cell and role it asks (it asks seven roles of each cell it paints: 1 456 calls
for the 208 cells of a 1280x800 view, a third of the paint's time).

No cell ever reaches Python as a ``QStandardItem``: they are made by Qt (``setItemData``
on an index) and read through the model's ``data``. A ``QStandardItem`` is no
``QObject``: shiboken would not be told when the model deletes one, and its Python
wrapper would stay registered under the freed address (an earlier attempt crashed so).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItemModel

from kawebb_desktop.ui.i18n import tr

T = TypeVar("T")

#: A value that compares in the column's natural order (dates as dates, not text); kept
#: in the cells of models that set ``SORT_VALUES`` (a proxy sorts by it).
SortRole = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex
#: The text colour of rows that are no longer the answer (a new request is on its way).
STALE_TEXT = QBrush(QColor("#9aa3ad"))
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_SORT = int(SortRole)
#: Where a ``QStandardItem`` keeps its flags (``QStandardItem::setFlags``).
_FLAGS = int(Qt.ItemDataRole.UserRole) - 1
#: Every cell: selectable and enabled, not editable, never with children (what
#: ``QAbstractTableModel`` answers).
CELL_FLAGS = (
    Qt.ItemFlag.ItemIsSelectable.value
    | Qt.ItemFlag.ItemIsEnabled.value
    | Qt.ItemFlag.ItemNeverHasChildren.value
)
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


class ColumnTableModel(QStandardItemModel, Generic[T]):
    """Texts of :class:`Column` s, in rows, in Qt's items (see the module's note).

    The rows are replaced with :meth:`_replace_rows` (inside a reset the caller makes)
    or grown with :meth:`_append_rows`; nothing else writes the cells. Every cell is
    enabled and selectable and not editable (:data:`CELL_FLAGS`, kept in the cell); a
    subclass that overrides ``flags`` or ``data`` starts from Qt's answer."""

    #: Keep each sortable column's :attr:`Column.sort_value` in its cells as
    #: :data:`SortRole` (a ``QSortFilterProxyModel`` sorting by it).
    SORT_VALUES = False

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self._columns = list(columns)
        self._held: Sequence[T] = ()
        #: Each row's column texts (rows are immutable, so their texts never change);
        #: forgotten whenever the rows are replaced.
        self._texts: dict[int, tuple[str, ...]] = {}
        #: Rows shown in bold (a subclass decides, once per list it shows).
        self._bold_rows: tuple[bool, ...] = ()
        self._bold_font = QFont()
        self._bold_font.setBold(True)
        self._stale = False

    @property
    def _rows(self) -> Sequence[T]:
        return self._held

    def _replace_rows(self, rows: Sequence[T], bold_rows: tuple[bool, ...] = ()) -> None:
        """Hold ``rows`` (bold where ``bold_rows`` says) and write their cells. Between
        the caller's ``beginResetModel`` and ``endResetModel``: the rows removed and
        added here are not signalled (the reset tells the views). The cells are made
        anew: ``setItemData`` adds to what a cell holds (a bold font would stay)."""
        self._held = rows
        self._texts = {}
        self._bold_rows = bold_rows
        blocked = self.blockSignals(True)
        try:
            self.setRowCount(0)
            self.setRowCount(len(rows))
            self._write_cells(0)
        finally:
            self.blockSignals(blocked)

    def _append_rows(self, rows: Sequence[T], bold_rows: tuple[bool, ...] = ()) -> None:
        """Add ``rows`` after those held (signalled as rows inserted, then their cells
        as changed)."""
        if not rows:
            return
        first = len(self._held)
        self._held = (*self._held, *rows)
        if bold_rows:
            self._bold_rows = (*self._bold_rows, *bold_rows)
        self.setRowCount(len(self._held))
        blocked = self.blockSignals(True)
        try:
            self._write_cells(first)
        finally:
            self.blockSignals(blocked)
        last = self.index(len(self._held) - 1, len(self._columns) - 1)
        self.dataChanged.emit(self.index(first, 0), last)

    def _write_cells(self, first: int) -> None:
        """Write the cells of the rows from ``first`` on (their rows exist)."""
        index, write = self.index, self.setItemData
        right = [c.align_right for c in self._columns]
        sorts = [c.sort_value if self.SORT_VALUES else None for c in self._columns]
        bold, bold_font = self._bold_rows, self._bold_font
        stale = self._stale
        for row in range(first, len(self._held)):
            heavy = row < len(bold) and bold[row]
            item = self._held[row]
            for column, text in enumerate(self.texts(row)):
                # No tool tip of the same text: each role costs a page 0.14 ms to write,
                # and the columns are fitted to their texts (widgets.tables).
                roles: dict[int, Any] = {_DISPLAY: text, _FLAGS: CELL_FLAGS}
                if heavy:
                    roles[_FONT] = bold_font
                if right[column]:
                    roles[_ALIGNMENT] = _RIGHT
                if stale:
                    roles[_FOREGROUND] = STALE_TEXT
                sort_value = sorts[column]
                if sort_value is not None:
                    roles[_SORT] = sort_value(item)
                write(index(row, column), roles)

    def texts(self, row: int) -> tuple[str, ...]:
        """The texts of ``row``'s cells, as shown (made once per row)."""
        texts = self._texts.get(row)
        if texts is None:
            item = self._held[row]
            texts = self._texts[row] = tuple(c.text(item) for c in self._columns)
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
        if stale == self._stale:
            return
        self._stale = stale
        if not self._rows:
            return
        brush = STALE_TEXT if stale else None
        blocked = self.blockSignals(True)
        try:
            for row in range(len(self._rows)):
                for column in range(len(self._columns)):
                    self.setData(self.index(row, column), brush, _FOREGROUND)
        finally:
            self.blockSignals(blocked)
        last = self.index(len(self._rows) - 1, len(self._columns) - 1)
        self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.ForegroundRole])

    def objects(self) -> tuple[T, ...]:
        return tuple(self._rows)

    def column_titles(self) -> list[str]:
        """The columns' titles in the UI's language (the exports' headers)."""
        return [tr(c.title) for c in self._columns]

    def row_texts(self, item: T) -> list[str]:
        return [c.text(item) for c in self._columns]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Not by the items: the rows held decide the order (a paged model asks the
        store; a list is sorted by a proxy)."""

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
