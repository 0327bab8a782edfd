"""The worker: answers come back on the GUI thread whatever happens to the task, and
the application waits for its tasks before the store goes away."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kawebb_desktop import app as app_module
from kawebb_desktop.app import AppContext
from kawebb_desktop.services.api import Services
from kawebb_desktop.settings import Settings
from kawebb_desktop.ui import application
from kawebb_desktop.ui.worker import SLOW_NICE, Worker, slow_pool, wait_for_workers


class Dies(BaseException):
    """Not an ``Exception``: what kills a thread (like ``SystemExit`` or a C++ abort
    surfacing as a ``BaseException``)."""


def test_a_task_dying_on_a_base_exception_is_reported_and_not_busy(qtbot: QtBot) -> None:
    owner = QObject()
    worker = Worker(owner)
    failures: list[BaseException] = []

    def die() -> None:
        raise Dies("the thread died")

    worker.run(die, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], Dies)
    assert not worker.busy


def test_the_dispatcher_is_not_looked_up_among_the_applications_children(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_search(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("findChild on the application")

    monkeypatch.setattr(QApplication, "findChild", no_search)
    owner = QObject()
    first, second = Worker(owner), Worker(owner)
    answers: list[int] = []
    first.run(lambda: 1, answers.append, lambda _e: None)
    second.run(lambda: 2, answers.append, lambda _e: None)
    qtbot.waitUntil(lambda: sorted(answers) == [1, 2])


def test_wait_for_workers_returns_when_the_tasks_are_done(qtbot: QtBot) -> None:
    owner = QObject()
    worker = Worker(owner)
    release, finished = threading.Event(), threading.Event()

    def slow() -> None:
        assert release.wait(10)
        finished.set()

    worker.run(slow, lambda _r: None, lambda _e: None)
    threading.Timer(0.2, release.set).start()
    assert wait_for_workers(10_000)
    assert finished.is_set()


def test_the_store_is_closed_only_after_the_workers_finished(
    qtbot: QtBot, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At exit a clean-up call (cancel an order, log out) may still run on a worker:
    the store it uses is closed after it, not under it."""
    release, finished = threading.Event(), threading.Event()
    closed_after: list[bool] = []

    def clean_up() -> None:
        assert release.wait(10)
        finished.set()

    def close_store() -> None:
        closed_after.append(finished.is_set())

    context = AppContext(Settings(data_dir=tmp_path), services.clock, services, [close_store])
    monkeypatch.setattr(app_module, "build_context", lambda _settings: context)

    attached: list[Services] = []

    class Window(QWidget):
        """The login window: shown before the backend is built, which is attached."""

        attached = Signal()

        def show(self) -> None:
            super().show()
            Worker(QApplication.instance()).run(clean_up, lambda _r: None, lambda _e: None)
            threading.Timer(0.2, release.set).start()

        def attach(self, services: Services, **_kwargs: Any) -> None:
            attached.append(services)

    def run_until_attached(_self: QApplication) -> int:
        qtbot.waitUntil(lambda: bool(attached))
        return 0

    monkeypatch.setattr(app_module, "starting_window", lambda _settings: Window())
    monkeypatch.setattr(application, "start_log_file", lambda _path: None)
    monkeypatch.setattr(QApplication, "exec", run_until_attached)
    assert app_module.run(Settings(data_dir=tmp_path)) == 0
    assert attached == [services]
    assert closed_after == [True]


def test_the_slow_pools_thread_yields_to_the_others(qtbot: QtBot) -> None:
    """An exact count runs on the slow pool's one thread, at a low priority (on Linux a
    nice of its own), so that pages and the GUI get the cores first."""
    owner = QObject()
    worker = Worker(owner, pool=slow_pool())
    answers: list[tuple[QThread.Priority, int | None]] = []

    def where() -> tuple[QThread.Priority, int | None]:
        nice = None
        if sys.platform.startswith("linux"):
            nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        return QThread.currentThread().priority(), nice

    worker.run(where, answers.append, pytest.fail)
    qtbot.waitUntil(lambda: bool(answers))
    priority, nice = answers[0]
    assert priority == QThread.Priority.LowPriority
    assert nice is None or nice >= SLOW_NICE
    assert wait_for_workers(10_000)
