"""Organisation data as the header and *Organisationen* show it (read-only for now)."""

from __future__ import annotations

from kawebb_desktop.domain.entities import Account, ContactPerson, Organisation, Unit
from kawebb_desktop.domain.roles import Access, Function
from kawebb_desktop.services.api import Caller
from kawebb_desktop.services.common import ServiceBase


class OrganisationService(ServiceBase):
    def organisation(self, caller: Caller) -> Organisation:
        with self._acting(caller, Function.KONTAKTPERSON, Access.NONE) as (_uow, me):
            return me.organisation

    def units(self, caller: Caller) -> list[Unit]:
        """Utförande verksamheter of the caller's organisation (the header selector)."""
        with self._acting(caller, Function.UTFORANDE_VERKSAMHET, Access.NONE) as (uow, me):
            return uow.units.for_organisation(me.organisation_id)

    def contacts(self, caller: Caller) -> list[ContactPerson]:
        with self._acting(caller, Function.KONTAKTPERSON, Access.READ) as (uow, me):
            return uow.contacts.for_organisation(me.organisation_id)

    def accounts(self, caller: Caller) -> list[Account]:
        with self._acting(caller, Function.KONTOINFORMATION, Access.READ) as (uow, me):
            return uow.accounts.for_organisation(me.organisation_id)
