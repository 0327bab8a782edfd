"""The sync of one replica with its server: push the outbox, then pull the feeds.

Push
    Queued commands go out in the order they were made, each through the remote
    services with its own idempotency key — a retry after a cut connection is answered
    from the server's idempotency store, so every command is applied once. Before a
    command is sent, the provisional ids in it are replaced by the server ids that the
    answers to earlier commands gave them; a command that still names a provisional id
    nobody has answered for (its maker was refused, or is not sent yet) waits. A refusal
    (a rule, a permission, a conflict, something gone) marks the command refused with
    its Swedish reason and the push goes on; a network failure stops it (try later).

Pull
    The organisation's feed, then the global one, each from its cursor until ``more``
    is false. The first page's transaction first takes the provisional effects of the
    answered commands out of the replica (the server's rows come with the pull). The
    rows that still-queued commands changed are put back on top of each page (the
    rebase, :meth:`~kawebb_desktop.offline.replica.Replica.apply`): a pull never
    takes a queued edit out of the replica, so the next edit is made at the version
    the user saw. A command acknowledged before a pull that then ends is *synced*: its
    result is in the replica as the server has it (the write checkpoint). A feed of
    another schema revision rebuilds the replica and pulls everything again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, field

from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from kawebb_desktop.offline.outbox import (
    Outbox,
    OutboxEntry,
    Status,
)
from kawebb_desktop.offline.push import push_outbox
from kawebb_desktop.offline.replica import Replica, SchemaChanged, cursor_key
from kawebb_desktop.remote.errors import ServerUnavailable
from kawebb_desktop.services.api import (
    FEED_GLOBAL,
    FEED_ORGANISATION,
    Caller,
    Services,
    SyncApi,
)

log = logging.getLogger(__name__)

#: How the server's refusals are kept in the outbox (``refusal_code``), and back.
REFUSALS: dict[str, type[DomainError]] = {
    "permission": PermissionDenied,
    "not_found": NotFound,
    "conflict": Conflict,
    "rule": RuleViolation,
    "validation": ValidationError,
}


def refusal_code(error: DomainError) -> str | None:
    """The outbox's code for a refusal of the server; ``None`` for anything else (the
    network, a server that cannot serve, a session that ended: the push stops)."""
    for code, kind in REFUSALS.items():
        if isinstance(error, kind):
            return code
    return None


def refusal_error(code: str | None, message: str) -> DomainError:
    return REFUSALS.get(code or "", DomainError)(message)


@dataclass
class SyncReport:
    """What one sync did."""

    sent: list[int] = field(default_factory=list)
    #: Commands the server refused in this sync, with its refusal.
    refused: dict[int, DomainError] = field(default_factory=dict)
    #: Commands that wait for an earlier one (a provisional id nobody answered for).
    waiting: list[int] = field(default_factory=list)
    #: Why the sync stopped before its end (the network, the session), or ``None``.
    stopped: DomainError | None = None
    pulled: bool = False
    synced: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """For the status bar and ``kawebb sync status``."""

    online: bool
    #: Commands not yet answered by the server ("3 ändringar väntar").
    queued: int
    refused: tuple[OutboxEntry, ...]
    last_sync: dt.datetime | None
    #: The last sync's failure, in Swedish ("" when it went well).
    problem: str = ""


class SyncEngine:
    """Push and pull for one replica; one sync at a time (a lock), any thread."""

    def __init__(
        self,
        replica: Replica,
        outbox: Outbox,
        remote: Services,
        feed: SyncApi,
        clock: Clock,
        *,
        page_limit: int = 1000,
    ) -> None:
        self.replica = replica
        self.outbox = outbox
        self._remote = remote
        self._feed = feed
        self._clock = clock
        self._page_limit = page_limit
        self._lock = threading.Lock()
        self._online = False
        self._unreachable = False
        self._last_sync: dt.datetime | None = None
        self._problem = ""

    # ------------------------------------------------------------------ sync
    def sync(self, caller: Caller) -> SyncReport:
        """Push, then (unless the network failed) pull."""
        with self._lock:
            report = SyncReport()
            self._push(caller, report)
            if report.stopped is None:
                try:
                    report.synced = self._pull(caller)
                    report.pulled = True
                except DomainError as exc:
                    if refusal_code(exc) is not None:
                        raise
                    report.stopped = exc
            self._online = report.stopped is None
            self._unreachable = isinstance(report.stopped, ServerUnavailable)
            self._problem = report.stopped.message if report.stopped is not None else ""
            if report.pulled:
                self._last_sync = self._clock.now()
            return report

    def pull(self, caller: Caller) -> list[int]:
        with self._lock:
            synced = self._pull(caller)
            self._online = True
            self._unreachable = False
            self._last_sync = self._clock.now()
            return synced

    @property
    def online(self) -> bool:
        """Whether the last contact with the server went well (a flag, no I/O)."""
        return self._online

    @property
    def unreachable(self) -> bool:
        """Whether the last sync could not reach the server (the network, or a server
        that does not serve): the backend is *offline*, and writes go straight to the
        outbox without trying to push until a sync gets through again (a flag, no I/O)."""
        return self._unreachable

    def note_offline(self, error: DomainError) -> None:
        self._online = False
        if isinstance(error, ServerUnavailable):
            self._unreachable = True
        self._problem = error.message

    def status(self) -> SyncStatus:
        entries = self.outbox.entries((Status.QUEUED, Status.REFUSED))
        return SyncStatus(
            online=self._online,
            queued=sum(1 for e in entries if e.status is Status.QUEUED),
            refused=tuple(e for e in entries if e.status is Status.REFUSED),
            last_sync=self._last_sync,
            problem=self._problem,
        )

    # ------------------------------------------------------------------ push
    def _push(self, caller: Caller, report: SyncReport) -> None:
        """The organisation's queued commands, in batches (``offline/push.py``)."""
        entries = [
            e
            # A command being applied right now waits for its provisional answer.
            for e in self.outbox.entries((Status.QUEUED,), complete=True)
            if e.organisation_id == caller.organisation_id  # others: when worked in again
        ]
        outcome = push_outbox(self.outbox, entries, caller, self._remote.sync.push, refusal_code)
        report.sent.extend(outcome.sent)
        report.refused.update(outcome.refused)
        report.waiting.extend(outcome.waiting)
        report.stopped = outcome.stopped

    # ------------------------------------------------------------------ pull
    def _pull(self, caller: Caller) -> list[int]:
        answered = [e.seq for e in self.outbox.entries((Status.ACKNOWLEDGED,))]
        try:
            self._pull_feeds(caller)
        except SchemaChanged as exc:
            log.warning("Replica %s: feed schema %s → %s", self.replica.path, exc.old, exc.new)
            self.replica.rebuild()
            self._pull_feeds(caller)
        self.outbox.mark_synced(answered)
        return answered

    def _pull_feeds(self, caller: Caller) -> None:
        first = True
        for feed, organisation in (
            (FEED_ORGANISATION, caller.organisation_id),
            (FEED_GLOBAL, None),
        ):
            key = cursor_key(feed, organisation)
            while True:
                page = self._feed.changes(caller, feed, self.replica.cursor(key), self._page_limit)
                self.replica.apply(key, page, prepare=self.outbox.undo_answered if first else None)
                first = False
                if not page.more:
                    break


__all__ = [
    "REFUSALS",
    "SyncEngine",
    "SyncReport",
    "SyncStatus",
    "refusal_code",
    "refusal_error",
]
