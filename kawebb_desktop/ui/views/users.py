"""*Organisationen > Användare* (guide §4.3–4.6, bild 4–8).

Sök and Sökresultat (paged, sorted by header click), Skapa, Ändra, Ta bort, Ändra
behörighetsperiod, then *Användare att signera* with the magnifier (edit) and the red
cross (discard), and Signera. Everything goes through the service API's ``users`` and
``signing``: each write is a command built when the user confirms it, carrying the
version of the row it was read from — and, for a user with an unsigned change, that
change (Ändra… shows its draft and edits it; nothing replaces it unseen).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import ChangeAction, PendingChange, UserDraft, draft_of
from kawebb_desktop.domain.entities import AuthorizationStatus, Receipt
from kawebb_desktop.domain.queries import Page, UserQuery, UserSort
from kawebb_desktop.services.api import (
    ChangeUser,
    CreateUser,
    DiscardPending,
    EditPending,
    PendingUserChange,
    RemoveUser,
    Services,
    UserRow,
    VersionedId,
    caller_of,
)
from kawebb_desktop.ui.dialogs.end_date_dialog import EndDateDialog
from kawebb_desktop.ui.dialogs.user_dialog import INTRO, INTRO_PENDING, UserDialog
from kawebb_desktop.ui.errors import LIST_FAILED, SAVE_UNCERTAIN, show_info
from kawebb_desktop.ui.export import export_table
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.users import DISCARD_COLUMN, EDIT_COLUMN, PendingModel, UserTableModel
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.views.base import View
from kawebb_desktop.ui.views.pending_changes import (
    PendingRow,
    load_signable,
    open_signing_dialog,
    show_completed_after_close,
    signable,
    signed_text,
)
from kawebb_desktop.ui.widgets.feedback import SAVING, SEARCHING, TableNote
from kawebb_desktop.ui.widgets.forms import button, confirm_box, named, with_clear_button
from kawebb_desktop.ui.widgets.pager import Pager
from kawebb_desktop.ui.widgets.tables import configure_table, fit_columns
from kawebb_desktop.ui.worker import Worker

NO_MATCH = QT_TR_NOOP("Inga användare matchar sökningen.")
NO_USERS = QT_TR_NOOP("Ingen har behörighet i kommunen.")
NOTHING_PENDING = QT_TR_NOOP("Inga ändringar väntar på signering.")
NOTHING_TO_SIGN = QT_TR_NOOP(
    "Det finns inga ändringar att signera. Listan Ändringar att signera är tom."
)


class UsersView(View):
    help_topic = "anvandare"
    #: *Användare att signera* has been read again (after a change, or a reload).
    pending_loaded = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        *,
        collect_interval_ms: int = 2000,
        phone_approve_ms: int = 3000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._caller = caller_of(actor)
        self._collect_interval_ms = collect_interval_ms
        self._phone_approve_ms = phone_approve_ms
        self._worker = Worker(self)
        self._query_text = ""
        #: The dialog or message box open right now (tests reach it here).
        self.dialog: QWidget | None = None
        #: Signera was pressed and the list to sign is being read.
        self._opening_signing = False

        layout = QVBoxLayout(self)
        search_row = QHBoxLayout()
        search_label = QLabel(tr("&Sök:"))
        self.search = named(QLineEdit(), tr("Sök"))
        self.search.setPlaceholderText(tr("Namn, e-post eller födelsedatum (ÅÅÅÅMMDD)"))
        with_clear_button(self.search)
        search_label.setBuddy(self.search)
        self.search.returnPressed.connect(self.run_search)
        self.search_button = button(tr("Sök"), tooltip=tr("Sök (Retur i sökfältet)."))
        self.search_button.clicked.connect(self.run_search)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button)
        layout.addLayout(search_row)

        title = QLabel(tr("Sökresultat"))
        styled(title, "sectionTitle")
        layout.addWidget(title)
        self.model = UserTableModel(self)
        self.table = named(QTableView(), tr("Sökresultat"))
        self.table.setModel(self.model)
        configure_table(self.table, sortable=True, key="anvandare/sokresultat")
        self.table.activated.connect(lambda _i: self.edit_selected())
        layout.addWidget(self.table, 3)
        self.note = TableNote(self.table)
        self.pager = Pager(self.model)
        layout.addWidget(self.pager)

        actions = QHBoxLayout()
        self.end_date_button = button(
            tr("Ändra &behörighetsperiod"),
            tooltip=tr("Sätt ett nytt slutdatum för en eller flera användare."),
        )
        self.end_date_button.clicked.connect(self.change_period)
        self.edit_button = button(
            tr("Än&dra…"), tooltip=tr("Ändra den markerade användaren (Retur).")
        )
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = button(
            tr("&Ta bort…"), tooltip=tr("Ta bort den markerade användarens behörighet (Delete).")
        )
        self.remove_button.clicked.connect(self.remove_selected)
        self.export_button = button(
            tr("&Exportera…"), tooltip=tr("Spara alla träffar som CSV- eller Excel-fil.")
        )
        self.export_button.clicked.connect(self.export)
        self.create_button = button(tr("S&kapa"), tooltip=tr("Skapa en ny användare (Ctrl+N)."))
        self.create_button.clicked.connect(self.create_user)
        for b in (self.end_date_button, self.edit_button, self.remove_button, self.export_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.create_button)
        layout.addLayout(actions)

        pending_title = QLabel(tr("Användare att signera"))
        styled(pending_title, "sectionTitle")
        layout.addWidget(pending_title)
        self.pending_model = PendingModel(self)
        self.pending_table = named(QTableView(), tr("Användare att signera"))
        self.pending_table.setModel(self.pending_model)
        configure_table(self.pending_table, key="anvandare/att-signera")
        self.pending_table.clicked.connect(self._pending_clicked)
        self.pending_table.activated.connect(lambda _i: self.edit_pending())
        layout.addWidget(self.pending_table, 1)
        self.pending_note = TableNote(self.pending_table)
        pending_actions = QHBoxLayout()
        self.edit_pending_button = button(
            tr("Ändra &rad…"),
            tooltip=tr("Förstoringsglaset: ändra den markerade raden innan den signeras."),
        )
        self.edit_pending_button.clicked.connect(self.edit_pending)
        self.discard_button = button(
            tr("&Förkasta"),
            tooltip=tr(
                "Det röda krysset: ta bort den markerade ändringen utan att signera den (Delete)."
            ),
        )
        self.discard_button.clicked.connect(self.discard_pending)
        self.sign_button = button(tr("S&ignera"), tooltip=tr("Signera alla ändringar med BankID."))
        self.sign_button.setObjectName("signButton")  # disabled offline (SigningGate)
        self.sign_button.clicked.connect(self.sign)
        pending_actions.addWidget(self.edit_pending_button)
        pending_actions.addWidget(self.discard_button)
        pending_actions.addStretch(1)
        pending_actions.addWidget(self.sign_button)
        layout.addLayout(pending_actions)

        QShortcut(QKeySequence.StandardKey.New, self, self.create_user)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        # Delete acts on the list that has the focus: one shortcut per list, each only
        # while its list has the focus (two window-wide ones would be ambiguous, and Qt
        # fires neither).
        for table, act in (
            (self.table, self.remove_selected),
            (self.pending_table, self.discard_pending),
        ):
            delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), table, act)
            delete.setContext(Qt.ShortcutContext.WidgetShortcut)

        self._activation_timer = QTimer(self)
        self._activation_timer.setSingleShot(True)
        self._activation_timer.timeout.connect(self.reload)
        self.model.page_loaded.connect(self._users_loaded)
        self.model.load_failed.connect(lambda exc: self.report(exc, tr(LIST_FAILED)))
        #: Why the answer of the search under way would be empty.
        self._empty_reason = NO_USERS
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.pending_table.selectionModel().selectionChanged.connect(
            lambda *_a: self._update_buttons()
        )
        self.model.set_fetch(self._fetch)
        self.reload_pending()

    # ------------------------------------------------------------------ keyboard, menu
    def first_field(self) -> QLineEdit:
        return self.search

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def can_export(self) -> bool:
        return True

    @property
    def busy(self) -> bool:
        """A call of the view is under way (a search, a reload, a change)."""
        return self._worker.busy or self.model.loading

    # ------------------------------------------------------------------ loading
    def _fetch(self, offset: int, limit: int, sort: Enum | None, descending: bool) -> Page[UserRow]:
        query = UserQuery(
            self._query_text,
            sort if isinstance(sort, UserSort) else UserSort.LAST_NAME,
            descending,
            offset,
            limit,
        )
        return self._services.users.list_users(self._caller, query)

    def run_search(self) -> None:
        self._query_text = self.search.text().strip()
        self._empty_reason = NO_MATCH if self._query_text else NO_USERS
        self.model.set_fetch(self._fetch)

    def reload(self) -> None:
        self.model.reload()
        self.reload_pending()

    def show_unsynced(self, unsynced: frozenset[tuple[str, int]], synced: bool) -> None:
        self.pending_model.set_unsynced(unsynced)
        fit_columns(self.pending_table)
        if synced:
            self.reload()

    def reload_pending(self) -> None:
        users, caller = self._services.users, self._caller
        self.pending_note.start_busy(tr(SEARCHING))
        self._worker.run(
            lambda: users.list_pending(caller),
            self._pending_loaded,
            self._pending_failed,
        )

    def _pending_loaded(self, rows: list[PendingUserChange]) -> None:
        self.pending_note.stop_busy()
        self.pending_model.set_rows(rows)
        self.pending_note.set_empty_text(tr(NOTHING_PENDING))
        fit_columns(self.pending_table)
        self._update_buttons()
        self.pending_loaded.emit()

    def _pending_failed(self, exc: BaseException) -> None:
        self.pending_note.stop_busy()
        self.report(exc, tr(LIST_FAILED))

    def _users_loaded(self) -> None:
        self.note.set_empty_text(tr(self._empty_reason))
        self._update_buttons()
        self._schedule_activation_refresh()

    def _schedule_activation_refresh(self) -> None:
        """Reload when the first "Väntar på aktivering" on this page is due."""
        waiting = [
            r.user.activates_at
            for r in self.model.objects()
            if r.status is AuthorizationStatus.VANTAR_PA_AKTIVERING and r.user.activates_at
        ]
        if not waiting:
            self._activation_timer.stop()
            return
        due = min(waiting) - self._services.clock.now()
        self._activation_timer.start(max(1000, int(due.total_seconds() * 1000) + 500))

    def _update_buttons(self) -> None:
        has_user = self._selected_row() is not None
        self.edit_button.setEnabled(has_user)
        self.remove_button.setEnabled(has_user)
        pending = self.pending_model.rowCount() > 0
        selected_change = self._selected_change()
        self.edit_pending_button.setEnabled(
            selected_change is not None and selected_change.action is not ChangeAction.BORTTAGEN
        )
        self.discard_button.setEnabled(selected_change is not None)
        self.sign_button.setEnabled(pending)

    # ------------------------------------------------------------------ selection
    def _selected_row(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.object_at(rows[0].row())

    def _selected_change(self) -> PendingUserChange | None:
        rows = self.pending_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.pending_model.change_at(rows[0].row())

    def select_user_row(self, row: int) -> None:
        self.table.selectRow(row)

    # ------------------------------------------------------------------ actions
    def _today(self) -> dt.date:
        return self._services.clock.today()

    def create_user(self) -> None:
        users, caller = self._services.users, self._caller
        dialog = UserDialog(
            self._today(),
            check=users.validate_draft,
            command=CreateUser,
            save=lambda command: users.create_user(caller, command),
            registered=lambda personnummer: users.registered_person(caller, personnummer),
            parent=self,
        )
        dialog.accepted.connect(lambda: self._saved(dialog.saved))
        dialog.open()
        self.dialog = dialog

    def _saved(self, answer: object) -> None:
        """A change is queued (the dialog's answer): say so, and read the lists again."""
        if isinstance(answer, PendingUserChange):
            self.status.emit(queued_text(answer))
        self.reload()

    def edit_selected(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        user, change = row.user, row.pending_change
        if change is not None and change.action is ChangeAction.BORTTAGEN:
            self.dialog = show_info(
                self,
                tr("Ändra användare"),
                tr(
                    "{name} ska tas bort; borttagningen väntar under Användare att signera. "
                    "Ångra den med det röda krysset om du vill ändra användaren i stället."
                ).format(name=user.full_name),
            )
            return
        users, caller = self._services.users, self._caller
        pending = _at(change)

        def command(draft: UserDraft) -> ChangeUser:
            return ChangeUser(user.id, user.version, draft, pending=pending)

        dialog = UserDialog(
            self._today(),
            title=tr("Ändra användare"),
            existing=draft_of(user) if change is None else change.user_draft(),
            lock_personnummer=True,
            lock_names=True,
            check=users.validate_draft,
            command=command,
            save=lambda cmd: users.change_user(caller, cmd),
            intro=tr(INTRO) if change is None else tr(INTRO_PENDING),
            parent=self,
        )
        dialog.accepted.connect(lambda: self._saved(dialog.saved))
        dialog.open()
        self.dialog = dialog

    def remove_selected(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        user, change = row.user, row.pending_change
        if change is not None and change.action is ChangeAction.BORTTAGEN:
            self.dialog = show_info(
                self,
                tr("Ta bort användare"),
                tr(
                    "{name} ska redan tas bort; borttagningen väntar under Användare att signera."
                ).format(name=user.full_name),
            )
            return
        replaces = (
            ""
            if change is None
            else "\n\n"
            + tr(
                "Användarens osignerade ändring under Användare att signera ersätts av "
                "borttagningen."
            )
        )
        box, remove = confirm_box(
            self,
            tr("Ta bort användare"),
            tr(
                "Ta bort behörigheten för {name} ({role})?\n\n"
                "Borttagningen hamnar under Användare att signera och genomförs när den har "
                "signerats."
            ).format(name=user.full_name, role=tr(user.role.label))
            + replaces,
            tr("Ta bort"),
            tr("Avbryt"),
        )
        users, caller = self._services.users, self._caller

        def answered(_result: int) -> None:
            if box.clickedButton() is remove:
                command = RemoveUser(user.id, user.version, pending=_at(change))
                self._call(
                    lambda: users.remove_user(caller, command),
                    tr("Borttagningen av {name} ligger nu under Användare att signera.").format(
                        name=user.full_name
                    ),
                )

        box.finished.connect(answered)
        box.open()
        self.dialog = box

    def change_period(self) -> None:
        selected = self._selected_row()
        preselected = [selected] if selected is not None and not selected.user.role.is_admin else []
        users, caller = self._services.users, self._caller
        dialog = EndDateDialog(
            self._today(),
            self._fetch_all_for_dialog,
            lambda command: users.set_end_date(caller, command),
            preselected=preselected,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._period_changed(dialog))
        dialog.open()
        self.dialog = dialog

    def _period_changed(self, dialog: EndDateDialog) -> None:
        command = dialog.command()
        if command is not None:
            count = len(command.users)
            date = command.end_date.isoformat()
            self.status.emit(
                tr(
                    "Nytt slutdatum {date} för 1 användare ligger nu under Användare att signera."
                ).format(date=date)
                if count == 1
                else tr(
                    "Nytt slutdatum {date} för {count} användare ligger nu under Användare att "
                    "signera."
                ).format(date=date, count=count)
            )
        self.reload()

    def _fetch_all_for_dialog(
        self, offset: int, limit: int, sort: Enum | None, descending: bool
    ) -> Page[UserRow]:
        query = UserQuery(
            "",
            sort if isinstance(sort, UserSort) else UserSort.LAST_NAME,
            descending,
            offset,
            limit,
        )
        return self._services.users.list_users(self._caller, query)

    def _pending_clicked(self, index: QModelIndex) -> None:
        if index.column() == EDIT_COLUMN:
            self.edit_pending()
        elif index.column() == DISCARD_COLUMN:
            self.discard_pending()

    def edit_pending(self) -> None:
        change = self._selected_change()
        if change is None or change.action is ChangeAction.BORTTAGEN:
            return
        users, caller = self._services.users, self._caller
        new = change.current is None  # a Ny: the personnummer may still be corrected

        def command(draft: UserDraft) -> EditPending:
            return EditPending(change.id, change.version, draft)

        dialog = UserDialog(
            self._today(),
            title=tr("Ändra användare att signera"),
            existing=change.draft,
            lock_personnummer=not new,
            lock_names=not new,
            check=users.validate_draft,
            command=command,
            save=lambda cmd: users.edit_pending(caller, cmd),
            registered=(lambda pnr: users.registered_person(caller, pnr)) if new else None,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._saved(dialog.saved))
        dialog.open()
        self.dialog = dialog

    def discard_pending(self) -> None:
        change = self._selected_change()
        if change is None:
            return
        name = change.draft.full_name
        box, discard = confirm_box(
            self,
            tr("Förkasta ändring"),
            tr(
                "Förkasta ändringen ”{action}” för {name}? "
                "Den tas bort från Användare att signera och skickas inte."
            ).format(action=tr(change.action.label), name=name),
            tr("Förkasta"),
            tr("Behåll"),
        )
        users, caller = self._services.users, self._caller

        def answered(_result: int) -> None:
            if box.clickedButton() is discard:
                command = DiscardPending(change.id, change.version)
                self._call(
                    lambda: users.discard_pending(caller, command),
                    tr("Ändringen för {name} är förkastad.").format(name=name),
                )

        box.finished.connect(answered)
        box.open()
        self.dialog = box

    def sign(self) -> None:
        """*Signera*: read what waits now, from the services (not the list shown, which
        may be older) — the users' changes and every other change the role signs with
        them (contact persons, accounts: one set, one receipt) — and confirm exactly that
        set; the order signs exactly it."""
        if self._opening_signing:
            return
        services, actor = self._services, self._actor
        self._opening_signing = True
        self.sign_button.setEnabled(False)
        self.pending_note.start_busy(tr(SEARCHING))
        self._worker.run(
            lambda: load_signable(services, actor), self._open_signing, self._sign_failed
        )

    def _sign_failed(self, exc: BaseException) -> None:
        self._opening_signing = False
        self._pending_failed(exc)
        self._update_buttons()

    def _open_signing(self, rows: list[PendingRow]) -> None:
        self._opening_signing = False
        self._pending_loaded([r.source for r in rows if isinstance(r.source, PendingUserChange)])
        to_sign = signable(rows, self._actor.role)
        if not to_sign:
            self.dialog = show_info(self, tr("Signera"), tr(NOTHING_TO_SIGN))
            return
        self.dialog = open_signing_dialog(
            self,
            self._services,
            self._actor,
            to_sign,
            collect_interval_ms=self._collect_interval_ms,
            phone_approve_ms=self._phone_approve_ms,
            on_closed=self._signing_closed,
            on_completed_after_close=self._completed_after_close,
        )

    def _signing_closed(self, receipt: Receipt | None) -> None:
        if receipt is not None:
            self.status.emit(signed_text(receipt))
        self.reload()

    def _completed_after_close(self, receipt: Receipt) -> None:
        """The phone approved just as the signing dialog was closed, and the changes
        were applied before the cancel reached them: say so, with the receipt's number."""
        self.reload()
        self.status.emit(signed_text(receipt))
        self.dialog = show_completed_after_close(self, receipt)

    def _call(self, fn: Callable[[], object], done: str) -> None:
        """Run a changing service call off the GUI thread ("Sparar…" in Användare att
        signera if it takes a while); on success say ``done`` and reload, otherwise show
        the refusal."""

        def saved(_answer: object) -> None:
            self.status.emit(done)
            self.reload()

        def failed(exc: BaseException) -> None:
            self.pending_note.stop_busy()
            self.report(exc, tr(SAVE_UNCERTAIN))

        self.pending_note.start_busy(tr(SAVING))
        self._worker.run(fn, saved, failed)

    def export(self) -> None:
        def fetch(offset: int, limit: int) -> Page[UserRow]:
            sort = self.model.sort_key
            query = UserQuery(
                self._query_text,
                sort if isinstance(sort, UserSort) else UserSort.LAST_NAME,
                self.model.descending,
                offset,
                limit,
            )
            return self._services.users.list_users(self._caller, query)

        export_table(
            self, tr("anvandare.csv"), self.model.column_titles(), self.model.row_texts, fetch
        )


def queued_text(change: PendingUserChange) -> str:
    """The status bar's confirmation of a queued change."""
    return tr("{name} ligger nu under Användare att signera.").format(name=change.draft.full_name)


def _at(change: PendingChange | None) -> VersionedId | None:
    """The unsigned change a command is based on, as the command names it."""
    return None if change is None else VersionedId(change.id, change.version)
