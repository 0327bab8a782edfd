"""Organisation data as the header and *Organisationen* show it (read-only for now)."""

from __future__ import annotations

from itertools import groupby

from kawebb_desktop.domain.entities import Account, ContactPerson, Organisation, Unit
from kawebb_desktop.domain.roles import Access, Function
from kawebb_desktop.domain.text import sort_key
from kawebb_desktop.services.api import AgreementView, Caller, ServiceOffering
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

    def service_offering(self, caller: Caller) -> list[ServiceOffering]:
        """*Tjänsteutbud*: the units grouped by the service they deliver."""
        with self._acting(caller, Function.UTFORANDE_VERKSAMHET, Access.READ) as (uow, me):
            units = uow.units.for_organisation(me.organisation_id)
        # The store orders by unit name; a stable sort by service keeps that order inside.
        ordered = sorted(units, key=lambda u: sort_key(u.service))
        return [
            ServiceOffering(service=group[0].service, units=tuple(group))
            for group in (list(g) for _, g in groupby(ordered, key=lambda u: sort_key(u.service)))
        ]

    def agreements(self, caller: Caller) -> list[AgreementView]:
        with self._acting(caller, Function.KONTAKTPERSON, Access.READ) as (uow, me):
            views = []
            for agreement in uow.agreements.for_organisation(me.organisation_id):
                person = uow.persons.by_personnummer(agreement.starting_admin)
                name = person.full_name if person is not None else ""
                views.append(AgreementView(agreement=agreement, starting_admin_name=name))
            return views
