"""Composition root: build the backend (local or remote) and the UI from :class:`Settings`.

Local mode (no ``server_url``): the services run in process over the SQLite store in the
data folder (or ``store_url``). Remote mode (``kawebb --server URL``): the services are
an HTTP client of ``kawebb serve``. Either way the UI gets one ``Services`` bundle and
never learns which it is.

Nothing else creates long-lived objects; everything is passed in through constructors.
``build`` returns the main window without starting the event loop, so tests can drive
the whole application.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kawebb_desktop.domain.clock import Clock, SystemClock
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.services import Services, build_services
from kawebb_desktop.services.demo import SimulatedPhone, demo_simulator, require_demo_store
from kawebb_desktop.settings import Settings
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import open_store

if TYPE_CHECKING:
    from kawebb_desktop.ui.main_window import MainWindow


@dataclass
class AppContext:
    settings: Settings
    clock: Clock
    services: Services
    #: What to release at exit (the store's connections, the HTTP client).
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for close in reversed(self.closers):
            close()
        self.closers.clear()


def open_configured_store(settings: Settings) -> Store:
    if settings.uses_default_store:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return open_store(settings.effective_store_url)


def build_context(settings: Settings, *, clock: Clock | None = None) -> AppContext:
    """The backend for ``settings``; raises a ``DomainError`` with a Swedish message
    when it cannot be had (store unreachable, not a demo store, server not answering)."""
    clock = clock or SystemClock()
    if settings.server_url:
        from kawebb_desktop.remote import close, connect

        services = connect(settings.server_url, clock=clock)
        return AppContext(settings, clock, services, [lambda: close(services)])
    store = open_configured_store(settings)
    try:
        # The only signer so far is the simulator, and it is for demo stores only.
        require_demo_store(store)
    except DomainError:
        store.close()
        raise
    simulator = demo_simulator(store, clock)
    services = build_services(
        store,
        simulator,
        clock,
        settings.activation_delay,
        session_idle=settings.session_idle,
        demo_phone=SimulatedPhone(store, simulator),
    )
    return AppContext(settings, clock, services, [store.close])


def build(settings: Settings, *, context: AppContext | None = None) -> MainWindow:
    """The main window, ready to show; a ``QApplication`` must exist."""
    from kawebb_desktop.ui.main_window import MainWindow

    context = context or build_context(settings)
    return MainWindow(context.services, settings)


def run(settings: Settings, argv: Sequence[str] = ()) -> int:
    """Start the GUI and its event loop; returns the exit status."""
    from kawebb_desktop.ui.application import create_application

    qapp = create_application(list(argv))
    try:
        context = build_context(settings)
    except DomainError as exc:
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen":  # nobody to see a dialog
            print(f"kawebb: {exc.message}", file=sys.stderr)
        else:
            from kawebb_desktop.ui.errors import show_fatal

            show_fatal("KA Webb kan inte starta", exc.message)
        return 2
    try:
        window = build(settings, context=context)
        window.show()
        return int(qapp.exec())
    finally:
        context.close()
