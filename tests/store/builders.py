"""Valid domain objects for the store tests, with every field filled unless asked.

Personnummer and organisationsnummer are computed with a correct check digit, so the
tests can make as many distinct ones as they need.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from typing import Any

from stdnum import luhn

from kawebb_desktop.domain.changes import ChangeAction, ChangeKind, PendingChange, UserDraft
from kawebb_desktop.domain.entities import (
    Case,
    CaseKind,
    CaseStatus,
    Organisation,
    Person,
    Unit,
    User,
)
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress, OrgNumber, Personnummer
from kawebb_desktop.store.base import UnitOfWork

UTC = dt.UTC
#: E-mail local parts are ASCII: Åberg → Aberg, and no spaces.
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O", " ": "."})
_serials = itertools.count(1)
_org_serials = itertools.count(1)
_case_numbers = itertools.count(4_000_001)


def personnummer(birth: str = "19800101", serial: int | None = None) -> Personnummer:
    """A valid personnummer born on ``birth`` (``YYYYMMDD``; day + 60 for samordning)."""
    number = f"{next(_serials) % 999 + 1 if serial is None else serial:03d}"
    body = birth + number
    return Personnummer(body + luhn.calc_check_digit(body[2:]))


def org_number(serial: int | None = None) -> OrgNumber:
    """A valid organisationsnummer of a municipality (2120…)."""
    body = f"2120{next(_org_serials) if serial is None else serial:05d}"
    return OrgNumber(body + luhn.calc_check_digit(body))


def organisation(name: str = "Dorotea kommun", **fields: Any) -> Organisation:
    default = Organisation(
        id=0,
        org_number=org_number(),
        name=name,
        street_address="Storgatan 1",
        postal_code="917 81",
        city="Dorotea",
        phone="0942-140 00",
        fax="0942-101 01",
        website="https://www.dorotea.se",
    )
    return replace(default, **fields)


def unit(organisation_id: int, name: str = "Dorotea UBK", **fields: Any) -> Unit:
    default = Unit(
        id=0,
        organisation_id=organisation_id,
        name=name,
        case_kind=CaseKind.HUVUDARENDE,
        street_address="Skolgatan 2",
        postal_code="917 31",
        city="Dorotea",
    )
    return replace(default, **fields)


def person(
    first_name: str = "Anna", last_name: str = "Svensson", birth: str = "19800101"
) -> Person:
    return Person(0, personnummer(birth), first_name, last_name)


def user(
    organisation_id: int,
    stored_person: Person,
    *,
    role: Role = Role.TJANSTEADMINISTRATOR,
    email: str | None = None,
    start_date: dt.date = dt.date(2026, 1, 1),
    end_date: dt.date | None = dt.date(2027, 12, 31),
    activates_at: dt.datetime | None = None,
) -> User:
    if role.is_admin and end_date == dt.date(2027, 12, 31):
        end_date = None
    local = f"{stored_person.first_name}.{stored_person.last_name}".translate(_ASCII)
    address = email or f"{local}@dorotea.se"
    return User(
        id=0,
        organisation_id=organisation_id,
        person=stored_person,
        email=EmailAddress.parse(address),
        role=role,
        start_date=start_date,
        end_date=end_date,
        activates_at=activates_at,
    )


def case(
    organisation_id: int,
    unit_id: int,
    *,
    first_name: str = "Kalle",
    last_name: str = "Karlsson",
    birth: str = "20050607",
    case_number: int | None = None,
    status: CaseStatus = CaseStatus.PLANERING,
    start_date: dt.date = dt.date(2026, 2, 1),
    end_date: dt.date | None = dt.date(2026, 12, 31),
    last_event: str = "Ärende uppdaterat",
    last_event_on: dt.date = dt.date(2026, 3, 1),
) -> Case:
    return Case(
        id=0,
        organisation_id=organisation_id,
        unit_id=unit_id,
        case_number=next(_case_numbers) if case_number is None else case_number,
        first_name=first_name,
        last_name=last_name,
        personnummer=personnummer(birth),
        status=status,
        start_date=start_date,
        end_date=end_date,
        last_event=last_event,
        last_event_on=last_event_on,
    )


def pending_user_change(
    organisation_id: int,
    created_by: int,
    *,
    action: ChangeAction = ChangeAction.NY,
    target_id: int | None = None,
    first_name: str = "Örjan",
    created_at: dt.datetime = dt.datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
) -> PendingChange:
    draft = UserDraft(
        first_name=first_name,
        last_name="Åström",
        personnummer=personnummer("19900215"),
        email=EmailAddress("orjan.astrom@dorotea.se"),
        role=Role.LARARE,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 12, 31),
    )
    return PendingChange(
        id=0,
        organisation_id=organisation_id,
        kind=ChangeKind.USER,
        action=action,
        target_id=target_id,
        payload=draft.to_payload(),
        created_by_person_id=created_by,
        created_at=created_at,
    )


def add_organisation_with_admin(uow: UnitOfWork, name: str = "Dorotea kommun") -> User:
    """An organisation, a unit and its Behörighetsadministratör; returns the admin."""
    org = uow.organisations.add(organisation(name))
    uow.units.add(unit(org.id))
    admin = uow.persons.add(person("Bodil", "Berg", "19700304"))
    return uow.users.add(user(org.id, admin, role=Role.BEHORIGHETSADMINISTRATOR))
