"""Fixtures of the offline tests: a demo store standing in for the server's, and a
replica filled from it with a session of a behörighetsadministratör."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from kawebb_desktop.demo import create_demo
from kawebb_desktop.domain.clock import SystemClock
from kawebb_desktop.domain.sessions import Session as LoginSession
from kawebb_desktop.domain.sessions import token_hash
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.offline.local import NoNetworkSigner, replica_services
from kawebb_desktop.offline.outbox import Outbox
from kawebb_desktop.offline.replica import Replica, cursor_key, replica_path
from kawebb_desktop.services import LocalServices, build_services
from kawebb_desktop.services.api import FEED_ORGANISATION, Caller, Services, SyncApi
from kawebb_desktop.store.sql import orm
from kawebb_desktop.store.sql.store import SqlStore, open_store, sqlite_url

DOROTEA = "Dorotea kommun"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "server.sqlite3"
    store = open_store(sqlite_url(path))
    try:
        create_demo(store, SystemClock(), cases=5)
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return path


@pytest.fixture
def server_store(demo_template: Path, tmp_path: Path) -> Iterator[SqlStore]:
    path = tmp_path / "server.sqlite3"
    shutil.copy(demo_template, path)
    store = open_store(sqlite_url(path))
    yield store
    store.close()


@dataclass
class Workstation:
    replica: Replica
    outbox: Outbox
    local: LocalServices
    caller: Caller
    personnummer: str
    #: The "server": the services in process over ``server_store``, and its feed.
    remote: Services
    feed: SyncApi


def server_session(store: SqlStore, personnummer: str, clock: SystemClock) -> str:
    """A live session of the person on the "server" store; its token."""
    token = str(uuid.uuid4())
    with store.unit_of_work(write=True) as uow:
        person = uow.persons.by_personnummer(Personnummer(personnummer))
        assert person is not None
        now = clock.now()
        uow.sessions.add(LoginSession(0, token_hash(token), person.id, now, now))
        uow.commit()
    return token


def admin_of(store: SqlStore, organisation: str) -> tuple[int, str]:
    """An active behörighetsadministratör of ``organisation``: (org id, personnummer)."""
    t = orm.Base.metadata.tables
    orgs, auths, persons = t["organisations"], t["authorizations"], t["persons"]
    with store.engine.connect() as connection:
        row = connection.execute(
            select(orgs.c.id, persons.c.personnummer)
            .join(auths, auths.c.organisation_id == orgs.c.id)
            .join(persons, persons.c.id == auths.c.person_id)
            .where(
                orgs.c.name == organisation,
                auths.c.role == "behorighetsadministrator",
                auths.c.end_date.is_(None),
            )
            .order_by(persons.c.id)
        ).first()
    assert row is not None
    return int(row[0]), str(row[1])


def pull_all(replica: Replica, feed: SyncApi, caller: Caller) -> None:
    key = cursor_key(FEED_ORGANISATION, caller.organisation_id)
    while True:
        page = feed.changes(caller, FEED_ORGANISATION, replica.cursor(key))
        replica.apply(key, page)
        if not page.more:
            return


@pytest.fixture
def workstation(server_store: SqlStore, tmp_path: Path) -> Iterator[Workstation]:
    clock = SystemClock()
    organisation_id, personnummer = admin_of(server_store, DOROTEA)
    replica = Replica.open(replica_path(tmp_path, "http://server", personnummer))
    caller = Caller(server_session(server_store, personnummer, clock), organisation_id)
    remote = build_services(server_store, NoNetworkSigner(), clock, dt.timedelta(0))
    feed = remote.sync
    pull_all(replica, feed, caller)
    assert replica.ensure_session(caller.token, personnummer, clock.now())
    yield Workstation(
        replica,
        Outbox(replica, clock),
        replica_services(replica, clock),
        caller,
        personnummer,
        remote,
        feed,
    )
    replica.close()
