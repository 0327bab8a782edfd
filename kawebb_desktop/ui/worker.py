"""Run blocking calls (store, BankID) off the GUI thread and get the answer back on it.

``Worker.run(fn, on_done, on_error)`` executes ``fn`` on the global ``QThreadPool``; the
answer travels back through a queued signal of one dispatcher that lives as long as the
application, so a pool thread never emits on an object that a closed window has just
deleted. Each worker belongs to a widget or model; when its owner is destroyed, answers
still on their way are dropped instead of calling into deleted widgets.

Whatever ends a task — an answer, an ``Exception`` or any other ``BaseException`` — is
delivered, so no view waits for an answer that never comes. At exit the application
waits for the tasks (:func:`wait_for_workers`) before it closes the store they use.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool, Signal, Slot

Callbacks = tuple[Callable[[Any], None], Callable[[BaseException], None]]
_ids = itertools.count(1)


class _Dispatcher(QObject):
    """One per application, parented to it; hands answers to the live callbacks."""

    done = Signal(int, object)
    failed = Signal(int, object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("kawebbWorkerDispatcher")
        self.callbacks: dict[int, Callbacks] = {}
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    @Slot(int, object)
    def _deliver_done(self, task_id: int, value: Any) -> None:
        callbacks = self.callbacks.pop(task_id, None)
        if callbacks is not None:
            callbacks[0](value)

    @Slot(int, object)
    def _deliver_error(self, task_id: int, exc: BaseException) -> None:
        callbacks = self.callbacks.pop(task_id, None)
        if callbacks is not None:
            callbacks[1](exc)

    def forget(self, task_ids: set[int]) -> None:
        for task_id in task_ids:
            self.callbacks.pop(task_id, None)


#: How long the application waits at exit for tasks still running (clean-up calls).
SHUTDOWN_WAIT_MS = 15_000

#: The application's dispatcher, made on first use (and again for a new application).
_current: _Dispatcher | None = None


def _dispatcher() -> _Dispatcher:
    global _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("a QApplication must exist before work is started")
    if _current is None or not shiboken6.isValid(_current) or _current.parent() is not app:
        _current = _Dispatcher(app)
    return _current


#: The pool of slow background work (see :func:`slow_pool`), made on first use.
_slow: QThreadPool | None = None


def slow_pool() -> QThreadPool:
    """One thread for work that may take long and is only ever worth its latest request
    (an exact count at a million cases): it never holds up the global pool's threads,
    which answer pages, and requests made stale meanwhile are dropped before they run.
    Its thread runs at a low priority (:func:`_yield_to_others`)."""
    global _slow
    if _slow is None:
        _slow = QThreadPool()
        _slow.setObjectName("kawebbSlowPool")
        _slow.setMaxThreadCount(1)
    return _slow


#: The nice value of the slow pool's thread on Linux (0 normal, 19 lowest).
SLOW_NICE = 10


def _yield_to_others() -> None:
    """Lower the priority of the calling thread: it gets a core when the GUI and the
    page requests have theirs. Qt's ``LowPriority`` (Windows, macOS); on Linux, where
    Qt leaves normal threads at one priority, a nice of :data:`SLOW_NICE` for this
    thread alone (Linux gives each thread its own)."""
    thread = QThread.currentThread()
    if thread.priority() != QThread.Priority.LowPriority:
        thread.setPriority(QThread.Priority.LowPriority)
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), SLOW_NICE)


def wait_for_workers(timeout_ms: int = -1) -> bool:
    """Wait until every task has ended (at most ``timeout_ms``; -1: as long as it takes).
    True when none is left. Answers are not delivered any more: call it at exit."""
    if _slow is None:
        return QThreadPool.globalInstance().waitForDone(timeout_ms)
    started = time.monotonic()
    if not QThreadPool.globalInstance().waitForDone(timeout_ms):
        return False
    left = -1 if timeout_ms < 0 else max(0, timeout_ms - int((time.monotonic() - started) * 1000))
    return _slow.waitForDone(left)


class Worker(QObject):
    """``pool``: where the tasks run (default the global pool; see :func:`slow_pool`)."""

    def __init__(self, parent: QObject | None = None, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._tasks: set[int] = set()
        self._dispatcher = _dispatcher()
        tasks, dispatcher = self._tasks, self._dispatcher
        self.destroyed.connect(lambda *_args: dispatcher.forget(tasks))

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        task_id = next(_ids)
        tasks = self._tasks
        tasks.add(task_id)

        def finish(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def deliver(value: Any) -> None:
                tasks.discard(task_id)
                callback(value)

            return deliver

        self._dispatcher.callbacks[task_id] = (finish(on_done), finish(on_error))
        done, failed = self._dispatcher.done, self._dispatcher.failed
        slow = self._pool is not None and self._pool is _slow

        def task() -> None:
            if slow:
                _yield_to_others()
            try:
                result = fn()
            except BaseException as exc:  # delivered to the GUI thread, never swallowed
                outcome, value = failed, exc
            else:
                outcome, value = done, result
            # RuntimeError: the application is shutting down; nobody waits any more.
            with contextlib.suppress(RuntimeError):
                outcome.emit(task_id, value)

        (self._pool or QThreadPool.globalInstance()).start(task)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)
