"""The look and behaviour shared by every list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from kawebb_desktop.ui.models.paged import PagedTableModel


def configure_table(table: QTableView, *, sortable: bool = False) -> None:
    """Whole-row selection, fixed row height, alternating rows, and no measuring of all
    contents (``ResizeToContents`` scans every row; see the peer baseline notes)."""
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
    model = table.model()
    if sortable and isinstance(model, PagedTableModel):
        # Show the model's own order before enabling sorting, which would otherwise
        # re-sort by column 0 descending (Qt's default indicator).
        order = Qt.SortOrder.DescendingOrder if model.descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(model.sort_column(), order)
    table.setSortingEnabled(sortable)
    header.setAccessibleName(f"Kolumnrubriker för {table.accessibleName() or 'listan'}")
    if sortable:
        header.setToolTip("Klicka på en rubrik för att sortera.")
