"""Start-up checks of the real app: ``kawebb --smoke-test`` and the start-up probe.

:class:`SmokeTest` drives the main window as a user would, through the login page's own
widgets: it chooses *Mobilt BankID på annan enhet*, the test person the settings preset
(``simulator_identity``), presses *Logga in med BankID*, lets the simulated phone approve,
picks the first organisation at *Välj organisation* and presses *Nästa*, then opens
every tab of the workspace. It ends the event loop with 0 once all that went through, or
with 1 and a line on stderr when the login fails or an exception reaches
``sys.excepthook`` (the time limit is the caller's: ``kawebb_desktop.app.smoke_test``).

:func:`exit_on_first_paint` and :func:`probe_start` are the start-up benchmark's hooks
(``benchmarks/startup.py``): at the window's first paint they print ``kawebb-shown
<time.time_ns()>`` to stderr, and :func:`probe_start` also ``kawebb-ready <ns>`` once the
services are attached (the login usable); then each ends the event loop.

Imports only PySide6 and light modules: ``app.run`` uses it before the first paint.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from kawebb_desktop.ui.widgets.first_paint import after_first_paint

if TYPE_CHECKING:
    from kawebb_desktop.ui.main_window import MainWindow

#: What the start-up probe prints at the first paint (then the time in ns since the epoch).
SHOWN_MARK = "kawebb-shown"
#: What it prints when the services are attached to the window (the login usable).
READY_MARK = "kawebb-ready"
#: How often the smoke test looks at the window (ms).
TICK_MS = 50


def _stamp(mark: str) -> None:
    """``mark``, the wall clock and the process's CPU time so far (ns)."""
    print(f"{mark} {time.time_ns()} {time.process_time_ns()}", file=sys.stderr, flush=True)


class _PaintStamp(QObject):
    """Prints :data:`SHOWN_MARK` and the time at the watched widget's first paint."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            _stamp(SHOWN_MARK)
        return False


def exit_on_first_paint(window: QWidget) -> None:
    """At ``window``'s first paint: print :data:`SHOWN_MARK` and the time, and quit."""
    window.installEventFilter(_PaintStamp(window))
    after_first_paint(window, QCoreApplication.quit)


def probe_start(window: MainWindow) -> None:
    """``window`` shown before its services (``app.run``): print :data:`SHOWN_MARK` at its
    first paint and :data:`READY_MARK` once the services are attached, then quit."""

    def ready() -> None:
        _stamp(READY_MARK)
        QTimer.singleShot(0, QCoreApplication.quit)

    window.installEventFilter(_PaintStamp(window))
    window.attached.connect(ready)


def isolate_qt_settings(folder: Path) -> None:
    """Keep what the UI remembers (QSettings) in ``folder`` instead of the user's own."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


class SmokeTest(QObject):
    """Log in through ``window``'s login page and visit every tab; :attr:`step` says
    how far it got (``step_changed`` when it moves on), :attr:`status` how it ended
    (``None`` while it runs)."""

    step_changed = Signal(str)

    def __init__(
        self, window: MainWindow, finish: Callable[[int], None] = QCoreApplication.exit
    ) -> None:
        """``finish(status)`` ends the run (by default the event loop's exit; a test in a
        process that goes on must not call that outside ``exec``: Qt then refuses every
        later local event loop until the next ``exec``)."""
        super().__init__(window)
        self.window = window
        self._finish = finish
        self._step = "väntar på inloggningssidan"
        self.status: int | None = None
        self._pressed = False
        self._chosen = False
        self._tabs: list[tuple[QTabWidget, int]] | None = None
        self.visited: list[str] = []
        self._hook_before = sys.excepthook
        self._thread_hook_before = threading.excepthook
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        sys.excepthook = self._exception
        threading.excepthook = self._thread_exception
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        sys.excepthook = self._hook_before
        threading.excepthook = self._thread_hook_before

    @property
    def step(self) -> str:
        return self._step

    @step.setter
    def step(self, step: str) -> None:
        if step != self._step:
            self._step = step
            self.step_changed.emit(step)

    # ------------------------------------------------------------------ the steps
    def _tick(self) -> None:
        from kawebb_desktop.services.flows import Device, LoginState

        if self.status is not None:
            return
        window = self.window
        if not window.ready:
            self.step = "väntar på att programmet startar"
            return
        if window.workspace is not None:
            self._visit_tabs()
            return
        page = window.login
        flow = page.flow
        if flow.state is LoginState.FAILED:
            self._fail(f"inloggningen misslyckades: {flow.message}")
            return
        if not window.isVisible():
            return
        if not self._pressed:
            box = page.person_box
            if box is None:
                self._fail("inloggningssidan har ingen testperson (ingen demodatabas?)")
                return
            if box.count() == 0:  # the demo phone's people are read on a worker
                self.step = "väntar på testpersonerna"
                return
            page.device_buttons[Device.OTHER].click()
            self.step = f"loggar in som {box.currentText()}"
            page.start_button.click()
            self._pressed = True
            return
        if flow.state is LoginState.CHOOSING and page.choices.isVisible() and not self._chosen:
            page.choices.setCurrentRow(0)
            self.step = f"väljer organisation {page.choices.currentItem().text().splitlines()[0]}"
            page.choose_button.click()
            self._chosen = True

    def _visit_tabs(self) -> None:
        workspace = self.window.workspace
        assert workspace is not None
        if self._tabs is None:
            self.step = "öppnar flikarna"
            self._tabs = [
                (tabs, i)
                for tabs in (workspace.work_tabs, workspace.organisation_tabs)
                for i in range(tabs.count())
            ]
        if self._tabs:
            tabs, index = self._tabs.pop(0)
            workspace.tabs.setCurrentWidget(tabs)
            tabs.setCurrentIndex(index)
            self.step = f"öppnar fliken {tabs.tabText(index)}"
            self.visited.append(tabs.tabText(index))
            return
        actor = workspace.actor
        print(
            f"kawebb: röktest ok: inloggad som {actor.name}, {actor.role.label}, "
            f"{actor.organisation_name}; flikarna {', '.join(self.visited)} öppnade",
            flush=True,
        )
        self._end(0)

    # ------------------------------------------------------------------ the ends
    def _fail(self, message: str) -> None:
        print(f"kawebb: röktestet misslyckades ({self.step}): {message}", file=sys.stderr)
        self._end(1)

    def _end(self, status: int) -> None:
        if self.status is None:
            self.status = status
            self._timer.stop()
            self._finish(status)

    def _exception(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
        self._fail(f"ett oväntat fel: {exc!r}")

    def _thread_exception(self, args: threading.ExceptHookArgs) -> None:
        traceback.print_exception(
            args.exc_type, args.exc_value, args.exc_traceback, file=sys.stderr
        )
        # Qt's loop is ended from its own thread.
        QTimer.singleShot(0, self, lambda: self._fail(f"ett oväntat fel: {args.exc_value!r}"))
