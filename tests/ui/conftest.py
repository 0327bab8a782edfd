"""UI fixtures: the whole main window on demo data, driven through the simulator.

Time is a FixedClock: the simulated BankID user approves 3 s of *clock* time after an
order starts, so a test moves the clock and then waits (``qtbot.waitUntil``) for the
next collect, which the window makes every 50 ms of real time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kawebb_desktop.demo import create_demo
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.services import Services
from kawebb_desktop.settings import Settings
from kawebb_desktop.signing.simulator import BankIdSimulator, SimulatedPerson
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.application import configure
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.users import UsersView


@pytest.fixture(scope="session", autouse=True)
def configured_app(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> QApplication:
    configure(qapp)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        str(tmp_path_factory.mktemp("qsettings")),
    )
    return qapp


@pytest.fixture(autouse=True)
def fresh_qsettings() -> Iterator[None]:
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def demo(store: Store, clock: FixedClock) -> Store:
    create_demo(store, clock, cases=60)
    return store


def people(store: Store) -> list[SimulatedPerson]:
    with store.unit_of_work() as uow:
        persons = uow.persons.list_all()
    return [SimulatedPerson(p.personnummer.value, p.first_name, p.last_name) for p in persons]


def person_number(store: Store, first: str, last: str) -> str:
    for person in people(store):
        if (person.given_name, person.surname) == (first, last):
            return person.personal_number
    raise KeyError(f"{first} {last}")


@pytest.fixture
def window(
    qtbot: QtBot, demo: Store, services: Services, simulator: BankIdSimulator, tmp_path: Path
) -> MainWindow:
    settings = Settings(data_dir=tmp_path, collect_interval_seconds=0.05)
    win = MainWindow(services, settings, simulator=simulator, simulator_people=lambda: people(demo))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def type_text(widget: QWidget, text: str) -> None:
    """Type like a keyboard, Swedish letters included (``QTest.keyClicks`` aborts on
    non-ASCII characters)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


class Driver:
    """Clicks through the window like a person would, moving the clock for BankID."""

    def __init__(self, qtbot: QtBot, window: MainWindow, clock: FixedClock, store: Store):
        self.qtbot = qtbot
        self.window = window
        self.clock = clock
        self.store = store

    def login(
        self,
        first: str = "Arvid",
        last: str = "Aronsson",
        organisation: str | None = "Dorotea kommun",
    ) -> None:
        page = self.window.login
        assert page.person_box is not None
        number = person_number(self.store, first, last)
        index = next(
            i
            for i in range(page.person_box.count())
            if page.person_box.itemData(i).personal_number == number
        )
        page.person_box.setCurrentIndex(index)
        self.qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: page.flow.order is not None)
        self.clock.advance(dt.timedelta(seconds=4))
        self.qtbot.waitUntil(
            lambda: page.choices.isVisible() or self.window.workspace is not None, timeout=5000
        )
        if page.choices.isVisible():
            assert organisation is not None
            items = [page.choices.item(i).text() for i in range(page.choices.count())]
            row = next(i for i, text in enumerate(items) if text.startswith(organisation))
            page.choices.setCurrentRow(row)
            self.qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: self.window.workspace is not None, timeout=5000)

    def open_users(self) -> UsersView:
        workspace = self.window.workspace
        assert workspace is not None
        assert workspace.users is not None
        workspace.show_tab("Organisationen", "Användare")
        view = workspace.users
        self.qtbot.waitUntil(lambda: view.model.page is not None)
        return view

    def users_total(self) -> int:
        workspace = self.window.workspace
        assert workspace is not None
        assert workspace.users is not None
        page = workspace.users.model.page
        return page.total if page else -1


@pytest.fixture
def driver(qtbot: QtBot, window: MainWindow, clock: FixedClock, demo: Store) -> Driver:
    return Driver(qtbot, window, clock, demo)
