"""Contract: login sessions, idempotency records, the store's own facts and the BankID
simulator's orders."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from kawebb_desktop.domain.entities import Organisation, Person, User
from kawebb_desktop.domain.errors import Conflict, NotFound
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.sessions import (
    META_DEMO,
    IdempotencyRecord,
    Session,
    new_token,
    token_hash,
)
from kawebb_desktop.domain.values import EmailAddress, OrgNumber, Personnummer
from kawebb_desktop.store.base import Store
from tests.store.builders import person

UTC = dt.UTC
STOCKHOLM = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 3, 1, 9, 0, 0, 250000, tzinfo=UTC)


@pytest.fixture
def anna(store: Store) -> Person:
    with store.unit_of_work() as uow:
        stored = uow.persons.add(person("Anna", "Åström"))
        uow.commit()
    return stored


def session_of(anna: Person, **fields: Any) -> Session:
    default = Session(
        id=0,
        token_hash=token_hash(new_token()),
        person_id=anna.id,
        created_at=T0,
        last_seen_at=T0,
        order_ref="131daac9-16c6-4618-beb0-365768f37288",
    )
    return replace(default, **fields)


# ----------------------------------------------------------------------- sessions


def test_session_round_trips_by_its_token_hash(store: Store, anna: Person) -> None:
    session = session_of(anna, created_at=T0.astimezone(STOCKHOLM))
    with store.unit_of_work() as uow:
        added = uow.sessions.add(session)
        other = uow.sessions.add(session_of(anna))
        uow.commit()
    assert added.id > 0
    assert added == replace(session, id=added.id)
    assert other.id not in (0, added.id)

    with store.unit_of_work() as uow:
        stored = uow.sessions.by_token_hash(session.token_hash)
        assert uow.sessions.by_token_hash(token_hash("okänd")) is None
    assert stored == added
    assert stored is not None
    assert stored.created_at.utcoffset() == dt.timedelta(0)
    assert stored.revoked_at is None


def test_session_update_stores_last_seen_and_revoked(store: Store, anna: Person) -> None:
    with store.unit_of_work() as uow:
        added = uow.sessions.add(session_of(anna))
        uow.commit()
    seen = replace(added, last_seen_at=T0 + dt.timedelta(minutes=5))
    with store.unit_of_work() as uow:
        assert uow.sessions.update(seen) == seen
        uow.commit()
    revoked = replace(seen, revoked_at=T0 + dt.timedelta(minutes=6))
    with store.unit_of_work() as uow:
        assert uow.sessions.update(revoked) == revoked
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.sessions.by_token_hash(added.token_hash) == revoked
        with pytest.raises(NotFound):
            uow.sessions.update(replace(revoked, id=4711))


def test_session_token_hashes_are_unique_and_the_person_must_exist(
    store: Store, anna: Person
) -> None:
    with store.unit_of_work() as uow:
        first = uow.sessions.add(session_of(anna))
        with pytest.raises(Conflict):
            uow.sessions.add(session_of(anna, token_hash=first.token_hash))
        with pytest.raises(NotFound):
            uow.sessions.add(session_of(anna, person_id=4711))
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.sessions.by_token_hash(first.token_hash) == first


# ------------------------------------------------------------------- idempotency


def record(anna: Person, key: str = "3f1c8a52-6a4e-4f0e-9d1e-0c2b7f5d9e11") -> IdempotencyRecord:
    return IdempotencyRecord(
        key=key,
        person_id=anna.id,
        request_hash="ab" * 32,
        result='{"id":17,"namn":"Örjan Åström"}',
        created_at=T0,
    )


def test_idempotency_record_round_trips(store: Store, anna: Person) -> None:
    bo = person("Bo", "Berg")
    with store.unit_of_work() as uow:
        bo = uow.persons.add(bo)
        uow.idempotency.add(record(anna))
        uow.idempotency.add(record(bo))  # the same key, another person
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.idempotency.get(anna.id, record(anna).key) == record(anna)
        assert uow.idempotency.get(bo.id, record(anna).key) == record(bo)
        assert uow.idempotency.get(anna.id, "okänd") is None
        assert uow.idempotency.get(4711, record(anna).key) is None


def test_idempotency_key_twice_is_a_conflict_at_once(store: Store, anna: Person) -> None:
    with store.unit_of_work() as uow:
        uow.idempotency.add(record(anna))
        uow.commit()

    with store.unit_of_work() as uow:
        with pytest.raises(Conflict) as raised:
            uow.idempotency.add(replace(record(anna), result="{}"))
        assert raised.value.message == (
            "Begäran med samma idempotensnyckel behandlas redan. Försök igen om en stund."
        )
        uow.idempotency.add(record(anna, key="another"))  # the unit of work goes on
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.idempotency.get(anna.id, record(anna).key) == record(anna)
        assert uow.idempotency.get(anna.id, "another") == record(anna, key="another")


# -------------------------------------------------------------------------- meta


def test_meta_is_set_and_replaced(store: Store) -> None:
    with store.unit_of_work() as uow:
        assert uow.meta.get(META_DEMO) is None
        uow.meta.set(META_DEMO, "1")
        uow.meta.set("skapad av", "kawebb demo")
        assert uow.meta.get(META_DEMO) == "1"
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.meta.get(META_DEMO) == "1"
        uow.meta.set(META_DEMO, "nej")
        assert uow.meta.get(META_DEMO) == "nej"
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.meta.get(META_DEMO) == "nej"
        assert uow.meta.get("skapad av") == "kawebb demo"
        uow.meta.set(META_DEMO, "kastas")  # not committed

    with store.unit_of_work() as uow:
        assert uow.meta.get(META_DEMO) == "nej"


# --------------------------------------------------------------- simulator orders


def test_simulator_orders_are_put_replaced_and_deleted(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.simulator_orders.put("a", "198001011239", '{"order":"a"}')
        uow.simulator_orders.put("b", None, '{"order":"b"}')
        assert uow.simulator_orders.get("a") == '{"order":"a"}'
        uow.simulator_orders.put("a", "198001011239", '{"order":"a","status":"complete"}')
        assert uow.simulator_orders.get("a") == '{"order":"a","status":"complete"}'
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.simulator_orders.get("a") == '{"order":"a","status":"complete"}'
        assert uow.simulator_orders.get("b") == '{"order":"b"}'
        assert uow.simulator_orders.get("c") is None
        uow.simulator_orders.delete("a")
        uow.simulator_orders.delete("c")  # unknown: no error
        assert uow.simulator_orders.get("a") is None
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.simulator_orders.get("a") is None
        assert uow.simulator_orders.get("b") == '{"order":"b"}'


def test_simulator_orders_of_a_personal_number_oldest_first(store: Store) -> None:
    anna, bo = "198001011239", "197505052223"
    with store.unit_of_work() as uow:
        # Order refs sort the other way round from the order they were made in.
        for ref, pnr in (("z", anna), ("y", bo), ("x", anna), ("w", None), ("v", anna)):
            uow.simulator_orders.put(ref, pnr, f'"{ref}"')
        uow.commit()
    with store.unit_of_work() as uow:
        # Replacing keeps an order's place; a new order comes last.
        uow.simulator_orders.put("x", anna, '"x2"')
        uow.simulator_orders.put("u", anna, '"u"')
        uow.simulator_orders.delete("v")
        assert uow.simulator_orders.with_personal_number(anna) == ['"z"', '"x2"', '"u"']
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.simulator_orders.with_personal_number(anna) == ['"z"', '"x2"', '"u"']
        assert uow.simulator_orders.with_personal_number(bo) == ['"y"']
        assert uow.simulator_orders.with_personal_number("190001010000") == []
        # Moving an order to another person keeps its place too.
        uow.simulator_orders.put("z", bo, '"z2"')
        assert uow.simulator_orders.with_personal_number(bo) == ['"z2"', '"y"']
        assert uow.simulator_orders.with_personal_number(anna) == ['"x2"', '"u"']


def test_resolve_reads_session_person_organisation_and_authorization_at_once(
    store: Store,
) -> None:
    """What every service call needs about its caller, in one query."""
    from kawebb_desktop.domain.sessions import Session as LoginSession

    with store.unit_of_work() as uow:
        mine = uow.organisations.add(Organisation(0, OrgNumber("2120002809"), "Dorotea kommun"))
        other = uow.organisations.add(Organisation(0, OrgNumber("2120002460"), "Vilhelmina kommun"))
        person = uow.persons.add(Person(0, Personnummer("196403269803"), "Arvid", "Aronsson"))
        user = uow.users.add(
            User(
                0,
                mine.id,
                person,
                EmailAddress("arvid@dorotea.se"),
                Role.BEHORIGHETSADMINISTRATOR,
                dt.date(2020, 1, 1),
                None,
            )
        )
        at = dt.datetime(2026, 6, 15, 8, tzinfo=dt.UTC)
        uow.sessions.add(LoginSession(0, "a" * 64, person.id, at, at))
        uow.commit()
    with store.unit_of_work() as uow:
        here = uow.sessions.resolve("a" * 64, mine.id)
        elsewhere = uow.sessions.resolve("a" * 64, other.id)
        nowhere = uow.sessions.resolve("a" * 64, 2**40)
        unknown = uow.sessions.resolve("b" * 64, mine.id)
    assert here is not None and here.person == person and here.organisation == mine
    assert here.user is not None and here.user.id == user.id
    assert elsewhere is not None and elsewhere.organisation == other and elsewhere.user is None
    assert nowhere is not None and nowhere.organisation is None and nowhere.user is None
    assert unknown is None


def test_resolve_sees_what_its_unit_of_work_has_added(store: Store) -> None:
    """A session, person and authorization added and not yet committed resolve within
    their own unit of work (the session flushes before the query), and nowhere else."""
    from kawebb_desktop.domain.sessions import Session as LoginSession

    at = dt.datetime(2026, 6, 15, 8, tzinfo=dt.UTC)
    with store.unit_of_work() as uow:
        org = uow.organisations.add(Organisation(0, OrgNumber("2120002809"), "Dorotea kommun"))
        someone = uow.persons.add(Person(0, Personnummer("196403269803"), "Arvid", "Aronsson"))
        uow.users.add(
            User(
                0,
                org.id,
                someone,
                EmailAddress("arvid@dorotea.se"),
                Role.REGISTRERARE,
                dt.date(2020, 1, 1),
                None,
            )
        )
        uow.sessions.add(LoginSession(0, "c" * 64, someone.id, at, at))
        found = uow.sessions.resolve("c" * 64, org.id)
    assert found is not None and found.person == someone and found.organisation == org
    assert found.user is not None and found.user.role is Role.REGISTRERARE
    assert found.session.last_seen_at == at and found.session.revoked_at is None
    with store.unit_of_work() as uow:
        assert uow.sessions.resolve("c" * 64, org.id) is None
