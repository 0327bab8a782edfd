"""*Organisationen > Uppgifter* and *Tjänsteutbud* (guide bild 3 and 10).

*Uppgifter* shows the organisation, its *Avtal* (``views.agreements``), its contact
persons and its accounts. A role with ● on *Kontaktperson* / *Kontoinformation* creates
them (*Skapa*) and changes or removes them from the form the magnifier opens (also a
double click or Enter on a row); the change waits under *Ändringar att signera* until it
is signed. A row with an unsigned change says so, and its form starts from that change.
Other roles see the form read-only. *Tjänsteutbud* is a master/detail of the services
and the units (with their addresses) that deliver them, read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelection, QObject, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import ChangeAction
from kawebb_desktop.domain.entities import Account, Address, ContactPerson, Organisation, Unit
from kawebb_desktop.domain.roles import Access, Function, allows
from kawebb_desktop.services.api import (
    PendingAccountChange,
    PendingContactChange,
    ServiceOffering,
    Services,
    caller_of,
)
from kawebb_desktop.ui.application import icon
from kawebb_desktop.ui.dialogs.account_dialog import (
    AccountDialog,
    account_name,
    with_pending_accounts,
)
from kawebb_desktop.ui.dialogs.contact_dialog import ContactDialog, with_pending_contacts
from kawebb_desktop.ui.errors import LIST_FAILED
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.columns import AnyIndex, Column
from kawebb_desktop.ui.models.lists import ListTableModel
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.views.agreements import AGREEMENTS_FAILED, AgreementsPanel
from kawebb_desktop.ui.views.base import View
from kawebb_desktop.ui.widgets.feedback import SEARCHING, TableNote
from kawebb_desktop.ui.widgets.forms import button, named
from kawebb_desktop.ui.widgets.tables import configure_table, fit_columns
from kawebb_desktop.ui.worker import Worker


def _yes_no(value: bool) -> str:
    return tr("Ja") if value else tr("Nej")


CONTACT_COLUMNS: list[Column[ContactPerson]] = [
    Column(QT_TR_NOOP("Förnamn"), lambda c: c.first_name),
    Column(QT_TR_NOOP("Efternamn"), lambda c: c.last_name),
    Column(QT_TR_NOOP("E-post"), lambda c: c.email.value),
    Column(QT_TR_NOOP("Telefon 1"), lambda c: c.phone1_text),
    Column(QT_TR_NOOP("Telefon 2"), lambda c: c.phone2_text),
    Column(
        QT_TR_NOOP("Antal utförande verksamheter"), lambda c: str(c.unit_count), align_right=True
    ),
    Column(QT_TR_NOOP("Antal adresser"), lambda c: str(c.address_count), align_right=True),
    Column(QT_TR_NOOP("Adm. kontakt"), lambda c: _yes_no(c.administrative)),
]

ACCOUNT_COLUMNS: list[Column[Account]] = [
    Column(QT_TR_NOOP("Kontotyp"), lambda a: tr(a.kind.label)),
    Column(QT_TR_NOOP("Kontonummer"), lambda a: a.formatted_number),
    Column(QT_TR_NOOP("Status"), lambda a: tr(a.review_status)),
    Column(QT_TR_NOOP("Senast uppdaterad"), lambda a: a.updated_on.isoformat()),
    Column(QT_TR_NOOP("Uppdaterad av"), lambda a: a.updated_by.value),
    Column(
        QT_TR_NOOP("Antal utförande verksamheter"), lambda a: str(a.unit_count), align_right=True
    ),
    Column(QT_TR_NOOP("Standardkonto"), lambda a: _yes_no(a.is_default)),
]

SERVICE_COLUMNS: list[Column[ServiceOffering]] = [
    Column(QT_TR_NOOP("Tjänst"), lambda o: o.service),
    Column(
        QT_TR_NOOP("Antal utförande verksamheter"), lambda o: str(len(o.units)), align_right=True
    ),
]

UNIT_COLUMNS: list[Column[Unit]] = [
    Column(QT_TR_NOOP("Utförande verksamhet"), lambda u: u.name),
    Column(QT_TR_NOOP("Ärendetyp"), lambda u: tr(u.case_kind.label)),
    Column(QT_TR_NOOP("Adress"), lambda u: u.street_address),
    Column(QT_TR_NOOP("Postadress"), lambda u: f"{u.postal_code} {u.city}".strip()),
]


#: The organisation's fields, by their Swedish labels (shown with tr()).
ORGANISATION_FIELDS = (
    QT_TR_NOOP("Org.nr"),
    QT_TR_NOOP("Namn"),
    QT_TR_NOOP("Adress"),
    QT_TR_NOOP("Postadress"),
    QT_TR_NOOP("Telefon"),
    QT_TR_NOOP("Telefax"),
    QT_TR_NOOP("Hemsida"),
)


def _table(name: str, model: ListTableModel, key: str) -> QTableView:  # type: ignore[type-arg]
    table = named(QTableView(), name)
    table.setModel(model)
    configure_table(table, key=key)
    return table


DETAILS_FAILED = QT_TR_NOOP("Organisationens uppgifter kunde inte hämtas.")
#: The magnifier's words (its tooltip and what a screen reader says).
OPEN_WRITE = QT_TR_NOOP("Visa/ändra")
OPEN_READ = QT_TR_NOOP("Visa")


@dataclass(frozen=True, slots=True)
class ContactRow:
    """A contact person as signed, and its unsigned change if it has one."""

    contact: ContactPerson
    pending: PendingContactChange | None = None


@dataclass(frozen=True, slots=True)
class AccountRow:
    account: Account
    pending: PendingAccountChange | None = None


def _unsigned(change: PendingContactChange | PendingAccountChange | None) -> str:
    if change is None:
        return ""
    return tr("{action}, väntar på signering").format(action=tr(change.action.label))


def _of_contact(column: Column[ContactPerson]) -> Column[ContactRow]:
    text = column.text
    return Column(column.title, lambda r: text(r.contact), align_right=column.align_right)


def _of_account(column: Column[Account]) -> Column[AccountRow]:
    text = column.text
    return Column(column.title, lambda r: text(r.account), align_right=column.align_right)


CONTACT_ROW_COLUMNS: list[Column[ContactRow]] = [
    *(_of_contact(c) for c in CONTACT_COLUMNS),
    Column(QT_TR_NOOP("Osignerad ändring"), lambda r: _unsigned(r.pending)),
    Column("", lambda _r: ""),
]
ACCOUNT_ROW_COLUMNS: list[Column[AccountRow]] = [
    *(_of_account(c) for c in ACCOUNT_COLUMNS),
    Column(QT_TR_NOOP("Osignerad ändring"), lambda r: _unsigned(r.pending)),
    Column("", lambda _r: ""),
]


class OpenableModel(ListTableModel[Any]):
    """A short list whose last column is the guide's magnifier: it opens the row's form."""

    def __init__(
        self, columns: list[Column[Any]], words: str, parent: QObject | None = None
    ) -> None:
        super().__init__(columns, parent)
        self._icon = icon("magnifier")
        self.words = words

    @property
    def open_column(self) -> int:
        return self.columnCount() - 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self.open_column:
            if role == Qt.ItemDataRole.DecorationRole:
                return self._icon
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return tr(self.words)
        return super().data(index, role)


def queued_contact_text(change: PendingContactChange) -> str:
    """The status bar's confirmation of a saved contact person."""
    name = change.draft.full_name
    if change.action is ChangeAction.BORTTAGEN:
        return tr(
            "Borttagningen av kontaktpersonen {name} ligger nu under Ändringar att signera."
        ).format(name=name)
    return tr("Kontaktpersonen {name} ligger nu under Ändringar att signera.").format(name=name)


def queued_account_text(change: PendingAccountChange) -> str:
    name = account_name(change.draft.kind, change.draft.number)
    if change.action is ChangeAction.BORTTAGEN:
        return tr("Borttagningen av kontot {name} ligger nu under Ändringar att signera.").format(
            name=name
        )
    return tr("Kontot {name} ligger nu under Ändringar att signera.").format(name=name)


@dataclass(frozen=True, slots=True)
class _Loaded:
    organisation: Organisation
    contacts: list[ContactPerson]
    accounts: list[Account] | None
    units: list[Unit]
    addresses: list[Address]
    pending_contacts: list[PendingContactChange]
    pending_accounts: list[PendingAccountChange]


class OrganisationDetailsView(View):
    help_topic = "organisationen"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._worker = Worker(self)
        self.may_change_contacts = allows(actor.role, Function.KONTAKTPERSON, Access.WRITE)
        self.may_see_accounts = allows(actor.role, Function.KONTOINFORMATION, Access.READ)
        self.may_change_accounts = allows(actor.role, Function.KONTOINFORMATION, Access.WRITE)
        #: What the forms choose from, as last read.
        self.units: list[Unit] = []
        self.addresses: list[Address] = []
        self.pending_contacts: list[PendingContactChange] = []
        self.pending_accounts: list[PendingAccountChange] = []
        #: The form open right now (tests reach it here).
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        self.details = QGroupBox(tr("Organisation"))
        self.form = QFormLayout(self.details)
        self.fields: dict[str, QLabel] = {}
        for key in ORGANISATION_FIELDS:
            value = QLabel()
            value.setAccessibleName(tr(key))
            self.fields[key] = value
            self.form.addRow(f"{tr(key)}:", value)
        self.agreements = AgreementsPanel(services, actor)
        self.agreements.failed.connect(lambda exc: self.report(exc, tr(AGREEMENTS_FAILED)))
        top = QHBoxLayout()
        top.addWidget(self.details, 1)
        top.addWidget(self.agreements, 1)
        layout.addLayout(top)

        self.create_contact_button = button(
            tr("Skapa kontakt&person"),
            tooltip=tr("Ny kontaktperson (hamnar under Ändringar att signera)."),
        )
        self.create_contact_button.clicked.connect(self.create_contact)
        self.create_contact_button.setVisible(self.may_change_contacts)
        self.open_contact_button = button(
            tr("Visa/än&dra kontaktperson…")
            if self.may_change_contacts
            else tr("Visa &kontaktperson…"),
            tooltip=tr("Förstoringsglaset: öppna den markerade kontaktpersonen (Retur)."),
        )
        self.open_contact_button.clicked.connect(self.open_chosen_contact)
        layout.addLayout(
            self._title_row(
                tr("Kontaktpersoner"), self.open_contact_button, self.create_contact_button
            )
        )
        self.contacts = OpenableModel(
            CONTACT_ROW_COLUMNS, OPEN_WRITE if self.may_change_contacts else OPEN_READ, self
        )
        self.contacts_table = _table(
            tr("Kontaktpersoner"), self.contacts, "uppgifter/kontaktpersoner"
        )
        self.contacts_note = TableNote(self.contacts_table)
        layout.addWidget(self.contacts_table, 1)

        self.create_account_button = button(
            tr("Skapa &konto"), tooltip=tr("Nytt konto (hamnar under Ändringar att signera).")
        )
        self.create_account_button.clicked.connect(self.create_account)
        self.create_account_button.setVisible(self.may_change_accounts)
        self.open_account_button = button(
            tr("Visa/ändra ko&nto…") if self.may_change_accounts else tr("Visa ko&nto…"),
            tooltip=tr("Förstoringsglaset: öppna det markerade kontot (Retur)."),
        )
        self.open_account_button.clicked.connect(self.open_chosen_account)
        self.open_account_button.setVisible(self.may_see_accounts)
        layout.addLayout(
            self._title_row(tr("Konton"), self.open_account_button, self.create_account_button)
        )
        self.accounts = OpenableModel(
            ACCOUNT_ROW_COLUMNS, OPEN_WRITE if self.may_change_accounts else OPEN_READ, self
        )
        self.accounts_table = _table(tr("Konton"), self.accounts, "uppgifter/konton")
        self.accounts_note = TableNote(self.accounts_table)
        self.accounts_hint = QLabel()
        styled(self.accounts_hint, "hint")
        layout.addWidget(self.accounts_table, 1)
        layout.addWidget(self.accounts_hint)
        for table, model, open_row in (
            (self.contacts_table, self.contacts, self.open_contact),
            (self.accounts_table, self.accounts, self.open_account),
        ):
            table.activated.connect(lambda i, o=open_row: o(i.row()))
            table.clicked.connect(
                lambda i, m=model, o=open_row: o(i.row()) if i.column() == m.open_column else None
            )
            table.setToolTip(
                tr("Dubbelklicka eller tryck Retur på en rad för att visa eller ändra den.")
                if model.words == OPEN_WRITE
                else tr("Dubbelklicka eller tryck Retur på en rad för att visa den.")
            )
        self.reload()

    @staticmethod
    def _title_row(title: str, *buttons: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel(title)
        styled(label, "sectionTitle")
        row.addWidget(label)
        row.addStretch(1)
        for b in buttons:
            row.addWidget(b)
        return row

    @staticmethod
    def _row_of(table: QTableView) -> int:
        """The chosen row (the first one when none is chosen yet: a list of one or two)."""
        rows = table.selectionModel().selectedRows()
        return rows[0].row() if rows else 0

    def open_chosen_contact(self) -> None:
        self.open_contact(self._row_of(self.contacts_table))

    def open_chosen_account(self) -> None:
        self.open_account(self._row_of(self.accounts_table))

    def first_field(self) -> QWidget:
        return self.contacts_table

    @property
    def busy(self) -> bool:
        return self._worker.busy

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        services, actor = self._services, self._actor
        caller = caller_of(actor)
        may_see_accounts = self.may_see_accounts

        def load() -> _Loaded:
            organisations = services.organisations
            organisation = organisations.organisation(caller)
            contacts = organisations.contacts(caller)
            accounts = organisations.accounts(caller) if may_see_accounts else None
            return _Loaded(
                organisation,
                contacts,
                accounts,
                organisations.units(caller),
                organisations.addresses(caller),
                organisations.pending_contacts(caller),
                organisations.pending_accounts(caller) if may_see_accounts else [],
            )

        for note in (self.contacts_note, self.accounts_note):
            note.start_busy(tr(SEARCHING))
        self._worker.run(load, self._loaded, self._failed)
        self.agreements.reload()

    def _failed(self, exc: BaseException) -> None:
        for note in (self.contacts_note, self.accounts_note):
            note.stop_busy()
        self.report(exc, tr(DETAILS_FAILED))

    def _loaded(self, data: _Loaded) -> None:
        organisation = data.organisation
        for note in (self.contacts_note, self.accounts_note):
            note.stop_busy()
        values = {  # by the fields' Swedish labels
            "Org.nr": organisation.org_number.formatted,
            "Namn": organisation.name,
            "Adress": organisation.street_address,
            "Postadress": organisation.postal_address,
            "Telefon": organisation.phone,
            "Telefax": organisation.fax,
            "Hemsida": organisation.website,
        }
        for key, value in values.items():
            self.fields[key].setText(value or "–")
        self.units, self.addresses = data.units, data.addresses
        self.pending_contacts, self.pending_accounts = data.pending_contacts, data.pending_accounts
        by_contact = {c.change.target_id: c for c in data.pending_contacts}
        self.contacts.set_rows([ContactRow(c, by_contact.get(c.id)) for c in data.contacts])
        self.contacts_note.set_empty_text(tr("Inga kontaktpersoner är registrerade."))
        fit_columns(self.contacts_table)
        self.accounts_table.setVisible(data.accounts is not None)
        if data.accounts is None:
            self.accounts_hint.setText(tr("Din roll ger inte behörighet att se kontoinformation."))
        else:
            by_account = {a.change.target_id: a for a in data.pending_accounts}
            self.accounts.set_rows([AccountRow(a, by_account.get(a.id)) for a in data.accounts])
            self.accounts_note.set_empty_text(tr("Inga konton är registrerade."))
            fit_columns(self.accounts_table)
            self.accounts_hint.setText(tr("Nya och ändrade konton granskas av Arbetsförmedlingen."))

    # ------------------------------------------------------------------ the forms
    def _contacts(self) -> list[ContactPerson]:
        stored = [r.contact for r in self.contacts.objects()]
        return with_pending_contacts(stored, self.pending_contacts)

    def _accounts(self) -> list[Account]:
        stored = [r.account for r in self.accounts.objects()]
        return with_pending_accounts(stored, self.pending_accounts)

    def create_contact(self) -> None:
        if not self.may_change_contacts:
            return
        self._open(
            ContactDialog(
                self._services,
                self._actor,
                units=self.units,
                addresses=self.addresses,
                contacts=self._contacts(),
                parent=self,
            ),
            queued_contact_text,
        )

    def open_contact(self, row: int) -> None:
        if not 0 <= row < self.contacts.rowCount():
            return
        chosen: ContactRow = self.contacts.object_at(row)
        self._open(
            ContactDialog(
                self._services,
                self._actor,
                units=self.units,
                addresses=self.addresses,
                contacts=self._contacts(),
                contact=chosen.contact,
                pending=chosen.pending,
                read_only=not self.may_change_contacts,
                parent=self,
            ),
            queued_contact_text,
        )

    def create_account(self) -> None:
        if not self.may_change_accounts:
            return
        self._open(
            AccountDialog(
                self._services,
                self._actor,
                units=self.units,
                accounts=self._accounts(),
                parent=self,
            ),
            queued_account_text,
        )

    def open_account(self, row: int) -> None:
        if not 0 <= row < self.accounts.rowCount():
            return
        chosen: AccountRow = self.accounts.object_at(row)
        self._open(
            AccountDialog(
                self._services,
                self._actor,
                units=self.units,
                accounts=self._accounts(),
                account=chosen.account,
                pending=chosen.pending,
                read_only=not self.may_change_accounts,
                parent=self,
            ),
            queued_account_text,
        )

    def _open(self, dialog: ContactDialog | AccountDialog, said: Callable[[Any], str]) -> None:
        if isinstance(self.dialog, ContactDialog | AccountDialog) and self.dialog.isVisible():
            return  # one form at a time (a double click also activates)

        def saved(answer: object) -> None:
            self.status.emit(said(answer))
            self.reload()

        dialog.saved.connect(saved)
        dialog.open()
        self.dialog = dialog


class ServiceOfferingView(View):
    """*Tjänsteutbud*: the services AF registered (master) and, for the chosen one, the
    utförande verksamheter that deliver it with their addresses (detail)."""

    help_topic = "organisationen"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._worker = Worker(self)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Tjänsteutbudet är förregistrerat av Arbetsförmedlingen och behöver normalt "
                "inte ändras."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        services_title = QLabel(tr("Tjänster"))
        styled(services_title, "sectionTitle")
        layout.addWidget(services_title)
        self.model = ListTableModel(SERVICE_COLUMNS, self)
        self.table = _table(tr("Tjänster"), self.model, "tjansteutbud/tjanster")
        self.note = TableNote(self.table)
        layout.addWidget(self.table, 1)
        self.units_title = QLabel(tr("Utförande verksamheter"))
        styled(self.units_title, "sectionTitle")
        layout.addWidget(self.units_title)
        self.units = ListTableModel(UNIT_COLUMNS, self)
        self.units_table = _table(
            tr("Utförande verksamheter"), self.units, "tjansteutbud/verksamheter"
        )
        self.units_note = TableNote(self.units_table)
        layout.addWidget(self.units_table, 2)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._service_chosen)
        self.reload()

    def first_field(self) -> QWidget:
        return self.table

    def reload(self) -> None:
        organisations, caller = self._services.organisations, caller_of(self._actor)
        self.note.start_busy(tr(SEARCHING))
        self._worker.run(lambda: organisations.service_offering(caller), self._loaded, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.note.stop_busy()
        self.report(exc, tr(LIST_FAILED))

    def _loaded(self, offering: list[ServiceOffering]) -> None:
        self.note.stop_busy()
        self.model.set_rows(offering)
        self.note.set_empty_text(tr("Inget tjänsteutbud är registrerat."))
        fit_columns(self.table)
        if offering:
            self.table.selectRow(0)
        else:
            self._show_units(None)

    def _service_chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._show_units(self.model.object_at(rows[0].row()) if rows else None)

    def _show_units(self, offering: ServiceOffering | None) -> None:
        if offering is None:
            self.units_title.setText(tr("Utförande verksamheter"))
            self.units.set_rows([])
            self.units_note.set_empty_text(tr("Välj en tjänst ovan."))
        else:
            self.units_title.setText(
                tr("Utförande verksamheter för {service}").format(service=offering.service)
            )
            self.units.set_rows(offering.units)
            self.units_note.set_empty_text(tr("Inga utförande verksamheter är registrerade."))
        fit_columns(self.units_table)
