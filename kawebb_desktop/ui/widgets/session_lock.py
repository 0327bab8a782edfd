"""Sessionstid: the workspace locks after idle time and asks for BankID again.

:class:`IdleTimer` is the plain state machine (no Qt): active, warned two minutes before
the end, locked. :class:`IdleMonitor` feeds it: an application-wide event filter notes
key, mouse and touch input, and a timer ticks it (every second; tests tick faster and
move an injected :class:`~kawebb_desktop.domain.clock.Clock` instead of waiting).
:class:`IdleWarningBar` is the non-modal bar with the time left and *Fortsätt arbeta*;
:class:`LockScreen` covers the workspace (which stays as it was behind it) and logs the
person in again with BankID — the main window decides what the identification means.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.services.api import LoginProgress, Services
from kawebb_desktop.services.flows import LoginState
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.widgets.bankid import remembered_device
from kawebb_desktop.ui.widgets.bankid_login import BankIdScreen, LoginWizard
from kawebb_desktop.ui.widgets.forms import button, named
from kawebb_desktop.ui.widgets.login_card import login_card

#: The lock screen's steps: the login's first two (the wizard's page ids).
STEPS = (QT_TR_NOOP("Välj"), QT_TR_NOOP("Legitimera"))
CHOOSE, IDENTIFY = range(2)

WizardButton = QWizard.WizardButton

#: The warning shows this long before the lock (at most half the idle time).
WARN_BEFORE = dt.timedelta(minutes=2)
#: How often the monitor looks at the clock.
TICK_MS = 1000

IDLE_LOCKED = QT_TR_NOOP(
    "Du har varit inaktiv i {minutes} och sessionen är låst. Logga in igen med BankID för "
    "att fortsätta där du var; det du har skrivit finns kvar."
)
SERVER_ENDED = QT_TR_NOOP(
    "Sessionen har avslutats: {reason} Logga in igen med BankID för att fortsätta där du "
    "var; det du har skrivit finns kvar."
)


class IdleState(Enum):
    ACTIVE = "active"
    WARNING = "warning"
    LOCKED = "locked"


@dataclass
class IdleTimer:
    """Idle for ``idle`` without input: locked; within ``warn_before`` of it: warned."""

    idle: dt.timedelta
    last_activity: dt.datetime
    state: IdleState = IdleState.ACTIVE

    @property
    def warn_before(self) -> dt.timedelta:
        return min(WARN_BEFORE, self.idle / 2)

    def activity(self, now: dt.datetime) -> None:
        """Input: the idle time starts again (a locked session stays locked)."""
        if self.state is not IdleState.LOCKED:
            self.last_activity = now
            self.state = IdleState.ACTIVE

    def remaining(self, now: dt.datetime) -> dt.timedelta:
        return max(dt.timedelta(0), self.idle - (now - self.last_activity))

    def tick(self, now: dt.datetime) -> IdleState:
        if self.state is not IdleState.LOCKED:
            left = self.remaining(now)
            if left <= dt.timedelta(0):
                self.state = IdleState.LOCKED
            elif left <= self.warn_before:
                self.state = IdleState.WARNING
            else:
                self.state = IdleState.ACTIVE
        return self.state


#: The events that are a person at the keyboard, mouse or screen.
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleMonitor(QObject):
    """Watches the whole application's input while started."""

    #: Seconds left until the lock (emitted every tick while warned).
    warning = Signal(int)
    #: Input came in time: the warning is gone.
    warning_cleared = Signal()
    #: Idle for the whole time: lock.
    locked = Signal()
    #: The person is working: the server should hear of the session now and then.
    keepalive = Signal()

    def __init__(self, clock: Clock, tick_ms: int = TICK_MS, parent: QObject | None = None):
        super().__init__(parent)
        self._clock = clock
        self.timer: IdleTimer | None = None
        #: When the last input since the previous tick came (None: none came).
        self._input: dt.datetime | None = None
        self._last_keepalive: dt.datetime | None = None
        self._mouse_at = QPoint()
        self._ticker = QTimer(self)
        self._ticker.setInterval(tick_ms)
        self._ticker.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self._ticker.isActive()

    def start(self, idle: dt.timedelta) -> None:
        """Count ``idle`` from now."""
        now = self._clock.now()
        self.timer = IdleTimer(idle, now)
        self._input, self._last_keepalive = None, now
        self._mouse_at = QCursor.pos()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            app.installEventFilter(self)
        self._ticker.start()

    def stop(self) -> None:
        self._ticker.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer = None

    def continue_working(self) -> None:
        """*Fortsätt arbeta*: as any input, at once."""
        self._input = self._clock.now()
        self._tick()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY and self.timer is not None and event.spontaneous():
            if kind is QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
                # A layout that moves under a still mouse (the warning bar showing) makes
                # Qt send a move too: only a mouse that went somewhere is a person.
                where = event.globalPosition().toPoint()
                if where == self._mouse_at:
                    return False
                self._mouse_at = where
            self._input = self._clock.now()
        return False

    def _tick(self) -> None:
        timer = self.timer
        if timer is None:
            return
        now = self._clock.now()
        before = timer.state
        had_input, self._input = self._input, None
        if had_input is not None:
            timer.activity(had_input)
        state = timer.tick(now)
        if state is IdleState.LOCKED:
            self.stop()
            self.locked.emit()
            return
        if state is IdleState.WARNING:
            self.warning.emit(int(timer.remaining(now).total_seconds() + 0.999))
        elif before is IdleState.WARNING:
            self.warning_cleared.emit()
        last = self._last_keepalive
        if had_input is not None and (last is None or now - last >= timer.idle / 4):
            self._last_keepalive = now
            self.keepalive.emit()


def minutes_text(minutes: float) -> str:
    whole = round(minutes)
    return tr("1 minut") if whole == 1 else tr("{count} minuter").format(count=whole)


def time_left_text(seconds: int) -> str:
    minutes, rest = divmod(max(0, seconds), 60)
    if minutes and rest:
        return tr("{minutes} min {seconds} s").format(minutes=minutes, seconds=rest)
    if minutes:
        return tr("{minutes} min").format(minutes=minutes)
    return tr("{seconds} s").format(seconds=rest)


class IdleWarningBar(QFrame):
    """Non-modal: work goes on while it shows; any input takes it away."""

    continue_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        styled(self, "idleWarning")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        self.text = QLabel()
        self.text.setObjectName("idleWarningText")
        self.text.setWordWrap(True)
        self.text.setAccessibleName(tr("Varning om inaktivitet"))
        layout.addWidget(self.text, 1)
        self.continue_button = button(
            tr("&Fortsätt arbeta"), tooltip=tr("Sessionen fortsätter; tiden börjar om.")
        )
        self.continue_button.clicked.connect(self.continue_clicked)
        layout.addWidget(self.continue_button)
        self.hide()

    def show_remaining(self, seconds: int) -> None:
        self.text.setText(
            tr(
                "Du har varit inaktiv en stund. Sessionen låses om {time} om du inte "
                "fortsätter arbeta."
            ).format(time=time_left_text(seconds))
        )
        self.show()


class LockScreen(BankIdScreen):
    """Covers the workspace until the person logs in with BankID again (or logs out).

    Drawn, like the login, by a :class:`LoginWizard` with the login's first two steps:
    *1 Välj* (the device, the remembered one checked; on a demo store whose phone) and
    *2 Legitimera* (the QR code, or the app on this computer); *Logga ut* is the way
    out on both. ``identified`` carries the fresh login's session token and person; the
    main window resumes the locked session when it is the same person and logs out
    otherwise.
    """

    identified = Signal(str, object)  # token, Person
    logout_requested = Signal()

    def __init__(
        self,
        services: Services,
        *,
        collect_interval_ms: int = 2000,
        phone_approve_ms: int = 3000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, collect_interval_ms, phone_approve_ms, parent)
        self.actor: Actor | None = None

        layout = login_card(self, tr("Sessionen är låst"))
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName(tr("Varför sessionen är låst"))
        layout.addWidget(self.reason)
        self.who = QLabel()
        styled(self.who, "hint")
        self.who.setWordWrap(True)
        layout.addWidget(self.who)
        layout.addWidget(self.message)
        self.wizard = LoginWizard()
        layout.addWidget(self.wizard)

        # 1 Välj: the same device choice as the login's (the remembered one checked).
        choose = QWizardPage()
        choose.setTitle(f"1 {tr(STEPS[CHOOSE])}")
        choose_layout = QVBoxLayout(choose)
        choose_layout.setContentsMargins(0, 0, 0, 0)
        self.add_device_choice(choose_layout, hints=False)
        self.add_person_box(choose_layout)
        choose_layout.addStretch(1)
        self.wizard.setPage(CHOOSE, choose)

        # 2 Legitimera: the QR code, or the app starting on this computer.
        identify = QWizardPage()
        identify.setTitle(f"2 {tr(STEPS[IDENTIFY])}")
        identify_layout = QVBoxLayout(identify)
        identify_layout.setContentsMargins(0, 0, 0, 0)
        identify_layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.this_computer = QLabel(
            tr(
                "BankID-appen startas på den här datorn. Legitimera dig i appen. Startar den "
                "inte, välj Starta BankID-appen igen."
            )
        )
        self.this_computer.setWordWrap(True)
        identify_layout.addWidget(self.this_computer)
        identify_layout.addStretch(1)
        self.wizard.setPage(IDENTIFY, identify)

        # The buttons, QWizard's: Logga in med BankID, Öppna BankID på den här datorn and
        # Avbryt (the driver's), and Logga ut (the way out, on both steps).
        self.logout_button = button(
            tr("Logga &ut"), tooltip=tr("Avslutar sessionen; det som inte är sparat försvinner.")
        )
        self.logout_button.clicked.connect(self._logout)
        wizard = self.wizard
        wizard.setButton(WizardButton.CustomButton1, self.start_button)
        wizard.setButton(WizardButton.CustomButton2, self.same_device_button)
        wizard.setButton(WizardButton.CustomButton3, self.logout_button)
        wizard.setButton(WizardButton.CancelButton, self.cancel_button)
        wizard.setButtonText(WizardButton.CancelButton, tr("Avbryt"))
        named(self.cancel_button, tr("Avbryt"))
        self._step = CHOOSE
        wizard.go(CHOOSE)

        self.bankid.changed.connect(self._render)
        self.bankid.identified.connect(self._identified)
        self._render()

    # ------------------------------------------------------------------ the main window's
    def lock(self, actor: Actor, reason: str) -> None:
        """Show the lock for ``actor``'s session, saying ``reason``."""
        self.actor = actor
        self.reason.setText(reason)
        self.who.setText(
            tr(
                "Inloggad som {name}, {role}, {organisation}. Loggar någon annan in här "
                "loggas du ut."
            ).format(
                name=actor.name, role=tr(actor.role.label), organisation=actor.organisation_name
            )
        )
        self.bankid.reset(tr("Välj Logga in med BankID och legitimera dig igen."))
        self.show_device(remembered_device())
        self.load_people(self._actor_number, lambda person: (person.name,))
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def failed(self, message: str) -> None:
        """The unlock did not go through (e.g. the server could not be reached)."""
        self.bankid.fail(message)

    def reset(self) -> None:
        """Nothing locked any more (unlocked or logged out)."""
        self.actor = None
        self.bankid.reset()

    # ------------------------------------------------------------------ BankID
    def _identified(self, progress: LoginProgress) -> None:
        token = self.bankid.take_token()
        if token and progress.person:
            self.flow.message = tr("Identifieringen lyckades. Öppnar sessionen igen …")
            self._render()
            self.identified.emit(token, progress.person)

    def _actor_number(self) -> str | None:
        return self.actor.personnummer.value if self.actor is not None else None

    def _logout(self) -> None:
        self.bankid.cancel()
        self.logout_requested.emit()

    # ------------------------------------------------------------------ rendering
    @property
    def step(self) -> int:
        """The step shown: :data:`CHOOSE` (1 Välj) or :data:`IDENTIFY` (2 Legitimera)."""
        return self._step

    def _render(self) -> None:
        state = self.flow.state
        waiting = state is LoginState.WAITING
        busy = state is LoginState.CHOOSING  # identified, the session is being resumed
        step = CHOOSE if state in (LoginState.IDLE, LoginState.FAILED) else IDENTIFY
        self._step = step
        self.wizard.go(step)
        stretch = WizardButton.Stretch
        self.wizard.setButtonLayout(
            [WizardButton.CustomButton3, stretch, WizardButton.CustomButton1]
            if step == CHOOSE
            else [
                WizardButton.CustomButton2,
                stretch,
                WizardButton.CancelButton,
                WizardButton.CustomButton3,
            ]
        )
        self.bankid.show()
        self.this_computer.setVisible(waiting and not self.flow.qr)
        self.cancel_button.setVisible(waiting)
        self.logout_button.setEnabled(not busy)
        if self.person_box is not None:
            self.person_box.setEnabled(not waiting and not busy)
        for radio in self.device_buttons.values():
            radio.setEnabled(not waiting and not busy)
