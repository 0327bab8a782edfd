"""*Organisationen > Uppgifter* and *Tjänsteutbud* (guide bild 3 and 10), read-only.

Contact persons and accounts are shown as AF registered them; creating and editing them
(signed changes) is a later step, as is changing units' addresses. *Uppgifter* also shows
the organisation's *Avtal* (``views.agreements``); *Tjänsteutbud* is a master/detail of
the services and the units (with their addresses) that deliver them.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection
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
from kawebb_desktop.domain.entities import Account, ContactPerson, Organisation, Unit
from kawebb_desktop.domain.roles import Access, Function, allows
from kawebb_desktop.services.api import ServiceOffering, Services, caller_of
from kawebb_desktop.ui.errors import LIST_FAILED
from kawebb_desktop.ui.models.columns import Column
from kawebb_desktop.ui.models.lists import ListTableModel
from kawebb_desktop.ui.views.agreements import AGREEMENTS_FAILED, AgreementsPanel
from kawebb_desktop.ui.views.base import View
from kawebb_desktop.ui.widgets.feedback import SEARCHING, TableNote
from kawebb_desktop.ui.widgets.forms import named
from kawebb_desktop.ui.widgets.tables import configure_table, fit_columns
from kawebb_desktop.ui.worker import Worker


def _yes_no(value: bool) -> str:
    return "Ja" if value else "Nej"


CONTACT_COLUMNS: list[Column[ContactPerson]] = [
    Column("Förnamn", lambda c: c.first_name),
    Column("Efternamn", lambda c: c.last_name),
    Column("E-post", lambda c: c.email.value),
    Column("Telefon 1", lambda c: c.phone1),
    Column("Telefon 2", lambda c: c.phone2),
    Column("Antal utförande verksamheter", lambda c: str(c.unit_count), align_right=True),
    Column("Antal adresser", lambda c: str(c.address_count), align_right=True),
    Column("Adm. kontakt", lambda c: _yes_no(c.administrative)),
]

ACCOUNT_COLUMNS: list[Column[Account]] = [
    Column("Kontotyp", lambda a: a.kind.label),
    Column("Kontonummer", lambda a: a.formatted_number),
    Column("Status", lambda a: a.review_status),
    Column("Senast uppdaterad", lambda a: a.updated_on.isoformat()),
    Column("Uppdaterad av", lambda a: a.updated_by.value),
    Column("Antal utförande verksamheter", lambda a: str(a.unit_count), align_right=True),
    Column("Standardkonto", lambda a: _yes_no(a.is_default)),
]

SERVICE_COLUMNS: list[Column[ServiceOffering]] = [
    Column("Tjänst", lambda o: o.service),
    Column("Antal utförande verksamheter", lambda o: str(len(o.units)), align_right=True),
]

UNIT_COLUMNS: list[Column[Unit]] = [
    Column("Utförande verksamhet", lambda u: u.name),
    Column("Ärendetyp", lambda u: u.case_kind.label),
    Column("Adress", lambda u: u.street_address),
    Column("Postadress", lambda u: f"{u.postal_code} {u.city}".strip()),
]


def _table(name: str, model: ListTableModel, key: str) -> QTableView:  # type: ignore[type-arg]
    table = named(QTableView(), name)
    table.setModel(model)
    configure_table(table, key=key)
    return table


DETAILS_FAILED = "Organisationens uppgifter kunde inte hämtas."


class OrganisationDetailsView(View):
    help_topic = "organisationen"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._worker = Worker(self)
        layout = QVBoxLayout(self)
        self.details = QGroupBox("Organisation")
        self.form = QFormLayout(self.details)
        self.fields: dict[str, QLabel] = {}
        for key in ("Org.nr", "Namn", "Adress", "Postadress", "Telefon", "Telefax", "Hemsida"):
            value = QLabel()
            value.setAccessibleName(key)
            self.fields[key] = value
            self.form.addRow(f"{key}:", value)
        self.agreements = AgreementsPanel(services, actor)
        self.agreements.failed.connect(lambda exc: self.report(exc, AGREEMENTS_FAILED))
        top = QHBoxLayout()
        top.addWidget(self.details, 1)
        top.addWidget(self.agreements, 1)
        layout.addLayout(top)
        contacts_title = QLabel("Kontaktpersoner")
        contacts_title.setObjectName("sectionTitle")
        layout.addWidget(contacts_title)
        self.contacts = ListTableModel(CONTACT_COLUMNS, self)
        self.contacts_table = _table("Kontaktpersoner", self.contacts, "uppgifter/kontaktpersoner")
        self.contacts_note = TableNote(self.contacts_table)
        layout.addWidget(self.contacts_table, 1)
        accounts_title = QLabel("Konton")
        accounts_title.setObjectName("sectionTitle")
        layout.addWidget(accounts_title)
        self.accounts = ListTableModel(ACCOUNT_COLUMNS, self)
        self.accounts_table = _table("Konton", self.accounts, "uppgifter/konton")
        self.accounts_note = TableNote(self.accounts_table)
        self.accounts_hint = QLabel()
        self.accounts_hint.setObjectName("hint")
        layout.addWidget(self.accounts_table, 1)
        layout.addWidget(self.accounts_hint)
        self.reload()

    def first_field(self) -> QWidget:
        return self.contacts_table

    def reload(self) -> None:
        services, actor = self._services, self._actor
        caller = caller_of(actor)
        may_see_accounts = allows(actor.role, Function.KONTOINFORMATION, Access.READ)

        def load() -> tuple[Organisation, list[ContactPerson], list[Account] | None]:
            organisation = services.organisations.organisation(caller)
            contacts = services.organisations.contacts(caller)
            accounts = services.organisations.accounts(caller) if may_see_accounts else None
            return organisation, contacts, accounts

        for note in (self.contacts_note, self.accounts_note):
            note.start_busy(SEARCHING)
        self._worker.run(load, self._loaded, self._failed)
        self.agreements.reload()

    def _failed(self, exc: BaseException) -> None:
        for note in (self.contacts_note, self.accounts_note):
            note.stop_busy()
        self.report(exc, DETAILS_FAILED)

    def _loaded(self, data: tuple[Organisation, list[ContactPerson], list[Account] | None]) -> None:
        organisation, contacts, accounts = data
        for note in (self.contacts_note, self.accounts_note):
            note.stop_busy()
        values = {
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
        self.contacts.set_rows(contacts)
        self.contacts_note.set_empty_text("Inga kontaktpersoner är registrerade.")
        fit_columns(self.contacts_table)
        self.accounts_table.setVisible(accounts is not None)
        if accounts is None:
            self.accounts_hint.setText("Din roll ger inte behörighet att se kontoinformation.")
        else:
            self.accounts.set_rows(accounts)
            self.accounts_note.set_empty_text("Inga konton är registrerade.")
            fit_columns(self.accounts_table)
            self.accounts_hint.setText("Nya konton granskas av Arbetsförmedlingen.")


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
            "Tjänsteutbudet är förregistrerat av Arbetsförmedlingen och behöver normalt inte "
            "ändras."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        services_title = QLabel("Tjänster")
        services_title.setObjectName("sectionTitle")
        layout.addWidget(services_title)
        self.model = ListTableModel(SERVICE_COLUMNS, self)
        self.table = _table("Tjänster", self.model, "tjansteutbud/tjanster")
        self.note = TableNote(self.table)
        layout.addWidget(self.table, 1)
        self.units_title = QLabel("Utförande verksamheter")
        self.units_title.setObjectName("sectionTitle")
        layout.addWidget(self.units_title)
        self.units = ListTableModel(UNIT_COLUMNS, self)
        self.units_table = _table("Utförande verksamheter", self.units, "tjansteutbud/verksamheter")
        self.units_note = TableNote(self.units_table)
        layout.addWidget(self.units_table, 2)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._service_chosen)
        self.reload()

    def first_field(self) -> QWidget:
        return self.table

    def reload(self) -> None:
        organisations, caller = self._services.organisations, caller_of(self._actor)
        self.note.start_busy(SEARCHING)
        self._worker.run(lambda: organisations.service_offering(caller), self._loaded, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.note.stop_busy()
        self.report(exc, LIST_FAILED)

    def _loaded(self, offering: list[ServiceOffering]) -> None:
        self.note.stop_busy()
        self.model.set_rows(offering)
        self.note.set_empty_text("Inget tjänsteutbud är registrerat.")
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
            self.units_title.setText("Utförande verksamheter")
            self.units.set_rows([])
            self.units_note.set_empty_text("Välj en tjänst ovan.")
        else:
            self.units_title.setText(f"Utförande verksamheter för {offering.service}")
            self.units.set_rows(offering.units)
            self.units_note.set_empty_text("Inga utförande verksamheter är registrerade.")
        fit_columns(self.units_table)
