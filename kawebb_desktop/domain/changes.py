"""Pending changes ("att signera") and the canonical form that BankID signs.

A change does not take effect when it is made (rule 5): it waits as a
:class:`PendingChange` until the organisation's change set is signed. The store keeps
a change's data as a JSON payload so that later kinds (contacts, accounts, documents,
claims) fit the same table; typed drafts such as :class:`UserDraft` convert to and from it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kawebb_desktop.domain.compensation import (
    Compensation,
    CompensationKind,
    FieldOfWork,
    compute_compensation,
    format_kronor,
    format_number,
    parse_date,
    parse_extent,
)
from kawebb_desktop.domain.documents import DocumentType, describe_document
from kawebb_desktop.domain.entities import Account, Address, ContactPerson, User
from kawebb_desktop.domain.errors import ValidationError
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import (
    AccountKind,
    EmailAddress,
    Personnummer,
    phone_text,
    stored_account_number,
)

#: A payload value: plain JSON (lists of ids and of addresses included).
JsonValue = str | int | bool | None | list[Any] | dict[str, Any]


class ChangeKind(StrEnum):
    USER = "anvandare"
    CONTACT = "kontaktperson"
    ACCOUNT = "konto"
    CLAIM = "ersattning"
    DOCUMENT = "handling"

    @property
    def label(self) -> str:
        """What *Ändringar att signera* calls it (its column *Typ*)."""
        return {
            "anvandare": "Användare",
            "kontaktperson": "Kontaktperson",
            "konto": "Konto",
            "ersattning": "Begär ersättning",
            "handling": "Skicka handling",
        }[self.value]


class ChangeAction(StrEnum):
    NY = "ny"
    ANDRAD = "andrad"
    BORTTAGEN = "borttagen"

    @property
    def label(self) -> str:
        return {"ny": "Ny", "andrad": "Ändrad", "borttagen": "Borttagen"}[self.value]


@dataclass(frozen=True, slots=True)
class UserDraft:
    """What a Skapa/Ändra användare form holds, already validated value by value."""

    first_name: str
    last_name: str
    personnummer: Personnummer
    email: EmailAddress
    role: Role
    start_date: dt.date
    end_date: dt.date | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def to_payload(self) -> dict[str, JsonValue]:
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "personnummer": self.personnummer.value,
            "email": self.email.value,
            "role": self.role.value,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat() if self.end_date else None,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> UserDraft:
        end = payload.get("end_date")
        return cls(
            first_name=str(payload["first_name"]),
            last_name=str(payload["last_name"]),
            personnummer=Personnummer(str(payload["personnummer"])),
            email=EmailAddress(str(payload["email"])),
            role=Role(str(payload["role"])),
            start_date=dt.date.fromisoformat(str(payload["start_date"])),
            end_date=dt.date.fromisoformat(str(end)) if end else None,
        )

    def describe(self) -> str:
        """One line for BankID's userVisibleData and for receipts."""
        period = (
            f"{self.start_date.isoformat()} – {self.end_date.isoformat() if self.end_date else ''}"
        )
        return (
            f"{self.full_name} ({self.personnummer.birth_date_text}), {self.role.label}, "
            f"{self.email.value}, {period.rstrip()}"
        )


def draft_of(user: User) -> UserDraft:
    """What a form shows, and a change starts from, for a stored user."""
    return UserDraft(
        first_name=user.first_name,
        last_name=user.last_name,
        personnummer=user.personnummer,
        email=user.email,
        role=user.role,
        start_date=user.start_date,
        end_date=user.end_date,
    )


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """What the contact person form holds; phones normalised (``PhoneNumber.value``) or
    ``""``; ``unit_ids`` and ``addresses`` sorted and without repeats."""

    first_name: str
    last_name: str
    email: EmailAddress
    phone1: str = ""
    phone2: str = ""
    unit_ids: tuple[int, ...] = ()
    addresses: tuple[Address, ...] = ()
    administrative: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def to_payload(self) -> dict[str, JsonValue]:
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email.value,
            "phone1": self.phone1,
            "phone2": self.phone2,
            "unit_ids": list(self.unit_ids),
            "addresses": [
                {"street_address": a.street_address, "postal_code": a.postal_code, "city": a.city}
                for a in self.addresses
            ],
            "administrative": self.administrative,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> ContactDraft:
        return cls(
            first_name=str(payload["first_name"]),
            last_name=str(payload["last_name"]),
            email=EmailAddress(str(payload["email"])),
            phone1=str(payload.get("phone1") or ""),
            phone2=str(payload.get("phone2") or ""),
            unit_ids=tuple(int(i) for i in payload.get("unit_ids") or ()),
            addresses=tuple(
                Address(str(a["street_address"]), str(a["postal_code"]), str(a["city"]))
                for a in payload.get("addresses") or ()
            ),
            administrative=bool(payload.get("administrative")),
        )

    def describe(self) -> str:
        phones = ", ".join(p for p in (phone_text(self.phone1), phone_text(self.phone2)) if p)
        admin = ", administrativ kontakt" if self.administrative else ""
        return (
            f"kontaktperson {self.full_name}, {self.email.value}"
            f"{', ' + phones if phones else ''}, {len(self.unit_ids)} utförande "
            f"verksamhet(er), {len(self.addresses)} adress(er){admin}"
        )


def contact_draft_of(contact: ContactPerson) -> ContactDraft:
    return ContactDraft(
        first_name=contact.first_name,
        last_name=contact.last_name,
        email=contact.email,
        phone1=contact.phone1,
        phone2=contact.phone2,
        unit_ids=contact.unit_ids,
        addresses=contact.addresses,
        administrative=contact.administrative,
    )


@dataclass(frozen=True, slots=True)
class AccountDraft:
    """What the account form holds; ``number`` as stored (digits, clearing first)."""

    kind: AccountKind
    number: str
    unit_ids: tuple[int, ...] = ()
    is_default: bool = False

    @property
    def formatted_number(self) -> str:
        try:
            return stored_account_number(self.kind, self.number).formatted
        except ValidationError:
            return self.number

    def to_payload(self) -> dict[str, JsonValue]:
        return {
            "kind": self.kind.value,
            "number": self.number,
            "unit_ids": list(self.unit_ids),
            "is_default": self.is_default,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> AccountDraft:
        return cls(
            kind=AccountKind(str(payload["kind"])),
            number=str(payload["number"]),
            unit_ids=tuple(int(i) for i in payload.get("unit_ids") or ()),
            is_default=bool(payload.get("is_default")),
        )

    def describe(self) -> str:
        default = ", standardkonto" if self.is_default else ""
        return (
            f"konto {self.kind.label} {self.formatted_number}, "
            f"{len(self.unit_ids)} utförande verksamhet(er){default}"
        )


def account_draft_of(account: Account) -> AccountDraft:
    return AccountDraft(
        kind=account.kind,
        number=account.number,
        unit_ids=account.unit_ids,
        is_default=account.is_default,
    )


@dataclass(frozen=True, slots=True)
class ClaimDraft:
    """What the *Begär ersättning* form holds: the kind, the field of work, the extent in
    percent and the period (both days included). The amount is not part of it: the
    service computes it (``compute``) and never takes one from a client."""

    kind: CompensationKind
    field_of_work: FieldOfWork
    extent: Decimal
    start_date: dt.date
    end_date: dt.date

    def compute(self) -> Compensation:
        """The amount and its computation (ValidationError / RuleViolation if the draft
        cannot be computed; the case's dates are the service's business)."""
        return compute_compensation(
            self.kind, self.field_of_work, self.extent, self.start_date, self.end_date
        )

    def to_payload(self) -> dict[str, JsonValue]:
        return {
            "kind": self.kind.value,
            "field_of_work": self.field_of_work.value,
            "extent": format(self.extent, "f"),
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> ClaimDraft:
        return cls(
            kind=CompensationKind(str(payload["kind"])),
            field_of_work=FieldOfWork(str(payload["field_of_work"])),
            extent=Decimal(str(payload["extent"])),
            start_date=dt.date.fromisoformat(str(payload["start_date"])),
            end_date=dt.date.fromisoformat(str(payload["end_date"])),
        )

    def describe(self) -> str:
        return (
            f"{self.kind.label} inom {self.field_of_work.label.lower()}, omfattning "
            f"{format_number(self.extent)} %, {self.start_date.isoformat()} – "
            f"{self.end_date.isoformat()}"
        )


def normalised_draft(draft: ClaimDraft) -> ClaimDraft:
    """The draft with each value parsed as the form's text would be (a kind or field by
    code or label, an extent such as ``"37,5"``, dates as ``ÅÅÅÅ-MM-DD``): a malformed
    value is a ValidationError naming its field."""
    return ClaimDraft(
        kind=CompensationKind.parse(draft.kind),
        field_of_work=FieldOfWork.parse(draft.field_of_work),
        extent=parse_extent(draft.extent),
        start_date=parse_date(draft.start_date, "start_date"),
        end_date=parse_date(draft.end_date, "end_date"),
    )


def claim_payload(
    draft: ClaimDraft, case_id: int, case_number: int, amount: Decimal
) -> dict[str, JsonValue]:
    """A claim's pending change: the draft, its case and the amount the service
    computed (what is signed, and what is stored when it is)."""
    return {
        **draft.to_payload(),
        "case_id": case_id,
        "case_number": case_number,
        "amount": format(amount, "f"),
    }


def document_payload(
    document_id: int,
    version: int,
    kind: DocumentType,
    case_id: int,
    case_number: int,
    values: Mapping[str, str],
) -> dict[str, JsonValue]:
    """A document's pending send: which document at which version, and the digest of its
    values (what is signed; signing refuses it if the document changed meanwhile)."""
    return {
        "document_id": document_id,
        "version": version,
        "type": kind.value,
        "case_id": case_id,
        "case_number": case_number,
        "values_digest": values_digest(values),
        "summary": describe_document(kind, case_number, values),
    }


def values_digest(values: Mapping[str, str]) -> str:
    """SHA-256 of a document's values in canonical JSON."""
    return digest_of(canonical_json(dict(values)))


@dataclass(frozen=True, slots=True)
class PendingChange:
    """One unsigned change of an organisation's data."""

    id: int
    organisation_id: int
    kind: ChangeKind
    action: ChangeAction
    #: The id of the changed record; ``None`` for ``NY``.
    target_id: int | None
    payload: Mapping[str, JsonValue]
    created_by_person_id: int
    created_at: dt.datetime
    #: Bumped by every stored update; an update must carry the version it read.
    version: int = 1

    def user_draft(self) -> UserDraft:
        return UserDraft.from_payload(self.payload)

    def contact_draft(self) -> ContactDraft:
        return ContactDraft.from_payload(self.payload)

    def account_draft(self) -> AccountDraft:
        return AccountDraft.from_payload(self.payload)

    def claim_draft(self) -> ClaimDraft:
        return ClaimDraft.from_payload(self.payload)

    @property
    def claim_case_id(self) -> int:
        """The case of a claim's change (0 for other kinds)."""
        return int(str(self.payload.get("case_id") or 0))

    @property
    def claim_amount(self) -> Decimal:
        """The amount of a claim's change, as the service computed it."""
        return Decimal(str(self.payload.get("amount") or "0.00"))

    @property
    def document_id(self) -> int:
        """The document a send is about (0 for other kinds)."""
        return int(str(self.payload.get("document_id") or 0))

    def describe(self) -> str:
        draft: UserDraft | ContactDraft | AccountDraft
        if self.kind is ChangeKind.DOCUMENT:
            kind = DocumentType(str(self.payload.get("type")))
            number = int(str(self.payload.get("case_number") or 0))
            summary = self.payload.get("summary")
            text = str(summary) if summary else describe_document(kind, number, {})
            return f"Skicka handling: {text}"
        if self.kind is ChangeKind.CLAIM:
            return (
                f"{self.action.label}: begäran om ersättning i ärende "
                f"{self.payload.get('case_number')}, {self.claim_draft().describe()}, "
                f"{format_kronor(self.claim_amount)}"
            )
        if self.kind is ChangeKind.USER:
            draft = self.user_draft()
        elif self.kind is ChangeKind.CONTACT:
            draft = self.contact_draft()
        else:
            draft = self.account_draft()
        return f"{self.action.label}: {draft.describe()}"


def change_set_document(
    organisation_id: int, org_number: str, changes: Iterable[PendingChange]
) -> dict[str, Any]:
    """The signed content of a change set: every change, in id order, as plain data."""
    return {
        "organisation": {"id": organisation_id, "org_number": org_number},
        "changes": [
            {
                "id": c.id,
                "kind": c.kind.value,
                "action": c.action.value,
                "target_id": c.target_id,
                "payload": dict(c.payload),
            }
            for c in sorted(changes, key=lambda c: c.id)
        ],
    }


def canonical_json(document: Mapping[str, Any]) -> str:
    """Sorted keys, no whitespace, UTF-8 kept: the same data always gives the same text."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: BankID shows at most 40 000 characters; we stay well below and say how many more.
MAX_VISIBLE_LINES = 40


def visible_summary(organisation_name: str, changes: Sequence[PendingChange]) -> str:
    """The text shown in the BankID app when signing (userVisibleData)."""
    ordered = sorted(changes, key=lambda c: c.id)
    kinds = {c.kind for c in ordered}
    what = "behörigheter" if kinds == {ChangeKind.USER} else "uppgifter"
    lines = [f"Jag signerar följande ändringar av {what} för {organisation_name}:"]
    lines += [f"• {c.describe()}" for c in ordered[:MAX_VISIBLE_LINES]]
    if len(ordered) > MAX_VISIBLE_LINES:
        lines.append(f"… och {len(ordered) - MAX_VISIBLE_LINES} ändringar till.")
    return "\n".join(lines)
