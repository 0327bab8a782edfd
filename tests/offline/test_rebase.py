"""A pull never takes a queued edit out of the replica (issue 11): the server's rows
come in, and the rows the still-queued commands changed are put back on top of them
(the rebase), so the user's next edit is made at the version their own queued edit
gave, and the push that follows is not refused. A real conflict still is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kawebb_desktop.domain.errors import Conflict
from kawebb_desktop.offline.outbox import Status
from kawebb_desktop.offline.replica import is_provisional
from kawebb_desktop.offline.sync import SyncEngine
from kawebb_desktop.services.api import (
    CreateUser,
    FeedPage,
    PushCommand,
    PushResult,
)
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
from tests.services.backends import new_draft


class WriteDuringPull:
    """The feed, with ``during`` run once before the first page is answered: the user's
    write (and another workstation's) while the background sync pulls."""

    def __init__(self, ws: Workstation, during: Callable[[], None]) -> None:
        self._feed = ws.feed
        self._during: Callable[[], None] | None = during

    def changes(self, caller: Any, feed: str, since: int, limit: int = 1000) -> FeedPage:
        if self._during is not None:
            during, self._during = self._during, None
            during()
        return self._feed.changes(caller, feed, since, limit)

    def push(self, caller: Any, commands: list[PushCommand]) -> list[PushResult]:
        return self._feed.push(caller, commands)


def racing(ws: Workstation, during: Callable[[], None]) -> SyncEngine:
    return SyncEngine(
        ws.replica, ws.outbox, ws.remote, WriteDuringPull(ws, during), ws.local.env.clock
    )


def another_workstation_writes(ws: Workstation) -> None:
    ws.remote.users.create_user(ws.caller, CreateUser(new_draft()))


def test_a_pull_keeps_an_edit_queued_while_it_ran_on_top_of_the_servers_row(
    workstation: Workstation,
) -> None:
    ws = workstation
    draft, made = made_on_server(ws)
    first = edit_as_read(ws, draft.personnummer, "Första")
    second: list[int] = []

    def during() -> None:  # the first edit is on the server; its result not pulled yet
        second.append(edit_as_read(ws, draft.personnummer, "Andra"))
        another_workstation_writes(ws)

    report = racing(ws, during).sync(ws.caller)

    assert report.sent == [first] and not report.refused and report.pulled
    shown = only(local_changes(ws, draft.personnummer))
    assert (shown.id, shown.draft.first_name) == (made.id, "Andra")
    assert shown.version == made.version + 2  # the user's own chain of versions
    assert only(server_changes(ws, draft.personnummer)).draft.first_name == "Första"
    third = edit_as_read(ws, draft.personnummer, "Tredje")

    report = engine(ws).sync(ws.caller)

    assert report.sent == [second[0], third] and not report.refused
    on_server = only(server_changes(ws, draft.personnummer))
    assert (on_server.draft.first_name, on_server.version) == ("Tredje", made.version + 3)
    assert only(local_changes(ws, draft.personnummer)) == on_server
    assert engine(ws).status().queued == 0


def test_an_edit_of_a_row_made_here_moves_with_it_to_the_servers_id(
    workstation: Workstation,
) -> None:
    ws = workstation
    draft = new_draft()
    created, change = offline(ws, "users.create_user", CreateUser(draft))
    assert is_provisional(change.id)
    edits: list[int] = []

    def during() -> None:  # the create is on the server; its row not pulled yet
        edits.append(edit_as_read(ws, draft.personnummer, "Andra"))
        another_workstation_writes(ws)

    report = racing(ws, during).sync(ws.caller)

    assert report.sent == [created] and not report.refused
    on_server = only(server_changes(ws, draft.personnummer))
    shown = only(local_changes(ws, draft.personnummer))
    assert shown.id == on_server.id == ws.outbox.id_map()[change.id]
    assert (shown.draft.first_name, shown.version) == ("Andra", on_server.version + 1)
    edits.append(edit_as_read(ws, draft.personnummer, "Tredje"))

    report = engine(ws).sync(ws.caller)

    assert report.sent == edits and not report.refused
    on_server = only(server_changes(ws, draft.personnummer))
    assert on_server.draft.first_name == "Tredje"
    assert only(local_changes(ws, draft.personnummer)) == on_server
    entries = [ws.outbox.entry(seq) for seq in (created, *edits)]
    assert [e.status for e in entries if e is not None] == [Status.SYNCED] * 3


def test_a_real_conflict_is_still_refused_and_the_server_wins_after(
    workstation: Workstation,
) -> None:
    ws = workstation
    draft, made = made_on_server(ws)
    sync = engine(ws)
    mine = edit_as_read(ws, draft.personnummer, "Min")
    theirs_meanwhile(ws, made, "Deras")

    sync.pull(ws.caller)  # the other workstation's edit comes in under the queued one
    assert only(local_changes(ws, draft.personnummer)).draft.first_name == "Min"

    report = sync.sync(ws.caller)

    assert list(report.refused) == [mine]
    assert isinstance(report.refused[mine], Conflict)
    entry = ws.outbox.entry(mine)
    assert entry is not None and entry.status is Status.REFUSED
    ws.outbox.discard(mine)  # the conflict view's *Ta bort*: the server's edit shows
    on_server = only(server_changes(ws, draft.personnummer))
    assert on_server.draft.first_name == "Deras"
    assert only(local_changes(ws, draft.personnummer)) == on_server
