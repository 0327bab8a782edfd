"""What the UI may ask of the offline backend (issue 11): the sync's state for the status
bar and ``kawebb sync status``, *Synkronisera nu*, which rows are *Ej synkad*, and what
to do with a command the server refused (discard it, or apply it again on top of the
server's version after a conflict).

Only the offline backend has it (``Services.offline``); local and plain remote mode have
``None``, so the UI shows no indicator there. The types are plain values: the UI never
sees the outbox or the replica.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.services.api import Caller

#: Offline, *Signera* is disabled with this text (tooltip and the status bar).
SIGNING_NEEDS_SERVER = "Signering kräver anslutning till servern."
#: The login page's offer when the server cannot be reached.
CONTINUE_OFFLINE = "Fortsätt offline som {name}"


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One field of a version shown side by side (*Deras* / *Mina*)."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class RefusedCommand:
    """A command the server refused, with its Swedish reason; what the user typed is
    kept in the outbox until they discard it or apply it again."""

    seq: int
    #: What the command did, in Swedish ("Ändra användare 12").
    title: str
    made_at: dt.datetime
    reason: str
    #: The server refused it because what it changes changed meanwhile (a stale
    #: version): the conflict view applies.
    conflict: bool
    #: What the user typed, field by field.
    mine: tuple[FieldValue, ...]
    #: The server's present version of what it changes (from the replica after the
    #: pull), field by field; empty when there is none (it was removed).
    theirs: tuple[FieldValue, ...]


@dataclass(frozen=True, slots=True)
class SyncState:
    online: bool
    #: Commands not yet answered by the server ("3 ändringar väntar").
    waiting: int
    refused: tuple[RefusedCommand, ...]
    last_sync: dt.datetime | None
    #: Why the last sync failed, in Swedish ("" when it went well).
    problem: str
    #: The replica's file ("" when the session has none).
    replica_path: str
    #: The rows changed here that the server has not confirmed yet, as
    #: ``(kind, id)`` with kind one of the ``KIND_*`` below.
    unsynced: frozenset[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class OfflineLogin:
    """A person who may open their replica here without the server: they logged in with
    BankID on this workstation within the server's window."""

    #: Names the replica for :meth:`OfflineApi.start_offline` (not the personnummer).
    key: str
    name: str
    logged_in_at: dt.datetime


KIND_PENDING = "pending_changes"
KIND_DOCUMENT = "documents"
KIND_USER = "authorizations"
KIND_CONTACT = "contact_persons"
KIND_ACCOUNT = "accounts"
KIND_CLAIM = "claims"


def waiting_text(count: int) -> str:
    """ "1 ändring väntar", "3 ändringar väntar", "Inga ändringar väntar"."""
    if count == 0:
        return "Inga ändringar väntar"
    return f"{count} ändring väntar" if count == 1 else f"{count} ändringar väntar"


class OfflineApi(Protocol):
    def online(self, caller: Caller) -> bool:
        """Whether the last contact with the server went well (no I/O: a flag)."""
        ...

    def state(self, caller: Caller) -> SyncState:
        """The sync's state from the replica (no network)."""
        ...

    def sync_now(self, caller: Caller) -> SyncState:
        """Push the outbox and pull; a network failure is in the state, not raised."""
        ...

    def discard(self, caller: Caller, seq: int) -> None:
        """*Ta bort*/*Släpp mina*: drop a waiting or refused command, its effects here
        undone (``RuleViolation`` when a later command changed the same rows)."""
        ...

    def apply_again(self, caller: Caller, seq: int) -> None:
        """*Använd mina igen*: the refused command once more, on the server's present
        version (a new idempotency key), then pushed; the refused one is dropped."""
        ...

    def offline_logins(self) -> tuple[OfflineLogin, ...]:
        """When the server cannot be reached: who may continue offline here (else
        nobody: with a server, one logs in with BankID)."""
        ...

    def start_offline(self, key: str) -> Actor:
        """Open the replica ``key`` of :meth:`offline_logins` without the server: a
        session of this workstation only, for reading and entering; its changes are
        sent under the person's next BankID session."""
        ...

    def remove_replica(self, caller: Caller, *, keep: bool) -> bool:
        """At *Logga ut*: close the session's replica and delete its file — unless
        ``keep`` and its outbox still holds changes (then the file stays for the next
        login). Whether it was deleted."""
        ...


__all__ = [
    "CONTINUE_OFFLINE",
    "KIND_ACCOUNT",
    "KIND_CLAIM",
    "KIND_CONTACT",
    "KIND_DOCUMENT",
    "KIND_PENDING",
    "KIND_USER",
    "SIGNING_NEEDS_SERVER",
    "FieldValue",
    "OfflineApi",
    "OfflineLogin",
    "RefusedCommand",
    "SyncState",
    "waiting_text",
]
