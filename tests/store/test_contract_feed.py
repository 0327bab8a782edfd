"""Contract: the change feeds of the offline replicas (``store/sql/feed.py``). Every
write of a replicated table shows up once per aggregate root, numbered in the order of
the writes; a child's change bumps its root; a deletion is a tombstone; the bulk insert
of cases is recorded like any other; an organisation's feed holds only its objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kawebb_desktop.domain.entities import CaseEvent, ContactPerson, NewsItem
from kawebb_desktop.domain.values import EmailAddress
from kawebb_desktop.store.base import FeedChange, Store, UnitOfWork
from kawebb_desktop.store.sql.feed import GLOBAL_FEED, ROOTS
from tests.store import builders as b

ALL_KINDS = [r.__tablename__ for r in ROOTS]


def _feed(store: Store, feed_id: int, since: int = 0, limit: int = 1000) -> list[FeedChange]:
    with store.unit_of_work() as uow:
        return uow.feed.changes(feed_id, since, ALL_KINDS, limit)


def _keys(changes: list[FeedChange]) -> list[tuple[str, int]]:
    return [(c.kind, c.entity_id) for c in changes]


def _contact(uow: UnitOfWork, organisation_id: int, unit_id: int) -> ContactPerson:
    return uow.contacts.add(
        ContactPerson(
            0,
            organisation_id,
            "Karin",
            "Öberg",
            EmailAddress("karin.oberg@dorotea.se"),
            unit_ids=(unit_id,),
        )
    )


def test_every_write_shows_up_once_numbered_in_write_order(store: Store) -> None:
    with store.unit_of_work(write=True) as uow:
        admin = b.add_organisation_with_admin(uow)
        org_id = admin.organisation_id
        uow.commit()
    with store.unit_of_work(write=True) as uow:
        (unit,) = uow.units.for_organisation(org_id)
        case = uow.cases.add(b.case(org_id, unit.id))
        uow.commit()
    with store.unit_of_work(write=True) as uow:
        change = uow.pending.add(b.pending_user_change(org_id, admin.person.id))
        uow.commit()
    feed = _feed(store, org_id)
    assert _keys(feed) == [
        ("organisations", org_id),
        ("units", unit.id),
        ("authorizations", admin.id),
        ("cases", case.id),
        ("pending_changes", change.id),
    ]
    seqs = [c.seq for c in feed]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert not any(c.deleted for c in feed)
    # After a cursor: only what came later.
    assert _keys(_feed(store, org_id, since=feed[2].seq)) == _keys(feed[3:])
    assert _keys(_feed(store, org_id, limit=2)) == _keys(feed[:2])


def test_a_changed_object_moves_to_the_end_once(store: Store) -> None:
    with store.unit_of_work(write=True) as uow:
        admin = b.add_organisation_with_admin(uow)
        org_id = admin.organisation_id
        uow.commit()
    before = _feed(store, org_id)
    with store.unit_of_work(write=True) as uow:
        organisation = uow.organisations.get(org_id)
        assert organisation is not None
        uow.organisations.update(replace(organisation, phone="0942-999 99"))
        uow.commit()
    after = _feed(store, org_id)
    assert _keys(after)[-1] == ("organisations", org_id)
    assert len(after) == len(before)
    assert after[-1].seq > before[-1].seq


def test_a_child_bumps_its_root_and_a_person_bumps_its_users(store: Store) -> None:
    with store.unit_of_work(write=True) as uow:
        admin = b.add_organisation_with_admin(uow)
        org_id = admin.organisation_id
        (unit,) = uow.units.for_organisation(org_id)
        case = uow.cases.add(b.case(org_id, unit.id))
        contact = _contact(uow, org_id, unit.id)
        uow.commit()
    last = _feed(store, org_id)[-1].seq
    with store.unit_of_work(write=True) as uow:
        uow.cases.add_event(CaseEvent(0, case.id, dt.date(2026, 3, 2), "Planering klar"))
        uow.commit()
    assert _keys(_feed(store, org_id, since=last)) == [("cases", case.id)]
    last = _feed(store, org_id)[-1].seq
    with store.unit_of_work(write=True) as uow:
        uow.contacts.update(replace(contact, unit_ids=()))
        uow.commit()
    assert _keys(_feed(store, org_id, since=last)) == [("contact_persons", contact.id)]
    last = _feed(store, org_id)[-1].seq
    with store.unit_of_work(write=True) as uow:
        uow.persons.update(replace(admin.person, last_name="Bergström"))
        uow.commit()
    assert _keys(_feed(store, org_id, since=last)) == [("authorizations", admin.id)]
    with store.unit_of_work() as uow:
        rows = uow.feed.rows("authorizations", [admin.id])[admin.id]
        (case_rows,) = uow.feed.rows("cases", [case.id]).values()
    assert rows["persons"][0]["last_name"] == "Bergström"
    assert rows["authorizations"][0]["person_id"] == admin.person.id
    assert [e["text"] for e in case_rows["case_events"]] == ["Planering klar"]
    assert case_rows["cases"][0]["start_date"] == "2026-02-01"


def test_a_deleted_root_is_a_tombstone(store: Store) -> None:
    with store.unit_of_work(write=True) as uow:
        admin = b.add_organisation_with_admin(uow)
        org_id = admin.organisation_id
        (unit,) = uow.units.for_organisation(org_id)
        contact = _contact(uow, org_id, unit.id)
        uow.commit()
    last = _feed(store, org_id)[-1].seq
    with store.unit_of_work(write=True) as uow:
        uow.contacts.remove(contact.id)
        uow.commit()
    (tombstone,) = _feed(store, org_id, since=last)
    assert (tombstone.kind, tombstone.entity_id, tombstone.deleted) == (
        "contact_persons",
        contact.id,
        True,
    )
    with store.unit_of_work() as uow:
        assert uow.feed.rows("contact_persons", [contact.id]) == {}


def test_the_bulk_insert_of_cases_is_recorded(store: Store) -> None:
    with store.unit_of_work(write=True) as uow:
        admin = b.add_organisation_with_admin(uow)
        org_id = admin.organisation_id
        (unit,) = uow.units.for_organisation(org_id)
        uow.commit()
    last = _feed(store, org_id)[-1].seq
    with store.unit_of_work(write=True) as uow:
        assert uow.cases.add_many([b.case(org_id, unit.id) for _ in range(250)]) == 250
        uow.commit()
    added = _feed(store, org_id, since=last)
    assert len(added) == 250
    assert {c.kind for c in added} == {"cases"}
    assert [c.seq for c in added] == list(range(last + 1, last + 251))
    with store.unit_of_work() as uow:
        rows = uow.feed.rows("cases", [c.entity_id for c in added])
    assert len(rows) == 250


def test_a_rolled_back_write_leaves_no_entry_and_feeds_stay_apart(store: Store) -> None:
    with store.unit_of_work(write=True) as uow:
        first = b.add_organisation_with_admin(uow, "Dorotea kommun")
        second = b.add_organisation_with_admin(uow, "Vilhelmina kommun")
        uow.news.add(NewsItem(0, "Nytt", "Text", dt.date(2026, 11, 2)))
        uow.commit()
    mine = _feed(store, first.organisation_id)
    theirs = _feed(store, second.organisation_id)
    assert ("authorizations", first.id) in _keys(mine)
    assert ("authorizations", first.id) not in _keys(theirs)
    assert ("authorizations", second.id) not in _keys(mine)
    assert [c.kind for c in _feed(store, GLOBAL_FEED)] == ["news_items"]
    with store.unit_of_work(write=True) as uow:
        (unit,) = uow.units.for_organisation(first.organisation_id)
        uow.cases.add(b.case(first.organisation_id, unit.id))
        uow.rollback()
    assert _feed(store, first.organisation_id) == mine


def test_an_object_brings_every_child_table_even_with_no_rows_left(store: Store) -> None:
    """A replica replaces the root's rows of each child table named: the last unit of
    a contact removed must come as an empty table, or the replica would keep it."""
    with store.unit_of_work(write=True) as uow:
        admin = b.add_organisation_with_admin(uow)
        (unit,) = uow.units.for_organisation(admin.organisation_id)
        contact = _contact(uow, admin.organisation_id, unit.id)
        uow.commit()
    with store.unit_of_work() as uow:
        before = uow.feed.rows("contact_persons", [contact.id])[contact.id]
    assert [r["unit_id"] for r in before["contact_units"]] == [unit.id]
    with store.unit_of_work(write=True) as uow:
        uow.contacts.update(replace(contact, unit_ids=()))
        uow.commit()
    with store.unit_of_work() as uow:
        after = uow.feed.rows("contact_persons", [contact.id])[contact.id]
    assert after["contact_units"] == ()
    assert set(after) == set(before)
