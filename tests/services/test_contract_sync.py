"""Contract: the change feeds of the offline replicas (``SyncApi.changes``) on every
backend. The initial pull (after 0) holds each object the role may read once, oldest
change first, and nothing of another organisation; pages of any size add up to the same
feed; a change comes after the cursor, a deletion as a tombstone; what a role may not
read through the other services it does not receive here either; bad requests, no
session and another organisation are refused the same way everywhere; a role that may not
read users receives its own user and only the names of the others it reads about."""

from __future__ import annotations

import pytest

from kawebb_desktop.domain.errors import NotAuthenticated, NotFound, ValidationError
from kawebb_desktop.services.api import (
    FEED_GLOBAL,
    FEED_ORGANISATION,
    MAX_FEED_LIMIT,
    Caller,
    CreateUser,
    DiscardPending,
    FeedEntity,
    caller_of,
)
from tests.services.backends import ARVID, ASELE, DOROTEA, Backend, new_draft

#: Dorotea's Läsare and Lärare (demo people).
LASARE = "Agda Andersson"
LARARE = "Malte Håkansson"


def _pull(
    backend: Backend,
    caller: Caller,
    feed: str = FEED_ORGANISATION,
    since: int = 0,
    limit: int = MAX_FEED_LIMIT,
) -> tuple[list[FeedEntity], int]:
    """Every page after ``since``: the entities and the last cursor."""
    entities: list[FeedEntity] = []
    while True:
        page = backend.services.sync.changes(caller, feed, since, limit)
        assert page.schema
        entities.extend(page.entities)
        assert page.cursor >= since
        since = page.cursor
        if not page.more:
            return entities, since


def _keys(entities: list[FeedEntity]) -> list[tuple[str, int]]:
    return [(e.kind, e.entity_id) for e in entities]


def test_the_initial_pull_holds_each_object_once_and_only_the_organisations(
    backend: Backend,
) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    entities, cursor = _pull(backend, caller)
    keys = _keys(entities)
    assert len(keys) == len(set(keys))
    seqs = [e.seq for e in entities]
    assert seqs == sorted(seqs) and cursor == seqs[-1]
    kinds = {e.kind for e in entities if not e.deleted}
    assert {"organisations", "units", "authorizations", "cases", "receipts"} <= kinds
    dorotea = backend.org_id(DOROTEA)
    for entity in entities:
        if entity.deleted:
            continue
        (root,) = entity.rows[entity.kind]
        assert root["id"] == entity.entity_id
        assert root.get("organisation_id", root["id"]) == dorotea, entity.kind
    user = next(e for e in entities if e.kind == "authorizations" and not e.deleted)
    (person,) = user.rows["persons"]
    assert person["id"] == user.rows["authorizations"][0]["person_id"]
    case = next(e for e in entities if e.kind == "cases" and not e.deleted)
    assert isinstance(case.rows["cases"][0]["start_date"], str)  # ISO 8601 on the wire
    # The global feed: the news, to any organisation's caller.
    news, _ = _pull(backend, caller, FEED_GLOBAL)
    assert news and {e.kind for e in news} == {"news_items"}


def test_pages_of_any_size_add_up_to_the_same_feed(backend: Backend) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    whole, cursor = _pull(backend, caller)
    small, small_cursor = _pull(backend, caller, limit=7)
    assert small == whole and small_cursor == cursor
    page = backend.services.sync.changes(caller, FEED_ORGANISATION, 0, 3)
    assert page.more and page.entities == tuple(whole[:3]) and page.cursor == whole[2].seq
    last = backend.services.sync.changes(caller, FEED_ORGANISATION, cursor, 10)
    assert (last.entities, last.cursor, last.more) == ((), cursor, False)


def test_a_change_comes_after_the_cursor_and_a_discard_as_a_tombstone(backend: Backend) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    _, cursor = _pull(backend, caller)
    users = backend.services.users
    created = users.create_user(caller, CreateUser(new_draft(first="Flöde", last="Först")))
    (entity,) = _pull(backend, caller, since=cursor)[0]
    assert (entity.kind, entity.entity_id, entity.deleted) == ("pending_changes", created.id, False)
    assert entity.rows["pending_changes"][0]["version"] == created.version
    _, cursor = _pull(backend, caller, since=cursor)
    users.discard_pending(caller, DiscardPending(created.id, created.version))
    (tombstone,) = _pull(backend, caller, since=cursor)[0]
    assert (tombstone.kind, tombstone.entity_id, tombstone.deleted) == (
        "pending_changes",
        created.id,
        True,
    )
    assert dict(tombstone.rows) == {}


def test_a_role_receives_only_what_it_may_read(backend: Backend) -> None:
    admin = backend.caller(ARVID, DOROTEA)
    created = backend.services.users.create_user(
        admin, CreateUser(new_draft(first="Hemlig", last="Användare"))
    )
    try:
        everything = {e.kind for e in _pull(backend, admin)[0] if not e.deleted}
        assert "authorizations" in everything
        for name, hidden in ((LASARE, set()), (LARARE, {"accounts", "claims"})):
            actor = backend.actor(name, DOROTEA)
            entities, _ = _pull(backend, caller_of(actor))
            kinds = {e.kind for e in entities if not e.deleted}
            assert not kinds & hidden, name
            # Of the users, only their own (the replica resolves them by it); others
            # appear only as the names on what they made.
            users = [e for e in entities if e.kind == "authorizations"]
            assert [(e.entity_id, e.deleted) for e in users] == [(actor.authorization_id, False)]
            people = {p["id"]: p for e in entities for p in e.rows.get("persons", ())}
            others = [p for i, p in people.items() if i != users[0].rows["persons"][0]["id"]]
            assert all(
                p["birth_date"] == "" and not str(p["personnummer"]).isdigit() for p in others
            )
            assert {"organisations", "units", "cases"} <= kinds, name
            pending = [e for e in entities if e.kind == "pending_changes" and not e.deleted]
            assert all(e.rows["pending_changes"][0]["kind"] != "anvandare" for e in pending)
            assert created.id not in {e.entity_id for e in pending}
    finally:
        backend.services.users.discard_pending(admin, DiscardPending(created.id, created.version))


def test_bad_requests_no_session_and_another_organisation_are_refused(
    backend: Backend,
) -> None:
    sync = backend.services.sync
    caller = backend.caller(ARVID, DOROTEA)
    for feed, since, limit in (
        ("annat", 0, 10),
        (FEED_ORGANISATION, -1, 10),
        (FEED_ORGANISATION, 0, 0),
        (FEED_ORGANISATION, 0, MAX_FEED_LIMIT + 1),
    ):
        with pytest.raises(ValidationError) as refused:
            sync.changes(caller, feed, since, limit)
        assert refused.value.message
    with pytest.raises(NotAuthenticated):
        sync.changes(Caller("ingen-session", caller.organisation_id), FEED_ORGANISATION, 0)
    # Arvid has no authorization in Åsele: to him it does not exist.
    with pytest.raises(NotFound):
        sync.changes(Caller(caller.token, backend.org_id(ASELE)), FEED_ORGANISATION, 0)
