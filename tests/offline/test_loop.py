"""The offline backend against a real ``kawebb serve`` process over loopback: a user
created while the server cannot be reached is provisional, comes online, is synced, and
two workstations converge on the server's state."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kawebb_desktop.offline.backend import OfflineBackend
from kawebb_desktop.offline.outbox import Status
from kawebb_desktop.offline.replica import is_provisional
from kawebb_desktop.remote import close
from kawebb_desktop.services.api import Caller, CreateUser
from tests.offline.network import Switch, demo_server, offline_backend
from tests.services.backends import (
    ARVID,
    DOROTEA,
    Backend,
    ServerProcess,
    new_draft,
)


@dataclass
class Station:
    backend: OfflineBackend
    network: Switch
    caller: Caller

    def pending_ids(self) -> list[int]:
        return sorted(p.id for p in self.backend.services.users.list_pending(self.caller))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with demo_server(tmp_path_factory.mktemp("offline-server")) as (process, _url):
        yield process


@pytest.fixture
def stations(server: ServerProcess, tmp_path: Path) -> Iterator[list[Station]]:
    made: list[Station] = []
    for name in ("a", "b"):
        backend, network = offline_backend(server.url, tmp_path / name)
        actor = Backend(f"offline-{name}", backend.services).actor(ARVID, DOROTEA)
        made.append(Station(backend, network, Caller(actor.token, actor.organisation_id)))
    yield made
    for station in made:
        station.backend.close()
        close(station.backend.remote)


def test_a_user_made_offline_is_synced_and_both_workstations_converge(
    stations: list[Station],
) -> None:
    a, b = stations
    server_view = a.backend.remote.users  # the plain remote client of the same server

    a.network.down = True
    change = a.backend.services.users.create_user(a.caller, CreateUser(new_draft()))
    assert is_provisional(change.id)
    assert change.id in a.pending_ids()  # read from the replica, offline
    status = a.backend.status(a.caller)
    assert not status.online and status.queued == 1

    a.network.down = False
    report = a.backend.sync_now(a.caller)
    assert report.stopped is None and len(report.synced) == 1
    on_server = sorted(p.id for p in server_view.list_pending(a.caller))
    assert a.pending_ids() == on_server
    assert not any(is_provisional(i) for i in a.pending_ids())
    assert a.backend.status(a.caller).queued == 0

    # Online, a write answers with the server's result at once.
    made_on_b = b.backend.services.users.create_user(b.caller, CreateUser(new_draft()))
    assert not is_provisional(made_on_b.id)
    [entry] = b.backend.workspace(b.caller).outbox.entries()  # type: ignore[union-attr]
    assert entry.status is Status.SYNCED

    a.backend.sync_now(a.caller)
    on_server = sorted(p.id for p in server_view.list_pending(a.caller))
    assert made_on_b.id in on_server
    assert a.pending_ids() == b.pending_ids() == on_server
