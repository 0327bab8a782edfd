"""The look and behaviour shared by every list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from kawebb_desktop.ui.models.paged import PagedTableModel


def configure_table(table: QTableView, *, sortable: bool = False) -> None:
    """Whole-row selection, fixed row height, alternating rows, and no measuring of all
    contents (``ResizeToContents`` scans every row; see the peer baseline notes).

    Call after ``setModel``: a paged model's own sort order is shown, and its columns are
    fitted to the first page that has rows.
    """
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    vertical = table.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setAccessibleName(f"Kolumnrubriker för {table.accessibleName() or 'listan'}")
    model = table.model()
    if sortable:
        header.setToolTip("Klicka på en rubrik för att sortera.")
        if isinstance(model, PagedTableModel):
            # Show the model's own order before enabling sorting, which would otherwise
            # re-sort by column 0 descending (Qt's default indicator).
            descending = model.descending
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(model.sort_column(), order)
    table.setSortingEnabled(sortable)
    if isinstance(model, PagedTableModel):
        _size_columns_once(table, model)


def _size_columns_once(table: QTableView, model: PagedTableModel) -> None:  # type: ignore[type-arg]
    """Fit the columns to the first page that has rows, once: measuring every page would
    make the columns jump while paging (and costs a pass over the rows each time)."""

    def first_rows() -> None:
        if model.rowCount():
            table.resizeColumnsToContents()
            model.page_loaded.disconnect(first_rows)

    model.page_loaded.connect(first_rows)
