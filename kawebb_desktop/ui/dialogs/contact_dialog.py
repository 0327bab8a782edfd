"""*Skapa kontaktperson* / *Ändra kontaktperson* (Uppgifter > Kontaktpersoner, and the
magnifier of *Ändringar att signera*).

The form checks what is typed as you type, with the rules the service runs first
(:func:`kawebb_desktop.domain.org_rules.validate_contact_draft`; the e-mail address by
:class:`EmailAddress`), and shows each broken rule under its field. Spara sends one
command per attempt on a worker thread; what the service refuses is shown under the field
it names (:class:`~kawebb_desktop.ui.dialogs.record_dialog.RecordDialog`, shared with the
account form). The change is not made at once: it waits under *Ändringar att signera*
until it is signed with BankID.

A role without ● on *Kontaktperson* sees the form read-only, with only *Stäng*.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import ChangeAction, ContactDraft, contact_draft_of
from kawebb_desktop.domain.entities import Address, ContactPerson, Unit
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.org_rules import validate_contact_draft
from kawebb_desktop.domain.roles import Function
from kawebb_desktop.domain.values import EmailAddress, phone_text
from kawebb_desktop.services.api import (
    ChangeContact,
    CreateContact,
    EditPendingContact,
    PendingContactChange,
    RemoveContact,
    Services,
)
from kawebb_desktop.ui.dialogs.record_dialog import (
    INTRO,
    INTRO_EDIT_CHANGE,
    INTRO_PENDING_TEMPLATE,
    INTRO_REMOVAL_TEMPLATE,
    PENDING_TAB,
    SAVE_AGAIN,
    TAKE_OVER_AGAIN,
    CheckList,
    RecordDialog,
    RecordKind,
    dedupe,
    pending_ref,
    take_over_note,
)
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.widgets.forms import FieldError, add_field, named

__all__ = [
    "INTRO",
    "INTRO_EDIT_CHANGE",
    "INTRO_PENDING",
    "INTRO_REMOVAL",
    "PENDING_TAB",
    "READ_ONLY",
    "SAVE_AGAIN",
    "STAND_IN_EMAIL",
    "TAKE_OVER_AGAIN",
    "CheckList",
    "ContactDialog",
    "pending_ref",
    "take_over_note",
    "with_pending_contacts",
]

#: The stand-in the rules see while the e-mail address does not parse yet (they judge the
#: other fields meanwhile); Spara needs the real one.
STAND_IN_EMAIL = EmailAddress("namn@kommun.se")
# The Swedish intros (the form shows intro_pending("kontaktpersonen") in the UI's language).
INTRO_PENDING = INTRO_PENDING_TEMPLATE.format(owner="Kontaktpersonen")
INTRO_REMOVAL = INTRO_REMOVAL_TEMPLATE.format(owner="Kontaktpersonen", the_noun="kontaktpersonen")
READ_ONLY = QT_TR_NOOP("Din roll ger inte behörighet att ändra kontaktpersoner.")


class ContactDialog(RecordDialog[ContactPerson, ContactDraft, PendingContactChange]):
    """``contact`` set = Ändra (with Ta bort); ``edit_change`` set = the change under
    *Ändringar att signera* is edited; neither = Skapa. ``saved`` carries the service's
    answer (:class:`PendingContactChange`)."""

    KIND = RecordKind(
        noun=QT_TR_NOOP("kontaktperson"),
        the_noun=QT_TR_NOOP("kontaktpersonen"),
        function=Function.KONTAKTPERSON,
        read_only=READ_ONLY,
        flag_field="administrative",
        flag_role=QT_TR_NOOP("administrativ kontakt"),
    )

    def __init__(
        self,
        services: Services,
        actor: Actor,
        *,
        units: list[Unit],
        addresses: list[Address],
        contacts: list[ContactPerson],
        contact: ContactPerson | None = None,
        pending: PendingContactChange | None = None,
        edit_change: PendingContactChange | None = None,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            services,
            actor,
            records=contacts,
            record=contact,
            pending=pending,
            edit_change=edit_change,
            read_only=read_only,
            parent=parent,
        )
        start, form = self._start, self.form
        self.first_name, self.first_name_error = add_field(form, tr("&Förnamn:"), QLineEdit())
        self.last_name, self.last_name_error = add_field(form, tr("&Efternamn:"), QLineEdit())
        self.email, self.email_error = add_field(form, tr("E-p&ost:"), QLineEdit())
        self.email.setPlaceholderText("namn@kommun.se")
        phone_hint = tr("Svenskt nummer, t.ex. 070-123 45 67 eller +46 70 123 45 67")
        self.phone1, self.phone1_error = add_field(form, tr("Telefon &1:"), QLineEdit(), phone_hint)
        self.phone2, self.phone2_error = add_field(form, tr("Telefon &2:"), QLineEdit(), phone_hint)
        for phone in (self.phone1, self.phone2):
            phone.setPlaceholderText("070-123 45 67")
        self._add_units(
            tr(
                "De utförande verksamheter som personen är kontaktperson för (Mellanslag markerar)."
            ),
            units,
            start.unit_ids if start else (),
        )
        self.addresses, self.addresses_error = add_field(
            form,
            tr("A&dresser:"),
            CheckList(),
            tr("De adresser som personen är kontaktperson för (Mellanslag markerar)."),
        )
        checked_addresses = start.addresses if start else ()
        address_list = dedupe([*addresses, *(a for a in checked_addresses if a not in addresses)])
        self.addresses.set_choices([(a, a.text) for a in address_list], checked_addresses)
        self.administrative = named(
            QCheckBox(tr("Ad&ministrativ kontakt")), tr("Ad&ministrativ kontakt")
        )
        self.administrative_error = self._add_flag(
            self.administrative, tr("Kommunens enda administrativa kontakt.")
        )
        if start is not None:
            self.first_name.setText(start.first_name)
            self.last_name.setText(start.last_name)
            self.email.setText(start.email.value)
            self.phone1.setText(phone_text(start.phone1))
            self.phone2.setText(phone_text(start.phone2))
            self.administrative.setChecked(start.administrative)
        text_fields = (self.first_name, self.last_name, self.email, self.phone1, self.phone2)
        self._watch(*text_fields, self.units, self.addresses, self.administrative)
        self._finish(touched=text_fields)

    def first_field(self) -> QWidget:
        return self.first_name

    # ------------------------------------------------------------------ the contact's own
    def _draft_of(self, record: ContactPerson) -> ContactDraft:
        return contact_draft_of(record)

    def _fields(self) -> dict[str, tuple[QWidget, FieldError]]:
        return {
            "first_name": (self.first_name, self.first_name_error),
            "last_name": (self.last_name, self.last_name_error),
            "email": (self.email, self.email_error),
            "phone1": (self.phone1, self.phone1_error),
            "phone2": (self.phone2, self.phone2_error),
            "units": (self.units, self.units_error),
            "addresses": (self.addresses, self.addresses_error),
            "administrative": (self.administrative, self.administrative_error),
        }

    def _flag(self) -> QCheckBox:
        return self.administrative

    def _flagged(self, record: ContactPerson) -> bool:
        return record.administrative

    def _name_of(self, record: ContactPerson) -> str:
        return record.full_name

    def _typed(self, errors: dict[str, str]) -> ContactDraft:
        email: EmailAddress | None = None
        try:
            email = EmailAddress.parse(self.email.text())
        except DomainError as exc:
            errors["email"] = tr_message(exc.message)
        return ContactDraft(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            email=email or STAND_IN_EMAIL,
            phone1=self.phone1.text(),
            phone2=self.phone2.text(),
            unit_ids=tuple(self.units.checked()),
            addresses=tuple(self.addresses.checked()),
            administrative=self.administrative.isChecked(),
        )

    def _check(self, draft: ContactDraft) -> ContactDraft:
        return validate_contact_draft(draft)

    def _command(self, draft: ContactDraft) -> object:
        take_over = self.takes_over
        if self._edit_change is not None:
            change = self._edit_change
            return EditPendingContact(change.id, change.version, draft, take_over=take_over)
        if self._record is not None:
            contact, pending = self._record, pending_ref(self._pending)
            return ChangeContact(
                contact.id, contact.version, draft, pending=pending, take_over=take_over
            )
        return CreateContact(draft, take_over=take_over)

    def _remove_command(self, record: ContactPerson) -> object:
        return RemoveContact(record.id, record.version, pending=pending_ref(self._pending))

    def _send(self, command: object) -> PendingContactChange:
        organisations, caller = self._services.organisations, self._caller
        if isinstance(command, EditPendingContact):
            return organisations.edit_pending_contact(caller, command)
        if isinstance(command, ChangeContact):
            return organisations.change_contact(caller, command)
        if isinstance(command, RemoveContact):
            return organisations.remove_contact(caller, command)
        assert isinstance(command, CreateContact)
        return organisations.create_contact(caller, command)


def with_pending_contacts(
    contacts: Sequence[ContactPerson], pending: Sequence[PendingContactChange]
) -> list[ContactPerson]:
    """The contact persons as they will be once ``pending`` is signed — what the form's
    take-over note goes by. A new one (Ny) stands with the change's id negated."""
    by_target = {p.change.target_id: p for p in pending if p.change.target_id is not None}
    after: list[ContactPerson] = []
    for contact in contacts:
        change = by_target.get(contact.id)
        if change is None:
            after.append(contact)
        elif change.action is not ChangeAction.BORTTAGEN:
            after.append(_as_contact(contact.id, contact.organisation_id, change.draft))
    for change in pending:
        if change.action is ChangeAction.NY:
            after.append(_as_contact(-change.id, 0, change.draft))
    return after


def _as_contact(contact_id: int, organisation_id: int, draft: ContactDraft) -> ContactPerson:
    return ContactPerson(
        contact_id,
        organisation_id,
        draft.first_name,
        draft.last_name,
        draft.email,
        draft.phone1,
        draft.phone2,
        draft.unit_ids,
        draft.addresses,
        draft.administrative,
    )
