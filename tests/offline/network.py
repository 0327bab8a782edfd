"""The network between a test's workstation and its server, which a test can cut, and
which counts what was tried over it; the server process, and a workstation's offline
backend on it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from kawebb_desktop.offline.backend import OfflineBackend
from kawebb_desktop.remote import RetryPolicy, connect
from tests.services.backends import ServerProcess, make_demo_store, start_server
from tests.services.conftest import SERVER_ENV


class Switch(httpx.BaseTransport):
    """An HTTP transport that fails every request with a connection error while
    :attr:`down`, counting requests sent (:attr:`sent`) and refused (:attr:`refused`)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.down = False
        self.sent = 0
        self.refused = 0

    @property
    def tried(self) -> int:
        """Every request the client tried to send, through or not."""
        return self.sent + self.refused

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            self.refused += 1
            raise httpx.ConnectError("nätverket är nere", request=request)
        self.sent += 1
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@contextmanager
def demo_server(directory: Path) -> Iterator[tuple[ServerProcess, str]]:
    """A ``kawebb serve`` process over a demo store of its own in ``directory``: the
    process and the store's URL; stopped after."""
    url = f"sqlite:///{directory / 'kawebb.sqlite3'}"
    make_demo_store(url)
    process = start_server({**SERVER_ENV, "KAWEBB_SERVE_STORE": url}, directory / "server.log")
    try:
        yield process, url
    finally:
        process.stop()


def offline_backend(url: str, directory: Path) -> tuple[OfflineBackend, Switch]:
    """A workstation's offline backend (its replica in ``directory``) on the server at
    ``url``, over a network the test can cut; one try a request, so a cut shows at once.
    The caller closes the backend and its remote (``close(backend.remote)``)."""
    network = Switch()
    remote = connect(url, transport=network, retry=RetryPolicy(attempts=1))
    return OfflineBackend(remote, url, directory), network
