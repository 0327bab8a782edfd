"""A command that builds on a refused one is refused too, never sent (issue 11).

Two offline edits A then B of the same unsigned change, while another workstation edits
it: A is refused as stale, and B — made at the version A's local effect gave, which is
the version the other workstation's edit gave on the server — would be accepted over
their edit. B is kept refused instead, with its own reason and what the user typed, for
the conflict view; commands on other objects go on."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kawebb_desktop.domain.clock import SystemClock
from kawebb_desktop.domain.errors import Conflict
from kawebb_desktop.offline.backend import OfflineBackend, Workspace
from kawebb_desktop.offline.control import OfflineControl
from kawebb_desktop.offline.outbox import Status
from kawebb_desktop.offline.push import DEPENDS_ON_REFUSED
from kawebb_desktop.offline.sync import SyncEngine
from kawebb_desktop.remote.errors import ServerUnavailable
from kawebb_desktop.services import build_services
from kawebb_desktop.services.api import (
    Caller,
    CreateUser,
    EditPending,
    FeedPage,
    PushCommand,
    PushResult,
)
from kawebb_desktop.services.demo import SimulatedPhone, demo_simulator
from kawebb_desktop.store.sql.store import SqlStore
from tests.offline.conftest import Workstation
from tests.offline.workstations import (
    edit_as_read,
    engine,
    local_changes,
    made_on_server,
    offline,
    only,
    server_changes,
    theirs_meanwhile,
)
from tests.services.backends import ARVID, DOROTEA, Backend, new_draft


def test_an_edit_on_top_of_a_refused_one_is_refused_too_and_others_go_on(
    workstation: Workstation,
) -> None:
    ws = workstation
    draft, made = made_on_server(ws)
    first = edit_as_read(ws, draft.personnummer, "Första")
    second = edit_as_read(ws, draft.personnummer, "Andra")
    other = new_draft()
    unrelated, _ = offline(ws, "users.create_user", CreateUser(other))
    theirs_meanwhile(ws, made, "Deras")
    second_entry = ws.outbox.entry(second)
    assert second_entry is not None
    # The hazard: the second edit is made at the version the server now has.
    assert second_entry.command.version == only(server_changes(ws, draft.personnummer)).version

    report = engine(ws).sync(ws.caller)

    assert report.sent == [unrelated] and report.pulled
    assert list(report.refused) == [first, second]
    assert isinstance(report.refused[first], Conflict)
    assert isinstance(report.refused[second], Conflict)
    on_server = only(server_changes(ws, draft.personnummer))
    assert on_server.draft.first_name == "Deras"  # their edit stands
    assert only(local_changes(ws, draft.personnummer)) == on_server
    assert len(server_changes(ws, other.personnummer)) == 1
    entry = ws.outbox.entry(second)
    assert entry is not None and entry.status is Status.REFUSED
    assert entry.refusal_code == "conflict"
    refused_first = ws.outbox.entry(first)
    assert refused_first is not None and refused_first.refusal_message
    assert entry.refusal_message == DEPENDS_ON_REFUSED + refused_first.refusal_message
    assert entry.command.draft.first_name == "Andra"  # what was typed is kept
    status = engine(ws).status()
    assert [e.seq for e in status.refused] == [first, second] and status.queued == 0


def test_an_edit_made_on_the_servers_version_goes_through_while_refused_ones_wait(
    workstation: Workstation,
) -> None:
    """A refusal holds back what was built on it, not the object for ever."""
    ws = workstation
    draft, made = made_on_server(ws)
    first = edit_as_read(ws, draft.personnummer, "Första")
    second = edit_as_read(ws, draft.personnummer, "Andra")
    theirs_meanwhile(ws, made, "Deras")
    assert set(engine(ws).sync(ws.caller).refused) == {first, second}

    later = edit_as_read(ws, draft.personnummer, "Senare")  # on the server's version
    report = engine(ws).sync(ws.caller)

    assert report.sent == [later] and not report.refused
    assert only(server_changes(ws, draft.personnummer)).draft.first_name == "Senare"
    assert [e.seq for e in engine(ws).status().refused] == [first, second]


class NoFeed:
    """A server whose push answers but whose feed does not (the pull fails)."""

    def __init__(self, ws: Workstation) -> None:
        self._feed = ws.feed

    def changes(self, caller: Any, feed: str, since: int, limit: int = 1000) -> FeedPage:
        raise ServerUnavailable("Servern svarar inte.")

    def push(self, caller: Any, commands: list[PushCommand]) -> list[PushResult]:
        return self._feed.push(caller, commands)


def test_an_edit_made_on_a_refused_one_before_any_pull_is_refused_at_the_next_push(
    workstation: Workstation,
) -> None:
    ws = workstation
    draft, made = made_on_server(ws)
    first = edit_as_read(ws, draft.personnummer, "Första")
    theirs_meanwhile(ws, made, "Deras")
    cut = SyncEngine(ws.replica, ws.outbox, ws.remote, NoFeed(ws), ws.local.env.clock)
    report = cut.sync(ws.caller)
    assert list(report.refused) == [first] and not report.pulled
    # The replica still shows the refused edit: the next one is made on it.
    second = edit_as_read(ws, draft.personnummer, "Andra")

    report = engine(ws).sync(ws.caller)

    assert list(report.refused) == [second] and not report.sent
    assert only(server_changes(ws, draft.personnummer)).draft.first_name == "Deras"
    entry = ws.outbox.entry(second)
    assert entry is not None and entry.status is Status.REFUSED
    assert (entry.refusal_message or "").startswith(DEPENDS_ON_REFUSED)


# ---------------------------------------------------------------------- resolving
@dataclasses.dataclass
class Station:
    backend: OfflineBackend
    control: OfflineControl
    caller: Caller
    other: Caller

    @property
    def workspace(self) -> Workspace:
        found = self.backend.workspace(self.caller)
        assert found is not None
        return found


@pytest.fixture
def station(server_store: SqlStore, tmp_path: Path) -> Iterator[Station]:
    """An offline backend in process over the "server's" store, and another
    workstation's session on the server."""
    clock = SystemClock()
    simulator = demo_simulator(server_store, clock)
    remote = build_services(
        server_store,
        simulator,
        clock,
        dt.timedelta(0),
        demo_phone=SimulatedPhone(server_store, simulator),
    )
    backend = OfflineBackend(remote, "http://server", tmp_path / "station")
    other = Backend("remote", remote).caller(ARVID, DOROTEA)
    actor = Backend("offline", backend.services).actor(ARVID, DOROTEA)
    yield Station(
        backend, OfflineControl(backend), Caller(actor.token, actor.organisation_id), other
    )
    backend.close()


def refused_pair(s: Station) -> tuple[int, int, Any]:
    """Two offline edits of a change, the first refused for another workstation's edit
    and the second for building on it; the change's personnummer."""
    users, remote = s.backend.services.users, s.backend.remote.users
    draft = new_draft()
    made = remote.create_user(s.other, CreateUser(draft))
    s.control.sync_now(s.caller)
    s.workspace.engine.note_offline(ServerUnavailable("Servern svarar inte."))
    mine = users.edit_pending(s.caller, EditPending(made.id, made.version, with_name(draft, "A")))
    users.edit_pending(s.caller, EditPending(mine.id, mine.version, with_name(draft, "B")))
    remote.edit_pending(s.other, EditPending(made.id, made.version, with_name(draft, "Deras")))
    first, second = (e.seq for e in s.workspace.outbox.entries((Status.QUEUED,)))

    state = s.control.sync_now(s.caller)

    assert [r.seq for r in state.refused] == [first, second]
    assert all(r.conflict for r in state.refused)  # both open the conflict view
    assert state.refused[1].reason.startswith(DEPENDS_ON_REFUSED)
    return first, second, draft.personnummer


def with_name(draft: Any, first_name: str) -> Any:
    return dataclasses.replace(draft, first_name=first_name)


@pytest.mark.parametrize(
    ("first_again", "second_again", "shown"),
    [(True, True, "B"), (True, False, "A"), (False, True, "B"), (False, False, "Deras")],
)
def test_the_refused_one_then_the_one_built_on_it_are_resolved(
    station: Station, first_again: bool, second_again: bool, shown: str
) -> None:
    s = station
    first, second, personnummer = refused_pair(s)

    for seq, again in ((first, first_again), (second, second_again)):
        if again:
            s.control.apply_again(s.caller, seq)  # *Använd mina igen*
        else:
            s.control.discard(s.caller, seq)  # *Släpp mina*

    state = s.control.sync_now(s.caller)
    assert state.refused == () and state.waiting == 0 and state.problem == ""
    on_server = s.backend.remote.users.list_pending(s.other)
    [theirs] = [p for p in on_server if p.draft.personnummer == personnummer]
    assert theirs.draft.first_name == shown  # applied once each, nothing doubled
    local = s.backend.services.users.list_pending(s.caller)
    assert [p for p in local if p.draft.personnummer == personnummer] == [theirs]
    assert not s.workspace.outbox.entries((Status.QUEUED, Status.REFUSED))
