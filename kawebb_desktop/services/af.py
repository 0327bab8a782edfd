"""AF's side of KA Webb: registering and activating agreements, reviewing accounts,
publishing *Nyheter från KA-Webb* (the rules of a news item: ``services/news.py``).

These are Arbetsförmedlingen's administrative functions (DOMAIN.md §1 and §4), not a
municipality's: there is no session and no role. Whoever may call them is decided
outside — ``kawebb agreement …`` and ``kawebb account review`` run in process on a store
the operator can open, and the server's ``/api/v1/af/…`` routes require the AF operator
key (``server/routes_af.py``). Every change is written to the organisation's audit chain
with the actor :data:`AF_ACTOR` (no person id).

Rules:

* Registering creates the organisation (by org.nr, when new), the starting
  behörighetsadministratör as a person (when new; AF registers the name) and the
  agreement. An organisation with an agreement still waiting for activation gets no second
  one (so a repeated request changes nothing). The starting administrator becomes a
  contact person of the organisation (unless one with their name is there) — its
  administrative contact when it has none yet: the agreement names them, and "at start the
  starting behörighetsadministratör is the only contact". That contact keeps the e-mail
  address until activation (an agreement has no column for it).
* Activating gives the starting administrator the organisation's Behörighetsadministratör
  authorization from today (an authorization they already hold there becomes one) and
  sets ``activated_on``; an activated agreement is not activated again.
* An agreement is overdue when it is not activated and more than
  :data:`~kawebb_desktop.domain.entities.AGREEMENT_ACTIVATION_DAYS` days have passed since
  it was received.
* A review sets an account's status, *Senast uppdaterad* (today) and *Uppdaterad av*
  (Arbetsförmedlingen).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kawebb_desktop.domain.compensation import format_kronor
from kawebb_desktop.domain.documents import Document, DocumentEvent, DocumentLine, DocumentStatus
from kawebb_desktop.domain.entities import (
    Account,
    AccountUpdater,
    Agreement,
    Claim,
    ClaimStatus,
    ContactPerson,
    NewsItem,
    Organisation,
    Person,
    User,
)
from kawebb_desktop.domain.errors import Conflict, NotFound, RuleViolation, ValidationError
from kawebb_desktop.domain.messages import msg, term
from kawebb_desktop.domain.queries import MAX_NEWS, check_limit
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress, OrgNumber, Personnummer
from kawebb_desktop.services.claims import check_review_step
from kawebb_desktop.services.common import Env, audit
from kawebb_desktop.services.news import news_item
from kawebb_desktop.store.base import UnitOfWork

#: How the audit trail names AF's operator (there is no person behind the key).
AF_ACTOR = "Arbetsförmedlingen (AF-operatör)"
MAX_NAME = 200


class ReviewStatus(StrEnum):
    """AF's review of an account (*Granskningsstatus*); the value is what is stored."""

    NY = "Ny – ej granskad"
    GODKAND = "Granskad, Godkänd"
    EJ_GODKAND = "Granskad, Ej godkänd"

    @classmethod
    def parse(cls, text: str, field: str = "status") -> ReviewStatus:
        """A status by its value or its short code (``ny``, ``godkand``, ``ej-godkand``)."""
        wanted = " ".join(str(text).split()).casefold()
        for status in cls:
            if wanted in (status.value.casefold(), status.code, _plain(status.code)):
                return status
        choices = ", ".join(f"{s.code} ({s.value})" for s in cls)
        raise ValidationError(
            msg(
                "Okänd granskningsstatus ”{text}”. Möjliga: {choices}.", text=text, choices=choices
            ),
            field,
        )

    @property
    def code(self) -> str:
        return {"NY": "ny", "GODKAND": "godkänd", "EJ_GODKAND": "ej-godkänd"}[self.name]


def _plain(code: str) -> str:
    return code.replace("ä", "a")


@dataclass(frozen=True, slots=True)
class RegisterAgreement:
    """An agreement as AF received it."""

    org_number: OrgNumber
    organisation_name: str
    street_address: str
    postal_code: str
    city: str
    admin_personnummer: Personnummer
    admin_first_name: str
    admin_last_name: str
    admin_email: EmailAddress
    received_on: dt.date
    concerns_new_admin: bool = False

    @classmethod
    def parse(
        cls,
        *,
        org_number: str,
        organisation_name: str,
        street_address: str,
        postal_code: str,
        city: str,
        admin_personnummer: str,
        admin_first_name: str,
        admin_last_name: str,
        admin_email: str,
        received_on: dt.date,
        concerns_new_admin: bool,
        today: dt.date,
    ) -> RegisterAgreement:
        """The agreement from what the operator typed (the CLI) or sent (the server):
        the numbers and the e-mail parsed, each refusal naming its field."""
        return cls(
            org_number=OrgNumber.parse(org_number),
            organisation_name=organisation_name,
            street_address=street_address,
            postal_code=postal_code,
            city=city,
            admin_personnummer=Personnummer.parse(admin_personnummer, today, "admin_personnummer"),
            admin_first_name=admin_first_name,
            admin_last_name=admin_last_name,
            admin_email=EmailAddress.parse(admin_email, "admin_email"),
            received_on=received_on,
            concerns_new_admin=concerns_new_admin,
        )


@dataclass(frozen=True, slots=True)
class AgreementInfo:
    """An agreement with its organisation and the starting administrator's name."""

    agreement: Agreement
    organisation: Organisation
    starting_admin_name: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class Activation:
    agreement: Agreement
    user: User


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """An account as AF's review list shows it: with its organisation."""

    account: Account
    organisation: Organisation


class AgreementsApi(Protocol):
    def register(self, command: RegisterAgreement) -> AgreementInfo: ...
    def activate(self, agreement_id: int, email: EmailAddress | None = None) -> Activation: ...
    def list_agreements(self, *, overdue: bool = False) -> list[AgreementInfo]: ...
    def review_account(
        self, org_number: OrgNumber, account_id: int, status: ReviewStatus
    ) -> Account: ...
    def list_accounts(
        self, org_number: OrgNumber | None = None, status: ReviewStatus | None = None
    ) -> list[AccountInfo]: ...
    def publish_news(self, title: str, text: str, published_on: dt.date) -> NewsItem: ...
    def list_news(self, limit: int = MAX_NEWS) -> list[NewsItem]: ...
    def review_claim(self, org_number: OrgNumber, claim_id: int, status: ClaimStatus) -> Claim: ...
    def review_document(
        self, org_number: OrgNumber, document_id: int, status: DocumentStatus, comment: str = ""
    ) -> Document: ...
    def list_documents(self, org_number: OrgNumber, limit: int = 1000) -> list[DocumentLine]: ...


#: AF's decisions on a sent document.
DOCUMENT_DECISIONS = (DocumentStatus.GODKAND, DocumentStatus.RETURNERAD)
BAD_DOCUMENT_STATUS = "Ange status godkand eller returnerad."
MAX_COMMENT = 2000


def parse_document_decision(text: object) -> DocumentStatus:
    """``godkand`` or ``returnerad`` (or the status's text), in any case."""
    try:
        status = DocumentStatus.parse(text)
    except ValidationError:
        raise ValidationError(BAD_DOCUMENT_STATUS, "status") from None
    if status not in DOCUMENT_DECISIONS:
        raise ValidationError(BAD_DOCUMENT_STATUS, "status")
    return status


def review_comment(text: str, *, required: bool) -> str:
    """AF's comment on a returned document: trimmed, at most 2000 characters, line breaks
    allowed but no other control characters; required when returning."""
    value = str(text).replace("\r\n", "\n").strip()
    if required and not value:
        raise ValidationError(
            "Skriv en kommentar om vad som ska kompletteras när handlingen returneras.",
            "comment",
        )
    if len(value) > MAX_COMMENT:
        raise ValidationError(
            msg("Kommentaren får vara högst {limit} tecken.", limit=MAX_COMMENT),
            "comment",
        )
    if not all(ch == "\n" or ch.isprintable() for ch in value):
        raise ValidationError("Kommentaren innehåller otillåtna tecken.", "comment")
    return value


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value < 2**31


def clean_name(text: str, label: str, field: str, *, required: bool = True) -> str:
    """A name or address line: trimmed, one space between words, printable, ≤ 200."""
    value = " ".join(str(text).split())
    if required and not value:
        raise ValidationError(msg("Ange {label}.", label=label), field)
    if len(value) > MAX_NAME:
        raise ValidationError(
            msg(
                "{label} får vara högst {limit} tecken.",
                label=label.capitalize(),
                limit=MAX_NAME,
            ),
            field,
        )
    if not value.isprintable():
        raise ValidationError(
            msg("{label} innehåller otillåtna tecken.", label=label.capitalize()), field
        )
    return value


_POSTAL = re.compile(r"([0-9]{3}) ?([0-9]{2})")


def parse_postal_code(text: str, field: str = "postal_code") -> str:
    """A Swedish postnummer, stored as ``NNN NN``."""
    value = str(text).strip()
    match = _POSTAL.fullmatch(value)
    if match is None:
        raise ValidationError("Postnumret ska ha fem siffror (NNN NN).", field)
    return f"{match[1]} {match[2]}"


def _overdue(agreement: Agreement, today: dt.date) -> bool:
    return agreement.activated_on is None and today > agreement.activation_due


class AgreementService:
    """The operations behind ``kawebb agreement …``/``kawebb account review`` and the
    server's AF routes."""

    def __init__(self, env: Env) -> None:
        self._store = env.store
        self._clock = env.clock

    # ------------------------------------------------------------------ agreements
    def register(self, command: RegisterAgreement) -> AgreementInfo:
        today = self._clock.today()
        if command.received_on > today:
            raise RuleViolation("Mottagningsdatumet kan inte ligga i framtiden.", "received_on")
        name = clean_name(command.organisation_name, "organisationens namn", "name")
        street = clean_name(command.street_address, "adress", "street_address", required=False)
        postal = parse_postal_code(command.postal_code) if command.postal_code.strip() else ""
        city = clean_name(command.city, "postort", "city", required=False)
        first = clean_name(command.admin_first_name, "förnamn", "first_name")
        last = clean_name(command.admin_last_name, "efternamn", "last_name")
        with self._store.unit_of_work(write=True) as uow:
            organisation = uow.organisations.by_org_number(command.org_number)
            if organisation is None:
                organisation = uow.organisations.add(
                    Organisation(0, command.org_number, name, street, postal, city)
                )
            waiting = [
                a
                for a in uow.agreements.for_organisation(organisation.id)
                if a.activated_on is None
            ]
            if waiting:
                raise Conflict(
                    msg(
                        (
                            "{name} har redan ett avtal som väntar på aktivering (nr {id}, inkom "
                            "{received_on}). Aktivera det först. Ingenting har ändrats."
                        ),
                        name=organisation.name,
                        id=waiting[0].id,
                        received_on=waiting[0].received_on.isoformat(),
                    )
                )
            person = uow.persons.by_personnummer(command.admin_personnummer)
            if person is None:
                person = uow.persons.add(Person(0, command.admin_personnummer, first, last))
            agreement = uow.agreements.add(
                Agreement(
                    0,
                    organisation.id,
                    command.admin_personnummer,
                    received_on=command.received_on,
                    concerns_new_admin=command.concerns_new_admin,
                )
            )
            contacts = uow.contacts.for_organisation(organisation.id)
            if _contact_email(uow, organisation.id, person) is None:
                uow.contacts.add(
                    ContactPerson(
                        0,
                        organisation.id,
                        person.first_name,
                        person.last_name,
                        command.admin_email,
                        administrative=not contacts,
                    )
                )
            new_admin = (
                ", avser ny behörighetsadministratör" if agreement.concerns_new_admin else ""
            )
            audit(
                uow,
                self._clock.now(),
                "Avtal registrerat",
                f"Avtal {agreement.id}, inkom {agreement.received_on.isoformat()}, startande "
                f"behörighetsadministratör {person.full_name}{new_admin}",
                organisation_id=organisation.id,
                bankid_name=AF_ACTOR,
            )
            uow.commit()
        return AgreementInfo(agreement, organisation, person.full_name, _overdue(agreement, today))

    def activate(self, agreement_id: int, email: EmailAddress | None = None) -> Activation:
        today = self._clock.today()
        with self._store.unit_of_work(write=True) as uow:
            agreement, organisation = self._agreement(uow, agreement_id)
            if agreement.activated_on is not None:
                raise Conflict(
                    msg(
                        "Avtal {id} aktiverades redan {activated_on}. Ingenting har ändrats.",
                        id=agreement.id,
                        activated_on=agreement.activated_on.isoformat(),
                    )
                )
            person = uow.persons.by_personnummer(agreement.starting_admin)
            if person is None:  # registered before persons were made at registration
                raise RuleViolation(
                    "Den startande behörighetsadministratören finns inte registrerad. "
                    "Registrera avtalet igen.",
                    "agreement",
                )
            existing = uow.users.find(organisation.id, person.id)
            address = (
                email
                or (existing.email if existing else None)
                or _contact_email(uow, organisation.id, person)
            )
            if address is None:
                raise ValidationError(
                    msg(
                        "Ingen e-postadress är känd för {full_name}. Ange den (--email).",
                        full_name=person.full_name,
                    ),
                    "email",
                )
            if existing is None:
                user = uow.users.add(
                    User(
                        0,
                        organisation.id,
                        person,
                        address,
                        Role.BEHORIGHETSADMINISTRATOR,
                        today,
                        None,
                    )
                )
            else:
                user = uow.users.update(
                    dataclasses.replace(
                        existing,
                        email=address,
                        role=Role.BEHORIGHETSADMINISTRATOR,
                        start_date=min(existing.start_date, today),
                        end_date=None,
                        activates_at=None,
                    )
                )
            agreement = uow.agreements.update(dataclasses.replace(agreement, activated_on=today))
            audit(
                uow,
                self._clock.now(),
                "Avtal aktiverat",
                f"Avtal {agreement.id}: {person.full_name} är behörighetsadministratör från "
                f"{today.isoformat()}",
                organisation_id=organisation.id,
                bankid_name=AF_ACTOR,
            )
            uow.commit()
        return Activation(agreement, user)

    def list_agreements(self, *, overdue: bool = False) -> list[AgreementInfo]:
        """Every agreement (newest received first within each organisation, organisations
        in Swedish order); ``overdue``: only those not activated in time."""
        today = self._clock.today()
        found: list[AgreementInfo] = []
        with self._store.unit_of_work() as uow:
            for organisation in uow.organisations.list_all():
                for agreement in uow.agreements.for_organisation(organisation.id):
                    late = _overdue(agreement, today)
                    if overdue and not late:
                        continue
                    person = uow.persons.by_personnummer(agreement.starting_admin)
                    name = person.full_name if person is not None else ""
                    found.append(AgreementInfo(agreement, organisation, name, late))
        return found

    # ------------------------------------------------------------------ accounts
    def list_accounts(
        self, org_number: OrgNumber | None = None, status: ReviewStatus | None = None
    ) -> list[AccountInfo]:
        """The accounts to review: of one organisation or all (organisations in Swedish
        order, accounts by id), optionally only those with review ``status``."""
        found: list[AccountInfo] = []
        with self._store.unit_of_work() as uow:
            if org_number is None:
                organisations = uow.organisations.list_all()
            else:
                organisation = uow.organisations.by_org_number(org_number)
                if organisation is None:
                    raise NotFound(
                        msg(
                            "Det finns ingen organisation med organisationsnummer {org_number}.",
                            org_number=org_number,
                        )
                    )
                organisations = [organisation]
            for organisation in organisations:
                for account in uow.accounts.for_organisation(organisation.id):
                    if status is None or account.review_status == status.value:
                        found.append(AccountInfo(account, organisation))
        return found

    def review_account(
        self, org_number: OrgNumber, account_id: int, status: ReviewStatus
    ) -> Account:
        with self._store.unit_of_work(write=True) as uow:
            organisation = uow.organisations.by_org_number(org_number)
            if organisation is None:
                raise NotFound(
                    msg(
                        "Det finns ingen organisation med organisationsnummer {org_number}.",
                        org_number=org_number,
                    )
                )
            account = uow.accounts.get(account_id)
            if account is None or account.organisation_id != organisation.id:
                raise NotFound(
                    msg(
                        "{name} har inget konto med nummer {account_id}.",
                        name=organisation.name,
                        account_id=account_id,
                    )
                )
            account = uow.accounts.update(
                dataclasses.replace(
                    account,
                    review_status=status.value,
                    updated_on=self._clock.today(),
                    updated_by=AccountUpdater.ARBETSFORMEDLINGEN,
                )
            )
            audit(
                uow,
                self._clock.now(),
                "Konto granskat",
                f"Konto {account.id} ({account.kind.label} {account.formatted_number}): "
                f"{status.value}",
                organisation_id=organisation.id,
                bankid_name=AF_ACTOR,
            )
            uow.commit()
        return account

    # ------------------------------------------------------------------ claims
    def review_claim(self, org_number: OrgNumber, claim_id: int, status: ClaimStatus) -> Claim:
        """AF's decision on a sent *Begär ersättning*: Inskickad → Godkänd or Avslagen,
        Godkänd → Utbetald (``services/claims.py``)."""
        with self._store.unit_of_work(write=True) as uow:
            organisation = uow.organisations.by_org_number(org_number)
            if organisation is None:
                raise NotFound(
                    msg(
                        "Det finns ingen organisation med organisationsnummer {org_number}.",
                        org_number=org_number,
                    )
                )
            claim = uow.claims.get(claim_id)
            if claim is None or claim.organisation_id != organisation.id:
                raise NotFound(
                    msg(
                        "{name} har ingen begäran om ersättning med nummer {claim_id}.",
                        name=organisation.name,
                        claim_id=claim_id,
                    )
                )
            check_review_step(claim.status, status)
            claim = uow.claims.update(dataclasses.replace(claim, status=status))
            audit(
                uow,
                self._clock.now(),
                "Ersättning granskad",
                f"Begäran om ersättning {claim.id} ({format_kronor(claim.amount)}): {status.value}",
                organisation_id=organisation.id,
                bankid_name=AF_ACTOR,
            )
            uow.commit()
        return claim

    # ------------------------------------------------------------------ documents
    def review_document(
        self, org_number: OrgNumber, document_id: int, status: DocumentStatus, comment: str = ""
    ) -> Document:
        """AF's decision on a sent document: Inskickad → Godkänd, or Returnerad för
        komplettering with a comment that says what to complete."""
        if status not in DOCUMENT_DECISIONS:
            raise ValidationError(BAD_DOCUMENT_STATUS, "status")
        text = review_comment(comment, required=status is DocumentStatus.RETURNERAD)
        now = self._clock.now()
        with self._store.unit_of_work(write=True) as uow:
            organisation = self._organisation(uow, org_number)
            document = uow.documents.get(document_id) if _is_id(document_id) else None
            if document is None or document.organisation_id != organisation.id:
                raise NotFound(
                    msg(
                        "{name} har ingen handling med nummer {document_id}.",
                        name=organisation.name,
                        document_id=document_id,
                    )
                )
            if document.status is not DocumentStatus.INSKICKAD:
                raise RuleViolation(
                    msg(
                        "Handlingen är {label}; bara en inskickad handling kan godkännas eller "
                        "returneras.",
                        label=term(document.status.label.lower()),
                    ),
                    "status",
                )
            document = uow.documents.update(
                dataclasses.replace(
                    document,
                    status=status,
                    decided_at=now,
                    return_comment=text if status is DocumentStatus.RETURNERAD else "",
                )
            )
            uow.documents.add_event(DocumentEvent(0, document.id, status, now, None))
            audit(
                uow,
                now,
                "Handling granskad",
                f"{document.type.label} {document.id}: {status.label}"
                + (f" ({text})" if text else ""),
                organisation_id=organisation.id,
                bankid_name=AF_ACTOR,
            )
            uow.commit()
        return document

    def list_documents(self, org_number: OrgNumber, limit: int = 1000) -> list[DocumentLine]:
        """The organisation's sent documents, newest sent first (at most ``limit``)."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 10_000:
            raise ValidationError("Antalet ska vara mellan 1 och 10000.", "limit")
        with self._store.unit_of_work() as uow:
            organisation = self._organisation(uow, org_number)
            lines, _total = uow.documents.sent(organisation.id, limit)
            return lines

    @staticmethod
    def _organisation(uow: UnitOfWork, org_number: OrgNumber) -> Organisation:
        organisation = uow.organisations.by_org_number(org_number)
        if organisation is None:
            raise NotFound(
                msg(
                    "Det finns ingen organisation med organisationsnummer {org_number}.",
                    org_number=org_number,
                )
            )
        return organisation

    # ------------------------------------------------------------------ news
    def publish_news(self, title: str, text: str, published_on: dt.date) -> NewsItem:
        """Publish an item of *Nyheter från KA-Webb* for every organisation (the rules
        of ``services/news.py``: title and text required and not too long, no control
        characters, the date not in the future)."""
        item = news_item(title, text, published_on, self._clock.today())
        with self._store.unit_of_work(write=True) as uow:
            item = uow.news.add(item)
            audit(
                uow,
                self._clock.now(),
                "Nyhet publicerad",
                f"Nyhet {item.id}, {item.published_on.isoformat()}: {item.title}",
                bankid_name=AF_ACTOR,
            )
            uow.commit()
        return item

    def list_news(self, limit: int = MAX_NEWS) -> list[NewsItem]:
        """The newest ``limit`` (1–100) items, newest first."""
        wanted = check_limit(limit)
        with self._store.unit_of_work() as uow:
            return uow.news.latest(wanted)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _agreement(uow: UnitOfWork, agreement_id: int) -> tuple[Agreement, Organisation]:
        """The agreement (the repository lists them per organisation only)."""
        for organisation in uow.organisations.list_all():
            for agreement in uow.agreements.for_organisation(organisation.id):
                if agreement.id == agreement_id:
                    return agreement, organisation
        raise NotFound(
            msg("Det finns inget avtal med nummer {agreement_id}.", agreement_id=agreement_id)
        )


def _contact_email(uow: UnitOfWork, organisation_id: int, person: Person) -> EmailAddress | None:
    """The e-mail of the organisation's contact person with the person's name (made when
    the agreement was registered)."""
    for contact in uow.contacts.for_organisation(organisation_id):
        if (contact.first_name, contact.last_name) == (person.first_name, person.last_name):
            return contact.email
    return None
