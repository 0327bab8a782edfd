"""The sync: the outbox pushed in order through the "server's" services (in process over
a store of their own), ids rewritten, refusals kept, the network's failures survived,
and the write checkpoint reached by the pull."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from sqlalchemy import delete, select

from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.offline import push as push_module
from kawebb_desktop.offline.outbox import ANSWER_GRACE, Status
from kawebb_desktop.offline.push import DEPENDS_ON_REFUSED
from kawebb_desktop.offline.replica import id_map, is_provisional, outbox
from kawebb_desktop.offline.sync import SyncEngine
from kawebb_desktop.remote.errors import ServerUnavailable
from kawebb_desktop.services.api import CreateUser, EditPending
from kawebb_desktop.store.sql.store import SqlStore
from tests.offline.conftest import Workstation
from tests.offline.workstations import (
    engine,
    local_changes,
    made_on_server,
    offline,
    server_changes,
    theirs_meanwhile,
)
from tests.services.backends import new_draft


class FlakyUsers:
    """A server API (here the push) behind a network that fails: before the request reaches
    the server (``cut_before``) or after it was applied, losing the answer."""

    def __init__(self, users: Any, *, cut_before: int = 0, cut_after: int = 0) -> None:
        self._users = users
        self.cut_before, self.cut_after = cut_before, cut_after

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._users, name)

        def call(*args: Any) -> Any:
            if self.cut_before:
                self.cut_before -= 1
                raise ServerUnavailable("Servern svarar inte.")
            answer = real(*args)
            if self.cut_after:
                self.cut_after -= 1
                raise ServerUnavailable("Servern svarar inte.")
            return answer

        return call


def test_a_command_made_offline_is_pushed_and_its_provisional_row_replaced(
    workstation: Workstation,
) -> None:
    ws = workstation
    draft = new_draft()
    seq, change = offline(ws, "users.create_user", CreateUser(draft))
    assert is_provisional(change.id)
    assert server_changes(ws, draft.personnummer) == []

    report = engine(ws).sync(ws.caller)

    assert report.sent == [seq] and report.stopped is None and report.synced == [seq]
    [on_server] = server_changes(ws, draft.personnummer)
    [in_replica] = local_changes(ws, draft.personnummer)
    assert in_replica.id == on_server.id and not is_provisional(in_replica.id)
    entry = ws.outbox.entry(seq)
    assert entry is not None and entry.status is Status.SYNCED
    assert ws.outbox.id_map()[change.id] == on_server.id
    assert engine(ws).status().queued == 0


def test_a_later_command_naming_a_provisional_id_is_sent_with_the_servers(
    workstation: Workstation,
) -> None:
    ws = workstation
    draft = new_draft()
    _, change = offline(ws, "users.create_user", CreateUser(draft))
    edited = dataclasses.replace(draft, first_name="Ändrad")
    offline(ws, "users.edit_pending", EditPending(change.id, change.version, edited))

    report = engine(ws).sync(ws.caller)

    assert len(report.sent) == 2 and report.stopped is None
    [on_server] = server_changes(ws, draft.personnummer)
    assert on_server.draft.first_name == "Ändrad"
    assert [c.draft.first_name for c in local_changes(ws, draft.personnummer)] == ["Ändrad"]


def test_a_provisional_id_is_never_given_again(
    workstation: Workstation,
) -> None:
    """Once a synced command's rows are the server's, its provisional id is free in its
    table, but it is never given again: the id map's old answer for it would be used
    for the new row's commands (an edit sent at the first change's server id)."""
    ws = workstation
    first = new_draft()
    _, old = offline(ws, "users.create_user", CreateUser(first))
    assert engine(ws).sync(ws.caller).stopped is None
    draft = new_draft()
    _, change = offline(ws, "users.create_user", CreateUser(draft))
    assert change.id < old.id  # a new provisional id, not the first's (mapped) one
    edited = dataclasses.replace(draft, first_name="Ändrad")
    offline(ws, "users.edit_pending", EditPending(change.id, change.version, edited))

    report = engine(ws).sync(ws.caller)

    assert len(report.sent) == 2 and not report.refused and report.stopped is None
    assert [c.draft.first_name for c in server_changes(ws, draft.personnummer)] == ["Ändrad"]
    assert [c.draft for c in server_changes(ws, first.personnummer)] == [first]


def test_a_refused_command_is_kept_with_its_reason_and_its_dependants_are_refused_too(
    workstation: Workstation,
) -> None:
    ws = workstation
    draft = new_draft()
    seq, change = offline(ws, "users.create_user", CreateUser(draft))
    edited = new_draft(draft.personnummer)
    dependant, _ = offline(ws, "users.edit_pending", EditPending(change.id, change.version, edited))
    # Meanwhile another admin made a change of the same person on the server.
    ws.remote.users.create_user(ws.caller, CreateUser(draft))

    report = engine(ws).sync(ws.caller)

    assert list(report.refused) == [seq, dependant] and report.waiting == []
    entry = ws.outbox.entry(seq)
    assert entry is not None and entry.status is Status.REFUSED
    assert entry.refusal_code and entry.refusal_message
    assert entry.command.draft == draft  # what was typed is kept
    built_on = ws.outbox.entry(dependant)
    assert built_on is not None and built_on.status is Status.REFUSED
    assert built_on.refusal_message == DEPENDS_ON_REFUSED + entry.refusal_message
    assert built_on.command.draft == edited
    status = engine(ws).status()
    assert [e.seq for e in status.refused] == [seq, dependant] and status.queued == 0
    # Discarding them (the first, then the one built on it) leaves the server's change
    # alone in the replica.
    ws.outbox.discard(seq)
    ws.outbox.discard(dependant)
    engine(ws).sync(ws.caller)
    assert [c.id for c in local_changes(ws, draft.personnummer)] == [
        c.id for c in server_changes(ws, draft.personnummer)
    ]


def test_a_cut_before_the_server_keeps_the_command_queued(workstation: Workstation) -> None:
    ws = workstation
    draft = new_draft()
    seq, _ = offline(ws, "users.create_user", CreateUser(draft))
    remote = dataclasses.replace(ws.remote, sync=FlakyUsers(ws.remote.sync, cut_before=1))
    sync = engine(ws, remote)

    report = sync.sync(ws.caller)

    assert isinstance(report.stopped, DomainError) and not report.pulled
    assert not sync.status().online and sync.status().queued == 1
    assert server_changes(ws, draft.personnummer) == []
    assert sync.sync(ws.caller).sent == [seq]
    assert len(server_changes(ws, draft.personnummer)) == 1


def test_a_lost_answer_is_asked_again_with_the_same_key_and_applied_once(
    workstation: Workstation,
) -> None:
    ws = workstation
    draft = new_draft()
    seq, _ = offline(ws, "users.create_user", CreateUser(draft))
    remote = dataclasses.replace(ws.remote, sync=FlakyUsers(ws.remote.sync, cut_after=1))
    sync = engine(ws, remote)

    assert sync.sync(ws.caller).stopped is not None
    assert len(server_changes(ws, draft.personnummer)) == 1  # applied, answer lost
    assert sync.sync(ws.caller).synced == [seq]
    assert len(server_changes(ws, draft.personnummer)) == 1  # not twice
    assert len(local_changes(ws, draft.personnummer)) == 1


class CutAfterFirst:
    """The sync API (the push) behind a network that fails from its second call on."""

    def __init__(self, sync: Any) -> None:
        self._sync = sync
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._sync, name)

        def call(*args: Any) -> Any:
            self.calls += 1
            if self.calls > 1:
                raise ServerUnavailable("Servern svarar inte.")
            return real(*args)

        return call


def test_an_answered_id_the_id_map_lost_is_found_again_from_the_answers(
    workstation: Workstation,
) -> None:
    """A queued edit names the provisional id of a create the server answered, and the id
    map lacks that id (seen once after faults, cause unknown): the outbox's answers give
    it again, and the edit is sent with the server's id instead of waiting for ever."""
    ws = workstation
    draft = new_draft()
    create, change = offline(ws, "users.create_user", CreateUser(draft))
    edited = dataclasses.replace(draft, first_name="Ändrad")
    edit, _ = offline(ws, "users.edit_pending", EditPending(change.id, change.version, edited))
    cut = dataclasses.replace(ws.remote, sync=CutAfterFirst(ws.remote.sync))
    first = engine(ws, cut).sync(ws.caller)
    assert first.sent == [create] and first.stopped is not None  # the edit's batch was cut
    [on_server] = server_changes(ws, draft.personnummer)
    with ws.replica.writing() as connection:
        connection.execute(delete(id_map).where(id_map.c.provisional == change.id))
    assert change.id not in ws.outbox.id_map()

    report = engine(ws).sync(ws.caller)

    assert report.sent == [edit] and not report.waiting and report.stopped is None
    assert [c.draft.first_name for c in server_changes(ws, draft.personnummer)] == ["Ändrad"]
    assert ws.outbox.id_map()[change.id] == on_server.id
    assert engine(ws).status().queued == 0


def test_an_id_the_answer_did_not_map_is_found_before_the_next_batch_and_the_pull(
    workstation: Workstation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The create's answer gives the map no row when it comes (as if its ids had not
    matched): the stored answers give it before the next batch, so the edit goes in the
    same sync, and the pull moves the row made here to the server's id instead of
    leaving it beside it (an edit of either would then conflict with the other)."""
    ws = workstation
    draft = new_draft()
    create, change = offline(ws, "users.create_user", CreateUser(draft))
    edited = dataclasses.replace(draft, first_name="Ändrad")
    edit, _ = offline(ws, "users.edit_pending", EditPending(change.id, change.version, edited))
    real = push_module.matched_ids
    calls: list[int] = []

    def unmatched_once(provisional: Any, server: Any) -> dict[int, int]:
        calls.append(1)
        return {} if len(calls) == 1 else real(provisional, server)

    monkeypatch.setattr(push_module, "matched_ids", unmatched_once)
    report = engine(ws).sync(ws.caller)

    assert calls  # the answer's ids were matched (and the first match was lost)
    assert report.sent == [create, edit] and not report.waiting and report.stopped is None
    [on_server] = server_changes(ws, draft.personnummer)
    assert on_server.draft.first_name == "Ändrad"
    assert ws.outbox.id_map()[change.id] == on_server.id
    [here] = local_changes(ws, draft.personnummer)  # one row, at the server's id
    assert here.id == on_server.id and here.draft.first_name == "Ändrad"


def test_a_command_whose_provisional_answer_is_not_written_yet_waits(
    workstation: Workstation,
) -> None:
    """``Outbox.apply`` writes the provisional answer after the command's own
    transaction; a sync in between (the background one) must not push it: the server's
    answer would have nothing to map the create's ids from, the id map would never
    learn them, and the pull would leave the row made here beside the server's (seen
    under faults: queued edits of it then refused as changed meanwhile)."""
    ws = workstation
    draft = new_draft()
    create, change = offline(ws, "users.create_user", CreateUser(draft))
    with ws.replica.writing() as connection:
        written = connection.scalar(
            select(outbox.c.provisional_answer).where(outbox.c.seq == create)
        )
        connection.execute(
            outbox.update().where(outbox.c.seq == create).values(provisional_answer=None)
        )
    sync = engine(ws)
    early = sync.sync(ws.caller)
    assert early.sent == [] and early.stopped is None
    assert server_changes(ws, draft.personnummer) == []  # not pushed
    assert sync.status().queued == 1
    with ws.replica.writing() as connection:  # apply's second transaction
        connection.execute(
            outbox.update().where(outbox.c.seq == create).values(provisional_answer=written)
        )
    report = sync.sync(ws.caller)
    assert report.sent == [create] and report.stopped is None
    [on_server] = server_changes(ws, draft.personnummer)
    assert ws.outbox.id_map()[change.id] == on_server.id
    [here] = local_changes(ws, draft.personnummer)
    assert here.id == on_server.id


def test_a_command_whose_apply_died_before_its_answer_goes_after_the_grace(
    workstation: Workstation,
) -> None:
    """An apply cut off between its two transactions leaves no provisional answer: the
    command is pushed once ``ANSWER_GRACE`` has passed, never held for ever."""
    ws = workstation
    draft = new_draft()
    create, _change = offline(ws, "users.create_user", CreateUser(draft))
    made = ws.outbox.entries()[0].created_at
    with ws.replica.writing() as connection:
        connection.execute(
            outbox.update()
            .where(outbox.c.seq == create)
            .values(provisional_answer=None, created_at=(made - ANSWER_GRACE * 2).isoformat())
        )
    report = engine(ws).sync(ws.caller)
    assert report.sent == [create] and report.stopped is None
    assert len(server_changes(ws, draft.personnummer)) == 1


@pytest.fixture
def server(server_store: SqlStore) -> SqlStore:
    return server_store


def test_a_pull_over_a_row_changed_offline_becomes_what_undoing_restores(
    workstation: Workstation,
) -> None:
    ws = workstation
    draft, made = made_on_server(ws)
    sync = engine(ws)
    mine = dataclasses.replace(draft, first_name="Min")
    seq, _ = offline(ws, "users.edit_pending", EditPending(made.id, made.version, mine))
    theirs_meanwhile(ws, made, "Deras")

    sync.pull(ws.caller)  # the server's edit comes in under the queued one
    [local] = local_changes(ws, draft.personnummer)
    assert local.draft.first_name == "Min"
    ws.outbox.discard(seq)  # undoing the offline edit leaves the server's, not the old
    [local] = local_changes(ws, draft.personnummer)
    [on_server] = server_changes(ws, draft.personnummer)
    assert local == on_server


def test_a_feed_of_another_schema_rebuilds_the_replica_and_keeps_the_outbox(
    workstation: Workstation,
) -> None:
    ws = workstation
    seq, _ = offline(ws, "users.create_user", CreateUser(new_draft()))

    class NewSchema:
        def changes(self, caller: Any, feed: str, since: int, limit: int = 1000) -> Any:
            page = ws.feed.changes(caller, feed, since, limit)
            return dataclasses.replace(page, schema="9999")

        def push(self, caller: Any, commands: Any) -> Any:
            return ws.feed.push(caller, commands)

    sync = SyncEngine(ws.replica, ws.outbox, ws.remote, NewSchema(), ws.local.env.clock)
    sync.pull(ws.caller)
    assert ws.replica.meta("schema") == "9999"
    assert ws.local.users.list_users(ws.caller, UserQuery(limit=5)).items  # pulled again
    entry = ws.outbox.entry(seq)
    assert entry is not None and entry.status is Status.QUEUED
