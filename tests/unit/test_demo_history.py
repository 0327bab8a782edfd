"""``kawebb demo`` builds its users' history through signed change sets (issue 6): a
demo store has receipts and an audit trail, and its users come out as the demo has them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kawebb_desktop.demo import (
    MUNICIPALITY_USERS,
    DemoSummary,
    DemoUser,
    create_demo,
    demo_personnummer,
    final_end,
    plan_history,
)
from kawebb_desktop.domain.changes import ChangeAction, ChangeKind, digest_of
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.entities import AuthorizationStatus, Organisation, Receipt
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.domain.rules import check_period
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import open_store
from tests.conftest import NOW

NUMBERS = demo_personnummer()


@dataclass(frozen=True)
class Demo:
    store: Store
    summary: DemoSummary
    clock: FixedClock


def make_demo(path: Path, now: dt.datetime) -> Demo:
    store = open_store(f"sqlite:///{path}")
    clock = FixedClock(now)
    return Demo(store, create_demo(store, clock, cases=0), clock)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    made = make_demo(tmp_path_factory.mktemp("demo-history") / "kawebb.sqlite3", NOW)
    yield made
    made.store.close()


def municipalities(store: Store) -> list[tuple[Organisation, list[DemoUser]]]:
    """Each organisation with its demo people (``people[0]``: the agreement's admin),
    told apart by the people who work there."""
    with store.unit_of_work() as uow:
        staff = {
            org: {u.personnummer for u in uow.users.page(org.id, UserQuery(limit=500)).items}
            for org in uow.organisations.list_all()
        }
        agreements = {org: uow.agreements.for_organisation(org.id) for org in staff}
    result = []
    for people in MUNICIPALITY_USERS:
        numbers = {NUMBERS[u.birth] for u in people}
        (org,) = [org for org, found in staff.items() if found == numbers]
        assert [a.starting_admin for a in agreements[org]] == [NUMBERS[people[0].birth]]
        result.append((org, people))
    return result


def receipts_of(store: Store, organisation_id: int) -> list[Receipt]:
    with store.unit_of_work() as uow:
        return list(uow.receipts.page(organisation_id, 0, 500).items)


def signed_changes(receipt: Receipt) -> list[dict[str, object]]:
    document = json.loads(receipt.document)
    changes: list[dict[str, object]] = document["changes"]
    return changes


def test_every_municipality_has_signed_receipts(demo: Demo) -> None:
    total = 0
    for org, _people in municipalities(demo.store):
        receipts = receipts_of(demo.store, org.id)
        assert len(receipts) >= 2, org.name
        for receipt in receipts:
            assert receipt.digest == digest_of(receipt.document)
            assert json.loads(receipt.document)["organisation"]["id"] == org.id
            assert receipt.change_count == len(signed_changes(receipt)) >= 1
            assert receipt.signature and receipt.ocsp_response
        total += len(receipts)
    assert demo.summary.receipts == total


def test_every_user_but_the_agreements_admin_was_signed_into_being(demo: Demo) -> None:
    for org, people in municipalities(demo.store):
        created = [
            change["payload"]["personnummer"]  # type: ignore[index]
            for receipt in receipts_of(demo.store, org.id)
            for change in signed_changes(receipt)
            if change["action"] == ChangeAction.NY.value
        ]
        expected = [NUMBERS[u.birth].value for u in people[1:]]
        assert sorted(created) == sorted(expected), org.name  # each one exactly once
        assert NUMBERS[people[0].birth].value not in created


def test_the_history_has_its_kinds_of_change_set(demo: Demo) -> None:
    """Besides new users: an e-mail change (Ändrad) and new end dates were signed."""
    for org, people in municipalities(demo.store):
        actions = [
            change["action"]
            for receipt in receipts_of(demo.store, org.id)
            for change in signed_changes(receipt)
        ]
        assert ChangeAction.ANDRAD.value in actions, org.name
        assert ChangeAction.BORTTAGEN.value not in actions
        moved = [u for u in people if u.email_changed]
        for demo_user in moved:
            earlier = [
                c
                for r in receipts_of(demo.store, org.id)
                for c in signed_changes(r)
                if c["payload"]["email"] == demo_user.earlier_email  # type: ignore[index]
            ]
            assert earlier, f"{demo_user.first} was registered with the earlier address"


def test_receipts_are_dated_in_the_past_on_believable_days(demo: Demo) -> None:
    for org, people in municipalities(demo.store):
        receipts = sorted(receipts_of(demo.store, org.id), key=lambda r: r.signed_at)
        agreement_day = dt.date.fromisoformat(people[0].start)
        days = [r.signed_at.date() for r in receipts]
        assert days[0] >= agreement_day
        if any(dt.date.fromisoformat(u.start) <= agreement_day for u in people[1:]):
            assert days[0] == agreement_day  # the initial staff, on the agreement's day
        assert len(set(days)) == len(days)  # one change set a day
        assert all(r.signed_at < NOW for r in receipts)
        assert all(day.weekday() < 5 for day in days), "signed on working days"
        assert len({day.year for day in days}) >= 3, "the history spans years"
        # Each signer was an active admin of the organisation on that day.
        admins = {NUMBERS[u.birth]: u for u in people if u.role.is_admin}
        for receipt in receipts:
            signer = admins[receipt.signer_personnummer]
            assert dt.date.fromisoformat(signer.start) <= receipt.signed_at.date()


def test_the_history_happens_in_order(demo: Demo) -> None:
    """One history for all municipalities: later receipts and entries were made later."""
    receipts = [r for org, _ in municipalities(demo.store) for r in receipts_of(demo.store, org.id)]
    by_id = sorted(receipts, key=lambda r: r.id)
    assert [r.signed_at for r in by_id] == sorted(r.signed_at for r in receipts)
    with demo.store.unit_of_work() as uow:
        for org, _people in municipalities(demo.store):
            entries = sorted(uow.audit.page(org.id, 0, 500).items, key=lambda e: e.id)
            assert [e.at for e in entries] == sorted(e.at for e in entries)


def test_audit_entries_name_people_from_the_store(demo: Demo) -> None:
    with demo.store.unit_of_work() as uow:
        persons = {p.id: p for p in uow.persons.list_all()}
        for org, _people in municipalities(demo.store):
            entries = uow.audit.page(org.id, 0, 500).items
            actions = {e.action for e in entries}
            assert {"inloggning", "anvandare.ny", "signering.klar"} <= actions
            for entry in entries:
                assert entry.actor_person_id is not None, entry
                assert persons[entry.actor_person_id].full_name == entry.actor_name
                assert entry.at < NOW or entry.at == NOW


def test_the_users_come_out_as_the_demo_describes_them(demo: Demo) -> None:
    now, today = demo.clock.now(), demo.clock.today()
    assert_users_as_described(demo.store, now, today)
    assert demo.summary.users == sum(len(people) for people in MUNICIPALITY_USERS)


def assert_users_as_described(store: Store, now: dt.datetime, today: dt.date) -> None:
    for org, people in municipalities(store):
        with store.unit_of_work() as uow:
            stored = {u.personnummer: u for u in uow.users.page(org.id, UserQuery(limit=500)).items}
        assert sorted(stored) == sorted(NUMBERS[u.birth] for u in people), org.name
        for demo_user in people:
            user = stored[NUMBERS[demo_user.birth]]
            described = (
                demo_user.first,
                demo_user.last,
                demo_user.email,
                demo_user.role,
                dt.date.fromisoformat(demo_user.start),
                final_end(demo_user, today),
            )
            assert (
                user.first_name,
                user.last_name,
                user.email.value,
                user.role,
                user.start_date,
                user.end_date,
            ) == described
            expected = AuthorizationStatus.AKTIV
            if demo_user.end == "past":
                expected = AuthorizationStatus.UTGANGEN
            assert user.status(now, today) is expected, user.full_name


def test_andreas_new_authorization_waits_unsigned(demo: Demo) -> None:
    (dorotea, dorotea_people), *_ = municipalities(demo.store)
    with demo.store.unit_of_work() as uow:
        (pending,) = uow.pending.for_organisation(dorotea.id, ChangeKind.USER)
        creator = uow.persons.get(pending.created_by_person_id)
    assert pending.action is ChangeAction.NY
    assert pending.user_draft().full_name == "Andrea Sandin"
    assert pending.created_at == NOW
    assert creator is not None and creator.personnummer == NUMBERS[dorotea_people[0].birth]
    for receipt in receipts_of(demo.store, dorotea.id):
        assert "Andrea" not in receipt.document


def test_a_demo_made_on_new_years_night_comes_out_the_same(tmp_path: Path) -> None:
    """Just after midnight (UTC) on 1 January: this year's extension is made today,
    before the present moment, and the year-end rule counts from the new year."""
    made = make_demo(tmp_path / "kawebb.sqlite3", dt.datetime(2027, 1, 1, 0, 10, tzinfo=dt.UTC))
    try:
        assert_users_as_described(made.store, made.clock.now(), made.clock.today())
        for org, _people in municipalities(made.store):
            assert all(r.signed_at < made.clock.now() for r in receipts_of(made.store, org.id))
    finally:
        made.store.close()


@pytest.mark.parametrize(
    "today",
    [
        dt.date(2026, 6, 15),
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 14),
        dt.date(2027, 1, 18),
        dt.date(2027, 4, 30),
        dt.date(2027, 12, 31),
        dt.date(2031, 2, 28),
    ],
)
def test_the_plan_keeps_every_rule_and_ends_where_the_demo_is(today: dt.date) -> None:
    """What the services would refuse never gets planned, on any day the demo is made."""
    for people in MUNICIPALITY_USERS:
        plan = plan_history(people, today)
        days = [change_set.day for change_set in plan]
        assert days == sorted(set(days)) and days[-1] <= today
        registered: dict[DemoUser, dt.date] = {people[0]: dt.date.fromisoformat(people[0].start)}
        ends: dict[DemoUser, dt.date | None] = {people[0]: None}
        for change_set in plan:
            day = change_set.day
            signer = change_set.signer
            assert signer is people[0] or (signer.role.is_admin and registered[signer] < day)
            assert dt.date.fromisoformat(signer.start) <= day
            changes = [(u, end) for u, end in change_set.new + change_set.emails] + [
                (u, end) for end, users in change_set.end_dates.items() for u in users
            ]
            assert len({u for u, _ in changes}) == len(changes), "one change a user a set"
            for demo_user, end in changes:
                start = dt.date.fromisoformat(demo_user.start)
                check_period(demo_user.role, start, end, day)  # rules 3 and 4 on that day
                ends[demo_user] = end
            for demo_user, _end in change_set.new:
                assert demo_user not in registered
                registered[demo_user] = day
            for demo_user, _end in change_set.emails:
                assert demo_user in registered
        assert set(registered) == set(people)
        assert ends == {u: final_end(u, today) for u in people}
