"""Signing over HTTP: start → the phone approves → collect → receipt; repeated and racing
collects never make a second receipt."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.server.app import create_app
from kawebb_desktop.store.sql import SqlStore
from tests.server.conftest import (
    API,
    DemoWorld,
    TestClient,
    assert_error,
    bearer,
    build_demo_store,
    draft_body,
    login,
    make_config,
    new_key,
    read_world,
    snapshot,
)
from tests.store.databases import drop_schema, new_schema_name


def fridolf(world: DemoWorld) -> str:
    return next(p.personnummer for p in world.people if p.name == "Fridolf Halldin")


def start(client: Any, token: str, org: int) -> dict[str, Any]:
    answer = client.post(
        f"{API}/organisations/{org}/signing",
        headers=bearer(token, new_key()),
        json={"kind": "anvandare"},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def count(store: SqlStore, table: str, where: str = "") -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table} {where}")).scalar_one())


def test_sign_and_collect_the_receipt(client: Any, store: SqlStore, world: DemoWorld) -> None:
    org = world.org("Dorotea kommun")
    number = fridolf(world)
    token = login(client, number)
    created = client.post(
        f"{API}/organisations/{org}/users",
        headers=bearer(token, new_key()),
        json={"draft": draft_body()},
    )
    assert created.status_code == 201
    order = start(client, token, org)
    assert order["change_count"] == 2  # the demo's Andrea Sandin and the new one
    assert "Dorotea kommun" in order["summary"]
    ref = order["order_ref"]
    base = f"{API}/organisations/{org}/signing/{ref}"

    waiting = client.post(f"{base}/collect", headers=bearer(token)).json()
    assert waiting["status"] == "pending" and waiting["receipt"] is None
    assert client.get(f"{base}/qr", headers=bearer(token)).json()["qrData"].startswith("bankid.")

    approved = client.post(f"{API}/simulator/orders/{ref}/approve", json={"personnummer": number})
    assert approved.status_code == 204
    done = client.post(f"{base}/collect", headers=bearer(token)).json()
    assert done["status"] == "complete"
    receipt = done["receipt"]
    assert receipt["change_count"] == 2
    assert receipt["signer_personnummer"] == number
    assert len(receipt["digest"]) == 64

    again = client.post(f"{base}/collect", headers=bearer(token)).json()
    assert again["status"] == "complete"
    assert again["receipt"] == receipt

    assert client.get(f"{API}/organisations/{org}/pending", headers=bearer(token)).json() == []
    receipts = client.get(f"{API}/organisations/{org}/receipts", headers=bearer(token)).json()
    assert receipts["items"][0] == receipt  # the newest, after the demo's history
    assert [r for r in receipts["items"] if r["order_ref"] == ref] == [receipt]
    users = client.get(
        f"{API}/organisations/{org}/users", headers=bearer(token), params={"text": "Kalle"}
    ).json()
    assert [row["user"]["person"]["first_name"] for row in users["items"]] == ["Kalle"]
    assert users["items"][0]["status"] == "Aktiv"


def test_only_the_signer_may_approve(client: Any, store: SqlStore, world: DemoWorld) -> None:
    org = world.org("Dorotea kommun")
    token = login(client, fridolf(world))
    ref = start(client, token, org)["order_ref"]
    somebody = next(p.personnummer for p in world.people if p.name == "Arvid Aronsson")
    answer = client.post(f"{API}/simulator/orders/{ref}/approve", json={"personnummer": somebody})
    assert assert_error(answer, 422, "invalid")["field"] == "personnummer"
    collected = client.post(
        f"{API}/organisations/{org}/signing/{ref}/collect", headers=bearer(token)
    ).json()
    assert collected["status"] == "pending"
    assert count(store, "receipts", f"WHERE order_ref = '{ref}'") == 0


def test_a_cancelled_signing_applies_nothing(
    client: Any, store: SqlStore, world: DemoWorld
) -> None:
    org = world.org("Dorotea kommun")
    token = login(client, fridolf(world))
    ref = start(client, token, org)["order_ref"]
    base = f"{API}/organisations/{org}/signing/{ref}"
    assert client.post(f"{base}/cancel", headers=bearer(token)).status_code == 204
    failed = client.post(f"{base}/collect", headers=bearer(token)).json()
    assert (failed["status"], failed["hint_code"]) == ("failed", "cancelled")
    # The phone can no longer approve a cancelled order.
    assert client.post(f"{API}/simulator/orders/{ref}/approve").status_code == 404
    assert count(store, "receipts", f"WHERE order_ref = '{ref}'") == 0
    assert len(client.get(f"{API}/organisations/{org}/pending", headers=bearer(token)).json()) == 1


def test_the_phone_says_no(client: Any, store: SqlStore, world: DemoWorld) -> None:
    org = world.org("Dorotea kommun")
    token = login(client, fridolf(world))
    ref = start(client, token, org)["order_ref"]
    assert client.post(f"{API}/simulator/orders/{ref}/cancel").status_code == 204
    failed = client.post(
        f"{API}/organisations/{org}/signing/{ref}/collect", headers=bearer(token)
    ).json()
    assert (failed["status"], failed["hint_code"]) == ("failed", "userCancel")
    assert count(store, "receipts", f"WHERE order_ref = '{ref}'") == 0


def test_a_repeated_start_is_the_same_order(client: Any, world: DemoWorld) -> None:
    org = world.org("Dorotea kommun")
    token = login(client, fridolf(world))
    key = new_key()
    answers = [
        client.post(
            f"{API}/organisations/{org}/signing",
            headers=bearer(token, key),
            json={"kind": "anvandare"},
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json() == answers[1].json()


# ------------------------------------------------------------------ racing collects
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def racing_app(request: pytest.FixtureRequest, demo_url: str, clock: FixedClock) -> Iterator[Any]:
    if request.param == "sqlite":
        app = create_app(make_config(demo_url, clock))
        yield app
        app.state.store.close()
        return
    url = request.getfixturevalue("server_postgres_url")
    schema = new_schema_name()
    try:
        build_demo_store(url, schema=schema)
        app = create_app(make_config(url, clock, store_schema=schema))
        yield app
        app.state.store.close()
    finally:
        drop_schema(url, schema)


def test_racing_collects_make_one_receipt(racing_app: Any) -> None:
    store: SqlStore = racing_app.state.store
    world = read_world(store)
    org = world.org("Dorotea kommun")
    client = TestClient(racing_app)
    number = fridolf(world)
    token = login(client, number)
    ref = start(client, token, org)["order_ref"]
    assert (
        client.post(
            f"{API}/simulator/orders/{ref}/approve", json={"personnummer": number}
        ).status_code
        == 204
    )
    before = snapshot(store)
    signed_before = count(store, "audit_entries", "WHERE action = 'signering.klar'")

    racers = 6
    barrier = threading.Barrier(racers)
    answers: list[Any] = [None] * racers

    def collect(i: int) -> None:
        own_client = TestClient(racing_app)
        barrier.wait()
        answers[i] = own_client.post(
            f"{API}/organisations/{org}/signing/{ref}/collect", headers=bearer(token)
        )

    threads = [threading.Thread(target=collect, args=(i,)) for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    bodies = [a.json() for a in answers]
    assert [a.status_code for a in answers] == [200] * racers, bodies
    assert {b["status"] for b in bodies} == {"complete"}
    assert len({b["receipt"]["id"] for b in bodies}) == 1
    assert count(store, "receipts", f"WHERE order_ref = '{ref}'") == 1
    assert count(store, "audit_entries", "WHERE action = 'signering.klar'") == signed_before + 1
    assert len(snapshot(store)["receipts"]) == len(before["receipts"]) + 1
