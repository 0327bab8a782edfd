"""Fixtures of the service-level contract suite: ``backend`` is parametrised over
``local``, ``remote-sqlite`` and ``remote-postgresql`` (see :mod:`tests.services.backends`).

Each backend (and, for the remote ones, its ``uvicorn`` process) is made once per
session. Without PostgreSQL on 127.0.0.1:5432 the ``remote-postgresql`` tests are skipped
and say why — unless ``CI=true``, where that fails the run.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services.backends import (
    Backend,
    ServerProcess,
    local_backend,
    make_demo_store,
    offline_backend,
    remote_backend,
    start_server,
)
from tests.store.databases import drop_schema, find_postgres, new_schema_name

BACKENDS = [
    "local",
    "remote-sqlite",
    pytest.param("remote-postgresql", marks=pytest.mark.postgres),
    # The offline backend (issue 11) of a server over SQLite, online.
    "offline",
]
REMOTE_BACKENDS = ["remote-sqlite", pytest.param("remote-postgresql", marks=pytest.mark.postgres)]

#: The server's settings for the suite: the demo's, as ``kawebb demo`` writes them.
SERVER_ENV = {
    "KAWEBB_SERVE_SIGNER": "simulator",
    "KAWEBB_SERVE_ACTIVATION_DELAY_SECONDS": "0",
    # The suite logs in a few dozen times a minute from one address; the limit itself
    # is the server tests' business.
    "KAWEBB_SERVE_LOGIN_STARTS_PER_MINUTE": "1000",
}


@functools.cache
def _find_postgres() -> tuple[str | None, str]:
    return find_postgres()  # asked once per session, not once per test


def _postgres_url() -> str:
    url, why_not = _find_postgres()
    if url is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true, men PostgreSQL behövs: {why_not}", pytrace=False)
        pytest.skip(why_not)
    return url


class Deployments:
    """The session's backends, made when first asked for and kept until the end."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._stack = contextlib.ExitStack()
        self._backends: dict[str, Backend] = {}
        self._servers: dict[str, ServerProcess] = {}
        self._envs: dict[str, dict[str, str]] = {}
        self._failed: dict[str, Exception] = {}

    def backend(self, name: str) -> Backend:
        if name in self._failed:  # one failed start is reported for every test of it
            raise self._failed[name]
        if name not in self._backends:
            try:
                self._backends[name] = self._make(name)
            except Exception as exc:
                self._failed[name] = exc
                raise
        return self._backends[name]

    def server(self, name: str) -> ServerProcess:
        self.backend(name)
        return self._servers[name]

    def another_server(self, name: str) -> ServerProcess:
        """One more server process over the same database as ``name``'s (the caller
        stops it)."""
        self.backend(name)
        directory = self._root / name
        count = len(list(directory.glob("server-*.log")))
        server = start_server(self._envs[name], directory / f"server-{count + 1}.log")
        self._stack.callback(server.stop)
        return server

    def database(self, name: str) -> tuple[str, str | None]:
        """The URL and schema of ``name``'s database (for what only AF may do there)."""
        self.backend(name)
        if name in self._envs:
            env = self._envs[name]
            return env["KAWEBB_SERVE_STORE"], env.get("KAWEBB_SERVE_SCHEMA")
        return f"sqlite:///{self._root / name / 'kawebb.sqlite3'}", None

    def _make(self, name: str) -> Backend:
        directory = self._root / name
        directory.mkdir(exist_ok=True)
        if name == "local":
            return self._stack.enter_context(local_backend(directory))
        env = dict(SERVER_ENV)
        if name in ("remote-sqlite", "offline"):
            url = f"sqlite:///{directory / 'kawebb.sqlite3'}"
            make_demo_store(url)
        elif name == "remote-postgresql":
            url = _postgres_url()
            schema = new_schema_name()
            self._stack.callback(drop_schema, url, schema)
            make_demo_store(url, schema)
            env["KAWEBB_SERVE_SCHEMA"] = schema
        else:  # pragma: no cover
            raise ValueError(name)
        env["KAWEBB_SERVE_STORE"] = url
        self._envs[name] = env
        server = start_server(env, directory / "server.log")
        self._stack.callback(server.stop)
        self._servers[name] = server
        if name == "offline":
            backend, closing = offline_backend(name, server, directory)
            self._stack.callback(closing)
            return backend
        backend = remote_backend(name, server)
        self._stack.callback(_close_remote, backend)
        return backend

    def close(self) -> None:
        self._stack.close()


def _close_remote(backend: Backend) -> None:
    from kawebb_desktop.remote import close

    close(backend.services)


@pytest.fixture(scope="session")
def deployments(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployments]:
    made = Deployments(tmp_path_factory.mktemp("backends"))
    try:
        yield made
    finally:
        made.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, deployments: Deployments) -> Backend:
    """A demo backend with nothing pending in any municipality."""
    made = deployments.backend(request.param)
    made.discard_all_pending()
    return made


@pytest.fixture(params=REMOTE_BACKENDS)
def remote(request: pytest.FixtureRequest, deployments: Deployments) -> Backend:
    """A remote demo backend (its ``url`` is the live server's)."""
    made = deployments.backend(request.param)
    made.discard_all_pending()
    return made


@pytest.fixture
def second_server(remote: Backend, deployments: Deployments) -> ServerProcess:
    """Another server process over the ``remote`` backend's database."""
    return deployments.another_server(remote.name)
