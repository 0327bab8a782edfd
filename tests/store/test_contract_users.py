"""Contract: persons and users (authorizations) — storage, uniqueness, versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kawebb_desktop.domain.changes import ChangeAction
from kawebb_desktop.domain.entities import AuditEntry, Person
from kawebb_desktop.domain.errors import Conflict, NotFound
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress
from kawebb_desktop.store.base import Store
from tests.store.builders import (
    add_organisation_with_admin,
    organisation,
    pending_user_change,
    person,
    personnummer,
    user,
)

CET = dt.timezone(dt.timedelta(hours=1))

# ------------------------------------------------------------------------ persons


def test_person_round_trips_with_swedish_letters_and_samordningsnummer(store: Store) -> None:
    samordning = Person(0, personnummer("19850762"), "Åsa-Märta", "Öhrström")
    with store.unit_of_work() as uow:
        added = uow.persons.add(samordning)
        uow.commit()

    with store.unit_of_work() as uow:
        stored = uow.persons.get(added.id)
        assert stored == added == replace(samordning, id=added.id)
        assert stored is not None
        assert stored.personnummer.is_samordningsnummer
        assert uow.persons.by_personnummer(samordning.personnummer) == added
        assert uow.persons.by_personnummer(personnummer("19850762")) is None
        assert uow.persons.get(4711) is None


def test_person_update_is_stored(store: Store) -> None:
    with store.unit_of_work() as uow:
        added = uow.persons.add(person("Anna", "Svensson"))
        uow.commit()
    married = replace(added, last_name="Ängström")
    with store.unit_of_work() as uow:
        assert uow.persons.update(married) == married
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.persons.get(added.id) == married
        with pytest.raises(NotFound):
            uow.persons.update(replace(married, id=4711))


def test_second_person_with_the_same_personnummer_is_a_conflict(store: Store) -> None:
    first = person("Anna", "Svensson")
    with store.unit_of_work() as uow:
        uow.persons.add(first)
        with pytest.raises(Conflict, match="personnumret") as raised:
            uow.persons.add(replace(first, first_name="Annan"))
        assert first.personnummer.formatted in raised.value.message
        uow.commit()

    with store.unit_of_work() as uow:
        stored = uow.persons.by_personnummer(first.personnummer)
        assert stored is not None
        assert stored.first_name == "Anna"


def test_changing_a_personnummer_to_one_taken_is_a_conflict(store: Store) -> None:
    with store.unit_of_work() as uow:
        anna = uow.persons.add(person("Anna", "Svensson"))
        bo = uow.persons.add(person("Bo", "Berg"))
        uow.commit()
    with store.unit_of_work() as uow, pytest.raises(Conflict):
        uow.persons.update(replace(bo, personnummer=anna.personnummer))


# -------------------------------------------------------------------------- users


def test_user_round_trips_with_every_field(store: Store) -> None:
    activates = dt.datetime(2026, 3, 1, 10, 15, 30, 123000, tzinfo=CET)
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        anna = uow.persons.add(person("Åsa", "Öberg", "19850762"))
        added = uow.users.add(
            user(
                org.id,
                anna,
                role=Role.LARARE,
                email="asa.oberg@dorotea.se",
                start_date=dt.date(2026, 2, 1),
                end_date=dt.date(2027, 12, 31),
                activates_at=activates,
            )
        )
        uow.commit()

    with store.unit_of_work() as uow:
        stored = uow.users.get(added.id)
    assert stored == added
    assert stored.id > 0
    assert stored.version == 1
    assert stored.organisation_id == org.id
    assert stored.person == anna
    assert stored.email == EmailAddress("asa.oberg@dorotea.se")
    assert stored.role is Role.LARARE
    assert (stored.start_date, stored.end_date) == (dt.date(2026, 2, 1), dt.date(2027, 12, 31))
    assert stored.activates_at == activates
    assert stored.activates_at is not None
    assert stored.activates_at.utcoffset() == dt.timedelta(0)


def test_a_removed_user_s_id_is_never_given_again(store: Store) -> None:
    """A stale *Ta bort* names a user by id and version: a new user must never get the
    id of a removed one (SQLite reuses the highest rowid unless told not to)."""
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        first = uow.users.add(user(org.id, uow.persons.add(person("Åsa", "Öberg", "19850762"))))
        uow.commit()
    with store.unit_of_work() as uow:
        uow.users.remove(first.id)
        uow.commit()
    with store.unit_of_work() as uow:
        second = uow.users.add(user(org.id, uow.persons.add(person("Per", "Ek", "19900101"))))
        uow.commit()
    assert second.id != first.id


def test_admin_without_end_date_round_trips(store: Store) -> None:
    with store.unit_of_work() as uow:
        admin = add_organisation_with_admin(uow)
        uow.commit()

    with store.unit_of_work() as uow:
        stored = uow.users.get(admin.id)
    assert stored == admin
    assert stored.end_date is None
    assert stored.activates_at is None
    assert stored.role is Role.BEHORIGHETSADMINISTRATOR


def test_unknown_user_is_none_and_removing_it_is_not_found(store: Store) -> None:
    with store.unit_of_work() as uow:
        assert uow.users.get(4711) is None
        with pytest.raises(NotFound):
            uow.users.remove(4711)


def test_user_of_an_unstored_person_is_not_found(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        ghost = replace(person(), id=4711)
        with pytest.raises(NotFound):
            uow.users.add(user(org.id, ghost))


def test_second_authorization_in_the_same_organisation_is_a_conflict(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        other = uow.organisations.add(organisation("Åsele kommun"))
        anna = uow.persons.add(person("Anna", "Svensson"))
        first = uow.users.add(user(org.id, anna))
        with pytest.raises(Conflict, match="redan en behörighet"):
            uow.users.add(user(org.id, anna, role=Role.LASARE))
        elsewhere = uow.users.add(user(other.id, anna, role=Role.BEHORIGHETSADMINISTRATOR))
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.users.for_person(anna.id) == [first, elsewhere]
        assert uow.users.find(org.id, anna.id) == first
        assert uow.users.find(other.id, anna.id) == elsewhere


def test_update_stores_the_change_and_bumps_the_version(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        anna = uow.persons.add(person("Anna", "Svensson"))
        added = uow.users.add(user(org.id, anna))
        uow.commit()
    changed = replace(
        added,
        email=EmailAddress("anna@dorotea.se"),
        role=Role.REGISTRERARE,
        end_date=dt.date(2026, 6, 30),
        activates_at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC),
    )
    with store.unit_of_work() as uow:
        updated = uow.users.update(changed)
        uow.commit()
    assert updated == replace(changed, version=2)

    with store.unit_of_work() as uow:
        assert uow.users.get(added.id) == replace(changed, version=2)
        again = uow.users.update(replace(changed, version=2))
        uow.commit()
    assert again.version == 3


def test_update_with_a_stale_version_is_a_conflict(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        added = uow.users.add(user(org.id, uow.persons.add(person())))
        uow.commit()
    with store.unit_of_work() as uow:
        uow.users.update(replace(added, role=Role.LASARE))
        uow.commit()

    with store.unit_of_work() as uow, pytest.raises(Conflict) as raised:
        uow.users.update(replace(added, role=Role.LARARE))  # still version 1
    assert raised.value.message == (
        "Användaren har ändrats av någon annan. Läs in listan igen och försök på nytt."
    )
    with store.unit_of_work() as uow:
        stored = uow.users.get(added.id)
        assert stored is not None
        assert (stored.role, stored.version) == (Role.LASARE, 2)


def test_update_loses_to_a_concurrent_commit(store: Store) -> None:
    """Two editors read version 1; the one who saves second gets a Conflict."""
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        added = uow.users.add(user(org.id, uow.persons.add(person())))
        uow.commit()

    with store.unit_of_work() as slow:
        read = slow.users.get(added.id)
        assert read is not None
        with store.unit_of_work() as fast:
            fast.users.update(replace(read, role=Role.LASARE))
            fast.commit()
        with pytest.raises(Conflict):
            slow.users.update(replace(read, role=Role.LARARE))

    with store.unit_of_work() as uow:
        stored = uow.users.get(added.id)
        assert stored is not None
        assert stored.role is Role.LASARE


def test_update_of_unknown_user_is_not_found(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        ghost = replace(user(org.id, uow.persons.add(person())), id=4711)
        with pytest.raises(NotFound):
            uow.users.update(ghost)


def test_remove_deletes_the_user_and_nothing_blocks_it(store: Store) -> None:
    with store.unit_of_work() as uow:
        admin = add_organisation_with_admin(uow)
        org_id = admin.organisation_id
        bo = uow.users.add(user(org_id, uow.persons.add(person("Bo", "Berg"))))
        uow.pending.add(
            pending_user_change(
                org_id, admin.person.id, action=ChangeAction.BORTTAGEN, target_id=bo.id
            )
        )
        uow.audit.add(
            AuditEntry(
                0,
                org_id,
                dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
                bo.person.id,
                "Bo Berg",
                "inloggning",
                "",
            )
        )
        uow.commit()

    with store.unit_of_work() as uow:
        uow.users.remove(bo.id)
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.users.get(bo.id) is None
        assert uow.users.find(org_id, bo.person.id) is None
        assert uow.persons.get(bo.person.id) == bo.person  # the person stays
        assert uow.users.get(admin.id) == admin


def test_find_with_role_and_get_many_stay_in_the_organisation(store: Store) -> None:
    with store.unit_of_work() as uow:
        admin = add_organisation_with_admin(uow)
        org_id = admin.organisation_id
        other_admin = add_organisation_with_admin(uow, "Åsele kommun")
        oberg = uow.users.add(
            user(
                org_id,
                uow.persons.add(person("Östen", "Öberg")),
                role=Role.BEHORIGHETSADMINISTRATOR,
            )
        )
        larare = uow.users.add(
            user(org_id, uow.persons.add(person("Lena", "Lund")), role=Role.LARARE)
        )
        uow.commit()

    with store.unit_of_work() as uow:
        # Swedish order by last name: Berg before Öberg.
        assert uow.users.with_role(org_id, Role.BEHORIGHETSADMINISTRATOR) == [admin, oberg]
        assert uow.users.with_role(org_id, Role.LASARE) == []
        ids = [larare.id, other_admin.id, 4711, admin.id]
        assert uow.users.get_many(org_id, ids) == [admin, larare]
        assert uow.users.get_many(org_id, []) == []
        assert uow.users.find(org_id, other_admin.person.id) is None
        assert uow.users.for_person(4711) == []
