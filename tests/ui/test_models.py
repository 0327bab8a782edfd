"""Every item model passes Qt's model tester (pytest-qt's qtmodeltester)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.queries import CaseQuery, Page, UserQuery, UserSort
from kawebb_desktop.services.api import Caller, Services, caller_of, recent_since
from kawebb_desktop.ui.models.cases import CaseTableModel
from kawebb_desktop.ui.models.lists import ListTableModel
from kawebb_desktop.ui.models.users import CheckableUserModel, PendingModel, UserTableModel
from kawebb_desktop.ui.views.organisation import CONTACT_COLUMNS
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
