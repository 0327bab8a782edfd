"""Contract: organisations, units, agreements, contact persons and accounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kawebb_desktop.domain.entities import (
    Account,
    AccountUpdater,
    Agreement,
    CaseKind,
    ContactPerson,
)
from kawebb_desktop.domain.errors import Conflict, NotFound
from kawebb_desktop.domain.values import AccountKind, EmailAddress
from kawebb_desktop.store.base import Store
from tests.store.builders import org_number, organisation, personnummer, unit

# ------------------------------------------------------------------ organisations


def test_organisation_round_trips_with_every_field(store: Store) -> None:
    org = organisation(
        "Malå kommun",
        street_address="Torget 1, Box 14",
        postal_code="930 70",
        city="Malå",
        phone="0953-140 00",
        fax="",
        website="https://www.mala.se",
    )
    with store.unit_of_work() as uow:
        added = uow.organisations.add(org)
        uow.commit()
    assert added.id > 0
    assert replace(added, id=0) == org

    with store.unit_of_work() as uow:
        assert uow.organisations.get(added.id) == added
        assert uow.organisations.by_org_number(org.org_number) == added


def test_unknown_organisation_is_none(store: Store) -> None:
    with store.unit_of_work() as uow:
        assert uow.organisations.get(4711) is None
        assert uow.organisations.by_org_number(org_number(99999)) is None


def test_organisation_update_is_stored(store: Store) -> None:
    with store.unit_of_work() as uow:
        added = uow.organisations.add(organisation("Dorotea kommun"))
        uow.commit()
    changed = replace(added, name="Dorotea kommun (ny)", city="Dorotéa", phone="070-123 45 67")
    with store.unit_of_work() as uow:
        assert uow.organisations.update(changed) == changed
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.organisations.get(added.id) == changed


def test_update_of_unknown_organisation_is_not_found(store: Store) -> None:
    with store.unit_of_work() as uow, pytest.raises(NotFound):
        uow.organisations.update(replace(organisation(), id=4711))


def test_second_organisation_with_the_same_org_number_is_a_conflict(store: Store) -> None:
    number = org_number()
    with store.unit_of_work() as uow:
        uow.organisations.add(organisation("Första", org_number=number))
        with pytest.raises(Conflict, match="organisationsnumret") as raised:
            uow.organisations.add(organisation("Andra", org_number=number))
        assert number.formatted in raised.value.message
        uow.commit()

    with store.unit_of_work() as uow:
        assert [o.name for o in uow.organisations.list_all()] == ["Första"]


def test_organisations_are_listed_in_swedish_order(store: Store) -> None:
    names = ["Östersunds kommun", "Arjeplogs kommun", "Älvsbyns kommun", "Åre kommun",
             "Zinkgruvans förening", "Bjurholms kommun"]  # fmt: skip
    with store.unit_of_work() as uow:
        for name in names:
            uow.organisations.add(organisation(name))
        uow.commit()

    with store.unit_of_work() as uow:
        assert [o.name for o in uow.organisations.list_all()] == [
            "Arjeplogs kommun",
            "Bjurholms kommun",
            "Zinkgruvans förening",
            "Åre kommun",
            "Älvsbyns kommun",
            "Östersunds kommun",
        ]


# -------------------------------------------------------------------------- units


def test_unit_round_trips_and_lists_per_organisation_in_swedish_order(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation("Dorotea kommun"))
        other = uow.organisations.add(organisation("Åsele kommun"))
        ubk = uow.units.add(unit(org.id, "Dorotea UBK"))
        ers = uow.units.add(
            unit(org.id, "Ärenden om ersättning", case_kind=CaseKind.ERSATTNINGSARENDE)
        )
        aby = uow.units.add(unit(org.id, "Åby skola", city="Åby"))
        uow.units.add(unit(other.id, "Åsele UBK"))
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.units.get(ers.id) == ers
        assert ers.case_kind is CaseKind.ERSATTNINGSARENDE
        assert uow.units.for_organisation(org.id) == [ubk, aby, ers]
        assert uow.units.get(4711) is None


def test_unit_of_unknown_organisation_is_not_found(store: Store) -> None:
    with store.unit_of_work() as uow, pytest.raises(NotFound):
        uow.units.add(unit(4711))


# --------------------------------------------------------------------- agreements


def test_agreements_round_trip_newest_first_and_update(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        other = uow.organisations.add(organisation("Annan kommun"))
        old = uow.agreements.add(
            Agreement(0, org.id, personnummer("19700304"), dt.date(2024, 1, 10))
        )
        new = uow.agreements.add(
            Agreement(
                0,
                org.id,
                personnummer("19850762"),  # samordningsnummer
                dt.date(2026, 5, 2),
                activated_on=None,
                concerns_new_admin=True,
            )
        )
        uow.agreements.add(Agreement(0, other.id, personnummer(), dt.date(2026, 6, 1)))
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.agreements.for_organisation(org.id) == [new, old]
        activated = replace(old, activated_on=dt.date(2024, 1, 20))
        assert uow.agreements.update(activated) == activated
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.agreements.for_organisation(org.id) == [new, activated]
        assert new.starting_admin.is_samordningsnummer
        with pytest.raises(NotFound):
            uow.agreements.update(replace(old, id=4711))


# ---------------------------------------------------------------- contact persons


def test_contact_persons_round_trip_update_and_list_in_swedish_order(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        other = uow.organisations.add(organisation("Annan kommun"))
        oberg = uow.contacts.add(
            ContactPerson(
                0,
                org.id,
                "Östen",
                "Öberg",
                EmailAddress("osten@dorotea.se"),
                phone1="0942-140 00",
                phone2="070-111 22 33",
                unit_count=2,
                address_count=3,
                administrative=True,
            )
        )
        adam = uow.contacts.add(
            ContactPerson(0, org.id, "Adam", "Zetterberg", EmailAddress("adam@dorotea.se"))
        )
        uow.contacts.add(ContactPerson(0, other.id, "Bo", "Andersson", EmailAddress("bo@annan.se")))
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.contacts.get(oberg.id) == oberg
        assert uow.contacts.for_organisation(org.id) == [adam, oberg]
        changed = replace(adam, phone2="073-000 00 00", administrative=True, unit_count=1)
        assert uow.contacts.update(changed) == changed
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.contacts.get(adam.id) == changed
        assert uow.contacts.get(4711) is None
        with pytest.raises(NotFound):
            uow.contacts.update(replace(adam, id=4711))


# ----------------------------------------------------------------------- accounts


def test_accounts_round_trip_update_and_list_per_organisation(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        other = uow.organisations.add(organisation("Annan kommun"))
        bankgiro = uow.accounts.add(
            Account(
                0,
                org.id,
                AccountKind.BANKGIRO,
                "7620255",
                "Granskad, Godkänd",
                dt.date(2025, 11, 3),
                AccountUpdater.ARBETSFORMEDLINGEN,
                unit_count=2,
                is_default=True,
            )
        )
        plusgiro = uow.accounts.add(
            Account(
                0,
                org.id,
                AccountKind.PLUSGIRO,
                "4123450",
                "Ej granskad",
                dt.date(2026, 1, 15),
                AccountUpdater.LEVERANTOR,
            )
        )
        uow.accounts.add(
            Account(
                0,
                other.id,
                AccountKind.BANKKONTO,
                "80001234567",
                "Ej granskad",
                dt.date(2026, 1, 15),
                AccountUpdater.LEVERANTOR,
            )
        )
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.accounts.get(bankgiro.id) == bankgiro
        assert bankgiro.formatted_number == "762-0255"
        assert uow.accounts.for_organisation(org.id) == [bankgiro, plusgiro]
        changed = replace(plusgiro, is_default=True, review_status="Granskad, Godkänd")
        assert uow.accounts.update(changed) == changed
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.accounts.get(plusgiro.id) == changed
        assert uow.accounts.get(4711) is None
        with pytest.raises(NotFound):
            uow.accounts.update(replace(plusgiro, id=4711))
