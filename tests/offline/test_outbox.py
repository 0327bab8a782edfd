"""Commands made offline: applied to the replica with provisional ids, kept in the
outbox with what they changed, and undone exactly when discarded."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from sqlalchemy import select

from kawebb_desktop.domain.errors import RuleViolation, ValidationError
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.offline.outbox import (
    LATER_CHANGES,
    OPERATIONS,
    Status,
    matched_ids,
    provisional_ids,
    rewrite_ids,
)
from kawebb_desktop.offline.replica import Replica, is_provisional, replicated_tables
from kawebb_desktop.services import codec
from kawebb_desktop.services.api import (
    CreateUser,
    EditPending,
    PendingUserChange,
    SetEndDate,
    VersionedId,
)
from tests.offline.conftest import Workstation
from tests.services.backends import new_draft


def snapshot(replica: Replica) -> dict[str, list[tuple[Any, ...]]]:
    with replica.reading() as connection:
        return {
            t.name: sorted(tuple(r) for r in connection.execute(select(t)))
            for t in replicated_tables()
        }


def create_user(ws: Workstation) -> tuple[int | None, PendingUserChange]:
    command = CreateUser(new_draft())
    return ws.outbox.apply(
        OPERATIONS["users.create_user"],
        command,
        ws.caller,
        ws.personnummer,
        lambda: ws.local.users.create_user(ws.caller, command),
    )


def test_a_command_made_offline_gets_provisional_ids_and_an_outbox_row(ws: Workstation) -> None:
    command = CreateUser(new_draft())
    seq, change = ws.outbox.apply(
        OPERATIONS["users.create_user"],
        command,
        ws.caller,
        ws.personnummer,
        lambda: ws.local.users.create_user(ws.caller, command),
    )
    assert seq is not None
    assert is_provisional(change.id)
    assert change.id in [p.id for p in ws.local.users.list_pending(ws.caller)]
    [entry] = ws.outbox.entries()
    assert entry.seq == seq and entry.status is Status.QUEUED
    assert entry.command == command  # the same key, the same draft
    assert entry.operation.name == "users.create_user"
    assert list(provisional_ids(entry.provisional_answer)) != []
    assert entry.provisional_answer == codec.to_json(change)


def test_several_new_rows_of_one_command_get_distinct_provisional_ids(ws: Workstation) -> None:
    page = ws.local.users.list_users(ws.caller, UserQuery(limit=50))
    rows = [r for r in page.items if not r.user.role.is_admin and r.pending is None][:3]
    users = tuple(VersionedId(r.user.id, r.user.version) for r in rows)
    assert len(users) == 3
    command = SetEndDate(users, new_draft().start_date.replace(month=12, day=31))
    _, changes = ws.outbox.apply(
        OPERATIONS["users.set_end_date"],
        command,
        ws.caller,
        ws.personnummer,
        lambda: ws.local.users.set_end_date(ws.caller, command),
    )
    ids = [c.id for c in changes]
    assert len(set(ids)) == 3 and all(is_provisional(i) for i in ids)


def test_a_command_the_rules_refuse_leaves_no_trace(ws: Workstation) -> None:
    before = snapshot(ws.replica)
    draft = new_draft()
    bad = CreateUser(dataclasses.replace(draft, first_name=""))
    with pytest.raises((RuleViolation, ValidationError)):
        ws.outbox.apply(
            OPERATIONS["users.create_user"],
            bad,
            ws.caller,
            ws.personnummer,
            lambda: ws.local.users.create_user(ws.caller, bad),
        )
    assert ws.outbox.entries() == []
    assert snapshot(ws.replica) == before


def test_discarding_commands_undoes_them_exactly(ws: Workstation) -> None:
    before = snapshot(ws.replica)
    first, change = create_user(ws)
    edit = EditPending(change.id, change.version, new_draft(change.draft.personnummer))
    second, _ = ws.outbox.apply(
        OPERATIONS["users.edit_pending"],
        edit,
        ws.caller,
        ws.personnummer,
        lambda: ws.local.users.edit_pending(ws.caller, edit),
    )
    assert first is not None and second is not None
    with pytest.raises(RuleViolation, match=LATER_CHANGES):
        ws.outbox.discard(first)  # the edit still builds on it
    ws.outbox.discard(second)
    ws.outbox.discard(first)
    assert ws.outbox.entries() == []
    assert snapshot(ws.replica) == before


def test_ids_are_rewritten_and_matched_in_json() -> None:
    p = -3
    assert list(provisional_ids({"a": [1, p, True], "b": {"c": p - 1}})) == [p, p - 1]
    assert rewrite_ids({"a": [1, p, True], "b": p - 1}, {p: 42}) == {"a": [1, 42, True], "b": p - 1}
    assert matched_ids(
        {"change": {"id": p, "version": 1}}, {"change": {"id": 42, "version": 1}}
    ) == {p: 42}


@pytest.fixture
def ws(workstation: Workstation) -> Workstation:
    return workstation
