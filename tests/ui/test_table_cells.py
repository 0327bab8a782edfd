"""What a list's cells answer the view, role by role, and the widths of their texts that
the columns are fitted to (``ColumnTableModel.data``, ``widgets.tables.TextWidths``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.entities import Case, CaseStatus
from kawebb_desktop.domain.queries import Page
from kawebb_desktop.ui.models.cases import CASE_COLUMNS, CaseTableModel
from kawebb_desktop.ui.models.columns import STALE_TEXT, ObjectRole, SortRole
from kawebb_desktop.ui.widgets.tables import TextWidths
from tests.store.builders import case

RECENT = dt.date(2026, 11, 20)
R = Qt.ItemDataRole
#: Roles no column of the cases answers (the view's delegate asks for them all the same).
UNANSWERED = (
    R.DecorationRole,
    R.EditRole,
    R.StatusTipRole,
    R.WhatsThisRole,
    R.SizeHintRole,
    R.BackgroundRole,
    R.CheckStateRole,
)


def cases(names: list[str], first_number: int) -> tuple[Case, ...]:
    return tuple(
        case(
            1,
            1,
            first_name=name,
            last_name=f"{name}sson",
            case_number=first_number + i,
            status=list(CaseStatus)[i % len(CaseStatus)],
            # Every other row has a recent event: bold.
            last_event_on=RECENT if i % 2 else RECENT - dt.timedelta(days=30),
            end_date=None if i % 3 == 0 else dt.date(2027, 1, 1 + i),
        )
        for i, name in enumerate(names)
    )


def model_showing(qtbot: QtBot, rows: tuple[Case, ...]) -> CaseTableModel:
    model = CaseTableModel(lambda: RECENT)
    with qtbot.waitSignal(model.page_loaded):
        model.set_fetch(lambda offset, limit, sort, descending: Page(rows, len(rows), 0, 50))
    return model


def test_each_cell_answers_every_role_as_its_column_says(qtbot: QtBot) -> None:
    rows = cases(["Anna", "Åsa", "Karl-Johan", "Öberg"], 7001)
    model = model_showing(qtbot, rows)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    for row, item in enumerate(rows):
        for column, spec in enumerate(CASE_COLUMNS):
            index = model.index(row, column)
            text = spec.text(item)
            for role in (R.DisplayRole, R.ToolTipRole, R.AccessibleTextRole, int(R.DisplayRole)):
                assert model.data(index, role) == text
            assert model.data(index) == text
            alignment = model.data(index, R.TextAlignmentRole)
            assert alignment == (right if spec.align_right else None)
            font = model.data(index, R.FontRole)
            assert (font is not None and font.bold()) == (item.last_event_on >= RECENT)
            assert model.data(index, R.ForegroundRole) is None
            assert model.data(index, ObjectRole) is item
            expected = spec.sort_value(item) if spec.sort_value else text
            assert model.data(index, SortRole) == expected
            for role in UNANSWERED:
                assert model.data(index, role) is None
            assert model.flags(index) & Qt.ItemFlag.ItemIsEnabled
            assert model.flags(index) & Qt.ItemFlag.ItemIsSelectable
            assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    model.set_stale(True)
    assert model.data(model.index(3, 7), R.ForegroundRole) == STALE_TEXT
    for role in (*UNANSWERED, R.DisplayRole, R.FontRole, ObjectRole, SortRole):
        assert model.data(QModelIndex(), role) is None
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def measured(table: QTableView, model: CaseTableModel) -> list[int]:
    """Each column's widest text, every text measured anew."""
    heavy = QFont(table.font())
    heavy.setBold(True)
    plain, bold = QFontMetrics(table.font()), QFontMetrics(heavy)
    return [
        max(
            (bold if model.is_bold(row) else plain).horizontalAdvance(model.texts(row)[column])
            for row in range(model.rowCount())
        )
        for column in range(model.columnCount())
    ]


def test_text_widths_kept_between_pages_are_those_measured_in_the_tables_font(
    qtbot: QtBot,
) -> None:
    first = cases(["Anna", "Åsa", "Karl-Johan", "Öberg"], 7001)
    # The next page: some texts again, some longer, the same name in bold and not.
    second = cases(["Åsa", "Anna", "Maximiliana-Theodora", "Wendy"], 1_000_001)
    model = model_showing(qtbot, first)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    measure = TextWidths()
    small = TextWidths(limit=3)  # forgets all but a few: measures most texts again
    assert measure(table, model) == small(table, model) == measured(table, model)
    model = model_showing(qtbot, second)
    table.setModel(model)
    widths = measure(table, model)
    assert widths == small(table, model) == measured(table, model)
    font = QFont(table.font())
    font.setPointSize(font.pointSize() * 3)
    table.setFont(font)
    wider = measure(table, model)
    assert wider == small(table, model) == measured(table, model)
    assert all(w > old for w, old in zip(wider, widths, strict=True))
