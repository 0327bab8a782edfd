"""Organisation data as the header and *Organisationen* show it (read-only for now)."""

from __future__ import annotations

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.entities import Account, ContactPerson, Organisation, Unit
from kawebb_desktop.domain.errors import NotFound
from kawebb_desktop.domain.roles import Access, Function
from kawebb_desktop.services.common import authorize
from kawebb_desktop.store.base import Store


class OrganisationService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def organisation(self, actor: Actor) -> Organisation:
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, Function.KONTAKTPERSON, Access.NONE)
            organisation = uow.organisations.get(actor.organisation_id)
        if organisation is None:
            raise NotFound("Organisationen finns inte.")
        return organisation

    def units(self, actor: Actor) -> list[Unit]:
        """Utförande verksamheter of the actor's organisation (the header selector)."""
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, Function.UTFORANDE_VERKSAMHET, Access.NONE)
            return uow.units.for_organisation(actor.organisation_id)

    def contacts(self, actor: Actor) -> list[ContactPerson]:
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, Function.KONTAKTPERSON, Access.READ)
            return uow.contacts.for_organisation(actor.organisation_id)

    def accounts(self, actor: Actor) -> list[Account]:
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, Function.KONTOINFORMATION, Access.READ)
            return uow.accounts.for_organisation(actor.organisation_id)
