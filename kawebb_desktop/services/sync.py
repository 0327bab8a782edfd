"""The change feeds for the offline replicas (issue 11): :class:`SyncService` answers
:meth:`~kawebb_desktop.services.api.SyncApi.changes` from the store's feed
(``store/sql/feed.py`` records it).

A page holds each changed aggregate root once, as it is now, oldest change first. What a
caller receives is what the same role may read through the other services — the
permission matrix, kind by kind (:func:`visible_kinds`), and row by row where a kind is
shared by several functions: a pending change by the function of its kind, a receipt
only if the role may read every change in it (as *Kvittenser*). An entry the caller may
not read is left out, but the cursor still moves past it, so the next page does not ask
for it again. A tombstone names only a kind and an id; tombstones are sent for every
kind the role may read at all (a deleted pending change's kind is no longer known).

Every role's replica must know its own user to work offline (the local services resolve
the caller by the session's person and their authorization in the organisation), so the
caller's own authorization, with its person row, is always in the feed. A role that may
not read users (*Hantera användare*) gets that one and nothing of other users: no other
authorization, not even another user's tombstone. What such a role reads does name
other people — who made a pending change, who last saved a document, who signed a
receipt — so each such person comes with the row as a *name card* (:func:`name_card`):
their person row with the name only, the personnummer and birth date left out.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Callable, Mapping

from kawebb_desktop.domain.changes import ChangeKind
from kawebb_desktop.domain.documents import READ_FUNCTION
from kawebb_desktop.domain.roles import Access, Function, Role, allows
from kawebb_desktop.services.api import (
    FEED_GLOBAL,
    FEED_ORGANISATION,
    Caller,
    FeedEntity,
    FeedPage,
    check_feed_request,
)
from kawebb_desktop.services.common import ServiceBase
from kawebb_desktop.services.signing import readable_kinds
from kawebb_desktop.store.base import FeedRepository

#: The global feed's id in the store (an organisation's feed has the organisation's id).
GLOBAL_FEED_ID = 0

#: The global feed's kinds: news, which every active role reads.
GLOBAL_KINDS: frozenset[str] = frozenset({"news_items"})

#: An organisation's kinds and the function of the matrix whose READ shows them; None:
#: every active role (as the header and the receipts list).
_KIND_FUNCTION: Mapping[str, Function | None] = {
    "organisations": None,
    "units": None,
    "services": Function.UTFORANDE_VERKSAMHET,
    "agreements": Function.KONTAKTPERSON,
    # Every role: its own authorization (row_filter), all of them with Hantera användare.
    "authorizations": None,
    "contact_persons": Function.KONTAKTPERSON,
    "accounts": Function.KONTOINFORMATION,
    "cases": Function.HANTERA_HANDLINGAR,
    "documents": READ_FUNCTION,
    "claims": Function.UPPFOLJNING_ERSATTNINGAR,
    "pending_changes": None,
    "receipts": None,
}

Row = Mapping[str, object]

#: Per kind, the columns of its rows (the root's and its children's) that name a person.
PERSON_COLUMNS: Mapping[str, Mapping[str, str]] = {
    "pending_changes": {"pending_changes": "created_by_person_id"},
    "documents": {"documents": "updated_by", "document_events": "by_person_id"},
    "receipts": {"receipts": "signer_person_id"},
}

#: What stands in a name card for the personnummer: never a valid number (so never
#: found by one), unique per person (as the column must be).
NAME_CARD_NUMBER = "-{id}"


def name_card(person: Row) -> dict[str, object]:
    """A person row with what every role may see of another person: the name."""
    return {**person, "personnummer": NAME_CARD_NUMBER.format(id=person["id"]), "birth_date": ""}


def _named_people(rows: Mapping[str, tuple[Row, ...]], kind: str) -> set[int]:
    found: set[int] = set()
    for table, column in PERSON_COLUMNS.get(kind, {}).items():
        for row in rows.get(table, ()):
            value = row.get(column)
            if isinstance(value, int):
                found.add(value)
    return found


def visible_kinds(role: Role, feed: str) -> frozenset[str]:
    """The kinds of ``feed`` that ``role`` may read at all."""
    if feed == FEED_GLOBAL:
        return GLOBAL_KINDS
    kinds = {
        kind
        for kind, function in _KIND_FUNCTION.items()
        if function is None or allows(role, function, Access.READ)
    }
    if not readable_kinds(role):
        kinds.discard("pending_changes")
    return frozenset(kinds)


def _document_kinds(document: object) -> frozenset[ChangeKind]:
    """The kinds of change a receipt's signed document holds; every kind when it cannot
    be read (then only a role that reads every kind sees it, as in *Kvittenser*)."""
    try:
        changes = json.loads(str(document)).get("changes", [])
        return frozenset(ChangeKind(c["kind"]) for c in changes)
    except (ValueError, TypeError, KeyError, AttributeError):
        return frozenset(ChangeKind)


def reads_users(role: Role) -> bool:
    """Whether ``role`` may read the organisation's users (else only its own)."""
    return allows(role, Function.HANTERA_ANVANDARE, Access.READ)


def row_filter(role: Role, user_id: int) -> Mapping[str, Callable[[Row], bool]]:
    """Per kind, whether ``role``, acting as the authorization ``user_id``, may read one
    root row (kinds not named: every row)."""
    readable = readable_kinds(role)
    codes = {k.value for k in readable}
    checks: dict[str, Callable[[Row], bool]] = {
        "pending_changes": lambda row: row.get("kind") in codes,
        "receipts": lambda row: _document_kinds(row.get("document")) <= readable,
    }
    if not reads_users(role):
        checks["authorizations"] = lambda row: row.get("id") == user_id
    return checks


class SyncService(ServiceBase):
    """:class:`~kawebb_desktop.services.api.SyncApi` over the store."""

    def changes(self, caller: Caller, feed: str, since: int, limit: int = 1000) -> FeedPage:
        check_feed_request(feed, since, limit)
        # Every active role follows the feeds; what each may read is filtered below.
        with self._acting(caller, Function.KONTAKTPERSON, Access.NONE) as (uow, me):
            role = me.user.role
            own_id = me.user.id
            feed_id = me.organisation_id if feed == FEED_ORGANISATION else GLOBAL_FEED_ID
            found = uow.feed.changes(feed_id, since, visible_kinds(role, feed), limit + 1)
            more = len(found) > limit
            found = found[:limit]
            # The cursor moves past what is hidden; hidden entries are not even loaded.
            own_users_only = not reads_users(role)
            shown = [
                c
                for c in found
                if not (own_users_only and c.kind == "authorizations" and c.entity_id != own_id)
            ]
            wanted: dict[str, list[int]] = defaultdict(list)
            for change in shown:
                if not change.deleted:
                    wanted[change.kind].append(change.entity_id)
            loaded = {kind: uow.feed.rows(kind, ids) for kind, ids in wanted.items()}
            schema = uow.feed.schema()
            checks = row_filter(role, own_id)
            entities: list[FeedEntity] = []
            for change in shown:
                rows = loaded.get(change.kind, {}).get(change.entity_id)
                if rows is None:
                    # Deleted, or deleted since the index was read: a tombstone either
                    # way (a later entry then brings the deletion again: harmless).
                    entities.append(FeedEntity(change.kind, change.entity_id, change.seq))
                    continue
                check = checks.get(change.kind)
                if check is not None and not check(rows[change.kind][0]):
                    continue
                entities.append(FeedEntity(change.kind, change.entity_id, change.seq, rows))
            if own_users_only:
                entities = _with_name_cards(uow.feed, entities, me.person_id)
        cursor = found[-1].seq if found else since
        return FeedPage(schema=schema, entities=tuple(entities), cursor=cursor, more=more)


def _with_name_cards(
    feed: FeedRepository, entities: list[FeedEntity], own_person_id: int
) -> list[FeedEntity]:
    """``entities`` with the name card of each other person they name (for a role that
    does not read users: its replica has no other person rows)."""
    named = {n: _named_people(e.rows, e.kind) - {own_person_id} for n, e in enumerate(entities)}
    wanted: set[int] = set().union(*named.values()) if named else set()
    people = feed.persons(wanted) if wanted else {}
    if not people:
        return entities
    result: list[FeedEntity] = []
    for n, entity in enumerate(entities):
        cards = tuple(name_card(people[i]) for i in sorted(named[n]) if i in people)
        if cards:
            entity = dataclasses.replace(entity, rows={**entity.rows, "persons": cards})
        result.append(entity)
    return result


__all__ = ["SyncService", "name_card", "reads_users", "row_filter", "visible_kinds"]
