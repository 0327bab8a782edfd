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

import gc
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kawebb_desktop.domain.clock import Clock, SystemClock
from kawebb_desktop.domain.errors import DomainError, StoreUnavailable
from kawebb_desktop.settings import Settings, explain_os_error

if TYPE_CHECKING:
    # The backend is imported where it is built (``build_context``): ``run`` paints the
    # login window before SQLAlchemy, the data model and the services load (issue 12).
    from kawebb_desktop.backup import LocalBackup
    from kawebb_desktop.first_run import FirstRunSetup
    from kawebb_desktop.services.api import Services
    from kawebb_desktop.store.sql import SqlStore
    from kawebb_desktop.ui.main_window import MainWindow


@dataclass
class AppContext:
    settings: Settings
    clock: Clock
    services: Services
    #: What to release at exit (the store's connections, the HTTP client).
    closers: list[Callable[[], None]] = field(default_factory=list)
    #: What the user must be told at start, though the app can run (Swedish).
    notices: list[str] = field(default_factory=list)
    #: *Arkiv > Säkerhetskopiera… / Återställ…* (``kawebb_desktop.backup``).
    backup: LocalBackup | None = None

    def close(self) -> None:
        for close in reversed(self.closers):
            close()
        self.closers.clear()


def read_only_notice(where: str) -> str:
    """The notice at start when the store can only be read (in the UI's language)."""
    from kawebb_desktop.ui.i18n import tr

    return tr(
        "KA Webb kan bara läsa databasen ({where}). Ingenting kan sparas, och eftersom en "
        "inloggning sparas i databasen går det inte heller att logga in. Be den som sköter "
        "datorn om skrivrätt till databasfilen och dess mapp."
    ).format(where=where)


def open_configured_store(settings: Settings) -> SqlStore:
    """The store of ``settings``: its URL, or the SQLite file in the data folder (made
    with the folder when missing). ``StoreUnavailable`` says, in Swedish, why not."""
    from kawebb_desktop.store.sql import open_store
    from kawebb_desktop.store.sql.store import sqlite_url

    if settings.store_url is not None:
        return open_store(settings.store_url)
    prepare_data_dir(settings.data_dir)
    return open_store(sqlite_url(settings.store_path))


def prepare_data_dir(folder: Path) -> None:
    """Make the data folder if it is missing; ``StoreUnavailable`` if it cannot be one."""
    from kawebb_desktop.ui.i18n import tr

    if folder.is_file():
        raise StoreUnavailable(
            tr(
                "Datamappen {folder} är en fil, inte en mapp. Ange en annan mapp med --data-dir."
            ).format(folder=folder)
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreUnavailable(
            tr(
                "Datamappen {folder} kunde inte skapas: {reason}. Ange en annan mapp med "
                "--data-dir."
            ).format(folder=folder, reason=explain_os_error(exc))
        ) from exc


def build_context(settings: Settings, *, clock: Clock | None = None) -> AppContext:
    """The backend for ``settings``; raises a ``DomainError`` with a Swedish message
    when it cannot be had (store unreachable, not a demo store, server not answering).
    Makes no Qt object: ``run`` calls it on a worker thread."""
    from kawebb_desktop.backup import LocalBackup
    from kawebb_desktop.services import build_services
    from kawebb_desktop.services.demo import SimulatedPhone, demo_simulator, require_demo_store

    clock = clock or SystemClock()
    if settings.server_url:
        from kawebb_desktop.remote import ServerUnavailable, close, connect

        if not settings.offline_replica:
            remote = connect(settings.server_url, clock=clock)
            return AppContext(
                settings, clock, remote, [lambda: close(remote)], backup=LocalBackup(settings)
            )
        try:
            remote = connect(settings.server_url, clock=clock)
        except ServerUnavailable:
            # Who logged in here recently may still work on their replica (issue 11).
            if not any((settings.data_dir / "replicas").glob("*.sqlite")):
                raise
            remote = connect(settings.server_url, clock=clock, probe=False)
        return _with_replica(settings, clock, remote)
    store = open_configured_store(settings)
    store.warm_up()  # on the backend's thread, while the login window waits
    if settings.signer == "bankid":
        return _with_bankid(settings, clock, store)
    try:
        # The simulator lets anybody be anybody: it is for demo stores only.
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
        session_resume_max=settings.session_resume_max,
        demo_phone=SimulatedPhone(store, simulator),
    )
    notices = [read_only_notice(store.description)] if store.read_only else []
    backup = LocalBackup(settings, after_restore=store.forget_cached_counts)
    return AppContext(settings, clock, services, [store.close], notices, backup)


def _with_replica(settings: Settings, clock: Clock, remote: Services) -> AppContext:
    """Remote mode with the offline backend: reads from the person's replica in the data
    folder, writes through its outbox; the UI gets the sync's controls too."""
    from kawebb_desktop.backup import LocalBackup
    from kawebb_desktop.offline.backend import build_offline_services
    from kawebb_desktop.offline.control import offline_services
    from kawebb_desktop.remote import close

    assert settings.server_url is not None
    try:
        prepare_data_dir(settings.data_dir)
    except DomainError:
        close(remote)
        raise
    backend = build_offline_services(remote, settings.server_url, settings.data_dir)
    services = offline_services(backend)
    closers = [lambda: close(remote), backend.close]
    return AppContext(settings, clock, services, closers, backup=LocalBackup(settings))


def _with_bankid(settings: Settings, clock: Clock, store: SqlStore) -> AppContext:
    """Local mode with real BankID (``signer = "bankid"``): any store, no simulated phone."""
    from kawebb_desktop.backup import LocalBackup
    from kawebb_desktop.services import build_services
    from kawebb_desktop.signing.bankid_rp import bankid_signer, config_from_settings

    try:
        signer = bankid_signer(config_from_settings(settings))
    except DomainError:
        store.close()
        raise
    services = build_services(
        store,
        signer,
        clock,
        settings.activation_delay,
        session_idle=settings.session_idle,
        session_resume_max=settings.session_resume_max,
    )
    notices = [read_only_notice(store.description)] if store.read_only else []
    backup = LocalBackup(settings, after_restore=store.forget_cached_counts)
    return AppContext(settings, clock, services, [store.close, signer.close], notices, backup)


def first_run_setup() -> FirstRunSetup:
    """The work behind the first-run dialog and *Arkiv > Inställningar…* (issue 12)."""
    from kawebb_desktop.first_run import FirstRunSetup

    return FirstRunSetup(open_configured_store, prepare_data_dir)


def build(settings: Settings, *, context: AppContext | None = None) -> MainWindow:
    """The main window on its backend, ready to show; a ``QApplication`` must exist.
    Builds the backend first when ``context`` is not given (as tests do); ``run``
    instead shows :func:`starting_window` and attaches the backend when it is ready."""
    from kawebb_desktop.ui.main_window import MainWindow

    context = context or build_context(settings)
    return MainWindow(context.services, settings, backup=context.backup, setup=first_run_setup())


def starting_window(settings: Settings) -> MainWindow:
    """The main window before its backend: the login page's card, disabled, *Startar…*,
    until :meth:`MainWindow.attach` (``run``). Imports only PySide6 and light modules."""
    from kawebb_desktop.ui.main_window import MainWindow

    return MainWindow(None, settings, setup=first_run_setup())


def run(
    settings: Settings,
    argv: Sequence[str] = (),
    *,
    flags: Mapping[str, Any] | None = None,
    log_dir: Path | None = None,
    start_log: bool = False,
) -> int:
    """Start the GUI and its event loop; returns the exit status. ``flags``: the
    command-line values in ``settings``, which win over what a first start chooses.
    ``start_log`` (``kawebb``): start the log file in ``log_dir`` (default the user's
    log folder) once the window is painted; else it starts with the backend.

    The login window is painted first (:func:`starting_window`); then the store is
    opened and the services built on a worker thread (:func:`build_context`) and
    attached to it, which enables its login. What keeps the backend from being had is
    said as before (a dialog, or stderr when headless; exit status 2); the notices
    (a read-only store) come when it is ready."""
    from kawebb_desktop.ui.application import create_application, set_window_icon
    from kawebb_desktop.ui.worker import SHUTDOWN_WAIT_MS, wait_for_workers

    if TYPE_CHECKING:
        from kawebb_desktop.ui.dialogs.crash_dialog import CrashHandler

    qapp = create_application(list(argv), settings.language, window_icon=False)
    if not _headless() and qapp.platformName() != "offscreen":
        from kawebb_desktop.ui.dialogs.first_run_dialog import ask_first_run, first_run_due

        if first_run_due(settings):  # issue 12: where the data is, who signs, language
            set_window_icon(qapp)  # (else just after the login window's first paint)
            chosen = ask_first_run(settings, first_run_setup(), flags=flags or {})
            if chosen is None:
                return 0  # Avbryt: nothing written, nothing started
            settings = chosen
    #: The backend once built (closed at exit, attached or not); the status of a failure.
    built: list[AppContext] = []
    failed_status: list[int] = []
    crash_handler: CrashHandler | None = None
    try:
        window = starting_window(settings)
        if os.environ.get(STARTUP_PROBE_ENV):
            from kawebb_desktop.ui.smoke import probe_start

            probe_start(window)

        def first() -> None:
            nonlocal crash_handler
            # The crash dialog and the log from here on (their imports would delay the
            # first paint).
            from kawebb_desktop import logs
            from kawebb_desktop.ui.dialogs.crash_dialog import install_crash_handler

            crash_handler = install_crash_handler(qapp)
            set_window_icon(qapp)
            if start_log and logs.log_file() is None:
                logs.start_logging(log_dir, logs.APP_LOG)

        def ready(context: AppContext) -> None:
            from kawebb_desktop import logs

            if logs.log_file() is None:  # not ``kawebb`` (``start_log``): a start that
                logs.start_logging()  # fails leaves nothing behind, not even a log
            for notice in context.notices:
                _warn("KA Webb", notice)

        build_behind(window, settings, argv, built, failed_status, first=first, ready=ready)
        window.show()
        status = int(qapp.exec())
        return failed_status[0] if failed_status else status
    finally:
        # Clean-up calls (cancel an order, log out) may still run on workers: the store
        # and the HTTP client they use are closed after them, not under them.
        wait_for_workers(SHUTDOWN_WAIT_MS)
        for context in built:
            context.close()
        if crash_handler is not None:
            from kawebb_desktop.ui.dialogs.crash_dialog import uninstall_crash_handler

            uninstall_crash_handler(crash_handler)


#: How long ``run`` waits for the login window's first paint before it builds the
#: backend anyway (a window that is not painted: minimised, another desktop).
FIRST_PAINT_WAIT_MS = 300


def build_behind(
    window: MainWindow,
    settings: Settings,
    argv: Sequence[str],
    built: list[AppContext],
    failed_status: list[int],
    *,
    first: Callable[[], None] | None = None,
    ready: Callable[[AppContext], None] | None = None,
) -> None:
    """Just after ``window``'s first paint (or :data:`FIRST_PAINT_WAIT_MS`): call
    ``first``, then build the backend on a worker thread — the backend's imports there
    do not hold up the window (the GIL) — and attach it to the window once ``ready``
    has seen it. The backend goes into ``built`` (to be closed at exit, attached or
    not). What keeps it from being had is said as at any start (``fail_at_start``): its
    status goes into ``failed_status`` and the event loop ends with it."""
    from PySide6.QtCore import QCoreApplication

    from kawebb_desktop.ui.widgets.first_paint import after_first_paint
    from kawebb_desktop.ui.worker import Worker

    def make_backend() -> AppContext:
        context = build_context(settings)
        built.append(context)
        return context

    def attach(context: AppContext) -> None:
        if ready is not None:
            ready(context)
        window.attach(context.services, backup=context.backup)
        # Everything made so far (Qt's wrappers, SQLAlchemy's mappers, the window) lives
        # as long as the app: out of the collector's sight, so that a full collection,
        # which holds the GIL and runs in whichever thread allocates, does not stop the
        # GUI for 60-80 ms while a worker reads a page (measured in cases_table.py).
        gc.freeze()

    def cannot_start(exc: BaseException) -> None:
        if not isinstance(exc, DomainError):
            raise exc  # the crash handler's
        # Said on the screen (or stderr), as when the window had not been shown.
        window.hide()
        failed_status.append(fail_at_start(exc.message, argv, settings.language))
        QCoreApplication.exit(failed_status[0])

    def start() -> None:
        if first is not None:
            first()
        Worker(window).run(make_backend, attach, cannot_start)

    after_first_paint(window, start, FIRST_PAINT_WAIT_MS)


#: Set (to anything), ``run`` prints ``kawebb-shown <ns>`` to stderr at the login window's
#: first paint and ``kawebb-ready <ns>`` when its backend is attached (the login usable),
#: then quits: the start-up benchmark's hook (``benchmarks/startup.py``).
STARTUP_PROBE_ENV = "KAWEBB_STARTUP_PROBE"
#: ``kawebb --smoke-test``: the cases of the demo store it makes.
SMOKE_CASES = 5


def smoke_test(settings: Settings, argv: Sequence[str] = (), *, timeout: float) -> int:
    """``kawebb --smoke-test --data-dir DIR``, headless: make and migrate the store in the
    data folder (a demo store, when it is empty), open the main window, log in through
    the login page with the simulator and open every tab (``kawebb_desktop.ui.smoke``).
    Returns 0; 1 with a line on stderr when something failed or took longer than
    ``timeout`` seconds (the whole run, however it hangs); 2 when it cannot start."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    where: list[str] = ["öppnar databasen"]  # how far it got, for the time limit's message

    def too_late() -> None:
        print(
            f"kawebb: röktestet misslyckades ({where[-1]}): inte klart inom {timeout:g} s",
            file=sys.stderr,
            flush=True,
        )
        os._exit(1)

    watchdog = threading.Timer(timeout, too_late)
    watchdog.daemon = True
    watchdog.start()
    try:
        return _smoke_test(settings, argv, where)
    finally:
        watchdog.cancel()


def _smoke_test(settings: Settings, argv: Sequence[str], where: list[str]) -> int:
    from kawebb_desktop.ui.application import create_application
    from kawebb_desktop.ui.smoke import SmokeTest, isolate_qt_settings
    from kawebb_desktop.ui.worker import SHUTDOWN_WAIT_MS, wait_for_workers

    try:
        settings = _smoke_store(settings)
    except DomainError as exc:
        return fail_at_start(exc.message, argv)
    where.append("startar fönstret")
    isolate_qt_settings(settings.data_dir / "qt-settings")
    qapp = create_application(list(argv), settings.language)
    built: list[AppContext] = []
    failed_status: list[int] = []
    try:
        # As ``run`` starts: the window first, the backend behind it.
        window = starting_window(settings)
        smoke = SmokeTest(window)
        smoke.step_changed.connect(where.append)
        smoke.start()
        build_behind(window, settings, argv, built, failed_status)
        window.show()
        try:
            qapp.exec()
        finally:
            smoke.stop()
        if failed_status:
            return failed_status[0]
        if smoke.status is None:
            print(
                f"kawebb: röktestet misslyckades ({smoke.step}): fönstret stängdes",
                file=sys.stderr,
            )
            return 1
        return smoke.status
    finally:
        wait_for_workers(SHUTDOWN_WAIT_MS)
        for context in built:
            context.close()


def _smoke_store(settings: Settings) -> Settings:
    """The smoke test's store, made and migrated (a demo store when it was empty), and
    the settings it logs in with: the simulator, quick to approve and collect."""
    from kawebb_desktop.demo import create_demo, store_is_empty
    from kawebb_desktop.settings import write_settings_file

    settings = replace(settings, server_url=None, signer="simulator")
    store = open_configured_store(settings)
    try:
        identity = settings.simulator_identity
        if store_is_empty(store):
            identity = create_demo(store, SystemClock(), cases=SMOKE_CASES).login_personnummer
            # As ``kawebb demo``: the folder is a demo's for ``kawebb --data-dir DIR`` too.
            write_settings_file(
                settings.data_dir, activation_delay_seconds=0, simulator_identity=identity
            )
    finally:
        store.close()
    return replace(
        settings,
        simulator_identity=identity,
        simulator_approve_seconds=0.2,
        collect_interval_seconds=0.1,
        activation_delay_seconds=0,
    )


def _headless() -> bool:
    # Nobody to see a dialog. The platform may carry options ("offscreen:configfile=…").
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    return platform.split(":", 1)[0] == "offscreen"


def fail_at_start(message: str, argv: Sequence[str] = (), language: str | None = None) -> int:
    """Say why the app cannot start — a dialog, or stderr when headless — and return
    the exit status (2). ``language``: the UI's (default Swedish)."""
    if _headless():
        print(f"kawebb: {message}", file=sys.stderr)
        return 2
    from kawebb_desktop.ui.application import create_application
    from kawebb_desktop.ui.errors import show_fatal
    from kawebb_desktop.ui.i18n import DEFAULT_LANGUAGE, tr, tr_message

    create_application(list(argv), language or DEFAULT_LANGUAGE)
    show_fatal(tr("KA Webb kan inte starta"), tr_message(message))
    return 2


def _warn(title: str, message: str) -> None:
    """Something the user must know before the window opens (on stderr too)."""
    print(f"kawebb: {message}", file=sys.stderr)
    if not _headless():
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, title, message)
