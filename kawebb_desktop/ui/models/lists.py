"""A table model over a short list held whole (contacts, accounts, units)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from kawebb_desktop.ui.models.columns import ColumnTableModel

T = TypeVar("T")


class ListTableModel(ColumnTableModel[T]):
    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._replace_rows(tuple(rows))
        self.endResetModel()
