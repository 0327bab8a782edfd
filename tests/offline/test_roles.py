"""Every role's replica works offline, against a real ``kawebb serve`` process.

A Läsare, a Lärare and a Registrerare of Dorotea read their cases and documents from the
replica with the network cut (the feed sends every role its own user and person, and a
role that may not read users nothing of the others); a Lärare writes a Periodisk rapport
draft offline that reaches the server when the network is back. Once a sync has failed
for the network, writes go to the outbox without touching it (the transport counts
every try), and the next sync that gets through pushes them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.documents import DocumentStatus, DocumentType
from kawebb_desktop.domain.entities import Case
from kawebb_desktop.domain.queries import CaseQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.offline.backend import NOT_READY, OfflineBackend
from kawebb_desktop.offline.outbox import Status
from kawebb_desktop.offline.replica import is_provisional
from kawebb_desktop.remote import close, connect
from kawebb_desktop.services.api import (
    Caller,
    CreateUser,
    DiscardPending,
    DocumentView,
    SaveDocument,
)
from kawebb_desktop.store.sql import open_store, orm
from kawebb_desktop.store.sql.store import SqlStore
from tests.offline.network import Switch, demo_server, offline_backend
from tests.services.backends import (
    ARVID,
    DOROTEA,
    Backend,
    ServerProcess,
    new_draft,
)
from tests.services.test_contract_documents import REPORT, new_case

#: Dorotea's Läsare, Lärare and Registrerare (demo people).
LASARE = "Agda Andersson"
LARARE = "Malte Håkansson"
REGISTRERARE = "Olof Zetterberg"


@dataclasses.dataclass
class Station:
    backend: OfflineBackend
    network: Switch
    actor: Actor

    @property
    def caller(self) -> Caller:
        return Caller(self.actor.token, self.actor.organisation_id)


@dataclasses.dataclass
class Server:
    process: ServerProcess
    db: SqlStore


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with demo_server(tmp_path_factory.mktemp("offline-roles")) as (process, url):
        db = open_store(url)
        yield Server(process, db)
        db.close()


@pytest.fixture
def station(server: Server, tmp_path: Path) -> Iterator[Callable[[str], Station]]:
    """Log ``name`` in to Dorotea on a workstation of their own."""
    made: list[Station] = []

    def log_in(name: str) -> Station:
        backend, network = offline_backend(server.process.url, tmp_path / f"ws-{len(made)}")
        actor = Backend("offline", backend.services).actor(name, DOROTEA)
        made.append(Station(backend, network, actor))
        return made[-1]

    yield log_in
    for one in made:
        one.backend.close()
        close(one.backend.remote)


def _document(server: Server, case: Case) -> DocumentView:
    """A Periodisk rapport draft of ``case``, saved by Arvid through the server."""
    admin = Backend("remote", connect(server.process.url))
    try:
        arvid = admin.caller(ARVID, DOROTEA)
        return admin.services.documents.save_draft(
            arvid, SaveDocument(case.id, DocumentType.PERIODISK_RAPPORT, REPORT)
        )
    finally:
        close(admin.services)


@pytest.mark.parametrize("name", [LASARE, LARARE, REGISTRERARE])
def test_each_role_reads_its_cases_and_documents_offline(
    server: Server, station: Callable[[str], Station], name: str
) -> None:
    me = station(name)
    case = new_case(server.db, me.caller.organisation_id)
    document = _document(server, case)
    assert me.backend.workspace(me.caller) is not None  # the replica knows them
    assert me.backend.status(me.caller).problem == ""
    remote = me.backend.remote
    online_cases = remote.cases.list_cases(me.caller, CaseQuery(case.unit_id, limit=100))
    online_document = remote.documents.get_document(me.caller, document.id)
    me.backend.sync_now(me.caller)  # the case and document made since the login

    me.network.down = True
    tried = me.network.tried
    services = me.backend.services
    offline_cases = services.cases.list_cases(me.caller, CaseQuery(case.unit_id, limit=100))
    assert [c.id for c in offline_cases.items] == [c.id for c in online_cases.items]
    assert services.cases.get_case(me.caller, case.id).case == case
    [offline_document] = services.documents.documents(me.caller, case.id)
    # Who saved it is named from their person, which only a role reading users holds.
    assert dataclasses.replace(offline_document, updated_by="") == dataclasses.replace(
        online_document, updated_by=""
    )
    assert services.organisations.organisation(me.caller).id == me.caller.organisation_id
    assert me.network.tried == tried  # every read came from the replica


def test_a_lasare_replica_holds_no_other_user(
    server: Server, station: Callable[[str], Station]
) -> None:
    me = station(LASARE)
    workspace = me.backend.workspace(me.caller)
    assert workspace is not None
    tables = orm.Base.metadata.tables
    authorizations, persons = tables["authorizations"], tables["persons"]
    with workspace.replica.engine.connect() as connection:
        users = connection.execute(select(authorizations.c.person_id, authorizations.c.role)).all()
        people = connection.execute(
            select(persons.c.id, persons.c.personnummer, persons.c.birth_date)
        ).all()
    [(own, number, born)] = [p for p in people if p.personnummer == workspace.personnummer]
    assert users == [(own, "lasare")] and born == number[:8]
    # Of others, only the names on what a Läsare reads (who made, saved or signed it).
    assert all(p.personnummer == f"-{p.id}" and p.birth_date == "" for p in people if p.id != own)
    with server.db.engine.connect() as connection:  # while Dorotea has many
        on_server = connection.scalar(
            select(func.count())
            .select_from(authorizations)
            .where(authorizations.c.organisation_id == me.caller.organisation_id)
        )
    assert on_server is not None and on_server > 10


def test_a_larare_writes_a_periodisk_rapport_offline_that_syncs(
    server: Server, station: Callable[[str], Station]
) -> None:
    teacher = station(LARARE)
    case = new_case(server.db, teacher.caller.organisation_id)
    docs = teacher.backend.services.documents
    teacher.backend.sync_now(teacher.caller)  # the new case, as the background sync does

    teacher.network.down = True
    draft = docs.save_draft(
        teacher.caller, SaveDocument(case.id, DocumentType.PERIODISK_RAPPORT, REPORT)
    )
    assert is_provisional(draft.id) and draft.status is DocumentStatus.UTKAST
    assert [d.id for d in docs.documents(teacher.caller, case.id)] == [draft.id]
    assert teacher.backend.status(teacher.caller).queued == 1

    teacher.network.down = False
    report = teacher.backend.sync_now(teacher.caller)
    assert report.stopped is None and len(report.synced) == 1
    [on_server] = teacher.backend.remote.documents.documents(teacher.caller, case.id)
    assert not is_provisional(on_server.id)
    assert on_server.values == draft.values and on_server.updated_by == LARARE
    assert [d.id for d in docs.documents(teacher.caller, case.id)] == [on_server.id]


def test_offline_writes_do_not_touch_the_network_until_a_sync_gets_through(
    station: Callable[[str], Station],
) -> None:
    admin = station(ARVID)
    users = admin.backend.services.users
    admin.network.down = True
    assert admin.backend.sync_now(admin.caller).stopped is not None  # the background sync
    tried = admin.network.tried

    made = [users.create_user(admin.caller, CreateUser(new_draft())) for _ in range(3)]
    assert all(is_provisional(c.id) for c in made)
    assert {p.id for p in users.list_pending(admin.caller)} >= {c.id for c in made}
    assert admin.network.tried == tried  # not one request: offline, writes only queue
    status = admin.backend.status(admin.caller)
    assert not status.online and status.queued == 3

    admin.network.down = False
    report = admin.backend.sync_now(admin.caller)
    assert report.stopped is None and len(report.sent) == 3 and len(report.synced) == 3
    assert admin.backend.status(admin.caller).online
    # Online again: a write is pushed at once and answered by the server.
    sent_before = admin.network.sent
    online = users.create_user(admin.caller, CreateUser(new_draft()))
    assert not is_provisional(online.id) and admin.network.sent > sent_before
    workspace = admin.backend.workspace(admin.caller)
    assert workspace is not None
    assert all(e.status is Status.SYNCED for e in workspace.outbox.entries())
    for change in users.list_pending(admin.caller):  # leave the server as it was
        users.discard_pending(admin.caller, DiscardPending(change.id, change.version))


def test_a_replica_that_has_not_got_its_person_says_so_and_mends(
    station: Callable[[str], Station],
) -> None:
    me = station(LASARE)
    backend, caller = me.backend, me.caller
    workspace = backend.workspace(caller)
    assert workspace is not None
    users = orm.Base.metadata.tables["authorizations"]

    # The first pull cut: the session is served by the server, and status() says so.
    backend.forget(caller.token)
    workspace.replica.rebuild()
    me.network.down = True
    backend.entered(me.actor)
    assert backend.workspace(caller) is None
    assert backend.status(caller).problem == NOT_READY
    me.network.down = False
    assert backend.sync_now(caller).pulled
    assert backend.workspace(caller) is workspace
    assert backend.status(caller).problem == ""

    # A replica whose cursor went past its person (filled before the feed sent every
    # role its own user) is pulled again from the start.
    backend.forget(caller.token)
    with workspace.replica.writing(foreign_keys=False) as connection:
        connection.execute(users.delete())
    backend.entered(me.actor)
    assert backend.workspace(caller) is workspace
    with workspace.replica.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(users)) == 1


def test_a_role_changed_on_the_server_pulls_the_replica_again(
    server: Server, station: Callable[[str], Station]
) -> None:
    """The feed filters by role: after a Läsare becomes Behörighetsadministratör the
    users the cursor had passed must come, and after the way back they must go."""
    me = station(LASARE)
    workspace = me.backend.workspace(me.caller)
    assert workspace is not None
    authorizations = orm.Base.metadata.tables["authorizations"]

    def users_in_replica() -> int:
        with workspace.replica.engine.connect() as connection:
            found = connection.scalar(select(func.count()).select_from(authorizations))
        return int(found or 0)

    def set_role(role: Role) -> None:
        with server.db.unit_of_work(write=True) as uow:
            [user] = [
                u for u in uow.users.for_person(me.actor.person_id)
                if u.organisation_id == me.caller.organisation_id
            ]  # fmt: skip
            uow.users.update(dataclasses.replace(user, role=role))
            uow.commit()

    assert users_in_replica() == 1
    try:
        set_role(Role.BEHORIGHETSADMINISTRATOR)
        me.backend.sync_now(me.caller)
        assert users_in_replica() > 10
    finally:
        set_role(Role.LASARE)
    me.backend.sync_now(me.caller)
    assert users_in_replica() == 1
