"""What only the remote backend has: a network between the client and the services."""

from __future__ import annotations

import threading

import httpx
import pytest

from kawebb_desktop.domain.errors import NotFound
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.remote import close, connect
from kawebb_desktop.remote.errors import SERVER_DOWN, ServerUnavailable
from kawebb_desktop.services.api import Caller, CreateUser, Services
from tests.services.backends import ARVID, DOROTEA, Backend, ServerProcess, new_draft


class LoseFirstAnswer(httpx.BaseTransport):
    """Passes requests to the real server, but throws away the server's answer to the
    first request that ``matches`` and raises a network error in its place — as when
    the connection breaks after the server committed the write."""

    def __init__(self, matches: str) -> None:
        self._inner = httpx.HTTPTransport()
        self._matches = matches
        self._lock = threading.Lock()
        self.lost: list[httpx.Request] = []
        self.sent: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        with self._lock:
            self.sent.append(request)
            lose = not self.lost and request.method == "POST" and self._matches in request.url.path
            if lose:
                self.lost.append(request)
        if lose:
            response.read()
            response.close()
            raise httpx.ReadError("Connection reset by peer (simulated)", request=request)
        return response

    def close(self) -> None:
        self._inner.close()


def test_a_write_whose_answer_was_lost_is_retried_and_applied_once(remote: Backend) -> None:
    assert remote.url is not None
    dorotea = remote.caller(ARVID, DOROTEA)
    lossy = LoseFirstAnswer("/users")
    services: Services = connect(remote.url, transport=lossy)
    try:
        command = CreateUser(new_draft(first="Lost", last="Answer"))
        answer = services.users.create_user(dorotea, command)
    finally:
        close(services)

    # The first answer was lost after the server had applied the write; the client
    # sent it again with the same key and got the first answer back.
    assert len(lossy.lost) == 1
    posts = [r for r in lossy.sent if r.method == "POST" and r.url.path.endswith("/users")]
    assert len(posts) == 2
    assert {r.headers["Idempotency-Key"] for r in posts} == {command.key}
    assert posts[0].content == posts[1].content
    pending = remote.services.users.list_pending(dorotea)
    same = [p for p in pending if p.draft.personnummer == command.draft.personnummer]
    assert same == [answer]  # applied exactly once


def test_connect_describes_the_live_server(remote: Backend) -> None:
    assert remote.url is not None
    services = remote.services
    assert services.description == f"Server: {remote.url}"
    assert services.signer_name == "BankID (simulator)"
    assert services.demo_phone is not None
    people = {p.name for p in services.demo_phone.people()}
    assert {ARVID, "Märta Grahn"} <= people
    # An unknown route of the live server is a typed error, never a raw exception.
    with pytest.raises(NotFound):
        services.demo_phone.approve("no-such-order")


def test_a_server_that_went_away_is_server_unavailable(
    remote: Backend, second_server: ServerProcess
) -> None:
    """Two processes on one database serve one client interchangeably; when the one the
    client talks to stops, calls fail with ServerUnavailable (after the retries)."""
    waits: list[float] = []
    services = connect(second_server.url, sleep=waits.append)
    try:
        token = remote.login(ARVID).token  # a session made through the first server
        assert token is not None
        dorotea = Caller(token, remote.org_id(DOROTEA))
        assert services.auth.me(token).person.full_name == ARVID
        assert services.users.list_users(dorotea, UserQuery()).total > 0
        second_server.stop()
        with pytest.raises(ServerUnavailable) as caught:
            services.users.list_users(dorotea, UserQuery())
        assert caught.value.message == SERVER_DOWN
        assert waits == [0.2, 0.5]
        with pytest.raises(ServerUnavailable):
            services.auth.start_login()
        assert waits == [0.2, 0.5]  # never retried
    finally:
        close(services)
    # The first server still serves the same session.
    assert remote.services.auth.me(token).person.full_name == ARVID
