"""The main window: the login page, then the workspace with the header of DOMAIN.md §3.

Header: the user's name | Logga ut | Hjälp; tabs *Mitt arbete* and *Organisationen*;
the organisation (a selector when the person works for several) and *Utförande
verksamhet*. What a role may not use is not shown at all (the permission matrix decides,
as in the services).

The menu bar: *Arkiv* (Exportera…, Säkerhetskopiera…, Återställ…, Inställningar…, Avsluta
Ctrl+Q) and
*Hjälp* (Användarstöd F1, which opens the help of the screen shown; Om KA Webb, which
says the version, the data folder, the store or server in use, the signer and the log
file). After login the keyboard starts
in the first field of *Mitt arbete > Översikt*; the status bar says what just happened
and is cleared at *Logga ut*.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

# ``QtCore.Qt`` where used: importing ``Qt`` makes its ~100 enums (12 ms), which the
# window's first paint does not need (issue 12).
from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QSettings, QSize, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop import APP_NAME, __version__
from kawebb_desktop.domain.clock import Clock, SystemClock
from kawebb_desktop.domain.errors import NotAuthenticated, NotAuthorized
from kawebb_desktop.domain.roles import Access, Function, allows
from kawebb_desktop.ui.errors import log_file, message_of, show_error, show_info
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.views.base import View
from kawebb_desktop.ui.views.login_start import STARTING_TEXT, StartingPage
from kawebb_desktop.ui.widgets.first_paint import after_first_paint
from kawebb_desktop.ui.widgets.forms import button, name_message_box, named
from kawebb_desktop.ui.widgets.screen import fit_to_screen, keep_on_screen
from kawebb_desktop.ui.worker import Worker

if TYPE_CHECKING:
    # The login page, the lock screen, the sync's widgets and the service API they need
    # come with the services (:meth:`MainWindow.attach`): the window is painted before
    # them (issue 12, ``tests/unit/test_startup_imports.py``).
    from kawebb_desktop.domain.actor import Actor
    from kawebb_desktop.domain.entities import Person, Unit
    from kawebb_desktop.services.api import Caller, OrganisationChoice, Services
    from kawebb_desktop.services.offline_api import OfflineLogin, SyncState
    from kawebb_desktop.settings import Settings
    from kawebb_desktop.ui.dialogs.backup_dialog import StoreBackup
    from kawebb_desktop.ui.dialogs.first_run_dialog import Setup
    from kawebb_desktop.ui.dialogs.help_dialog import HelpDialog
    from kawebb_desktop.ui.dialogs.refused_dialog import RefusedDialog
    from kawebb_desktop.ui.views.claim_request import ClaimRequestView
    from kawebb_desktop.ui.views.claims import ClaimsView
    from kawebb_desktop.ui.views.login import LoginPage
    from kawebb_desktop.ui.views.pending_changes import PendingChangesView
    from kawebb_desktop.ui.views.receipts import ReceiptsView
    from kawebb_desktop.ui.views.status_overview import StatusOverviewView
    from kawebb_desktop.ui.views.users import UsersView
    from kawebb_desktop.ui.widgets.session_lock import IdleMonitor, IdleWarningBar, LockScreen
    from kawebb_desktop.ui.widgets.sync_status import (
        OfflineStartBar,
        SigningGate,
        SyncIndicator,
        SyncMonitor,
    )

log = logging.getLogger(__name__)

#: The main tabs by their Swedish names (the keys of :meth:`Workspace.show_tab`).
MAIN_TABS = (QT_TR_NOOP("Mitt arbete"), QT_TR_NOOP("Organisationen"))
ANOTHER_PERSON_LOGGED_OUT = QT_TR_NOOP(
    "Det var en annan person som loggade in. {name} har loggats ut; det som inte var "
    "sparat finns inte kvar."
)
#: The main window's first size where the screen has room for it (else the screen decides).
FIRST_SIZE = QSize(1360, 860)


class Workspace(QWidget):
    """Everything after login, for one actor. Rebuilt when the organisation changes."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        choices: list[OrganisationChoice],
        units: list[Unit],
        *,
        collect_interval_ms: int,
        phone_approve_ms: int,
        on_logout: Callable[[], None],
        on_help: Callable[[], None],
        on_switch: Callable[[int], None],
        on_session_ended: Callable[[str], None],
        on_status: Callable[[str], None] = lambda _text: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # The views come with the first workspace, not before the login window shows
        # (benchmarks/startup.py): QtCharts, the dialogs and their widgets among them.
        from kawebb_desktop.domain.documents import READ_FUNCTION
        from kawebb_desktop.ui.views.claim_request import ClaimRequestView
        from kawebb_desktop.ui.views.claims import ClaimsView
        from kawebb_desktop.ui.views.organisation import (
            OrganisationDetailsView,
            ServiceOfferingView,
        )
        from kawebb_desktop.ui.views.overview import OverviewView
        from kawebb_desktop.ui.views.pending_changes import PendingChangesView, readable_kinds
        from kawebb_desktop.ui.views.receipts import ReceiptsView
        from kawebb_desktop.ui.views.status_overview import StatusOverviewView
        from kawebb_desktop.ui.views.users import UsersView

        self.actor = actor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)

        top = QHBoxLayout()
        brand = QLabel("KA Webb")
        styled(brand, "brand")
        top.addWidget(brand)
        subtitle = QLabel(tr("Utbildningskontrakt – webbstöd för kommuner"))
        styled(subtitle, "hint")
        top.addWidget(subtitle)
        top.addStretch(1)
        self.user_label = QLabel(actor.name)
        styled(self.user_label, "userName")
        self.user_label.setAccessibleName(tr("Inloggad användare"))
        self.user_label.setToolTip(f"{actor.name}, {tr(actor.role.label)}")
        top.addWidget(self.user_label)
        top.addWidget(_separator())
        self.logout_button = button(tr("Logga ut"))
        styled(self.logout_button, "linkButton")
        self.logout_button.clicked.connect(on_logout)
        top.addWidget(self.logout_button)
        top.addWidget(_separator())
        self.help_button = button(tr("Hjälp"))
        styled(self.help_button, "linkButton")
        self.help_button.clicked.connect(on_help)
        top.addWidget(self.help_button)
        layout.addLayout(top)

        self.tabs = named(QTabWidget(), tr("Huvudflikar"))
        # The name only: a sheet on the tab widget would style every page under it.
        self.tabs.setObjectName("mainTabs")
        styled(self.tabs.tabBar())
        self.tabs.setDocumentMode(True)
        corner = QWidget()
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 0, 4, 2)
        if len(choices) > 1:
            self.organisation_box: QComboBox | None = named(QComboBox(), tr("Organisation"))
            for choice in choices:
                self.organisation_box.addItem(choice.name, choice.organisation_id)
            self.organisation_box.setCurrentIndex(
                self.organisation_box.findData(actor.organisation_id)
            )
            self.organisation_box.setToolTip(tr("Välj vilken kommun du arbetar med."))
            self.organisation_box.activated.connect(
                lambda i: on_switch(int(self.organisation_box.itemData(i)))
            )
            corner_layout.addWidget(self.organisation_box)
            self.organisation_label = None
        else:
            self.organisation_box = None
            self.organisation_label = QLabel(actor.organisation_name)
            styled(self.organisation_label, "organisationName")
            corner_layout.addWidget(self.organisation_label)
        corner_layout.addWidget(_separator())
        unit_label = QLabel(tr("&Utförande verksamhet"))
        self.unit_box = named(QComboBox(), tr("Utförande verksamhet"))
        unit_label.setBuddy(self.unit_box)
        for unit in units:
            self.unit_box.addItem(unit.name, unit)
            self.unit_box.setItemData(
                self.unit_box.count() - 1,
                tr(unit.case_kind.label),
                QtCore.Qt.ItemDataRole.ToolTipRole,
            )
        self.unit_box.setMinimumContentsLength(18)
        corner_layout.addWidget(unit_label)
        corner_layout.addWidget(self.unit_box)
        self.tabs.setCornerWidget(corner, QtCore.Qt.Corner.TopRightCorner)
        layout.addWidget(self.tabs, 1)

        # Mitt arbete
        self.work_tabs = named(QTabWidget(), tr("Mitt arbete"))
        styled(self.work_tabs.tabBar())
        self.overview = OverviewView(services, actor)
        self.overview.session_ended.connect(on_session_ended)
        _add_tab(self.work_tabs, self.overview, QT_TR_NOOP("Översikt"))
        self.overview.collect_interval_ms = collect_interval_ms
        self.overview.phone_approve_ms = phone_approve_ms
        # Begär ersättning and Begärda ersättningar, where the role may read them.
        self.claim_request: ClaimRequestView | None = None
        if allows(actor.role, Function.BEGARA_ERSATTNING, Access.READ):
            self.claim_request = ClaimRequestView(
                services,
                actor,
                collect_interval_ms=collect_interval_ms,
                phone_approve_ms=phone_approve_ms,
            )
            self.claim_request.session_ended.connect(on_session_ended)
            _add_tab(self.work_tabs, self.claim_request, QT_TR_NOOP("Begär ersättning"))
        # Statusöversikt, between Begär ersättning and Begärda ersättningar (the guide's).
        self.status_overview: StatusOverviewView | None = None
        if allows(actor.role, READ_FUNCTION, Access.READ):
            self.status_overview = StatusOverviewView(services, actor)
            self.status_overview.session_ended.connect(on_session_ended)
            _add_tab(self.work_tabs, self.status_overview, QT_TR_NOOP("Statusöversikt"))
        self.claims: ClaimsView | None = None
        if allows(actor.role, Function.UPPFOLJNING_ERSATTNINGAR, Access.READ):
            self.claims = ClaimsView(services, actor)
            self.claims.session_ended.connect(on_session_ended)
            _add_tab(self.work_tabs, self.claims, QT_TR_NOOP("Begärda ersättningar"))
            if self.claim_request is not None:
                self.claim_request.claim_sent.connect(self.claims.reload)
        _add_tab(self.tabs, self.work_tabs, MAIN_TABS[0])

        # Organisationen
        self.organisation_tabs = named(QTabWidget(), tr("Organisationen"))
        styled(self.organisation_tabs.tabBar())
        self.details = OrganisationDetailsView(services, actor)
        self.details.session_ended.connect(on_session_ended)
        _add_tab(self.organisation_tabs, self.details, QT_TR_NOOP("Uppgifter"))
        self.offering = ServiceOfferingView(services, actor)
        self.offering.session_ended.connect(on_session_ended)
        _add_tab(self.organisation_tabs, self.offering, QT_TR_NOOP("Tjänsteutbud"))
        self.users: UsersView | None = None
        if allows(actor.role, Function.HANTERA_ANVANDARE, Access.READ):
            self.users = UsersView(
                services,
                actor,
                collect_interval_ms=collect_interval_ms,
                phone_approve_ms=phone_approve_ms,
            )
            self.users.session_ended.connect(on_session_ended)
            _add_tab(self.organisation_tabs, self.users, QT_TR_NOOP("Användare"))
        self.pending: PendingChangesView | None = None
        if readable_kinds(actor.role):
            self.pending = PendingChangesView(
                services,
                actor,
                collect_interval_ms=collect_interval_ms,
                phone_approve_ms=phone_approve_ms,
            )
            self.pending.session_ended.connect(on_session_ended)
            _add_tab(self.organisation_tabs, self.pending, QT_TR_NOOP("Ändringar att signera"))
        # Kvittenser: the roles that read some kind of change (as Ändringar att signera);
        # the service lists the receipts whose every change the role may read.
        self.receipts: ReceiptsView | None = None
        if readable_kinds(actor.role):
            self.receipts = ReceiptsView(services, actor)
            self.receipts.session_ended.connect(on_session_ended)
            _add_tab(self.organisation_tabs, self.receipts, QT_TR_NOOP("Kvittenser"))
        _add_tab(self.tabs, self.organisation_tabs, MAIN_TABS[1])

        self.unit_box.currentIndexChanged.connect(self._unit_changed)
        self._unit_changed(self.unit_box.currentIndex())
        for view in self.views():
            view.status.connect(on_status)

    def _unit_changed(self, index: int) -> None:
        unit = self.unit_box.itemData(index) if index >= 0 else None
        self.overview.set_unit(unit)
        if self.claim_request is not None:
            self.claim_request.set_unit(unit)

    def close_dialogs(self) -> list[Callable[[], object]]:
        """Close every dialog of the workspace (before it goes away). Returns the calls
        that cancel BankID orders still running in them, to be made off the GUI thread."""
        from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog

        cancels: list[Callable[[], object]] = []
        for dialog in self.findChildren(QDialog):
            if isinstance(dialog, SigningDialog):
                cancel = dialog.abandon()
                if cancel is not None:
                    cancels.append(cancel)
            if dialog.isVisible():
                dialog.reject()
        return cancels

    def views(self) -> list[View]:
        return [
            view
            for tabs in (self.work_tabs, self.organisation_tabs)
            for i in range(tabs.count())
            if isinstance(view := tabs.widget(i), View)
        ]

    def current_view(self) -> View | None:
        """The view of the sub-tab shown."""
        tabs = self.work_tabs if self.tabs.currentIndex() == 0 else self.organisation_tabs
        view = tabs.currentWidget()
        return view if isinstance(view, View) else None

    def focus_first_field(self) -> None:
        """Put the keyboard in the first field of the view shown (Sök on Översikt)."""
        view = self.current_view()
        field = view.first_field() if view is not None else None
        if field is not None:
            field.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def tab_indexes(self) -> tuple[int, int, int]:
        """Which tab and sub-tabs are shown (to show the same after a switch)."""
        return (
            self.tabs.currentIndex(),
            self.work_tabs.currentIndex(),
            self.organisation_tabs.currentIndex(),
        )

    def show_tab_indexes(self, indexes: tuple[int, int, int]) -> None:
        main, work, organisation = indexes
        self.work_tabs.setCurrentIndex(min(work, self.work_tabs.count() - 1))
        self.organisation_tabs.setCurrentIndex(
            min(organisation, self.organisation_tabs.count() - 1)
        )
        self.tabs.setCurrentIndex(main)

    def tab_names(self) -> list[str]:
        names = []
        for tabs in (self.work_tabs, self.organisation_tabs):
            names += [tabs.tabText(i) for i in range(tabs.count())]
        return names

    def show_tab(self, main: str, sub: str) -> None:
        """Show the sub-tab ``sub`` of the main tab ``main``, both by their Swedish names
        (whatever the UI's language)."""
        self.tabs.setCurrentIndex(MAIN_TABS.index(main))
        tabs = self.work_tabs if main == MAIN_TABS[0] else self.organisation_tabs
        for i in range(tabs.count()):
            if tabs.tabBar().tabData(i) == sub:
                tabs.setCurrentIndex(i)
                return
        raise KeyError(sub)


def caller_of(actor: Actor) -> Caller:
    """``services.api.caller_of``, imported with the services (after the first paint)."""
    from kawebb_desktop.services import api

    return api.caller_of(actor)


def _server_ended(reason: str) -> str:
    from kawebb_desktop.ui.widgets.session_lock import SERVER_ENDED

    return tr(SERVER_ENDED).format(reason=reason)


def _unsynced_at_logout(count: int) -> str:
    """The question at *Logga ut* when the outbox still holds ``count`` changes."""
    if count == 1:
        return tr(
            "1 ändring har inte nått servern än. Den lokala kopian tas bort vid utloggning; "
            "vill du behålla ändringen till nästa inloggning på den här datorn, eller ta bort "
            "den? En borttagen ändring kan inte återställas."
        )
    return tr(
        "{count} ändringar har inte nått servern än. Den lokala kopian tas bort vid "
        "utloggning; vill du behålla ändringarna till nästa inloggning på den här datorn, "
        "eller ta bort dem? Borttagna ändringar kan inte återställas."
    ).format(count=count)


def _add_tab(tabs: QTabWidget, page: QWidget, name: str) -> None:
    """Add ``page`` as the tab ``name`` (Swedish, marked with QT_TR_NOOP), shown in the
    UI's language; the Swedish name stays the tab's data (:meth:`Workspace.show_tab`)."""
    index = tabs.addTab(page, tr(name))
    tabs.tabBar().setTabData(index, name)


def _separator() -> QLabel:
    label = QLabel("|")
    styled(label, "separator")
    return label


class MainWindow(QMainWindow):
    #: The services (the backend) are attached: the login page is usable.
    attached = Signal()

    #: Set by :meth:`attach` (the window is shown before: ``app.run``).
    services: Services
    idle: IdleMonitor
    idle_warning: IdleWarningBar
    lock_screen: LockScreen
    login: LoginPage
    sync_indicator: SyncIndicator
    offline_start: OfflineStartBar
    signing_gate: SigningGate

    def __init__(
        self,
        services: Services | None,
        settings: Settings,
        *,
        idle_clock: Clock | None = None,
        idle_tick_ms: int | None = None,
        backup: StoreBackup | None = None,
        setup: Setup | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``services``: the backend, or ``None`` while it is being made — the window
        then shows :class:`StartingPage` (the login page's card, disabled, *Startar…*)
        until :meth:`attach` gives them (issue 12: the window is painted before the
        store is opened). ``idle_clock`` and ``idle_tick_ms`` time the Sessionstid
        (tests move a fixed clock and tick fast instead of waiting half an hour);
        ``backup`` is what *Arkiv > Säkerhetskopiera… / Återställ…* use (``None``: they
        say there is none); ``setup`` is what *Arkiv > Inställningar…* tests a server's
        address with (``None``: the menu entry is not there)."""
        super().__init__(parent)
        self.backup = backup
        self.setup = setup
        self.settings = settings
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(640, 480)
        self._worker = Worker(self)
        self._interval_ms = max(50, int(settings.collect_interval_seconds * 1000))
        self._phone_ms = max(0, int(settings.simulator_approve_seconds * 1000))
        self._idle_clock = idle_clock
        self._idle_tick_ms = idle_tick_ms
        self.stack = QStackedWidget()
        central = QWidget()
        self._central_layout = central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        #: The session's idle time (from the services' Me: the server's in remote mode).
        self.session_idle = settings.session_idle
        #: The windows (dialogs, message boxes) hidden while locked, and the focus.
        self._hidden: list[QWidget] = []
        self._focus_before_lock: QWidget | None = None
        self.workspace: Workspace | None = None
        self.help_dialog: HelpDialog | None = None
        #: *Hjälp > Om KA Webb* while it is open.
        self.about_box: QMessageBox | None = None
        #: *Arkiv > Inställningar…* while it is open.
        self.settings_dialog: QDialog | None = None
        #: The question at *Logga ut* when changes made here have not reached the server.
        self.logout_box: QMessageBox | None = None
        self.statusBar()  # where what happened is confirmed (status messages)
        self.sync_monitor: SyncMonitor | None = None
        self._unsynced: frozenset[tuple[str, int]] = frozenset()
        self.refused_dialog: RefusedDialog | None = None
        #: What the window shows until the services are attached (then ``None``).
        self.starting: StartingPage | None = None
        self._build_menus()
        #: Sized and placed on its screen at the first show (the screen is known then).
        self._placed = False
        if services is not None:
            self.attach(services)
        else:
            self.starting = StartingPage()
            self.stack.addWidget(self.starting)
            self._update_actions()
            # The first shortcut makes Qt's ~100 enums of ``Qt`` (12 ms): after the paint.
            after_first_paint(self, self._set_shortcuts)

    def _set_shortcuts(self) -> None:
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
            self.help_action.setShortcut(QKeySequence("F1"))

    @property
    def ready(self) -> bool:
        """Whether the services are attached (the login page is there)."""
        return self.starting is None

    def attach(self, services: Services, *, backup: StoreBackup | None = None) -> None:
        """Give the window its backend: the login page (in place of the starting page),
        the lock screen and, in remote mode with the offline backend, the sync's
        widgets. ``backup``: as the constructor's (kept when ``None``)."""
        from kawebb_desktop.ui.views.login import LoginPage
        from kawebb_desktop.ui.widgets.session_lock import (
            TICK_MS,
            IdleMonitor,
            IdleWarningBar,
            LockScreen,
        )
        from kawebb_desktop.ui.widgets.sync_status import (
            OfflineStartBar,
            SigningGate,
            SyncIndicator,
        )

        assert not hasattr(self, "services"), "the services are attached once"
        self._set_shortcuts()
        self.services = services
        if backup is not None:
            self.backup = backup
        central_layout = self._central_layout
        # Sessionstid: the warning bar above everything, the lock screen in the stack.
        self.idle_warning = IdleWarningBar()
        central_layout.insertWidget(0, self.idle_warning)
        tick_ms = TICK_MS if self._idle_tick_ms is None else self._idle_tick_ms
        self.idle = IdleMonitor(self._idle_clock or SystemClock(), tick_ms, self)
        self.idle.warning.connect(self.idle_warning.show_remaining)
        self.idle.warning_cleared.connect(self.idle_warning.hide)
        self.idle.locked.connect(self._idle_locked)
        self.idle.keepalive.connect(self._keep_alive)
        self.idle_warning.continue_clicked.connect(self.idle.continue_working)
        self.lock_screen = LockScreen(
            services, collect_interval_ms=self._interval_ms, phone_approve_ms=self._phone_ms
        )
        self.lock_screen.identified.connect(self._identified_again)
        self.lock_screen.logout_requested.connect(self.logout)
        self.login = LoginPage(
            services,
            collect_interval_ms=self._interval_ms,
            phone_approve_ms=self._phone_ms,
            preselected_person=self.settings.simulator_identity,
        )
        self.login.logged_in.connect(self._logged_in)
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.lock_screen)
        starting, self.starting = self.starting, None
        if starting is not None:
            focus = QApplication.focusWidget()
            had_focus = focus is not None and starting.isAncestorOf(focus)
            self.stack.setCurrentWidget(self.login)
            self.stack.removeWidget(starting)
            starting.deleteLater()
            if had_focus or self.isActiveWindow():
                self.login.start_button.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        # The offline backend's state (issue 11), only when the services have one: a
        # strip just above the status bar (inside it, it would leave the status
        # messages too little room on a 1024×768 screen).
        self.sync_indicator = SyncIndicator(self)
        self.sync_indicator.hide()
        if services.offline is not None:
            central_layout.addWidget(self.sync_indicator)
        #: Over the login page when the server cannot be reached (offline start).
        self.offline_start = OfflineStartBar(self)
        if services.offline is not None:
            central_layout.insertWidget(1, self.offline_start)
            self.offline_start.chosen.connect(self.start_offline)
            self.check_offline_start()
        self.signing_gate = SigningGate(self, self)
        self.sync_indicator.sync_requested.connect(self._sync_now)
        self.sync_indicator.refused_requested.connect(self.show_refused)
        self._update_actions()
        self.attached.emit()

    @property
    def actor(self) -> Actor | None:
        return self.workspace.actor if self.workspace else None

    # ------------------------------------------------------------------ menus
    def _build_menus(self) -> None:
        bar = self.menuBar()
        archive = bar.addMenu(tr("&Arkiv"))
        self.export_action = QAction(tr("&Exportera…"), self)
        self.export_action.setStatusTip(tr("Spara alla träffar i listan som CSV- eller Excel-fil."))
        self.export_action.triggered.connect(self.export)
        archive.addAction(self.export_action)
        archive.addSeparator()
        self.backup_action = QAction(tr("&Säkerhetskopiera…"), self)
        self.backup_action.setStatusTip(tr("Spara en kopia av den lokala databasen i en fil."))
        self.backup_action.triggered.connect(self._start_backup)
        archive.addAction(self.backup_action)
        self.restore_action = QAction(tr("Å&terställ…"), self)
        self.restore_action.setStatusTip(tr("Ersätt den lokala databasen med en säkerhetskopia."))
        self.restore_action.triggered.connect(lambda: self.restore_backup())
        archive.addAction(self.restore_action)
        archive.addSeparator()
        self.settings_action = QAction(tr("&Inställningar…"), self)
        self.settings_action.setStatusTip(
            tr("Databas eller server, signering och språk (gäller från nästa start).")
        )
        self.settings_action.triggered.connect(lambda: self.show_settings())
        if self.setup is not None:
            archive.addAction(self.settings_action)
            archive.addSeparator()
        self.quit_action = QAction(tr("&Avsluta"), self)
        self.quit_action.triggered.connect(self.close)
        archive.addAction(self.quit_action)
        archive.aboutToShow.connect(self._update_actions)
        help_menu = bar.addMenu(tr("&Hjälp"))
        self.help_action = QAction(tr("&Användarstöd"), self)
        self.help_action.triggered.connect(lambda: self.show_help())
        help_menu.addAction(self.help_action)
        self.about_action = QAction(tr("&Om KA Webb"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)
        self._update_actions()

    def _update_actions(self) -> None:
        view = self.current_view()
        self.export_action.setEnabled(view is not None and view.can_export())
        # Backing up or restoring the store while it is being opened: not before.
        self.backup_action.setEnabled(self.ready)
        self.restore_action.setEnabled(self.ready)

    def _start_backup(self) -> None:
        from kawebb_desktop.ui.dialogs.backup_dialog import start_backup

        start_backup(self, self.backup)

    def show_settings(self) -> QDialog:
        """*Arkiv > Inställningar…*: the settings of the next start (issue 12)."""
        from kawebb_desktop.ui.dialogs.settings_dialog import SAVED, SettingsDialog

        assert self.setup is not None, "no Inställningar without a setup (app.build gives one)"
        dialog = SettingsDialog(self.settings, self.setup, self)
        dialog.accepted.connect(lambda: show_info(self, tr("Inställningar"), tr(SAVED)))
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def restore_backup(self, source: Path | None = None) -> QMessageBox | None:
        """*Arkiv > Återställ…*; afterwards back to the login page (the session is not in
        the restored store)."""

        def restored(message: str) -> None:
            actor = self.actor
            if actor is not None:
                self._leave_workspace()
            show_info(self, tr("Återställ"), message)

        from kawebb_desktop.ui.dialogs.backup_dialog import start_restore

        return start_restore(self, self.backup, restored, source)

    def export(self) -> None:
        """*Arkiv > Exportera…*: the list of the view shown, as its Exportera… does."""
        view = self.current_view()
        if view is not None and view.can_export():
            view.export()

    def current_view(self) -> View | None:
        """The view shown (none while locked)."""
        if self.workspace is None or self.locked:
            return None
        return self.workspace.current_view()

    def help_topic(self) -> str:
        """The section of the help for the screen shown."""
        if self.workspace is None:
            return "inloggning"
        if self.locked:
            return "sessionstid"
        view = self.workspace.current_view()
        return view.help_topic if view is not None else ""

    def about_text(self) -> str:
        path = log_file()
        starting = tr(STARTING_TEXT)
        return "\n".join(
            [
                f"{APP_NAME} {__version__}",
                tr("Utbildningskontrakt – webbstöd för kommuner"),
                "",
                tr("Datamapp: {folder}").format(folder=self.settings.data_dir),
                tr("Data: {store}").format(
                    store=self.services.description if self.ready else starting
                ),
                tr("Signering: {signer}").format(
                    signer=self.services.signer_name if self.ready else starting
                ),
                tr("Loggfil: {file}").format(
                    file=path if path is not None else tr("ingen (loggar inte till fil)")
                ),
            ]
        )

    def show_about(self) -> None:
        """*Hjälp > Om KA Webb*: the version and where everything is (developer detail
        that does not belong in the status bar)."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            tr("Om KA Webb"),
            self.about_text(),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("aboutBox")
        ok = box.button(QMessageBox.StandardButton.Ok)
        named(ok, ok.text())
        box.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        box.finished.connect(lambda _r: setattr(self, "about_box", None))
        self.about_box = box
        box.open()

    def show_status(self, text: str) -> None:
        """Confirm what just happened (it stays until the next message or Logga ut)."""
        self.statusBar().showMessage(text)
        if self.sync_monitor is not None:  # a write was made: its sync state is new
            self.sync_monitor.refresh()

    # ------------------------------------------------------------------ offline
    def _start_sync(self, actor: Actor) -> None:
        self._stop_sync()
        offline = self.services.offline
        if offline is None:
            return
        from kawebb_desktop.ui.widgets.sync_status import SyncMonitor

        monitor = SyncMonitor(offline, caller_of(actor), parent=self)
        monitor.state_changed.connect(self._sync_state)
        monitor.online_changed.connect(self.signing_gate.set_online)
        monitor.failed.connect(lambda _exc: self.sync_indicator.sync_failed())
        self.sync_monitor = monitor
        self.signing_gate.set_online(monitor.online)
        self.sync_indicator.show()
        monitor.start()

    def check_offline_start(self) -> None:
        """On the login page: offer to continue offline if the server cannot be reached
        and someone logged in here recently (asked off the GUI thread)."""
        offline = self.services.offline
        if offline is None:
            return

        def found(logins: tuple[OfflineLogin, ...]) -> None:
            if self.workspace is None:
                self.offline_start.show_logins(logins)

        self._worker.run(offline.offline_logins, found, lambda _exc: None)

    def start_offline(self, key: str) -> None:
        """*Fortsätt offline som …*: the person's replica, without the server."""
        offline = self.services.offline
        if offline is None:
            return
        organisations = self.services.organisations

        def start() -> tuple[Actor, list[Unit]]:
            actor = offline.start_offline(key)
            return actor, organisations.units(caller_of(actor))

        def started(result: tuple[Actor, list[Unit]]) -> None:
            actor, units = result
            self.offline_start.hide()
            self._show_workspace(actor, [], units)

        self._worker.run(start, started, self._session_failed)

    def _stop_sync(self) -> None:
        if self.sync_monitor is not None:
            self.sync_monitor.stop()
            self.sync_monitor.deleteLater()
            self.sync_monitor = None
        if self.refused_dialog is not None:
            self.refused_dialog.close()
            self.refused_dialog = None
        self.sync_indicator.hide()
        self.signing_gate.set_online(True)
        self._unsynced = frozenset()

    def _sync_state(self, state: SyncState) -> None:
        self.sync_indicator.show_state(state)
        self.signing_gate.watch()
        # Rows confirmed since: the lists are read again (provisional ids are gone).
        synced = bool(self._unsynced - state.unsynced)
        self._unsynced = state.unsynced
        if self.workspace is not None:
            for view in self.workspace.views():
                view.show_unsynced(state.unsynced, synced)
        if self.refused_dialog is not None and self.refused_dialog.isVisible():
            self.refused_dialog.show_state(state)

    def _sync_now(self) -> None:
        if self.sync_monitor is not None:
            self.sync_monitor.sync_now()

    def show_refused(self) -> None:
        """*Ej synkade ändringar*: the refused commands, their reasons, the conflicts."""
        monitor, offline, actor = self.sync_monitor, self.services.offline, self.actor
        if monitor is None or offline is None or actor is None or monitor.state is None:
            return
        from kawebb_desktop.ui.dialogs.refused_dialog import RefusedDialog

        dialog = RefusedDialog(offline, caller_of(actor), monitor.state, self)
        dialog.changed.connect(self._sync_state)
        dialog.changed.connect(lambda _state: monitor.refresh())
        self.refused_dialog = dialog
        dialog.open()

    # ------------------------------------------------------------------ session
    def _logged_in(self, actor: Actor) -> None:
        self._worker.run(
            lambda: self._workspace_data(actor),
            lambda data: self._show_workspace(actor, *data),
            self._session_failed,
        )

    def _workspace_data(
        self, actor: Actor
    ) -> tuple[list[OrganisationChoice], list[Unit], dt.timedelta]:
        me = self.services.auth.me(actor.token)
        units = self.services.organisations.units(caller_of(actor))
        return list(me.authorizations), units, dt.timedelta(minutes=me.session_idle_minutes)

    def _show_workspace(
        self,
        actor: Actor,
        choices: list[OrganisationChoice],
        units: list[Unit],
        idle: dt.timedelta | None = None,
    ) -> None:
        self.offline_start.hide()
        previous = self.workspace
        shown = previous.tab_indexes() if previous is not None else None
        self.workspace = Workspace(
            self.services,
            actor,
            choices,
            units,
            collect_interval_ms=self._interval_ms,
            phone_approve_ms=self._phone_ms,
            on_logout=self.logout,
            on_help=lambda: self.show_help(),
            on_switch=self.switch_organisation,
            on_session_ended=self._session_lost,
            on_status=self.show_status,
        )
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        if previous is not None:
            self._run_quietly(previous.close_dialogs())
            self.stack.removeWidget(previous)
            previous.deleteLater()
        self.setWindowTitle(f"{APP_NAME} – {actor.organisation_name}")
        # A login always lands on Mitt arbete > Översikt (guide 4.1), whatever the person
        # before looked at; switching municipality keeps the screen the person is on.
        if shown is not None:
            self.workspace.show_tab_indexes(shown)
        self.workspace.focus_first_field()
        self._update_actions()
        self.statusBar().showMessage(
            tr("Inloggad som {name}, {role}, {organisation}.").format(
                name=actor.name, role=tr(actor.role.label), organisation=actor.organisation_name
            ),
            8000,
        )
        if idle is not None:
            self.session_idle = idle
        self.idle_warning.hide()
        self.idle.start(self.session_idle)
        self._start_sync(actor)

    def switch_organisation(self, organisation_id: int) -> None:
        actor = self.actor
        if actor is None or organisation_id == actor.organisation_id:
            return
        auth, token = self.services.auth, actor.token
        self._worker.run(
            lambda: auth.enter(token, organisation_id),
            self._logged_in,
            self._switch_failed,
        )

    def _switch_failed(self, exc: BaseException) -> None:
        actor = self.actor
        if self.workspace is not None and self.workspace.organisation_box is not None and actor:
            box = self.workspace.organisation_box
            box.setCurrentIndex(box.findData(actor.organisation_id))
        if isinstance(exc, NotAuthenticated):
            self.lock(_server_ended(tr_message(exc.message)))
        elif isinstance(exc, NotAuthorized):
            self._session_ended(tr_message(exc.message))
        else:
            show_error(self, exc, failed=tr("Kommunen kunde inte bytas."))

    def logout(self) -> None:
        actor = self.actor
        offline = self.services.offline
        if actor is None or offline is None:
            self._leave_workspace(revoke=actor.token if actor else None)
            return
        # The replica holds personal data: it goes at Logga ut, unless changes made
        # here have not reached the server (then the user decides).
        caller = caller_of(actor)
        self._worker.run(
            lambda: offline.state(caller),
            lambda state: self._logout_with_replica(actor, state),
            lambda _exc: self._leave_workspace(revoke=actor.token),
        )

    def _logout_with_replica(self, actor: Actor, state: SyncState) -> None:
        offline = self.services.offline
        if offline is None or self.actor is not actor:
            return
        caller = caller_of(actor)
        left = state.waiting + len(state.refused)
        if left == 0:
            self._leave_workspace(
                revoke=actor.token, first=[lambda: offline.remove_replica(caller, keep=False)]
            )
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("Logga ut"),
            _unsynced_at_logout(left),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("logoutUnsyncedBox")
        keep = box.addButton(tr("&Behåll till nästa inloggning"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(tr("&Ta bort ändringarna"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(tr("Avbryt"), QMessageBox.ButtonRole.RejectRole)
        for b in (keep, drop, stay):
            b.setAccessibleName(b.text().replace("&", ""))
        box.setDefaultButton(keep)
        box.setEscapeButton(stay)

        def answered(_result: int) -> None:
            clicked = box.clickedButton()
            if clicked is keep or clicked is drop:
                discard = clicked is drop
                self._leave_workspace(
                    revoke=actor.token,
                    first=[lambda: offline.remove_replica(caller, keep=not discard)],
                )

        box.finished.connect(answered)
        box.open()
        self.logout_box = box

    def _leave_workspace(
        self, *, revoke: str | None = None, first: list[Callable[[], object]] | None = None
    ) -> None:
        """Back to the login page. Orders still running in the workspace's dialogs are
        cancelled, then the calls ``first`` run, then the session ``revoke`` (if any) is
        logged out, off the GUI thread."""
        cancels: list[Callable[[], object]] = []
        self.statusBar().clearMessage()  # nothing of this session stays on screen
        self._stop_sync()
        self.idle.stop()
        self.idle_warning.hide()
        self.lock_screen.reset()
        self._hidden, self._focus_before_lock = [], None
        if self.workspace is not None:
            cancels = self.workspace.close_dialogs()
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        cancels += first or []
        if revoke is not None:
            auth, token = self.services.auth, revoke
            cancels.append(lambda: auth.logout(token))
        self._run_quietly(cancels)
        self.setWindowTitle(APP_NAME)
        self.login.reset()
        self.stack.setCurrentWidget(self.login)
        self.login.start_button.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        self._update_actions()
        self.check_offline_start()

    def _run_quietly(self, calls: list[Callable[[], object]]) -> None:
        """Clean-up calls (cancel an order, log out), in order, on a worker thread; a
        failure is logged, not shown: the user has moved on."""
        if not calls:
            return

        def run() -> None:
            for call in calls:
                try:
                    call()
                except Exception as exc:
                    log.info("Clean-up call failed: %s", exc)

        self._worker.run(run, lambda _r: None, lambda _e: None)

    # ------------------------------------------------------------------ Sessionstid
    @property
    def locked(self) -> bool:
        return self.workspace is not None and self.stack.currentWidget() is self.lock_screen

    def _idle_locked(self) -> None:
        from kawebb_desktop.ui.widgets.session_lock import IDLE_LOCKED, minutes_text

        self.lock(
            tr(IDLE_LOCKED).format(minutes=minutes_text(self.session_idle.total_seconds() / 60))
        )

    def lock(self, reason: str) -> None:
        """Hide the workspace (kept as it is, dialogs and all) behind the lock screen."""
        actor = self.actor
        if actor is None or self.workspace is None or self.locked:
            return
        self.idle.stop()
        self.idle_warning.hide()
        focus = QApplication.focusWidget()
        self._focus_before_lock = focus if focus is not None and self.isAncestorOf(focus) else None
        self._hidden = [
            w
            for w in self.findChildren(QWidget)
            if w.isWindow() and w.isVisible() and not isinstance(w, QMenu)
        ]
        for window in self._hidden:
            window.hide()
        self.statusBar().clearMessage()
        self.stack.setCurrentWidget(self.lock_screen)
        self.lock_screen.lock(actor, reason)
        self._update_actions()

    def _identified_again(self, token: str, person: Person) -> None:
        """The lock screen's login: the same person resumes, anyone else logs out."""
        actor = self.actor
        if actor is None or not self.locked:
            self._run_quietly([lambda: self.services.auth.logout(token)])
            return
        auth = self.services.auth
        if person.id != actor.person_id:
            self._leave_workspace(revoke=actor.token)
            self._run_quietly([lambda: auth.logout(token)])
            self._tell_logged_out(tr(ANOTHER_PERSON_LOGGED_OUT).format(name=actor.name))
            return
        self._worker.run(
            lambda: auth.resume(token, actor.token, actor.organisation_id),
            self._unlocked,
            lambda exc: self._resume_failed(token, exc),
        )

    def _unlocked(self, actor: Actor) -> None:
        workspace = self.workspace
        if workspace is None or not self.locked:
            return
        self.lock_screen.reset()
        self.stack.setCurrentWidget(workspace)
        hidden, self._hidden = self._hidden, []
        for window in hidden:
            window.show()
        focus, self._focus_before_lock = self._focus_before_lock, None
        if focus is not None:
            focus.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        self._update_actions()
        self.statusBar().showMessage(
            tr("Välkommen tillbaka, {name}.").format(name=actor.name), 8000
        )
        self.idle.start(self.session_idle)

    def _resume_failed(self, token: str, exc: BaseException) -> None:
        auth = self.services.auth
        self._run_quietly([lambda: auth.logout(token)])
        if not self.locked:
            return
        if isinstance(exc, NotAuthorized | NotAuthenticated):
            actor = self.actor
            self._leave_workspace(revoke=actor.token if actor else None)
            self._tell_logged_out(tr_message(exc.message))
        else:
            self.lock_screen.failed(message_of(exc))

    def _session_lost(self, message: str) -> None:
        """A view was told the session ended: the server decides whether it is over
        (locked, to log in again) or the authorization ended (logged out)."""
        actor = self.actor
        if actor is None or self.locked:
            return
        auth, token = self.services.auth, actor.token

        def decided(exc: BaseException | None) -> None:
            if self.actor is not actor:
                return
            if isinstance(exc, NotAuthorized) or exc is None:
                self._session_ended(message)
            else:
                self.lock(_server_ended(message))

        self._worker.run(lambda: auth.me(token), lambda _me: decided(None), decided)

    def _keep_alive(self) -> None:
        """The person is working (maybe typing a long text): the server hears of it."""
        actor = self.actor
        if actor is None or self.locked:
            return
        auth, token = self.services.auth, actor.token
        self._worker.run(
            lambda: auth.me(token),
            lambda _me: None,
            lambda exc: (
                self._session_lost(message_of(exc)) if isinstance(exc, NotAuthenticated) else None
            ),
        )

    def _tell_logged_out(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            tr("Du har loggats ut"),
            message,
            QMessageBox.StandardButton.Ok,
            self,
        )
        name_message_box(box)
        box.open()

    def _session_ended(self, message: str) -> None:
        self._leave_workspace()
        box = QMessageBox(
            QMessageBox.Icon.Information,
            tr("Du har loggats ut"),
            message,
            QMessageBox.StandardButton.Ok,
            self,
        )
        name_message_box(box)
        box.open()

    def _session_failed(self, exc: BaseException) -> None:
        show_error(self, exc, failed=tr("Arbetsytan kunde inte öppnas."))

    def show_help(self, topic: str | None = None) -> None:
        """The help, at the section of ``topic`` (default: the screen shown)."""
        if self.help_dialog is None:
            from kawebb_desktop.ui.dialogs.help_dialog import HelpDialog

            self.help_dialog = HelpDialog(self)
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()
        self.help_dialog.show_topic(self.help_topic() if topic is None else topic)

    # ------------------------------------------------------------------ window state
    def showEvent(self, event: QShowEvent) -> None:
        if not self._placed:
            self._placed = True
            self._restore_geometry()
        super().showEvent(event)

    def _restore_geometry(self) -> None:
        """The remembered geometry, kept on the screen the window is on now; the first
        time, :data:`FIRST_SIZE` or what the screen has room for, centred on it."""
        geometry = QSettings().value("window/geometry")
        if (
            isinstance(geometry, QByteArray)
            and not geometry.isEmpty()
            and self.restoreGeometry(geometry)
        ):
            keep_on_screen(self)
        else:
            # Never remembered, or not restorable (another Qt, a damaged file): Qt then
            # leaves the window at its minimum size in the corner, so size it anew.
            fit_to_screen(self, FIRST_SIZE)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        if self.ready:
            self.idle.stop()
        if self.workspace is not None:
            self._run_quietly(self.workspace.close_dialogs())
        super().closeEvent(event)
