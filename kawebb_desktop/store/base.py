"""The store seam: ``Store`` → ``UnitOfWork`` → repositories.

Services depend on these protocols only; backends (``store/sql`` on SQLite or
PostgreSQL, later ``store/remote`` and ``store/offline``) implement them, and one
contract suite (``tests/store``) holds every backend to the same behaviour.

Conventions every backend keeps:

* Repositories take and return immutable domain objects; ``id == 0`` means "not stored"
  and ``add`` returns the object with the id the store assigned.
* A unit of work is a context manager that **rolls back unless** :meth:`UnitOfWork.commit`
  was called; nothing is visible to other units of work before commit.
* ``update`` of a :class:`~kawebb_desktop.domain.entities.User` checks its ``version``
  and raises :class:`~kawebb_desktop.domain.errors.Conflict` when it changed meanwhile.
* ``get`` returns ``None`` for an unknown id; ``remove`` of an unknown id raises
  :class:`~kawebb_desktop.domain.errors.NotFound`.
* Lists are paged, sorted and filtered by the backend (``page`` methods), with a stable
  tie-break on id so that paging never shows a row twice or skips one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import TracebackType
from typing import Protocol, Self

from kawebb_desktop.domain.audit_chain import ChainHead, Link
from kawebb_desktop.domain.changes import ChangeKind, PendingChange
from kawebb_desktop.domain.documents import (
    Document,
    DocumentEvent,
    DocumentLine,
    DocumentStatus,
)
from kawebb_desktop.domain.entities import (
    Account,
    Agreement,
    AuditEntry,
    Case,
    CaseEvent,
    Claim,
    ClaimLine,
    ClaimQuery,
    ContactPerson,
    NewsItem,
    Organisation,
    Person,
    Receipt,
    Service,
    Unit,
    User,
)
from kawebb_desktop.domain.orders import SigningOrder
from kawebb_desktop.domain.queries import CaseQuery, Page, UserQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.sessions import IdempotencyRecord, Resolved, Session
from kawebb_desktop.domain.values import OrgNumber, Personnummer


class OrganisationRepository(Protocol):
    def add(self, organisation: Organisation) -> Organisation: ...
    def get(self, organisation_id: int) -> Organisation | None: ...
    def by_org_number(self, org_number: OrgNumber) -> Organisation | None: ...
    def update(self, organisation: Organisation) -> Organisation: ...
    def list_all(self) -> list[Organisation]:
        """Every organisation, ordered by name (Swedish order)."""
        ...


class UnitRepository(Protocol):
    def add(self, unit: Unit) -> Unit: ...
    def get(self, unit_id: int) -> Unit | None: ...
    def for_organisation(self, organisation_id: int) -> list[Unit]:
        """Ordered by name (Swedish order)."""
        ...


class ServiceRepository(Protocol):
    def add(self, service: Service) -> Service:
        """Refused (``NotFound``) when a unit is not the organisation's, (``Conflict``)
        when the organisation already has a service of that name."""
        ...

    def for_organisation(self, organisation_id: int) -> list[Service]:
        """Ordered by name (Swedish order); each with its units' ids in id order."""
        ...


class AgreementRepository(Protocol):
    def add(self, agreement: Agreement) -> Agreement: ...
    def update(self, agreement: Agreement) -> Agreement: ...
    def for_organisation(self, organisation_id: int) -> list[Agreement]:
        """Newest (latest ``received_on``) first."""
        ...


class PersonRepository(Protocol):
    def add(self, person: Person) -> Person: ...
    def get(self, person_id: int) -> Person | None: ...
    def by_personnummer(self, personnummer: Personnummer) -> Person | None: ...
    def update(self, person: Person) -> Person: ...
    def list_all(self) -> list[Person]:
        """Everybody, ordered by last name then first name (Swedish order)."""
        ...


class UserRepository(Protocol):
    """Authorizations (användare). ``user.person`` must already be stored."""

    def add(self, user: User) -> User: ...
    def get(self, user_id: int) -> User | None: ...
    def update(self, user: User) -> User:
        """Store ``user``; its ``version`` must be the stored one. Returns version + 1."""
        ...

    def remove(self, user_id: int) -> None: ...
    def find(self, organisation_id: int, person_id: int) -> User | None: ...
    def for_person(self, person_id: int) -> list[User]:
        """Every authorization of a person, in any organisation (ordered by id)."""
        ...

    def with_role(self, organisation_id: int, role: Role) -> list[User]: ...
    def page(self, organisation_id: int, query: UserQuery) -> Page[User]: ...
    def get_many(self, organisation_id: int, user_ids: Sequence[int]) -> list[User]:
        """Those of ``user_ids`` that exist in the organisation, in id order."""
        ...


class ContactRepository(Protocol):
    """Contact persons with their units (``unit_ids``: the organisation's units only, else
    ``NotFound``) and addresses."""

    def add(self, contact: ContactPerson) -> ContactPerson:
        """Returned with its id and version 1."""
        ...

    def get(self, contact_id: int) -> ContactPerson | None: ...
    def update(self, contact: ContactPerson) -> ContactPerson:
        """Store ``contact`` (units and addresses replaced); its ``version`` must be the
        stored one (else ``Conflict``). Returns it with version + 1."""
        ...

    def remove(self, contact_id: int) -> None: ...
    def for_organisation(self, organisation_id: int) -> list[ContactPerson]:
        """Ordered by last name, then first name (Swedish order), then id."""
        ...


class AccountRepository(Protocol):
    """Accounts with the units they serve (the organisation's units only, else
    ``NotFound``)."""

    def add(self, account: Account) -> Account:
        """Returned with its id and version 1."""
        ...

    def get(self, account_id: int) -> Account | None: ...
    def update(self, account: Account) -> Account:
        """Store ``account`` (units replaced); its ``version`` must be the stored one (else
        ``Conflict``). Returns it with version + 1."""
        ...

    def remove(self, account_id: int) -> None: ...
    def for_organisation(self, organisation_id: int) -> list[Account]:
        """Ordered by id."""
        ...


class NewsRepository(Protocol):
    """*Nyheter från KA-Webb*: AF's news items, for every organisation."""

    def add(self, item: NewsItem) -> NewsItem:
        """Returned with its id."""
        ...

    def latest(self, limit: int) -> list[NewsItem]:
        """At most ``limit`` items, newest (latest ``published_on``, then highest id)
        first."""
        ...


class ClaimRepository(Protocol):
    """Sent *Begär ersättning* (what signing stored); ``update`` checks ``version`` and
    raises Conflict when it changed meanwhile (AF's status changes)."""

    def add(self, claim: Claim) -> Claim:
        """Returned with its id (version 1); an unknown case or organisation: NotFound."""
        ...

    def get(self, claim_id: int) -> Claim | None: ...
    def update(self, claim: Claim) -> Claim: ...
    def for_case(self, case_id: int) -> list[Claim]:
        """Every claim of the case, by start date then id."""
        ...

    def page(self, organisation_id: int, query: ClaimQuery) -> Page[ClaimLine]:
        """*Begärda ersättningar*: the organisation's claims the query's filter (status,
        case) matches, newest first (submitted on, then id), each with its case's number
        and person."""
        ...

    def total_amount(self, organisation_id: int, query: ClaimQuery) -> Decimal:
        """The sum of the amounts of every claim the query's filter matches (all pages)."""
        ...


class DocumentRepository(Protocol):
    """Case documents and their history; ``update`` and ``delete`` check ``version`` and
    raise Conflict when it changed meanwhile (NotFound when the document is gone)."""

    def add(self, document: Document) -> Document:
        """Returned with its id (version 1); an unknown case or organisation: NotFound."""
        ...

    def get(self, document_id: int) -> Document | None: ...
    def update(self, document: Document) -> Document:
        """Store every field of ``document``; returned with its version bumped."""
        ...

    def delete(self, document: Document) -> None:
        """Remove it and its history."""
        ...

    def for_case(self, case_id: int) -> list[Document]:
        """Every document of the case, oldest (lowest id) first."""
        ...

    def add_event(self, event: DocumentEvent) -> DocumentEvent: ...
    def events(self, document_id: int) -> list[DocumentEvent]:
        """Oldest first."""
        ...

    def sent(self, organisation_id: int, limit: int) -> tuple[list[DocumentLine], int]:
        """The organisation's documents that were sent (Inskickad, Godkänd, Returnerad),
        newest sent first, at most ``limit``, with their cases; and how many there are."""
        ...

    def monthly_counts(self, organisation_id: int) -> list[tuple[dt.date, DocumentStatus, int]]:
        """How many of the organisation's document events reached each status in each
        month (the month's first day, UTC), oldest month first."""
        ...


class CaseRepository(Protocol):
    def add(self, case: Case) -> Case: ...
    def add_many(self, cases: Sequence[Case]) -> int:
        """Bulk insert (ids are assigned, not returned); returns how many."""
        ...

    def get(self, case_id: int) -> Case | None: ...
    def get_many(self, organisation_id: int, case_ids: Collection[int]) -> list[Case]:
        """The organisation's cases among ``case_ids``, by id (the others are left out).
        In a batch (:meth:`UnitOfWork.begin_batch`) they stay read: a :meth:`get` of one
        of them later in the batch asks the store nothing."""
        ...

    def page(self, organisation_id: int, query: CaseQuery) -> Page[Case]: ...
    def count(self, organisation_id: int, query: CaseQuery) -> int:
        """How many cases ``query`` lists, exactly (its sort and window aside)."""
        ...

    def add_event(self, event: CaseEvent) -> CaseEvent: ...
    def events(self, case_id: int) -> list[CaseEvent]:
        """Newest first."""
        ...


class PendingChangeRepository(Protocol):
    def add(self, change: PendingChange) -> PendingChange: ...
    def get(self, change_id: int, *, lock: bool = False) -> PendingChange | None:
        """``lock``: no other unit of work may change or remove it until this one ends
        (one that already holds it, such as a signing's apply, is waited for, and the
        change is then read as that one left it)."""
        ...

    def update(self, change: PendingChange) -> PendingChange:
        """Store ``change``; its ``version`` must be the stored one (else ``Conflict``).
        Returns it with version + 1."""
        ...

    def remove(self, change_id: int) -> None: ...
    def for_organisation(
        self, organisation_id: int, kind: ChangeKind | None = None, *, lock: bool = False
    ) -> list[PendingChange]:
        """Ordered by id (the order they were made in). ``lock``: no other unit of work
        may change or remove these rows until this one ends (signing applies them)."""
        ...

    def for_target(
        self, organisation_id: int, kind: ChangeKind, target_id: int, *, lock: bool = False
    ) -> PendingChange | None:
        """The pending change of one record. ``lock``: until this unit of work ends, no
        other one may add, change or remove a pending change of that record."""
        ...

    def new_user_for(
        self, organisation_id: int, personnummer: Personnummer, *, other_than: int | None = None
    ) -> PendingChange | None:
        """The organisation's pending *Ny* user change of ``personnummer`` (there is at
        most one), unless it is the change ``other_than`` — found by an index, without
        reading the organisation's other pending changes."""
        ...

    def lock_list(self, organisation_id: int, kind: ChangeKind) -> None:
        """Until this unit of work ends, no other one may take this lock of the same
        organisation and kind: writes whose rules span the whole list (one administrative
        contact, one standard account) take turns. Writing units of work on SQLite hold
        the database already."""
        ...


class ReceiptRepository(Protocol):
    """Receipts are never changed or removed; each is a link of its organisation's audit
    chain (``domain/audit_chain.py``)."""

    def add(self, receipt: Receipt) -> Receipt:
        """Append ``receipt`` to its organisation's audit chain: returned with its id,
        ``chain_seq``, ``prev_hash`` (the chain's head until now) and ``hash``."""
        ...

    def get(self, receipt_id: int) -> Receipt | None: ...
    def page(
        self,
        organisation_id: int,
        offset: int,
        limit: int,
        text: str = "",
        hidden_kinds: Collection[str] = (),
    ) -> Page[Receipt]:
        """Newest first. ``text``: every word is the receipt's number or part of its
        signer's name or signed text; ``hidden_kinds``: leave out every receipt with a
        change of one of these kinds (``ChangeKind`` values)."""
        ...


class AuditRepository(Protocol):
    """The audit trail: entries are never changed or removed. Entries and receipts form
    one hash chain per organisation (``domain/audit_chain.py``); appending is safe with
    several writers at once (the chain's head is locked until the unit of work ends)."""

    def add(self, entry: AuditEntry) -> AuditEntry:
        """Append ``entry`` to its chain: returned with id, ``seq``, ``prev_hash``, ``hash``."""
        ...

    def page(self, organisation_id: int, offset: int, limit: int) -> Page[AuditEntry]:
        """Newest first."""
        ...

    def head(self, chain_id: int) -> ChainHead | None:
        """The chain's head as stored (``None`` for a chain without one)."""
        ...

    def chain_ids(self) -> list[int]:
        """Every chain that has a head, an entry or a receipt, ascending."""
        ...

    def links(self, chain_id: int, after_seq: int | None, limit: int) -> list[Link]:
        """About ``limit`` links numbered above ``after_seq`` (``None``: from the lowest
        number, 0 and below included), in order of their numbers; every link of the last
        number returned is included (a number used twice is seen)."""
        ...

    def link(self, chain_id: int, seq: int) -> Link | None:
        """The link numbered ``seq``, if any."""
        ...


class SigningOrderRepository(Protocol):
    def add(self, order: SigningOrder) -> SigningOrder: ...
    def get(self, order_ref: str) -> SigningOrder | None: ...
    def update(self, order: SigningOrder) -> SigningOrder:
        """Compare-and-set: stored only if the stored version is ``order.version``
        (else ``Conflict``, nothing written). Returns it with version + 1."""
        ...

    def stale_pending(self, started_before: dt.datetime) -> list[SigningOrder]:
        """Orders still ``pending`` that started before the given time (oldest first)."""
        ...

    def pending_of(self, person_id: int) -> list[SigningOrder]:
        """The person's orders still ``pending`` (oldest first)."""
        ...


class SessionRepository(Protocol):
    def add(self, session: Session) -> Session: ...
    def by_token_hash(self, token_hash: str) -> Session | None: ...
    def resolve(self, token_hash: str, organisation_id: int) -> Resolved | None:
        """The session with its person, the organisation and the person's authorization
        there, in one query (``None`` for an unknown token)."""
        ...

    def update(self, session: Session) -> Session:
        """Store ``last_seen_at`` and ``revoked_at`` of ``session`` (by id)."""
        ...


class IdempotencyRepository(Protocol):
    def get(self, person_id: int, key: str, *, lock: bool = False) -> IdempotencyRecord | None:
        """``lock``: a second unit of work asking for the same key waits until this one
        has ended, then reads what it stored."""
        ...

    def add(self, record: IdempotencyRecord) -> None:
        """``Conflict`` if (person_id, key) is already stored (at the latest on commit)."""
        ...

    def lock_many(self, person_id: int, keys: Collection[str]) -> None:
        """Lock many keys at once (as ``get`` with ``lock``, in one order) and read them:
        in a batch (``UnitOfWork.begin_batch``) their gets need no more queries."""
        ...


class MetaRepository(Protocol):
    """Facts about the store itself (e.g. ``META_DEMO``: made by ``kawebb demo``)."""

    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...


class SimulatorOrderRepository(Protocol):
    """The BankID simulator's orders as opaque JSON, so that several server processes on
    one database share one simulated BankID (demo and test stores only)."""

    def get(self, order_ref: str) -> str | None: ...
    def put(self, order_ref: str, personal_number: str | None, data: str) -> None:
        """Insert or replace."""
        ...

    def delete(self, order_ref: str) -> None:
        """Forget the order (no error if unknown)."""
        ...

    def with_personal_number(self, personal_number: str) -> list[str]:
        """The data of every order for this personal number, oldest first."""
        ...


@dataclass(frozen=True, slots=True)
class FeedChange:
    """An entry of a change feed: an aggregate root's latest change (issue 11)."""

    #: The root's table, e.g. ``"cases"``.
    kind: str
    entity_id: int
    seq: int
    deleted: bool


class FeedRepository(Protocol):
    """The change feeds of the offline replicas (``store/sql/feed.py``); every write of
    a replicated table records itself, so this only reads."""

    def schema(self) -> str:
        """The store's schema revision."""
        ...

    def changes(
        self, feed_id: int, since: int, kinds: Collection[str], limit: int
    ) -> list[FeedChange]:
        """At most ``limit`` entries of the feed after ``since`` whose kind is one of
        ``kinds``, by sequence number."""
        ...

    def rows(
        self, kind: str, ids: Collection[int]
    ) -> dict[int, dict[str, tuple[Mapping[str, object], ...]]]:
        """The roots of ``kind`` among ``ids`` that exist, each with its child rows, as
        table → rows of JSON values (a missing id is gone)."""
        ...

    def persons(self, ids: Collection[int]) -> dict[int, Mapping[str, object]]:
        """The person rows among ``ids`` that exist, as JSON values."""
        ...


class UnitOfWork(Protocol):
    organisations: OrganisationRepository
    units: UnitRepository
    services: ServiceRepository
    agreements: AgreementRepository
    persons: PersonRepository
    users: UserRepository
    contacts: ContactRepository
    accounts: AccountRepository
    news: NewsRepository
    claims: ClaimRepository
    documents: DocumentRepository
    cases: CaseRepository
    pending: PendingChangeRepository
    receipts: ReceiptRepository
    audit: AuditRepository
    orders: SigningOrderRepository
    sessions: SessionRepository
    idempotency: IdempotencyRepository
    meta: MetaRepository
    simulator_orders: SimulatorOrderRepository
    feed: FeedRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def savepoint(self, *, guarded: bool = True) -> UnitOfWork:
        """A unit of work inside this open one (a SAVEPOINT), with the same
        repositories: its commit keeps its writes in this one (committed with it),
        leaving it without a commit undoes its writes only. Not ``guarded`` (in a
        batch): its writes do without a savepoint of their own, so after one that the
        database refused it can only be left (every further statement fails)."""
        ...

    def begin_batch(self, *, documents: int = 0) -> None:
        """Many writes follow, each in a :meth:`savepoint`, then one :meth:`commit`:
        their bookkeeping (change-feed numbers, audit chain heads, idempotency records)
        is written once, at that commit.

        ``documents`` > 0: about that many new documents will be added, and a store that
        can (PostgreSQL) takes their ids together and inserts them together, at the next
        read of documents or commit (of a savepoint or the batch): a failure of that
        insert then fails that read or commit instead of the add."""
        ...


class Store(Protocol):
    #: Where the data lives, for the status bar and logs (no secrets).
    description: str

    def unit_of_work(self, *, write: bool = False) -> UnitOfWork:
        """``write=True`` for a unit of work that will write: on SQLite it begins
        ``IMMEDIATE`` so that it waits its turn instead of failing on the upgrade."""
        ...

    def close(self) -> None: ...
