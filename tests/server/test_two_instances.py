"""Two real server processes on one database serve one client interchangeably: a login
started on one is approved and collected on the other, a signing started on one is
completed through the other, an idempotent write replayed on the other is answered once.

The servers run as ``python -m uvicorn --factory …create_app_from_env`` on free loopback
ports with the real clock, over one SQLite file or one PostgreSQL schema.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from kawebb_desktop.domain.clock import SystemClock
from tests.server.conftest import API, build_demo_store, draft_body, new_key
from tests.store.databases import drop_schema, new_schema_name

pytestmark = pytest.mark.slow

FACTORY = "kawebb_desktop.server.app:create_app_from_env"
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url + API, timeout=30)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_instance(env: dict[str, str], log: Path) -> Instance:
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                FACTORY,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
            ],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    instance = Instance(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {instance.output()}")
        try:
            if httpx.get(f"{instance.url}{API}/health", timeout=2).status_code == 200:
                return instance
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    stop(instance)
    raise AssertionError(f"the server did not answer in time: {instance.output()}")


def stop(instance: Instance) -> None:
    instance.process.terminate()
    try:
        instance.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        instance.process.kill()
        instance.process.wait(timeout=15)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    env = {
        **os.environ,
        "KAWEBB_SERVE_ACTIVATION_DELAY_SECONDS": "0",
        "KAWEBB_SERVE_SIGNER": "simulator",
    }
    env.pop("KAWEBB_STORE_URL", None)
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        build_demo_store(url, clock=SystemClock())
    else:
        url = request.getfixturevalue("server_postgres_url")
        schema = new_schema_name()
        build_demo_store(url, schema=schema, clock=SystemClock())
        env["KAWEBB_SERVE_SCHEMA"] = schema
    env["KAWEBB_SERVE_STORE"] = url
    started: list[Instance] = []
    try:
        for name in ("a", "b"):
            started.append(start_instance(env, tmp_path / f"server-{name}.log"))
        yield started[0], started[1]
    finally:
        for instance in started:
            stop(instance)
        if schema is not None:
            drop_schema(url, schema)


def person(client: httpx.Client, name: str) -> str:
    people = client.get("/simulator/people").json()
    return str(next(p["personnummer"] for p in people if p["name"] == name))


def login_across(start_on: httpx.Client, finish_on: httpx.Client, number: str) -> str:
    ref = start_on.post("/auth/start").json()["orderRef"]
    waiting = finish_on.post("/auth/collect", json={"orderRef": ref}).json()
    assert waiting["status"] == "pending"
    assert (
        finish_on.post(
            f"/simulator/orders/{ref}/approve", json={"personnummer": number}
        ).status_code
        == 204
    )
    done = finish_on.post("/auth/collect", json={"orderRef": ref}).json()
    assert done["status"] == "complete", done
    return str(done["token"])


def auth(token: str, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return headers


def test_two_instances_serve_one_client(pair: tuple[Instance, Instance]) -> None:
    a_instance, b_instance = pair
    with a_instance.client() as a, b_instance.client() as b:
        assert a.get("/health").json()["demo"] is True
        number = person(a, "Fridolf Halldin")
        # A login started on A, approved and collected on B; the token works on both.
        token = login_across(a, b, number)
        me_a, me_b = a.get("/me", headers=auth(token)), b.get("/me", headers=auth(token))
        assert me_a.status_code == me_b.status_code == 200
        assert me_a.json() == me_b.json()
        org = me_a.json()["authorizations"][0]["organisation_id"]

        # A write on A, replayed on B with the same key: one change, the same answer.
        key = new_key()
        created = a.post(
            f"/organisations/{org}/users", headers=auth(token, key), json={"draft": draft_body()}
        )
        assert created.status_code == 201, created.text
        replayed = b.post(
            f"/organisations/{org}/users", headers=auth(token, key), json={"draft": draft_body()}
        )
        assert replayed.status_code == 201
        assert replayed.json() == created.json()
        pending = b.get(f"/organisations/{org}/pending", headers=auth(token)).json()
        assert [p["draft"]["personnummer"] for p in pending].count(
            draft_body()["personnummer"]
        ) == 1

        # A signing started on A, approved and completed through B.
        order = a.post(
            f"/organisations/{org}/signing",
            headers=auth(token, new_key()),
            json={"kind": "anvandare"},
        )
        assert order.status_code == 200, order.text
        ref = order.json()["order_ref"]
        assert (
            b.get(f"/organisations/{org}/signing/{ref}/qr", headers=auth(token)).status_code == 200
        )
        assert (
            b.post(f"/simulator/orders/{ref}/approve", json={"personnummer": number}).status_code
            == 204
        )
        done_b = b.post(f"/organisations/{org}/signing/{ref}/collect", headers=auth(token)).json()
        assert done_b["status"] == "complete", done_b
        done_a = a.post(f"/organisations/{org}/signing/{ref}/collect", headers=auth(token)).json()
        assert done_a == done_b
        receipts = a.get(f"/organisations/{org}/receipts", headers=auth(token)).json()
        assert [r["order_ref"] for r in receipts["items"]].count(ref) == 1
        assert b.get(f"/organisations/{org}/pending", headers=auth(token)).json() == []

        # Logging out on B ends the session on A too.
        assert b.post("/auth/logout", headers=auth(token)).status_code == 204
        assert a.get("/me", headers=auth(token)).status_code == 401
    for instance in pair:
        log = instance.output()
        assert "Traceback" not in log, log
        # Our access log, not uvicorn's, with the personnummer masked.
        assert 'kawebb.access: 127.0.0.1 "GET /api/v1/health" 200' in log, log
        assert number not in log
