"""*Organisationen > Ändringar att signera*: every unsigned change of the organisation —
users, contact persons and accounts — in one list, signed together (rule 5).

The list shows what the role may read; the magnifier opens the change's own form, the
red cross discards it, and *Signera* signs every change the role may update with one
BankID signing and one receipt. The services sign exactly that set (``StartSigning``
names it), so *Signera* under *Användare* uses the same :func:`load_signable` and
:func:`signable`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import (
    AccountDraft,
    ChangeAction,
    ChangeKind,
    ClaimDraft,
    ContactDraft,
    PendingChange,
    UserDraft,
)
from kawebb_desktop.domain.compensation import format_kronor
from kawebb_desktop.domain.documents import DocumentType, function_of
from kawebb_desktop.domain.entities import Account, ContactPerson, Receipt, User
from kawebb_desktop.domain.roles import Access, Function, Role, allows
from kawebb_desktop.services.api import (
    DiscardPending,
    EditPending,
    PendingAccountChange,
    PendingClaimChange,
    PendingContactChange,
    PendingDocumentChange,
    PendingUserChange,
    Services,
    VersionedId,
    caller_of,
)
from kawebb_desktop.services.offline_api import KIND_PENDING
from kawebb_desktop.ui.application import icon
from kawebb_desktop.ui.dialogs.account_dialog import AccountDialog
from kawebb_desktop.ui.dialogs.contact_dialog import ContactDialog
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.dialogs.user_dialog import UserDialog
from kawebb_desktop.ui.errors import LIST_FAILED, SAVE_UNCERTAIN, show_info
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.columns import AnyIndex, Column
from kawebb_desktop.ui.models.lists import ListTableModel
from kawebb_desktop.ui.models.unsynced import UNSYNCED_TIP, UnsyncedMarks
from kawebb_desktop.ui.views.base import View
from kawebb_desktop.ui.widgets.feedback import SAVING, SEARCHING, TableNote
from kawebb_desktop.ui.widgets.forms import add_heading, button, confirm_box, named
from kawebb_desktop.ui.widgets.tables import configure_table, fit_columns
from kawebb_desktop.ui.worker import Worker

TITLE = QT_TR_NOOP("Ändringar att signera")
NOTHING_TO_SIGN = QT_TR_NOOP("Det finns inga ändringar att signera.")

#: The row of the permission matrix that decides who reads, changes and signs a kind.
FUNCTION_OF_KIND: dict[ChangeKind, Function] = {
    ChangeKind.USER: Function.HANTERA_ANVANDARE,
    ChangeKind.CONTACT: Function.KONTAKTPERSON,
    ChangeKind.ACCOUNT: Function.KONTOINFORMATION,
    ChangeKind.CLAIM: Function.BEGARA_ERSATTNING,
    #: Reading; sending a document needs WRITE on its type's row (domain.documents).
    ChangeKind.DOCUMENT: Function.HANTERA_HANDLINGAR,
}

AnySource = (
    PendingUserChange
    | PendingContactChange
    | PendingAccountChange
    | PendingClaimChange
    | PendingDocumentChange
)


@dataclass(frozen=True, slots=True)
class DocumentSend:
    """What a document's send signs, in words (it has no draft of its own: the document
    is sent as it is stored)."""

    change: PendingChange

    def describe(self) -> str:
        return self.change.describe().removeprefix(f"{ChangeKind.DOCUMENT.label}: ")


@dataclass(frozen=True, slots=True)
class PendingRow:
    """One line of *Ändringar att signera*, whatever its kind."""

    kind: ChangeKind
    change: PendingChange
    draft: UserDraft | ContactDraft | AccountDraft | ClaimDraft | DocumentSend
    current: User | ContactPerson | Account | None
    #: Who or what the change is about, in short (the column *Beskrivning*).
    description: str
    #: The service's own line (what the kind's form edits).
    source: AnySource

    @property
    def id(self) -> int:
        return self.change.id

    @property
    def version(self) -> int:
        return self.change.version

    @property
    def action(self) -> ChangeAction:
        return self.change.action

    @property
    def versioned(self) -> VersionedId:
        return VersionedId(self.change.id, self.change.version)

    @property
    def details(self) -> str:
        """The whole draft in words, as the signing shows it (without the action)."""
        return self.draft.describe()


def summary_of(draft: UserDraft | ContactDraft | AccountDraft) -> str:
    """Who or what a change is about, short enough for one column."""
    if isinstance(draft, UserDraft):
        return f"{draft.full_name} ({draft.personnummer.birth_date_text}), {tr(draft.role.label)}"
    if isinstance(draft, ContactDraft):
        admin = tr(", administrativ kontakt") if draft.administrative else ""
        return f"{draft.full_name}, {draft.email.value}{admin}"
    default = tr(", standardkonto") if draft.is_default else ""
    return f"{tr(draft.kind.label)} {draft.formatted_number}{default}"


def row_of(source: AnySource) -> PendingRow:
    """A service's line of any kind as a :class:`PendingRow`."""
    change = source.change
    if isinstance(source, PendingDocumentChange):  # a send: its case, person and type
        about = tr("Ärende {number}, {person}, {type}").format(
            number=source.case_number, person=source.person_name, type=tr(source.type.label)
        )
        return PendingRow(change.kind, change, DocumentSend(change), None, about, source)
    if isinstance(source, PendingClaimChange):  # a claim: its case, person and amount
        about = tr("Ärende {number}, {person}, {amount}").format(
            number=source.case_number,
            person=source.person_name,
            amount=format_kronor(source.amount),
        )
        return PendingRow(change.kind, change, source.draft, None, about, source)
    return PendingRow(
        change.kind, change, source.draft, source.current, summary_of(source.draft), source
    )


def readable_kinds(role: Role) -> list[ChangeKind]:
    return [k for k in ChangeKind if allows(role, FUNCTION_OF_KIND[k], Access.READ)]


def may_sign(role: Role, kind: ChangeKind) -> bool:
    """Whether ``role`` may change (and so sign) changes of ``kind`` (documents: of some
    type; :func:`may_sign_row` decides each send by its type)."""
    if kind is ChangeKind.DOCUMENT:
        return any(allows(role, function_of(t), Access.WRITE) for t in DocumentType)
    return allows(role, FUNCTION_OF_KIND[kind], Access.WRITE)


def may_sign_row(role: Role, row: PendingRow) -> bool:
    """Whether ``role`` may change and sign ``row``: a document's send needs write access
    to its type (Lärare: Periodisk rapport only), as the services decide."""
    if isinstance(row.source, PendingDocumentChange):
        return allows(role, function_of(row.source.type), Access.WRITE)
    return may_sign(role, row.kind)


def load_signable(services: Services, actor: Actor) -> list[PendingRow]:
    """Every pending change ``actor``'s role may read, of all kinds, in id order (the
    order they were made). Blocking: call it on a worker."""
    caller = caller_of(actor)
    kinds = readable_kinds(actor.role)
    sources: list[AnySource] = []
    if ChangeKind.USER in kinds:
        sources += services.users.list_pending(caller)
    if ChangeKind.CONTACT in kinds:
        sources += services.organisations.pending_contacts(caller)
    if ChangeKind.ACCOUNT in kinds:
        sources += services.organisations.pending_accounts(caller)
    if ChangeKind.CLAIM in kinds:
        sources += services.claims.pending_claims(caller)
    if ChangeKind.DOCUMENT in kinds:
        sources += services.documents.pending_documents(caller)
    merged = {s.change.id: row_of(s) for s in sources}
    return [merged[i] for i in sorted(merged)]


def signable(rows: Sequence[PendingRow], role: Role) -> list[PendingRow]:
    """The rows *Signera* signs for ``role``: those of every kind it may update."""
    return [r for r in rows if may_sign_row(role, r)]


def signing_summary(rows: Sequence[PendingRow]) -> str:
    """The confirmation's list: one line per change, as BankID shows it."""
    return "\n".join(f"• {r.change.describe()}" for r in rows)


def signed_text(receipt: Receipt) -> str:
    """The status bar's confirmation of a signing: "2 ändringar signerade – kvittens 17"."""
    if receipt.change_count == 1:
        return tr("1 ändring signerad – kvittens {receipt}").format(receipt=receipt.id)
    return tr("{count} ändringar signerade – kvittens {receipt}").format(
        count=receipt.change_count, receipt=receipt.id
    )


def show_completed_after_close(parent: QWidget, receipt: Receipt) -> QMessageBox:
    """The phone approved just as the signing dialog was closed, and the changes were
    applied before the cancel reached them: say so, with the receipt's number (each view
    that opens :func:`open_signing_dialog` shows this from its ``on_completed_after_close``)."""
    text = tr(
        "Signeringen hann genomföras innan den avbröts: {count} ändring(ar) har genomförts. "
        "Kvittensnummer {receipt}, signerad av {signer}."
    ).format(count=receipt.change_count, receipt=receipt.id, signer=receipt.signer_name)
    return show_info(parent, tr("Signeringen genomfördes"), text)


def _changed_at(value: dt.datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def _is_removal(row: PendingRow) -> bool:
    return row.action is ChangeAction.BORTTAGEN


def _columns(person_id: int) -> list[Column[PendingRow]]:
    def who(row: PendingRow) -> str:
        return tr("du") if row.change.created_by_person_id == person_id else row.source.made_by

    return [
        Column(QT_TR_NOOP("Typ"), lambda r: tr(r.kind.label)),
        Column(QT_TR_NOOP("Åtgärd"), lambda r: tr(r.action.label)),
        Column(QT_TR_NOOP("Beskrivning"), lambda r: r.description),
        Column(QT_TR_NOOP("Ändrad av"), who),
        Column(QT_TR_NOOP("Ändrad"), lambda r: _changed_at(r.change.created_at)),
        # The guide's magnifier (edit) and red cross (discard), drawn as icons.
        Column("", lambda r: "" if _is_removal(r) else tr("Ändra")),
        Column("", lambda _r: tr("Förkasta ändringen")),
    ]


ACTION_COLUMN = 1
DESCRIPTION_COLUMN = 2
EDIT_COLUMN = 5
DISCARD_COLUMN = 6


class PendingChangesModel(ListTableModel[PendingRow]):
    """The rows, each with its magnifier and red cross when ``role`` may change it."""

    def __init__(self, person_id: int, role: Role, parent: QObject | None = None) -> None:
        super().__init__(_columns(person_id), parent)
        self._role = role
        self._edit_icon = icon("magnifier")
        self._discard_icon = icon("cross")
        self.unsynced = UnsyncedMarks(KIND_PENDING)

    def set_unsynced(self, unsynced: frozenset[tuple[str, int]]) -> None:
        if self.unsynced.update(unsynced) and self._rows:
            last = self.index(len(self._rows) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def row_at(self, row: int) -> PendingRow:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == ACTION_COLUMN
            and self.unsynced.marked(self._rows[index.row()].id)
        ):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.unsynced.text(self._rows[index.row()].id, super().data(index, role))
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr(UNSYNCED_TIP)
        if (
            index.isValid()
            and index.column() == DESCRIPTION_COLUMN
            and role == Qt.ItemDataRole.ToolTipRole
        ):
            return self._rows[index.row()].details
        if index.isValid() and index.column() in (EDIT_COLUMN, DISCARD_COLUMN):
            row = self._rows[index.row()]
            writable = may_sign_row(self._role, row)
            editable = writable and (index.column() == DISCARD_COLUMN or not _is_removal(row))
            if role == Qt.ItemDataRole.DisplayRole:
                return ""
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return super().data(index, role) if editable else ""
            if role == Qt.ItemDataRole.DecorationRole:
                if not editable:
                    return None
                return self._discard_icon if index.column() == DISCARD_COLUMN else self._edit_icon
        return super().data(index, role)


class PendingChangesView(View):
    help_topic = "andringar-att-signera"
    #: The list has been read again (after a change, or a reload).
    loaded = Signal()

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
        #: The dialog or message box open right now (tests reach it here).
        self.dialog: QWidget | None = None
        #: Signera was pressed and the list to sign is being read.
        self._opening_signing = False
        #: The number of the latest read of the list (older answers are dropped).
        self._reads = 0
        #: Whether the role may change (and sign) any kind at all.
        self.writable = any(may_sign(actor.role, k) for k in readable_kinds(actor.role))

        layout = QVBoxLayout(self)
        add_heading(
            layout,
            tr(TITLE),
            tr(
                "Ändringar av användare, kontaktpersoner och konton gäller först när de har "
                "signerats med BankID. Signera signerar alla på en gång, med en kvittens."
            )
            if self.writable
            else tr("Ändringar av kommunens uppgifter som väntar på att signeras med BankID."),
        )
        self.model = PendingChangesModel(actor.person_id, actor.role, self)
        self.table = named(QTableView(), tr(TITLE))
        self.table.setModel(self.model)
        configure_table(self.table, key="andringar-att-signera/lista")
        self.table.setColumnHidden(EDIT_COLUMN, not self.writable)
        self.table.setColumnHidden(DISCARD_COLUMN, not self.writable)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(lambda _i: self.edit_selected())
        layout.addWidget(self.table, 1)
        self.note = TableNote(self.table)

        actions = QHBoxLayout()
        self.edit_button = button(
            tr("Ändra &rad…"),
            tooltip=tr(
                "Förstoringsglaset: ändra den markerade ändringen innan den signeras (Retur)."
            ),
        )
        self.edit_button.clicked.connect(self.edit_selected)
        self.discard_button = button(
            tr("&Förkasta"),
            tooltip=tr(
                "Det röda krysset: ta bort den markerade ändringen utan att signera den (Delete)."
            ),
        )
        self.discard_button.clicked.connect(self.discard_selected)
        self.reload_button = button(tr("&Uppdatera"), tooltip=tr("Läs listan igen."))
        self.reload_button.clicked.connect(self.reload)
        self.sign_button = button(
            tr("S&ignera"), tooltip=tr("Signera alla ändringar du får ändra med BankID.")
        )
        self.sign_button.setObjectName("signButton")  # disabled offline (SigningGate)
        self.sign_button.clicked.connect(self.sign)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.discard_button)
        actions.addStretch(1)
        actions.addWidget(self.reload_button)
        actions.addWidget(self.sign_button)
        for b in (self.edit_button, self.discard_button, self.sign_button):
            b.setVisible(self.writable)
        layout.addLayout(actions)

        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.discard_selected)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()
        # The list is read when the tab is shown (showEvent), each time.

    # ------------------------------------------------------------------ keyboard
    def first_field(self) -> QTableView:
        return self.table

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def showEvent(self, event: QShowEvent) -> None:
        """Changes are made on other tabs too: read the list again when it is shown."""
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()

    # ------------------------------------------------------------------ loading
    def show_unsynced(self, unsynced: frozenset[tuple[str, int]], synced: bool) -> None:
        self.model.set_unsynced(unsynced)
        fit_columns(self.table)
        if synced:
            self.reload()

    def reload(self) -> None:
        services, actor = self._services, self._actor
        self._reads += 1
        read = self._reads
        self.note.start_busy(tr(SEARCHING))
        self._worker.run(
            lambda: load_signable(services, actor),
            lambda rows: self._loaded(read, rows),
            lambda exc: self._failed(read, exc),
        )

    def _loaded(self, read: int, rows: list[PendingRow]) -> None:
        if read != self._reads:
            return
        self.note.stop_busy()
        selected = self._selected()
        self.model.set_rows(rows)
        self.note.set_empty_text(NOTHING_TO_SIGN)
        fit_columns(self.table)
        if selected is not None:
            for i, row in enumerate(rows):
                if row.id == selected.id:
                    self.table.selectRow(i)
        self._update_buttons()
        self.loaded.emit()

    def _failed(self, read: int, exc: BaseException) -> None:
        if read != self._reads:
            return
        self.note.stop_busy()
        self.report(exc, tr(LIST_FAILED))

    def rows(self) -> tuple[PendingRow, ...]:
        return self.model.objects()

    def _update_buttons(self) -> None:
        row = self._selected()
        writable = row is not None and may_sign_row(self._actor.role, row)
        self.edit_button.setEnabled(writable and row is not None and not _is_removal(row))
        self.discard_button.setEnabled(writable)
        self.sign_button.setEnabled(
            not self._opening_signing and bool(signable(self.rows(), self._actor.role))
        )

    # ------------------------------------------------------------------ selection
    def _selected(self) -> PendingRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(rows[0].row())

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _clicked(self, index: QModelIndex) -> None:
        if not self.writable:
            return
        if index.column() == EDIT_COLUMN:
            self.edit_selected()
        elif index.column() == DISCARD_COLUMN:
            self.discard_selected()

    # ------------------------------------------------------------------ the magnifier
    def edit_selected(self) -> None:
        row = self._selected()
        if row is None or _is_removal(row) or not may_sign_row(self._actor.role, row):
            return
        if isinstance(row.source, PendingUserChange):
            self._edit_user(row.source)
        elif isinstance(row.source, PendingContactChange):
            self._edit_contact(row.source)
        elif isinstance(row.source, PendingAccountChange):
            self._edit_account(row.source)
        # A claim or a document's send has no form here: it is discarded and made anew.

    def _edit_user(self, change: PendingUserChange) -> None:
        """As *Användare att signera*'s magnifier."""
        users, caller = self._services.users, self._caller
        new = change.current is None  # a Ny: the personnummer may still be corrected

        def command(draft: UserDraft) -> EditPending:
            return EditPending(change.id, change.version, draft)

        dialog = UserDialog(
            self._services.clock.today(),
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

    def _edit_contact(self, change: PendingContactChange) -> None:
        """The contact person form, over what it chooses from (read first)."""
        organisations, caller = self._services.organisations, self._caller

        def read() -> tuple[Any, ...]:
            return (
                organisations.units(caller),
                organisations.addresses(caller),
                organisations.contacts(caller),
            )

        def show(answer: tuple[Any, ...]) -> None:
            self.note.stop_busy()
            units, addresses, contacts = answer
            dialog = ContactDialog(
                self._services,
                self._actor,
                units=units,
                addresses=addresses,
                contacts=contacts,
                edit_change=change,
                parent=self,
            )
            self._open_form(dialog)

        self._read_then(read, show)

    def _edit_account(self, change: PendingAccountChange) -> None:
        organisations, caller = self._services.organisations, self._caller

        def read() -> tuple[Any, ...]:
            return organisations.units(caller), organisations.accounts(caller)

        def show(answer: tuple[Any, ...]) -> None:
            self.note.stop_busy()
            units, accounts = answer
            dialog = AccountDialog(
                self._services,
                self._actor,
                units=units,
                accounts=accounts,
                edit_change=change,
                parent=self,
            )
            self._open_form(dialog)

        self._read_then(read, show)

    def _read_then(
        self, read: Callable[[], tuple[Any, ...]], show: Callable[[tuple[Any, ...]], None]
    ) -> None:
        def failed(exc: BaseException) -> None:
            self.note.stop_busy()
            self.report(exc, tr(LIST_FAILED))

        self.note.start_busy(tr(SEARCHING))
        self._worker.run(read, show, failed)

    def _open_form(self, dialog: ContactDialog | AccountDialog) -> None:
        dialog.saved.connect(self._saved)
        dialog.open()
        self.dialog = dialog

    def _saved(self, _answer: object) -> None:
        self.status.emit(tr("Ändringen ligger nu under Ändringar att signera."))
        self.reload()

    # ------------------------------------------------------------------ the red cross
    def discard_selected(self) -> None:
        row = self._selected()
        if row is None or not may_sign_row(self._actor.role, row):
            return
        what = f"{tr(row.kind.label).lower()}: {row.description}"
        box, act = confirm_box(
            self,
            tr("Förkasta ändring"),
            tr(
                "Förkasta ändringen ”{action}” av {what}?\n\n"
                "Den tas bort från Ändringar att signera och skickas inte."
            ).format(action=tr(row.action.label), what=what),
            tr("Förkasta"),
            tr("Behåll"),
        )
        command = DiscardPending(row.id, row.version)
        caller = self._caller
        if row.kind is ChangeKind.USER:
            users = self._services.users

            def discard() -> None:
                users.discard_pending(caller, command)
        else:
            organisations = self._services.organisations

            def discard() -> None:
                organisations.discard_pending(caller, command)

        def answered(_result: int) -> None:
            if box.clickedButton() is act:
                self._call(discard, tr("Ändringen av {what} är förkastad.").format(what=what))

        box.finished.connect(answered)
        box.open()
        self.dialog = box

    def _call(self, fn: Callable[[], object], done: str) -> None:
        def saved(_answer: object) -> None:
            self.status.emit(done)
            self.reload()

        def failed(exc: BaseException) -> None:
            self.note.stop_busy()
            self.report(exc, tr(SAVE_UNCERTAIN))
            self.reload()

        self.note.start_busy(tr(SAVING))
        self._worker.run(fn, saved, failed)

    # ------------------------------------------------------------------ Signera
    def sign(self) -> None:
        """*Signera*: read what waits now, from the services (not the list shown, which
        may be older), and confirm exactly the set the role signs."""
        if self._opening_signing:
            return
        services, actor = self._services, self._actor
        self._opening_signing = True
        self.sign_button.setEnabled(False)
        self.note.start_busy(tr(SEARCHING))
        self._worker.run(
            lambda: load_signable(services, actor), self._open_signing, self._sign_failed
        )

    def _sign_failed(self, exc: BaseException) -> None:
        self._opening_signing = False
        self.note.stop_busy()
        self.report(exc, tr(LIST_FAILED))
        self._update_buttons()

    def _open_signing(self, rows: list[PendingRow]) -> None:
        self._opening_signing = False
        self._reads += 1
        self._loaded(self._reads, rows)
        to_sign = signable(rows, self._actor.role)
        if not to_sign:
            self.dialog = show_info(self, tr("Signera"), tr(NOTHING_TO_SIGN))
            return
        dialog = open_signing_dialog(
            self,
            self._services,
            self._actor,
            to_sign,
            collect_interval_ms=self._collect_interval_ms,
            phone_approve_ms=self._phone_approve_ms,
            on_closed=self._signing_closed,
            on_completed_after_close=self._completed_after_close,
        )
        self.dialog = dialog

    def _signing_closed(self, receipt: Receipt | None) -> None:
        if receipt is not None:
            self.status.emit(signed_text(receipt))
        self.reload()

    def _completed_after_close(self, receipt: Receipt) -> None:
        self.reload()
        self.status.emit(signed_text(receipt))
        self.dialog = show_completed_after_close(self, receipt)


def open_signing_dialog(
    parent: QWidget,
    services: Services,
    actor: Actor,
    rows: Sequence[PendingRow],
    *,
    collect_interval_ms: int,
    phone_approve_ms: int,
    on_closed: Callable[[Receipt | None], None],
    on_completed_after_close: Callable[[Receipt], None],
) -> SigningDialog:
    """Open the signing of ``rows`` (the signable set, as read just now)."""
    dialog = SigningDialog(
        services,
        actor,
        signing_summary(rows),
        tuple(r.versioned for r in rows),
        collect_interval_ms=collect_interval_ms,
        phone_approve_ms=phone_approve_ms,
        parent=parent,
    )
    dialog.finished.connect(lambda _result: on_closed(dialog.flow.receipt))
    dialog.completed_after_close.connect(on_completed_after_close)
    dialog.open()
    return dialog
