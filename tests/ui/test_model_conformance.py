"""Every item model the window holds passes Qt's model tester (pytest-qt's
``qtmodeltester``), with the demo's data in it and while it changes: sorting, paging,
greying, *Alla* growing a window at a time, a new list, an empty list.

The models are found in the window itself (every ``QAbstractItemModel`` of ours under a
tab), so a model a new view adds is tested here too without being named.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QTabWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.queries import Page, UserQuery, UserSort
from kawebb_desktop.services.api import UserRow, caller_of
from kawebb_desktop.ui.models import paged
from kawebb_desktop.ui.models.columns import ColumnTableModel
from kawebb_desktop.ui.models.lists import ListTableModel
from kawebb_desktop.ui.models.paged import ALL, PagedTableModel
from kawebb_desktop.ui.models.users import CheckableUserModel
from tests.ui.conftest import Driver
from tests.ui.test_pending_changes import queue_contact_and_account

#: The models a logged-in behörighetsadministratör must meet (at least these; a view
#: may add more, which are then tested too).
EXPECTED = {
    "CaseTableModel",  # Översikt
    "UserTableModel",  # Användare
    "PendingModel",  # Användare att signera
    "PendingChangesModel",  # Ändringar att signera
    "OpenableModel",  # Uppgifter: kontaktpersoner, konton
    "ListTableModel",  # Tjänsteutbud and its units
}


def _ours(model: QAbstractItemModel) -> bool:
    return type(model).__module__.startswith("kawebb_desktop.")


def _show_every_tab(driver: Driver) -> list[ColumnTableModel[object]]:
    """Show each sub-tab once (views read their data when shown) and return our models
    (every item model of ours under the tabs, including ones no test here names)."""
    workspace = driver.window.workspace
    assert workspace is not None
    tabs = workspace.tabs
    for main in range(tabs.count()):
        tabs.setCurrentIndex(main)
        sub = tabs.widget(main)
        assert isinstance(sub, QTabWidget)
        for i in range(sub.count()):
            sub.setCurrentIndex(i)
            driver.qtbot.wait(0)  # let the view's showEvent start its read
    models = [m for m in workspace.findChildren(QAbstractItemModel) if _ours(m)]
    assert all(isinstance(m, ColumnTableModel) for m in models), models
    return models  # type: ignore[return-value]


def _has_rows(model: ColumnTableModel[object]) -> bool:
    if isinstance(model, PagedTableModel) and (model.loading or model.page is None):
        return False
    return model.rowCount() > 0


def _wait_page(qtbot: QtBot, model: PagedTableModel[object], action: Callable[[], None]) -> None:
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        action()


def _exercise_paged(qtbot: QtBot, model: PagedTableModel[object]) -> None:
    """Sort, page, grey, *Alla* (growing), back: each under the tester's eye."""
    if model.page is None:
        return  # a list its view has not asked for (nothing chosen yet)
    sortable = [
        i
        for i in range(model.columnCount())
        if model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    ]
    if sortable:
        _wait_page(qtbot, model, lambda: model.sort(sortable[-1], Qt.SortOrder.DescendingOrder))
    page = model.page
    assert page is not None
    if page.total > model.page_size:
        _wait_page(qtbot, model, model.next_page)
        assert model.headerData(0, Qt.Orientation.Vertical) == str(model.page_size + 1)
    model.set_stale(True)
    model.set_stale(False)
    size = model.page_size
    _wait_page(qtbot, model, lambda: model.set_page_size(ALL))
    grew: list[int] = []
    model.rowsInserted.connect(lambda *_a: grew.append(model.rowCount()))

    def grown() -> bool:
        # The view asks for more by itself while its viewport is not full; go on to the end.
        if model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        page = model.page
        return page is not None and model.rowCount() == page.total and page.total_exact

    qtbot.waitUntil(grown, timeout=10_000)
    assert model.rowCount() > paged.GROW_WINDOW or not grew, type(model).__name__
    if model.rowCount() > paged.GROW_WINDOW:
        assert grew == sorted(grew) and len(grew) >= 1, grew
    _wait_page(qtbot, model, lambda: model.set_page_size(size))
    if sortable:
        _wait_page(qtbot, model, lambda: model.sort(sortable[0], Qt.SortOrder.AscendingOrder))


def _exercise_list(model: ListTableModel[object]) -> None:
    rows = model.objects()
    model.set_rows(rows[::-1])
    model.set_rows([])
    assert model.rowCount() == 0
    model.set_rows(rows)


def test_every_model_in_the_window_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, driver: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small *Alla* window, so the demo's 60 cases and 24 users grow more than once.
    monkeypatch.setattr(paged, "GROW_WINDOW", 20)
    driver.login()
    actor = driver.window.actor
    assert actor is not None
    queue_contact_and_account(driver.window.services, caller_of(actor))
    models = _show_every_tab(driver)
    workspace = driver.window.workspace
    assert workspace is not None and workspace.pending is not None
    workspace.pending.reload()  # the contact and account queued above
    assert {type(m).__name__ for m in models} >= EXPECTED
    # The expected lists have the demo's rows; any other may be empty until a choice is
    # made in its view (it is checked all the same), but none is still loading.
    expected = [m for m in models if type(m).__name__ in EXPECTED]
    qtbot.waitUntil(lambda: all(_has_rows(m) for m in expected), timeout=10_000)
    qtbot.waitUntil(
        lambda: not any(isinstance(m, PagedTableModel) and m.loading for m in models),
        timeout=10_000,
    )

    for model in models:
        qtmodeltester.check(model)  # checks now, and again on every signal that follows
        if isinstance(model, PagedTableModel):
            _exercise_paged(qtbot, model)
        elif isinstance(model, ListTableModel):
            _exercise_list(model)


def test_checkable_user_model_checks_under_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, driver: Driver
) -> None:
    """*Ändra behörighetsperiod*'s list: checkboxes (admins cannot be checked)."""
    driver.login()
    actor = driver.window.actor
    assert actor is not None
    services, caller = driver.window.services, caller_of(actor)

    def fetch(offset: int, limit: int, sort: object, descending: bool) -> Page[UserRow]:
        key = sort if isinstance(sort, UserSort) else UserSort.LAST_NAME
        return services.users.list_users(caller, UserQuery("", key, descending, offset, limit))

    model = CheckableUserModel()
    with qtbot.waitSignal(model.page_loaded):
        model.set_fetch(fetch)
    qtmodeltester.check(model)
    rows = range(model.rowCount())
    admin = next(r for r in rows if model.object_at(r).user.role.is_admin)
    other = next(r for r in rows if not model.object_at(r).user.role.is_admin)
    checked = Qt.CheckState.Checked
    assert not model.setData(model.index(admin, 0), checked, Qt.ItemDataRole.CheckStateRole)
    assert model.setData(model.index(other, 0), checked, Qt.ItemDataRole.CheckStateRole)
    assert model.data(model.index(other, 0), Qt.ItemDataRole.CheckStateRole) == checked.value
    assert model.checked == {model.user_id(other)}
    chosen = model.user_id(other)
    with qtbot.waitSignal(model.page_loaded):
        model.next_page()
    assert model.checked == {chosen}  # kept across pages
