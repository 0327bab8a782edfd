"""Schemathesis over ``/openapi.json``: generated and malformed requests for every
operation, once without a token and once as a logged-in administrator on demo data —
on SQLite, and on PostgreSQL, whose stricter types once turned a large id into a 500.

Whatever comes in, the server never answers 5xx, and every 4xx is JSON
``{"code", "message"}`` with a Swedish message. Bounded: a fixed number of examples per
operation, derandomized, no deadline.

The schema is read once at collection from a throwaway app; each test then sends its
cases to its own app (``case.call(app=…)``). (Schemathesis's ``from_fixture`` would do
that for us, but it does not work with pytest 9.2.)
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.server.app import create_app
from tests.server.conftest import (
    API,
    NOW,
    TestClient,
    build_demo_store,
    is_swedish_error,
    login,
    make_config,
    read_world,
)
from tests.store.databases import drop_schema, new_schema_name

#: Examples per operation. Without a token every request ends at the session check (401),
#: so a few suffice; with one, the generated bodies and ids reach the services.
WITHOUT_TOKEN_EXAMPLES = 5
WITH_TOKEN_EXAMPLES = 20


def bounded(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )


def _openapi_document() -> dict[str, Any]:
    """The app's OpenAPI document (a throwaway demo store: the app needs one to exist)."""
    with tempfile.TemporaryDirectory(prefix="kawebb-openapi-") as folder:
        url = f"sqlite:///{Path(folder) / 'schema.sqlite3'}"
        build_demo_store(url, cases=0)
        app = create_app(make_config(url, FixedClock(NOW)))
        try:
            return app.openapi()
        finally:
            app.state.store.close()


schema = schemathesis.openapi.from_dict(_openapi_document())


def check(response: Any) -> None:
    status = response.status_code
    assert status < 500, (status, response.text)
    if status >= 400:
        content_type = response.headers.get("content-type") or [""]
        if isinstance(content_type, list):
            content_type = content_type[0]
        assert content_type.startswith("application/json"), response.headers
        assert is_swedish_error(response.json()), response.text


def without_token(case: Any, app: Any) -> None:
    case.headers.pop("Authorization", None)
    check(case.call(app=app))


def with_token(case: Any, app: Any, admin: tuple[str, int]) -> None:
    token, org = admin
    if case.path == f"{API}/auth/logout":
        return  # would end the session the other examples use
    if "org_id" in case.path_parameters:
        case.path_parameters["org_id"] = org  # the administrator's own organisation
    check(case.call(app=app, headers={"Authorization": f"Bearer {token}"}))


def admin_of(app: Any) -> tuple[str, int]:
    """Arvid Aronsson, logged in: behörighetsadministratör in Dorotea."""
    world = read_world(app.state.store)
    arvid = next(p.personnummer for p in world.people if p.name == "Arvid Aronsson")
    return login(TestClient(app), arvid), world.org("Dorotea kommun")


# ------------------------------------------------------------------ SQLite
@pytest.fixture(scope="module")
def sqlite_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One app for all operations, as on PostgreSQL: a fresh demo store and app per
    operation cost more than the operation's requests."""
    url = f"sqlite:///{tmp_path_factory.mktemp('schemathesis') / 'kawebb.sqlite3'}"
    build_demo_store(url)
    app = create_app(make_config(url, FixedClock(NOW)))
    try:
        yield app
    finally:
        app.state.store.close()


@pytest.fixture(scope="module")
def admin(sqlite_app: Any) -> tuple[str, int]:
    return admin_of(sqlite_app)


@schema.parametrize()
@bounded(WITHOUT_TOKEN_EXAMPLES)
def test_without_a_token(case: Any, sqlite_app: Any) -> None:
    without_token(case, sqlite_app)


@schema.parametrize()
@bounded(WITH_TOKEN_EXAMPLES)
def test_with_a_token(case: Any, sqlite_app: Any, admin: tuple[str, int]) -> None:
    with_token(case, sqlite_app, admin)


# ------------------------------------------------------------------ PostgreSQL
@pytest.fixture(scope="module")
def pg_app(server_postgres_url: str) -> Iterator[Any]:
    """One app for all operations (a PostgreSQL schema per operation would cost more
    than the requests); what one operation's examples change, the next one sees."""
    schema_name = new_schema_name()
    try:
        build_demo_store(server_postgres_url, schema=schema_name, cases=5)
        config = make_config(server_postgres_url, FixedClock(NOW), store_schema=schema_name)
        app = create_app(config)
        try:
            yield app
        finally:
            app.state.store.close()
    finally:
        drop_schema(server_postgres_url, schema_name)


@pytest.fixture(scope="module")
def pg_admin(pg_app: Any) -> tuple[str, int]:
    return admin_of(pg_app)


@pytest.mark.postgres
@pytest.mark.slow
@schema.parametrize()
@bounded(WITHOUT_TOKEN_EXAMPLES)
def test_without_a_token_on_postgresql(case: Any, pg_app: Any) -> None:
    without_token(case, pg_app)


@pytest.mark.postgres
@pytest.mark.slow
@schema.parametrize()
@bounded(WITH_TOKEN_EXAMPLES)
def test_with_a_token_on_postgresql(case: Any, pg_app: Any, pg_admin: tuple[str, int]) -> None:
    with_token(case, pg_app, pg_admin)
