"""Test helpers: build small organisations, find demo people, log in via the simulator.

``login`` goes the only way there is to an actor: a BankID identification (approved by
the simulated phone as the person the store knows), a session token, and ``enter``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import UserDraft
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.entities import CaseKind, Organisation, Person, Unit, User
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress, OrgNumber, Personnummer
from kawebb_desktop.services import Services
from kawebb_desktop.services.api import SignProgress, StartSigning, caller_of
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.signing.simulator import BankIdSimulator, SimulatedPerson
from kawebb_desktop.store.base import Store

# Valid personnummer (Luhn checked) for test people.
ADMIN_PNR = "196403269803"
ADMIN2_PNR = "198706299818"
SERVICE_PNR = "199007209811"
READER_PNR = "188803099814"
NEW_PNR = "197810172424"
SAMORDNING_PNR = "197010632391"


def directory_of(store: Store) -> Callable[[str], SimulatedPerson | None]:
    def lookup(number: str) -> SimulatedPerson | None:
        with store.unit_of_work() as uow:
            person = uow.persons.by_personnummer(Personnummer(number))
        if person is None:
            return None
        return SimulatedPerson(person.personnummer.value, person.first_name, person.last_name)

    return lookup


def add_organisation(
    store: Store, name: str = "Dorotea kommun", number: str = "2120002809"
) -> tuple[Organisation, Unit]:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(Organisation(0, OrgNumber(number), name))
        unit = uow.units.add(Unit(0, org.id, f"{name} UBK", CaseKind.HUVUDARENDE))
        uow.commit()
    return org, unit


def add_user(
    store: Store,
    organisation: Organisation,
    pnr: str,
    first: str,
    last: str,
    role: Role,
    start: dt.date = dt.date(2020, 1, 1),
    end: dt.date | None = None,
    email: str | None = None,
) -> User:
    with store.unit_of_work() as uow:
        number = Personnummer(pnr)
        person = uow.persons.by_personnummer(number) or uow.persons.add(
            Person(0, number, first, last)
        )
        ascii_name = f"{first}.{last}".lower().translate(str.maketrans("åäöé", "aaoe"))
        address = email or f"{ascii_name}@example.se"
        if end is None and not role.is_admin:
            end = dt.date(2027, 12, 31)
        user = uow.users.add(
            User(0, organisation.id, person, EmailAddress(address), role, start, end)
        )
        uow.commit()
    return user


def draft(
    pnr: str = NEW_PNR,
    role: Role = Role.TJANSTEADMINISTRATOR,
    start: dt.date = dt.date(2026, 6, 15),
    end: dt.date | None = dt.date(2027, 12, 31),
    first: str = "Andrea",
    last: str = "Sandin",
    email: str = "andrea.sandin@dorotea.se",
) -> UserDraft:
    return UserDraft(first, last, Personnummer(pnr), EmailAddress(email), role, start, end)


def login(
    services: Services,
    simulator: BankIdSimulator,
    clock: FixedClock,
    pnr: str,
    organisation_id: int | None = None,
) -> Actor:
    """Identify as ``pnr`` and enter an organisation (default: the first choice).

    The simulated phone approves the login as the person the store knows (with the
    registered name, so logging in renames nobody); an unknown ``pnr`` is "Test
    Testsson". Returns the actor with its real session token."""
    phone = services.demo_phone
    assert phone is not None, "login() needs services built with demo_phone"
    order = services.auth.start_login()
    clock.advance(dt.timedelta(seconds=1))
    phone.approve(order.order_ref, pnr)
    progress = services.auth.collect_login(order.order_ref)
    assert progress.status is CollectStatus.COMPLETE, progress
    assert progress.token is not None
    chosen = organisation_id if organisation_id is not None else progress.choices[0].organisation_id
    return services.auth.enter(progress.token, chosen)


def sign_all(services: Services, clock: FixedClock, actor: Actor) -> SignProgress:
    """Start signing the user changes and let the simulated user approve (the simulator
    approves after 3 s of clock time); returns the final progress."""
    caller = caller_of(actor)
    order = services.signing.start(caller, StartSigning())
    clock.advance(dt.timedelta(seconds=4))
    return services.signing.collect(caller, order.order_ref)


def standard_org(store: Store) -> tuple[Organisation, Unit, User, User]:
    """Dorotea with one admin (Arvid) and one tjänsteadministratör (Viking)."""
    org, unit = add_organisation(store)
    admin = add_user(store, org, ADMIN_PNR, "Arvid", "Aronsson", Role.BEHORIGHETSADMINISTRATOR)
    service = add_user(store, org, SERVICE_PNR, "Viking", "Evertsson", Role.TJANSTEADMINISTRATOR)
    return org, unit, admin, service
