"""The service API: everything the UI may ask of KA Webb, as typed protocols.

Two backends implement it: *local* (the services of this package in process over the
store) and *remote* (``kawebb_desktop.remote``, an HTTP client of ``kawebb serve``, which
runs the very same services). The UI depends on these protocols only and never learns
which backend is behind them.

Identity is never the caller's word. Logging in with BankID yields an opaque session
**token**; every later call carries a :class:`Caller` — the token and the organisation
being worked in — and the services resolve the token to the person, the organisation and
the role from the store on every call.

Commands are small immutable values. Every write carries an idempotency ``key`` (a
retried write with the same key and the same content is applied once and answered the
same; the same key with other content is a ``Conflict``), and every change to an
existing object carries the ``version`` it was read at (a stale version is a
``Conflict``, nothing changed); a change of a user also names the unsigned change of the
user it started from, so that none is ever replaced unseen. Cancelling is idempotent by
nature; logging out revokes the token, so a second logout is refused like any call with a
revoked token.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.audit_chain import Check, ReceiptCheck
from kawebb_desktop.domain.changes import (
    AccountDraft,
    ChangeAction,
    ClaimDraft,
    ContactDraft,
    PendingChange,
    UserDraft,
)
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.compensation import Compensation
from kawebb_desktop.domain.documents import DocumentStatus, DocumentType
from kawebb_desktop.domain.entities import (
    Account,
    Address,
    Agreement,
    AuthorizationStatus,
    Case,
    CaseEvent,
    CaseKind,
    ClaimLine,
    ClaimQuery,
    ContactPerson,
    NewsItem,
    Organisation,
    Person,
    Receipt,
    Unit,
    User,
)
from kawebb_desktop.domain.errors import ValidationError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.domain.queries import CaseQuery, Page, UserQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import OrgNumber, Personnummer
from kawebb_desktop.signing.base import CollectStatus

if TYPE_CHECKING:
    from kawebb_desktop.services.offline_api import OfflineApi


def new_key() -> str:
    """A fresh idempotency key for one write (a retry reuses it)."""
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, as far as the caller can say: a session token and the
    organisation it wants to work in. Checked against the store on every call."""

    token: str
    organisation_id: int


def caller_of(actor: Actor) -> Caller:
    return Caller(actor.token, actor.organisation_id)


# ---------------------------------------------------------------------- login
@dataclass(frozen=True, slots=True)
class OrganisationChoice:
    organisation_id: int
    name: str
    org_number: OrgNumber
    role: Role
    authorization_id: int


@dataclass(frozen=True, slots=True)
class OrderView:
    """What a client needs to show an order: autostart token, QR data, what is signed."""

    order_ref: str
    auto_start_token: str
    started_at: dt.datetime
    summary: str
    change_count: int = 0
    #: The animated QR code's content at start (ask again every second).
    qr_data: str = ""
    #: A signing order's SHA-256 of the change set it signs (the receipt's digest);
    #: empty for a login.
    digest: str = ""


@dataclass(frozen=True, slots=True)
class LoginProgress:
    status: CollectStatus
    hint_code: str | None
    message: str
    qr_data: str = ""
    #: Set once, when complete: the session token (keep it in memory only).
    token: str | None = None
    #: Set when complete: who logged in and where they may work (at least one).
    person: Person | None = None
    choices: tuple[OrganisationChoice, ...] = ()


@dataclass(frozen=True, slots=True)
class Me:
    """``GET /me``: the session's person and their active authorizations."""

    person: Person
    authorizations: tuple[OrganisationChoice, ...]
    #: The idle time after which the session ends (the server's setting in remote mode):
    #: the app locks itself after as long without input.
    session_idle_minutes: float = 30.0
    #: How long after a BankID login this workstation may open the person's offline
    #: replica without the server (the server's setting; issue 11).
    offline_start_max_hours: float = 12.0


class AuthApi(Protocol):
    def start_login(self) -> OrderView: ...
    def login_qr(self, order_ref: str) -> str: ...
    def collect_login(self, order_ref: str) -> LoginProgress:
        """On complete, a session is created and its token returned (once)."""
        ...

    def cancel_login(self, order_ref: str) -> None: ...
    def enter(self, token: str, organisation_id: int) -> Actor:
        """Start (or switch to) working in ``organisation_id``."""
        ...

    def me(self, token: str) -> Me: ...
    def resume(self, login_token: str, token: str, organisation_id: int) -> Actor:
        """Unlock after idle time: ``login_token`` is a fresh login of the same person as
        the session ``token``, which is live again (in ``organisation_id``); the login's
        own session ends. Another person: ``NotAuthorized``, nothing changed."""
        ...

    def logout(self, token: str) -> None: ...


# ---------------------------------------------------------------------- users
@dataclass(frozen=True, slots=True)
class UserRow:
    """A line of *Sökresultat*: the user, where the authorization stands today, and
    whether an unsigned change waits for it."""

    user: User
    status: AuthorizationStatus
    pending: ChangeAction | None
    #: That unsigned change itself, read together with the user: *Ändra…* starts from
    #: its draft, and a command changing the user names it (its id and version).
    pending_change: PendingChange | None = None


class WrapsChange:
    """What every *Ändringar att signera* row shares: the pending change it shows, and
    that change's id, action and version (the commands name them)."""

    __slots__ = ()
    change: PendingChange

    @property
    def id(self) -> int:
        return self.change.id

    @property
    def action(self) -> ChangeAction:
        return self.change.action

    @property
    def version(self) -> int:
        return self.change.version


@dataclass(frozen=True, slots=True)
class PendingUserChange(WrapsChange):
    """A line of *Användare att signera*."""

    change: PendingChange
    draft: UserDraft
    #: The stored user the change concerns (``None`` for Ny).
    current: User | None
    #: Who made (or last edited) the change, named from the store ("" if unknown).
    made_by: str = ""


@dataclass(frozen=True, slots=True)
class CreateUser:
    draft: UserDraft
    key: str = field(default_factory=new_key)


@dataclass(frozen=True, slots=True)
class VersionedId:
    id: int
    version: int


@dataclass(frozen=True, slots=True)
class ChangeUser:
    """*Ändra…*: the user as read (``version``) and the unsigned change of the user the
    form started from (``pending``: its id and version, ``None`` = the user had none).

    With a ``pending`` change the command edits that change. A stored unsigned change
    the command does not name — another admin's, or one made since the form opened —
    is never replaced: that is a ``Conflict`` which names who made it."""

    user_id: int
    version: int
    draft: UserDraft
    key: str = field(default_factory=new_key)
    pending: VersionedId | None = None


@dataclass(frozen=True, slots=True)
class RemoveUser:
    """*Ta bort…*; ``pending`` as in :class:`ChangeUser` (a named unsigned change of the
    user becomes the removal)."""

    user_id: int
    version: int
    key: str = field(default_factory=new_key)
    pending: VersionedId | None = None


@dataclass(frozen=True, slots=True)
class SetEndDate:
    """*Ändra behörighetsperiod* on ``users`` (each as read). ``pending`` names the
    unsigned changes of those users that the caller saw (id and version): the new end
    date is set in them. A chosen user with an unsigned change not named here is a
    ``Conflict``, as in :class:`ChangeUser`."""

    users: tuple[VersionedId, ...]
    end_date: dt.date
    key: str = field(default_factory=new_key)
    pending: tuple[VersionedId, ...] = ()


@dataclass(frozen=True, slots=True)
class EditPending:
    change_id: int
    version: int
    draft: UserDraft
    key: str = field(default_factory=new_key)


@dataclass(frozen=True, slots=True)
class DiscardPending:
    change_id: int
    version: int
    key: str = field(default_factory=new_key)


class UsersApi(Protocol):
    def list_users(self, caller: Caller, query: UserQuery) -> Page[UserRow]: ...
    def get_user(self, caller: Caller, user_id: int) -> User: ...
    def list_pending(self, caller: Caller) -> list[PendingUserChange]: ...
    def registered_person(self, caller: Caller, personnummer: Personnummer) -> Person | None:
        """The person as registered (name from BankID or AF), for the Skapa form."""
        ...

    def validate_draft(self, draft: UserDraft) -> UserDraft:
        """The checks that need no store; the forms validate as you type with them."""
        ...

    def create_user(self, caller: Caller, command: CreateUser) -> PendingUserChange: ...
    def change_user(self, caller: Caller, command: ChangeUser) -> PendingUserChange: ...
    def remove_user(self, caller: Caller, command: RemoveUser) -> PendingUserChange: ...
    def set_end_date(self, caller: Caller, command: SetEndDate) -> list[PendingUserChange]: ...
    def edit_pending(self, caller: Caller, command: EditPending) -> PendingUserChange: ...
    def discard_pending(self, caller: Caller, command: DiscardPending) -> None: ...


# ---------------------------------------------------------------------- signing
@dataclass(frozen=True, slots=True)
class SignProgress:
    status: CollectStatus
    hint_code: str | None
    #: BankID's recommended Swedish text for the state (RFA messages).
    message: str
    receipt: Receipt | None = None
    qr_data: str = ""


@dataclass(frozen=True, slots=True)
class StartSigning:
    """*Signera*: sign the organisation's pending changes — users, contact persons and
    accounts together, one order and one receipt — of every kind the caller's role may
    update (a Behörighetsadministratör: all; a Tjänsteadministratör: contact persons and
    accounts).

    ``changes`` names the change set the user confirmed (each change's id and version):
    the order covers exactly that set, and a pending set that differs from it (a change
    added, edited or discarded since it was read) is a ``Conflict``; nothing is started.
    ``None`` signs whatever is pending (scripts; the app always names its set)."""

    key: str = field(default_factory=new_key)
    changes: tuple[VersionedId, ...] | None = None


@dataclass(frozen=True, slots=True)
class SignPreview:
    """*Granska*: what an order over a change set would sign, computed as
    :meth:`SigningApi.start` computes it (no order is started)."""

    #: The SHA-256 of the change set's canonical JSON: the order's and the receipt's.
    digest: str
    #: The text BankID would show (userVisibleData).
    summary: str
    change_count: int


class SigningApi(Protocol):
    def preview(
        self, caller: Caller, changes: tuple[VersionedId, ...] | None = None
    ) -> SignPreview:
        """The digest and text of the order :meth:`start` would make for ``changes`` now,
        with the same checks (a set that differs from what waits is a ``Conflict``);
        BankID is not asked and nothing is written."""
        ...

    def start(self, caller: Caller, command: StartSigning) -> OrderView:
        """A BankID sign order for the session's own person over the pending set (the
        confirmed set of ``command.changes``, when it is given)."""
        ...

    def qr(self, caller: Caller, order_ref: str) -> str: ...
    def collect(self, caller: Caller, order_ref: str) -> SignProgress: ...
    def cancel(self, caller: Caller, order_ref: str) -> None: ...
    def receipts(
        self, caller: Caller, offset: int = 0, limit: int = 20, search: str = ""
    ) -> Page[Receipt]:
        """*Kvittenser*: the organisation's receipts newest first — those whose every
        change the caller's role may read (the matrix's row of each kind). ``search``:
        each word is a kvittensnummer or a part of the signer's name or the signed text."""
        ...

    def verify_receipt(self, caller: Caller, receipt_id: int) -> ReceiptCheck:
        """*Verifiera*: check a receipt of the organisation against the signing service's
        CA, its change set and the audit chain; needs no secret of any process."""
        ...


# ---------------------------------------------------------------------- reading
@dataclass(frozen=True, slots=True)
class ServiceOffering:
    """One tjänst of the *Tjänsteutbud* and the utförande verksamheter that deliver it
    (with their addresses), as AF registered them."""

    service: str
    #: Ordered by name (Swedish order).
    units: tuple[Unit, ...]


@dataclass(frozen=True, slots=True)
class AgreementView:
    """An *Avtal* as the *Uppgifter* panel shows it: the agreement and the starting
    behörighetsadministratör's name from the store (``""`` when no person with that
    personnummer is registered)."""

    agreement: Agreement
    starting_admin_name: str


@dataclass(frozen=True, slots=True)
class PendingContactChange(WrapsChange):
    """A contact person's line of *Ändringar att signera*."""

    change: PendingChange
    draft: ContactDraft
    #: The stored contact person the change concerns (``None`` for Ny).
    current: ContactPerson | None
    #: Who made (or last edited) the change, named from the store ("" if unknown).
    made_by: str = ""


@dataclass(frozen=True, slots=True)
class PendingAccountChange(WrapsChange):
    """An account's line of *Ändringar att signera*."""

    change: PendingChange
    draft: AccountDraft
    #: The stored account the change concerns (``None`` for Ny).
    current: Account | None
    #: Who made (or last edited) the change, named from the store ("" if unknown).
    made_by: str = ""


@dataclass(frozen=True, slots=True)
class CreateContact:
    """*Skapa* kontaktperson. ``take_over``: the new contact becomes the administrative
    contact in place of the present one (without it, a second administrative contact is
    refused)."""

    draft: ContactDraft
    key: str = field(default_factory=new_key)
    take_over: bool = False


@dataclass(frozen=True, slots=True)
class ChangeContact:
    """The contact person form's *Spara*: the contact as read (``version``) and the
    unsigned change of it the form started from (``pending``), as :class:`ChangeUser`."""

    contact_id: int
    version: int
    draft: ContactDraft
    key: str = field(default_factory=new_key)
    pending: VersionedId | None = None
    take_over: bool = False


@dataclass(frozen=True, slots=True)
class RemoveContact:
    contact_id: int
    version: int
    key: str = field(default_factory=new_key)
    pending: VersionedId | None = None


@dataclass(frozen=True, slots=True)
class EditPendingContact:
    """The magnifier on a contact person's line of *Ändringar att signera*."""

    change_id: int
    version: int
    draft: ContactDraft
    key: str = field(default_factory=new_key)
    take_over: bool = False


@dataclass(frozen=True, slots=True)
class CreateAccount:
    """*Skapa* konto. ``take_over``: the new account becomes the standard account in place
    of the present one (without it, a second standard account is refused)."""

    draft: AccountDraft
    key: str = field(default_factory=new_key)
    take_over: bool = False


@dataclass(frozen=True, slots=True)
class ChangeAccount:
    account_id: int
    version: int
    draft: AccountDraft
    key: str = field(default_factory=new_key)
    pending: VersionedId | None = None
    take_over: bool = False


@dataclass(frozen=True, slots=True)
class RemoveAccount:
    account_id: int
    version: int
    key: str = field(default_factory=new_key)
    pending: VersionedId | None = None


@dataclass(frozen=True, slots=True)
class EditPendingAccount:
    change_id: int
    version: int
    draft: AccountDraft
    key: str = field(default_factory=new_key)
    take_over: bool = False


class OrganisationsApi(Protocol):
    def organisation(self, caller: Caller) -> Organisation: ...
    def units(self, caller: Caller) -> list[Unit]: ...
    def contacts(self, caller: Caller) -> list[ContactPerson]:
        """*Kontaktpersoner* as stored (signed), by last name then first name."""
        ...

    def accounts(self, caller: Caller) -> list[Account]:
        """*Konton* as stored (signed), in id order."""
        ...

    def addresses(self, caller: Caller) -> list[Address]:
        """The addresses a contact person may be contact for: the organisation's own and
        its units', each once, sorted."""
        ...

    # Changes of contact persons (``Kontaktperson`` ●) and accounts (``Kontoinformation``
    # ●) become pending changes, signed with the users' in one set (rule 5).
    def pending_contacts(self, caller: Caller) -> list[PendingContactChange]: ...
    def pending_accounts(self, caller: Caller) -> list[PendingAccountChange]: ...
    def create_contact(self, caller: Caller, command: CreateContact) -> PendingContactChange: ...
    def change_contact(self, caller: Caller, command: ChangeContact) -> PendingContactChange: ...
    def remove_contact(self, caller: Caller, command: RemoveContact) -> PendingContactChange: ...
    def edit_pending_contact(
        self, caller: Caller, command: EditPendingContact
    ) -> PendingContactChange: ...
    def create_account(self, caller: Caller, command: CreateAccount) -> PendingAccountChange: ...
    def change_account(self, caller: Caller, command: ChangeAccount) -> PendingAccountChange: ...
    def remove_account(self, caller: Caller, command: RemoveAccount) -> PendingAccountChange: ...
    def edit_pending_account(
        self, caller: Caller, command: EditPendingAccount
    ) -> PendingAccountChange: ...
    def discard_pending(self, caller: Caller, command: DiscardPending) -> None:
        """The red cross on a contact person's or an account's line."""
        ...

    def service_offering(self, caller: Caller) -> list[ServiceOffering]:
        """*Tjänsteutbud*: the organisation's services in Swedish order, each with its
        units; needs read access to *Utförande verksamhet*."""
        ...

    def agreements(self, caller: Caller) -> list[AgreementView]:
        """The organisation's agreements with AF, newest received first; needs read
        access to *Kontaktperson* (what *Uppgifter* shows)."""
        ...


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """One case as its detail view shows it: the case, its utförande verksamhet and
    the event history, newest first."""

    case: Case
    unit_name: str
    #: The unit's kind: which documents (handlingar) the case has.
    case_kind: CaseKind
    events: tuple[CaseEvent, ...] = ()


class CasesApi(Protocol):
    def list_cases(self, caller: Caller, query: CaseQuery) -> Page[Case]:
        """One page of a unit's cases. Its ``total`` may be a lower bound (``total_exact``
        false: a search is counted only a little past the page); :meth:`count_cases`
        gives the exact number."""
        ...

    def count_cases(self, caller: Caller, query: CaseQuery) -> int:
        """How many cases ``query`` lists, exactly (its sort, offset and limit aside):
        asked after the first page, on a worker, since at a million cases it may take
        a while. The same access and errors as :meth:`list_cases`."""
        ...

    def get_case(self, caller: Caller, case_id: int) -> CaseDetail:
        """A case of the caller's organisation (read access to *Hantera handlingar*);
        another organisation's case id is NotFound."""
        ...


class NewsApi(Protocol):
    def news(self, caller: Caller, limit: int = 10) -> list[NewsItem]:
        """*Nyheter från KA-Webb*: the newest ``limit`` (1–100) items AF published,
        newest first; any active role of any organisation may read them."""
        ...


# ---------------------------------------------------------------------- claims
@dataclass(frozen=True, slots=True)
class PendingClaimChange(WrapsChange):
    """A *Begär ersättning* waiting in *Ändringar att signera*: the draft, its case and
    the amount the service computed (what is signed, and stored once it is)."""

    change: PendingChange
    draft: ClaimDraft
    case_id: int
    case_number: int
    #: The case's person ("" if the case is gone).
    person_name: str
    amount: Decimal
    #: Who made the change, named from the store ("" if unknown).
    made_by: str = ""


@dataclass(frozen=True, slots=True)
class ClaimList:
    """*Begärda ersättningar*: one page of the lines, and the sum of the amounts of every
    claim the filter matches (the total row)."""

    page: Page[ClaimLine]
    total_amount: Decimal


@dataclass(frozen=True, slots=True)
class CreateClaim:
    """*Begär ersättning* for the ersättningsärende ``case_id``: a pending change (Ny),
    sent when the organisation's changes are signed. The amount is computed by the
    service from the draft."""

    case_id: int
    draft: ClaimDraft
    key: str = field(default_factory=new_key)


class ClaimsApi(Protocol):
    def claims(self, caller: Caller, query: ClaimQuery) -> ClaimList:
        """*Begärda ersättningar*: the organisation's sent claims, newest first, with
        their case numbers and persons and the filter's total amount (read access to
        *Uppföljning begärda ersättningar*); a case of another organisation is NotFound."""
        ...

    def pending_claims(self, caller: Caller) -> list[PendingClaimChange]:
        """The organisation's unsigned claims (read access to *Begära ersättning*)."""
        ...

    def preview_claim(self, caller: Caller, case_id: int, draft: ClaimDraft) -> Compensation:
        """What :meth:`create_claim` would request, with every check it makes (the case,
        its dates, the periods already requested or waiting), and nothing saved."""
        ...

    def create_claim(self, caller: Caller, command: CreateClaim) -> PendingClaimChange:
        """*Skicka*: a pending change (``Begära ersättning`` ●), checked and computed;
        a period overlapping one already requested or waiting, outside the case's dates
        or longer than a year, a huvudärende or a closed case is a RuleViolation."""
        ...


# ---------------------------------------------------------------------- documents
@dataclass(frozen=True, slots=True)
class DocumentView:
    """A handling of a case as its form shows it. ``values`` are the normalised field
    values (``domain.documents.document_fields`` names them); ``waiting_change_id`` is the
    pending send of it, if one waits to be signed (the document is then not editable)."""

    id: int
    case_id: int
    case_number: int
    type: DocumentType
    status: DocumentStatus
    values: Mapping[str, str]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    #: Who last changed it, named from the store ("" if unknown).
    updated_by: str = ""
    sent_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    #: AF's comment when it returned the document for completion.
    return_comment: str = ""
    waiting_change_id: int | None = None

    @property
    def is_editable(self) -> bool:
        return self.status.is_editable and self.waiting_change_id is None


@dataclass(frozen=True, slots=True)
class SaveDocument:
    """*Spara utkast*: a new draft of ``type`` in ``case_id`` (``document_id`` None), or
    the draft or returned document ``document_id`` at ``version``, with new ``values``."""

    case_id: int
    type: DocumentType
    values: Mapping[str, str]
    document_id: int | None = None
    version: int | None = None
    key: str = field(default_factory=new_key)


@dataclass(frozen=True, slots=True)
class DiscardDocument:
    """*Ta bort utkast*: only a draft never sent (Utkast) can be discarded."""

    document_id: int
    version: int
    key: str = field(default_factory=new_key)


@dataclass(frozen=True, slots=True)
class SendDocument:
    """*Skicka*: the document at ``version`` waits in *Ändringar att signera* (kind
    ``handling``) and is sent when the organisation's changes are signed."""

    document_id: int
    version: int
    key: str = field(default_factory=new_key)


@dataclass(frozen=True, slots=True)
class PendingDocumentChange(WrapsChange):
    """A send of a document waiting to be signed."""

    change: PendingChange
    document_id: int
    type: DocumentType
    case_id: int
    case_number: int
    #: The case's person ("" if the case is gone).
    person_name: str
    #: Who made the change, named from the store ("" if unknown).
    made_by: str = ""


@dataclass(frozen=True, slots=True)
class StatusRow:
    """One sent document in *Statusöversikt*."""

    document_id: int
    case_id: int
    case_number: int
    person_name: str
    type: DocumentType
    status: DocumentStatus
    sent_at: dt.datetime
    decided_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class StatusCount:
    """How many documents reached ``status`` in the month starting ``month``."""

    month: dt.date
    status: DocumentStatus
    count: int


@dataclass(frozen=True, slots=True)
class StatusOverview:
    """*Statusöversikt*: the sent documents newest first (at most the limit asked for;
    ``total`` counts them all) and, for the chart, the counts per month and status of
    every send and decision (from the documents' history), oldest month first."""

    rows: tuple[StatusRow, ...]
    total: int
    counts: tuple[StatusCount, ...]


class DocumentsApi(Protocol):
    def documents(self, caller: Caller, case_id: int) -> list[DocumentView]:
        """The documents of a case of the caller's organisation (read access to *Hantera
        handlingar*), in the order of the case kind's types, then oldest first; another
        organisation's case is NotFound."""
        ...

    def get_document(self, caller: Caller, document_id: int) -> DocumentView:
        """One document (as :meth:`documents`); another organisation's is NotFound."""
        ...

    def save_draft(self, caller: Caller, command: SaveDocument) -> DocumentView:
        """Create or update a draft (write access to the type's row of the matrix); the
        values filled are checked (RuleViolation/InvalidDraft at their fields; a draft
        may leave required fields empty, a send may not), a stale version
        is a Conflict, a sent or approved document or one waiting to be signed is a
        RuleViolation, and a closed case takes no new document."""
        ...

    def discard_draft(self, caller: Caller, command: DiscardDocument) -> None:
        """Delete a draft that was never sent (status Utkast, nothing waiting)."""
        ...

    def send_document(self, caller: Caller, command: SendDocument) -> PendingDocumentChange:
        """A pending change (kind ``handling``) that sends the document when signed; the
        values are checked again, complete (each empty required field a RuleViolation
        ``Ange …`` at its field), and the case must be open. Signing sets it Inskickad
        if its version still matches."""
        ...

    def pending_documents(self, caller: Caller) -> list[PendingDocumentChange]:
        """The organisation's sends waiting to be signed (read access to *Hantera
        handlingar*)."""
        ...

    def status_overview(self, caller: Caller, limit: int = 1000) -> StatusOverview:
        """*Statusöversikt* of the caller's organisation (read access to *Hantera
        handlingar*); ``limit`` 1–10 000 rows."""
        ...


# ---------------------------------------------------------------------- demo
@dataclass(frozen=True, slots=True)
class TestPerson:
    """Somebody whose simulated BankID the demo's phone can be."""

    __test__ = False  # not a pytest test class

    personnummer: str
    name: str


class DemoPhone(Protocol):
    """The simulated BankID app of a demo store: only a demo backend has one."""

    def people(self) -> list[TestPerson]: ...
    def approve(self, order_ref: str, personnummer: str | None = None) -> None:
        """The phone approves the order now, as ``personnummer`` (default: the person
        the order is for). An order that already ended is left as it is."""
        ...


# ---------------------------------------------------------------------- sync (issue 11)
#: The two change feeds a replica follows: its organisation's, and the global one (news
#: and whatever belongs to no organisation).
FEED_ORGANISATION = "organisation"
FEED_GLOBAL = "global"


@dataclass(frozen=True, slots=True)
class FeedEntity:
    """One replicated object as the server has it now: an aggregate root and its child
    rows, as the store's rows (table name → rows; a row is column name → JSON value:
    dates and times ISO 8601, ``Decimal`` as text, bytes base64). ``rows`` is empty for
    a deleted object (a tombstone)."""

    #: The root's table, e.g. ``"pending_changes"``, ``"cases"``.
    kind: str
    entity_id: int
    #: The feed's sequence number of the object's latest change.
    seq: int
    rows: Mapping[str, tuple[Mapping[str, object], ...]] = field(default_factory=dict)

    @property
    def deleted(self) -> bool:
        return not self.rows


@dataclass(frozen=True, slots=True)
class FeedPage:
    """What changed after ``since``, oldest first: each object at most once, as it is
    now. ``since=0`` is everything the caller may see (the initial pull)."""

    #: The store's schema revision: a replica of another revision must be rebuilt.
    schema: str
    entities: tuple[FeedEntity, ...]
    #: Ask again with ``since=cursor``.
    cursor: int
    #: More changes after ``cursor`` already exist.
    more: bool


#: The most entries one page of a feed may ask for.
MAX_FEED_LIMIT = 5000
#: The largest position in a feed (its numbers are 64-bit).
MAX_FEED_SEQ = 2**63 - 1

BAD_FEED_LIMIT = msg("Ange hur många ändringar som ska hämtas: 1–{limit}.", limit=MAX_FEED_LIMIT)
BAD_FEED_SINCE = "Positionen i ändringsflödet måste vara 0 eller ett senare heltal."
BAD_FEED = msg(
    "Okänt ändringsflöde. Välj ”{organisation}” (organisationens) eller ”{news}” (nyheterna).",
    organisation=FEED_ORGANISATION,
    news=FEED_GLOBAL,
)


def check_feed_request(feed: str, since: int, limit: int) -> None:
    """Refuse a request no feed can answer (the remote client asks this before the
    wire, so that every backend refuses with the same words)."""
    if feed not in (FEED_ORGANISATION, FEED_GLOBAL):
        raise ValidationError(BAD_FEED, "feed")
    if isinstance(since, bool) or not isinstance(since, int) or not 0 <= since <= MAX_FEED_SEQ:
        raise ValidationError(BAD_FEED_SINCE, "since")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_FEED_LIMIT:
        raise ValidationError(BAD_FEED_LIMIT, "limit")


#: The most commands one push (:meth:`SyncApi.push`) carries.
MAX_PUSH = 200
BAD_PUSH_COUNT = msg(
    "En synkronisering ska innehålla mellan 1 och {limit} ändringar.", limit=MAX_PUSH
)


@dataclass(frozen=True, slots=True)
class PushCommand:
    """One queued write for :meth:`SyncApi.push`: ``type`` names the write of the service
    API as ``api.method`` (``"documents.save_draft"``, as the outbox names it), ``command``
    is its command as JSON and ``key`` its idempotency key."""

    type: str
    key: str
    command: object


@dataclass(frozen=True, slots=True)
class PushError:
    """Why one pushed command was refused: ``code`` as the server's error bodies name it
    (``forbidden``, ``not_found``, ``conflict``, ``invalid``, ``rule``), in Swedish."""

    code: str
    message: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class PushResult:
    """The answer to one pushed command: applied (``answer``, the write's answer as
    JSON; ``None`` for a write that answers nothing) or refused (``error``)."""

    key: str
    ok: bool
    answer: object = None
    error: PushError | None = None


class SyncApi(Protocol):
    def push(self, caller: Caller, commands: list[PushCommand]) -> list[PushResult]:
        """Apply ``commands`` in order, each as its own write would (the same checks, its
        own transaction and idempotency key: a repeat gets the stored answer); one
        refusal does not undo the others. A session that ended, or a store that cannot
        be reached, stops the push (an error): what was applied before stays applied."""
        ...

    def changes(self, caller: Caller, feed: str, since: int, limit: int = 1000) -> FeedPage:
        """The caller's organisation's feed (``FEED_ORGANISATION``) or the global one
        (``FEED_GLOBAL``) after ``since``, filtered by what the caller's role may read."""
        ...


# ---------------------------------------------------------------------- bundle
@dataclass(frozen=True, slots=True)
class Services:
    """Everything the UI may call, built once by the composition root."""

    clock: Clock
    auth: AuthApi
    users: UsersApi
    signing: SigningApi
    organisations: OrganisationsApi
    cases: CasesApi
    news: NewsApi
    claims: ClaimsApi
    documents: DocumentsApi
    #: The change feeds of the offline replicas (issue 11).
    sync: SyncApi
    #: Where the data is, for the status bar (no secrets).
    description: str
    #: "BankID" or "BankID (simulator)".
    signer_name: str
    #: Only on demo stores: the simulated phone (the login screen's test person).
    demo_phone: DemoPhone | None = None
    #: Only with the offline backend: the sync's state and the outbox (issue 11).
    offline: OfflineApi | None = None


#: Events this recent are shown in bold (guide §5.1: "den senaste veckan").
RECENT = dt.timedelta(days=7)


def recent_since(clock: Clock) -> dt.date:
    """Cases whose latest event is on or after this date are shown in bold."""
    return clock.today() - RECENT


__all__ = [
    "BAD_PUSH_COUNT",
    "FEED_GLOBAL",
    "FEED_ORGANISATION",
    "MAX_FEED_LIMIT",
    "MAX_FEED_SEQ",
    "MAX_PUSH",
    "AgreementView",
    "AuthApi",
    "Caller",
    "CaseDetail",
    "CasesApi",
    "ChangeAccount",
    "ChangeContact",
    "ChangeUser",
    "Check",
    "ClaimList",
    "ClaimsApi",
    "CreateAccount",
    "CreateClaim",
    "CreateContact",
    "CreateUser",
    "DemoPhone",
    "DiscardDocument",
    "DiscardPending",
    "DocumentView",
    "DocumentsApi",
    "EditPending",
    "EditPendingAccount",
    "EditPendingContact",
    "FeedEntity",
    "FeedPage",
    "LoginProgress",
    "Me",
    "NewsApi",
    "OrderView",
    "OrganisationChoice",
    "OrganisationsApi",
    "PendingAccountChange",
    "PendingClaimChange",
    "PendingContactChange",
    "PendingDocumentChange",
    "PendingUserChange",
    "PushCommand",
    "PushError",
    "PushResult",
    "ReceiptCheck",
    "RemoveAccount",
    "RemoveContact",
    "RemoveUser",
    "SaveDocument",
    "SendDocument",
    "ServiceOffering",
    "Services",
    "SetEndDate",
    "SignPreview",
    "SignProgress",
    "SigningApi",
    "StartSigning",
    "StatusCount",
    "StatusOverview",
    "StatusRow",
    "SyncApi",
    "TestPerson",
    "UserRow",
    "UsersApi",
    "VersionedId",
    "WrapsChange",
    "caller_of",
    "check_feed_request",
    "new_key",
    "recent_since",
]
