"""A small organisation (one admin, one tjänsteadministratör), logged in for real."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.entities import AuditEntry, Organisation, Unit, User
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.services import Services
from kawebb_desktop.services.api import Caller, caller_of
from kawebb_desktop.services.demo import SimulatedPhone
from kawebb_desktop.signing.simulator import BankIdSimulator
from kawebb_desktop.store.base import Store
from tests.helpers import ADMIN_PNR, SERVICE_PNR, login, standard_org

#: Later than any order a test starts: every order still pending started before it.
FAR_FUTURE = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


@dataclass
class World:
    store: Store
    services: Services
    simulator: BankIdSimulator
    phone: SimulatedPhone
    clock: FixedClock
    org: Organisation
    unit: Unit
    admin_user: User
    service_user: User
    admin_actor: Actor
    service_actor: Actor

    @property
    def admin(self) -> Caller:
        return caller_of(self.admin_actor)

    @property
    def service(self) -> Caller:
        return caller_of(self.service_actor)

    def user(self, user_id: int) -> User:
        with self.store.unit_of_work() as uow:
            user = uow.users.get(user_id)
        assert user is not None
        return user

    def snapshot(self, *, orders: bool = True) -> tuple[object, ...]:
        """Everything a refused call must leave unchanged (audit aside): the users, the
        persons, the pending changes, the receipts and (``orders``) the pending orders."""
        with self.store.unit_of_work() as uow:
            users = sorted(
                (u for role in Role for u in uow.users.with_role(self.org.id, role)),
                key=lambda u: u.id,
            )
            persons = uow.persons.list_all()
            pending = uow.pending.for_organisation(self.org.id)
            receipts = uow.receipts.page(self.org.id, 0, 100).items
            pending_orders = tuple(uow.orders.stale_pending(FAR_FUTURE)) if orders else ()
        return tuple(users), tuple(persons), tuple(pending), receipts, pending_orders

    def audit(self) -> tuple[AuditEntry, ...]:
        with self.store.unit_of_work() as uow:
            return uow.audit.page(self.org.id, 0, 500).items


@pytest.fixture
def world(
    store: Store,
    services: Services,
    simulator: BankIdSimulator,
    phone: SimulatedPhone,
    clock: FixedClock,
) -> World:
    org, unit, admin_user, service_user = standard_org(store)
    admin = login(services, simulator, clock, ADMIN_PNR)
    service = login(services, simulator, clock, SERVICE_PNR)
    return World(
        store,
        services,
        simulator,
        phone,
        clock,
        org,
        unit,
        admin_user,
        service_user,
        admin,
        service,
    )
