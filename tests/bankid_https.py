"""The BankID RP API v6 simulator over HTTPS, for tests (a pytest plugin: tests/conftest.py
loads it, so its fixtures are everywhere).

``bankid_https`` gives a running simulator with no orders, errors, delays or clock moves
left by an earlier test: its API's address, the test CA to trust, the RP certificate and
key (PEM, and ``.p12`` with :data:`P12_PASSWORD`), ``api`` to play the user directly and
``control()`` to do it over HTTPS. One server runs per test session (per xdist worker);
``bankid_https`` resets it.

``pybankid_client(bankid_https)`` is pybankid's own v6 client pointed at it.
"""

from __future__ import annotations

import ssl
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
from bankid import BankIDClient

from kawebb_desktop.signing.https_simulator import (
    CONTROL_PATH,
    RP_P12_PASSWORD,
    BankIdApi,
    HttpsBankIdSimulator,
    SimulatorFiles,
)

P12_PASSWORD = RP_P12_PASSWORD


@dataclass(frozen=True)
class BankIdHttps:
    """A running simulator: where it is, what a client needs, and the user's controls."""

    url: str  # the API, like "https://127.0.0.1:PORT/rp/v6.0/"
    files: SimulatorFiles
    api: BankIdApi

    @property
    def ca_cert(self) -> Path:
        return self.files.ca_cert

    @property
    def rp_cert(self) -> Path:
        return self.files.rp_cert

    @property
    def rp_key(self) -> Path:
        return self.files.rp_key

    @property
    def rp_p12(self) -> Path:
        return self.files.rp_p12

    @property
    def control_url(self) -> str:
        return urljoin(self.url, CONTROL_PATH)

    def control(self, route: str, body: dict[str, Any] | None = None) -> httpx.Response:
        """POST to a control route over HTTPS (``"latest"``, an orderRef, ``"next-error"``,
        ``"clock"``, ...) with the RP certificate."""
        with httpx.Client(verify=self.files.client_context(), timeout=5) as client:
            return client.post(self.control_url + route, json=body or {})

    def act(self, action: str, order_ref: str = "latest", **extra: Any) -> None:
        """The user does ``action`` on the order (approve, cancel, start_failed, ...)."""
        self.api.act(order_ref, {"action": action, **extra})


@pytest.fixture(scope="session")
def bankid_https_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[HttpsBankIdSimulator]:
    with HttpsBankIdSimulator(tmp_path_factory.mktemp("bankid-simulator")) as server:
        yield server


@pytest.fixture
def bankid_https(bankid_https_server: HttpsBankIdSimulator) -> BankIdHttps:
    bankid_https_server.api.reset()
    return BankIdHttps(bankid_https_server.url, bankid_https_server.files, bankid_https_server.api)


class SimulatorClient(BankIDClient):
    """pybankid's synchronous v6 client, at the simulator's address and trusting its CA
    (pybankid itself knows only BankID's two addresses and their CAs)."""

    def __init__(
        self,
        url: str,
        cert: tuple[str, str],
        verify: ssl.SSLContext,
        request_timeout: float = 5,
    ) -> None:
        with warnings.catch_warnings():  # pybankid hands httpx cert=, which 0.28 deprecates
            warnings.simplefilter("ignore", DeprecationWarning)
            super().__init__(cert, test_server=True, request_timeout=int(request_timeout) or 1)
        self.client.close()
        self.api_url = url
        self._auth_endpoint = urljoin(url, "auth")
        self._sign_endpoint = urljoin(url, "sign")
        self._collect_endpoint = urljoin(url, "collect")
        self._cancel_endpoint = urljoin(url, "cancel")
        self.client = httpx.Client(
            headers={"Content-Type": "application/json"}, verify=verify, timeout=request_timeout
        )

    def __enter__(self) -> SimulatorClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()


def pybankid_client(
    server: BankIdHttps,
    *,
    ca: Path | None = None,
    with_certificate: bool = True,
    request_timeout: float = 5,
) -> SimulatorClient:
    """pybankid's client for ``server``: trusting ``ca`` (default the simulator's) and
    presenting the RP certificate unless ``with_certificate`` is false."""
    context = ssl.create_default_context(cafile=str(ca or server.ca_cert))
    if with_certificate:
        context.load_cert_chain(str(server.rp_cert), str(server.rp_key))
    return SimulatorClient(
        server.url, (str(server.rp_cert), str(server.rp_key)), context, request_timeout
    )
