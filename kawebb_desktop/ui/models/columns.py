"""A table model over rows described by a list of :class:`Column` (text, sort key).

The base of both the paged store lists and the short lists held whole. Rows are immutable
domain objects; the model answers only the roles a view asks for.

The grid (how many rows and columns there are) is Qt's: the base is a
``QStandardItemModel`` whose row count is kept equal to the rows held, so ``rowCount()``,
``index()`` and ``parent()`` are answered in C++. A model whose class sets
``cells_in_qt`` keeps each cell's text, tooltip, font, alignment and flags in Qt's items
too, and takes ``data()`` and ``flags()`` from ``QStandardItemModel``: a view then paints
a page without calling Python at all (about 1 450 calls a paint of 50 rows otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

T = TypeVar("T")

#: The domain object behind a row.
ObjectRole = Qt.ItemDataRole.UserRole + 1
#: A value that compares in the column's natural order (dates as dates, not text).
SortRole = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex
#: The text colour of rows that are no longer the answer (a new request is on its way).
STALE_TEXT = QBrush(QColor("#9aa3ad"))
# The view asks for about seven roles of every visible cell on every paint, and once more
# per cell when the columns are fitted: the roles are plain ints here (a set lookup, no
# enum arithmetic per call) and each row's texts are made once (see ``_text``).
_TEXT_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
    )
)
_ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
_FONT_ROLE = int(Qt.ItemDataRole.FontRole)
_RIGHT_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_RIGHT = int(_RIGHT_ALIGNMENT)
_ENABLED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    #: The store's sort key (a UserSort/CaseSort member); ``None`` = not sortable.
    sort: Enum | None = None
    sort_value: Callable[[T], Any] | None = None
    align_right: bool = False


class ColumnTableModel(QStandardItemModel, Generic[T]):
    #: Keep the cells in Qt's items and answer ``data()``/``flags()`` in C++ (the class
    #: that sets it also binds them: ``data = QStandardItemModel.data``, and the same for
    #: ``flags``). Such a model answers the roles a view paints with, the tooltip (the
    #: cell's text) and the accessible name (Qt reads the text when no
    #: AccessibleTextRole is given); not :data:`ObjectRole` or :data:`SortRole`.
    cells_in_qt: ClassVar[bool] = False

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self._columns = list(columns)
        #: What each new item of a column starts as, for a plain and a bold row
        #: (``cells_in_qt``): shown and selectable, never editable (Qt's default item is
        #: editable, draggable and droppable), aligned as the column is; a copy is one
        #: call where setting each is three.
        self._prototypes: tuple[list[QStandardItem], list[QStandardItem]] = ([], [])
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

    def _replace_rows(self, rows: Sequence[T], bold: tuple[bool, ...] = ()) -> None:
        """Hold ``rows`` instead (and which of them are bold). Only between
        ``beginResetModel()`` and ``endResetModel()``: Qt's grid (and cells) follow
        with no signals of their own, the reset tells the views."""
        self._held = rows
        self._texts = {}
        self._bold_rows = bold
        blocked = self.blockSignals(True)
        try:
            self.setRowCount(0)
            if self.cells_in_qt:
                for row in range(len(rows)):
                    self.appendRow(self._cells(row))
            else:
                self.setRowCount(len(rows))
        finally:
            self.blockSignals(blocked)

    def _append_rows(self, rows: Sequence[T], bold: tuple[bool, ...] = ()) -> None:
        """Add ``rows`` at the end (the views are told: ``rowsInserted``)."""
        if not rows:
            return
        first = len(self._held)
        self._held = (*self._held, *rows)
        self._bold_rows = (*self._bold_rows, *bold)
        self.insertRows(first, len(rows))
        if self.cells_in_qt:
            blocked = self.blockSignals(True)
            try:
                for row in range(first, len(self._held)):
                    for column, item in enumerate(self._cells(row)):
                        self.setItem(row, column, item)
            finally:
                self.blockSignals(blocked)
            last = self.index(len(self._held) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(first, 0), last)

    def _cells(self, row: int) -> list[QStandardItem]:
        """``row``'s cells as Qt items (``cells_in_qt``)."""
        prototypes = self._prototypes[self.is_bold(row)]
        if not prototypes:
            prototypes[:] = [self._prototype(column, self.is_bold(row)) for column in self._columns]
        cells = []
        for prototype, text in zip(prototypes, self.texts(row), strict=True):
            item = prototype.clone()
            item.setText(text)
            item.setToolTip(text)
            cells.append(item)
        if self._stale:
            for item in cells:
                item.setForeground(STALE_TEXT)
        return cells

    def refresh_texts(self) -> None:
        """Make the rows' texts again and show them: for texts that depend on more than
        the row (a mark that changes while the rows stay). A ``cells_in_qt`` model shows
        only the texts made when its rows were set, or by this."""
        self._texts = {}
        if not self._held:
            return
        if self.cells_in_qt:
            blocked = self.blockSignals(True)
            try:
                for row in range(len(self._held)):
                    for column, text in enumerate(self.texts(row)):
                        item = self.item(row, column)
                        if item is not None:
                            item.setText(text)
                            item.setToolTip(text)
            finally:
                self.blockSignals(blocked)
        last = self.index(len(self._held) - 1, len(self._columns) - 1)
        self.dataChanged.emit(self.index(0, 0), last)

    def _prototype(self, column: Column[T], bold: bool) -> QStandardItem:
        item = QStandardItem()
        item.setFlags(_ENABLED)
        if bold:
            item.setFont(self._bold_font)
        if column.align_right:
            item.setTextAlignment(_RIGHT_ALIGNMENT)
        return item

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
            if self.cells_in_qt and self._rows:
                blocked = self.blockSignals(True)
                try:
                    for row in range(len(self._rows)):
                        for column in range(len(self._columns)):
                            item = self.item(row, column)
                            if item is not None:
                                item.setData(STALE_TEXT if stale else None, _FOREGROUND_ROLE)
                finally:
                    self.blockSignals(blocked)
            if self._rows:
                last = self.index(len(self._rows) - 1, len(self._columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.ForegroundRole])

    def objects(self) -> tuple[T, ...]:
        return tuple(self._rows)

    def column_titles(self) -> list[str]:
        return [c.title for c in self._columns]

    def row_texts(self, item: T) -> list[str]:
        return [c.text(item) for c in self._columns]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not 0 <= row < len(self._held) or not index.isValid():
            return None
        if role in _TEXT_ROLES:
            return self._text(row, index.column())
        if role == _FONT_ROLE:
            bold = self._bold_rows
            return self._bold_font if row < len(bold) and bold[row] else None
        if role == _ALIGNMENT_ROLE:
            return _RIGHT if self._columns[index.column()].align_right else None
        if role == _FOREGROUND_ROLE:
            return STALE_TEXT if self._stale else None
        if role == ObjectRole:
            return self._held[row]
        if role == SortRole:
            column = self._columns[index.column()]
            item = self._held[row]
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
        return _ENABLED

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Rows are sorted where they come from (the store, or a proxy), never here
        (``QStandardItemModel`` would reorder its items under the rows held)."""
