"""The two workstations of the offline tests: this one (a :class:`Workstation`, with its
replica and outbox) and another one, which writes straight to the "server" (``ws.remote``).
What each does, and what each then shows, for test_sync, test_rebase and test_dependants."""

from __future__ import annotations

import dataclasses
from typing import Any

from kawebb_desktop.domain.changes import UserDraft
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.offline.outbox import OPERATIONS
from kawebb_desktop.offline.sync import SyncEngine
from kawebb_desktop.services.api import CreateUser, EditPending, PendingUserChange
from tests.offline.conftest import Workstation
from tests.services.backends import new_draft


def offline(ws: Workstation, name: str, command: Any) -> tuple[int, Any]:
    """``command`` made here offline: queued in the outbox and applied to the replica;
    its outbox seq and the local answer."""
    operation = OPERATIONS[name]
    seq, answer = ws.outbox.apply(
        operation,
        command,
        ws.caller,
        ws.personnummer,
        lambda: getattr(getattr(ws.local, operation.api), operation.method)(ws.caller, command),
    )
    assert seq is not None
    return seq, answer


def engine(ws: Workstation, remote: Any = None) -> SyncEngine:
    return SyncEngine(ws.replica, ws.outbox, remote or ws.remote, ws.feed, ws.local.env.clock)


def server_changes(ws: Workstation, personnummer: Personnummer) -> list[PendingUserChange]:
    return [
        p for p in ws.remote.users.list_pending(ws.caller) if p.draft.personnummer == personnummer
    ]


def local_changes(ws: Workstation, personnummer: Personnummer) -> list[PendingUserChange]:
    return [
        p for p in ws.local.users.list_pending(ws.caller) if p.draft.personnummer == personnummer
    ]


def only(changes: list[PendingUserChange]) -> PendingUserChange:
    assert len(changes) == 1, changes
    return changes[0]


def made_on_server(ws: Workstation) -> tuple[UserDraft, PendingUserChange]:
    """A new user's change made on the server (by the other workstation) and pulled
    here: its draft and the change as the server made it."""
    draft = new_draft()
    made = ws.remote.users.create_user(ws.caller, CreateUser(draft))
    engine(ws).pull(ws.caller)
    return draft, made


def edit_as_read(ws: Workstation, number: Personnummer, first_name: str) -> int:
    """An edit made here offline as the form makes it: at the change the replica shows."""
    shown = only(local_changes(ws, number))
    edited = dataclasses.replace(shown.draft, first_name=first_name)
    seq, _ = offline(ws, "users.edit_pending", EditPending(shown.id, shown.version, edited))
    return seq


def theirs_meanwhile(ws: Workstation, made: PendingUserChange, first_name: str) -> None:
    """The other workstation edits ``made`` on the server (at the version it was made)."""
    draft = dataclasses.replace(made.draft, first_name=first_name)
    ws.remote.users.edit_pending(ws.caller, EditPending(made.id, made.version, draft))
