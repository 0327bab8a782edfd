"""UI fixtures: the whole main window on demo data, with the demo's simulated phone.

Orders wait until the phone approves them. The window's own phone (what a person using
the demo sees) approves after ``approve_seconds``; here that is an hour by default, so a
test decides when the phone approves (``Driver.approve_login`` / ``approve_signing``)
and nothing happens behind its back. A test that wants the window's phone to approve by
itself parametrizes ``approve_seconds``. The window collects every 50 ms of real time;
tests wait with ``qtbot.waitUntil``, never sleep.
"""

from __future__ import annotations

import dataclasses
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kawebb_desktop.demo import create_demo
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.orders import OrderState
from kawebb_desktop.services.api import DemoPhone, Services, TestPerson
from kawebb_desktop.settings import Settings
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import open_store
from kawebb_desktop.ui.application import configure
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.i18n import DEFAULT_LANGUAGE, install_language
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.users import UsersView
from kawebb_desktop.ui.widgets.forms import plain
from tests.conftest import NOW
from tests.ui.english import compile_catalogue


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


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The English translation installed for one test, Swedish again after it."""
    compile_catalogue()
    missing = install_language(qapp, "en")
    try:
        assert not missing, f"not loaded: {missing}"
        yield
    finally:
        install_language(qapp, DEFAULT_LANGUAGE)


@pytest.fixture(autouse=True)
def fresh_qsettings() -> Iterator[None]:
    QSettings().clear()
    yield
    QSettings().clear()


class BankIdLinks(QObject):
    """Stands in for the BankID app on this computer: the ``bankid:`` links the app
    opens (``QDesktopServices.openUrl``) are recorded here, never handed to the desktop."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@pytest.fixture(autouse=True)
def bankid_links() -> Iterator[BankIdLinks]:
    links = BankIdLinks()
    QDesktopServices.setUrlHandler("bankid", links, "open")
    yield links
    QDesktopServices.unsetUrlHandler("bankid")


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path) -> Path:
    """The demo as ``create_demo`` makes it at the tests' NOW, made once: its signed
    history takes seconds, copying the file milliseconds."""
    path = tmp_path_factory.mktemp("demo-template") / "kawebb.sqlite3"
    shutil.copyfile(migrated_database, path)
    made = open_store(f"sqlite:///{path}")
    try:
        create_demo(made, FixedClock(NOW), cases=60)
    finally:
        made.close()
    return path


@pytest.fixture
def store(tmp_path: Path, demo_database: Path) -> Iterator[Store]:
    """The UI tests' store: a fresh copy of the demo in ``tmp_path / "kawebb.sqlite3"``."""
    path = tmp_path / "kawebb.sqlite3"
    shutil.copyfile(demo_database, path)
    opened = open_store(f"sqlite:///{path}")
    yield opened
    opened.close()


@pytest.fixture
def demo(store: Store, clock: FixedClock) -> Store:
    assert clock.now() == NOW, "the demo copy was made at NOW"
    return store


def people(services: Services) -> list[TestPerson]:
    phone = services.demo_phone
    assert phone is not None
    return phone.people()


def person_number(services: Services, first: str, last: str) -> str:
    for person in people(services):
        if person.name == f"{first} {last}":
            return person.personnummer
    raise KeyError(f"{first} {last}")


def order_state(store: Store, order_ref: str) -> OrderState | None:
    """How the service's record of a BankID order stands (None: no such order)."""
    with store.unit_of_work() as uow:
        order = uow.orders.get(order_ref)
    return order.state if order else None


@pytest.fixture
def approve_seconds() -> float:
    """When the window's simulated phone approves an order by itself: not in a test's
    time, unless the test parametrizes this."""
    return 3600.0


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, demo: Store, services: Services, tmp_path: Path, approve_seconds: float
) -> WindowFactory:
    """A shown main window over ``services`` (default: the test's), e.g. services with a
    gate in one call."""

    def make(with_services: Services | None = None, **settings: object) -> MainWindow:
        values: dict[str, object] = {
            "data_dir": tmp_path,
            "collect_interval_seconds": 0.05,
            "simulator_approve_seconds": approve_seconds,
        }
        values.update(settings)
        win = MainWindow(with_services or services, Settings(**values))  # type: ignore[arg-type]
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        return win

    return make


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window()


def replace_services(services: Services, **parts: object) -> Services:
    return dataclasses.replace(services, **parts)  # type: ignore[arg-type]


class Gate:
    """Holds one call of ``method`` on its worker thread until :meth:`open`: the first
    call, before it runs — or, with ``hold_answer_if``, the first call whose answer
    satisfies it, after it ran (its answer is on its way back)."""

    def __init__(self, method: str, *, hold_answer_if: Callable[[Any], bool] | None = None):
        self.method = method
        self.entered = threading.Event()
        self.returned = threading.Event()
        self._hold_answer_if = hold_answer_if
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._used = False
        self.result: Any = None

    def open(self) -> None:
        self._release.set()

    def _claim(self) -> bool:
        with self._lock:
            first, self._used = not self._used, True
            return first

    def _hold(self) -> None:
        self.entered.set()
        assert self._release.wait(10), "the test never opened the gate"

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self._hold_answer_if is not None:
            result = fn(*args)
            if self._hold_answer_if(result) and self._claim():
                self.result = result
                self._hold()
                self.returned.set()
            return result
        if not self._claim():
            return fn(*args)
        self._hold()
        try:
            self.result = fn(*args)
            return self.result
        finally:
            self.returned.set()


class Gated:
    """A service part whose ``gate.method`` goes through the gate; the rest as is."""

    def __init__(self, inner: object, gate: Gate) -> None:
        self._inner = inner
        self._gate = gate

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name != self._gate.method:
            return attribute
        return lambda *args: self._gate.call(attribute, *args)


def gated_window(
    make_window: WindowFactory, services: Services, part: str, gate: Gate
) -> MainWindow:
    inner = getattr(services, part)
    return make_window(replace_services(services, **{part: Gated(inner, gate)}))


def button_of(box: QMessageBox, text: str) -> QAbstractButton:
    """The button of ``box`` that says ``text`` (without its ``&``)."""
    for candidate in box.buttons():
        if plain(candidate.text()) == text:
            return candidate
    raise KeyError(text)


def open_signing(qtbot: QtBot, view: UsersView) -> SigningDialog:
    """Press Signera: the list to sign is read from the service, then the dialog shows
    it."""
    qtbot.waitUntil(view.sign_button.isEnabled)
    qtbot.mouseClick(view.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(view.dialog, SigningDialog))
    dialog = view.dialog
    assert isinstance(dialog, SigningDialog)
    qtbot.waitExposed(dialog)
    return dialog


def press_sign(qtbot: QtBot, dialog: SigningDialog) -> None:
    """Sign in the signing wizard with the device it offers (the remembered one, else
    Mobilt BankID): Nästa on Granska, then Signera med BankID on Välj — or Försök igen
    after a failure on Signera."""
    if dialog.currentId() == dialog.REVIEW:
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)


def type_text(widget: QWidget, text: str) -> None:
    """Type like a keyboard, Swedish letters included (``QTest.keyClicks`` aborts on
    non-ASCII characters)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


class Driver:
    """Clicks through the window like a person would, and is the person's phone."""

    def __init__(self, qtbot: QtBot, window: MainWindow, clock: FixedClock, store: Store):
        self.qtbot = qtbot
        self.window = window
        self.clock = clock
        self.store = store
        phone = window.services.demo_phone
        assert phone is not None
        self.phone: DemoPhone = phone

    def choose_person(self, first: str, last: str) -> str:
        """Pick the test person on the login page; returns their personnummer."""
        page = self.window.login
        box = page.person_box
        assert box is not None
        self.qtbot.waitUntil(lambda: box.count() > 0)
        number = person_number(self.window.services, first, last)
        index = next(i for i in range(box.count()) if box.itemData(i).personnummer == number)
        box.setCurrentIndex(index)
        return number

    def start_login(self, first: str = "Arvid", last: str = "Aronsson") -> str:
        """Choose the person and press Logga in; returns the order's reference."""
        page = self.window.login
        self.choose_person(first, last)
        self.qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: page.flow.order is not None)
        assert page.flow.order is not None
        return page.flow.order.order_ref

    def approve_login(self) -> None:
        """The chosen person's phone approves the login order shown now."""
        page = self.window.login
        order, person = page.flow.order, page.chosen_person()
        assert order is not None and person is not None
        self.phone.approve(order.order_ref, person.personnummer)

    def login(
        self,
        first: str = "Arvid",
        last: str = "Aronsson",
        organisation: str | None = "Dorotea kommun",
    ) -> None:
        page = self.window.login
        self.start_login(first, last)
        self.approve_login()
        self.qtbot.waitUntil(
            lambda: page.choices.isVisible() or self.window.workspace is not None, timeout=10_000
        )
        if page.choices.isVisible():
            assert organisation is not None
            items = [page.choices.item(i).text() for i in range(page.choices.count())]
            row = next(i for i, text in enumerate(items) if text.startswith(organisation))
            page.choices.setCurrentRow(row)
            self.qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: self.window.workspace is not None, timeout=10_000)

    def approve_signing(self, dialog: SigningDialog) -> None:
        """The signer's phone approves the signing order the dialog shows."""
        order = dialog.flow.order
        assert order is not None
        self.phone.approve(order.order_ref, None)

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
