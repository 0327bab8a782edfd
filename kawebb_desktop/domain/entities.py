"""Entities of KA Webb as immutable values (DOMAIN.md §1–§6).

Repositories return these; nothing outside the store ever holds a live ORM object.
Identifiers are integers assigned by the store; ``0`` means "not stored yet".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kawebb_desktop.domain.compensation import CompensationKind, FieldOfWork, Period
from kawebb_desktop.domain.errors import ValidationError
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import (
    AccountKind,
    EmailAddress,
    OrgNumber,
    Personnummer,
    phone_text,
    stored_account_number,
)

#: AF activates a new agreement within this many days of receiving it.
AGREEMENT_ACTIVATION_DAYS = 14


@dataclass(frozen=True, slots=True)
class Organisation:
    """A leverantör; here a kommun."""

    id: int
    org_number: OrgNumber
    name: str
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    fax: str = ""
    website: str = ""

    @property
    def postal_address(self) -> str:
        return f"{self.postal_code} {self.city}".strip()


class CaseKind(StrEnum):
    """What a utförande verksamhet handles: main cases or compensation cases."""

    HUVUDARENDE = "huvudarende"
    ERSATTNINGSARENDE = "ersattningsarende"

    @property
    def label(self) -> str:
        return "Huvudärenden" if self is CaseKind.HUVUDARENDE else "Ersättningsärenden"


@dataclass(frozen=True, slots=True)
class Unit:
    """An utförande verksamhet (performing unit) of an organisation."""

    id: int
    organisation_id: int
    name: str
    case_kind: CaseKind
    street_address: str = ""
    postal_code: str = ""
    city: str = ""


@dataclass(frozen=True, slots=True)
class Service:
    """A tjänst of an organisation's *Tjänsteutbud* as AF registered it (e.g.
    "Utbildningskontrakt – studier"), and the utförande verksamheter that deliver it."""

    id: int
    organisation_id: int
    name: str
    #: The delivering units (of the same organisation), in id order.
    unit_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Agreement:
    """ "Avtal om behörighet till webbstödet för utbildningskontrakt"."""

    id: int
    organisation_id: int
    starting_admin: Personnummer
    received_on: dt.date
    activated_on: dt.date | None = None
    concerns_new_admin: bool = False

    @property
    def activation_due(self) -> dt.date:
        return self.received_on + dt.timedelta(days=AGREEMENT_ACTIVATION_DAYS)


@dataclass(frozen=True, slots=True)
class Person:
    """A natural person, identified by personnummer across organisations."""

    id: int
    personnummer: Personnummer
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class AuthorizationStatus(StrEnum):
    """Where an authorization stands today; derived, never stored."""

    AKTIV = "Aktiv"
    VANTAR_PA_AKTIVERING = "Väntar på aktivering"
    EJ_PABORJAD = "Ej påbörjad"
    UTGANGEN = "Utgången"


@dataclass(frozen=True, slots=True)
class User:
    """An användare: one person's authorization in one organisation."""

    id: int
    organisation_id: int
    person: Person
    email: EmailAddress
    role: Role
    start_date: dt.date
    end_date: dt.date | None
    #: Set when a signed "Ny" is waiting for AF to activate it; ``None`` = no wait.
    activates_at: dt.datetime | None = None
    version: int = 1

    @property
    def first_name(self) -> str:
        return self.person.first_name

    @property
    def last_name(self) -> str:
        return self.person.last_name

    @property
    def full_name(self) -> str:
        return self.person.full_name

    @property
    def personnummer(self) -> Personnummer:
        return self.person.personnummer

    def status(self, now: dt.datetime, today: dt.date) -> AuthorizationStatus:
        if self.end_date is not None and today > self.end_date:
            return AuthorizationStatus.UTGANGEN
        if self.activates_at is not None and now < self.activates_at:
            return AuthorizationStatus.VANTAR_PA_AKTIVERING
        if today < self.start_date:
            return AuthorizationStatus.EJ_PABORJAD
        return AuthorizationStatus.AKTIV

    def is_active(self, now: dt.datetime, today: dt.date) -> bool:
        """Rule 1: start ≤ today ≤ end (or no end), and activated."""
        return self.status(now, today) is AuthorizationStatus.AKTIV


@dataclass(frozen=True, slots=True, order=True)
class Address:
    """A postal address of the organisation or of one of its units."""

    street_address: str
    postal_code: str
    city: str

    @property
    def text(self) -> str:
        postal = f"{self.postal_code} {self.city}".strip()
        return ", ".join(p for p in (self.street_address, postal) if p)


def address_of(unit: Unit | Organisation) -> Address:
    return Address(unit.street_address, unit.postal_code, unit.city)


@dataclass(frozen=True, slots=True)
class ContactPerson:
    """A kontaktperson of the organisation (*Uppgifter > Kontaktpersoner*)."""

    id: int
    organisation_id: int
    first_name: str
    last_name: str
    email: EmailAddress
    #: Normalised (``PhoneNumber.value``, E.164) or ``""``; see :attr:`phone1_text`.
    phone1: str = ""
    phone2: str = ""
    #: The utförande verksamheter the person is contact for, in id order.
    unit_ids: tuple[int, ...] = ()
    #: The addresses the person is contact for, sorted.
    addresses: tuple[Address, ...] = ()
    #: The municipality's one administrative contact.
    administrative: bool = False
    version: int = 1

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def unit_count(self) -> int:
        return len(self.unit_ids)

    @property
    def address_count(self) -> int:
        return len(self.addresses)

    @property
    def phone1_text(self) -> str:
        return phone_text(self.phone1)

    @property
    def phone2_text(self) -> str:
        return phone_text(self.phone2)


class AccountUpdater(StrEnum):
    LEVERANTOR = "Leverantör"
    ARBETSFORMEDLINGEN = "Arbetsförmedlingen"


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    organisation_id: int
    kind: AccountKind
    number: str
    review_status: str
    updated_on: dt.date
    updated_by: AccountUpdater
    #: The utförande verksamheter the account serves, in id order (at least one).
    unit_ids: tuple[int, ...] = ()
    #: *Standardkonto*: exactly one account of an organisation is.
    is_default: bool = False
    version: int = 1

    @property
    def unit_count(self) -> int:
        return len(self.unit_ids)

    @property
    def formatted_number(self) -> str:
        """The number as people write it; as stored if it is no longer valid (never raises)."""
        try:
            return stored_account_number(self.kind, self.number).formatted
        except ValidationError:
            return self.number


class CaseStatus(StrEnum):
    PABORJAD = "Påbörjad"
    PLANERING = "Planering"
    OVERENSKOMMELSE = "Överenskommelse"
    AVSLUTAD = "Avslutad"

    @property
    def is_closed(self) -> bool:
        return self is CaseStatus.AVSLUTAD


@dataclass(frozen=True, slots=True)
class Case:
    """An ärende, with the fields the Översikt list shows."""

    id: int
    organisation_id: int
    unit_id: int
    case_number: int
    first_name: str
    last_name: str
    personnummer: Personnummer
    status: CaseStatus
    start_date: dt.date
    end_date: dt.date | None
    last_event: str
    last_event_on: dt.date


@dataclass(frozen=True, slots=True)
class CaseEvent:
    id: int
    case_id: int
    occurred_on: dt.date
    text: str


@dataclass(frozen=True, slots=True)
class Receipt:
    """A kvittens: proof of who signed what, when, with the signature data."""

    id: int
    organisation_id: int
    order_ref: str
    signed_at: dt.datetime
    signer_person_id: int
    signer_name: str
    signer_personnummer: Personnummer
    summary: str
    #: The canonical JSON of the change set that was signed.
    document: str
    #: SHA-256 (hex) of ``document``; sent to BankID as userNonVisibleData.
    digest: str
    signature: str
    ocsp_response: str
    change_count: int
    #: The receipt's place in its organisation's audit chain (``domain/audit_chain.py``),
    #: set by the store when it is added: 1, 2, … shared with the audit entries.
    chain_seq: int = 0
    #: The chain's head when the receipt was made (the hash of the link before it).
    prev_hash: str = ""
    #: SHA-256 of the receipt's fields, ``chain_seq`` and ``prev_hash``.
    hash: str = ""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    organisation_id: int | None
    at: dt.datetime
    actor_person_id: int | None
    actor_name: str
    action: str
    details: str
    #: The entry's place in its chain (its organisation's; chain 0 for entries of none),
    #: set by the store when it is added (see ``domain/audit_chain.py``).
    seq: int = 0
    #: The hash of the link before it in the chain (``audit_chain.GENESIS`` for the first).
    prev_hash: str = ""
    #: SHA-256 of the entry's fields, ``seq`` and ``prev_hash``.
    hash: str = ""


#: A news item's title and text at most this long (characters).
NEWS_TITLE_MAX = 200
NEWS_TEXT_MAX = 4000


@dataclass(frozen=True, slots=True)
class NewsItem:
    """An item of *Nyheter från KA-Webb*: published by AF for every municipality."""

    id: int
    title: str
    text: str
    published_on: dt.date


class ClaimStatus(StrEnum):
    """Where a sent *Begär ersättning* stands: AF approves or rejects it, then pays."""

    INSKICKAD = "Inskickad"
    GODKAND = "Godkänd"
    AVSLAGEN = "Avslagen"
    UTBETALD = "Utbetald"


@dataclass(frozen=True, slots=True)
class Claim:
    """A begäran om ersättning that was signed and sent, in an ersättningsärende
    (*Begärda ersättningar*). ``amount`` is what the service computed with
    :func:`~kawebb_desktop.domain.compensation.compute_compensation` (kronor, two
    decimals); the period's days are both included."""

    id: int
    organisation_id: int
    case_id: int
    kind: CompensationKind
    field_of_work: FieldOfWork
    extent: Decimal
    start_date: dt.date
    end_date: dt.date
    amount: Decimal
    status: ClaimStatus
    submitted_on: dt.date
    version: int = 1

    @property
    def period(self) -> Period:
        return Period(self.start_date, self.end_date)


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """A line of *Begärda ersättningar*: the claim with its case's number and person."""

    claim: Claim
    case_number: int
    first_name: str
    last_name: str

    @property
    def person_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


#: The most lines one page of *Begärda ersättningar* has.
MAX_CLAIM_PAGE = 500


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """*Begärda ersättningar* of one organisation, newest first (submitted on, then id),
    optionally only those of one status or of one case."""

    status: ClaimStatus | None = None
    case_id: int | None = None
    offset: int = 0
    limit: int = 50

    def __post_init__(self) -> None:
        if self.offset < 0:
            raise ValueError("offset must be >= 0")
        if not 1 <= self.limit <= MAX_CLAIM_PAGE:
            raise ValueError(f"limit must be within 1..{MAX_CLAIM_PAGE}")
