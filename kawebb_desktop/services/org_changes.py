"""Contact persons and accounts as pending changes (guide §4.2, DOMAIN.md §4, issue 8).

A change of a contact person or an account does not take effect when it is saved: like a
change of a user it waits in the organisation's one list of *Ändringar att signera* and
is applied when the set is signed with BankID (``services/signing.py``). The mechanics
are the users' (``services/users.py``): a record has at most one unsigned change; a
command names the change its form started from (id and version) or says there was none,
and the record's place in the list is claimed for the unit of work before anything is
read. The organisation-wide rules — at least one contact person, exactly one
administrative contact, exactly one standard account — are checked on the state *after*
every pending change, with the new one written in the same unit of work: a violation
rolls all of it back. ``take_over`` moves the administrative contact (or the standard
account) explicitly: the former one gets a pending change that clears its mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from kawebb_desktop.domain import documents
from kawebb_desktop.domain.changes import (
    AccountDraft,
    ChangeAction,
    ChangeKind,
    ContactDraft,
    PendingChange,
    account_draft_of,
    contact_draft_of,
)
from kawebb_desktop.domain.entities import Account, Address, ContactPerson, address_of
from kawebb_desktop.domain.errors import Conflict, NotFound, RuleViolation
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.domain.org_rules import (
    ADMIN_CONTACT_REMOVED,
    DEFAULT_ACCOUNT_REMOVED,
    check_accounts_after,
    check_addresses_known,
    check_contacts_after,
    check_units_known,
    validate_account_draft,
    validate_contact_draft,
)
from kawebb_desktop.domain.roles import Access, Function, allows, require
from kawebb_desktop.services.api import (
    Caller,
    ChangeAccount,
    ChangeContact,
    CreateAccount,
    CreateContact,
    DiscardPending,
    EditPendingAccount,
    EditPendingContact,
    PendingAccountChange,
    PendingContactChange,
    RemoveAccount,
    RemoveContact,
    VersionedId,
)
from kawebb_desktop.services.common import Principal, ServiceBase, audit
from kawebb_desktop.services.users import made_by
from kawebb_desktop.services.users import who_made as _who
from kawebb_desktop.store.base import UnitOfWork

CONTACTS = Function.KONTAKTPERSON
ACCOUNTS = Function.KONTOINFORMATION

#: Which function of the matrix a kind of change needs, to be made, discarded or signed.
FUNCTION_OF_KIND = {
    ChangeKind.USER: Function.HANTERA_ANVANDARE,
    ChangeKind.CONTACT: CONTACTS,
    ChangeKind.ACCOUNT: ACCOUNTS,
    ChangeKind.CLAIM: Function.BEGARA_ERSATTNING,
}

#: The kinds whose pending changes the red cross here discards (users: UsersApi).
DISCARDABLE = (ChangeKind.CONTACT, ChangeKind.ACCOUNT, ChangeKind.CLAIM, ChangeKind.DOCUMENT)


def _reading(change: PendingChange) -> Function:
    if change.kind is ChangeKind.DOCUMENT:
        return documents.READ_FUNCTION
    return FUNCTION_OF_KIND[change.kind]


def _writing(change: PendingChange) -> Function:
    """A document's send needs WRITE on its type's row; other kinds their own row."""
    if change.kind is ChangeKind.DOCUMENT:
        return documents.function_of(documents.DocumentType(str(change.payload.get("type"))))
    return FUNCTION_OF_KIND[change.kind]


STALE_RECORD = (
    "{what} har ändrats av någon annan sedan du läste {it}. Läs in listan igen och gör om "
    "ändringen."
)
ALREADY_PENDING = (
    "Det finns redan en osignerad {change} av {name} (gjord av {who}) under Ändringar att "
    "signera. Läs in listan igen och utgå från den, så att ingen ändring går förlorad."
)
PENDING_CHANGED = (
    "Den osignerade ändringen av {name} har ändrats av {who} sedan du läste den. Läs in "
    "listan igen och gör om ändringen."
)
PENDING_GONE = (
    "Den osignerade ändringen av {name} som du utgick från finns inte längre (den kan ha "
    "signerats eller förkastats). Läs in listan igen och gör om ändringen."
)
STALE_CHANGE = (
    "Ändringen att signera har ändrats av {who} sedan du läste den. Läs in listan igen och "
    "gör om ändringen."
)
CHANGE_GONE = "Ändringen finns inte längre (den kan redan vara signerad)."
REMOVAL_NOT_EDITABLE = (
    "En borttagning kan inte ändras. Ångra den med det röda krysset och ändra sedan igen."
)
NOTHING_CHANGED = "Inget är ändrat."
ADMIN_TAKEN = (
    "{name} är redan kommunens administrativa kontakt, och det kan bara finnas en. "
    "Avmarkera Administrativ kontakt, eller låt den här kontaktpersonen ta över."
)
DEFAULT_TAKEN = (
    "{name} är redan kommunens standardkonto, och det kan bara finnas ett. Avmarkera "
    "Standardkonto, eller låt det här kontot ta över."
)

R = TypeVar("R")  # the stored record: ContactPerson or Account
D = TypeVar("D")  # its draft: ContactDraft or AccountDraft
P = TypeVar("P")  # the typed pending line: PendingContactChange or PendingAccountChange

#: A record as it stands once every pending change is signed: ("lagrad", id) or ("ny",
#: change id), and its draft.
Key = tuple[str, int]


@dataclass(frozen=True)
class _Spec(Generic[R, D, P]):
    """What differs between contact persons and accounts."""

    kind: ChangeKind
    function: Function
    what: str  # "Kontaktpersonen" / "Kontot"
    it: str  # "den" / "det"
    get: Callable[[UnitOfWork, int], R | None]
    draft_of: Callable[[R], D]
    from_payload: Callable[[PendingChange], D]
    name_of: Callable[[D], str]
    to_payload: Callable[[D], dict[str, Any]]
    typed: Callable[[PendingChange, D, R | None, str], P]
    marked: Callable[[D], bool]  # administrative / is_default
    unmarked: Callable[[D], D]
    taken: str
    audit_noun: str


def _contact_name(d: ContactDraft) -> str:
    return d.full_name


def _account_name(d: AccountDraft) -> str:
    return f"{d.kind.label} {d.formatted_number}"


CONTACT_SPEC: _Spec[ContactPerson, ContactDraft, PendingContactChange] = _Spec(
    kind=ChangeKind.CONTACT,
    function=CONTACTS,
    what=msg("Kontaktpersonen"),
    it=msg("den"),
    get=lambda uow, i: uow.contacts.get(i),
    draft_of=contact_draft_of,
    from_payload=lambda c: c.contact_draft(),
    name_of=_contact_name,
    to_payload=lambda d: d.to_payload(),
    typed=PendingContactChange,
    marked=lambda d: d.administrative,
    unmarked=lambda d: replace(d, administrative=False),
    taken=msg(ADMIN_TAKEN),
    audit_noun="kontaktperson",
)
ACCOUNT_SPEC: _Spec[Account, AccountDraft, PendingAccountChange] = _Spec(
    kind=ChangeKind.ACCOUNT,
    function=ACCOUNTS,
    what=msg("Kontot"),
    it=msg("det"),
    get=lambda uow, i: uow.accounts.get(i),
    draft_of=account_draft_of,
    from_payload=lambda c: c.account_draft(),
    name_of=_account_name,
    to_payload=lambda d: d.to_payload(),
    typed=PendingAccountChange,
    marked=lambda d: d.is_default,
    unmarked=lambda d: replace(d, is_default=False),
    taken=msg(DEFAULT_TAKEN),
    audit_noun="konto",
)


def contacts_after(uow: UnitOfWork, organisation_id: int) -> dict[Key, ContactDraft]:
    """The organisation's contact persons once every pending change is signed."""
    stored = {
        ("lagrad", c.id): contact_draft_of(c)
        for c in uow.contacts.for_organisation(organisation_id)
    }
    return _after(uow, organisation_id, ChangeKind.CONTACT, stored, PendingChange.contact_draft)


def accounts_after(uow: UnitOfWork, organisation_id: int) -> dict[Key, AccountDraft]:
    """The organisation's accounts once every pending change is signed."""
    stored = {
        ("lagrad", a.id): account_draft_of(a)
        for a in uow.accounts.for_organisation(organisation_id)
    }
    return _after(uow, organisation_id, ChangeKind.ACCOUNT, stored, PendingChange.account_draft)


def _after(
    uow: UnitOfWork,
    organisation_id: int,
    kind: ChangeKind,
    stored: dict[Key, D],
    draft: Callable[[PendingChange], D],
) -> dict[Key, D]:
    after = dict(stored)
    for change in uow.pending.for_organisation(organisation_id, kind):
        if change.action is ChangeAction.NY:
            after[("ny", change.id)] = draft(change)
        elif change.action is ChangeAction.BORTTAGEN:
            after.pop(("lagrad", change.target_id or 0), None)
        else:
            after[("lagrad", change.target_id or 0)] = draft(change)
    return after


def check_org_data(uow: UnitOfWork, organisation_id: int) -> None:
    """The organisation-wide rules on the state after every pending change."""
    check_contacts_after(contacts_after(uow, organisation_id))
    check_accounts_after(accounts_after(uow, organisation_id))


def _check_after(uow: UnitOfWork, organisation_id: int, kind: ChangeKind) -> None:
    if kind is ChangeKind.CONTACT:
        check_contacts_after(contacts_after(uow, organisation_id))
    else:
        check_accounts_after(accounts_after(uow, organisation_id))


def known_addresses(uow: UnitOfWork, organisation_id: int) -> list[Address]:
    organisation = uow.organisations.get(organisation_id)
    places = [address_of(u) for u in uow.units.for_organisation(organisation_id)]
    if organisation is not None:
        places.append(address_of(organisation))
    return sorted({a for a in places if a.street_address or a.postal_code or a.city})


class OrganisationChanges(ServiceBase):
    """The writes of *Uppgifter*; mixed into ``OrganisationService``."""

    # ------------------------------------------------------------------ reading
    def addresses(self, caller: Caller) -> list[Address]:
        with self._acting(caller, CONTACTS, Access.READ) as (uow, me):
            return known_addresses(uow, me.organisation_id)

    def pending_contacts(self, caller: Caller) -> list[PendingContactChange]:
        return self._pending_lines(caller, CONTACT_SPEC)

    def pending_accounts(self, caller: Caller) -> list[PendingAccountChange]:
        return self._pending_lines(caller, ACCOUNT_SPEC)

    def _pending_lines(self, caller: Caller, spec: _Spec[R, D, P]) -> list[P]:
        with self._acting(caller, spec.function, Access.READ) as (uow, me):
            return [
                self._typed(uow, spec, c)
                for c in uow.pending.for_organisation(me.organisation_id, spec.kind)
            ]

    # ------------------------------------------------------------------ contacts
    def create_contact(self, caller: Caller, command: CreateContact) -> PendingContactChange:
        draft = validate_contact_draft(command.draft)
        return self._create(caller, CONTACT_SPEC, command, draft, self._check_contact_refs)

    def change_contact(self, caller: Caller, command: ChangeContact) -> PendingContactChange:
        draft = validate_contact_draft(command.draft)
        return self._change(
            caller, CONTACT_SPEC, command, command.contact_id, draft, self._check_contact_refs
        )

    def remove_contact(self, caller: Caller, command: RemoveContact) -> PendingContactChange:
        return self._remove(caller, CONTACT_SPEC, command, command.contact_id)

    def edit_pending_contact(
        self, caller: Caller, command: EditPendingContact
    ) -> PendingContactChange:
        draft = validate_contact_draft(command.draft)
        return self._edit(caller, CONTACT_SPEC, command, draft, self._check_contact_refs)

    # ------------------------------------------------------------------ accounts
    def create_account(self, caller: Caller, command: CreateAccount) -> PendingAccountChange:
        draft = validate_account_draft(command.draft)
        return self._create(caller, ACCOUNT_SPEC, command, draft, self._check_account_refs)

    def change_account(self, caller: Caller, command: ChangeAccount) -> PendingAccountChange:
        draft = validate_account_draft(command.draft)
        return self._change(
            caller, ACCOUNT_SPEC, command, command.account_id, draft, self._check_account_refs
        )

    def remove_account(self, caller: Caller, command: RemoveAccount) -> PendingAccountChange:
        return self._remove(caller, ACCOUNT_SPEC, command, command.account_id)

    def edit_pending_account(
        self, caller: Caller, command: EditPendingAccount
    ) -> PendingAccountChange:
        draft = validate_account_draft(command.draft)
        return self._edit(caller, ACCOUNT_SPEC, command, draft, self._check_account_refs)

    # ------------------------------------------------------------------ discarding
    def discard_pending(self, caller: Caller, command: DiscardPending) -> None:
        """The red cross on a contact person's, an account's, a claim's or a document
        send's line."""
        with self._acting(caller, CONTACTS, Access.NONE, write=True) as (uow, me):

            def run() -> None:
                change = uow.pending.get(command.change_id, lock=True)
                if (
                    change is None
                    or change.organisation_id != me.organisation_id
                    or change.kind not in DISCARDABLE
                    or not allows(me.user.role, _reading(change), Access.READ)
                ):
                    raise NotFound(CHANGE_GONE)
                _require(me, _writing(change))
                if change.version != command.version:
                    raise Conflict(msg(STALE_CHANGE, who=_who(uow, me, change)))
                uow.pending.remove(change.id)
                audit(
                    uow,
                    self._clock.now(),
                    f"{change.kind.value}.forkastad",
                    f"Osignerad ändring förkastad: {change.describe()}",
                    actor=me,
                )

            self._once(uow, me, command.key, "discard_org_pending", command, type(None), run)
            uow.commit()

    # ------------------------------------------------------------------ mechanics
    def _create(
        self,
        caller: Caller,
        spec: _Spec[R, D, P],
        command: CreateContact | CreateAccount,
        draft: D,
        check_refs: Callable[[UnitOfWork, Principal, D], None],
    ) -> P:
        with self._acting(caller, spec.function, Access.WRITE, write=True) as (uow, me):

            def run() -> P:
                uow.pending.lock_list(me.organisation_id, spec.kind)
                check_refs(uow, me, draft)
                change = uow.pending.add(
                    PendingChange(
                        id=0,
                        organisation_id=me.organisation_id,
                        kind=spec.kind,
                        action=ChangeAction.NY,
                        target_id=None,
                        payload=spec.to_payload(draft),
                        created_by_person_id=me.person_id,
                        created_at=self._clock.now(),
                    )
                )
                self._settle(uow, me, spec, ("ny", change.id), draft, command.take_over)
                self._audit(uow, me, spec, change)
                return self._typed(uow, spec, change)

            result = self._once(
                uow, me, command.key, f"create_{spec.audit_noun}", command, _answer(spec), run
            )
            uow.commit()
            return result

    def _change(
        self,
        caller: Caller,
        spec: _Spec[R, D, P],
        command: ChangeContact | ChangeAccount,
        record_id: int,
        draft: D,
        check_refs: Callable[[UnitOfWork, Principal, D], None],
    ) -> P:
        with self._acting(caller, spec.function, Access.WRITE, write=True) as (uow, me):

            def run() -> P:
                uow.pending.lock_list(me.organisation_id, spec.kind)
                record, earlier = self._claim(uow, me, spec, record_id, command.version)
                self._check_named(uow, me, spec, record, earlier, command.pending)
                if earlier is not None and earlier.action is ChangeAction.BORTTAGEN:
                    raise RuleViolation(REMOVAL_NOT_EDITABLE)
                if earlier is None and draft == spec.draft_of(record):
                    raise RuleViolation(NOTHING_CHANGED)
                check_refs(uow, me, draft)
                change = self._put(uow, me, spec, record_id, ChangeAction.ANDRAD, draft, earlier)
                self._settle(uow, me, spec, ("lagrad", record_id), draft, command.take_over)
                self._audit(uow, me, spec, change)
                return self._typed(uow, spec, change)

            result = self._once(
                uow, me, command.key, f"change_{spec.audit_noun}", command, _answer(spec), run
            )
            uow.commit()
            return result

    def _remove(
        self,
        caller: Caller,
        spec: _Spec[R, D, P],
        command: RemoveContact | RemoveAccount,
        record_id: int,
    ) -> P:
        with self._acting(caller, spec.function, Access.WRITE, write=True) as (uow, me):

            def run() -> P:
                uow.pending.lock_list(me.organisation_id, spec.kind)
                record, earlier = self._claim(uow, me, spec, record_id, command.version)
                self._check_named(uow, me, spec, record, earlier, command.pending)
                current = spec.from_payload(earlier) if earlier else spec.draft_of(record)
                name = spec.name_of(current)
                if earlier is not None and earlier.action is ChangeAction.BORTTAGEN:
                    raise RuleViolation(
                        msg(
                            "{name} ska redan tas bort. Borttagningen väntar under Ändringar att "
                            "signera.",
                            name=name,
                        )
                    )
                if spec.marked(current):
                    raise RuleViolation(
                        ADMIN_CONTACT_REMOVED
                        if spec.kind is ChangeKind.CONTACT
                        else DEFAULT_ACCOUNT_REMOVED
                    )
                change = self._put(
                    uow, me, spec, record_id, ChangeAction.BORTTAGEN, spec.draft_of(record), earlier
                )
                _check_after(uow, me.organisation_id, spec.kind)
                self._audit(uow, me, spec, change)
                return self._typed(uow, spec, change)

            result = self._once(
                uow, me, command.key, f"remove_{spec.audit_noun}", command, _answer(spec), run
            )
            uow.commit()
            return result

    def _edit(
        self,
        caller: Caller,
        spec: _Spec[R, D, P],
        command: EditPendingContact | EditPendingAccount,
        draft: D,
        check_refs: Callable[[UnitOfWork, Principal, D], None],
    ) -> P:
        with self._acting(caller, spec.function, Access.WRITE, write=True) as (uow, me):

            def run() -> P:
                uow.pending.lock_list(me.organisation_id, spec.kind)
                change = uow.pending.get(command.change_id, lock=True)
                if (
                    change is None
                    or change.organisation_id != me.organisation_id
                    or change.kind is not spec.kind
                ):
                    raise NotFound(CHANGE_GONE)
                if change.version != command.version:
                    raise Conflict(msg(STALE_CHANGE, who=_who(uow, me, change)))
                if change.action is ChangeAction.BORTTAGEN:
                    raise RuleViolation(REMOVAL_NOT_EDITABLE)
                check_refs(uow, me, draft)
                updated = uow.pending.update(
                    replace(
                        change,
                        payload=spec.to_payload(draft),
                        created_by_person_id=me.person_id,
                        created_at=self._clock.now(),
                    )
                )
                key: Key = (
                    ("ny", change.id)
                    if change.action is ChangeAction.NY
                    else ("lagrad", change.target_id or 0)
                )
                self._settle(uow, me, spec, key, draft, command.take_over)
                self._audit(uow, me, spec, updated)
                return self._typed(uow, spec, updated)

            result = self._once(
                uow, me, command.key, f"edit_{spec.audit_noun}", command, _answer(spec), run
            )
            uow.commit()
            return result

    def _settle(
        self,
        uow: UnitOfWork,
        me: Principal,
        spec: _Spec[R, D, P],
        key: Key,
        draft: D,
        take_over: bool,
    ) -> None:
        """After writing ``draft`` for ``key``: if it is marked (administrative contact,
        standard account) and another one is too, that one's mark moves here when the
        command says ``take_over`` (else refused); then the organisation-wide rules."""
        if spec.marked(draft):
            after = (
                contacts_after(uow, me.organisation_id)
                if spec.kind is ChangeKind.CONTACT
                else accounts_after(uow, me.organisation_id)
            )
            others = [k for k, d in after.items() if k != key and spec.marked(d)]  # type: ignore[arg-type]
            for other in others:
                if not take_over:
                    name = spec.name_of(after[other])  # type: ignore[arg-type]
                    raise RuleViolation(msg(spec.taken, name=name), _mark_field(spec))
                self._unmark(uow, me, spec, other)
        _check_after(uow, me.organisation_id, spec.kind)

    def _unmark(self, uow: UnitOfWork, me: Principal, spec: _Spec[R, D, P], key: Key) -> None:
        """Clear the mark of ``key`` (a stored record or a pending Ny) by a pending change."""
        origin, ident = key
        if origin == "ny":
            change = uow.pending.get(ident, lock=True)
            if change is None:  # pragma: no cover - read in this unit of work
                raise Conflict(CHANGE_GONE)
            uow.pending.update(
                replace(change, payload=spec.to_payload(spec.unmarked(spec.from_payload(change))))
            )
            return
        earlier = uow.pending.for_target(me.organisation_id, spec.kind, ident, lock=True)
        record = spec.get(uow, ident)
        if record is None:  # pragma: no cover - read in this unit of work
            raise Conflict(CHANGE_GONE)
        base = spec.from_payload(earlier) if earlier is not None else spec.draft_of(record)
        self._put(uow, me, spec, ident, ChangeAction.ANDRAD, spec.unmarked(base), earlier)

    def _claim(
        self, uow: UnitOfWork, me: Principal, spec: _Spec[R, D, P], record_id: int, version: int
    ) -> tuple[R, PendingChange | None]:
        earlier = uow.pending.for_target(me.organisation_id, spec.kind, record_id, lock=True)
        record = spec.get(uow, record_id) if isinstance(record_id, int) else None
        if record is None or record.organisation_id != me.organisation_id:  # type: ignore[attr-defined]
            raise NotFound(msg("{what} finns inte (det kan ha tagits bort).", what=spec.what))
        if record.version != version:  # type: ignore[attr-defined]
            raise Conflict(msg(STALE_RECORD, what=spec.what, it=spec.it))
        return record, earlier

    def _check_named(
        self,
        uow: UnitOfWork,
        me: Principal,
        spec: _Spec[R, D, P],
        record: R,
        stored: PendingChange | None,
        named: VersionedId | None,
    ) -> None:
        name = spec.name_of(spec.draft_of(record))
        if stored is None:
            if named is not None:
                raise Conflict(msg(PENDING_GONE, name=name))
            return
        who = _who(uow, me, stored)
        if named is None or named.id != stored.id:
            change = (
                msg("borttagning") if stored.action is ChangeAction.BORTTAGEN else msg("ändring")
            )
            raise Conflict(msg(ALREADY_PENDING, change=change, name=name, who=who))
        if named.version != stored.version:
            raise Conflict(msg(PENDING_CHANGED, name=name, who=who))

    def _put(
        self,
        uow: UnitOfWork,
        me: Principal,
        spec: _Spec[R, D, P],
        record_id: int,
        action: ChangeAction,
        draft: D,
        earlier: PendingChange | None,
    ) -> PendingChange:
        now = self._clock.now()
        if earlier is None:
            return uow.pending.add(
                PendingChange(
                    id=0,
                    organisation_id=me.organisation_id,
                    kind=spec.kind,
                    action=action,
                    target_id=record_id,
                    payload=spec.to_payload(draft),
                    created_by_person_id=me.person_id,
                    created_at=now,
                )
            )
        return uow.pending.update(
            replace(
                earlier,
                action=action,
                payload=spec.to_payload(draft),
                created_by_person_id=me.person_id,
                created_at=now,
            )
        )

    def _audit(
        self, uow: UnitOfWork, me: Principal, spec: _Spec[R, D, P], change: PendingChange
    ) -> None:
        audit(
            uow,
            self._clock.now(),
            f"{spec.kind.value}.{change.action.value}",
            f"Ändring att signera: {change.describe()}",
            actor=me,
        )

    def _typed(self, uow: UnitOfWork, spec: _Spec[R, D, P], change: PendingChange) -> P:
        current = spec.get(uow, change.target_id) if change.target_id is not None else None
        return spec.typed(change, spec.from_payload(change), current, made_by(uow, change))

    def _check_contact_refs(self, uow: UnitOfWork, me: Principal, draft: ContactDraft) -> None:
        check_units_known(
            draft.unit_ids, {u.id for u in uow.units.for_organisation(me.organisation_id)}
        )
        check_addresses_known(draft.addresses, known_addresses(uow, me.organisation_id))

    def _check_account_refs(self, uow: UnitOfWork, me: Principal, draft: AccountDraft) -> None:
        check_units_known(
            draft.unit_ids, {u.id for u in uow.units.for_organisation(me.organisation_id)}
        )


def _answer(spec: _Spec[Any, Any, Any]) -> type:
    return PendingContactChange if spec.kind is ChangeKind.CONTACT else PendingAccountChange


def _mark_field(spec: _Spec[Any, Any, Any]) -> str:
    return "administrative" if spec.kind is ChangeKind.CONTACT else "is_default"


def _require(me: Principal, function: Function) -> None:
    require(me.user.role, function, Access.WRITE)
