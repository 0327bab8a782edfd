"""Use cases. Each service takes the signed-in Actor, checks permissions against the
store, applies the domain rules and talks only to the store and signer protocols."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.services.auth import AuthService
from kawebb_desktop.services.cases import CaseService
from kawebb_desktop.services.organisations import OrganisationService
from kawebb_desktop.services.signing import SigningService
from kawebb_desktop.services.users import UserAdminService
from kawebb_desktop.signing.base import Signer
from kawebb_desktop.store.base import Store


@dataclass(frozen=True, slots=True)
class Services:
    """Everything the UI may call, built once by the composition root."""

    clock: Clock
    auth: AuthService
    users: UserAdminService
    signing: SigningService
    organisations: OrganisationService
    cases: CaseService
    store_description: str


def build_services(
    store: Store, signer: Signer, clock: Clock, activation_delay: dt.timedelta
) -> Services:
    return Services(
        clock=clock,
        auth=AuthService(store, signer, clock),
        users=UserAdminService(store, clock),
        signing=SigningService(store, signer, clock, activation_delay),
        organisations=OrganisationService(store, clock),
        cases=CaseService(store, clock),
        store_description=store.description,
    )
