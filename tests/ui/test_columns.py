"""The widths and order a person gives a table's columns are remembered, per table, from
one start of the app to the next; the app's own fitting of the columns is not."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.entities import Case
from kawebb_desktop.domain.queries import Page
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.models.cases import CASE_COLUMNS, CaseTableModel
from kawebb_desktop.ui.views.users import UsersView
from kawebb_desktop.ui.widgets.tables import CHOSEN_COLUMNS, configure_table
from tests.store.builders import case
from tests.ui.conftest import Driver, WindowFactory

SEARCH_RESULT = "tables/anvandare/sokresultat"
EMAIL = 3  # Sökresultat: Förnamn, Efternamn, Födelsedatum, E-post, …


def drag_column_edge(qtbot: QtBot, table: QTableView, column: int, by: int) -> None:
    """Drag the right edge of ``column``'s heading ``by`` pixels, as with a mouse."""
    header = table.horizontalHeader()
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    start = QPoint(edge, header.height() // 2)
    viewport = header.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(by // 2, 0))
    qtbot.mouseMove(viewport, start + QPoint(by, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(by, 0))


def users_view(driver: Driver) -> UsersView:
    driver.login()
    view = driver.open_users()
    driver.qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    return view


def test_a_column_width_set_by_hand_is_there_the_next_time(
    qtbot: QtBot, driver: Driver, window: MainWindow, make_window: WindowFactory
) -> None:
    view = users_view(driver)
    header = view.table.horizontalHeader()
    fitted = header.sectionSize(EMAIL)
    drag_column_edge(qtbot, view.table, EMAIL, 80)
    assert header.sectionSize(EMAIL) == fitted + 80
    assert view.table.property(CHOSEN_COLUMNS)

    window.close()
    again = Driver(qtbot, make_window(), driver.clock, driver.store)
    view = users_view(again)
    assert view.table.horizontalHeader().sectionSize(EMAIL) == fitted + 80
    # The other tables keep their own widths: nothing was set by hand there.
    assert not view.pending_table.property(CHOSEN_COLUMNS)


def test_a_column_moved_by_hand_stays_where_it_was_put(
    qtbot: QtBot, driver: Driver, window: MainWindow, make_window: WindowFactory
) -> None:
    view = users_view(driver)
    view.table.horizontalHeader().moveSection(EMAIL, 0)  # what dragging a heading does

    window.close()
    again = Driver(qtbot, make_window(), driver.clock, driver.store)
    header = users_view(again).table.horizontalHeader()
    assert header.logicalIndex(0) == EMAIL
    assert header.logicalIndex(1) == 0


def test_the_apps_own_fitting_and_sorting_are_not_remembered(qtbot: QtBot, driver: Driver) -> None:
    view = users_view(driver)
    qtbot.mouseClick(  # a click on a heading sorts; no width changes
        view.table.horizontalHeader().viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(view.table.horizontalHeader().sectionViewportPosition(0) + 10, 10),
    )
    qtbot.waitUntil(lambda: view.model.sort_column() == 0)
    assert QSettings().value(f"{SEARCH_RESULT}/state") is None
    assert not view.table.property(CHOSEN_COLUMNS)


def test_remembered_columns_of_another_version_of_the_table_are_not_used(
    qtbot: QtBot, driver: Driver, window: MainWindow, make_window: WindowFactory
) -> None:
    view = users_view(driver)
    drag_column_edge(qtbot, view.table, EMAIL, 80)
    window.close()
    QSettings().setValue(f"{SEARCH_RESULT}/columns", "Förnamn\tEfternamn")  # other columns

    again = Driver(qtbot, make_window(), driver.clock, driver.store)
    view = users_view(again)
    assert not view.table.property(CHOSEN_COLUMNS)


def test_a_page_is_measured_by_its_texts_and_widened_only_when_one_is_wider(
    qtbot: QtBot,
) -> None:
    """Paging on with names no wider than those fitted asks the model nothing to size
    the columns (no SizeHintRole: Qt's measuring of cells asks every role of every
    cell); a page with a wider name widens its column to fit it."""
    pages = {
        0: [case(1, 1, last_name="Holmgren"), case(1, 1, last_name="Lind")],
        1: [case(1, 1, last_name="Berg"), case(1, 1, last_name="Ek")],
        2: [case(1, 1, last_name="Bergström-Lindqvist-Karlsson-Öberg")],
    }

    def fetch(offset: int, limit: int, _sort: object, _descending: bool) -> Page[Case]:
        return Page(tuple(pages[offset // limit]), 5, offset, limit)

    model = CaseTableModel(lambda: dt.date.max, page_size=2)
    table = QTableView()
    table.setModel(model)
    configure_table(table, sortable=True)
    qtbot.addWidget(table)
    table.resize(1200, 400)
    table.show()
    with qtbot.waitSignal(model.page_loaded):
        model.set_fetch(fetch)
    column = [c.title for c in CASE_COLUMNS].index("Efternamn")
    fitted = table.columnWidth(column)
    roles: list[int] = []
    data = model.data
    model.data = lambda index, role=Qt.ItemDataRole.DisplayRole: (  # type: ignore[method-assign]
        roles.append(int(role)),
        data(index, role),
    )[1]
    with qtbot.waitSignal(model.page_loaded):
        model.go_to_page(1)
    assert int(Qt.ItemDataRole.SizeHintRole) not in roles
    assert table.columnWidth(column) == fitted
    with qtbot.waitSignal(model.page_loaded):
        model.go_to_page(2)
    assert table.columnWidth(column) > fitted
    assert table.columnWidth(column) >= table.sizeHintForColumn(column)
