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
"""

from __future__ import annotations

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
    "authorizations": Function.HANTERA_ANVANDARE,
    "contact_persons": Function.KONTAKTPERSON,
    "accounts": Function.KONTOINFORMATION,
    "cases": Function.HANTERA_HANDLINGAR,
    "documents": READ_FUNCTION,
    "claims": Function.UPPFOLJNING_ERSATTNINGAR,
    "pending_changes": None,
    "receipts": None,
}

Row = Mapping[str, object]


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


def row_filter(role: Role) -> Mapping[str, Callable[[Row], bool]]:
    """Per kind, whether ``role`` may read one root row (kinds not named: every row)."""
    readable = readable_kinds(role)
    codes = {k.value for k in readable}
    return {
        "pending_changes": lambda row: row.get("kind") in codes,
        "receipts": lambda row: _document_kinds(row.get("document")) <= readable,
    }


class SyncService(ServiceBase):
    """:class:`~kawebb_desktop.services.api.SyncApi` over the store."""

    def changes(self, caller: Caller, feed: str, since: int, limit: int = 1000) -> FeedPage:
        check_feed_request(feed, since, limit)
        # Every active role follows the feeds; what each may read is filtered below.
        with self._acting(caller, Function.KONTAKTPERSON, Access.NONE) as (uow, me):
            role = me.user.role
            feed_id = me.organisation_id if feed == FEED_ORGANISATION else GLOBAL_FEED_ID
            found = uow.feed.changes(feed_id, since, visible_kinds(role, feed), limit + 1)
            more = len(found) > limit
            found = found[:limit]
            wanted: dict[str, list[int]] = defaultdict(list)
            for change in found:
                if not change.deleted:
                    wanted[change.kind].append(change.entity_id)
            loaded = {kind: uow.feed.rows(kind, ids) for kind, ids in wanted.items()}
            schema = uow.feed.schema()
        checks = row_filter(role)
        entities: list[FeedEntity] = []
        for change in found:
            rows = loaded.get(change.kind, {}).get(change.entity_id)
            if rows is None:
                # Deleted, or deleted since the index was read: a tombstone either way
                # (a later entry then brings the deletion again, which is harmless).
                entities.append(FeedEntity(change.kind, change.entity_id, change.seq))
                continue
            check = checks.get(change.kind)
            if check is not None and not check(rows[change.kind][0]):
                continue
            entities.append(FeedEntity(change.kind, change.entity_id, change.seq, rows))
        cursor = found[-1].seq if found else since
        return FeedPage(schema=schema, entities=tuple(entities), cursor=cursor, more=more)


__all__ = ["SyncService", "row_filter", "visible_kinds"]
