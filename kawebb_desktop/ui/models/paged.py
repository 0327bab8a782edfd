"""A table model over one page of a store query (the Anki/Vorta pattern).

The model holds only the rows of the current page, as immutable domain objects. Sorting
(header clicks) and paging ask the service for a new page, on a worker thread; the store
sorts and filters in SQL. There is no proxy model: a proxy over a large table is what
``../shared/bench/peer_baseline.md`` shows to be slow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from kawebb_desktop.domain.queries import Page
from kawebb_desktop.ui.worker import Worker

T = TypeVar("T")

#: The domain object behind a row.
ObjectRole = Qt.ItemDataRole.UserRole + 1
#: A value that compares in the column's natural order (dates as dates, not text).
SortRole = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex
Fetch = Callable[[int, int, Any, bool], Page[T]]


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    #: The store's sort key (a UserSort/CaseSort member); ``None`` = not sortable.
    sort: Enum | None = None
    sort_value: Callable[[T], Any] | None = None
    align_right: bool = False


class PagedTableModel(QAbstractTableModel, Generic[T]):
    """Rows of one page; ``fetch(offset, limit, sort, descending)`` gets a page."""

    page_loaded = Signal()
    load_failed = Signal(object)

    def __init__(
        self,
        columns: Sequence[Column[T]],
        fetch: Fetch[T] | None = None,
        *,
        page_size: int = 10,
        sort: Enum | None = None,
        descending: bool = False,
        bold: Callable[[T], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._fetch = fetch
        self._rows: tuple[T, ...] = ()
        self._page: Page[T] | None = None
        self._offset = 0
        self._page_size = page_size
        self._sort = sort
        self._descending = descending
        self._bold = bold
        self._bold_font = QFont()
        self._bold_font.setBold(True)
        self._generation = 0
        self._worker = Worker(self)
        self.loading = False

    # ------------------------------------------------------------------ paging API
    def set_fetch(self, fetch: Fetch[T] | None, *, reload: bool = True) -> None:
        """New source (e.g. a new search); starts again at the first page."""
        self._fetch = fetch
        self._offset = 0
        if reload:
            self.reload()

    @property
    def page(self) -> Page[T] | None:
        return self._page

    @property
    def page_size(self) -> int:
        return self._page_size

    @property
    def sort_key(self) -> Enum | None:
        return self._sort

    @property
    def descending(self) -> bool:
        return self._descending

    def set_page_size(self, size: int) -> None:
        if size != self._page_size:
            self._page_size = size
            self._offset = 0
            self.reload()

    def go_to_page(self, index: int) -> None:
        total = self._page.total if self._page else 0
        last = max(0, (total - 1) // self._page_size)
        self._offset = max(0, min(index, last)) * self._page_size
        self.reload()

    def next_page(self) -> None:
        self.go_to_page(self._offset // self._page_size + 1)

    def previous_page(self) -> None:
        self.go_to_page(self._offset // self._page_size - 1)

    def reload(self) -> None:
        """Fetch the current page again (on a worker thread)."""
        fetch = self._fetch
        if fetch is None:
            self._set_page(None)
            return
        self._generation += 1
        generation = self._generation
        offset, limit, sort, descending = (
            self._offset,
            self._page_size,
            self._sort,
            self._descending,
        )
        self.loading = True
        self._worker.run(
            lambda: fetch(offset, limit, sort, descending),
            lambda page: self._loaded(generation, page),
            lambda exc: self._failed(generation, exc),
        )

    def _loaded(self, generation: int, page: Page[T]) -> None:
        if generation != self._generation:
            return  # an older request answered after a newer one was made
        if not page.items and page.total and page.offset:
            # The page emptied under us (rows removed elsewhere): show the last one.
            self._offset = max(0, (page.total - 1) // self._page_size) * self._page_size
            self.reload()
            return
        self._set_page(page)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.loading = False
            self.load_failed.emit(exc)

    def _set_page(self, page: Page[T] | None) -> None:
        self.beginResetModel()
        self._page = page
        self._rows = page.items if page else ()
        self.endResetModel()
        self.loading = False
        self.page_loaded.emit()

    def object_at(self, row: int) -> T:
        return self._rows[row]

    def objects(self) -> tuple[T, ...]:
        return self._rows

    def column_titles(self) -> list[str]:
        return [c.title for c in self._columns]

    def row_texts(self, item: T) -> list[str]:
        return [c.text(item) for c in self._columns]

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return column.text(item)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold_font if self._bold is not None and self._bold(item) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
        if (
            orientation == Qt.Orientation.Vertical
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._rows)
        ):
            return str(self._offset + section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header click: ask the store for the new order; back to the first page."""
        if not 0 <= column < len(self._columns) or self._columns[column].sort is None:
            return
        self._sort = self._columns[column].sort
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._offset = 0
        self.reload()

    def sort_column(self) -> int:
        for i, column in enumerate(self._columns):
            if column.sort is not None and column.sort == self._sort:
                return i
        return -1
