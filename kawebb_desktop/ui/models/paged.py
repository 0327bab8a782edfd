"""A table model over one page of a store query (the Anki/Vorta pattern).

The model holds only the rows of the current page, as immutable domain objects. Sorting
(header clicks) and paging ask the service for a new page, on a worker thread; the store
sorts and filters in SQL. There is no proxy model: a proxy over a large table is what
``../shared/bench/peer_baseline.md`` shows to be slow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import Enum
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal

from kawebb_desktop.domain.queries import Page
from kawebb_desktop.ui.models.columns import AnyIndex, Column, ColumnTableModel
from kawebb_desktop.ui.worker import Worker, slow_pool

T = TypeVar("T")

Fetch = Callable[[int, int, Any, bool], Page[T]]
#: The exact number of rows a fetch's list has (asked when a page's total is a bound).
Count = Callable[[], int]

#: The page size that means *Alla*: one list that grows as the view scrolls to its end,
#: a window of :data:`GROW_WINDOW` rows at a time (the view never asks for all at once).
ALL = 0
GROW_WINDOW = 100
#: The exact count is asked this long after the page that needs it, and only if the
#: list is still the same then: not while someone types (the search's pause is 250 ms),
#: when a count at a million cases would compete with the pages for the cores.
COUNT_DELAY_MS = 300


class StaleRequest(Exception):
    """A request dropped before it ran: a newer one was made while it waited."""


class PagedTableModel(ColumnTableModel[T]):
    """Rows of one page; ``fetch(offset, limit, sort, descending)`` gets a page."""

    page_loaded = Signal()
    load_failed = Signal(object)
    #: A request for a page started (True) or ended, answered or failed (False).
    loading_changed = Signal(bool)
    #: The page's total changed without a new page: the exact count arrived.
    total_changed = Signal()

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
        super().__init__(columns, parent)
        self._fetch = fetch
        self._page: Page[T] | None = None
        self._offset = 0
        self._page_size = page_size
        self._sort = sort
        self._descending = descending
        #: Which rows of the page are bold (the base answers FontRole from
        #: ``_bold_rows``), decided once per page, not per paint.
        self._bold = bold
        self._generation = 0
        self._worker = Worker(self)
        #: The exact count of the list (see ``set_fetch``): asked on a thread of its own,
        #: once per source, only when a page's total is a bound.
        self._count: Count | None = None
        self._count_worker = Worker(self, pool=slow_pool())
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._start_count)
        #: Which ``set_fetch`` the rows come from; a count for an older one is stale.
        self._source = 0
        self._exact_total: int | None = None
        self._counting: int | None = None
        self.loading = False
        #: *Alla*: a window past the rows held is on its way (``fetchMore``).
        self._growing = False

    # ------------------------------------------------------------------ paging API
    def set_fetch(
        self, fetch: Fetch[T] | None, *, reload: bool = True, count: Count | None = None
    ) -> None:
        """New source (e.g. a new search); starts again at the first page. ``count``
        gives the list's exact total: asked, after the page, when the page's total is
        only a bound ("fler än N"), and shown when it comes (``total_changed``)."""
        self._fetch = fetch
        self._count = count
        self._source += 1
        self._exact_total = None
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

    @property
    def shows_all(self) -> bool:
        """*Alla*: one growing list instead of pages."""
        return self._page_size == ALL

    def set_page_size(self, size: int) -> None:
        if size != self._page_size:
            self._page_size = size
            self._offset = 0
            self.reload()

    def go_to_page(self, index: int) -> None:
        if self.shows_all:
            return
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
        self._growing = False
        generation = self._generation
        offset, limit, sort, descending = (
            self._offset,
            self._page_size or GROW_WINDOW,
            self._sort,
            self._descending,
        )
        self._set_loading(True)
        self._worker.run(
            lambda: self._call(generation, lambda: fetch(offset, limit, sort, descending)),
            lambda page: self._loaded(generation, page),
            lambda exc: self._failed(generation, exc),
        )

    def _call(self, generation: int, call: Callable[[], Page[T]]) -> Page[T]:
        """On the worker thread: drop the request, before it runs, if a newer one was
        made while it waited for a thread (typing fast makes many)."""
        if generation != self._generation:
            raise StaleRequest
        return call()

    # ------------------------------------------------------------------ Alla: growing
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        page = self._page
        if parent.isValid() or not self.shows_all or page is None or self._growing:
            return False
        return len(self._rows) < page.total or not page.total_exact

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """*Alla*: ask for the next window after the rows held (the view calls this
        when it is scrolled to the end)."""
        fetch = self._fetch
        if fetch is None or not self.canFetchMore(parent):
            return
        self._growing = True
        generation = self._generation
        offset, sort, descending = len(self._rows), self._sort, self._descending
        self._worker.run(
            lambda: self._call(generation, lambda: fetch(offset, GROW_WINDOW, sort, descending)),
            lambda page: self._grown(generation, offset, page),
            lambda exc: self._failed(generation, exc),
        )

    def _grown(self, generation: int, offset: int, page: Page[T]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return  # a new search or order since the window was asked for
        self._growing = False
        items = page.items
        if items:
            bold = self._bold
            self._append_rows(items, tuple(bold(r) for r in items) if bold else ())
        held = len(self._rows)
        # An empty window: the list ended sooner than counted (rows removed elsewhere).
        total, exact = (max(page.total, held), page.total_exact) if items else (held, True)
        self._page = self._exact(Page(tuple(self._rows), total, 0, max(held, 1), exact))
        self.page_loaded.emit()

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
        if generation == self._generation and not isinstance(exc, StaleRequest):
            self._growing = False
            self._set_loading(False)
            self.load_failed.emit(exc)

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loading_changed.emit(loading)

    def _set_page(self, page: Page[T] | None) -> None:
        if page is not None and self.shows_all:
            # One list of the rows held so far: the pager shows "Visar 1-N av M".
            page = Page(page.items, page.total, 0, max(len(page.items), 1), page.total_exact)
        if page is not None:
            page = self._exact(page)
        self.beginResetModel()
        self._page = page
        rows = page.items if page else ()
        bold = self._bold
        self._replace_rows(rows, tuple(bold(r) for r in rows) if bold else ())
        self.endResetModel()
        self._set_loading(False)
        self.page_loaded.emit()

    # ------------------------------------------------------------------ the exact count
    @property
    def counting(self) -> bool:
        """The exact count of the list shown is on its way."""
        return self._counting is not None and self._counting == self._source

    def _exact(self, page: Page[T]) -> Page[T]:
        """``page`` with the exact total where it is known; else the count is asked for
        (once per source, on its own thread) when the page has only a bound."""
        if page.total_exact:
            self._exact_total = page.total
            return page
        known = self._exact_total
        if known is not None and known > page.total:
            return replace(page, total=known, total_exact=True)
        # Unknown, or outdated (the bound has passed it: rows were added meanwhile).
        self._exact_total = None
        count, source = self._count, self._source
        if count is not None and self._counting != source:
            self._counting = source
            self._count_timer.start()
        return page

    def _start_count(self) -> None:
        """The pause after the page has passed: ask for the count, unless the list has
        changed since (then that list's own page has asked again)."""
        count, source = self._count, self._source
        if count is None or self._counting != source:
            return
        self._count_worker.run(
            lambda: self._count_call(source, count),
            lambda total: self._counted(source, total),
            lambda exc: self._count_failed(source, exc),
        )

    def _count_call(self, source: int, count: Count) -> int:
        """On the count's thread: dropped, before it runs, when the list changed while it
        waited (typing fast asks for many)."""
        if source != self._source:
            raise StaleRequest
        return count()

    def _counted(self, source: int, total: int) -> None:
        if self._counting == source:
            self._counting = None
        if source != self._source:
            return  # the list has changed since: a late answer about another one
        self._exact_total = total
        page = self._page
        if page is not None and not page.total_exact:
            # Never fewer than the bound or the rows in view (rows added meanwhile).
            shown = max(total, page.total, page.last_number)
            self._page = replace(page, total=shown, total_exact=True)
        self.total_changed.emit()

    def _count_failed(self, source: int, exc: BaseException) -> None:
        """The bound stays ("fler än N"); the next page of the list asks again."""
        if self._counting == source:
            self._counting = None
        if source == self._source and not isinstance(exc, StaleRequest):
            self.total_changed.emit()  # "räknar" ends

    # ------------------------------------------------------------------ Qt model API
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Vertical
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._rows)
        ):
            return str(self._offset + section + 1)
        return super().headerData(section, orientation, role)

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
