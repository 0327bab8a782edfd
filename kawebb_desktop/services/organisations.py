"""Organisation data as the header and *Organisationen* show it; the changes of contact
persons and accounts are ``OrganisationChanges`` (``services/org_changes.py``)."""

from __future__ import annotations

from kawebb_desktop.domain.entities import Account, ContactPerson, Organisation, Unit
from kawebb_desktop.domain.roles import Access, Function
from kawebb_desktop.services.api import AgreementView, Caller, ServiceOffering
from kawebb_desktop.services.org_changes import OrganisationChanges


class OrganisationService(OrganisationChanges):
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

    def service_offering(self, caller: Caller) -> list[ServiceOffering]:
        """*Tjänsteutbud*: each service with the units that deliver it (a unit that
        delivers several is under each)."""
        with self._acting(caller, Function.UTFORANDE_VERKSAMHET, Access.READ) as (uow, me):
            units = uow.units.for_organisation(me.organisation_id)
            services = uow.services.for_organisation(me.organisation_id)
        offering = []
        for service in services:
            delivering = set(service.unit_ids)
            # The units in the store's order (by name, Swedish order).
            chosen = tuple(u for u in units if u.id in delivering)
            offering.append(ServiceOffering(service=service.name, units=chosen))
        return offering

    def agreements(self, caller: Caller) -> list[AgreementView]:
        with self._acting(caller, Function.KONTAKTPERSON, Access.READ) as (uow, me):
            views = []
            for agreement in uow.agreements.for_organisation(me.organisation_id):
                person = uow.persons.by_personnummer(agreement.starting_admin)
                name = person.full_name if person is not None else ""
                views.append(AgreementView(agreement=agreement, starting_admin_name=name))
            return views
