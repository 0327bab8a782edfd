"""What every service does first: re-check who the actor is, then write the audit trail."""

from __future__ import annotations

import datetime as dt

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.entities import AuditEntry, User
from kawebb_desktop.domain.errors import NotAuthorized
from kawebb_desktop.domain.roles import Access, Function, require
from kawebb_desktop.store.base import UnitOfWork

NO_LONGER_ACTIVE = (
    "Din behörighet i organisationen är inte längre aktiv. Logga in igen eller kontakta "
    "din behörighetsadministratör."
)


def authorize(
    uow: UnitOfWork, clock: Clock, actor: Actor, function: Function, needed: Access
) -> User:
    """Return the actor's current authorization if it is active and allows ``function``.

    The role is read from the store, never taken from ``actor``: an actor object that is
    stale (demoted meanwhile) or forged grants nothing.
    """
    user = uow.users.get(actor.authorization_id)
    if (
        user is None
        or user.organisation_id != actor.organisation_id
        or user.person.id != actor.person_id
        or not user.is_active(clock.now(), clock.today())
    ):
        raise NotAuthorized(NO_LONGER_ACTIVE)
    require(user.role, function, needed)
    return user


def audit(
    uow: UnitOfWork,
    at: dt.datetime,
    action: str,
    details: str,
    *,
    actor: Actor | None = None,
    organisation_id: int | None = None,
    actor_name: str | None = None,
    actor_person_id: int | None = None,
) -> None:
    uow.audit.add(
        AuditEntry(
            id=0,
            organisation_id=organisation_id if actor is None else actor.organisation_id,
            at=at,
            actor_person_id=actor.person_id if actor else actor_person_id,
            actor_name=actor.name if actor else (actor_name or ""),
            action=action,
            details=details,
        )
    )
