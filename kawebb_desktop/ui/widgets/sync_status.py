"""The offline backend's status at the foot of the main window (issue 11).

*Online* / *Offline*, "3 ändringar väntar", "Senast synkad 14:02", *Synkronisera nu*,
and — when the server has refused something — *Ej synkade ändringar (2)*, which opens
the list of refused commands. A :class:`SyncMonitor` drives it: every few seconds (and
when asked, after a write) it syncs on a worker thread, never on the GUI thread, and
hands the new :class:`SyncState` to whoever listens.

:class:`SigningGate` keeps every *Signera* button disabled while offline, with the
reason as its tooltip, and gives each its own enabled state back when online again —
the views go on enabling and disabling their buttons as before, unaware of it.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QLabel, QWidget

from kawebb_desktop.services.api import Caller
from kawebb_desktop.services.offline_api import (
    CONTINUE_OFFLINE,
    SIGNING_NEEDS_SERVER,
    OfflineApi,
    OfflineLogin,
    SyncState,
)
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.widgets.forms import button, named
from kawebb_desktop.ui.worker import Worker

#: How often the background sync runs.
SYNC_INTERVAL_MS = 5000
#: Marked for translation, shown with tr().
ONLINE = QT_TR_NOOP("Online")
OFFLINE = QT_TR_NOOP("Offline")
NEVER_SYNCED = QT_TR_NOOP("Inte synkad än")
SYNC_NOW = QT_TR_NOOP("Synkronisera &nu")
REFUSED = QT_TR_NOOP("Ej synkade ändringar ({count})")
#: The object name every *Signera* button carries, for the :class:`SigningGate`.
SIGN_BUTTON = "signButton"


def last_sync_text(when: dt.datetime | None) -> str:
    """ "Senast synkad 14:02" in local time ("Inte synkad än" before the first)."""
    if when is None:
        return tr(NEVER_SYNCED)
    local = when.astimezone() if when.tzinfo is not None else when
    return tr("Senast synkad {time}").format(time=f"{local:%H:%M}")


def waiting_text(count: int) -> str:
    """ "1 ändring väntar", "3 ändringar väntar", "Inga ändringar väntar" (the service's
    ``offline_api.waiting_text`` in the UI's language)."""
    if count == 0:
        return tr("Inga ändringar väntar")
    if count == 1:
        return tr("1 ändring väntar")
    return tr("{count} ändringar väntar").format(count=count)


class SyncMonitor(QObject):
    """Syncs ``offline`` for ``caller`` every ``interval_ms`` on a worker, one sync at a
    time; :attr:`state_changed` carries each new state (and :attr:`online_changed`
    when the connection came or went)."""

    state_changed = Signal(object)
    online_changed = Signal(bool)
    failed = Signal(object)

    def __init__(
        self,
        offline: OfflineApi,
        caller: Caller,
        *,
        interval_ms: int = SYNC_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._offline = offline
        self._caller = caller
        self._worker = Worker(self)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.sync_now)
        self._running = False
        self._again = False
        self.state: SyncState | None = None
        self.online = offline.online(caller)

    def start(self) -> None:
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()

    def sync_now(self) -> None:
        """Push and pull now (a sync already running is followed by one more)."""
        self._run(lambda offline, caller: offline.sync_now(caller))

    def refresh(self) -> None:
        """Read the state again (after a write: the write itself has synced)."""
        self._run(lambda offline, caller: offline.state(caller))

    def _run(self, call: Callable[[OfflineApi, Caller], SyncState]) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        offline, caller = self._offline, self._caller
        self._worker.run(lambda: call(offline, caller), self._done, self._failed)

    def _done(self, state: SyncState) -> None:
        self._running = False
        self.state = state
        if state.online != self.online:
            self.online = state.online
            self.online_changed.emit(state.online)
        self.state_changed.emit(state)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self._again = False
        self.failed.emit(exc)


class SyncIndicator(QWidget):
    """The status bar's part: state, waiting commands, last sync and the two buttons."""

    sync_requested = Signal()
    refused_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(9, 3, 9, 3)
        layout.setSpacing(12)
        self.state_label = named(QLabel(tr(OFFLINE)), tr("Anslutning"))
        self.state_label.setObjectName("syncState")
        bold = self.state_label.font()
        bold.setBold(True)
        self.state_label.setFont(bold)
        self.waiting_label = named(QLabel(waiting_text(0)), tr("Väntande ändringar"))
        self.last_sync_label = named(QLabel(tr(NEVER_SYNCED)), tr("Senaste synkronisering"))
        self.refused_button = button(tr(REFUSED).format(count=0))
        self.refused_button.setToolTip(tr("Ändringar som servern inte tog emot, med skälet."))
        self.refused_button.clicked.connect(self.refused_requested)
        self.refused_button.hide()
        self.sync_button = button(
            tr(SYNC_NOW), tooltip=tr("Skicka väntande ändringar och hämta nya nu.")
        )
        self.sync_button.clicked.connect(self._sync_clicked)
        for widget in (self.state_label, self.waiting_label, self.last_sync_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.refused_button)
        layout.addWidget(self.sync_button)

    def _sync_clicked(self) -> None:
        self.sync_button.setEnabled(False)
        self.sync_requested.emit()

    def show_state(self, state: SyncState) -> None:
        self.sync_button.setEnabled(True)
        online = tr(ONLINE if state.online else OFFLINE)
        self.state_label.setText(online)
        self.state_label.setProperty("online", state.online)
        tip = state.problem if not state.online and state.problem else ""
        if not state.online:
            tip = f"{tip}\n{tr(SIGNING_NEEDS_SERVER)}".strip()
        self.state_label.setToolTip(tip)
        named(self.state_label, tr("Anslutning: {state}").format(state=online))
        text = waiting_text(state.waiting)
        self.waiting_label.setText(text)
        named(self.waiting_label, text)
        synced = last_sync_text(state.last_sync)
        self.last_sync_label.setText(synced)
        named(self.last_sync_label, synced)
        count = len(state.refused)
        label = tr(REFUSED).format(count=count)
        self.refused_button.setText(label)
        named(self.refused_button, label)
        self.refused_button.setVisible(count > 0)

    def sync_failed(self) -> None:
        self.sync_button.setEnabled(True)


class SigningGate(QObject):
    """Keeps the *Signera* buttons under ``root`` disabled while offline."""

    def __init__(self, root: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = weakref.ref(root)
        self.online = True
        #: Each button's own enabled state and tooltip (what its view wants).
        self._wanted: weakref.WeakKeyDictionary[QAbstractButton, tuple[bool, str]] = (
            weakref.WeakKeyDictionary()
        )
        self._adjusting = False

    def buttons(self) -> list[QAbstractButton]:
        root = self._root()
        if root is None:
            return []
        return [b for b in root.findChildren(QAbstractButton) if b.objectName() == SIGN_BUTTON]

    def set_online(self, online: bool) -> None:
        self.online = online
        self.watch()
        self._adjusting = True
        try:
            for sign in self.buttons():
                wanted, tooltip = self._wanted[sign]
                if online:
                    sign.setEnabled(wanted)
                    sign.setToolTip(tooltip)
                else:
                    sign.setEnabled(False)
                    sign.setToolTip(tr(SIGNING_NEEDS_SERVER))
        finally:
            self._adjusting = False

    def watch(self) -> None:
        """Take in the *Signera* buttons made since (a view built later)."""
        for sign in self.buttons():
            if sign not in self._wanted:
                self._wanted[sign] = (sign.isEnabled(), sign.toolTip())
                sign.installEventFilter(self)
                if not self.online:
                    self._adjusting = True
                    try:
                        sign.setEnabled(False)
                        sign.setToolTip(tr(SIGNING_NEEDS_SERVER))
                    finally:
                        self._adjusting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._adjusting
            and isinstance(watched, QAbstractButton)
            and event.type() == QEvent.Type.EnabledChange
            and watched in self._wanted
        ):
            self._wanted[watched] = (watched.isEnabled(), self._wanted[watched][1])
            if not self.online and watched.isEnabled():
                self._adjusting = True
                try:
                    watched.setEnabled(False)
                finally:
                    self._adjusting = False
        return False


__all__ = [
    "OFFLINE",
    "ONLINE",
    "SIGN_BUTTON",
    "SYNC_INTERVAL_MS",
    "OfflineStartBar",
    "SigningGate",
    "SyncIndicator",
    "SyncMonitor",
    "last_sync_text",
]


class OfflineStartBar(QWidget):
    """Above the login page when the server cannot be reached: *Fortsätt offline som
    <namn>* for each person who logged in here with BankID within the server's window."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineStartBar")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(9, 6, 9, 6)
        self.message = QLabel(
            tr(
                "Servern kan inte nås. Du som loggade in här nyligen kan arbeta vidare på din "
                "lokala kopia; ändringarna skickas när du loggar in med BankID igen."
            )
        )
        self.message.setWordWrap(True)
        self._layout.addWidget(self.message, 1)
        self.buttons: list[QAbstractButton] = []
        self.hide()

    def show_logins(self, logins: tuple[OfflineLogin, ...]) -> None:
        for old in self.buttons:
            old.deleteLater()
        self.buttons = []
        for login in logins:
            choice = button(
                tr(CONTINUE_OFFLINE).format(name=login.name),
                tooltip=tr("Inloggad med BankID {time}.").format(
                    time=f"{login.logged_in_at.astimezone():%Y-%m-%d %H:%M}"
                ),
            )
            choice.clicked.connect(lambda _checked=False, key=login.key: self.chosen.emit(key))
            self._layout.addWidget(choice)
            self.buttons.append(choice)
        self.setVisible(bool(logins))
