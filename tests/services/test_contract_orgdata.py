"""Contract: contact persons and accounts (*Uppgifter*, issue 8) change as users do —
create, change or remove makes an unsigned change, signed with the users' in one set —
under the organisation's rules (one administrative contact, one standard account, at
least one contact person), for the roles the matrix lets update them, in the caller's
organisation only.

Dorotea's data is left as the demo made it (its changes are only ever pending); what is
signed is signed in Vilhelmina, and read there without assuming what an earlier test
signed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from kawebb_desktop.domain.changes import AccountDraft, ChangeAction, ContactDraft
from kawebb_desktop.domain.entities import Account, Address, ContactPerson
from kawebb_desktop.domain.errors import Conflict, NotFound, PermissionDenied, RuleViolation
from kawebb_desktop.domain.org_rules import (
    ADMIN_CONTACT_REMOVED,
    DEFAULT_ACCOUNT_REMOVED,
    LAST_CONTACT,
    NO_ADMIN_CONTACT,
    NO_DEFAULT_ACCOUNT,
    NO_UNIT,
    UNKNOWN_ADDRESS,
    UNKNOWN_UNIT,
)
from kawebb_desktop.domain.values import AccountKind, EmailAddress
from kawebb_desktop.services.api import (
    Caller,
    ChangeAccount,
    ChangeContact,
    CreateAccount,
    CreateContact,
    CreateUser,
    DiscardPending,
    EditPendingAccount,
    EditPendingContact,
    RemoveAccount,
    RemoveContact,
    VersionedId,
)
from kawebb_desktop.signing.base import CollectStatus
from tests.services.backends import (
    ARVID,
    ASELE,
    DOROTEA,
    MARTA,
    VILHELMINA,
    Backend,
    new_draft,
)

#: Dorotea's Tjänsteadministratör, Registrerare, Läsare and Lärare (demo people).
IDA = "Ida Wallin"
OLOF = "Olof Zetterberg"
AGDA = "Agda Andersson"
MALTE = "Malte Håkansson"
#: Vilhelmina's Tjänsteadministratör.
NILS = "Nils Persson"

DOROTEA_ADDRESS = Address("Storgatan 13", "917 81", "Dorotea")
#: Valid numbers by their kind's check digit (bankgiro Luhn, plusgiro Luhn).
BANKGIRO = "5050-1055"
PLUSGIRO = "41 00 00-4"
NEW_STATUS = "Ny – ej granskad"


# ---------------------------------------------------------------------- fixtures
def _discard_org_pending(backend: Backend) -> None:
    organisations = backend.services.organisations
    for name, organisation in ((ARVID, DOROTEA), (ARVID, VILHELMINA), (MARTA, ASELE)):
        caller = backend.caller(name, organisation)
        pending = [(c.id, c.version) for c in organisations.pending_contacts(caller)]
        pending += [(a.id, a.version) for a in organisations.pending_accounts(caller)]
        for change_id, version in pending:
            organisations.discard_pending(caller, DiscardPending(change_id, version))


@pytest.fixture
def org(backend: Backend) -> Iterator[Backend]:
    """The backend with no pending change of a contact person or an account anywhere,
    before and after the test (other modules' signings sign every kind)."""
    _discard_org_pending(backend)
    yield backend
    _discard_org_pending(backend)
    backend.discard_all_pending()


# ---------------------------------------------------------------------- helpers
def contact_draft(
    first: str = "Kim",
    last: str = "Kontakt",
    *,
    phone: str = "070-123 45 67",
    units: tuple[int, ...] = (),
    addresses: tuple[Address, ...] = (),
    administrative: bool = False,
) -> ContactDraft:
    return ContactDraft(
        first,
        last,
        EmailAddress(f"{first}.{last}@example.se".lower().translate(str.maketrans("åäö", "aao"))),
        phone1=phone,
        unit_ids=units,
        addresses=addresses,
        administrative=administrative,
    )


def account_draft(
    units: tuple[int, ...],
    *,
    kind: AccountKind = AccountKind.PLUSGIRO,
    number: str = PLUSGIRO,
    default: bool = False,
) -> AccountDraft:
    return AccountDraft(kind, number, units, default)


def draft_of(contact: ContactPerson) -> ContactDraft:
    return ContactDraft(
        contact.first_name,
        contact.last_name,
        contact.email,
        contact.phone1,
        contact.phone2,
        contact.unit_ids,
        contact.addresses,
        contact.administrative,
    )


def account_draft_of(account: Account) -> AccountDraft:
    return AccountDraft(account.kind, account.number, account.unit_ids, account.is_default)


def unit_ids(backend: Backend, caller: Caller) -> tuple[int, ...]:
    """The organisation's unit ids, in id order (as drafts hold them)."""
    return tuple(sorted(u.id for u in backend.services.organisations.units(caller)))


def admin_contact(backend: Backend, caller: Caller) -> ContactPerson:
    admins = [c for c in backend.services.organisations.contacts(caller) if c.administrative]
    assert len(admins) == 1, admins
    return admins[0]


def default_account(backend: Backend, caller: Caller) -> Account:
    defaults = [a for a in backend.services.organisations.accounts(caller) if a.is_default]
    assert len(defaults) == 1, defaults
    return defaults[0]


def nothing_pending(backend: Backend, caller: Caller) -> bool:
    organisations = backend.services.organisations
    return not organisations.pending_contacts(caller) and not organisations.pending_accounts(caller)


def signed(backend: Backend, caller: Caller) -> None:
    progress = backend.sign(caller)
    assert progress.status is CollectStatus.COMPLETE, progress


# ---------------------------------------------------------------------- reading
def test_addresses_are_the_organisations_and_its_units_each_once(org: Backend) -> None:
    organisations = org.services.organisations
    # Dorotea's units are at the organisation's own address: one address.
    assert organisations.addresses(org.caller(ARVID, DOROTEA)) == [DOROTEA_ADDRESS]
    assert organisations.addresses(org.caller(ARVID, VILHELMINA)) == [
        Address("Torget 2", "912 81", "Vilhelmina"),
        Address("Volgsjövägen 18", "912 81", "Vilhelmina"),
    ]


def test_stored_contacts_and_accounts_carry_units_and_versions(org: Backend) -> None:
    caller = org.caller(ARVID, DOROTEA)
    contact = admin_contact(org, caller)
    assert contact.full_name == ARVID and contact.organisation_id == caller.organisation_id
    assert contact.version >= 1
    account = default_account(org, caller)
    assert account.number == "7620255" and account.kind is AccountKind.BANKGIRO
    assert account.unit_ids and set(account.unit_ids) <= set(unit_ids(org, caller))


# ---------------------------------------------------------------------- pending changes
def test_create_edit_and_discard_a_contact(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    before = organisations.contacts(caller)
    units = unit_ids(org, caller)
    draft = contact_draft(units=units[:1], addresses=(DOROTEA_ADDRESS,))

    created = organisations.create_contact(caller, CreateContact(draft))
    assert created.action is ChangeAction.NY and created.current is None
    assert created.change.organisation_id == caller.organisation_id
    assert created.change.target_id is None and created.version == 1
    # The phone is stored normalised.
    assert created.draft == dataclasses.replace(draft, phone1="+46701234567")
    assert organisations.pending_contacts(caller) == [created]
    assert organisations.contacts(caller) == before  # nothing stored before signing

    renamed = dataclasses.replace(created.draft, first_name="Kerstin", unit_ids=units)
    edited = organisations.edit_pending_contact(
        caller, EditPendingContact(created.id, created.version, renamed)
    )
    assert edited.id == created.id and edited.version == created.version + 1
    assert edited.draft == renamed
    with pytest.raises(Conflict):
        organisations.edit_pending_contact(
            caller, EditPendingContact(created.id, created.version, draft)
        )
    with pytest.raises(Conflict):
        organisations.discard_pending(caller, DiscardPending(created.id, created.version))

    organisations.discard_pending(caller, DiscardPending(edited.id, edited.version))
    assert organisations.pending_contacts(caller) == []
    with pytest.raises(NotFound):
        organisations.discard_pending(caller, DiscardPending(edited.id, edited.version))
    assert organisations.contacts(caller) == before


def test_a_retried_create_is_made_once(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    command = CreateContact(contact_draft(first="Ulla", last="Upprepad"))
    first = organisations.create_contact(caller, command)
    assert organisations.create_contact(caller, command) == first
    assert organisations.pending_contacts(caller) == [first]
    other = dataclasses.replace(command, draft=contact_draft(first="Ulla", last="Annan"))
    with pytest.raises(Conflict):
        organisations.create_contact(caller, other)


def test_change_a_contact_names_its_unsigned_change(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    stored = admin_contact(org, caller)
    moved = dataclasses.replace(draft_of(stored), email=EmailAddress("arvid@dorotea.se"))

    changed = organisations.change_contact(caller, ChangeContact(stored.id, stored.version, moved))
    assert changed.action is ChangeAction.ANDRAD
    assert changed.change.target_id == stored.id and changed.current == stored
    assert changed.draft.email.value == "arvid@dorotea.se"

    # A change that does not name the unsigned one is refused; one naming it edits it.
    again = dataclasses.replace(moved, phone2="0942-140 01")
    with pytest.raises(Conflict):
        organisations.change_contact(caller, ChangeContact(stored.id, stored.version, again))
    seen = VersionedId(changed.id, changed.version)
    edited = organisations.change_contact(
        caller, ChangeContact(stored.id, stored.version, again, pending=seen)
    )
    assert edited.id == changed.id and edited.version == changed.version + 1
    assert edited.draft.phone2 == "+4694214001"
    # The named change at an older version, or a stale record version: conflicts.
    with pytest.raises(Conflict):
        organisations.change_contact(
            caller, ChangeContact(stored.id, stored.version, moved, pending=seen)
        )
    with pytest.raises(Conflict):
        organisations.change_contact(
            caller,
            ChangeContact(
                stored.id,
                stored.version + 1,
                moved,
                pending=VersionedId(edited.id, edited.version),
            ),
        )
    assert organisations.pending_contacts(caller) == [edited]
    assert organisations.contacts(caller) == [stored]


def test_change_remove_and_edit_an_account(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    units = unit_ids(org, caller)
    stored = default_account(org, caller)

    # A second account (pending Ny), then a change of the standard account.
    created = organisations.create_account(caller, CreateAccount(account_draft(units[:1])))
    assert created.action is ChangeAction.NY and created.current is None
    assert created.draft.number == "4100004"
    narrowed = dataclasses.replace(account_draft_of(stored), unit_ids=units[:1])
    changed = organisations.change_account(
        caller, ChangeAccount(stored.id, stored.version, narrowed)
    )
    assert changed.action is ChangeAction.ANDRAD and changed.current == stored
    assert changed.draft.unit_ids == units[:1]

    edited = organisations.edit_pending_account(
        caller,
        EditPendingAccount(
            created.id,
            created.version,
            account_draft(units, kind=AccountKind.BANKGIRO, number=BANKGIRO),
        ),
    )
    assert edited.id == created.id and edited.version == created.version + 1
    assert (edited.draft.kind, edited.draft.number) == (AccountKind.BANKGIRO, "50501055")
    assert {p.id for p in organisations.pending_accounts(caller)} == {created.id, changed.id}
    assert organisations.accounts(caller) == [stored]


# ---------------------------------------------------------------------- rules
def test_a_second_administrative_contact_needs_take_over(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    with pytest.raises(RuleViolation) as caught:
        organisations.create_contact(caller, CreateContact(contact_draft(administrative=True)))
    assert caught.value.field == "administrative"
    assert ARVID in caught.value.message
    assert nothing_pending(org, caller)


def test_the_only_administrative_contact_cannot_be_unticked(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    stored = admin_contact(org, caller)
    unticked = dataclasses.replace(draft_of(stored), administrative=False)
    with pytest.raises(RuleViolation) as caught:
        organisations.change_contact(caller, ChangeContact(stored.id, stored.version, unticked))
    assert (caught.value.field, caught.value.message) == ("administrative", NO_ADMIN_CONTACT)
    assert nothing_pending(org, caller)


def test_the_administrative_contact_cannot_be_removed(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    # Another contact, so that it is not also the last one.
    organisations.create_contact(caller, CreateContact(contact_draft()))
    stored = admin_contact(org, caller)
    with pytest.raises(RuleViolation) as caught:
        organisations.remove_contact(caller, RemoveContact(stored.id, stored.version))
    assert caught.value.message == ADMIN_CONTACT_REMOVED
    assert [p.action for p in organisations.pending_contacts(caller)] == [ChangeAction.NY]


def test_the_last_contact_cannot_be_removed(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    (only,) = organisations.contacts(caller)
    with pytest.raises(RuleViolation) as caught:
        organisations.remove_contact(caller, RemoveContact(only.id, only.version))
    assert caught.value.message in (LAST_CONTACT, ADMIN_CONTACT_REMOVED)
    assert nothing_pending(org, caller)


def test_a_second_standard_account_needs_take_over(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    draft = account_draft(unit_ids(org, caller), default=True)
    with pytest.raises(RuleViolation) as caught:
        organisations.create_account(caller, CreateAccount(draft))
    assert caught.value.field == "is_default"
    assert nothing_pending(org, caller)


def test_the_standard_account_cannot_be_unticked_or_removed(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    stored = default_account(org, caller)
    unticked = dataclasses.replace(account_draft_of(stored), is_default=False)
    with pytest.raises(RuleViolation) as caught:
        organisations.change_account(caller, ChangeAccount(stored.id, stored.version, unticked))
    assert (caught.value.field, caught.value.message) == ("is_default", NO_DEFAULT_ACCOUNT)
    with pytest.raises(RuleViolation) as removed:
        organisations.remove_account(caller, RemoveAccount(stored.id, stored.version))
    assert removed.value.message == DEFAULT_ACCOUNT_REMOVED
    assert nothing_pending(org, caller)


def test_an_account_needs_a_unit_of_the_organisation(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    with pytest.raises(RuleViolation) as none:
        organisations.create_account(caller, CreateAccount(account_draft(())))
    assert (none.value.field, none.value.message) == ("units", NO_UNIT)
    elsewhere = unit_ids(org, org.caller(ARVID, VILHELMINA))
    with pytest.raises(RuleViolation) as foreign:
        organisations.create_account(caller, CreateAccount(account_draft(elsewhere[:1])))
    assert (foreign.value.field, foreign.value.message) == ("units", UNKNOWN_UNIT)
    with pytest.raises(RuleViolation) as contact:
        organisations.create_contact(caller, CreateContact(contact_draft(units=elsewhere)))
    assert contact.value.field == "units"
    assert nothing_pending(org, caller)


def test_a_contacts_address_is_one_of_the_organisations(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    vilhelmina = Address("Torget 2", "912 81", "Vilhelmina")
    with pytest.raises(RuleViolation) as caught:
        organisations.create_contact(
            caller, CreateContact(contact_draft(addresses=(DOROTEA_ADDRESS, vilhelmina)))
        )
    assert (caught.value.field, caught.value.message) == ("addresses", UNKNOWN_ADDRESS)
    assert nothing_pending(org, caller)


def test_malformed_phone_and_account_numbers_are_refused_by_field(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    with pytest.raises(RuleViolation) as phone:
        organisations.create_contact(caller, CreateContact(contact_draft(phone="12")))
    assert phone.value.field == "phone1" and phone.value.message
    with pytest.raises(RuleViolation) as number:
        organisations.create_account(
            caller, CreateAccount(account_draft(unit_ids(org, caller), number="41 00 00-3"))
        )
    assert number.value.field == "number" and number.value.message
    stored = default_account(org, caller)
    wrong = dataclasses.replace(account_draft_of(stored), number="762-0256")
    with pytest.raises(RuleViolation) as changed:
        organisations.change_account(caller, ChangeAccount(stored.id, stored.version, wrong))
    assert changed.value.field == "number"
    assert nothing_pending(org, caller)


# ---------------------------------------------------------------------- take over
def test_take_over_moves_the_administrative_contact(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    former = admin_contact(org, caller)
    created = organisations.create_contact(
        caller,
        CreateContact(contact_draft(first="Tora", last="Tar", administrative=True), take_over=True),
    )
    assert created.draft.administrative
    lines = {p.action: p for p in organisations.pending_contacts(caller)}
    assert set(lines) == {ChangeAction.NY, ChangeAction.ANDRAD}
    unticked = lines[ChangeAction.ANDRAD]
    assert unticked.change.target_id == former.id
    assert unticked.draft == dataclasses.replace(draft_of(former), administrative=False)
    assert organisations.contacts(caller) == [former]


def test_take_over_moves_the_standard_account(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, DOROTEA)
    former = default_account(org, caller)
    draft = account_draft(unit_ids(org, caller), default=True)
    created = organisations.create_account(caller, CreateAccount(draft, take_over=True))
    assert created.draft.is_default
    lines = {p.action: p for p in organisations.pending_accounts(caller)}
    assert set(lines) == {ChangeAction.NY, ChangeAction.ANDRAD}
    assert lines[ChangeAction.ANDRAD].change.target_id == former.id
    assert lines[ChangeAction.ANDRAD].draft.is_default is False
    assert organisations.accounts(caller) == [former]


# ---------------------------------------------------------------------- signing
def test_contacts_accounts_and_users_are_signed_in_one_receipt(org: Backend) -> None:
    services = org.services
    organisations = services.organisations
    caller = org.caller(ARVID, VILHELMINA)
    units = unit_ids(org, caller)
    accounts_before = {a.id for a in organisations.accounts(caller)}

    contact = organisations.create_contact(
        caller, CreateContact(contact_draft(first="Sigrid", last="Signerad", units=units))
    )
    account = organisations.create_account(
        caller, CreateAccount(account_draft(units, default=not accounts_before))
    )
    services.users.create_user(caller, CreateUser(new_draft(first="Ulf", last="Underskrift")))

    progress = org.sign(caller)
    assert progress.status is CollectStatus.COMPLETE, progress
    receipt = progress.receipt
    assert receipt is not None and receipt.change_count == 3
    assert "Sigrid Signerad" in receipt.summary and "Ulf Underskrift" in receipt.summary
    assert nothing_pending(org, caller) and services.users.list_pending(caller) == []

    stored = [c for c in organisations.contacts(caller) if c.full_name == "Sigrid Signerad"]
    assert len(stored) == 1
    assert (stored[0].phone1, stored[0].unit_ids) == ("+46701234567", units)
    assert stored[0].administrative is False
    (signed_account,) = [a for a in organisations.accounts(caller) if a.id not in accounts_before]
    assert (signed_account.number, signed_account.unit_ids) == (account.draft.number, units)
    assert signed_account.review_status == NEW_STATUS

    # Changed and removed, signed again: applied.
    changed = organisations.change_contact(
        caller,
        ChangeContact(
            stored[0].id,
            stored[0].version,
            dataclasses.replace(draft_of(stored[0]), last_name="Ändrad"),
        ),
    )
    assert changed.current == stored[0]
    signed(org, caller)
    (renamed,) = [c for c in organisations.contacts(caller) if c.id == stored[0].id]
    assert renamed.last_name == "Ändrad" and renamed.version > stored[0].version
    organisations.remove_contact(caller, RemoveContact(renamed.id, renamed.version))
    signed(org, caller)
    assert renamed.id not in {c.id for c in organisations.contacts(caller)}
    assert contact.id not in {p.id for p in organisations.pending_contacts(caller)}


def test_a_changed_account_number_is_reviewed_again(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(ARVID, VILHELMINA)
    units = unit_ids(org, caller)
    if not organisations.accounts(caller):
        organisations.create_account(caller, CreateAccount(account_draft(units, default=True)))
        signed(org, caller)
    account = default_account(org, caller)
    number = "50501055" if account.number != "50501055" else "4100004"
    kind = AccountKind.BANKGIRO if number == "50501055" else AccountKind.PLUSGIRO
    draft = dataclasses.replace(account_draft_of(account), kind=kind, number=number)
    organisations.change_account(caller, ChangeAccount(account.id, account.version, draft))
    signed(org, caller)
    (after,) = [a for a in organisations.accounts(caller) if a.id == account.id]
    assert (after.kind, after.number) == (kind, number)
    assert after.review_status == NEW_STATUS and after.version > account.version
    assert after.is_default


def test_a_tjansteadministrator_changes_and_signs_contacts(org: Backend) -> None:
    organisations = org.services.organisations
    caller = org.caller(NILS, VILHELMINA)
    created = organisations.create_contact(
        caller, CreateContact(contact_draft(first="Tina", last="Tjänst"))
    )
    assert created.action is ChangeAction.NY
    # Who made it is named from the store, for everybody who reads the list.
    assert created.made_by == NILS
    seen = organisations.pending_contacts(org.caller(ARVID, VILHELMINA))
    assert [(c.id, c.made_by) for c in seen] == [(created.id, NILS)]
    signed(org, caller)
    (stored,) = [c for c in organisations.contacts(caller) if c.full_name == "Tina Tjänst"]
    organisations.remove_contact(caller, RemoveContact(stored.id, stored.version))
    signed(org, caller)
    assert stored.id not in {c.id for c in organisations.contacts(caller)}


# ---------------------------------------------------------------------- permissions
@pytest.mark.parametrize("name", [OLOF, AGDA], ids=["registrerare", "lasare"])
def test_readers_read_contacts_and_accounts_but_change_neither(org: Backend, name: str) -> None:
    organisations = org.services.organisations
    admin = org.caller(ARVID, DOROTEA)
    pending = organisations.create_contact(admin, CreateContact(contact_draft()))
    caller = org.caller(name, DOROTEA)
    assert organisations.contacts(caller) == organisations.contacts(admin)
    assert organisations.accounts(caller) == organisations.accounts(admin)
    assert organisations.pending_contacts(caller) == [pending]
    assert organisations.pending_accounts(caller) == []
    assert organisations.addresses(caller) == [DOROTEA_ADDRESS]
    _refused_every_write(org, caller, admin, pending.id, pending.version)


def test_a_larare_reads_contacts_but_not_accounts(org: Backend) -> None:
    organisations = org.services.organisations
    admin = org.caller(ARVID, DOROTEA)
    caller = org.caller(MALTE, DOROTEA)
    assert organisations.contacts(caller) == organisations.contacts(admin)
    with pytest.raises(PermissionDenied):
        organisations.accounts(caller)
    with pytest.raises(PermissionDenied):
        organisations.pending_accounts(caller)
    pending = organisations.create_contact(admin, CreateContact(contact_draft()))
    _refused_every_write(org, caller, admin, pending.id, pending.version)


def _refused_every_write(
    org: Backend, caller: Caller, admin: Caller, change_id: int, version: int
) -> None:
    organisations = org.services.organisations
    contact = admin_contact(org, admin)
    account = default_account(org, admin)
    units = unit_ids(org, admin)
    draft = contact_draft(first="Nej", last="Nekad")
    with pytest.raises(PermissionDenied):
        organisations.create_contact(caller, CreateContact(draft))
    with pytest.raises(PermissionDenied):
        organisations.change_contact(
            caller, ChangeContact(contact.id, contact.version, draft_of(contact))
        )
    with pytest.raises(PermissionDenied):
        organisations.remove_contact(caller, RemoveContact(contact.id, contact.version))
    with pytest.raises(PermissionDenied):
        organisations.edit_pending_contact(caller, EditPendingContact(change_id, version, draft))
    with pytest.raises(PermissionDenied):
        organisations.discard_pending(caller, DiscardPending(change_id, version))
    with pytest.raises(PermissionDenied):
        organisations.create_account(caller, CreateAccount(account_draft(units)))
    with pytest.raises(PermissionDenied):
        organisations.change_account(
            caller, ChangeAccount(account.id, account.version, account_draft_of(account))
        )
    with pytest.raises(PermissionDenied):
        organisations.remove_account(caller, RemoveAccount(account.id, account.version))
    # Nothing changed: the admin's pending change is as it was.
    assert [(p.id, p.version) for p in organisations.pending_contacts(admin)] == [
        (change_id, version)
    ]
    assert organisations.pending_accounts(admin) == []


# ---------------------------------------------------------------------- isolation
def test_another_organisations_contacts_and_accounts_are_not_found(org: Backend) -> None:
    organisations = org.services.organisations
    dorotea = org.caller(ARVID, DOROTEA)
    asele = org.caller(MARTA, ASELE)
    contact = admin_contact(org, dorotea)
    account = default_account(org, dorotea)
    pending_contact = organisations.create_contact(dorotea, CreateContact(contact_draft()))
    pending_account = organisations.create_account(
        dorotea, CreateAccount(account_draft(unit_ids(org, dorotea)))
    )

    with pytest.raises(NotFound):
        organisations.change_contact(
            asele, ChangeContact(contact.id, contact.version, draft_of(contact))
        )
    with pytest.raises(NotFound):
        organisations.remove_contact(asele, RemoveContact(contact.id, contact.version))
    with pytest.raises(NotFound):
        organisations.edit_pending_contact(
            asele,
            EditPendingContact(pending_contact.id, pending_contact.version, contact_draft()),
        )
    with pytest.raises(NotFound):
        organisations.change_account(
            asele, ChangeAccount(account.id, account.version, account_draft_of(account))
        )
    with pytest.raises(NotFound):
        organisations.remove_account(asele, RemoveAccount(account.id, account.version))
    with pytest.raises(NotFound):
        organisations.edit_pending_account(
            asele,
            EditPendingAccount(pending_account.id, pending_account.version, pending_account.draft),
        )
    for change in (pending_contact, pending_account):
        with pytest.raises(NotFound):
            organisations.discard_pending(asele, DiscardPending(change.id, change.version))
    # Åsele's own lists hold none of it; Dorotea's changes are as they were.
    assert organisations.pending_contacts(asele) == []
    assert organisations.pending_accounts(asele) == []
    assert contact.id not in {c.id for c in organisations.contacts(asele)}
    assert organisations.pending_contacts(dorotea) == [pending_contact]
    assert organisations.pending_accounts(dorotea) == [pending_account]
