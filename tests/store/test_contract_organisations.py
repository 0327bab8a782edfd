"""Contract: organisations, units, agreements, contact persons and accounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from kawebb_desktop.domain.entities import (
    Account,
    AccountUpdater,
    Address,
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

STORGATAN = Address("Storgatan 1", "917 81", "Dorotea")
TORGET = Address("Torget 1", "917 31", "Dorotea")


def test_contact_persons_round_trip_with_units_and_addresses_in_swedish_order(
    store: Store,
) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        other = uow.organisations.add(organisation("Annan kommun"))
        ubk = uow.units.add(unit(org.id, "Dorotea UBK"))
        aby = uow.units.add(unit(org.id, "Åby skola"))
        oberg = uow.contacts.add(
            ContactPerson(
                0,
                org.id,
                "Östen",
                "Öberg",
                EmailAddress("osten@dorotea.se"),
                phone1="+4694214000",
                phone2="+46701112233",
                # Given in any order and with repeats: stored sorted, once each.
                unit_ids=(aby.id, ubk.id, aby.id),
                addresses=(TORGET, STORGATAN, TORGET),
                administrative=True,
            )
        )
        adam = uow.contacts.add(
            ContactPerson(0, org.id, "Adam", "Zetterberg", EmailAddress("adam@dorotea.se"))
        )
        anna = uow.contacts.add(
            ContactPerson(0, org.id, "Anna", "Zetterberg", EmailAddress("anna@dorotea.se"))
        )
        uow.contacts.add(ContactPerson(0, other.id, "Bo", "Andersson", EmailAddress("bo@annan.se")))
        uow.commit()

    assert oberg.id > 0
    assert (oberg.version, adam.version) == (1, 1)
    assert oberg.unit_ids == tuple(sorted((ubk.id, aby.id)))
    assert oberg.addresses == (STORGATAN, TORGET)
    assert (oberg.unit_count, oberg.address_count) == (2, 2)
    assert oberg.phone1_text == "0942-140 00"
    with store.unit_of_work() as uow:
        assert uow.contacts.get(oberg.id) == oberg
        assert uow.contacts.get(4711) is None
        assert uow.contacts.get(2**40) is None
        # Last name, then first name (Swedish order: Ö after Z).
        assert uow.contacts.for_organisation(org.id) == [adam, anna, oberg]


def test_contact_person_update_replaces_units_and_addresses_and_bumps_the_version(
    store: Store,
) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        ubk = uow.units.add(unit(org.id, "Dorotea UBK"))
        aby = uow.units.add(unit(org.id, "Åby skola"))
        adam = uow.contacts.add(
            ContactPerson(
                0,
                org.id,
                "Adam",
                "Zetterberg",
                EmailAddress("adam@dorotea.se"),
                unit_ids=(ubk.id,),
                addresses=(STORGATAN,),
            )
        )
        uow.commit()

    changed = replace(
        adam,
        last_name="Åberg",
        phone2="+46730000000",
        unit_ids=(aby.id,),
        addresses=(TORGET,),
        administrative=True,
    )
    with store.unit_of_work() as uow:
        updated = uow.contacts.update(changed)
        assert updated == replace(changed, version=2)
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.contacts.get(adam.id) == updated
        # The version read before the update is stale now: nothing is written.
        with pytest.raises(Conflict, match="ändrats av någon annan"):
            uow.contacts.update(replace(changed, first_name="Adde"))
        emptied = uow.contacts.update(replace(updated, unit_ids=(), addresses=()))
        assert (emptied.unit_ids, emptied.addresses, emptied.version) == ((), (), 3)
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.contacts.get(adam.id) == emptied
        with pytest.raises(NotFound):
            uow.contacts.update(replace(adam, id=4711))


def test_contact_person_with_another_organisations_unit_is_refused(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        other = uow.organisations.add(organisation("Annan kommun"))
        own = uow.units.add(unit(org.id, "Dorotea UBK"))
        foreign = uow.units.add(unit(other.id, "Annan UBK"))
        contact = ContactPerson(0, org.id, "Bo", "Ek", EmailAddress("bo@dorotea.se"))
        with pytest.raises(NotFound, match="utförande verksamheten"):
            uow.contacts.add(replace(contact, unit_ids=(own.id, foreign.id)))
        with pytest.raises(NotFound, match="utförande verksamheten"):
            uow.contacts.add(replace(contact, unit_ids=(4711,)))
        added = uow.contacts.add(replace(contact, unit_ids=(own.id,)))
        with pytest.raises(NotFound, match="utförande verksamheten"):
            uow.contacts.update(replace(added, unit_ids=(foreign.id,)))
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.contacts.for_organisation(org.id) == [added]


def test_contact_person_remove_takes_its_links_and_its_id_is_not_given_again(
    store: Store,
) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        ubk = uow.units.add(unit(org.id, "Dorotea UBK"))
        first = uow.contacts.add(
            ContactPerson(0, org.id, "Bo", "Ek", EmailAddress("bo@dorotea.se"), unit_ids=(ubk.id,))
        )
        newest = uow.contacts.add(
            ContactPerson(
                0,
                org.id,
                "Cia",
                "Fors",
                EmailAddress("cia@dorotea.se"),
                unit_ids=(ubk.id,),
                addresses=(STORGATAN,),
            )
        )
        uow.commit()

    with store.unit_of_work() as uow:
        uow.contacts.remove(newest.id)
        with pytest.raises(NotFound):
            uow.contacts.remove(newest.id)
        with pytest.raises(NotFound):
            uow.contacts.remove(4711)
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.contacts.get(newest.id) is None
        assert uow.contacts.for_organisation(org.id) == [first]
        # A stale command naming the removed one (id, version 1) cannot hit a new one.
        again = uow.contacts.add(replace(newest, id=0))
        assert again.id > newest.id
        assert again.addresses == (STORGATAN,)
        uow.commit()


# ----------------------------------------------------------------------- accounts


def _account(organisation_id: int, number: str = "7620255", **fields: Any) -> Account:
    return Account(
        0,
        organisation_id,
        fields.pop("kind", AccountKind.BANKGIRO),
        number,
        fields.pop("review_status", "Ej granskad"),
        fields.pop("updated_on", dt.date(2026, 1, 15)),
        fields.pop("updated_by", AccountUpdater.LEVERANTOR),
        **fields,
    )


def test_accounts_round_trip_with_units_and_list_by_id(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        other = uow.organisations.add(organisation("Annan kommun"))
        ubk = uow.units.add(unit(org.id, "Dorotea UBK"))
        aby = uow.units.add(unit(org.id, "Åby skola"))
        bankgiro = uow.accounts.add(
            _account(
                org.id,
                review_status="Granskad, Godkänd",
                updated_by=AccountUpdater.ARBETSFORMEDLINGEN,
                unit_ids=(aby.id, ubk.id, ubk.id),
                is_default=True,
            )
        )
        plusgiro = uow.accounts.add(
            _account(org.id, "4123450", kind=AccountKind.PLUSGIRO, unit_ids=(aby.id,))
        )
        uow.accounts.add(_account(other.id, "80001234567", kind=AccountKind.BANKKONTO))
        uow.commit()

    assert (bankgiro.version, bankgiro.unit_ids) == (1, tuple(sorted((ubk.id, aby.id))))
    assert bankgiro.unit_count == 2
    with store.unit_of_work() as uow:
        assert uow.accounts.get(bankgiro.id) == bankgiro
        assert bankgiro.formatted_number == "762-0255"
        assert uow.accounts.for_organisation(org.id) == [bankgiro, plusgiro]
        assert uow.accounts.get(4711) is None


def test_account_update_replaces_units_and_checks_the_version(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        other = uow.organisations.add(organisation("Annan kommun"))
        ubk = uow.units.add(unit(org.id, "Dorotea UBK"))
        aby = uow.units.add(unit(org.id, "Åby skola"))
        foreign = uow.units.add(unit(other.id, "Annan UBK"))
        plusgiro = uow.accounts.add(
            _account(org.id, "4123450", kind=AccountKind.PLUSGIRO, unit_ids=(ubk.id,))
        )
        with pytest.raises(NotFound, match="utförande verksamheten"):
            uow.accounts.add(_account(org.id, unit_ids=(foreign.id,)))
        uow.commit()

    changed = replace(
        plusgiro, is_default=True, review_status="Granskad, Godkänd", unit_ids=(aby.id, ubk.id)
    )
    with store.unit_of_work() as uow:
        updated = uow.accounts.update(changed)
        assert updated == replace(changed, unit_ids=tuple(sorted((aby.id, ubk.id))), version=2)
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.accounts.get(plusgiro.id) == updated
        with pytest.raises(Conflict, match="ändrats av någon annan"):
            uow.accounts.update(replace(changed, is_default=False))
        with pytest.raises(NotFound, match="utförande verksamheten"):
            uow.accounts.update(replace(updated, unit_ids=(foreign.id,)))
        with pytest.raises(NotFound):
            uow.accounts.update(replace(plusgiro, id=4711))
        narrowed = uow.accounts.update(replace(updated, unit_ids=(aby.id,)))
        assert (narrowed.unit_ids, narrowed.version) == ((aby.id,), 3)
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.accounts.get(plusgiro.id) == narrowed


def test_account_remove_and_its_id_is_not_given_again(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        ubk = uow.units.add(unit(org.id, "Dorotea UBK"))
        first = uow.accounts.add(_account(org.id, unit_ids=(ubk.id,)))
        newest = uow.accounts.add(_account(org.id, "4123450", unit_ids=(ubk.id,)))
        uow.commit()

    with store.unit_of_work() as uow:
        uow.accounts.remove(newest.id)
        with pytest.raises(NotFound):
            uow.accounts.remove(newest.id)
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.accounts.get(newest.id) is None
        assert uow.accounts.for_organisation(org.id) == [first]
        assert uow.accounts.add(replace(newest, id=0)).id > newest.id
        uow.commit()
