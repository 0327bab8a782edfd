"""A change sent from an offline replica names its maker (``X-Kawebb-Made-By``), and the
server applies it only when the session's person is that person (issue 11)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kawebb_desktop.domain.errors import PermissionDenied
from kawebb_desktop.remote import close, connect
from kawebb_desktop.remote.transport import made_by
from kawebb_desktop.server.made_by import MADE_BY_OTHER
from kawebb_desktop.services.api import CreateUser
from tests.offline.network import demo_server
from tests.services.backends import (
    ARVID,
    DOROTEA,
    MARTA,
    Backend,
    ServerProcess,
    new_draft,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with demo_server(tmp_path_factory.mktemp("made-by-server")) as (process, _url):
        yield process


@pytest.fixture
def arvid(server: ServerProcess) -> Iterator[Backend]:
    services = connect(server.url)
    yield Backend("made-by", services)
    close(services)


def test_a_change_made_by_another_person_is_refused(arvid: Backend) -> None:
    caller = arvid.caller(ARVID, DOROTEA)
    with made_by(arvid.personnummer(MARTA)), pytest.raises(PermissionDenied) as refused:
        arvid.services.users.create_user(caller, CreateUser(new_draft(last="Annansson")))
    assert refused.value.message == MADE_BY_OTHER
    names = [p.draft.last_name for p in arvid.services.users.list_pending(caller)]
    assert "Annansson" not in names


def test_a_change_made_by_the_sessions_person_is_applied(arvid: Backend) -> None:
    caller = arvid.caller(ARVID, DOROTEA)
    with made_by(arvid.personnummer(ARVID)):
        made = arvid.services.users.create_user(caller, CreateUser(new_draft(last="Självsson")))
    assert made.id > 0 and made.draft.last_name == "Självsson"
