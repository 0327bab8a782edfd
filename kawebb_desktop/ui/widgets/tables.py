"""The look and behaviour shared by every list, and the column widths and order a person
gave each of them (remembered in ``QSettings``, like the window's geometry)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from kawebb_desktop.ui.i18n import tr
from kawebb_desktop.ui.models.paged import PagedTableModel
from kawebb_desktop.ui.widgets.forms import name_header

#: Set on a table whose column widths a person chose (or that were restored): they are
#: not fitted to the contents any more.
CHOSEN_COLUMNS = "kawebbChosenColumns"


def configure_table(table: QTableView, *, sortable: bool = False, key: str | None = None) -> None:
    """Whole-row selection, fixed row height, alternating rows, and no measuring of all
    contents (``ResizeToContents`` scans every row; see the peer baseline notes).

    ``key`` names the table in the settings: the widths and order of its columns that the
    person sets (by dragging a column's edge or heading) are remembered under it and
    restored the next time.

    Call after ``setModel``: a paged model's own sort order is shown, and its columns are
    fitted to the first page that has rows and widened for later pages that need it
    (unless the person's widths were restored).
    """
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.installEventFilter(ReturnActivates(table))
    vertical = table.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    if key is not None:
        ColumnMemory(table, key)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setSectionsMovable(key is not None)
    name_header(table, header)
    model = table.model()
    if sortable:
        header.setToolTip(tr("Klicka på en rubrik för att sortera."))
        if isinstance(model, PagedTableModel):
            # Show the model's own order before enabling sorting, which would otherwise
            # re-sort by column 0 descending (Qt's default indicator).
            descending = model.descending
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(model.sort_column(), order)
    table.setSortingEnabled(sortable)
    if isinstance(model, PagedTableModel):
        _size_columns_by_page(table, model)


def fit_columns(table: QTableView) -> None:
    """Fit each column to its heading and the rows shown — unless the person chose the
    widths. The last column fills the rest of the table; where the columns are too wide
    for it (the table scrolls sideways) it keeps the width of its contents."""
    if table.property(CHOSEN_COLUMNS):
        return
    header = table.horizontalHeader()
    stretch = header.stretchLastSection()
    # A stretched last column never gets narrower than it was when stretching began
    # (else Qt's default 100 px): begin again at the width of its contents.
    header.setStretchLastSection(False)
    table.resizeColumnsToContents()
    header.setStretchLastSection(stretch)


def widen_columns(table: QTableView) -> None:
    """Widen each column whose heading or rows shown need more room than it has; never
    narrow one (the columns don't jump while paging). Not where the person chose the
    widths."""
    if table.property(CHOSEN_COLUMNS):
        return
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not table.isColumnHidden(c)]
    needed = {c: max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in shown}
    if all(needed[c] <= header.sectionSize(c) for c in shown):
        # Nothing to widen (the usual case): leave the header alone, since switching the
        # stretch off and on costs the view a second paint of every page.
        return
    stretch = header.stretchLastSection()
    header.setStretchLastSection(False)  # the last column at its own width, to compare
    for column in shown:
        if needed[column] > header.sectionSize(column):
            header.resizeSection(column, needed[column])
    header.setStretchLastSection(stretch)


#: Texts whose widths a table keeps, plain and bold each; the oldest is forgotten first.
KNOWN_WIDTHS = 4096


class TextWidths:
    """The widest text of each column of a model's rows held, in pixels of a table's font
    (bold where the row is bold), with no call back into the model:
    ``QTableView.sizeHintForColumn`` instead asks the model for every role of every cell
    of the page (3 200 Python calls for 50 rows of 8 columns: twice a paint).

    Each text's width is kept (up to :data:`KNOWN_WIDTHS` a weight, for as long as the
    table's font stays the same), since most texts come back page after page (dates,
    statuses, events, names): a page of 400 cells measured its texts with 400 calls into
    Qt, about 0.7 ms; with the widths known, only the new texts are measured."""

    def __init__(self, limit: int = KNOWN_WIDTHS) -> None:
        self._limit = limit
        self._font_key = ""
        self._plain: dict[str, int] = {}
        self._bold: dict[str, int] = {}
        self._metrics: tuple[QFontMetrics, QFontMetrics] | None = None

    def __call__(self, table: QTableView, model: PagedTableModel) -> list[int]:  # type: ignore[type-arg]
        font = table.font()
        key = font.key()
        if key != self._font_key or self._metrics is None:
            heavy = QFont(font)
            heavy.setBold(True)
            self._metrics = (QFontMetrics(font), QFontMetrics(heavy))
            self._plain, self._bold = {}, {}
            self._font_key = key
        plain_metrics, bold_metrics = self._metrics
        widths = [0] * model.columnCount()
        for row in range(model.rowCount()):
            if model.is_bold(row):
                known, metrics = self._bold, bold_metrics
            else:
                known, metrics = self._plain, plain_metrics
            for column, text in enumerate(model.texts(row)):
                width = known.get(text)
                if width is None:
                    width = metrics.horizontalAdvance(text)
                    if len(known) >= self._limit:
                        del known[next(iter(known))]
                    known[text] = width
                if width > widths[column]:
                    widths[column] = width
        return widths


def text_widths(table: QTableView, model: PagedTableModel) -> list[int]:  # type: ignore[type-arg]
    """The widest text of each column of the rows held (see :class:`TextWidths`, which
    keeps the widths it measured for the next page)."""
    return TextWidths()(table, model)


def _size_columns_by_page(table: QTableView, model: PagedTableModel) -> None:  # type: ignore[type-arg]
    """Fit the columns to the first page that has rows; widen them for a later page whose
    texts are longer (a search's "Väntar på aktivering"). Only the page's rows are
    measured, never the whole list.

    A later page is first measured by its texts alone (:class:`TextWidths`): only when
    a column's widest text is wider than any measured when the columns were last fitted
    or widened, or a column has become narrower since (a smaller window), are the cells
    measured as Qt measures them (:func:`widen_columns`). Paging through a list with
    texts of the usual widths then costs no measuring of cells at all."""
    fitted = False
    measure = TextWidths()
    #: Per column, the widest text seen when the columns were last fitted or widened,
    #: and each column's width then.
    widest: list[int] = []
    sizes: list[int] = []

    def page_loaded() -> None:
        nonlocal fitted, widest, sizes
        if not model.rowCount() or table.property(CHOSEN_COLUMNS):
            return
        widths = measure(table, model)
        header = table.horizontalHeader()
        now = [header.sectionSize(c) for c in range(header.count())]
        if fitted:
            if (
                len(widths) == len(widest)
                and all(w <= old for w, old in zip(widths, widest, strict=True))
                and all(size >= old for size, old in zip(now, sizes, strict=False))
            ):
                return  # no text is wider than those the columns already fit
            widen_columns(table)
            widest = [max(w, old) for w, old in zip(widths, widest, strict=False)] or widths
        else:
            fit_columns(table)
            fitted = True
            widest = widths
        sizes = [header.sectionSize(c) for c in range(header.count())]

    model.page_loaded.connect(page_loaded)


class ReturnActivates(QObject):
    """Return (or Enter) on a table activates its current row and goes no further.

    Qt's own handling emits ``activated`` and then passes the key on, so that in a
    dialog it also pressed the default button: the row's form opened twice, or opened
    and the dialog closed. A double-click is an activation too (Qt emits
    ``doubleClicked`` and ``activated``), so views connect ``activated`` only."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._table.state() != QAbstractItemView.State.EditingState
        ):
            current = self._table.currentIndex()
            if current.isValid():
                self._table.activated.emit(current)
            return True
        return super().eventFilter(watched, event)


class ColumnMemory(QObject):
    """Keeps what a person does to a table's columns — widths and order — under
    ``tables/<key>`` in ``QSettings`` and gives it back to the table the next time.

    Only the person's own changes are kept (a mouse press and release on the headings
    that changed a width, or a heading dragged elsewhere), not the fitting to contents or
    the stretching of the last column. A remembered state is used only while the table
    has the same columns (a new version may add one)."""

    def __init__(self, table: QTableView, key: str) -> None:
        super().__init__(table)
        self._table = table
        self._key = f"tables/{key}"
        self._before: list[tuple[int, int]] | None = None
        header = table.horizontalHeader()
        header.viewport().installEventFilter(self)
        header.sectionMoved.connect(lambda *_a: self._save())
        self._restore()

    def _header(self) -> QHeaderView:
        return self._table.horizontalHeader()

    def _columns(self) -> str:
        model = self._table.model()
        if model is None:
            return ""
        return "\t".join(
            str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            for c in range(model.columnCount())
        )

    def _arrangement(self) -> list[tuple[int, int]]:
        """Each column's place and width (not the sort indicator: sorting is no choice of
        widths)."""
        header = self._header()
        return [(header.visualIndex(i), header.sectionSize(i)) for i in range(header.count())]

    def _restore(self) -> None:
        settings = QSettings()
        state = settings.value(f"{self._key}/state")
        columns = settings.value(f"{self._key}/columns")
        if not isinstance(state, QByteArray) or state.isEmpty() or columns != self._columns():
            return
        if self._header().restoreState(state):
            self._table.setProperty(CHOSEN_COLUMNS, True)

    def _save(self) -> None:
        settings = QSettings()
        settings.setValue(f"{self._key}/state", self._header().saveState())
        settings.setValue(f"{self._key}/columns", self._columns())
        self._table.setProperty(CHOSEN_COLUMNS, True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._before = self._arrangement()
        elif kind == QEvent.Type.MouseButtonRelease and self._before is not None:
            # A drag of a column's edge has resized it by now (a double click on the edge
            # too); a heading dragged elsewhere moves after the release (sectionMoved).
            if self._arrangement() != self._before:
                self._save()
            self._before = None
        return False
