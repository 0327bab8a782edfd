"""A small organisation (one admin, one tjänsteadministratör) and their actors."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.entities import Organisation, Unit, User
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.services import Services
from kawebb_desktop.signing.simulator import BankIdSimulator
from kawebb_desktop.store.base import Store
from tests.helpers import ADMIN_PNR, SERVICE_PNR, login, standard_org


@dataclass
class World:
    store: Store
    services: Services
    simulator: BankIdSimulator
    clock: FixedClock
    org: Organisation
    unit: Unit
    admin_user: User
    service_user: User
    admin: Actor
    service: Actor

    def snapshot(self) -> tuple[object, ...]:
        """Everything a refused call must leave unchanged (audit aside)."""
        with self.store.unit_of_work() as uow:
            users = sorted(
                (u for role in Role for u in uow.users.with_role(self.org.id, role)),
                key=lambda u: u.id,
            )
            persons = uow.persons.list_all()
            pending = uow.pending.for_organisation(self.org.id)
            receipts = uow.receipts.page(self.org.id, 0, 100).items
        return tuple(users), tuple(persons), tuple(pending), receipts


@pytest.fixture
def world(store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock) -> World:
    org, unit, admin_user, service_user = standard_org(store)
    admin = login(services, simulator, clock, ADMIN_PNR)
    service = login(services, simulator, clock, SERVICE_PNR)
    return World(
        store, services, simulator, clock, org, unit, admin_user, service_user, admin, service
    )
