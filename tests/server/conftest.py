"""Fixtures for the server tests: a demo store (a copy of one built per session), the app
on it with a fixed clock, a TestClient, and logging in over HTTP as a demo person."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from kawebb_desktop.demo import create_demo, personnummer_for
from kawebb_desktop.domain.clock import Clock, FixedClock
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.server.app import create_app
from kawebb_desktop.server.config import ServerConfig
from kawebb_desktop.services.demo import mark_demo_store
from kawebb_desktop.store.sql import SqlStore, open_store
from tests.store.databases import find_postgres

with warnings.catch_warnings():
    # Starlette 1.x nudges towards httpx2; the TestClient works the same.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient as TestClient

#: The demo is laid out around this day (the next year-end is 2027-12-31).
NOW = dt.datetime(2026, 6, 15, 8, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
API = "/api/v1"
DEMO_CASES = 20
#: The tables a refused request must leave as they were.
SNAPSHOT_TABLES = (
    "persons",
    "authorizations",
    "pending_changes",
    "receipts",
    "audit_entries",
    "idempotency_keys",
    "documents",
    "document_events",
)


def build_demo_store(
    url: str, *, schema: str | None = None, cases: int = DEMO_CASES, clock: Clock | None = None
) -> None:
    """Fill the empty store at ``url`` with the demo (dates around NOW, or ``clock``'s
    today) and mark it as a demo store."""
    store = open_store(url, schema=schema, create_schema=schema is not None)
    try:
        create_demo(store, clock or FixedClock(NOW), cases=cases)
        mark_demo_store(store)
    finally:
        store.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("server-template") / "demo.sqlite3"
    build_demo_store(f"sqlite:///{path}")
    return path


@pytest.fixture
def demo_url(demo_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "kawebb.sqlite3"
    shutil.copyfile(demo_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def make_config(url: str, clock: FixedClock, **overrides: Any) -> ServerConfig:
    values: dict[str, Any] = {"activation_delay_seconds": 0, "clock": clock}
    values.update(overrides)
    return ServerConfig(store_url=url, **values)


@pytest.fixture
def app(demo_url: str, clock: FixedClock) -> Iterator[Any]:
    application = create_app(make_config(demo_url, clock))
    yield application
    application.state.store.close()


@pytest.fixture
def client(app: Any) -> TestClient:
    return TestClient(app)


@pytest.fixture
def store(app: Any) -> SqlStore:
    """The app's own store (for looking, never for acting)."""
    return app.state.store  # type: ignore[no-any-return]


# ------------------------------------------------------------------ demo people
@dataclass(frozen=True)
class DemoPerson:
    personnummer: str
    name: str
    #: Organisation id → role, of the person's active authorizations.
    roles: dict[int, Role]
    #: Organisations where the person has an authorization, active or not.
    organisations: frozenset[int] = frozenset()


@dataclass(frozen=True)
class DemoWorld:
    organisations: dict[str, int]
    people: list[DemoPerson]
    #: Every organisation's authorizations: organisation id → [(user id, version, role)].
    users: dict[int, list[tuple[int, int, Role]]] = field(default_factory=dict)

    def org(self, name: str) -> int:
        return self.organisations[name]

    def only_in(self, org_id: int, role: Role) -> DemoPerson:
        """Somebody whose one authorization is ``role`` in ``org_id``, active."""
        for person in self.people:
            if person.roles == {org_id: role} and person.organisations == {org_id}:
                return person
        raise LookupError(f"no demo person with only {role} in {org_id}")


def read_world(store: SqlStore) -> DemoWorld:
    with store.unit_of_work() as uow:
        orgs = {o.name: o.id for o in uow.organisations.list_all()}
        people = []
        users: dict[int, list[tuple[int, int, Role]]] = {}
        for person in uow.persons.list_all():
            authorizations = uow.users.for_person(person.id)
            for u in authorizations:
                users.setdefault(u.organisation_id, []).append((u.id, u.version, u.role))
            people.append(
                DemoPerson(
                    person.personnummer.value,
                    person.full_name,
                    {
                        u.organisation_id: u.role
                        for u in authorizations
                        if u.is_active(NOW, NOW.date())
                    },
                    frozenset(u.organisation_id for u in authorizations),
                )
            )
    return DemoWorld(orgs, people, users)


@pytest.fixture
def world(store: SqlStore) -> DemoWorld:
    return read_world(store)


# ------------------------------------------------------------------ over HTTP
def login(client: Any, personnummer: str) -> str:
    """Log in over HTTP as ``personnummer``: start, the phone approves, collect."""
    started = client.post(f"{API}/auth/start")
    assert started.status_code == 200, started.text
    ref = started.json()["orderRef"]
    approved = client.post(
        f"{API}/simulator/orders/{ref}/approve", json={"personnummer": personnummer}
    )
    assert approved.status_code == 204, approved.text
    collected = client.post(f"{API}/auth/collect", json={"orderRef": ref})
    assert collected.status_code == 200, collected.text
    body = collected.json()
    assert body["status"] == "complete", body
    return str(body["token"])


def bearer(token: str, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


def new_key() -> str:
    return str(uuid.uuid4())


def snapshot(store: SqlStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a refused request must not change."""
    with store.engine.connect() as connection:
        return {
            table: [
                tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1"))
            ]
            for table in SNAPSHOT_TABLES
        }


#: Nobody in the demo (its pending Andrea Sandin is 197810172424).
NEW_PERSON = personnummer_for("19850101", 123).value


def draft_body(
    personnummer: str = NEW_PERSON,
    first: str = "Kalle",
    last: str = "Anka",
    role: Role = Role.TJANSTEADMINISTRATOR,
    start: dt.date = TODAY,
    end: dt.date | None = dt.date(2027, 12, 31),
    email: str = "kalle.anka@example.se",
) -> dict[str, Any]:
    return {
        "first_name": first,
        "last_name": last,
        "personnummer": personnummer,
        "email": email,
        "role": role.value,
        "start_date": start.isoformat(),
        "end_date": end.isoformat() if end else None,
    }


# ------------------------------------------------------------------ PostgreSQL
@pytest.fixture(scope="session")
def server_postgres_url() -> str:
    """The test PostgreSQL; skipped when unreachable, but a failure under CI=true."""
    url, why_not = find_postgres()
    if url is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, men PostgreSQL behövs: {why_not}")
        pytest.skip(why_not)
    return url


# ------------------------------------------------------------------ error bodies
_ENGLISH = re.compile(
    r"\b(the|is|not|field|required|error|invalid|value|must|should|found|allowed|method|"
    r"input|unprocessable|internal|server|request)\b",
    re.IGNORECASE,
)
_SWEDISH = re.compile(
    r"[åäöÅÄÖ]|\b(inte|finns|ska|saknas|ogiltig|kan|du|databasen|ange|och|att|med|som|en|ett|"
    r"den|det|eller|personnummer|personnumret|logga|adressen|inloggningen|signeringen)\b",
    re.IGNORECASE,
)


def is_swedish_error(body: Any) -> bool:
    """A ``{"code", "message"}`` body whose message reads as Swedish, not English."""
    if not isinstance(body, dict):
        return False
    code, message = body.get("code"), body.get("message")
    if not (isinstance(code, str) and code and isinstance(message, str) and message.strip()):
        return False
    # Quoted field names are the client's words, not ours.
    prose = re.sub(r"”[^”]*”", "", message)
    return not _ENGLISH.search(prose) and bool(_SWEDISH.search(prose))


def assert_error(answer: Any, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json"), answer.headers
    body = answer.json()
    assert body["code"] == code, body
    assert is_swedish_error(body), body
    return body  # type: ignore[no-any-return]
