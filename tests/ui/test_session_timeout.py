"""Sessionstid: the workspace locks after the idle time, warns two minutes before, and
the same person's BankID login opens it again exactly as it was.

The window's idle monitor reads the services' fixed clock and ticks every 20 ms: a test
moves the clock and waits for the tick (``qtbot.waitUntil``), never half an hour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.errors import NotAuthenticated
from kawebb_desktop.domain.orders import OrderState
from kawebb_desktop.domain.sessions import token_hash
from kawebb_desktop.remote import close, connect
from kawebb_desktop.server.app import create_app
from kawebb_desktop.server.config import ServerConfig
from kawebb_desktop.services.api import Services
from kawebb_desktop.services.demo import mark_demo_store
from kawebb_desktop.services.flows import Device, LoginState
from kawebb_desktop.settings import Settings
from kawebb_desktop.signing.messages import RFA_TEXTS
from kawebb_desktop.signing.simulator import BankIdSimulator
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.dialogs.user_dialog import UserDialog
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.widgets.bankid import DEVICE_SETTING
from kawebb_desktop.ui.widgets.session_lock import (
    CHOOSE,
    IDENTIFY,
    IdleState,
    IdleTimer,
    LockScreen,
)
from tests.ui.conftest import BankIdLinks, Driver, order_state, person_number, type_text
from tests.ui.test_accessibility import problems

IDLE = dt.timedelta(minutes=30)
TICK_MS = 20


def open_window(qtbot: QtBot, services: Services, clock: FixedClock, tmp_path: Path) -> MainWindow:
    settings = Settings(
        data_dir=tmp_path, collect_interval_seconds=0.05, simulator_approve_seconds=3600.0
    )
    window = MainWindow(services, settings, idle_clock=clock, idle_tick_ms=TICK_MS)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(
    qtbot: QtBot, demo: Store, services: Services, clock: FixedClock, tmp_path: Path
) -> MainWindow:
    return open_window(qtbot, services, clock, tmp_path)


@pytest.fixture
def driver(qtbot: QtBot, window: MainWindow, clock: FixedClock, demo: Store) -> Driver:
    return Driver(qtbot, window, clock, demo)


def unlock_as(qtbot: QtBot, driver: Driver, window: MainWindow, name: str) -> None:
    """On the lock screen: the test person ``name`` logs in with BankID."""
    lock = window.lock_screen
    box = lock.person_box
    assert box is not None
    qtbot.waitUntil(lambda: box.count() > 0)
    number = person_number(window.services, *name.split(" ", 1))
    box.setCurrentIndex(
        next(i for i in range(box.count()) if box.itemData(i).personnummer == number)
    )
    qtbot.mouseClick(lock.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lock.flow.order is not None)
    order = lock.flow.order
    assert order is not None
    driver.phone.approve(order.order_ref, number)


# ---------------------------------------------------------------------- the state machine
def test_the_timer_warns_two_minutes_before_and_input_starts_it_again() -> None:
    start = dt.datetime(2026, 6, 15, 8, 0, tzinfo=dt.UTC)
    timer = IdleTimer(IDLE, start)
    assert timer.tick(start + dt.timedelta(minutes=27, seconds=59)) is IdleState.ACTIVE
    assert timer.tick(start + dt.timedelta(minutes=28)) is IdleState.WARNING
    timer.activity(start + dt.timedelta(minutes=29))
    assert timer.tick(start + dt.timedelta(minutes=29)) is IdleState.ACTIVE
    assert timer.tick(start + dt.timedelta(minutes=59)) is IdleState.LOCKED
    timer.activity(start + dt.timedelta(minutes=60))  # locked stays locked
    assert timer.tick(start + dt.timedelta(minutes=60)) is IdleState.LOCKED
    # A short idle time warns at its half.
    assert IdleTimer(dt.timedelta(minutes=1), start).warn_before == dt.timedelta(seconds=30)


# ---------------------------------------------------------------------- the window
def test_the_warning_shows_two_minutes_before_and_activity_takes_it_away(
    qtbot: QtBot, driver: Driver, window: MainWindow, clock: FixedClock, demo: Store
) -> None:
    driver.login()
    bar = window.idle_warning
    assert window.session_idle == IDLE and not bar.isVisible()
    clock.advance(IDLE - dt.timedelta(minutes=2))
    qtbot.waitUntil(bar.isVisible)
    assert "låses om 2 min" in bar.text.text()
    assert bar.continue_button.accessibleName() == "Fortsätt arbeta"
    assert not window.locked  # non-modal: the workspace is still there
    # Any key is activity.
    workspace = window.workspace
    assert workspace is not None
    qtbot.keyClicks(workspace.overview.first_field(), "a")
    qtbot.waitUntil(lambda: not bar.isVisible())
    # The key also told the services (keepalive, on a worker): wait for that before the
    # clock moves on, or the session would look idle for 56 minutes when it arrives.
    qtbot.waitUntil(lambda: last_seen(demo, workspace.actor.token) == clock.now())
    # The time started again at that key: the warning comes back 28 minutes later …
    clock.advance(IDLE - dt.timedelta(minutes=2))
    qtbot.waitUntil(bar.isVisible)
    clock.advance(dt.timedelta(seconds=30))
    qtbot.waitUntil(lambda: "1 min 30 s" in bar.text.text())
    # … and Fortsätt arbeta takes it away as well.
    bar.continue_button.click()
    assert not bar.isVisible() and not window.locked


def test_idle_locks_and_the_same_person_finds_everything_as_it_was(
    qtbot: QtBot, driver: Driver, window: MainWindow, clock: FixedClock, services: Services
) -> None:
    driver.login()
    workspace = window.workspace
    assert workspace is not None
    token = workspace.actor.token
    view = driver.open_users()
    view.create_user()
    qtbot.waitUntil(lambda: isinstance(view.dialog, UserDialog) and view.dialog.isVisible())
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    type_text(dialog.first_name, "Åsa-Lena")
    clock.advance(IDLE)
    qtbot.waitUntil(lambda: window.locked)
    lock = window.lock_screen
    assert lock.isVisible() and not workspace.isVisible()
    assert not dialog.isVisible(), "nothing of the work shows behind the lock"
    assert "inaktiv i 30 minuter" in lock.reason.text()
    assert "Logga in igen med BankID" in lock.reason.text()
    assert not window.export_action.isEnabled()
    # The lock screen offers the same person's phone.
    qtbot.waitUntil(lambda: lock.chosen_person() is not None)
    chosen = lock.chosen_person()
    assert chosen is not None and chosen.name == "Arvid Aronsson"

    unlock_as(qtbot, driver, window, "Arvid Aronsson")
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert window.workspace is workspace, "the workspace is not rebuilt"
    assert workspace.actor.token == token
    assert workspace.current_view() is view
    assert dialog.isVisible() and dialog.first_name.text() == "Åsa-Lena"
    assert services.auth.me(token).person.full_name == "Arvid Aronsson"
    # The timer runs again.
    assert window.idle.running
    dialog.reject()


def test_another_person_at_the_lock_screen_logs_the_session_out(
    qtbot: QtBot, driver: Driver, window: MainWindow, clock: FixedClock, services: Services
) -> None:
    driver.login()
    assert window.workspace is not None
    token = window.workspace.actor.token
    clock.advance(IDLE)
    qtbot.waitUntil(lambda: window.locked)
    unlock_as(qtbot, driver, window, "Viking Evertsson")
    qtbot.waitUntil(lambda: window.workspace is None, timeout=10_000)
    assert window.stack.currentWidget() is window.login
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "annan person" in boxes[0].text() and "Arvid Aronsson" in boxes[0].text()
    qtbot.waitUntil(lambda: _refused(services, token))
    assert not window.idle.running and not window.idle_warning.isVisible()


def test_a_lock_older_than_the_resume_limit_logs_out_to_the_login_page(
    qtbot: QtBot, driver: Driver, window: MainWindow, clock: FixedClock, services: Services
) -> None:
    """Locked overnight: the same person's BankID does not open a session last used more
    than 12 hours ago (the services' session_resume_max); the app says so and shows the
    login page."""
    driver.login()
    assert window.workspace is not None
    token = window.workspace.actor.token
    clock.advance(IDLE)
    qtbot.waitUntil(lambda: window.locked)
    clock.advance(dt.timedelta(hours=12))
    unlock_as(qtbot, driver, window, "Arvid Aronsson")
    qtbot.waitUntil(lambda: window.workspace is None, timeout=10_000)
    assert window.stack.currentWidget() is window.login
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "för länge" in boxes[0].text() and "12 timmar" in boxes[0].text()
    qtbot.waitUntil(lambda: _refused(services, token))
    assert not window.idle.running


def test_logga_ut_on_the_lock_screen_logs_out(
    qtbot: QtBot, driver: Driver, window: MainWindow, clock: FixedClock, services: Services
) -> None:
    driver.login()
    assert window.workspace is not None
    token = window.workspace.actor.token
    window.lock("Låst för provet.")
    assert window.lock_screen.logout_button.accessibleName() == "Logga ut"
    window.lock_screen.logout_button.click()
    assert window.workspace is None and window.stack.currentWidget() is window.login
    qtbot.waitUntil(lambda: _refused(services, token))


def test_the_server_ending_the_session_shows_the_same_lock_screen(
    qtbot: QtBot, driver: Driver, window: MainWindow, clock: FixedClock, services: Services
) -> None:
    """The person worked (the app's timer is far from its end) but the server's session
    expired: the next call says so, the app locks, and logging in again resumes it."""
    driver.login()
    workspace = window.workspace
    assert workspace is not None
    window.idle.start(dt.timedelta(hours=8))
    type_text(workspace.overview.first_field(), "Kvar")
    clock.advance(IDLE + dt.timedelta(minutes=1))
    workspace.overview.run_search()
    qtbot.waitUntil(lambda: window.locked, timeout=10_000)
    assert "Sessionen har avslutats" in window.lock_screen.reason.text()
    unlock_as(qtbot, driver, window, "Arvid Aronsson")
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert window.workspace is workspace
    assert workspace.overview.first_field().text() == "Kvar"
    assert services.auth.me(workspace.actor.token).person.full_name == "Arvid Aronsson"


def _refused(services: Services, token: str) -> bool:
    try:
        services.auth.me(token)
    except NotAuthenticated:
        return True
    return False


# ---------------------------------------------------------------------- remote mode
def in_process(app: Any) -> httpx.MockTransport:
    """The server app answering the remote client without a socket (TestClient)."""
    from tests.server.conftest import TestClient  # without Starlette's nudge to httpx2

    client = TestClient(app)

    def handle(request: httpx.Request) -> httpx.Response:
        answer = client.request(
            request.method,
            request.url.path,
            params=request.url.params,
            headers={k: v for k, v in request.headers.items() if k.lower() != "host"},
            content=request.content,
        )
        headers = {
            k: v
            for k, v in answer.headers.items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        }
        return httpx.Response(answer.status_code, headers=headers, content=answer.content)

    return httpx.MockTransport(handle)


@pytest.fixture
def remote(demo: Store, clock: FixedClock, tmp_path: Path) -> Iterator[Services]:
    """The window's services over the server's API, the server set to 7 minutes."""
    mark_demo_store(demo)
    config = ServerConfig(
        store_url=f"sqlite:///{tmp_path / 'kawebb.sqlite3'}",
        activation_delay_seconds=0,
        session_idle_minutes=7,
        clock=clock,
    )
    app = create_app(config)
    services = connect("http://kawebb.test", transport=in_process(app), clock=clock)
    yield services
    QThreadPool.globalInstance().waitForDone(10_000)
    close(services)
    app.state.store.close()


def test_remote_mode_uses_the_servers_idle_time(
    qtbot: QtBot, remote: Services, clock: FixedClock, demo: Store, tmp_path: Path
) -> None:
    window = open_window(qtbot, remote, clock, tmp_path / "remote")
    assert window.settings.session_idle == IDLE  # the local setting, not used here
    driver = Driver(qtbot, window, clock, demo)
    driver.login()
    assert window.session_idle == dt.timedelta(minutes=7)
    clock.advance(dt.timedelta(minutes=5))
    qtbot.waitUntil(window.idle_warning.isVisible)
    clock.advance(dt.timedelta(minutes=2))
    qtbot.waitUntil(lambda: window.locked)
    assert "inaktiv i 7 minuter" in window.lock_screen.reason.text()


def test_the_lock_screen_is_reached_by_keyboard_and_has_its_help(
    qtbot: QtBot, driver: Driver, window: MainWindow, clock: FixedClock
) -> None:
    driver.login()
    clock.advance(IDLE)
    qtbot.waitUntil(lambda: window.locked)
    lock = window.lock_screen
    assert window.help_topic() == "sessionstid"
    qtbot.waitUntil(lambda: window.focusWidget() is lock.start_button)
    qtbot.keyClick(lock.start_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lock.flow.order is not None and lock.cancel_button.isVisible())
    qtbot.keyClick(lock.cancel_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: lock.start_button.isVisible() and lock.flow.order is None)
    assert window.locked


def test_the_lock_screen_offers_the_logins_device_choice(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    clock: FixedClock,
    bankid_links: BankIdLinks,
) -> None:
    driver.login()
    QSettings().setValue(DEVICE_SETTING, Device.THIS.value)  # chosen last time
    clock.advance(IDLE)
    qtbot.waitUntil(lambda: window.locked)
    lock = window.lock_screen
    assert lock.device_buttons[Device.THIS].isChecked()  # the remembered one
    assert lock.device_buttons[Device.THIS].accessibleName() == Device.THIS.label
    qtbot.mouseClick(lock.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lock.flow.order is not None)
    order = lock.flow.order
    assert order is not None and not lock.flow.qr and not lock.qr.isVisible()
    assert bankid_links.opened == [
        f"bankid:///?autostarttoken={order.auto_start_token}&redirect=null"
    ]
    assert not lock.device_buttons[Device.OTHER].isEnabled()  # not while waiting
    qtbot.mouseClick(lock.cancel_button, Qt.MouseButton.LeftButton)
    lock.device_buttons[Device.OTHER].click()
    assert QSettings().value(DEVICE_SETTING) == Device.OTHER.value
    qtbot.mouseClick(lock.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lock.qr.isVisible())
    assert len(bankid_links.opened) == 1


def test_working_without_server_calls_keeps_the_servers_session_alive(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    clock: FixedClock,
    demo: Store,
    services: Services,
) -> None:
    """Typing a long text calls nobody; the app tells the server now and then, so the
    session does not end under a person at work."""
    driver.login()
    assert window.workspace is not None
    token = window.workspace.actor.token
    for _ in range(4):  # 40 minutes, never 30 of them idle
        clock.advance(dt.timedelta(minutes=10))
        with qtbot.waitSignal(window.idle.keepalive):
            qtbot.keyClick(window, Qt.Key.Key_Shift)
        qtbot.waitUntil(lambda: last_seen(demo, token) == clock.now())
    assert not window.locked
    assert services.auth.me(token).person.full_name == "Arvid Aronsson"


def last_seen(store: Store, token: str) -> dt.datetime | None:
    with store.unit_of_work() as uow:
        session = uow.sessions.by_token_hash(token_hash(token))
    return session.last_seen_at if session else None


# ---------------------------------------------------------------------- the lock as a wizard
def lock_buttons(lock: LockScreen) -> list[str]:
    """The wizard's buttons shown, left to right, as their labels read."""
    shown = [
        b
        for b in (
            lock.logout_button,
            lock.same_device_button,
            lock.cancel_button,
            lock.start_button,
        )
        if b.isVisible()
    ]
    return [b.text().replace("&", "") for b in sorted(shown, key=lambda b: b.x())]


def test_the_lock_screen_is_a_wizard_of_the_logins_first_two_steps(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    clock: FixedClock,
    simulator: BankIdSimulator,
    tmp_path: Path,
) -> None:
    """1 Välj → 2 Legitimera, drawn by the login's QWizard: cancel goes back to Välj, a
    failure BankID reports shows its message there with Försök igen, and the same person
    then unlocks; Logga ut on both steps; Esc closes nothing."""
    driver.login()
    clock.advance(IDLE)
    qtbot.waitUntil(lambda: window.locked)
    lock = window.lock_screen
    wizard = lock.wizard
    assert not wizard.isWindow()
    assert [wizard.page(i).title() for i in wizard.pageIds()] == ["1 Välj", "2 Legitimera"]
    assert lock.step == CHOOSE and wizard.currentId() == CHOOSE
    assert wizard.button(QWizard.WizardButton.CustomButton1) is lock.start_button
    assert wizard.button(QWizard.WizardButton.CustomButton3) is lock.logout_button
    assert lock_buttons(lock) == ["Logga ut", "Logga in med BankID"]
    qtbot.waitUntil(lambda: lock.chosen_person() is not None)
    assert problems(lock) == []
    lock.grab().save(str(tmp_path / "lock-1-valj.png"))

    # Legitimera, then Avbryt: the order is cancelled and Välj shows again.
    qtbot.mouseClick(lock.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lock.flow.state is LoginState.WAITING)
    assert lock.step == IDENTIFY and wizard.currentPage().title() == "2 Legitimera"
    assert lock.qr.isVisible()
    assert lock_buttons(lock) == ["Avbryt", "Logga ut"]
    assert problems(lock) == []
    lock.grab().save(str(tmp_path / "lock-2-legitimera.png"))
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # never closes the embedded wizard
    assert wizard.isVisible() and lock.flow.state is LoginState.WAITING
    cancelled = lock.flow.order
    assert cancelled is not None
    qtbot.mouseClick(lock.cancel_button, Qt.MouseButton.LeftButton)
    assert lock.step == CHOOSE and wizard.currentId() == CHOOSE
    qtbot.waitUntil(lambda: order_state(driver.store, cancelled.order_ref) is OrderState.FAILED)

    # A failure BankID reports: its message on Välj, and Försök igen.
    qtbot.mouseClick(lock.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lock.flow.state is LoginState.WAITING)
    failing = lock.flow.order
    assert failing is not None
    simulator.fail(failing.order_ref, "userCancel")
    qtbot.waitUntil(lambda: lock.flow.state is LoginState.FAILED, timeout=10_000)
    assert lock.step == CHOOSE and lock.message.text() == RFA_TEXTS["RFA6"]
    assert lock_buttons(lock) == ["Logga ut", "Försök igen"]
    assert window.locked

    # Försök igen as the same person: unlocked, the workspace as it was.
    workspace = window.workspace
    unlock_as(qtbot, driver, window, "Arvid Aronsson")
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert window.workspace is workspace


def test_an_unlock_that_does_not_go_through_offers_to_try_again_on_valj(
    qtbot: QtBot, driver: Driver, window: MainWindow, clock: FixedClock
) -> None:
    driver.login()
    clock.advance(IDLE)
    qtbot.waitUntil(lambda: window.locked)
    lock = window.lock_screen
    lock.failed("Servern svarar inte.")
    assert lock.step == CHOOSE and lock.message.text() == "Servern svarar inte."
    assert lock_buttons(lock) == ["Logga ut", "Försök igen"]
    lock.logout_button.click()
    assert window.workspace is None and window.stack.currentWidget() is window.login
