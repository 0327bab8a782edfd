"""The rules for contact persons and accounts (DOMAIN.md §4, issue 8), as pure functions.

The forms run :func:`validate_contact_draft` and :func:`validate_account_draft` as you
type; the services run the same and then the rules that need the organisation's data
(its units and addresses, and how the contacts and accounts stand once every pending
change is signed). Each refusal is a :class:`RuleViolation` naming its field.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from typing import Any

from kawebb_desktop.domain.changes import AccountDraft, ContactDraft
from kawebb_desktop.domain.entities import Address
from kawebb_desktop.domain.errors import InvalidDraft, RuleViolation, ValidationError
from kawebb_desktop.domain.messages import msg, term
from kawebb_desktop.domain.rules import check_name
from kawebb_desktop.domain.values import EmailAddress, PhoneNumber, parse_account_number

NO_ADMIN_CONTACT = (
    "Kommunen måste ha en administrativ kontakt. Gör en annan kontaktperson till "
    "administrativ kontakt i stället; då upphör den här att vara det."
)
LAST_CONTACT = (
    "Kommunen måste ha minst en kontaktperson. Den sista kan inte tas bort; skapa först en "
    "ny kontaktperson om någon annan ska ta över."
)
ADMIN_CONTACT_REMOVED = (
    "Den administrativa kontakten kan inte tas bort. Gör först en annan kontaktperson till "
    "administrativ kontakt."
)
NO_DEFAULT_ACCOUNT = (
    "Kommunen måste ha ett standardkonto. Markera ett annat konto som standardkonto i "
    "stället; då upphör det här att vara det."
)
DEFAULT_ACCOUNT_REMOVED = (
    "Standardkontot kan inte tas bort. Markera först ett annat konto som standardkonto."
)
TWO_DEFAULT_ACCOUNTS = (
    "Kommunen kan bara ha ett standardkonto, men {count} konton skulle vara det. Markera "
    "bara ett konto som standardkonto."
)
TWO_ADMIN_CONTACTS = (
    "Kommunen kan bara ha en administrativ kontakt, men {count} kontaktpersoner skulle vara "
    "det. Markera bara en som administrativ kontakt."
)
NO_UNIT = "Välj minst en utförande verksamhet som kontot gäller för."
UNKNOWN_UNIT = "En vald utförande verksamhet finns inte i kommunen."
UNKNOWN_ADDRESS = "En vald adress finns inte bland kommunens adresser."


def _phone(text: str, field: str) -> str:
    return PhoneNumber.parse(text, field).value if text.strip() else ""


def validate_contact_draft(draft: ContactDraft) -> ContactDraft:
    """The store-free checks of the contact person form: names, e-mail, phones (Swedish,
    stored normalised). ``InvalidDraft`` names every field that is wrong."""
    violations: list[RuleViolation] = []
    values: dict[str, str] = {}
    for field, label, value in (
        ("first_name", "förnamn", draft.first_name),
        ("last_name", "efternamn", draft.last_name),
    ):
        try:
            values[field] = check_name(value, field, label)
        except RuleViolation as exc:
            violations.append(exc)
    for field, value in (("phone1", draft.phone1), ("phone2", draft.phone2)):
        try:
            values[field] = _phone(value, field)
        except ValidationError as exc:
            violations.append(RuleViolation(exc.message, field))
    if not values.get("phone1") and values.get("phone2"):
        values["phone1"], values["phone2"] = values["phone2"], ""
    if violations:
        raise InvalidDraft(violations)
    return replace(
        draft,
        first_name=values["first_name"],
        last_name=values["last_name"],
        email=EmailAddress(draft.email.value),
        phone1=values["phone1"],
        phone2=values["phone2"],
        unit_ids=tuple(sorted(set(draft.unit_ids))),
        addresses=tuple(sorted(set(draft.addresses))),
    )


def validate_account_draft(draft: AccountDraft) -> AccountDraft:
    """The store-free checks of the account form: the number by its kind's check digit
    (bank accounts by the clearing-number rules), at least one unit."""
    violations: list[RuleViolation] = []
    number = draft.number
    try:
        number = parse_account_number(draft.kind, draft.number).value
    except ValidationError as exc:
        violations.append(RuleViolation(exc.message, "number"))
    if not draft.unit_ids:
        violations.append(RuleViolation(NO_UNIT, "units"))
    if violations:
        raise InvalidDraft(violations)
    return replace(draft, number=number, unit_ids=tuple(sorted(set(draft.unit_ids))))


def check_units_known(unit_ids: Iterable[int], known: Collection[int]) -> None:
    if any(i not in known for i in unit_ids):
        raise RuleViolation(UNKNOWN_UNIT, "units")


def check_addresses_known(addresses: Iterable[Address], known: Collection[Address]) -> None:
    if any(a not in known for a in addresses):
        raise RuleViolation(UNKNOWN_ADDRESS, "addresses")


def check_contacts_after(
    after: Mapping[Any, ContactDraft],
) -> None:
    """How the contacts stand once the pending changes are signed (``after``: each
    contact that remains, stored or new): at least one, exactly one administrative."""
    if not after:
        raise RuleViolation(LAST_CONTACT)
    admins = sum(1 for d in after.values() if d.administrative)
    if admins == 0:
        raise RuleViolation(NO_ADMIN_CONTACT, "administrative")
    if admins > 1:
        raise RuleViolation(msg(TWO_ADMIN_CONTACTS, count=admins), "administrative")


def check_accounts_after(
    after: Mapping[Any, AccountDraft],
) -> None:
    """Once the pending changes are signed, exactly one account is the standard account
    (an organisation without any account yet has none to mark), and no number is there
    twice."""
    if not after:
        return
    seen: set[tuple[object, str]] = set()
    for draft in after.values():
        if (draft.kind, draft.number) in seen:
            raise RuleViolation(
                msg(
                    (
                        "Kommunen har redan ett konto med numret {label} {formatted_number}. Ändra "
                        "det "
                        "befintliga kontot i stället."
                    ),
                    label=term(draft.kind.label),
                    formatted_number=draft.formatted_number,
                ),
                "number",
            )
        seen.add((draft.kind, draft.number))
    defaults = sum(1 for d in after.values() if d.is_default)
    if defaults == 0:
        raise RuleViolation(NO_DEFAULT_ACCOUNT, "is_default")
    if defaults > 1:
        raise RuleViolation(msg(TWO_DEFAULT_ACCOUNTS, count=defaults), "is_default")
