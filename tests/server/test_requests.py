"""Bad requests get honest statuses and Swedish JSON, and change nothing: too large,
not JSON, malformed, without or with a reused idempotency key, unknown routes, bugs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from kawebb_desktop.domain.errors import StoreUnavailable
from kawebb_desktop.domain.messages import message_from_json
from kawebb_desktop.server.errors import INVALID_FIELD
from kawebb_desktop.server.models import MAX_ID
from kawebb_desktop.server.security import BodyLimits
from kawebb_desktop.store.sql import SqlStore
from tests.server.conftest import (
    API,
    NEW_PERSON,
    DemoWorld,
    assert_error,
    bearer,
    draft_body,
    login,
    new_key,
    snapshot,
)


@pytest.fixture
def admin(client: Any, world: DemoWorld) -> str:
    dorotea = world.org("Dorotea kommun")
    person = next(p for p in world.people if p.name == "Fridolf Halldin")
    assert person.roles == {dorotea: "behorighetsadministrator"}
    return login(client, person.personnummer)


@pytest.fixture
def org(world: DemoWorld) -> int:
    return world.org("Dorotea kommun")


def pending_count(client: Any, token: str, org: int) -> int:
    return len(client.get(f"{API}/organisations/{org}/pending", headers=bearer(token)).json())


# ------------------------------------------------------------------ size and type
def test_a_body_over_the_limit_is_413(client: Any, store: SqlStore, admin: str, org: int) -> None:
    before = snapshot(store)
    huge = {"draft": draft_body(first="A" * 70_000)}
    answer = client.post(
        f"{API}/organisations/{org}/users", headers=bearer(admin, new_key()), json=huge
    )
    body = assert_error(answer, 413, "too_large")
    assert "65536" in body["message"]
    assert snapshot(store) == before


def test_a_streamed_body_over_the_limit_is_413(
    client: Any, store: SqlStore, admin: str, org: int
) -> None:
    """No Content-Length (chunked): the bytes are counted as they come."""

    def chunks() -> Iterator[bytes]:
        yield b'{"draft": {"first_name": "'
        for _ in range(100):
            yield b"A" * 1000
        yield b'"}}'

    before = snapshot(store)
    answer = client.post(
        f"{API}/organisations/{org}/users",
        headers={**bearer(admin, new_key()), "Content-Type": "application/json"},
        content=chunks(),
    )
    assert_error(answer, 413, "too_large")
    assert snapshot(store) == before


def test_a_body_longer_than_declared_is_413() -> None:
    """A client that lies in Content-Length is still cut off at the limit."""
    reached: list[bool] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        reached.append(True)

    sent: list[MutableMapping[str, Any]] = []
    pieces = [b"x" * 1000] * 70

    async def receive() -> dict[str, Any]:
        body = pieces.pop() if pieces else b""
        return {"type": "http.request", "body": body, "more_body": bool(pieces)}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [(b"content-length", b"10"), (b"content-type", b"application/json")],
    }
    asyncio.run(BodyLimits(app, max_bytes=65536)(scope, receive, send))
    assert not reached
    assert sent[0]["status"] == 413


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("text/plain", b'{"orderRef": "x"}'),
        ("application/x-www-form-urlencoded", b"orderRef=x"),
        (None, b'{"orderRef": "x"}'),
        ("application/xml", b"<orderRef>x</orderRef>"),
    ],
)
def test_a_body_that_is_not_json_is_415(
    client: Any, store: SqlStore, admin: str, org: int, content_type: str | None, content: bytes
) -> None:
    headers = bearer(admin, new_key())
    if content_type:
        headers["Content-Type"] = content_type
    before = snapshot(store)
    for path in ("/auth/collect", f"/organisations/{org}/users"):
        answer = client.post(API + path, headers=headers, content=content)
        assert_error(answer, 415, "unsupported_media_type")
    assert snapshot(store) == before


def test_json_with_a_charset_or_a_json_suffix_is_fine(client: Any) -> None:
    for content_type in ("application/json; charset=utf-8", "application/problem+json"):
        answer = client.post(
            f"{API}/auth/collect",
            headers={"Content-Type": content_type},
            content=b'{"orderRef": "none"}',
        )
        assert_error(answer, 404, "not_found")


@pytest.mark.parametrize(
    "text",
    [b"{bad", b'{"draft": ', b"\xff\xfe", b"[1, 2,]", b"[" * 30000 + b"]" * 30000],
    ids=["bad", "cut", "not-utf8", "trailing-comma", "too-deep"],
)
def test_malformed_json_is_400(
    client: Any, store: SqlStore, admin: str, org: int, text: bytes
) -> None:
    before = snapshot(store)
    answer = client.post(
        f"{API}/organisations/{org}/users",
        headers={**bearer(admin, new_key()), "Content-Type": "application/json"},
        content=text,
    )
    assert_error(answer, 400, "bad_request")
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([1, 2], None),
        ({}, "draft"),
        ({"draft": {**draft_body(), "role": "kung"}}, "draft.role"),
        ({"draft": {**draft_body(), "start_date": "15/6/2026"}}, "draft.start_date"),
        ({"draft": {**draft_body(), "first_name": "A\u0000"}}, "draft.first_name"),
        ({"draft": {**draft_body(), "email": 17}}, "draft.email"),
    ],
)
def test_a_malformed_body_is_422_naming_the_field(
    client: Any, admin: str, org: int, body: Any, field: str | None
) -> None:
    answer = client.post(
        f"{API}/organisations/{org}/users", headers=bearer(admin, new_key()), json=body
    )
    error = assert_error(answer, 422, "invalid")
    assert error["message"].startswith("Ogiltig begäran")
    if field:
        assert error["field"] == field
        assert f"”{field}”" in error["message"]


def test_domain_values_are_parsed_by_the_domain(client: Any, admin: str, org: int) -> None:
    bad_number = client.post(
        f"{API}/organisations/{org}/users",
        headers=bearer(admin, new_key()),
        json={"draft": draft_body(personnummer="19640326-9804")},
    )
    assert assert_error(bad_number, 422, "invalid")["field"] == "personnummer"
    bad_mail = client.post(
        f"{API}/organisations/{org}/users",
        headers=bearer(admin, new_key()),
        json={"draft": draft_body(email="inte en adress")},
    )
    assert assert_error(bad_mail, 422, "invalid")["field"] == "email"
    too_late = client.post(
        f"{API}/organisations/{org}/users",
        headers=bearer(admin, new_key()),
        json={"draft": {**draft_body(), "end_date": "2030-01-01"}},
    )
    assert assert_error(too_late, 422, "rule")["field"] == "end_date"
    # Any format the app accepts: ten digits with a dash.
    ten = client.post(
        f"{API}/organisations/{org}/users",
        headers=bearer(admin, new_key()),
        json={"draft": draft_body(personnummer=f"{NEW_PERSON[2:8]}-{NEW_PERSON[8:]}")},
    )
    assert ten.status_code == 201, ten.text
    assert ten.json()["draft"]["personnummer"] == NEW_PERSON


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"offset": -1}, "offset"),
        ({"sort": "shoe_size"}, "sort"),
        ({"descending": "kanske"}, "descending"),
        ({"limit": "tio"}, "limit"),
    ],
)
def test_bad_query_parameters_are_422(
    client: Any, admin: str, org: int, query: dict[str, Any], field: str
) -> None:
    answer = client.get(f"{API}/organisations/{org}/users", headers=bearer(admin), params=query)
    assert assert_error(answer, 422, "invalid")["field"] == field


def test_huge_and_odd_ids_are_404_or_422(client: Any, admin: str, org: int) -> None:
    biggest = MAX_ID
    assert_error(
        client.get(f"{API}/organisations/{biggest}", headers=bearer(admin)), 404, "not_found"
    )
    assert_error(
        client.get(f"{API}/organisations/{org}/users/{biggest}", headers=bearer(admin)),
        404,
        "not_found",
    )
    for odd in (MAX_ID + 1, 2**63, 2**70, 0, -1, "ett", "1.5"):
        answer = client.get(f"{API}/organisations/{odd}/users", headers=bearer(admin))
        assert_error(answer, 422, "invalid")
    assert_error(
        client.get(
            f"{API}/organisations/{org}/cases", headers=bearer(admin), params={"unit_id": biggest}
        ),
        404,
        "not_found",
    )
    assert_error(
        client.get(f"{API}/organisations/{org}/registered-persons/12345", headers=bearer(admin)),
        422,
        "invalid",
    )


# ------------------------------------------------------------------ idempotency
def test_a_write_without_an_idempotency_key_is_400(
    client: Any, store: SqlStore, admin: str, org: int
) -> None:
    before = snapshot(store)
    for headers in (bearer(admin), {**bearer(admin), "Idempotency-Key": ""}):
        answer = client.post(
            f"{API}/organisations/{org}/users", headers=headers, json={"draft": draft_body()}
        )
        body = assert_error(answer, 400, "bad_request")
        assert "Idempotency-Key" in body["message"]
    assert snapshot(store) == before


def test_a_replayed_write_is_answered_once(
    client: Any, store: SqlStore, admin: str, org: int
) -> None:
    key = new_key()
    count = pending_count(client, admin, org)
    first = client.post(
        f"{API}/organisations/{org}/users",
        headers=bearer(admin, key),
        json={"draft": draft_body()},
    )
    assert first.status_code == 201
    after_first = snapshot(store)
    again = client.post(
        f"{API}/organisations/{org}/users",
        headers=bearer(admin, key),
        json={"draft": draft_body()},
    )
    assert again.status_code == 201
    assert again.json() == first.json()
    assert pending_count(client, admin, org) == count + 1
    assert snapshot(store) == after_first

    # The same key with another body: 409, nothing changed.
    other = client.post(
        f"{API}/organisations/{org}/users",
        headers=bearer(admin, key),
        json={"draft": draft_body(email="en.annan@example.se")},
    )
    assert assert_error(other, 409, "conflict")["message"].startswith("Idempotensnyckeln")
    # ... or on another route.
    change = first.json()["change"]
    elsewhere = client.post(
        f"{API}/organisations/{org}/pending/{change['id']}/discard",
        headers=bearer(admin, key),
        json={"version": change["version"]},
    )
    assert_error(elsewhere, 409, "conflict")
    assert snapshot(store) == after_first


def test_a_replayed_discard_is_204_twice(
    client: Any, store: SqlStore, admin: str, org: int
) -> None:
    created = client.post(
        f"{API}/organisations/{org}/users",
        headers=bearer(admin, new_key()),
        json={"draft": draft_body()},
    ).json()["change"]
    key = new_key()
    url = f"{API}/organisations/{org}/pending/{created['id']}/discard"
    body = {"version": created["version"]}
    assert client.post(url, headers=bearer(admin, key), json=body).status_code == 204
    after = snapshot(store)
    assert client.post(url, headers=bearer(admin, key), json=body).status_code == 204
    assert snapshot(store) == after
    # A new key for the same discard: the change is gone.
    assert_error(client.post(url, headers=bearer(admin, new_key()), json=body), 404, "not_found")


def test_a_stale_version_is_409(client: Any, store: SqlStore, admin: str, org: int) -> None:
    pending = client.get(f"{API}/organisations/{org}/pending", headers=bearer(admin)).json()[0]
    change = pending["change"]
    url = f"{API}/organisations/{org}/pending/{change['id']}"
    draft = {**pending["draft"], "email": "forsta@example.se"}
    first = client.put(url, headers=bearer(admin, new_key()), json={"version": 1, "draft": draft})
    assert first.status_code == 200, first.text
    before = snapshot(store)
    draft["email"] = "andra@example.se"
    stale = client.put(url, headers=bearer(admin, new_key()), json={"version": 1, "draft": draft})
    assert_error(stale, 409, "conflict")
    assert snapshot(store) == before


# ------------------------------------------------------------------ routes and bugs
def test_unknown_routes_and_methods(client: Any) -> None:
    for path in ("/", "/api/v1", "/api/v1/nothing", "/docs", "/redoc", "/api/v2/health"):
        assert_error(client.get(path), 404, "not_found")
    assert_error(client.delete(f"{API}/me"), 405, "method_not_allowed")
    assert_error(client.get(f"{API}/auth/start"), 405, "method_not_allowed")
    assert client.get("/openapi.json").status_code == 200


def test_no_cors(client: Any) -> None:
    answer = client.options(
        f"{API}/health",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in answer.headers
    got = client.get(f"{API}/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in got.headers


def test_a_bug_is_500_in_swedish_and_logged(
    app: Any, client: Any, admin: str, org: int, caplog: pytest.LogCaptureFixture, monkeypatch: Any
) -> None:
    def broken(*_args: Any) -> None:
        raise ZeroDivisionError("division by zero in the service")

    monkeypatch.setattr(app.state.kawebb.services.users, "list_pending", broken)
    with caplog.at_level(logging.ERROR, logger="kawebb.server"):
        answer = client.get(f"{API}/organisations/{org}/pending", headers=bearer(admin))
    assert_error(answer, 500, "internal")
    assert "division" not in answer.text and "Traceback" not in answer.text
    logged = [r for r in caplog.records if r.name == "kawebb.server"]
    assert logged and logged[0].exc_info is not None


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("SELECT 1", {}, Exception("server closed the connection")),
        StoreUnavailable("Databasen kunde inte öppnas."),
    ],
    ids=["operational", "store-unavailable"],
)
def test_a_lost_database_is_503(
    app: Any, client: Any, admin: str, org: int, monkeypatch: Any, error: Exception
) -> None:
    def down(*_args: Any) -> None:
        raise error

    monkeypatch.setattr(app.state.kawebb.services.users, "list_pending", down)
    answer = client.get(f"{API}/organisations/{org}/pending", headers=bearer(admin))
    assert_error(answer, 503, "unavailable")
    assert answer.headers["Retry-After"]


def test_health(client: Any) -> None:
    assert client.get(f"{API}/health").json() == {
        "status": "ok",
        "version": "0.1.0",
        "signer": "BankID (simulator)",
        "demo": True,
    }


def test_the_openapi_document(client: Any) -> None:
    document = client.get("/openapi.json").json()
    create = document["paths"][f"{API}/organisations/{{org_id}}/users"]["post"]
    assert {p["name"]: p["required"] for p in create["parameters"]} == {
        "org_id": True,
        "Idempotency-Key": True,
    }
    assert create["security"] == [{"session": []}]
    error = {"$ref": "#/components/schemas/ErrorOut"}
    for status in ("400", "401", "403", "404", "409", "413", "415", "422"):
        assert create["responses"][status]["content"]["application/json"]["schema"] == error
    assert "HTTPValidationError" not in str(document)
    cases = document["paths"][f"{API}/organisations/{{org_id}}/cases"]["get"]
    limit = next(p for p in cases["parameters"] if p["name"] == "limit")["schema"]
    assert (limit["minimum"], limit["maximum"]) == (1, 500)


# ------------------------------------------------------------------ translatable messages
def test_a_message_with_values_carries_its_template_and_values(
    client: Any, admin: str, org: int
) -> None:
    """A workstation in English can translate it (issue 12): the body has the Swedish
    template and its values beside the message, the predicate a message of its own."""
    answer = client.post(
        f"{API}/organisations/{org}/users",
        headers=bearer(admin, new_key()),
        json={"draft": {**draft_body(), "start_date": "15/6/2026"}},
    )
    error = assert_error(answer, 422, "invalid")
    assert error["template"] == INVALID_FIELD
    assert error["params"] == {
        "name": "draft.start_date",
        "problem": {"template": "ska vara ett datum (ÅÅÅÅ-MM-DD)", "params": {}},
    }
    rebuilt = message_from_json(error["message"], error["template"], error["params"])
    assert rebuilt.template == INVALID_FIELD
    wrong = client.delete(f"{API}/me")
    assert assert_error(wrong, 405, "method_not_allowed")["params"] == {"method": "DELETE"}


def test_a_message_without_values_is_only_its_text(client: Any) -> None:
    body = client.get(f"{API}/nothing").json()
    assert set(body) == {"code", "message"}
