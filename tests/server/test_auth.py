"""Login over HTTP, the session token, and the tokens that must not work."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import pytest

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.server.app import create_app
from kawebb_desktop.server.errors import TooManyRequests
from kawebb_desktop.server.security import SlidingWindowLimiter
from kawebb_desktop.store.sql import SqlStore
from tests.server.conftest import (
    API,
    DemoWorld,
    TestClient,
    bearer,
    draft_body,
    login,
    make_config,
    new_key,
    snapshot,
)


def arvid(world: DemoWorld) -> str:
    return next(p.personnummer for p in world.people if p.name == "Arvid Aronsson")


def test_login_over_http(client: Any, world: DemoWorld) -> None:
    started = client.post(f"{API}/auth/start")
    assert started.status_code == 200
    body = started.json()
    assert set(body) == {"orderRef", "autoStartToken", "qrData", "startedAt"}
    assert body["qrData"].startswith("bankid.")
    ref = body["orderRef"]

    waiting = client.post(f"{API}/auth/collect", json={"orderRef": ref}).json()
    assert waiting["status"] == "pending"
    assert waiting["hintCode"] == "outstandingTransaction"
    assert waiting["message"] and waiting["qrData"].startswith("bankid.")
    assert "token" not in waiting
    assert (
        client.post(f"{API}/auth/qr", json={"orderRef": ref}).json()["qrData"].startswith("bankid.")
    )

    approved = client.post(
        f"{API}/simulator/orders/{ref}/approve", json={"personnummer": arvid(world)}
    )
    assert approved.status_code == 204
    done = client.post(f"{API}/auth/collect", json={"orderRef": ref})
    assert done.status_code == 200
    complete = done.json()
    assert complete["status"] == "complete"
    assert complete["person"]["personnummer"] == arvid(world)
    assert [o["name"] for o in complete["organisations"]] == ["Dorotea kommun", "Vilhelmina kommun"]
    token = complete["token"]

    # The token is handed out once: collecting again is refused.
    again = client.post(f"{API}/auth/collect", json={"orderRef": ref})
    assert again.status_code == 403
    assert again.json()["code"] == "not_authorized"

    me = client.get(f"{API}/me", headers=bearer(token)).json()
    assert me["person"]["first_name"] == "Arvid"
    assert {(a["organisation_id"], a["role"]) for a in me["authorizations"]} == {
        (world.org("Dorotea kommun"), "behorighetsadministrator"),
        (world.org("Vilhelmina kommun"), "behorighetsadministrator"),
    }
    entered = client.post(
        f"{API}/auth/enter",
        headers=bearer(token),
        json={"organisation_id": world.org("Vilhelmina kommun")},
    )
    assert entered.status_code == 200
    actor = entered.json()
    assert actor["token"] == ""
    assert actor["organisation_name"] == "Vilhelmina kommun"
    refused = client.post(
        f"{API}/auth/enter",
        headers=bearer(token),
        json={"organisation_id": world.org("Åsele kommun")},
    )
    assert refused.status_code == 404


def test_a_cancelled_login_fails(client: Any) -> None:
    ref = client.post(f"{API}/auth/start").json()["orderRef"]
    assert client.post(f"{API}/auth/cancel", json={"orderRef": ref}).status_code == 204
    answer = client.post(f"{API}/auth/collect", json={"orderRef": ref}).json()
    assert answer["status"] == "failed"
    assert answer["hintCode"] == "cancelled"
    assert answer["message"]


def test_the_phone_cancels(client: Any) -> None:
    ref = client.post(f"{API}/auth/start").json()["orderRef"]
    assert client.post(f"{API}/simulator/orders/{ref}/cancel").status_code == 204
    answer = client.post(f"{API}/auth/collect", json={"orderRef": ref}).json()
    assert (answer["status"], answer["hintCode"]) == ("failed", "userCancel")


def test_unknown_login_orders(client: Any) -> None:
    for path in ("collect", "qr", "cancel"):
        answer = client.post(f"{API}/auth/{path}", json={"orderRef": "no-such-order"})
        assert answer.status_code == 404, path
        assert answer.json()["code"] == "not_found"
    assert client.post(f"{API}/simulator/orders/nope/approve").status_code == 404


def test_the_simulated_people(client: Any, world: DemoWorld) -> None:
    people = client.get(f"{API}/simulator/people").json()
    assert {"personnummer": arvid(world), "name": "Arvid Aronsson"} in people


def _attempts(world: DemoWorld) -> list[tuple[str, str, dict[str, Any] | None, bool]]:
    org = world.org("Dorotea kommun")
    user_id = world.users[org][1][0]
    return [
        ("GET", "/me", None, False),
        ("GET", f"/organisations/{org}/users", None, False),
        ("GET", f"/organisations/{org}/users/{user_id}", None, False),
        ("POST", f"/organisations/{org}/users", {"draft": draft_body()}, True),
        ("POST", f"/organisations/{org}/users/{user_id}/remove", {"version": 1}, True),
        ("POST", f"/organisations/{org}/signing", {"kind": "anvandare"}, True),
        ("POST", "/auth/enter", {"organisation_id": org}, False),
        ("POST", "/auth/resume", {"session_token": "x" * 43, "organisation_id": org}, False),
        ("POST", "/auth/logout", None, False),
    ]


def _all_refused(client: Any, world: DemoWorld, headers: dict[str, str]) -> None:
    for method, path, body, writes in _attempts(world):
        sent = dict(headers)
        if writes:
            sent["Idempotency-Key"] = new_key()
        answer = client.request(method, API + path, headers=sent, json=body)
        assert answer.status_code == 401, (method, path, answer.text)
        assert answer.json()["code"] == "unauthenticated"
        assert answer.json()["message"]
        assert answer.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
        {"Authorization": "token-without-scheme"},
        {"Authorization": f"Bearer {secrets.token_urlsafe(32)}"},
        {"Authorization": "Bearer " + "x" * 5000},
    ],
    ids=["none", "empty", "blank", "basic", "no-scheme", "forged", "huge"],
)
def test_missing_or_forged_tokens(
    client: Any, store: SqlStore, world: DemoWorld, headers: dict[str, str]
) -> None:
    login(client, arvid(world))  # a real session exists meanwhile
    before = snapshot(store)
    _all_refused(client, world, headers)
    assert snapshot(store) == before


def test_an_idle_session_expires(
    client: Any, store: SqlStore, world: DemoWorld, clock: FixedClock
) -> None:
    token = login(client, arvid(world))
    assert client.get(f"{API}/me", headers=bearer(token)).status_code == 200
    clock.advance(dt.timedelta(minutes=30, seconds=1))
    before = snapshot(store)
    _all_refused(client, world, bearer(token))
    assert snapshot(store) == before


def test_a_session_used_now_and_then_stays(
    client: Any, world: DemoWorld, clock: FixedClock
) -> None:
    token = login(client, arvid(world))
    for _ in range(4):
        clock.advance(dt.timedelta(minutes=20))
        assert client.get(f"{API}/me", headers=bearer(token)).status_code == 200


def test_me_says_the_servers_idle_time_and_the_same_person_resumes_an_idle_session(
    demo_url: str, clock: FixedClock, world: DemoWorld
) -> None:
    """Sessionstid: the app locks after the server's idle time (from /me); a fresh login
    of the same person makes the idle session live again, and only that person's."""
    app = create_app(make_config(demo_url, clock, session_idle_minutes=7))
    try:
        client = TestClient(app)
        org = world.org("Dorotea kommun")
        token = login(client, arvid(world))
        assert client.post(
            f"{API}/auth/enter", headers=bearer(token), json={"organisation_id": org}
        ).is_success
        assert client.get(f"{API}/me", headers=bearer(token)).json()["session_idle_minutes"] == 7
        clock.advance(dt.timedelta(minutes=7, seconds=1))
        assert client.get(f"{API}/me", headers=bearer(token)).status_code == 401

        viking = next(p.personnummer for p in world.people if p.name == "Viking Evertsson")
        other = login(client, viking)
        body = {"session_token": token, "organisation_id": org}
        refused = client.post(f"{API}/auth/resume", headers=bearer(other), json=body)
        assert refused.status_code == 403, refused.text
        assert "annan person" in refused.json()["message"]
        assert client.get(f"{API}/me", headers=bearer(token)).status_code == 401

        again = login(client, arvid(world))
        resumed = client.post(f"{API}/auth/resume", headers=bearer(again), json=body)
        assert resumed.status_code == 200, resumed.text
        assert resumed.json()["token"] == "" and resumed.json()["organisation_id"] == org
        assert client.get(f"{API}/me", headers=bearer(token)).status_code == 200
        # The login that proved who it was has done its work.
        assert client.get(f"{API}/me", headers=bearer(again)).status_code == 401
        # A logged-out session is not resumed.
        assert client.post(f"{API}/auth/logout", headers=bearer(token)).status_code == 204
        third = login(client, arvid(world))
        gone = client.post(f"{API}/auth/resume", headers=bearer(third), json=body)
        assert gone.status_code == 401
    finally:
        app.state.store.close()


def test_a_revoked_session_is_refused(client: Any, store: SqlStore, world: DemoWorld) -> None:
    token = login(client, arvid(world))
    other = login(client, arvid(world))
    assert client.post(f"{API}/auth/logout", headers=bearer(token)).status_code == 204
    before = snapshot(store)
    _all_refused(client, world, bearer(token))
    assert snapshot(store) == before
    # Only that session ended.
    assert client.get(f"{API}/me", headers=bearer(other)).status_code == 200


def test_login_starts_are_rate_limited(demo_url: str, clock: FixedClock) -> None:
    app = create_app(make_config(demo_url, clock, login_starts_per_minute=3))
    try:
        client = TestClient(app)
        for _ in range(3):
            assert client.post(f"{API}/auth/start").status_code == 200
        refused = client.post(f"{API}/auth/start")
        assert refused.status_code == 429
        assert refused.json()["code"] == "too_many_requests"
        assert "inloggningsförsök" in refused.json()["message"]
        assert int(refused.headers["Retry-After"]) >= 1
        # Other routes are not limited.
        assert client.get(f"{API}/health").status_code == 200
    finally:
        app.state.store.close()


def test_the_sliding_window() -> None:
    now = [1000.0]
    limiter = SlidingWindowLimiter(2, window=60, clock=lambda: now[0])
    limiter.hit("a")
    limiter.hit("a")
    limiter.hit("b")
    with pytest.raises(TooManyRequests) as refused:
        limiter.hit("a")
    assert refused.value.retry_after == 61
    now[0] += 30
    with pytest.raises(TooManyRequests):
        limiter.hit("a")
    now[0] += 30.5
    limiter.hit("a")  # the first two have left the window
    limiter.hit("a")
    with pytest.raises(TooManyRequests):
        limiter.hit("a")
