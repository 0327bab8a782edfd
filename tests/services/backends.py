"""The backends of the service-level contract suite, and what a test does with one.

* ``local``: the services in process over a demo store in a SQLite file.
* ``remote-sqlite`` / ``remote-postgresql``: a real ``uvicorn`` process running
  ``kawebb_desktop.server`` over a demo store (a SQLite file / a fresh PostgreSQL
  schema), on a free loopback port, and the ``kawebb_desktop.remote`` client of it.

Every backend runs on the real clock (a server cannot be given a fake one) with an
activation delay of 0, as ``kawebb demo`` sets it up, and lives for the whole session.
The tests share its data, so each makes its own new people and leaves no pending
change behind (the ``backend`` fixture discards them before each test).

The offline backend is eventually consistent for changes others make: its reads come
from the replica, which shows a change made behind the caller's back (by AF in the
database, by another workstation) after its next pull. A test that makes such a change
calls :meth:`Backend.settle` before it reads the result: nothing on the other backends,
a sync on the offline one (what its background sync does in the app).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from kawebb_desktop.demo import create_demo, personnummer_for
from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import UserDraft
from kawebb_desktop.domain.clock import SystemClock
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.rules import next_year_end
from kawebb_desktop.domain.values import EmailAddress, Personnummer
from kawebb_desktop.services import build_services
from kawebb_desktop.services.api import (
    Caller,
    DemoPhone,
    DiscardPending,
    LoginProgress,
    Services,
    SignProgress,
    StartSigning,
    caller_of,
)
from kawebb_desktop.services.demo import SimulatedPhone, demo_simulator, mark_demo_store
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.store.sql import open_store

DEMO_CASES = 20
DOROTEA = "Dorotea kommun"
VILHELMINA = "Vilhelmina kommun"
ASELE = "Åsele kommun"
#: Behörighetsadministratör in Dorotea and Vilhelmina.
ARVID = "Arvid Aronsson"
#: Behörighetsadministratör in Åsele.
MARTA = "Märta Grahn"
#: Only in Dorotea, as a tjänsteadministratör whose end date has passed.
KARINA = "Karina Asp"

SERVER_START_TIMEOUT = 60.0
SIGNING_TIMEOUT = 20.0


# ---------------------------------------------------------------------- the backend
@dataclass
class Backend:
    """One backend's services with the demo's simulated phone, and test helpers."""

    name: str
    services: Services
    #: The server's address (remote backends only).
    url: str | None = None
    #: What :meth:`settle` does (the offline backend: sync the caller's replica).
    settling: Callable[[Caller], object] | None = None
    _people: dict[str, str] = field(default_factory=dict)
    _logins: dict[str, LoginProgress] = field(default_factory=dict)
    _org_ids: dict[str, int] = field(default_factory=dict)

    @property
    def phone(self) -> DemoPhone:
        assert self.services.demo_phone is not None, "a demo backend has a phone"
        return self.services.demo_phone

    def personnummer(self, name: str) -> str:
        if not self._people:
            self._people = {p.name: p.personnummer for p in self.phone.people()}
        return self._people[name]

    def settle(self, caller: Caller) -> None:
        """After a change made behind ``caller``'s back: let the backend catch up."""
        if self.settling is not None:
            self.settling(caller)

    # -- logging in
    def login(self, name: str, *, fresh: bool = False) -> LoginProgress:
        """Log in as ``name`` with the simulated phone (a session is reused unless
        ``fresh``: the server limits how often logins may start)."""
        if not fresh and name in self._logins:
            return self._logins[name]
        progress = self.try_login(self.personnummer(name))
        assert progress.status is CollectStatus.COMPLETE, progress
        assert progress.token
        for choice in progress.choices:
            self._org_ids[choice.name] = choice.organisation_id
        if not fresh:
            self._logins[name] = progress
        return progress

    def try_login(self, personnummer: str) -> LoginProgress:
        """Start a login, let the phone approve as ``personnummer``, collect once."""
        order = self.services.auth.start_login()
        self.phone.approve(order.order_ref, personnummer)
        return self.services.auth.collect_login(order.order_ref)

    def actor(self, name: str, organisation: str) -> Actor:
        progress = self.login(name)
        assert progress.token is not None
        return self.services.auth.enter(progress.token, self.org_id(organisation))

    def caller(self, name: str, organisation: str) -> Caller:
        return caller_of(self.actor(name, organisation))

    def org_id(self, organisation: str) -> int:
        if organisation not in self._org_ids:
            for name in (ARVID, MARTA):
                self.login(name)
        return self._org_ids[organisation]

    # -- signing
    def sign(self, caller: Caller) -> SignProgress:
        """Start signing the pending set, let the phone approve, collect until done."""
        order = self.services.signing.start(caller, StartSigning())
        self.phone.approve(order.order_ref)
        deadline = time.monotonic() + SIGNING_TIMEOUT
        while True:
            progress = self.services.signing.collect(caller, order.order_ref)
            if progress.status is not CollectStatus.PENDING:
                return progress
            assert time.monotonic() < deadline, f"signing still pending: {progress}"
            time.sleep(0.05)

    def discard_all_pending(self) -> None:
        for name, organisation in ((ARVID, DOROTEA), (ARVID, VILHELMINA), (MARTA, ASELE)):
            caller = self.caller(name, organisation)
            for change in self.services.users.list_pending(caller):
                self.services.users.discard_pending(
                    caller, DiscardPending(change.id, change.version)
                )


# ---------------------------------------------------------------------- drafts
def new_personnummer() -> Personnummer:
    """A valid personnummer nobody in the demo has (random birth date in the 1950s-90s)."""
    n = uuid.uuid4().int
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=n % 16000)
    return personnummer_for(birth.strftime("%Y%m%d"), 1 + (n >> 20) % 998)


_ASCII = str.maketrans("åäöéü", "aaoeu")


def new_draft(
    personnummer: Personnummer | None = None,
    first: str = "Test",
    last: str = "Testsson",
    role: Role = Role.TJANSTEADMINISTRATOR,
) -> UserDraft:
    today = dt.date.today()
    return UserDraft(
        first,
        last,
        personnummer or new_personnummer(),
        EmailAddress(f"{first}.{last}@example.se".lower().replace(" ", "").translate(_ASCII)),
        role,
        today,
        None if role.is_admin else next_year_end(today),
    )


# ---------------------------------------------------------------------- local
@contextlib.contextmanager
def local_backend(directory: Path) -> Iterator[Backend]:
    clock = SystemClock()
    store = open_store(f"sqlite:///{directory / 'kawebb.sqlite3'}")
    try:
        create_demo(store, clock, cases=DEMO_CASES)
        mark_demo_store(store)
        simulator = demo_simulator(store, clock)
        services = build_services(
            store,
            simulator,
            clock,
            dt.timedelta(0),
            demo_phone=SimulatedPhone(store, simulator),
        )
        yield Backend("local", services)
    finally:
        store.close()


# ---------------------------------------------------------------------- remote
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def make_demo_store(url: str, schema: str | None = None) -> None:
    """Fill a new database with the demo, as ``kawebb demo`` does, and close it."""
    store = open_store(url, schema=schema, create_schema=schema is not None)
    try:
        create_demo(store, SystemClock(), cases=DEMO_CASES)
        mark_demo_store(store)
    finally:
        store.close()


@dataclass
class ServerProcess:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(env: dict[str, str], log: Path) -> ServerProcess:
    """``uvicorn --factory kawebb_desktop.server.app:create_app_from_env`` on a free
    loopback port; returns once ``/api/v1/health`` answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "kawebb_desktop.server.app:create_app_from_env",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = ServerProcess(url, process, log)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{server.output()}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1.0).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"the server did not answer in time:\n{server.output()}")
        time.sleep(0.1)


def remote_backend(name: str, server: ServerProcess) -> Backend:
    from kawebb_desktop.remote import connect

    return Backend(name, connect(server.url), url=server.url)


def offline_backend(
    name: str, server: ServerProcess, directory: Path
) -> tuple[Backend, Callable[[], None]]:
    """The offline backend (issue 11) of the server, its replicas under ``directory``;
    and what closes it."""
    from kawebb_desktop.offline.backend import OfflineBackend
    from kawebb_desktop.remote import close, connect

    offline = OfflineBackend(connect(server.url), server.url, directory / "replicas")

    def closing() -> None:
        offline.close()
        close(offline.remote)

    return Backend(name, offline.services, url=server.url, settling=offline.sync_now), closing


Cleanup = Callable[[], None]
