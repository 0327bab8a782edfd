"""What a list's cells answer the view, role by role, and the widths of their texts that
the columns are fitted to (``ColumnTableModel``'s cells, ``widgets.tables.TextWidths``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAccessible, QFont, QFontMetrics
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.entities import Case, CaseStatus
from kawebb_desktop.domain.queries import Page
from kawebb_desktop.ui.models.cases import CASE_COLUMNS, CaseTableModel
from kawebb_desktop.ui.models.columns import STALE_TEXT, SortRole
from kawebb_desktop.ui.models.documents import StatusTableModel
from kawebb_desktop.ui.widgets.tables import TextWidths
from tests.store.builders import case

RECENT = dt.date(2026, 11, 20)
R = Qt.ItemDataRole
#: Roles no column of the cases answers (the view's delegate asks for them all the same).
UNANSWERED = (
    R.DecorationRole,
    R.AccessibleTextRole,  # a screen reader is given the display text (below)
    R.ToolTipRole,
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
        assert model.object_at(row) is item
        for column, spec in enumerate(CASE_COLUMNS):
            index = model.index(row, column)
            text = spec.text(item)
            for role in (R.DisplayRole, R.EditRole, int(R.DisplayRole)):
                assert model.data(index, role) == text
            assert model.data(index) == text
            alignment = model.data(index, R.TextAlignmentRole)
            assert alignment == (right if spec.align_right else None)
            font = model.data(index, R.FontRole)
            assert (font is not None and font.bold()) == (item.last_event_on >= RECENT)
            assert model.data(index, R.ForegroundRole) is None
            assert model.data(index, SortRole) is None  # the store sorts the cases
            for role in UNANSWERED:
                assert model.data(index, role) is None
            assert model.flags(index) & Qt.ItemFlag.ItemIsEnabled
            assert model.flags(index) & Qt.ItemFlag.ItemIsSelectable
            assert model.flags(index) & Qt.ItemFlag.ItemNeverHasChildren
            assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
            assert not model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    model.set_stale(True)
    assert model.data(model.index(3, 7), R.ForegroundRole) == STALE_TEXT
    model.set_stale(False)
    assert model.data(model.index(3, 7), R.ForegroundRole) is None
    for role in (*UNANSWERED, R.DisplayRole, R.FontRole, SortRole):
        assert model.data(QModelIndex(), role) is None


def test_a_new_page_keeps_nothing_of_the_last_ones_cells(qtbot: QtBot) -> None:
    """The cells are written anew: a row bold, right-aligned or greyed on the last page
    is not so on the next unless its own row is."""
    first = cases(["Anna", "Åsa", "Karl-Johan", "Öberg"], 7001)
    model = model_showing(qtbot, first)
    model.set_stale(True)
    plain = tuple(
        case(
            1,
            1,
            first_name=n,
            last_name=n,
            case_number=9 + i,
            last_event_on=RECENT.replace(year=2020),
        )
        for i, n in enumerate(["Bo", "Eva"])
    )
    with qtbot.waitSignal(model.page_loaded):
        model.set_fetch(lambda offset, limit, sort, descending: Page(plain, 2, 0, 50))
    model.set_stale(False)
    assert model.rowCount() == 2
    for row, item in enumerate(plain):
        for column, spec in enumerate(CASE_COLUMNS):
            index = model.index(row, column)
            assert model.data(index) == spec.text(item)
            assert model.data(index, R.FontRole) is None
            assert model.data(index, R.ForegroundRole) is None
    assert not model.index(2, 0).isValid()


def test_a_screen_reader_is_given_each_cells_text(qtbot: QtBot) -> None:
    rows = cases(["Anna", "Åsa"], 7001)
    model = model_showing(qtbot, rows)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.show()
    qtbot.waitExposed(table)
    face = QAccessible.queryAccessibleInterface(table)
    assert face is not None
    # The table's children: its headers' cells and each row's header and cells.
    children = [face.child(i) for i in range(face.childCount())]
    cells = [c for c in children if c is not None and c.role() == QAccessible.Role.Cell]
    names = [c.text(QAccessible.Text.Name) for c in cells]
    assert names == [spec.text(item) for item in rows for spec in CASE_COLUMNS]


def test_a_list_sorted_by_a_proxy_keeps_its_columns_sort_values(qtbot: QtBot) -> None:
    from PySide6.QtCore import QSortFilterProxyModel

    from kawebb_desktop.domain.documents import DocumentStatus, DocumentType
    from kawebb_desktop.services.api import StatusRow
    from kawebb_desktop.ui.models.documents import STATUS_COLUMNS

    def line(number: int, day: int) -> StatusRow:
        sent = dt.datetime(2026, 3, day, 12, tzinfo=dt.UTC)
        return StatusRow(
            document_id=number,
            case_id=number,
            case_number=number,
            person_name="A",
            type=next(iter(DocumentType)),
            status=next(iter(DocumentStatus)),
            sent_at=sent,
            decided_at=None,
        )

    lines = [line(100, 3), line(9, 20), line(1000, 1)]
    model = StatusTableModel()
    model.set_rows(lines)
    for row, item in enumerate(lines):
        for column, spec in enumerate(STATUS_COLUMNS):
            expected = spec.sort_value(item) if spec.sort_value else None
            assert (model.data(model.index(row, column), SortRole) is None) == (expected is None)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    proxy.sort(0)  # the case number as a number: 9, 100, 1000 (not as text)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["9", "100", "1000"]
    proxy.sort(4)  # sent, as times
    assert [proxy.index(r, 0).data() for r in range(3)] == ["1000", "100", "9"]
    proxy.sort(4, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["9", "100", "1000"]


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
