"""Every item model passes Qt's model tester (pytest-qt's qtmodeltester)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.queries import CaseQuery, Page, UserQuery, UserSort
from kawebb_desktop.services.api import Caller, Services, caller_of, recent_since
from kawebb_desktop.ui.models.cases import CaseTableModel
from kawebb_desktop.ui.models.columns import ColumnTableModel
from kawebb_desktop.ui.models.lists import ListTableModel
from kawebb_desktop.ui.models.paged import ALL
from kawebb_desktop.ui.models.users import CheckableUserModel, PendingModel, UserTableModel
from kawebb_desktop.ui.views.organisation import CONTACT_COLUMNS
from tests.store.builders import case
from tests.ui.conftest import Driver


def _admin(driver: Driver) -> tuple[Services, Caller]:
    driver.login()
    assert driver.window.actor is not None
    return driver.window.services, caller_of(driver.window.actor)


def test_user_models(qtbot: QtBot, qtmodeltester: ModelTester, driver: Driver) -> None:
    services, actor = _admin(driver)
    for model in (UserTableModel(), CheckableUserModel()):

        def fetch(offset: int, limit: int, sort, descending: bool):  # type: ignore[no-untyped-def]
            key = sort if isinstance(sort, UserSort) else UserSort.LAST_NAME
            return services.users.list_users(actor, UserQuery("", key, descending, offset, limit))

        with qtbot.waitSignal(model.page_loaded):
            model.set_fetch(fetch)
        assert model.rowCount() == 10
        qtmodeltester.check(model)
        with qtbot.waitSignal(model.page_loaded):
            model.sort(1, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)


def test_pending_model(qtmodeltester: ModelTester, driver: Driver) -> None:
    services, actor = _admin(driver)
    model = PendingModel()
    model.set_rows(services.users.list_pending(actor))
    assert model.rowCount() == 1
    qtmodeltester.check(model)


def test_case_model_marks_recent_events_bold(
    qtbot: QtBot, qtmodeltester: ModelTester, driver: Driver
) -> None:
    services, actor = _admin(driver)
    unit = services.organisations.units(actor)[0]
    model = CaseTableModel(lambda: recent_since(services.clock))

    def fetch(offset: int, limit: int, sort, descending: bool) -> Page:  # type: ignore[no-untyped-def, type-arg]
        return services.cases.list_cases(actor, CaseQuery(unit.id, offset=offset, limit=limit))

    with qtbot.waitSignal(model.page_loaded):
        model.set_fetch(fetch)
    qtmodeltester.check(model)
    week_ago = services.clock.today() - dt.timedelta(days=7)
    for row in range(model.rowCount()):
        font = model.data(model.index(row, 0), Qt.ItemDataRole.FontRole)
        recent = model.object_at(row).last_event_on >= week_ago
        assert (font is not None and font.bold()) == recent


def test_list_model(qtmodeltester: ModelTester, driver: Driver) -> None:
    services, actor = _admin(driver)
    model = ListTableModel(CONTACT_COLUMNS)
    model.set_rows(services.organisations.contacts(actor))
    qtmodeltester.check(model)


def test_case_cells_kept_in_qt_answer_as_the_python_data_does(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    """The cases model keeps its cells in Qt's items (a page paints without Python):
    every role a view paints or reads, and the flags, equal what the Python ``data()``
    of the other lists answers for the same rows — a page, a page after it, rows grown
    for *Alla*, greyed and not, and texts made again."""

    class PythonCells(CaseTableModel):
        cells_in_qt = False
        data = ColumnTableModel.data
        flags = ColumnTableModel.flags

    rows = [
        case(i, i, last_name=f"Berg{i}", last_event_on=dt.date(2026, 11, i % 28 + 1))
        for i in range(1, 8)
    ]

    def fetch(offset: int, limit: int, _sort: object, _descending: bool) -> Page:  # type: ignore[type-arg]
        return Page(tuple(rows[offset : offset + limit]), len(rows), offset, limit)

    roles = [
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.CheckStateRole,
    ]

    def answers(model: CaseTableModel) -> list[object]:
        out: list[object] = [model.rowCount(), model.columnCount()]
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                index = model.index(r, c)
                out.append(int(model.flags(index).value))
                for role in roles:
                    value = model.data(index, role)
                    out.append(value.bold() if hasattr(value, "bold") else value)
        return out

    def recent() -> dt.date:
        return dt.date(2026, 11, 3)

    qt, python = CaseTableModel(recent, page_size=3), PythonCells(recent, page_size=3)
    assert type(qt).data is not type(python).data
    for model in (qt, python):
        with qtbot.waitSignal(model.page_loaded):
            model.set_fetch(fetch)
    assert answers(qt) == answers(python)
    assert qt.rowCount() == 3 and qt.data(qt.index(0, 4)) == "Berg1"
    fonts = [qt.data(qt.index(r, 0), Qt.ItemDataRole.FontRole) for r in range(3)]
    assert [f is not None and f.bold() for f in fonts] == [False, True, True]
    for model in (qt, python):
        with qtbot.waitSignal(model.page_loaded):
            model.next_page()
        model.set_stale(True)
    assert answers(qt) == answers(python)
    assert qt.data(qt.index(0, 4)) == "Berg4"
    for model in (qt, python):
        model.set_stale(False)
        with qtbot.waitSignal(model.page_loaded):
            model.set_page_size(ALL)
    assert answers(qt) == answers(python)
    for model in (qt, python):
        while model.canFetchMore(QModelIndex()):
            with qtbot.waitSignal(model.page_loaded):
                model.fetchMore(QModelIndex())
    assert qt.rowCount() == len(rows)
    assert answers(qt) == answers(python)
    qtmodeltester.check(qt)
