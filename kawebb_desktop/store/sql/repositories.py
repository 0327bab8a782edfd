"""The repositories of ``store/base.py`` over one SQLAlchemy Session.

Each takes and returns frozen domain objects; ORM rows stay inside the methods. Every
write also sets the derived key columns (``*_sort_key``, ``search_key``, ``birth_date``,
see :mod:`kawebb_desktop.store.sql.orm`) from the same helper that bulk inserts use, so
they can never drift from the data.

Errors keep the protocol's promises and speak Swedish, as the UI shows them as they are:

* a unique violation (a second person with the same personnummer, a second
  authorization of a person in one organisation, …) raises
  :class:`~kawebb_desktop.domain.errors.Conflict`;
* a reference to something that does not exist (a user whose person or organisation is
  not stored) raises :class:`~kawebb_desktop.domain.errors.NotFound`;
* SQLite writers queueing past the busy timeout, or a write on a snapshot that another
  connection has changed since, raise ``Conflict`` ("read again and retry");
* an ``update`` of a versioned row — users, contact persons, accounts, pending changes,
  signing orders — whose stored version is not the one the caller read raises
  ``Conflict``. The version is checked when the row is loaded and again by the UPDATE
  itself (``WHERE version = <old>``), so a writer on another connection or in another
  process that commits in between makes it match no row (``StaleDataError``), which is
  a ``Conflict`` too;
* a value PostgreSQL cannot hold (a name longer than its column) raises
  :class:`~kawebb_desktop.domain.errors.ValidationError`. SQLite does not check
  lengths: the services validate them (``rules.check_name``) before they get here.

Each write runs in a savepoint, so after such an error the unit of work is as it was
before the failed call and may go on (or be committed) normally.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import weakref
import zlib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from types import ModuleType, SimpleNamespace
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Engine,
    Integer,
    Select,
    SQLColumnExpression,
    String,
    and_,
    bindparam,
    case,
    column,
    delete,
    false,
    func,
    insert,
    literal_column,
    or_,
    select,
    table,
    union,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kawebb_desktop.domain import audit_chain
from kawebb_desktop.domain import text as swedish
from kawebb_desktop.domain.audit_chain import ChainHead, Link
from kawebb_desktop.domain.changes import ChangeAction, ChangeKind, JsonValue, PendingChange
from kawebb_desktop.domain.compensation import CompensationKind, FieldOfWork
from kawebb_desktop.domain.entities import (
    Account,
    AccountUpdater,
    Address,
    Agreement,
    AuditEntry,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Claim,
    ClaimLine,
    ClaimQuery,
    ClaimStatus,
    ContactPerson,
    NewsItem,
    Organisation,
    Person,
    Receipt,
    Service,
    Unit,
    User,
)
from kawebb_desktop.domain.errors import Conflict, NotFound, ValidationError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.domain.orders import OrderPurpose, OrderState, SigningOrder
from kawebb_desktop.domain.queries import (
    MAX_PAGE_SIZE,
    SEARCH_COUNT_AHEAD,
    CaseQuery,
    CaseSearchField,
    CaseSort,
    Page,
    UserQuery,
    UserSort,
)
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.sessions import IdempotencyRecord, Resolved
from kawebb_desktop.domain.sessions import Session as LoginSession
from kawebb_desktop.domain.text import like_pattern
from kawebb_desktop.domain.values import AccountKind, EmailAddress, OrgNumber, Personnummer
from kawebb_desktop.store.sql import feed
from kawebb_desktop.store.sql.batch import batch_of
from kawebb_desktop.store.sql.counts import CountCache
from kawebb_desktop.store.sql.orm import (
    AccountRow,
    AccountUnitRow,
    AgreementRow,
    AuditChainRow,
    AuditEntryRow,
    AuthorizationRow,
    Base,
    CaseEventRow,
    CaseRow,
    ClaimRow,
    ContactAddressRow,
    ContactPersonRow,
    ContactUnitRow,
    IdempotencyKeyRow,
    NewsItemRow,
    OrganisationRow,
    PendingChangeRow,
    PersonRow,
    ReceiptRow,
    ServiceRow,
    ServiceUnitRow,
    SessionRow,
    SigningOrderRow,
    SimulatorOrderRow,
    StoreMetaRow,
    UnitRow,
)

T = TypeVar("T")
R = TypeVar("R", bound=Base)


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


E = TypeVar("E", bound=_HasId)

# Folding names is the slowest part of a write, and names repeat a lot (100 000 cases
# have far fewer distinct first or last names): remember the keys of recent names.
sort_key = lru_cache(maxsize=65536)(swedish.sort_key)
_part_search_key = lru_cache(maxsize=65536)(swedish.search_key)


def search_key(*parts: str) -> str:
    """:func:`kawebb_desktop.domain.text.search_key`, one cached name part at a time.

    The domain function joins the folded non-empty parts with a space; doing the same
    from cached parts keeps a first + last name pair cheap even when the pair is new.
    (``test_sql_store.py`` checks that the two agree.)
    """
    return " ".join(_part_search_key(p) for p in parts if p)


_birth_dates: dict[str, str] = {}


def _birth_date(personnummer: Personnummer) -> str:
    """``birth_date_text``, which depends only on the first eight digits: cached."""
    key = personnummer.value[:8]
    found = _birth_dates.get(key)
    if found is None:
        found = _birth_dates[key] = personnummer.birth_date_text
    return found


#: A SELECT of any columns or entities.
AnySelect = Select[*tuple[Any, ...]]
#: Something ORDER BY, LIKE and comparisons work on: a mapped attribute or an expression.
Expr = SQLColumnExpression[Any]

#: The escape character of every LIKE pattern (see ``domain.text.like_pattern``).
LIKE_ESCAPE = "\\"

BUSY = (
    "Uppgifterna ändrades samtidigt från ett annat håll, eller databasen var upptagen. "
    "Läs in dem igen och försök på nytt."
)
TOO_LONG = (
    "Ett av värdena är för långt (eller för stort) för att sparas. Korta det och försök igen."
)
STALE_USER = "Användaren har ändrats av någon annan. Läs in listan igen och försök på nytt."
STALE_CHANGE = "Ändringen har ändrats av någon annan sedan du läste den. Läs in listan igen."
STALE_ORDER = "Signeringsordern har ändrats under tiden."
CHAIN_BUSY = (
    "Granskningsloggen skrevs samtidigt från ett annat håll, så ingenting har sparats. Försök igen."
)
DUPLICATE_REQUEST = "Begäran med samma idempotensnyckel behandlas redan. Försök igen om en stund."
#: What a unique violation means when a write has nothing more precise to say.
DUPLICATE = (
    "Uppgiften finns redan: den kan ha sparats samtidigt från ett annat håll. "
    "Läs in uppgifterna igen och försök på nytt."
)
#: What a foreign key that points nowhere means when a write has nothing more precise to say.
MISSING = (
    "Det som uppgiften hör till finns inte längre: det kan ha tagits bort från ett annat "
    "håll. Läs in uppgifterna igen och försök på nytt."
)


# --------------------------------------------------------------------------- helpers


class _Repository:
    def __init__(self, session: Session) -> None:
        self._session = session

    @contextmanager
    def _write(self, *, duplicate: str = DUPLICATE, missing: str = MISSING) -> Iterator[None]:
        """Run one write in a savepoint and turn constraint errors into domain errors.

        ``duplicate`` is the message for a unique violation, ``missing`` for a foreign
        key that points nowhere; a refusal never goes out without one (an empty message
        falls back to the general one).
        """
        gathering = batch_of(self._session)
        try:
            if gathering is not None and gathering.bare:
                # Inside a batch's savepoint that is left as a whole if this fails.
                yield
                self._session.flush()
            else:
                with self._session.begin_nested():
                    yield
        except IntegrityError as exc:
            if _is_unique_violation(exc):
                raise Conflict(duplicate or DUPLICATE) from exc
            if _is_foreign_key_violation(exc):
                raise NotFound(missing or MISSING) from exc
            raise
        except OperationalError as exc:
            if _is_busy(exc) or _is_pg_race(exc):
                raise Conflict(BUSY) from exc
            raise
        except DataError as exc:  # PostgreSQL: a text longer than its column, and the like
            raise ValidationError(TOO_LONG) from exc

    def _page(
        self,
        query: AnySelect,
        convert: Callable[[Any], T],
        offset: int,
        limit: int,
    ) -> Page[T]:
        """One window of ``query`` (already ordered) and the count of all its rows."""
        total = self._count(query)
        rows = self._session.execute(query.offset(offset).limit(limit)).all()
        return Page(
            items=tuple(convert(row) for row in rows),
            total=total,
            offset=offset,
            limit=limit,
        )

    def _count(self, query: AnySelect) -> int:
        """How many rows ``query`` has, whatever its order and window."""
        total = self._session.scalar(
            select(func.count()).select_from(query.order_by(None).subquery())
        )
        return int(total or 0)


class _RowRepository(_Repository, Generic[R, E]):
    """``add``/``get``/``update`` of an entity kept as one row of one table.

    ``values`` turns the entity into column values (keys included), ``entity`` a row back
    into the entity; ``duplicate`` says what a unique violation means for an entity, and
    ``missing`` what a foreign key pointing nowhere means.
    """

    def __init__(
        self,
        session: Session,
        *,
        row: type[R],
        values: Callable[[E], dict[str, Any]],
        entity: Callable[[R], E],
        what: str,
        not_found: str,
        missing: str = "Organisationen finns inte.",
        duplicate: Callable[[E], str] = lambda _e: DUPLICATE,
    ) -> None:
        super().__init__(session)
        self._row, self._values, self._entity = row, values, entity
        self._what, self._not_found, self._missing = what, not_found, missing
        self._duplicate = duplicate

    def add(self, item: E) -> E:
        _require_new(item.id, self._what)
        row = self._row(**self._values(item))
        with self._write(duplicate=self._duplicate(item), missing=self._missing):
            self._session.add(row)
        return self._entity(row)

    def get(self, item_id: int) -> E | None:
        if not _storable(item_id):
            return None
        row = self._session.get(self._row, item_id)
        return self._entity(row) if row is not None else None

    def update(self, item: E) -> E:
        row = self._session.get(self._row, item.id)
        if row is None:
            raise NotFound(self._not_found)
        with self._write(duplicate=self._duplicate(item), missing=self._missing):
            _assign(row, self._values(item))
        return self._entity(row)


def _storable(item_id: int) -> bool:
    """Whether an id fits the (32-bit) id columns; one that does not names no row rather
    than failing in the driver (OverflowError, NumericValueOutOfRange)."""
    return isinstance(item_id, int) and -(2**31) <= item_id < 2**31


def _is_unique_violation(exc: IntegrityError) -> bool:
    orig = exc.orig
    # psycopg (SQLSTATE 23505) and sqlite3 (extended result codes, Python 3.11+).
    return getattr(orig, "sqlstate", None) == "23505" or getattr(
        orig, "sqlite_errorname", None
    ) in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")


def _is_busy(exc: OperationalError) -> bool:
    """SQLite could not get the write lock in time, or (WAL) this transaction's snapshot
    is older than a write another connection committed since it began reading."""
    name = getattr(exc.orig, "sqlite_errorname", None)
    return isinstance(name, str) and name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


#: PostgreSQL's SQLSTATEs for "another transaction got in the way": serialization
#: failure, deadlock detected, lock not available.
_PG_RACES = frozenset({"40001", "40P01", "55P03"})


def _is_pg_race(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in _PG_RACES


def is_race(exc: BaseException) -> bool:
    """Whether ``exc`` is the database's way of saying that another unit of work got in
    the way: a versioned row changed meanwhile (``StaleDataError``), a unique key taken
    meanwhile, SQLite's lock not granted in time (or a stale snapshot), a PostgreSQL
    serialization failure, deadlock or lock timeout. Reading again and retrying helps."""
    if isinstance(exc, StaleDataError):
        return True
    if isinstance(exc, IntegrityError):
        return _is_unique_violation(exc)
    if isinstance(exc, OperationalError):
        return _is_busy(exc) or _is_pg_race(exc)
    return False


def _is_foreign_key_violation(exc: IntegrityError) -> bool:
    orig = exc.orig
    return (
        getattr(orig, "sqlstate", None) == "23503"
        or getattr(orig, "sqlite_errorname", None) == "SQLITE_CONSTRAINT_FOREIGNKEY"
    )


def _require_new(entity_id: int, what: str) -> None:
    if entity_id != 0:
        raise ValueError(f"add() takes a {what} that is not stored yet (id 0), got id {entity_id}")


def _check_window(offset: int, limit: int) -> None:
    if offset < 0:
        raise ValueError("offset must be >= 0")
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValueError(f"limit must be within 1..{MAX_PAGE_SIZE}")


def _assign(row: object, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        setattr(row, name, value)


def _ordered(keys: Sequence[Expr], descending: bool) -> list[ColumnElement[Any]]:
    """Every key in one direction: descending is exactly ascending reversed."""
    return [key.desc() if descending else key.asc() for key in keys]


def _nulls_last(column: Expr) -> list[Expr]:
    """Keys that put NULL after every value (ascending); portable to SQLite and PG."""
    return [case((column.is_(None), 1), else_=0), column]


def _words(text: str) -> list[str]:
    return text.split()


def _like(column: Expr, term: str) -> ColumnElement[bool]:
    return column.like(like_pattern(term), escape=LIKE_ESCAPE)


def _prefix_like(column: Expr, digits: str) -> ColumnElement[bool]:
    """``column`` starts with ``digits`` (only ever called with digits: no escaping)."""
    return column.like(f"{digits}%")


def _digits_typed(text: str) -> str | None:
    """What was typed, without spaces and dashes, if that leaves only digits."""
    compact = "".join(ch for ch in text if not ch.isspace() and ch != "-")
    return compact if compact.isdigit() else None


# ------------------------------------------------------------------ organisations


def _organisation_values(o: Organisation) -> dict[str, Any]:
    return {
        "org_number": o.org_number.value,
        "name": o.name,
        "street_address": o.street_address,
        "postal_code": o.postal_code,
        "city": o.city,
        "phone": o.phone,
        "fax": o.fax,
        "website": o.website,
        "name_sort_key": sort_key(o.name),
    }


def _organisation(row: OrganisationRow) -> Organisation:
    return Organisation(
        id=row.id,
        org_number=OrgNumber(row.org_number),
        name=row.name,
        street_address=row.street_address,
        postal_code=row.postal_code,
        city=row.city,
        phone=row.phone,
        fax=row.fax,
        website=row.website,
    )


class SqlOrganisationRepository(_RowRepository[OrganisationRow, Organisation]):
    def __init__(self, session: Session) -> None:
        super().__init__(
            session,
            row=OrganisationRow,
            values=_organisation_values,
            entity=_organisation,
            what="organisation",
            not_found="Organisationen finns inte.",
            missing=MISSING,
            duplicate=_duplicate_org,
        )

    def by_org_number(self, org_number: OrgNumber) -> Organisation | None:
        row = self._session.scalar(
            select(OrganisationRow).where(OrganisationRow.org_number == org_number.value)
        )
        return _organisation(row) if row else None

    def list_all(self) -> list[Organisation]:
        rows = self._session.scalars(
            select(OrganisationRow).order_by(OrganisationRow.name_sort_key, OrganisationRow.id)
        )
        return [_organisation(r) for r in rows]


def _duplicate_org(o: Organisation) -> str:
    return msg(
        "Det finns redan en organisation med organisationsnumret {number}.",
        number=o.org_number.formatted,
    )


# -------------------------------------------------------------------------- units


def _unit_values(u: Unit) -> dict[str, Any]:
    return {
        "organisation_id": u.organisation_id,
        "name": u.name,
        "case_kind": u.case_kind.value,
        "street_address": u.street_address,
        "postal_code": u.postal_code,
        "city": u.city,
        "name_sort_key": sort_key(u.name),
    }


def _unit(row: UnitRow) -> Unit:
    return Unit(
        id=row.id,
        organisation_id=row.organisation_id,
        name=row.name,
        case_kind=CaseKind(row.case_kind),
        street_address=row.street_address,
        postal_code=row.postal_code,
        city=row.city,
    )


class SqlUnitRepository(_RowRepository[UnitRow, Unit]):
    def __init__(self, session: Session) -> None:
        super().__init__(
            session,
            row=UnitRow,
            values=_unit_values,
            entity=_unit,
            what="unit",
            not_found="Den utförande verksamheten finns inte.",
        )

    def for_organisation(self, organisation_id: int) -> list[Unit]:
        rows = self._session.scalars(
            select(UnitRow)
            .where(UnitRow.organisation_id == organisation_id)
            .order_by(UnitRow.name_sort_key, UnitRow.id)
        )
        return [_unit(r) for r in rows]


# ----------------------------------------------------------------------- services

SERVICE_UNIT_NOT_FOUND = "Den utförande verksamheten finns inte i organisationen."


class SqlServiceRepository(_Repository):
    def add(self, service: Service) -> Service:
        _require_new(service.id, "service")
        unit_ids = tuple(sorted(set(service.unit_ids)))
        if unit_ids:
            found = self._session.scalars(
                select(UnitRow.id).where(
                    UnitRow.id.in_(unit_ids), UnitRow.organisation_id == service.organisation_id
                )
            ).all()
            if len(found) != len(unit_ids):
                raise NotFound(SERVICE_UNIT_NOT_FOUND)
        row = ServiceRow(organisation_id=service.organisation_id, name=service.name)
        duplicate = f"Tjänsten {service.name} finns redan i tjänsteutbudet."
        with self._write(duplicate=duplicate, missing="Organisationen finns inte."):
            self._session.add(row)
            self._session.flush()
            self._session.add_all(ServiceUnitRow(service_id=row.id, unit_id=u) for u in unit_ids)
        return Service(row.id, row.organisation_id, row.name, unit_ids)

    def for_organisation(self, organisation_id: int) -> list[Service]:
        rows = self._session.scalars(
            select(ServiceRow).where(ServiceRow.organisation_id == organisation_id)
        ).all()
        links = self._session.execute(
            select(ServiceUnitRow.service_id, ServiceUnitRow.unit_id)
            .join(ServiceRow, ServiceRow.id == ServiceUnitRow.service_id)
            .where(ServiceRow.organisation_id == organisation_id)
            .order_by(ServiceUnitRow.unit_id)
        ).all()
        units: dict[int, list[int]] = {}
        for service_id, unit_id in links:
            units.setdefault(service_id, []).append(unit_id)
        ordered = sorted(rows, key=lambda r: (sort_key(r.name), r.id))
        return [
            Service(r.id, r.organisation_id, r.name, tuple(units.get(r.id, ()))) for r in ordered
        ]


# --------------------------------------------------------------------- agreements


def _agreement_values(a: Agreement) -> dict[str, Any]:
    return {
        "organisation_id": a.organisation_id,
        "starting_admin": a.starting_admin.value,
        "received_on": a.received_on,
        "activated_on": a.activated_on,
        "concerns_new_admin": a.concerns_new_admin,
    }


def _agreement(row: AgreementRow) -> Agreement:
    return Agreement(
        id=row.id,
        organisation_id=row.organisation_id,
        starting_admin=Personnummer(row.starting_admin),
        received_on=row.received_on,
        activated_on=row.activated_on,
        concerns_new_admin=row.concerns_new_admin,
    )


class SqlAgreementRepository(_RowRepository[AgreementRow, Agreement]):
    def __init__(self, session: Session) -> None:
        super().__init__(
            session,
            row=AgreementRow,
            values=_agreement_values,
            entity=_agreement,
            what="agreement",
            not_found="Avtalet finns inte.",
        )

    def for_organisation(self, organisation_id: int) -> list[Agreement]:
        rows = self._session.scalars(
            select(AgreementRow)
            .where(AgreementRow.organisation_id == organisation_id)
            .order_by(AgreementRow.received_on.desc(), AgreementRow.id.desc())
        )
        return [_agreement(r) for r in rows]


# ------------------------------------------------------------------------ persons


def _person_values(p: Person) -> dict[str, Any]:
    return {
        "personnummer": p.personnummer.value,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "first_name_sort_key": sort_key(p.first_name),
        "last_name_sort_key": sort_key(p.last_name),
        "search_key": search_key(p.first_name, p.last_name),
        "birth_date": _birth_date(p.personnummer),
    }


def _person(row: PersonRow) -> Person:
    return Person(
        id=row.id,
        # Checked when written; a replica's name card holds a stand-in (services.sync).
        personnummer=Personnummer.stored(row.personnummer),
        first_name=row.first_name,
        last_name=row.last_name,
    )


def _duplicate_person(p: Person) -> str:
    return msg(
        "Det finns redan en person med personnumret {number}.", number=p.personnummer.formatted
    )


class SqlPersonRepository(_RowRepository[PersonRow, Person]):
    def __init__(self, session: Session) -> None:
        super().__init__(
            session,
            row=PersonRow,
            values=_person_values,
            entity=_person,
            what="person",
            not_found="Personen finns inte.",
            missing=MISSING,
            duplicate=_duplicate_person,
        )

    def by_personnummer(self, personnummer: Personnummer) -> Person | None:
        row = self._session.scalar(
            select(PersonRow).where(PersonRow.personnummer == personnummer.value)
        )
        return _person(row) if row else None

    def list_all(self) -> list[Person]:
        rows = self._session.scalars(
            select(PersonRow).order_by(
                PersonRow.last_name_sort_key, PersonRow.first_name_sort_key, PersonRow.id
            )
        )
        return [_person(row) for row in rows]


# -------------------------------------------------------------------------- users


def _authorization_values(u: User) -> dict[str, Any]:
    return {
        "organisation_id": u.organisation_id,
        "person_id": u.person.id,
        "email": u.email.value,
        "role": u.role.value,
        "start_date": u.start_date,
        "end_date": u.end_date,
        "activates_at": u.activates_at,
        "email_sort_key": sort_key(u.email.value),
        "search_key": search_key(u.email.value),
    }


def _user(row: AuthorizationRow, person: PersonRow) -> User:
    return User(
        id=row.id,
        organisation_id=row.organisation_id,
        person=_person(person),
        email=EmailAddress(row.email),
        role=Role(row.role),
        start_date=row.start_date,
        end_date=row.end_date,
        activates_at=row.activates_at,
        version=row.version,
    )


def _user_pair(row: Any) -> User:
    authorization, person = row
    return _user(authorization, person)


_ROLE_RANK = case({r.value: r.rank for r in Role}, value=AuthorizationRow.role, else_=len(Role))

_USER_SORT: dict[UserSort, list[Expr]] = {
    UserSort.FIRST_NAME: [PersonRow.first_name_sort_key, PersonRow.last_name_sort_key],
    UserSort.LAST_NAME: [PersonRow.last_name_sort_key, PersonRow.first_name_sort_key],
    UserSort.BIRTH_DATE: [PersonRow.birth_date, PersonRow.last_name_sort_key],
    UserSort.EMAIL: [AuthorizationRow.email_sort_key],
    UserSort.ROLE: [_ROLE_RANK, PersonRow.last_name_sort_key, PersonRow.first_name_sort_key],
    UserSort.START_DATE: [AuthorizationRow.start_date, PersonRow.last_name_sort_key],
    # Admins have no end date: they come last ascending, first descending.
    UserSort.END_DATE: [*_nulls_last(AuthorizationRow.end_date), PersonRow.last_name_sort_key],
}


def _user_word(word: str) -> ColumnElement[bool]:
    """One search word matches a name, the e-mail, the birth date or the personnummer."""
    alternatives = [_like(PersonRow.search_key, word), _like(AuthorizationRow.search_key, word)]
    if any(ch.isdigit() for ch in word):
        digits = word.replace("-", "")
        alternatives += [_like(PersonRow.birth_date, digits), _like(PersonRow.personnummer, digits)]
    return or_(*alternatives)


class SqlUserRepository(_Repository):
    def _select(self) -> Select[AuthorizationRow, PersonRow]:
        return select(AuthorizationRow, PersonRow).join(
            PersonRow, PersonRow.id == AuthorizationRow.person_id
        )

    def add(self, user: User) -> User:
        _require_new(user.id, "user")
        row = AuthorizationRow(**_authorization_values(user), version=1)
        with self._write(
            duplicate=msg("{name} har redan en behörighet i organisationen.", name=user.full_name),
            missing="Organisationen eller personen finns inte.",
        ):
            self._session.add(row)
        return self._get(row.id)

    def get(self, user_id: int) -> User | None:
        if not _storable(user_id):
            return None
        row = self._session.execute(self._select().where(AuthorizationRow.id == user_id)).first()
        return _user_pair(row) if row else None

    def _get(self, user_id: int) -> User:
        user = self.get(user_id)
        if user is None:
            raise NotFound("Användaren finns inte.")
        return user

    def update(self, user: User) -> User:
        row = self._session.get(AuthorizationRow, user.id)
        if row is None:
            raise NotFound("Användaren finns inte längre.")
        if row.version != user.version:
            raise Conflict(STALE_USER)
        try:
            with self._write(
                duplicate=msg(
                    "{name} har redan en behörighet i organisationen.", name=user.full_name
                ),
                missing="Organisationen eller personen finns inte.",
            ):
                _assign(row, _authorization_values(user))
                # The mapper updates "WHERE version = <old>": a concurrent writer that
                # got in first makes this match no row.
                row.version = user.version + 1
        except StaleDataError as exc:
            raise Conflict(STALE_USER) from exc
        return self._get(user.id)

    def remove(self, user_id: int) -> None:
        row = self._session.get(AuthorizationRow, user_id)
        if row is None:
            raise NotFound("Användaren finns inte.")
        with self._write():
            self._session.delete(row)

    def find(self, organisation_id: int, person_id: int) -> User | None:
        if not (_storable(organisation_id) and _storable(person_id)):
            return None
        row = self._session.execute(
            self._select().where(
                AuthorizationRow.organisation_id == organisation_id,
                AuthorizationRow.person_id == person_id,
            )
        ).first()
        return _user_pair(row) if row else None

    def for_person(self, person_id: int) -> list[User]:
        rows = self._session.execute(
            self._select()
            .where(AuthorizationRow.person_id == person_id)
            .order_by(AuthorizationRow.id)
        )
        return [_user_pair(r) for r in rows]

    def with_role(self, organisation_id: int, role: Role) -> list[User]:
        """Ordered by last name, first name (Swedish order)."""
        rows = self._session.execute(
            self._select()
            .where(
                AuthorizationRow.organisation_id == organisation_id,
                AuthorizationRow.role == role.value,
            )
            .order_by(
                PersonRow.last_name_sort_key, PersonRow.first_name_sort_key, AuthorizationRow.id
            )
        )
        return [_user_pair(r) for r in rows]

    def page(self, organisation_id: int, query: UserQuery) -> Page[User]:
        statement = self._select().where(
            AuthorizationRow.organisation_id == organisation_id,
            *(_user_word(w) for w in _words(query.text)),
        )
        keys = [*_USER_SORT[query.sort], AuthorizationRow.id]
        statement = statement.order_by(*_ordered(keys, query.descending))
        return self._page(statement, _user_pair, query.offset, query.limit)

    def get_many(self, organisation_id: int, user_ids: Sequence[int]) -> list[User]:
        user_ids = [i for i in user_ids if _storable(i)]
        if not user_ids or not _storable(organisation_id):
            return []
        rows = self._session.execute(
            self._select()
            .where(
                AuthorizationRow.organisation_id == organisation_id,
                AuthorizationRow.id.in_(list(user_ids)),
            )
            .order_by(AuthorizationRow.id)
        )
        return [_user_pair(r) for r in rows]


# ----------------------------------------------------------------------- contacts

STALE_CONTACT = "Kontaktpersonen har ändrats av någon annan. Läs in listan igen och försök på nytt."
STALE_ACCOUNT = "Kontot har ändrats av någon annan. Läs in listan igen och försök på nytt."
_CONTACT_GONE = "Kontaktpersonen finns inte."
_ACCOUNT_GONE = "Kontot finns inte."


def _unit_ids(unit_ids: Sequence[int]) -> tuple[int, ...]:
    return tuple(sorted(set(unit_ids)))


def _check_units(session: Session, organisation_id: int, unit_ids: Sequence[int]) -> None:
    """``NotFound`` unless every one of ``unit_ids`` is a unit of the organisation."""
    if not unit_ids:
        return
    if not all(_storable(u) for u in unit_ids):
        raise NotFound(SERVICE_UNIT_NOT_FOUND)
    found = session.scalars(
        select(UnitRow.id).where(
            UnitRow.id.in_(unit_ids), UnitRow.organisation_id == organisation_id
        )
    ).all()
    if len(found) != len(unit_ids):
        raise NotFound(SERVICE_UNIT_NOT_FOUND)


def _contact_values(c: ContactPerson) -> dict[str, Any]:
    return {
        "organisation_id": c.organisation_id,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "email": c.email.value,
        "phone1": c.phone1,
        "phone2": c.phone2,
        "administrative": c.administrative,
        "first_name_sort_key": sort_key(c.first_name),
        "last_name_sort_key": sort_key(c.last_name),
    }


def _contact(
    row: ContactPersonRow, unit_ids: Sequence[int], addresses: Sequence[Address]
) -> ContactPerson:
    return ContactPerson(
        id=row.id,
        organisation_id=row.organisation_id,
        first_name=row.first_name,
        last_name=row.last_name,
        email=EmailAddress(row.email),
        phone1=row.phone1,
        phone2=row.phone2,
        unit_ids=tuple(sorted(unit_ids)),
        addresses=tuple(sorted(addresses)),
        administrative=row.administrative,
        version=row.version,
    )


class SqlContactRepository(_Repository):
    """Contact persons with their units and addresses; ``update`` is version-checked."""

    def _entities(self, rows: Sequence[ContactPersonRow]) -> list[ContactPerson]:
        """``rows`` as contact persons, their links read in two queries."""
        ids = [r.id for r in rows]
        units: dict[int, list[int]] = {}
        addresses: dict[int, list[Address]] = {}
        if ids:
            for contact_id, unit_id in self._session.execute(
                select(ContactUnitRow.contact_id, ContactUnitRow.unit_id).where(
                    ContactUnitRow.contact_id.in_(ids)
                )
            ):
                units.setdefault(contact_id, []).append(unit_id)
            for a in self._session.scalars(
                select(ContactAddressRow).where(ContactAddressRow.contact_id.in_(ids))
            ):
                addresses.setdefault(a.contact_id, []).append(
                    Address(a.street_address, a.postal_code, a.city)
                )
        return [_contact(r, units.get(r.id, ()), addresses.get(r.id, ())) for r in rows]

    def _link(self, contact_id: int, contact: ContactPerson) -> None:
        self._session.add_all(
            ContactUnitRow(contact_id=contact_id, unit_id=u) for u in _unit_ids(contact.unit_ids)
        )
        self._session.add_all(
            ContactAddressRow(
                contact_id=contact_id,
                street_address=a.street_address,
                postal_code=a.postal_code,
                city=a.city,
            )
            for a in sorted(set(contact.addresses))
        )

    def add(self, contact: ContactPerson) -> ContactPerson:
        _require_new(contact.id, "contact")
        _check_units(self._session, contact.organisation_id, _unit_ids(contact.unit_ids))
        row = ContactPersonRow(**_contact_values(contact), version=1)
        with self._write(missing="Organisationen finns inte."):
            self._session.add(row)
            self._session.flush()
            self._link(row.id, contact)
        return self._entities([row])[0]

    def get(self, contact_id: int) -> ContactPerson | None:
        if not _storable(contact_id):
            return None
        row = self._session.get(ContactPersonRow, contact_id)
        return self._entities([row])[0] if row is not None else None

    def update(self, contact: ContactPerson) -> ContactPerson:
        row = self._session.get(ContactPersonRow, contact.id) if _storable(contact.id) else None
        if row is None:
            raise NotFound(_CONTACT_GONE)
        if row.version != contact.version:
            raise Conflict(STALE_CONTACT)
        _check_units(self._session, contact.organisation_id, _unit_ids(contact.unit_ids))
        try:
            with self._write(missing="Organisationen finns inte."):
                _assign(row, _contact_values(contact))
                # The mapper updates "WHERE version = <old>": a concurrent writer that
                # got in first makes this match no row.
                row.version = contact.version + 1
                self._session.flush()
                self._session.execute(
                    delete(ContactUnitRow).where(ContactUnitRow.contact_id == row.id)
                )
                self._session.execute(
                    delete(ContactAddressRow).where(ContactAddressRow.contact_id == row.id)
                )
                self._link(row.id, contact)
        except StaleDataError as exc:
            raise Conflict(STALE_CONTACT) from exc
        return self._entities([row])[0]

    def remove(self, contact_id: int) -> None:
        """Its units and addresses go with it (``ON DELETE CASCADE``)."""
        row = self._session.get(ContactPersonRow, contact_id) if _storable(contact_id) else None
        if row is None:
            raise NotFound(_CONTACT_GONE)
        try:
            with self._write():
                self._session.delete(row)
        except StaleDataError as exc:
            raise Conflict(STALE_CONTACT) from exc

    def for_organisation(self, organisation_id: int) -> list[ContactPerson]:
        """Ordered by last name, first name (Swedish order), then id."""
        rows = self._session.scalars(
            select(ContactPersonRow)
            .where(ContactPersonRow.organisation_id == organisation_id)
            .order_by(
                ContactPersonRow.last_name_sort_key,
                ContactPersonRow.first_name_sort_key,
                ContactPersonRow.id,
            )
        ).all()
        return self._entities(rows)


# ----------------------------------------------------------------------- accounts


def _account_values(a: Account) -> dict[str, Any]:
    return {
        "organisation_id": a.organisation_id,
        "kind": a.kind.value,
        "number": a.number,
        "review_status": a.review_status,
        "updated_on": a.updated_on,
        "updated_by": a.updated_by.value,
        "is_default": a.is_default,
    }


def _account(row: AccountRow, unit_ids: Sequence[int]) -> Account:
    return Account(
        id=row.id,
        organisation_id=row.organisation_id,
        kind=AccountKind(row.kind),
        number=row.number,
        review_status=row.review_status,
        updated_on=row.updated_on,
        updated_by=AccountUpdater(row.updated_by),
        unit_ids=tuple(sorted(unit_ids)),
        is_default=row.is_default,
        version=row.version,
    )


class SqlAccountRepository(_Repository):
    """Accounts with the units they serve; ``update`` is version-checked."""

    def _entities(self, rows: Sequence[AccountRow]) -> list[Account]:
        ids = [r.id for r in rows]
        units: dict[int, list[int]] = {}
        if ids:
            for account_id, unit_id in self._session.execute(
                select(AccountUnitRow.account_id, AccountUnitRow.unit_id).where(
                    AccountUnitRow.account_id.in_(ids)
                )
            ):
                units.setdefault(account_id, []).append(unit_id)
        return [_account(r, units.get(r.id, ())) for r in rows]

    def _link(self, account_id: int, account: Account) -> None:
        self._session.add_all(
            AccountUnitRow(account_id=account_id, unit_id=u) for u in _unit_ids(account.unit_ids)
        )

    def add(self, account: Account) -> Account:
        _require_new(account.id, "account")
        _check_units(self._session, account.organisation_id, _unit_ids(account.unit_ids))
        row = AccountRow(**_account_values(account), version=1)
        with self._write(missing="Organisationen finns inte."):
            self._session.add(row)
            self._session.flush()
            self._link(row.id, account)
        return self._entities([row])[0]

    def get(self, account_id: int) -> Account | None:
        if not _storable(account_id):
            return None
        row = self._session.get(AccountRow, account_id)
        return self._entities([row])[0] if row is not None else None

    def update(self, account: Account) -> Account:
        row = self._session.get(AccountRow, account.id) if _storable(account.id) else None
        if row is None:
            raise NotFound(_ACCOUNT_GONE)
        if row.version != account.version:
            raise Conflict(STALE_ACCOUNT)
        _check_units(self._session, account.organisation_id, _unit_ids(account.unit_ids))
        try:
            with self._write(missing="Organisationen finns inte."):
                _assign(row, _account_values(account))
                row.version = account.version + 1
                self._session.flush()
                self._session.execute(
                    delete(AccountUnitRow).where(AccountUnitRow.account_id == row.id)
                )
                self._link(row.id, account)
        except StaleDataError as exc:
            raise Conflict(STALE_ACCOUNT) from exc
        return self._entities([row])[0]

    def remove(self, account_id: int) -> None:
        """Its unit links go with it (``ON DELETE CASCADE``)."""
        row = self._session.get(AccountRow, account_id) if _storable(account_id) else None
        if row is None:
            raise NotFound(_ACCOUNT_GONE)
        try:
            with self._write():
                self._session.delete(row)
        except StaleDataError as exc:
            raise Conflict(STALE_ACCOUNT) from exc

    def for_organisation(self, organisation_id: int) -> list[Account]:
        """In the order they were added (by id)."""
        rows = self._session.scalars(
            select(AccountRow)
            .where(AccountRow.organisation_id == organisation_id)
            .order_by(AccountRow.id)
        ).all()
        return self._entities(rows)


# --------------------------------------------------------------------------- news


def _news_item(row: NewsItemRow) -> NewsItem:
    return NewsItem(id=row.id, title=row.title, text=row.text, published_on=row.published_on)


class SqlNewsRepository(_Repository):
    def add(self, item: NewsItem) -> NewsItem:
        _require_new(item.id, "news item")
        row = NewsItemRow(title=item.title, text=item.text, published_on=item.published_on)
        with self._write():
            self._session.add(row)
        return _news_item(row)

    def latest(self, limit: int) -> list[NewsItem]:
        if limit <= 0:
            return []
        rows = self._session.scalars(
            select(NewsItemRow)
            .order_by(NewsItemRow.published_on.desc(), NewsItemRow.id.desc())
            .limit(min(limit, MAX_PAGE_SIZE))
        )
        return [_news_item(r) for r in rows]


# ------------------------------------------------------------------------- claims

_CLAIM_GONE = "Begäran om ersättning finns inte längre."
STALE_CLAIM = (
    "Begäran om ersättning har ändrats av någon annan sedan du läste den. Läs in listan "
    "igen och försök på nytt."
)


def _claim_values(c: Claim) -> dict[str, Any]:
    return {
        "organisation_id": c.organisation_id,
        "case_id": c.case_id,
        "kind": c.kind.value,
        "field_of_work": c.field_of_work.value,
        "extent_hundredths": int((c.extent * 100).to_integral_value()),
        "start_date": c.start_date,
        "end_date": c.end_date,
        "amount_ore": int((c.amount * 100).to_integral_value()),
        "status": c.status.value,
        "submitted_on": c.submitted_on,
    }


def _claim(row: ClaimRow) -> Claim:
    extent = Decimal(row.extent_hundredths) / 100
    return Claim(
        id=row.id,
        organisation_id=row.organisation_id,
        case_id=row.case_id,
        kind=CompensationKind(row.kind),
        field_of_work=FieldOfWork(row.field_of_work),
        extent=extent.normalize() if extent % 1 else Decimal(int(extent)),
        start_date=row.start_date,
        end_date=row.end_date,
        amount=(Decimal(row.amount_ore) / 100).quantize(Decimal("0.01")),
        status=ClaimStatus(row.status),
        submitted_on=row.submitted_on,
        version=row.version,
    )


class SqlClaimRepository(_Repository):
    """Sent compensation requests; ``update`` is version-checked."""

    def add(self, claim: Claim) -> Claim:
        _require_new(claim.id, "claim")
        row = ClaimRow(**_claim_values(claim), version=1)
        with self._write(missing="Ärendet eller organisationen finns inte."):
            self._session.add(row)
        return _claim(row)

    def get(self, claim_id: int) -> Claim | None:
        if not _storable(claim_id):
            return None
        row = self._session.get(ClaimRow, claim_id)
        return _claim(row) if row is not None else None

    def update(self, claim: Claim) -> Claim:
        row = self._session.get(ClaimRow, claim.id) if _storable(claim.id) else None
        if row is None:
            raise NotFound(_CLAIM_GONE)
        if row.version != claim.version:
            raise Conflict(STALE_CLAIM)
        try:
            with self._write(missing="Ärendet eller organisationen finns inte."):
                _assign(row, _claim_values(claim))
                row.version = claim.version + 1
                self._session.flush()
        except StaleDataError as exc:
            raise Conflict(STALE_CLAIM) from exc
        return _claim(row)

    def for_case(self, case_id: int) -> list[Claim]:
        if not _storable(case_id):
            return []
        rows = self._session.scalars(
            select(ClaimRow)
            .where(ClaimRow.case_id == case_id)
            .order_by(ClaimRow.start_date, ClaimRow.id)
        )
        return [_claim(r) for r in rows]

    def _filter(self, organisation_id: int, query: ClaimQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [ClaimRow.organisation_id == organisation_id]
        if query.status is not None:
            conditions.append(ClaimRow.status == query.status.value)
        if query.case_id is not None:
            if not _storable(query.case_id):
                conditions.append(false())
            else:
                conditions.append(ClaimRow.case_id == query.case_id)
        return conditions

    def page(self, organisation_id: int, query: ClaimQuery) -> Page[ClaimLine]:
        statement = (
            select(ClaimRow, CaseRow.case_number, CaseRow.first_name, CaseRow.last_name)
            .join(CaseRow, CaseRow.id == ClaimRow.case_id)
            .where(*self._filter(organisation_id, query))
            .order_by(ClaimRow.submitted_on.desc(), ClaimRow.id.desc())
        )
        total = int(
            self._session.scalar(
                select(func.count(ClaimRow.id)).where(*self._filter(organisation_id, query))
            )
            or 0
        )
        rows = self._session.execute(statement.offset(query.offset).limit(query.limit)).all()
        return Page(
            items=tuple(ClaimLine(_claim(r[0]), r[1], r[2], r[3]) for r in rows),
            total=total,
            offset=query.offset,
            limit=query.limit,
        )

    def total_amount(self, organisation_id: int, query: ClaimQuery) -> Decimal:
        ore = self._session.scalar(
            select(func.coalesce(func.sum(ClaimRow.amount_ore), 0)).where(
                *self._filter(organisation_id, query)
            )
        )
        return (Decimal(int(ore or 0)) / 100).quantize(Decimal("0.01"))


# -------------------------------------------------------------------------- cases


def _case_values(c: Case) -> dict[str, Any]:
    return {
        "organisation_id": c.organisation_id,
        "unit_id": c.unit_id,
        "case_number": c.case_number,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "personnummer": c.personnummer.value,
        "status": c.status.value,
        "start_date": c.start_date,
        "end_date": c.end_date,
        "last_event": c.last_event,
        "last_event_on": c.last_event_on,
        "first_name_sort_key": sort_key(c.first_name),
        "last_name_sort_key": sort_key(c.last_name),
        "last_event_sort_key": sort_key(c.last_event),
        "search_key": search_key(c.first_name, c.last_name),
        "birth_date": _birth_date(c.personnummer),
        "status_rank": STATUS_RANK[c.status],
    }


def _case(row: CaseRow) -> Case:
    return Case(
        id=row.id,
        organisation_id=row.organisation_id,
        unit_id=row.unit_id,
        case_number=row.case_number,
        first_name=row.first_name,
        last_name=row.last_name,
        personnummer=Personnummer.stored(row.personnummer),
        status=CaseStatus(row.status),
        start_date=row.start_date,
        end_date=row.end_date,
        last_event=row.last_event,
        last_event_on=row.last_event_on,
    )


#: A case's columns, in :class:`Case`'s order: a page of the case list reads these as
#: plain tuples (no ORM objects, no identity map, no events per row).
_CASE_COLUMNS = (
    CaseRow.__table__.c.id,
    CaseRow.__table__.c.organisation_id,
    CaseRow.__table__.c.unit_id,
    CaseRow.__table__.c.case_number,
    CaseRow.__table__.c.first_name,
    CaseRow.__table__.c.last_name,
    CaseRow.__table__.c.personnummer,
    CaseRow.__table__.c.status,
    CaseRow.__table__.c.start_date,
    CaseRow.__table__.c.end_date,
    CaseRow.__table__.c.last_event,
    CaseRow.__table__.c.last_event_on,
)
#: ``CaseStatus(value)`` as a lookup (the enum's call is a few times slower).
_CASE_STATUS: dict[str, CaseStatus] = {s.value: s for s in CaseStatus}
_stored_personnummer = Personnummer.stored


def _case_of(row: Sequence[Any]) -> Case:
    """A case from a row of :data:`_CASE_COLUMNS`."""
    (case_id, org_id, unit_id, number, first, last, pnr, status, start, end, event, on) = row
    status_of = _CASE_STATUS.get(status)
    return Case(
        case_id,
        org_id,
        unit_id,
        number,
        first,
        last,
        _stored_personnummer(pnr),
        status_of if status_of is not None else CaseStatus(status),
        start,
        end,
        event,
        on,
    )


#: ``cases.status_rank``: status sorts in the order of the lifecycle (Påbörjad → … →
#: Avslutad), as roles do by rank, rather than alphabetically. Migration 0004 wrote the
#: same numbers into the rows it found.
STATUS_RANK: dict[CaseStatus, int] = {s: i for i, s in enumerate(CaseStatus)}

#: "Hide closed cases". Avslutad ends the lifecycle, so the open cases are the ranks
#: below it: a range that the (unit_id, status_rank, …) index can scan and count.
_NOT_CLOSED: ColumnElement[bool] = (
    CaseRow.status_rank < STATUS_RANK[CaseStatus.AVSLUTAD]
    if STATUS_RANK[CaseStatus.AVSLUTAD] == max(STATUS_RANK.values())
    else CaseRow.status_rank != STATUS_RANK[CaseStatus.AVSLUTAD]
)

#: The sort columns of each CaseSort; ``id`` always follows as the tie-break, and each
#: list + ``id`` is an index of ``orm.CaseRow`` after ``unit_id``.
_CASE_SORT: dict[CaseSort, list[Expr]] = {
    CaseSort.LAST_EVENT_ON: [CaseRow.last_event_on],
    CaseSort.LAST_EVENT: [CaseRow.last_event_sort_key, CaseRow.last_event_on],
    CaseSort.CASE_NUMBER: [CaseRow.case_number],
    CaseSort.FIRST_NAME: [CaseRow.first_name_sort_key, CaseRow.last_name_sort_key],
    CaseSort.LAST_NAME: [CaseRow.last_name_sort_key, CaseRow.first_name_sort_key],
    CaseSort.STATUS: [CaseRow.status_rank, CaseRow.last_event_on],
    CaseSort.START_DATE: [CaseRow.start_date],
    CaseSort.END_DATE: [CaseRow.end_date],
}


def _case_order(sort: CaseSort, descending: bool) -> list[ColumnElement[Any]]:
    order = _ordered([*_CASE_SORT[sort], CaseRow.id], descending)
    if sort is CaseSort.END_DATE:
        # Open-ended cases (NULL) come last ascending, first descending. That is
        # PostgreSQL's own order of NULL, so its index serves both directions (a CASE
        # key, as the user list has, would not); SQLite understands the words too.
        order[0] = order[0].nulls_first() if descending else order[0].nulls_last()
    return order


#: The largest case number the column holds: ``case_number`` is a BIGINT on
#: PostgreSQL (and an INTEGER, also 64-bit, on SQLite), 19 digits at most.
MAX_CASE_NUMBER = 2**63 - 1


def _case_number_prefix(digits: str) -> ColumnElement[bool]:
    """Case numbers whose decimal digits begin with ``digits``, as ranges of the index.

    ``CAST(case_number AS VARCHAR) LIKE '352%'`` has to read every row; the same set is
    352 itself and, for each number of further digits k, 352·10^k … 353·10^k − 1, which
    the case-number indexes find directly.
    """
    if digits.startswith("0"):
        # A number is never written with a leading zero: only 0 itself starts with one.
        return CaseRow.case_number == 0 if digits == "0" else false()
    prefix = int(digits)
    if prefix > MAX_CASE_NUMBER:
        return false()
    matches = [CaseRow.case_number == prefix]
    scale = 10
    while prefix * scale <= MAX_CASE_NUMBER:
        low = prefix * scale
        high = min((prefix + 1) * scale - 1, MAX_CASE_NUMBER)
        matches.append(CaseRow.case_number.between(low, high))
        scale *= 10
    return or_(*matches)


#: The case name search key as the expression of PostgreSQL's trigram index on it
#: (migration 0004): ``search_key || ''``, the same text.
_INDEXED_NAME_KEY: Expr = CaseRow.search_key + literal_column("''", String)

#: A word the trigram index can look up: three letters or digits in a row.
_HAS_TRIGRAM = re.compile(r"[^\W_]{3}")


def _name_word(word: str) -> ColumnElement[bool]:
    """The case name search's condition for one word.

    A word with a trigram is matched against the index's expression, which lets
    PostgreSQL find it through the trigram index (where there is one). A shorter word
    has no trigram to look up: for it the index could only be read whole, which the
    planner underrates, and a word of two letters that few names contain took 0.6 s
    that way instead of 0.1 s. Such words are matched against the column itself, which
    that index does not cover, so they keep the plans they had (with the column's
    statistics). Either way the same text is compared, on every backend.
    """
    if _HAS_TRIGRAM.search(swedish.search_key(word)):
        return _like(_INDEXED_NAME_KEY, word)
    return _like(CaseRow.search_key, word)


#: SQLite's FTS5 trigram index of ``cases.search_key`` (migration 0011), as a table.
_CASES_FTS = table("cases_fts", column("rowid"), column("cases_fts"))

#: Whether each SQLite database (by engine) has ``cases_fts``: made by migration 0011
#: only where SQLite has FTS5.
_HAS_CASES_FTS: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _has_cases_fts(session: Session) -> bool:
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    if engine.dialect.name != "sqlite":
        return False
    found = _HAS_CASES_FTS.get(engine)
    if found is None:
        found = (
            session.scalar(
                sql_text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases_fts'")
            )
            is not None
        )
        _HAS_CASES_FTS[engine] = found
    return found


def _fts_phrase(folded: str) -> str:
    """``folded`` as one FTS5 phrase: a string in double quotes (doubled inside), so
    that no character of it is FTS5 query syntax."""
    return '"' + folded.replace('"', '""') + '"'


def _fts_split(words: list[str]) -> tuple[list[str], list[str]]:
    """The words the trigram index cannot answer (fewer than three characters once
    folded, or a NUL, which FTS5 would cut the query at), and the rest, folded."""
    short: list[str] = []
    long: list[str] = []
    for word in words:
        folded = swedish.search_key(word)
        if len(folded) < 3 or "\x00" in folded:
            short.append(word)
        else:
            long.append(folded)
    return short, long


def _fts_match(folded: list[str]) -> ColumnElement[bool]:
    """``cases_fts`` rows whose key contains each word (a trigram phrase is a substring)."""
    return _CASES_FTS.c.cases_fts.op("MATCH")(" ".join(map(_fts_phrase, folded)))


def _fts_name_words(words: list[str]) -> tuple[list[str], ColumnElement[bool] | None]:
    """The words the trigram index cannot answer (see :func:`_fts_split`) and the
    condition for the rest: the cases whose key contains each of them."""
    short, long = _fts_split(words)
    if not long:
        return short, None
    return short, CaseRow.id.in_(select(_CASES_FTS.c.rowid).where(_fts_match(long)))


def _case_text_filter(query: CaseQuery, *, fts: bool = False) -> list[ColumnElement[bool]]:
    """``fts``: look long words up in SQLite's trigram index (migration 0011)."""
    text = query.text.strip()
    if not text:
        return []
    if query.search_field is CaseSearchField.NAMN:
        words = _words(text)
        if fts:
            words, found = _fts_name_words(words)
            return [_name_word(w) for w in words] + ([] if found is None else [found])
        return [_name_word(w) for w in words]
    digits = _digits_typed(text)
    if digits is None:
        return [false()]  # letters in a number field match nothing
    if query.search_field is CaseSearchField.ARENDE:
        return [_case_number_prefix(digits)]
    # Födelsedatum: YYYYMMDD (or YYYY-MM-DD) typed so far; a whole personnummer works too.
    if len(digits) <= len("YYYYMMDD"):
        return [_prefix_like(CaseRow.birth_date, digits)]
    return [_prefix_like(CaseRow.personnummer, digits)]


def _count_key(organisation_id: int, query: CaseQuery) -> tuple[object, ...]:
    """What a list's total depends on: its filter (never its sort or window). Filters
    that select the same rows share a key."""
    text = query.text.strip()
    return (
        organisation_id,
        query.unit_id,
        text,
        query.search_field if text else None,
        query.status,
        query.include_closed if query.status is None else None,
    )


def _case_conditions(
    query: CaseQuery, unit: ColumnElement[bool], fts: bool
) -> list[ColumnElement[bool]]:
    """The cases ``query`` lists (its sort and window aside), with ``unit`` as the
    condition on the unit."""
    return [unit, *_status_conditions(query), *_case_text_filter(query, fts=fts)]


def _status_conditions(query: CaseQuery) -> list[ColumnElement[bool]]:
    if query.status is not None:
        return [CaseRow.status_rank == STATUS_RANK[query.status]]
    return [] if query.include_closed else [_NOT_CLOSED]


def _case_shape(query: CaseQuery) -> CaseQuery:
    """``query`` without what a page's statements take as parameters (unit, window)."""
    return dataclasses.replace(query, unit_id=0, offset=0, limit=1)


class _CasePage(NamedTuple):
    """The statements of a page of cases, for one filter and order. Parameters:
    ``unit_id``, ``offset`` and ``limit`` (``rows``); ``unit_id`` and ``cap`` (``total``:
    how many rows match, counted to ``cap`` at most).

    A name search through SQLite's trigram index has two more ways to its page (see
    :meth:`SqlCaseRepository._search_rows`), and ``probe``: how many cases of the whole
    store match, counted to ``k`` at most, how many of its newest ``sample``, counted to
    ``c`` at most, and the newest case's id."""

    rows: AnySelect
    total: AnySelect
    probe: AnySelect | None = None
    #: Every match found in the index, then sorted: for a word few cases have.
    rare: AnySelect | None = None
    #: The sort's index walked, at most ``walk`` rows of it, each key tested: for a
    #: word many cases have (parameter ``walk`` besides the page's).
    walk: AnySelect | None = None


#: The unit's condition where its indexes must not be used (SQLite: a unary ``+``),
#: so that the trigram index leads and ``cases`` is read by id.
_UNIT_BY_ID: ColumnElement[bool] = literal_column("+cases.unit_id", Integer) == bindparam("unit_id")

#: ``cases_fts`` leading, each match's case read by its id.
_FTS_CASES = _CASES_FTS.join(CaseRow.__table__, CaseRow.id == _CASES_FTS.c.rowid)


def _page_rows(window: Any, order: list[ColumnElement[Any]]) -> AnySelect:
    """The page's rows, from a window of their ids."""
    return select(*_CASE_COLUMNS).join(window, CaseRow.id == window.c.id).order_by(*order)


def _fts_count(match: ColumnElement[bool], cap: str, *more: ColumnElement[bool]) -> Any:
    """How many ``cases_fts`` rows match, counted to the parameter ``cap`` at most."""
    found = select(_CASES_FTS.c.rowid).where(match, *more).limit(bindparam(cap)).subquery()
    return select(func.count()).select_from(found).scalar_subquery()


@lru_cache(maxsize=256)
def _case_page_statements(shape: CaseQuery, fts: bool) -> _CasePage:
    """Built once per filter and order (see :func:`_case_shape`): a page then costs no
    building of its statements, nor of SQLAlchemy's cache keys for them (a quarter of
    a warm page's time in the store at 100 000 cases)."""
    conditions = _case_conditions(shape, CaseRow.unit_id == bindparam("unit_id"), fts)
    order = _case_order(shape.sort, shape.descending)
    statement = select(CaseRow.id).where(and_(*conditions)).order_by(*order)
    window = statement.offset(bindparam("offset")).limit(bindparam("limit")).subquery()
    rows = _page_rows(window, order)
    limited = statement.order_by(None).limit(bindparam("cap")).subquery()
    text = shape.text.strip()
    if not (fts and text and shape.search_field is CaseSearchField.NAMN):
        return _CasePage(rows, select(func.count()).select_from(limited))
    short, long = _fts_split(_words(text))
    if not long:
        return _CasePage(rows, select(func.count()).select_from(limited))
    # The trigram index leads: the count stops at ``cap`` matches (walking the unit's
    # index, as ``rows`` does, first collected every match of the index).
    match = _fts_match(long)
    by_id = [_UNIT_BY_ID, *_status_conditions(shape), *map(_name_word, short), match]
    found = select(CaseRow.id).select_from(_FTS_CASES).where(and_(*by_id))
    total = select(func.count()).select_from(found.limit(bindparam("cap")).subquery())
    rare = found.order_by(*order).offset(bindparam("offset")).limit(bindparam("limit"))
    last_id = select(func.max(CaseRow.id)).scalar_subquery()
    newest = _CASES_FTS.c.rowid > last_id - bindparam("sample")
    # The walk: the first ``walk`` rows of the list unfiltered (the sort's index), each
    # case's key tested; ``instr`` as the trigram index matches (the words are folded).
    head = (
        select(CaseRow.id, CaseRow.search_key)
        .where(and_(CaseRow.unit_id == bindparam("unit_id"), *_status_conditions(shape)))
        .order_by(*order)
        .limit(bindparam("walk"))
        .subquery()
    )
    tests = [func.instr(head.c.search_key, word) > 0 for word in long]
    tests += [_like(head.c.search_key, word) for word in short]
    walked = select(head.c.id).where(and_(*tests))
    walked = walked.offset(bindparam("offset")).limit(bindparam("limit"))
    return _CasePage(
        rows,
        total,
        select(_fts_count(match, "k"), _fts_count(match, "c", newest), last_id),
        _page_rows(rare.subquery(), order),
        _page_rows(walked.subquery(), order),
    )


#: A name search on SQLite's trigram index (see :meth:`SqlCaseRepository._search_rows`):
#: words fewer cases than ``_RARE_MATCHES`` match (in the whole store) have their
#: matches sorted. Words that ``_SAMPLE_MATCHES`` or more of the newest
#: ``_SAMPLE_ROWS`` cases match (a share s of at least 2.5 %; counted to
#: ``_SAMPLE_COUNTED``) have the sort's index walked for the first pages (up to
#: ``_WALK_PAGE_END`` rows), at most ``_WALK_PER_ROW`` rows of it per row of the page
#: (1.5 times what 2.5 % needs), if the walk is the cheaper: it reads about (offset +
#: limit) / s rows, each ``_WALK_COST`` times what a match costs the set of every
#: match, which has s × N of them (N cases), so when s² × N > ``_WALK_COST`` ×
#: (offset + limit). Otherwise, or when the walk found too few, the unit's sort index
#: is walked against the set of every match.
_RARE_MATCHES = 1000
_SAMPLE_ROWS = 20_000
_SAMPLE_MATCHES = 500
_SAMPLE_COUNTED = 2000
_WALK_PAGE_END = 100
_WALK_PER_ROW = 60
_WALK_COST = 7.0


#: The organisation of a unit (``unit_id``). Of the mapped class, not its table, so
#: that the session flushes first, as it does for its own queries (the unit of work
#: may have added the unit).
_UNIT_ORGANISATION = select(UnitRow.organisation_id).where(UnitRow.id == bindparam("unit_id"))


class SqlCaseRepository(_Repository):
    """``counts`` is the store's cache of list totals (see :mod:`.counts`); without one,
    every page counts."""

    def __init__(
        self, session: Session, counts: CountCache[tuple[int, bool]] | None = None
    ) -> None:
        super().__init__(session)
        self._counts = counts
        #: Whether this unit of work has added cases: then it stays out of the cache
        #: (it sees rows no one else sees yet), and its commit clears the cache again.
        self.added = False

    @property
    def _cache(self) -> CountCache[tuple[int, bool]] | None:
        """The store's cache of totals, unless this unit of work added cases (then it
        sees rows no one else sees yet, and counts for itself)."""
        return None if self.added else self._counts

    def _adding(self) -> None:
        self.added = True
        if self._counts is not None:
            self._counts.clear()

    def add(self, case: Case) -> Case:
        _require_new(case.id, "case")
        self._adding()
        row = CaseRow(**_case_values(case))
        with self._write(
            duplicate=msg("Ärendenummer {number} finns redan.", number=case.case_number),
            missing="Organisationen eller den utförande verksamheten finns inte.",
        ):
            self._session.add(row)
        return _case(row)

    def add_many(self, cases: Sequence[Case]) -> int:
        """One multi-row INSERT per batch (executemany), bypassing the ORM's bookkeeping."""
        if not cases:
            return 0
        for c in cases:
            _require_new(c.id, "case")
        self._adding()
        rows = [_case_values(c) for c in cases]
        with self._write(
            duplicate="Minst ett av ärendenumren finns redan.",
            missing="Organisationen eller den utförande verksamheten finns inte.",
        ):
            connection = self._session.connection()
            connection.execute(insert(CaseRow), rows)
            # Past the ORM, so past its flush hook: the change feed is told here.
            if feed.recording(self._session):
                feed.record_new_cases(
                    connection, ((c.organisation_id, c.case_number) for c in cases)
                )
        return len(rows)

    def get(self, case_id: int) -> Case | None:
        if not _storable(case_id):
            return None
        row = self._session.get(CaseRow, case_id)
        return _case(row) if row else None

    def get_many(self, organisation_id: int, case_ids: Collection[int]) -> list[Case]:
        """One statement per 500 ids. In a batch the rows are kept (see :mod:`.batch`),
        so the session's identity map answers a later :meth:`get` of one of them."""
        ids = sorted({i for i in case_ids if _storable(i)})
        if not ids or not _storable(organisation_id):
            return []
        found: list[Case] = []
        for start in range(0, len(ids), 500):
            rows = self._session.scalars(
                select(CaseRow)
                .where(
                    CaseRow.organisation_id == organisation_id,
                    CaseRow.id.in_(ids[start : start + 500]),
                )
                .order_by(CaseRow.id)
            )
            found.extend(map(_case, rows))
        return found

    def page(self, organisation_id: int, query: CaseQuery) -> Page[Case]:
        """Cases of one unit. Closed cases (Avslutad) are hidden unless
        ``include_closed``, or unless ``status`` asks for exactly them."""
        # The unit decides the organisation: checking it once here keeps the per-row
        # conditions on unit_id alone, which its indexes cover (a second column per row
        # made the count read every row of the table).
        if not self._unit_is_of(query.unit_id, organisation_id):
            return Page((), 0, query.offset, query.limit)
        # The window is found first, by id alone, then only its rows are read. Every
        # column the filter and the order need is in the sort's index (migration 0006
        # adds the search keys to them on PostgreSQL), so the search walks the index
        # without touching the table, however far it goes into the list; reading each
        # passed-over row from the table made a name search 100-130 ms at a million
        # cases where this takes 3-15 ms.
        fts = _has_cases_fts(self._session)
        statements = _case_page_statements(_case_shape(query), fts)
        backwards = self._from_the_end(organisation_id, query)
        if backwards is None:
            rows = self._search_rows(statements, query)
        else:
            reverse = _case_page_statements(_case_shape(backwards), fts)
            rows = self._search_rows(reverse, backwards)[::-1]
        items = tuple(map(_case_of, rows))
        total, exact = self._total(organisation_id, query, statements.total, items)
        return Page(items, total, query.offset, query.limit, exact)

    def warm_up(self) -> None:
        """Run the statements of a unit's first case list (closed cases hidden or shown,
        the default order) once against no unit, so that SQLAlchemy has compiled them
        and the database has prepared them before anybody asks: the first list after a
        login then costs what later ones do (7 ms -> 4 ms for its service call at
        100 000 cases). Reads nothing (no unit has the id 0)."""
        fts = _has_cases_fts(self._session)
        nobody = {"unit_id": 0}
        for include_closed in (False, True):
            shape = _case_shape(CaseQuery(unit_id=0, include_closed=include_closed))
            statements = _case_page_statements(shape, fts)
            self._session.execute(statements.rows, {**nobody, "offset": 0, "limit": 1}).all()
            self._session.execute(statements.total, {**nobody, "cap": 1}).all()
        self._session.execute(_UNIT_ORGANISATION, nobody).first()

    def _from_the_end(self, organisation_id: int, query: CaseQuery) -> CaseQuery | None:
        """The same window asked from the other end (the order reversed, every key and
        the id: exactly the reverse order), where that passes over fewer rows: a page in
        the list's second half, when its exact total is known (the store's cache holds
        it, as when paging after the count). The last page of a million cases then reads
        50 rows of the sort's index instead of passing over 999 950 (32 ms; 1 ms).

        ``None``: ask it as it is. With a total another process has since changed (the
        cache keeps it a few seconds), the window is as far from the end as the total
        said, so the last page shows the list's last rows."""
        counts = self._cache
        if counts is None or query.offset == 0:
            return None
        cached = counts.get(_count_key(organisation_id, query))
        if cached is None or not cached[1]:
            return None
        end = min(query.offset + query.limit, cached[0])
        skipped = cached[0] - end
        if end <= query.offset or skipped >= query.offset:
            return None
        return dataclasses.replace(
            query, descending=not query.descending, offset=skipped, limit=end - query.offset
        )

    def _search_rows(self, statements: _CasePage, query: CaseQuery) -> Sequence[Any]:
        """The page's rows. A name search on SQLite's trigram index takes the cheapest
        of three ways by how many cases match its words (``probe``): the matches
        sorted (few in the whole store), the sort's index walked with each key tested,
        stopping at the page's last row (many among the newest cases; at most
        ``_WALK_PER_ROW`` rows walked per row of the page, else the third way), or the
        unit's sort index walked against the set of every match (``rows``). At a
        million cases the first made a word no case has 0.7 ms instead of a walk of
        the whole index (61 ms), the second a word every second name has 1.1 ms
        instead of collecting half a million matches (70 ms; benchmarks/README.md)."""
        params = {"unit_id": query.unit_id, "offset": query.offset, "limit": query.limit}
        chosen = statements.rows
        if statements.probe is not None:
            assert statements.rare is not None and statements.walk is not None
            end = query.offset + query.limit
            walk_gain = self._walk_gain(statements.probe, query)
            if walk_gain < 0:
                chosen = statements.rare
            elif end <= _WALK_PAGE_END and walk_gain >= _WALK_COST * end:
                walk = {**params, "walk": _WALK_PER_ROW * end}
                found = self._session.execute(statements.walk, walk).all()
                if len(found) == query.limit:
                    return found
        return self._session.execute(chosen, params).all()

    def _walk_gain(self, probe: AnySelect, query: CaseQuery) -> float:
        """-1 for words fewer cases than ``_RARE_MATCHES`` match, else s² × N (see
        ``_RARE_MATCHES``), 0 where s is below 2.5 %. Kept in the store's cache of
        totals like a count (the same search's next page or sort asks again)."""
        counts = self._cache
        key = ("name search probe", tuple(_fts_split(_words(query.text.strip()))[1]))
        if counts is not None:
            cached = counts.get(key)
            if cached is not None:
                return cached[0] / 1000
        generation = counts.generation if counts is not None else 0
        values = {"k": _RARE_MATCHES, "c": _SAMPLE_COUNTED, "sample": _SAMPLE_ROWS}
        matches, sampled, last_id = self._session.execute(probe, values).one()
        share = sampled / max(1, min(_SAMPLE_ROWS, last_id or 0))
        if matches < _RARE_MATCHES:
            gain = -1.0
        elif sampled >= _SAMPLE_MATCHES:
            gain = share * share * (last_id or 0)
        else:
            gain = 0.0
        if counts is not None:
            counts.put(key, (round(gain * 1000), True), generation)
        return gain

    def _unit_is_of(self, unit_id: int, organisation_id: int) -> bool:
        """Whether the unit exists and is the organisation's (one indexed lookup)."""
        if not _storable(unit_id):
            return False
        found = self._session.execute(_UNIT_ORGANISATION, {"unit_id": unit_id}).first()
        return found is not None and found[0] == organisation_id

    def count(self, organisation_id: int, query: CaseQuery) -> int:
        """How many cases ``query`` lists, counted exactly (its sort and window aside):
        what a page's bounded total stands in for until this arrives. Kept in the
        store's cache like a page's total (a page then shows it at once)."""
        if not self._unit_is_of(query.unit_id, organisation_id):
            return 0
        counts = self._cache
        key = _count_key(organisation_id, query)
        if counts is not None:
            cached = counts.get(key)
            if cached is not None and cached[1]:
                return cached[0]
        statement = select(CaseRow.id).where(and_(*self._conditions(query)))
        generation = counts.generation if counts is not None else 0
        total = self._count(statement)
        if counts is not None:
            counts.put(key, (total, True), generation)
        return total

    def _conditions(self, query: CaseQuery) -> list[ColumnElement[bool]]:
        return _case_conditions(
            query, CaseRow.unit_id == query.unit_id, _has_cases_fts(self._session)
        )

    def _total(
        self, organisation_id: int, query: CaseQuery, counter: AnySelect, items: tuple[Case, ...]
    ) -> tuple[int, bool]:
        """The page's total and whether it is exact: seen from the page when it reached
        the end, else kept in the store's cache for a few seconds (see :mod:`.counts`),
        else counted. A list is counted only up to ``SEARCH_COUNT_AHEAD`` rows past the
        page (then it has more than that; :meth:`count` counts it exactly)."""
        shown = query.offset + len(items)
        if len(items) < query.limit and (items or query.offset == 0):
            return shown, True
        cap = shown + SEARCH_COUNT_AHEAD
        counts = self._cache
        if counts is None:
            return self._bounded_count(counter, query.unit_id, cap)
        key = _count_key(organisation_id, query)
        cached = counts.get(key)
        if cached is not None:
            total, exact = cached
            if exact or total >= cap:
                # Never fewer than the rows in view (cases another process added lately).
                return (max(total, shown) if items else total), exact
        generation = counts.generation
        counted = self._bounded_count(counter, query.unit_id, cap)
        counts.put(key, counted, generation)
        return counted

    def _bounded_count(self, counter: AnySelect, unit_id: int, cap: int) -> tuple[int, bool]:
        """The rows of ``counter`` (a page's :attr:`_CasePage.total`), counted to ``cap``
        at most."""
        found = int(self._session.scalar(counter, {"unit_id": unit_id, "cap": cap + 1}) or 0)
        return (found, True) if found <= cap else (cap, False)

    def add_event(self, event: CaseEvent) -> CaseEvent:
        """Stores the event only; the case's ``last_event`` is the caller's to update."""
        _require_new(event.id, "case event")
        row = CaseEventRow(case_id=event.case_id, occurred_on=event.occurred_on, text=event.text)
        with self._write(missing="Ärendet finns inte."):
            self._session.add(row)
        return _case_event(row)

    def events(self, case_id: int) -> list[CaseEvent]:
        rows = self._session.scalars(
            select(CaseEventRow)
            .where(CaseEventRow.case_id == case_id)
            .order_by(CaseEventRow.occurred_on.desc(), CaseEventRow.id.desc())
        )
        return [_case_event(r) for r in rows]


def _case_event(row: CaseEventRow) -> CaseEvent:
    return CaseEvent(id=row.id, case_id=row.case_id, occurred_on=row.occurred_on, text=row.text)


# ---------------------------------------------------------------- pending changes


def _payload_text(payload: Mapping[str, JsonValue]) -> str:
    return json.dumps(dict(payload), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _new_user_personnummer(c: PendingChange) -> str | None:
    """What the unique constraint on pending *Ny* user changes compares."""
    if c.kind is not ChangeKind.USER or c.action is not ChangeAction.NY:
        return None
    value = c.payload.get("personnummer")
    return value if isinstance(value, str) else None


def _pending_values(c: PendingChange) -> dict[str, Any]:
    return {
        "organisation_id": c.organisation_id,
        "kind": c.kind.value,
        "action": c.action.value,
        "target_id": c.target_id,
        "payload": _payload_text(c.payload),
        "created_by_person_id": c.created_by_person_id,
        "created_at": c.created_at,
        "new_user_personnummer": _new_user_personnummer(c),
    }


def _pending(row: PendingChangeRow) -> PendingChange:
    payload: dict[str, JsonValue] = json.loads(row.payload)
    return PendingChange(
        id=row.id,
        organisation_id=row.organisation_id,
        kind=ChangeKind(row.kind),
        action=ChangeAction(row.action),
        target_id=row.target_id,
        payload=payload,
        created_by_person_id=row.created_by_person_id,
        created_at=row.created_at,
        version=row.version,
    )


def _duplicate_change(c: PendingChange) -> str:
    pnr = _new_user_personnummer(c)
    if pnr is None:
        return msg("Ändringen finns redan.")
    try:
        shown = Personnummer(pnr).formatted
    except ValidationError:
        shown = pnr
    return msg(
        "Det finns redan en ny användare med personnumret {number} under Användare att signera.",
        number=shown,
    )


_CHANGE_GONE = "Ändringen finns inte längre (den kan redan vara signerad)."


class SqlPendingChangeRepository(_RowRepository[PendingChangeRow, PendingChange]):
    """``update`` is version-checked (see the module docstring)."""

    def __init__(self, session: Session) -> None:
        super().__init__(
            session,
            row=PendingChangeRow,
            values=_pending_values,
            entity=_pending,
            what="pending change",
            not_found=_CHANGE_GONE,
            missing="Organisationen eller personen som gjorde ändringen finns inte.",
            duplicate=_duplicate_change,
        )

    def get(self, item_id: int, *, lock: bool = False) -> PendingChange | None:
        """``lock``: ``SELECT … FOR UPDATE`` on PostgreSQL (SQLite's writing units of
        work hold the whole database already)."""
        if not lock:
            return super().get(item_id)
        if not _storable(item_id):
            return None
        statement = (
            select(PendingChangeRow)
            .where(PendingChangeRow.id == item_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        row = self._session.scalars(statement).first()
        return _pending(row) if row is not None else None

    def add(self, item: PendingChange) -> PendingChange:
        """Stored with version 1, whatever ``item.version`` says."""
        _require_new(item.id, self._what)
        row = PendingChangeRow(**_pending_values(item), version=1)
        with self._write(duplicate=_duplicate_change(item), missing=self._missing):
            self._session.add(row)
        return _pending(row)

    def update(self, item: PendingChange) -> PendingChange:
        row = self._session.get(PendingChangeRow, item.id)
        if row is None:
            raise NotFound(_CHANGE_GONE)
        if row.version != item.version:
            raise Conflict(STALE_CHANGE)
        try:
            with self._write(duplicate=_duplicate_change(item), missing=self._missing):
                _assign(row, _pending_values(item))
                row.version = item.version + 1
        except StaleDataError as exc:
            raise Conflict(STALE_CHANGE) from exc
        return _pending(row)

    def remove(self, change_id: int) -> None:
        """Removes whatever version is stored; the DELETE says ``WHERE version = <the
        one loaded>``, so a writer that commits in between makes it a ``Conflict``."""
        row = self._session.get(PendingChangeRow, change_id)
        if row is None:
            raise NotFound(_CHANGE_GONE)
        try:
            with self._write():
                self._session.delete(row)
        except StaleDataError as exc:
            raise Conflict(STALE_CHANGE) from exc

    def for_organisation(
        self, organisation_id: int, kind: ChangeKind | None = None, *, lock: bool = False
    ) -> list[PendingChange]:
        """``lock``: ``SELECT … FOR UPDATE`` on PostgreSQL (SQLite's writing units of
        work hold the whole database already)."""
        statement = select(PendingChangeRow).where(
            PendingChangeRow.organisation_id == organisation_id
        )
        if kind is not None:
            statement = statement.where(PendingChangeRow.kind == kind.value)
        statement = statement.order_by(PendingChangeRow.id)
        if lock:
            statement = statement.with_for_update()
            # A row locked after another transaction changed it is read as committed
            # now; refresh whatever copy this session already holds.
            statement = statement.execution_options(populate_existing=True)
        rows = self._session.scalars(statement)
        return [_pending(r) for r in rows]

    def for_target(
        self, organisation_id: int, kind: ChangeKind, target_id: int, *, lock: bool = False
    ) -> PendingChange | None:
        """The (earliest) pending change of that record, if any.

        ``lock`` claims the record's place in the list for the rest of the unit of work:
        on PostgreSQL a transaction-level advisory lock on the record (so that a second
        unit of work adding a change of it waits, even while there is no row to lock)
        and ``FOR UPDATE`` of the row; on SQLite a writing unit of work holds the whole
        database already.
        """
        if not _storable(target_id):
            return None
        statement = (
            select(PendingChangeRow)
            .where(
                PendingChangeRow.organisation_id == organisation_id,
                PendingChangeRow.kind == kind.value,
                PendingChangeRow.target_id == target_id,
            )
            .order_by(PendingChangeRow.id)
            .limit(1)
        )
        if lock and self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(
                select(func.pg_advisory_xact_lock(_advisory_key(kind), target_id))
            )
            statement = statement.with_for_update().execution_options(populate_existing=True)
        row = self._session.scalars(statement).first()
        return _pending(row) if row else None

    def new_user_for(
        self, organisation_id: int, personnummer: Personnummer, *, other_than: int | None = None
    ) -> PendingChange | None:
        """Through the unique index on (organisation, ``new_user_personnummer``)."""
        statement = select(PendingChangeRow).where(
            PendingChangeRow.organisation_id == organisation_id,
            PendingChangeRow.new_user_personnummer == personnummer.value,
        )
        if other_than is not None:
            statement = statement.where(PendingChangeRow.id != other_than)
        row = self._session.scalars(statement.limit(1)).first()
        return _pending(row) if row is not None else None

    def lock_list(self, organisation_id: int, kind: ChangeKind) -> None:
        if self._session.get_bind().dialect.name == "postgresql":
            lock = (_advisory_key(kind, "list"), organisation_id)
            gathering = batch_of(self._session)
            if gathering is not None and lock in gathering.locks:
                return  # this transaction holds it already
            self._session.execute(select(func.pg_advisory_xact_lock(*lock)))
            if gathering is not None:
                gathering.locks.add(lock)


#: The first half of the advisory lock on an idempotency key (the key's CRC the second).
_IDEMPOTENCY_LOCK = zlib.crc32(b"kawebb.idempotency") - 2**31


def _advisory_key(kind: ChangeKind, what: str = "") -> int:
    """The first half of the advisory lock on a record's pending change: a fixed 32-bit
    number per kind (the record's id is the second half)."""
    name = f"kawebb.pending.{kind.value}" + (f".{what}" if what else "")
    return zlib.crc32(name.encode()) - 2**31


# ----------------------------------------------------------------------- receipts


def _receipt_values(r: Receipt) -> dict[str, Any]:
    return {
        "organisation_id": r.organisation_id,
        "order_ref": r.order_ref,
        "signed_at": r.signed_at,
        "signer_person_id": r.signer_person_id,
        "signer_name": r.signer_name,
        "signer_personnummer": r.signer_personnummer.value,
        "summary": r.summary,
        "document": r.document,
        "digest": r.digest,
        "signature": r.signature,
        "ocsp_response": r.ocsp_response,
        "change_count": r.change_count,
    }


def _receipt(row: ReceiptRow) -> Receipt:
    return Receipt(
        id=row.id,
        organisation_id=row.organisation_id,
        order_ref=row.order_ref,
        signed_at=row.signed_at,
        signer_person_id=row.signer_person_id,
        signer_name=row.signer_name,
        signer_personnummer=Personnummer(row.signer_personnummer),
        summary=row.summary,
        document=row.document,
        digest=row.digest,
        signature=row.signature,
        ocsp_response=row.ocsp_response,
        change_count=row.change_count,
        chain_seq=row.chain_seq,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


class SqlReceiptRepository(_RowRepository[ReceiptRow, Receipt]):
    """Receipts are links of their organisation's audit chain: ``add`` appends one."""

    def __init__(self, session: Session) -> None:
        super().__init__(
            session,
            row=ReceiptRow,
            values=_receipt_values,
            entity=_receipt,
            what="receipt",
            not_found="Kvittensen finns inte.",
            missing="Organisationen eller undertecknaren finns inte.",
        )

    def add(self, item: Receipt) -> Receipt:
        _require_new(item.id, self._what)
        with self._write(duplicate=CHAIN_BUSY, missing=self._missing):
            chain = _AuditChain(self._session, item.organisation_id)
            seq, prev_hash = chain.next_link()
            digest = audit_chain.receipt_hash(item, seq, prev_hash)
            row = ReceiptRow(
                **_receipt_values(item), chain_seq=seq, prev_hash=prev_hash, hash=digest
            )
            self._session.add(row)
            self._session.flush()
            chain.advance(seq, digest)
        return _receipt(row)

    def update(self, item: Receipt) -> Receipt:
        raise TypeError("receipts are never changed")

    def page(
        self,
        organisation_id: int,
        offset: int,
        limit: int,
        text: str = "",
        hidden_kinds: Collection[str] = (),
    ) -> Page[Receipt]:
        _check_window(offset, limit)
        statement = (
            select(ReceiptRow)
            .where(
                ReceiptRow.organisation_id == organisation_id,
                *(_receipt_word(w) for w in _words(text)),
                *(~_receipt_has_kind(kind) for kind in hidden_kinds),
            )
            .order_by(ReceiptRow.signed_at.desc(), ReceiptRow.id.desc())
        )
        return self._page(statement, lambda r: _receipt(r[0]), offset, limit)


def _receipt_word(word: str) -> ColumnElement[bool]:
    """One word of a receipt search: a part of the signer's name or of the signed text,
    matched folded (lower case), as typed and capitalised, since SQLite's ``lower``
    folds ASCII only (``åsa`` still finds ``Åsa``). A number is the kvittensnummer; one
    of six digits or more (a date) is looked for in the text too."""
    if word.isdigit() and len(word) < 6:
        return ReceiptRow.id == int(word)
    matches: list[ColumnElement[bool]] = []
    for searched in (ReceiptRow.signer_name, ReceiptRow.summary):
        matches.append(_like(func.lower(searched), word))
        for variant in dict.fromkeys((word, word[:1].upper() + word[1:])):
            matches.append(searched.contains(variant, autoescape=True))
    if word.isdigit() and _storable(int(word)):
        matches.append(ReceiptRow.id == int(word))
    return or_(*matches)


def _receipt_has_kind(kind: str) -> ColumnElement[bool]:
    """The receipt's change set has a change of ``kind``. ``document`` is canonical JSON
    (``domain.changes.canonical_json``: sorted keys, no spaces), where a change's
    ``"kind"`` is followed by its ``"payload"``; a payload's own ``kind`` (a claim's, an
    account's) is never followed by ``"payload"``, and a value inside a string has its
    quotes escaped."""
    return ReceiptRow.document.contains(f'"kind":"{kind}","payload":', autoescape=True)


# -------------------------------------------------------------------------- audit


def _audit(row: AuditEntryRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        organisation_id=row.organisation_id,
        at=row.at,
        actor_person_id=row.actor_person_id,
        actor_name=row.actor_name,
        action=row.action,
        details=row.details,
        seq=row.seq,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


class _AuditChain:
    """Appending to one audit chain inside a unit of work (see ``domain/audit_chain.py``).

    :meth:`next_link` locks the chain's head row until the transaction ends — ``SELECT
    … FOR UPDATE`` on PostgreSQL, where a second writer then waits and reads the head
    the first one committed; on SQLite writing units of work already take turns
    (``BEGIN IMMEDIATE``) — so that links are numbered and linked one after the other.
    A head that does not exist yet is made first (``INSERT … ON CONFLICT DO NOTHING``,
    so that two first writers do not collide). The unique (chain, number) indexes are
    the backstop: a second link with one number is refused, never stored.
    """

    def __init__(self, session: Session, organisation_id: int | None) -> None:
        self._session = session
        self.chain_id = audit_chain.chain_of(organisation_id)

    def next_link(self) -> tuple[int, str]:
        """The number and ``prev_hash`` of the link to append now (the head is locked)."""
        gathering = batch_of(self._session)
        if gathering is not None and self.chain_id in gathering.heads:
            seq, digest = gathering.heads[self.chain_id]  # locked by this transaction
            return seq + 1, digest
        head = self._locked_head()
        if head is None:
            dialect = self._session.get_bind().dialect.name
            values = {"chain_id": self.chain_id, "seq": 0, "hash": audit_chain.GENESIS}
            insert_head: Any = (
                _postgresql().insert(AuditChainRow)
                if dialect == "postgresql"
                else sqlite.insert(AuditChainRow)
            )
            self._session.execute(insert_head.values(values).on_conflict_do_nothing())
            head = self._locked_head()
            assert head is not None
        return head[0] + 1, head[1]

    def advance(self, seq: int, digest: str) -> None:
        gathering = batch_of(self._session)
        if gathering is not None:  # written once, at the batch's commit
            gathering.heads[self.chain_id] = (seq, digest)
            gathering.moved.add(self.chain_id)
            return
        store_audit_heads(self._session.connection(), {self.chain_id: (seq, digest)})

    def _locked_head(self) -> tuple[int, str] | None:
        row = self._session.execute(
            select(AuditChainRow.seq, AuditChainRow.hash)
            .where(AuditChainRow.chain_id == self.chain_id)
            .with_for_update()
        ).first()
        return None if row is None else (row.seq, row.hash)


def store_audit_heads(connection: Connection, heads: Mapping[int, tuple[int, str]]) -> None:
    """Move each chain's head to its last link (number, hash)."""
    for chain_id, (seq, digest) in heads.items():
        connection.execute(
            update(AuditChainRow)
            .where(AuditChainRow.chain_id == chain_id)
            .values(seq=seq, hash=digest)
            .execution_options(synchronize_session=False)
        )


class SqlAuditRepository(_Repository):
    """The audit trail: ``add`` appends a link to the entry's chain (one per
    organisation, :data:`audit_chain.SYSTEM_CHAIN` for entries of none)."""

    def add(self, entry: AuditEntry) -> AuditEntry:
        _require_new(entry.id, "audit entry")
        with self._write(duplicate=CHAIN_BUSY, missing="Organisationen eller personen finns inte."):
            chain = _AuditChain(self._session, entry.organisation_id)
            seq, prev_hash = chain.next_link()
            digest = audit_chain.entry_hash(entry, seq, prev_hash)
            row = AuditEntryRow(
                organisation_id=entry.organisation_id,
                at=entry.at,
                actor_person_id=entry.actor_person_id,
                actor_name=entry.actor_name,
                action=entry.action,
                details=entry.details,
                chain_id=chain.chain_id,
                seq=seq,
                prev_hash=prev_hash,
                hash=digest,
            )
            self._session.add(row)
            self._session.flush()
            chain.advance(seq, digest)
        return _audit(row)

    def page(self, organisation_id: int, offset: int, limit: int) -> Page[AuditEntry]:
        _check_window(offset, limit)
        statement = (
            select(AuditEntryRow)
            .where(AuditEntryRow.organisation_id == organisation_id)
            .order_by(AuditEntryRow.at.desc(), AuditEntryRow.id.desc())
        )
        return self._page(statement, lambda r: _audit(r[0]), offset, limit)

    def head(self, chain_id: int) -> ChainHead | None:
        row = self._session.execute(
            select(AuditChainRow.seq, AuditChainRow.hash).where(AuditChainRow.chain_id == chain_id)
        ).first()
        return None if row is None else ChainHead(chain_id, row.seq, row.hash)

    def chain_ids(self) -> list[int]:
        """Every chain with a head, an entry or a receipt (a deleted head must not hide
        a chain from verification)."""
        statement = union(
            select(AuditChainRow.chain_id),
            select(AuditEntryRow.chain_id),
            select(ReceiptRow.organisation_id),
        )
        return sorted(int(value) for value in self._session.scalars(statement))

    def links(self, chain_id: int, after_seq: int | None, limit: int) -> list[Link]:
        """About ``limit`` links numbered above ``after_seq`` (``None``: all, 0 and below
        included), by number, then entry before receipt, then id. Every link of the
        last number returned is included, so a walk in windows sees a number used twice.
        """
        entry_seqs = select(AuditEntryRow.seq).where(AuditEntryRow.chain_id == chain_id)
        receipt_seqs = select(ReceiptRow.chain_seq).where(ReceiptRow.organisation_id == chain_id)
        if after_seq is not None:
            entry_seqs = entry_seqs.where(AuditEntryRow.seq > after_seq)
            receipt_seqs = receipt_seqs.where(ReceiptRow.chain_seq > after_seq)
        entries = self._session.scalars(entry_seqs.order_by(AuditEntryRow.seq).limit(limit))
        receipts = self._session.scalars(receipt_seqs.order_by(ReceiptRow.chain_seq).limit(limit))
        seqs = sorted([*entries, *receipts])[:limit]
        if not seqs:
            return []
        return self._between(chain_id, after_seq, seqs[-1])

    def link(self, chain_id: int, seq: int) -> Link | None:
        """The (first) link numbered ``seq`` in the chain, if any."""
        found = self._between(chain_id, seq - 1, seq)
        return found[0] if found else None

    def _between(self, chain_id: int, after_seq: int | None, last_seq: int) -> list[Link]:
        entries = select(AuditEntryRow).where(
            AuditEntryRow.chain_id == chain_id, AuditEntryRow.seq <= last_seq
        )
        receipts = select(ReceiptRow).where(
            ReceiptRow.organisation_id == chain_id, ReceiptRow.chain_seq <= last_seq
        )
        if after_seq is not None:
            entries = entries.where(AuditEntryRow.seq > after_seq)
            receipts = receipts.where(ReceiptRow.chain_seq > after_seq)
        found: list[tuple[int, int, int, Link]] = [
            (row.seq, 0, row.id, _audit(row)) for row in self._session.scalars(entries)
        ]
        found += [
            (row.chain_seq, 1, row.id, _receipt(row)) for row in self._session.scalars(receipts)
        ]
        found.sort(key=lambda item: item[:3])
        return [item[3] for item in found]


# ------------------------------------------------------------------ signing orders


def _order_values(o: SigningOrder) -> dict[str, Any]:
    return {
        "purpose": o.purpose.value,
        "started_at": o.started_at,
        "state": o.state.value,
        "auto_start_token": o.auto_start_token,
        "qr_start_token": o.qr_start_token,
        "qr_start_secret": o.qr_start_secret,
        "organisation_id": o.organisation_id,
        "person_id": o.person_id,
        "digest": o.digest,
        "summary": o.summary,
        "hint_code": o.hint_code,
        "receipt_id": o.receipt_id,
    }


def _order(row: SigningOrderRow) -> SigningOrder:
    return SigningOrder(
        order_ref=row.order_ref,
        purpose=OrderPurpose(row.purpose),
        started_at=row.started_at,
        state=OrderState(row.state),
        auto_start_token=row.auto_start_token,
        qr_start_token=row.qr_start_token,
        qr_start_secret=row.qr_start_secret,
        organisation_id=row.organisation_id,
        person_id=row.person_id,
        digest=row.digest,
        summary=row.summary,
        hint_code=row.hint_code,
        receipt_id=row.receipt_id,
        version=row.version,
    )


class SqlSigningOrderRepository(_Repository):
    _MISSING = msg("Organisationen, personen eller kvittensen som ordern hänvisar till finns inte.")

    def add(self, order: SigningOrder) -> SigningOrder:
        """Stored with version 1, whatever ``order.version`` says."""
        row = SigningOrderRow(order_ref=order.order_ref, **_order_values(order), version=1)
        with self._write(
            duplicate=msg("Signeringsordern {order_ref} finns redan.", order_ref=order.order_ref),
            missing=self._MISSING,
        ):
            self._session.add(row)
        return _order(row)

    def get(self, order_ref: str) -> SigningOrder | None:
        row = self._session.get(SigningOrderRow, order_ref)
        return _order(row) if row else None

    def update(self, order: SigningOrder) -> SigningOrder:
        """Compare-and-set: ``UPDATE … WHERE order_ref = :ref AND version = :old``."""
        row = self._session.get(SigningOrderRow, order.order_ref)
        if row is None:
            raise NotFound("Signeringsordern finns inte.")
        if row.version != order.version:
            raise Conflict(STALE_ORDER)
        try:
            with self._write(missing=self._MISSING):
                _assign(row, _order_values(order))
                # The mapper adds "WHERE version = <old>"; a writer on another connection
                # that got in first makes it match no row (StaleDataError).
                row.version = order.version + 1
        except StaleDataError as exc:
            raise Conflict(STALE_ORDER) from exc
        return _order(row)

    def stale_pending(self, started_before: dt.datetime) -> list[SigningOrder]:
        rows = self._session.scalars(
            select(SigningOrderRow)
            .where(
                SigningOrderRow.state == OrderState.PENDING.value,
                SigningOrderRow.started_at < started_before,
            )
            .order_by(SigningOrderRow.started_at, SigningOrderRow.order_ref)
        )
        return [_order(r) for r in rows]

    def pending_of(self, person_id: int) -> list[SigningOrder]:
        rows = self._session.scalars(
            select(SigningOrderRow)
            .where(
                SigningOrderRow.person_id == person_id,
                SigningOrderRow.state == OrderState.PENDING.value,
            )
            .order_by(SigningOrderRow.started_at, SigningOrderRow.order_ref)
        )
        return [_order(r) for r in rows]


# ----------------------------------------------------------------------- sessions


def _login_session(row: SessionRow) -> LoginSession:
    return LoginSession(
        id=row.id,
        token_hash=row.token_hash,
        person_id=row.person_id,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        revoked_at=row.revoked_at,
        order_ref=row.order_ref,
    )


_SESSIONS, _PERSONS, _ORGANISATIONS, _AUTHORIZATIONS = (
    SessionRow.__table__,
    PersonRow.__table__,
    OrganisationRow.__table__,
    AuthorizationRow.__table__,
)
#: What every service call reads first (``resolve``): the session by its token's hash,
#: its person, the organisation asked for and the person's authorization there, in one
#: indexed statement. Built once, and read as plain rows (the tables' columns): it runs
#: on every call, and the ORM's loading of four objects took about three quarters of
#: its time. The conditions name the mapped classes, so that the session flushes first
#: as it does for its own queries.
_RESOLVE = (
    select(_SESSIONS, _PERSONS, _ORGANISATIONS, _AUTHORIZATIONS)
    .join(_PERSONS, PersonRow.id == SessionRow.person_id)
    .outerjoin(_ORGANISATIONS, OrganisationRow.id == bindparam("organisation_id"))
    .outerjoin(
        _AUTHORIZATIONS,
        and_(
            AuthorizationRow.person_id == PersonRow.id,
            AuthorizationRow.organisation_id == bindparam("organisation_id"),
        ),
    )
    .where(SessionRow.token_hash == bindparam("token_hash"))
)


def _split_by_table(*tables: Any) -> Callable[[Sequence[Any]], list[Any]]:
    """A row of ``select(*tables)`` as one object per table, whose attributes are that
    table's columns (what the row converters read); a table outer-joined to nothing
    gives an object whose columns are all ``None``."""
    spans: list[tuple[list[str], int, int]] = []
    start = 0
    for each in tables:
        keys = list(each.c.keys())
        spans.append((keys, start, start + len(keys)))
        start += len(keys)

    def split(row: Sequence[Any]) -> list[Any]:
        return [
            SimpleNamespace(**dict(zip(keys, row[begin:end], strict=True)))
            for keys, begin, end in spans
        ]

    return split


_RESOLVE_SPLIT = _split_by_table(_SESSIONS, _PERSONS, _ORGANISATIONS, _AUTHORIZATIONS)


class SqlSessionRepository(_Repository):
    def add(self, session: LoginSession) -> LoginSession:
        _require_new(session.id, "session")
        row = SessionRow(
            token_hash=session.token_hash,
            person_id=session.person_id,
            created_at=session.created_at,
            last_seen_at=session.last_seen_at,
            revoked_at=session.revoked_at,
            order_ref=session.order_ref,
        )
        with self._write(
            duplicate="Sessionen finns redan. Logga in igen.", missing="Personen finns inte."
        ):
            self._session.add(row)
        return _login_session(row)

    def by_token_hash(self, token_hash: str) -> LoginSession | None:
        row = self._session.scalar(select(SessionRow).where(SessionRow.token_hash == token_hash))
        return _login_session(row) if row else None

    def resolve(self, token_hash: str, organisation_id: int) -> Resolved | None:
        org_id = organisation_id if _storable(organisation_id) else 0
        row = self._session.execute(
            _RESOLVE, {"token_hash": token_hash, "organisation_id": org_id}
        ).first()
        if row is None:
            return None
        session, person, organisation, authorization = _RESOLVE_SPLIT(row)
        return Resolved(
            session=_login_session(session),
            person=_person(person),
            organisation=_organisation(organisation) if organisation.id is not None else None,
            user=_user(authorization, person) if authorization.id is not None else None,
        )

    def update(self, session: LoginSession) -> LoginSession:
        """Only ``last_seen_at`` and ``revoked_at`` change; the rest is the stored one's."""
        row = self._session.get(SessionRow, session.id)
        if row is None:
            raise NotFound("Sessionen finns inte.")
        # One statement, and a revocation is never undone: a call that read the session
        # before a logout (elsewhere) and notes its use after it cannot revive the token.
        with self._write():
            self._session.execute(
                update(SessionRow)
                .where(SessionRow.id == session.id)
                .values(
                    last_seen_at=session.last_seen_at,
                    revoked_at=func.coalesce(SessionRow.revoked_at, session.revoked_at),
                )
                .execution_options(synchronize_session=False)
            )
            self._session.refresh(row)
        return _login_session(row)


# -------------------------------------------------------------------- idempotency


class SqlIdempotencyRepository(_Repository):
    def get(self, person_id: int, key: str, *, lock: bool = False) -> IdempotencyRecord | None:
        """The stored answer of ``key``, if any. ``lock`` makes a second unit of work
        with the same key wait here until the first has committed or rolled back (on
        PostgreSQL a transaction-level advisory lock on the key; READ COMMITTED then
        reads the first one's answer; SQLite's writing units of work take turns
        already), so that two simultaneous tries of one write run it once and both get
        its answer.

        In a batch (:mod:`.batch`) a key of :meth:`lock_many`, or one this batch has
        stored, is answered from what the batch knows."""
        gathering = batch_of(self._session)
        if gathering is not None and (person_id, key) in gathering.known:
            return gathering.known[(person_id, key)]
        if lock and self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(
                select(func.pg_advisory_xact_lock(_IDEMPOTENCY_LOCK, _key_lock(person_id, key)))
            )
            row = self._session.get(IdempotencyKeyRow, (person_id, key), populate_existing=True)
        else:
            row = self._session.get(IdempotencyKeyRow, (person_id, key))
        return None if row is None else _record(row)

    def lock_many(self, person_id: int, keys: Collection[str]) -> None:
        """Lock the keys (as :meth:`get` with ``lock`` does, all at once and in one
        order, so two such calls cannot deadlock) and read their records: in a batch,
        later gets of these keys are answered without asking the database again."""
        wanted = sorted(set(keys))
        if not wanted:
            return
        if self._session.get_bind().dialect.name == "postgresql":
            numbers = sorted({_key_lock(person_id, k) for k in wanted})
            number = func.unnest(bindparam("keys", numbers, ARRAY(Integer))).column_valued("n")
            locks = select(func.pg_advisory_xact_lock(_IDEMPOTENCY_LOCK, number))
            self._session.execute(locks).all()
        rows = self._session.scalars(
            select(IdempotencyKeyRow)
            .where(IdempotencyKeyRow.person_id == person_id, IdempotencyKeyRow.key.in_(wanted))
            .execution_options(populate_existing=True)
        )
        found = {row.key: _record(row) for row in rows}
        gathering = batch_of(self._session)
        if gathering is not None:
            gathering.known.update({(person_id, k): found.get(k) for k in wanted})

    def add(self, record: IdempotencyRecord) -> None:
        """Flushed at once: a key another unit of work holds is a ``Conflict`` here (on
        PostgreSQL after waiting for that one to commit or roll back). In a batch it is
        inserted at the commit, with the batch's other records."""
        gathering = batch_of(self._session)
        if gathering is not None:
            if gathering.known.get((record.person_id, record.key)) is not None:
                raise Conflict(DUPLICATE_REQUEST)
            gathering.record(record)
            return
        row = IdempotencyKeyRow(
            person_id=record.person_id,
            key=record.key,
            request_hash=record.request_hash,
            result=record.result,
            created_at=record.created_at,
        )
        with self._write(duplicate=DUPLICATE_REQUEST, missing="Personen finns inte."):
            self._session.add(row)


def _key_lock(person_id: int, key: str) -> int:
    """The second half of the advisory lock on an idempotency key."""
    return zlib.crc32(f"kawebb.idempotency.{person_id}.{key}".encode()) - 2**31


def _record(row: IdempotencyKeyRow) -> IdempotencyRecord:
    return IdempotencyRecord(
        key=row.key,
        person_id=row.person_id,
        request_hash=row.request_hash,
        result=row.result,
        created_at=row.created_at,
    )


def store_records(session: Session, records: Sequence[IdempotencyRecord]) -> None:
    """Insert a batch's idempotency records in one statement (their keys are locked,
    so a key taken meanwhile is only a race of another process's unlocked path)."""
    values = [
        {
            "person_id": r.person_id,
            "key": r.key,
            "request_hash": r.request_hash,
            "result": r.result,
            "created_at": r.created_at,
        }
        for r in records
    ]
    try:
        with session.begin_nested():
            session.execute(insert(IdempotencyKeyRow), values)
    except IntegrityError as exc:
        raise Conflict(DUPLICATE_REQUEST) from exc


# -------------------------------------------------------- upserts of plain values


def _upsert(
    session: Session, row: type[Base], values: dict[str, Any], key: str, replace: Sequence[str]
) -> None:
    """``INSERT … ON CONFLICT (key) DO UPDATE SET replace…`` in one statement, so that
    two writers of one key never collide. Only columns are read back from these tables
    (never rows into the identity map), so nothing cached can go stale."""
    if session.get_bind().dialect.name == "postgresql":
        pg = _postgresql().insert(row).values(values)
        statement: Any = pg.on_conflict_do_update(
            index_elements=[key], set_={c: pg.excluded[c] for c in replace}
        )
    else:
        lite = sqlite.insert(row).values(values)
        statement = lite.on_conflict_do_update(
            index_elements=[key], set_={c: lite.excluded[c] for c in replace}
        )
    session.execute(statement)


def _postgresql() -> ModuleType:
    """SQLAlchemy's PostgreSQL dialect, imported when first used (a SQLite app's start
    does without it)."""
    from sqlalchemy.dialects import postgresql

    return postgresql


class SqlMetaRepository(_Repository):
    def get(self, key: str) -> str | None:
        return self._session.scalar(select(StoreMetaRow.value).where(StoreMetaRow.key == key))

    def set(self, key: str, value: str) -> None:
        with self._write():
            _upsert(self._session, StoreMetaRow, {"key": key, "value": value}, "key", ["value"])


class SqlSimulatorOrderRepository(_Repository):
    def get(self, order_ref: str) -> str | None:
        return self._session.scalar(
            select(SimulatorOrderRow.data).where(SimulatorOrderRow.order_ref == order_ref)
        )

    def put(self, order_ref: str, personal_number: str | None, data: str) -> None:
        """A replaced order keeps its place in the order (its ``seq``)."""
        seq = select(func.coalesce(func.max(SimulatorOrderRow.seq), 0) + 1).scalar_subquery()
        values = {
            "order_ref": order_ref,
            "personal_number": personal_number,
            "data": data,
            "seq": seq,
        }
        with self._write():
            _upsert(
                self._session, SimulatorOrderRow, values, "order_ref", ["personal_number", "data"]
            )

    def delete(self, order_ref: str) -> None:
        with self._write():
            self._session.execute(
                delete(SimulatorOrderRow).where(SimulatorOrderRow.order_ref == order_ref)
            )

    def with_personal_number(self, personal_number: str) -> list[str]:
        return list(
            self._session.scalars(
                select(SimulatorOrderRow.data)
                .where(SimulatorOrderRow.personal_number == personal_number)
                .order_by(SimulatorOrderRow.seq, SimulatorOrderRow.order_ref)
            )
        )
