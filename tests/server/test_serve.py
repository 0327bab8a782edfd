"""``kawebb serve`` and ``create_app``: the simulator only on demo stores, the simulated
phone's routes only with the simulator, and the configuration that reaches workers."""

from __future__ import annotations

import argparse
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from kawebb_desktop.demo import create_demo
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.sessions import META_DEMO
from kawebb_desktop.server import cli
from kawebb_desktop.server.app import create_app
from kawebb_desktop.server.config import (
    ConfigError,
    ServerConfig,
    config_from_env,
    config_to_env,
)
from kawebb_desktop.services.demo import NotADemoStore, is_demo_store
from kawebb_desktop.signing.base import CollectResult, CollectStatus, OrderStart
from kawebb_desktop.store.sql import open_store
from tests.server.conftest import API, NOW, TestClient, assert_error, make_config


@pytest.fixture
def plain_url(tmp_path: Path) -> str:
    """A store with the demo's people that is not marked as a demo store."""
    url = f"sqlite:///{tmp_path / 'real.sqlite3'}"
    store = open_store(url)
    try:
        create_demo(store, FixedClock(NOW), cases=0)
        with store.unit_of_work(write=True) as uow:
            uow.meta.set(META_DEMO, "0")
            uow.commit()
        assert not is_demo_store(store)
    finally:
        store.close()
    return url


class FakeSigner:
    """A signer that is not the simulator (think real BankID): orders stay pending."""

    name = "BankID (test)"

    def auth(self, end_user_ip: str) -> OrderStart:
        return OrderStart(str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4()), "secret")

    def sign(
        self,
        end_user_ip: str,
        user_visible_data: str,
        user_non_visible_data: str | None = None,
        personal_number: str | None = None,
    ) -> OrderStart:
        return self.auth(end_user_ip)

    def collect(self, order_ref: str) -> CollectResult:
        return CollectResult(order_ref, CollectStatus.PENDING, "outstandingTransaction")

    def cancel(self, order_ref: str) -> None:
        return None


def serve_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kawebb")
    cli.add_serve_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["serve", *argv])


@pytest.fixture
def no_uvicorn(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """uvicorn.run replaced: the calls are recorded instead of serving."""
    import uvicorn

    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def run(*args: Any, **kwargs: Any) -> None:
        calls.append((args, kwargs))
        app = args[0]
        if isinstance(app, FastAPI):
            app.state.store.close()

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setattr(os, "environ", dict(os.environ))
    os.environ.pop("KAWEBB_STORE_URL", None)
    return calls


# ------------------------------------------------------------------ the simulator refused
def test_create_app_refuses_the_simulator_on_a_store_that_is_not_a_demo(
    plain_url: str, clock: FixedClock
) -> None:
    with pytest.raises(NotADemoStore) as refused:
        create_app(make_config(plain_url, clock))
    assert "kawebb demo" in refused.value.message
    assert "BankID-simulatorn" in refused.value.message


def test_serve_refuses_the_simulator_on_a_store_that_is_not_a_demo(
    plain_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_uvicorn: list[Any]
) -> None:
    status = cli.run_serve(serve_args("--store", plain_url, "--data-dir", str(tmp_path)))
    assert status == 2
    err = capsys.readouterr().err
    assert "BankID-simulatorn kan bara användas med en demodatabas" in err
    assert no_uvicorn == []


def test_without_the_simulator_its_routes_do_not_exist(plain_url: str, clock: FixedClock) -> None:
    app = create_app(make_config(plain_url, clock, signer=FakeSigner()))
    try:
        client = TestClient(app)
        assert client.get(f"{API}/health").json()["demo"] is False
        assert client.get(f"{API}/health").json()["signer"] == "BankID (test)"
        assert_error(client.get(f"{API}/simulator/people"), 404, "not_found")
        assert_error(client.post(f"{API}/simulator/orders/x/approve", json={}), 404, "not_found")
        assert_error(client.post(f"{API}/simulator/orders/x/cancel"), 404, "not_found")
        assert not [p for p in app.openapi()["paths"] if "simulator" in p]
        # Logging in waits for the real phone.
        ref = client.post(f"{API}/auth/start").json()["orderRef"]
        assert client.post(f"{API}/auth/collect", json={"orderRef": ref}).json()["status"] == (
            "pending"
        )
    finally:
        app.state.store.close()


def test_the_simulator_routes_exist_on_a_demo(app: FastAPI) -> None:
    assert {p for p in app.openapi()["paths"] if "simulator" in p} == {
        f"{API}/simulator/people",
        f"{API}/simulator/orders/{{order_ref}}/approve",
        f"{API}/simulator/orders/{{order_ref}}/cancel",
    }


# ------------------------------------------------------------------ kawebb serve
def test_serve_runs_one_process(demo_url: str, tmp_path: Path, no_uvicorn: list[Any]) -> None:
    status = cli.run_serve(
        serve_args("--store", demo_url, "--data-dir", str(tmp_path), "--port", "8123")
    )
    assert status == 0
    [(args, kwargs)] = no_uvicorn
    assert isinstance(args[0], FastAPI)
    assert kwargs["host"] == "127.0.0.1" and kwargs["port"] == 8123
    assert kwargs["access_log"] is False
    assert kwargs["log_config"]["loggers"]["kawebb"]["level"] == "INFO"


def test_serve_runs_workers_from_the_environment(
    demo_url: str, tmp_path: Path, no_uvicorn: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "settings.toml").write_text("activation_delay_seconds = 7\n", encoding="utf-8")
    os.environ["KAWEBB_STORE_URL"] = demo_url
    started: list[Any] = []
    monkeypatch.setattr(cli, "run_workers", started.append)
    status = cli.run_serve(serve_args("--data-dir", str(tmp_path), "--workers", "3"))
    assert status == 0
    assert no_uvicorn == []
    [uvicorn_config] = started
    assert uvicorn_config.app == cli.FACTORY
    assert uvicorn_config.factory is True and uvicorn_config.workers == 3
    config = config_from_env()
    assert config.store_url == demo_url
    assert config.activation_delay_seconds == 7
    assert config.signer == "simulator"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ((), "--store"),
        (("--store", "postgresql://nobody@127.0.0.1:1/none"), "Databasen kunde inte öppnas"),
        (("--store", "mysql://x/y"), "stöds inte"),
        (("--store", "{demo}", "--ssl-keyfile", "key.pem"), "--ssl-certfile"),
        (("--store", "{demo}", "--ssl-keyfile", "k.pem", "--ssl-certfile", "c.pem"), "finns inte"),
    ],
    ids=["no-store", "unreachable", "unknown-database", "half-tls", "missing-tls-files"],
)
def test_serve_refuses_with_a_swedish_message(
    argv: tuple[str, ...],
    says: str,
    demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    no_uvicorn: list[Any],
) -> None:
    args = [a.replace("{demo}", demo_url) for a in argv]
    status = cli.run_serve(serve_args(*args, "--data-dir", str(tmp_path)))
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("kawebb serve: ") and says in err
    assert no_uvicorn == []


def test_serve_warns_about_plain_http_off_loopback(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_uvicorn: list[Any]
) -> None:
    assert cli.run_serve(serve_args("--store", demo_url, "--data-dir", str(tmp_path))) == 0
    assert "TLS" not in capsys.readouterr().err
    assert (
        cli.run_serve(
            serve_args("--store", demo_url, "--data-dir", str(tmp_path), "--host", "0.0.0.0")
        )
        == 0
    )
    assert "utan TLS" in capsys.readouterr().err


def test_serve_options() -> None:
    args = serve_args("--store", "sqlite://")
    # No --signer: settings.toml's signer, the simulator unless it says bankid.
    assert (args.host, args.port, args.workers, args.signer) == ("127.0.0.1", 8000, 1, None)
    assert serve_args("--signer", "bankid").signer == "bankid"
    for bad in (["--workers", "0"], ["--port", "70000"], ["--signer", "freja"]):
        with pytest.raises(SystemExit):
            serve_args(*bad)


# ------------------------------------------------------------------ configuration
def test_the_configuration_travels_through_the_environment() -> None:
    config = ServerConfig(
        "postgresql://db/kawebb",
        activation_delay_seconds=0,
        session_idle_minutes=15,
        max_body_bytes=4096,
        login_starts_per_minute=5,
        store_schema="kommun",
    )
    back = config_from_env(config_to_env(config))
    assert back == ServerConfig(
        "postgresql://db/kawebb",
        activation_delay_seconds=0,
        session_idle_minutes=15,
        max_body_bytes=4096,
        login_starts_per_minute=5,
        store_schema="kommun",
        clock=back.clock,
    )
    assert config_from_env({"KAWEBB_STORE_URL": "sqlite://"}).store_url == "sqlite://"


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"KAWEBB_SERVE_STORE": "sqlite://", "KAWEBB_SERVE_SIGNER": "freja"},
        {"KAWEBB_SERVE_STORE": "sqlite://", "KAWEBB_SERVE_BANKID_ENVIRONMENT": "prod"},
        {"KAWEBB_SERVE_STORE": "sqlite://", "KAWEBB_SERVE_BANKID_ENVIRONMENT": "production"},
        {"KAWEBB_SERVE_STORE": "sqlite://", "KAWEBB_SERVE_SESSION_IDLE_MINUTES": "en halvtimme"},
        {"KAWEBB_SERVE_STORE": "sqlite://", "KAWEBB_SERVE_MAX_BODY_BYTES": "10"},
    ],
)
def test_a_bad_configuration_is_refused(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        config_from_env(env)


def test_workers_accept_on_a_socket_with_tcp_nodelay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without it every answer of a multi-worker server waits ~40 ms for a delayed ACK."""
    import socket

    import uvicorn
    from uvicorn import supervisors

    seen: list[socket.socket] = []

    class Recorder:
        def __init__(self, config: Any, sockets: list[socket.socket]) -> None:
            seen.extend(sockets)

        def run(self) -> None:
            return None

    monkeypatch.setattr(supervisors, "Multiprocess", Recorder)
    config = uvicorn.Config(cli.FACTORY, factory=True, workers=2, host="127.0.0.1", port=0)
    cli.run_workers(config)
    [sock] = seen
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        sock.close()
