"""BankID's Relying Party API v6 as an HTTPS server on loopback: ``kawebb bankid-simulator``.

The in-process :class:`~kawebb_desktop.signing.simulator.BankIdSimulator` answers the
calls; this module puts BankID's wire format and transport around it, so that a real
BankID client (pybankid, our signer over it) can be tested end to end without the
internet:

- **TLS with a client certificate**, as BankID has it. A test CA made here (in the state
  folder, reused by later runs) issues the server's certificate (``127.0.0.1``,
  ``localhost``, ``::1`` and the ``--host``) and the relying party's certificate
  (``rp.pem`` + ``rp-key.pem``, and ``rp.p12`` with the password
  :data:`RP_P12_PASSWORD`). The server requires a client certificate issued by that CA; a
  client without one, or one that does not trust the CA, gets no further than the TLS
  handshake.
- **The routes** ``POST /rp/v6.0/auth``, ``/sign``, ``/collect`` and ``/cancel`` with
  BankID's JSON: ``endUserIp``, ``requirement.personalNumber``, ``userVisibleData`` and
  ``userNonVisibleData`` base64-encoded, ``userVisibleDataFormat``; the answers
  ``orderRef``/``autoStartToken``/``qrStartToken``/``qrStartSecret``, collect's
  ``status``/``hintCode``/``completionData`` (``user``, ``device``, ``bankIdIssueDate``,
  ``signature``, ``ocspResponse`` — the simulator's signature and OCSP response of the
  test CA in ``signing/proof.py``), cancel's ``{}``.
- **The errors** as BankID sends them, ``{"errorCode": ..., "details": ...}`` with its
  HTTP statuses: 400 ``invalidParameters`` (a bad parameter — ``userVisibleData`` or
  ``userNonVisibleData`` longer than BankID takes, :data:`DATA_LIMITS` — and, as BankID's
  error table says, an ``orderRef`` that is unknown (``"No such order"``), cancelled,
  whose final answer was already collected — an order is collected complete or failed
  once — or too old: a completed order is collectable 3 minutes after it completed, a
  failed one 5, :data:`COLLECTABLE_FOR`), 400 ``alreadyInProgress``
  (an order for a personal number that has one pending; BankID cancels that one too), 404
  ``notFound`` (a path that is not the API's), 405 ``methodNotAllowed`` (not POST), 415
  ``unsupportedMediaType`` (not ``Content-Type: application/json``), and, on request of
  the control routes, 500 ``internalError``, 503 ``maintenance``, 408 ``requestTimeout``.

Nobody holds a phone here, so **control routes** play the user (the same client
certificate is required): ``POST /control/<orderRef>`` (or ``/control/latest``, the newest
pending order) with ``{"action": ...}``: ``approve`` (optionally ``personnummer``,
``givenName``, ``surname``: who approves), ``cancel`` (failed/userCancel),
``start_failed``, ``certificate_error``, ``never_scan`` (pending/outstandingTransaction
until the order expires), and for the pending hint codes ``scan`` (userSign),
``no_client`` (noClient) and ``started`` (started). ``POST /control/next-error``
``{"errorCode": "maintenance", "count": 1, "path": "collect"}`` makes the next calls (to
any route, or to one) fail; ``/control/next-outcome`` ``{"outcome": "approve"}`` gives
the next order the in-process simulator's timeline for that outcome (approve, userCancel,
certificateErr: outstandingTransaction, userSign after a third of ``approve_after``, then
the end at ``approve_after``; startFailed after 30 s; expire; manual);
``/control/next-delay`` ``{"seconds": 2}`` holds the next
call back (a client's timeout); ``/control/clock`` ``{"advanceSeconds": 180}`` moves the
simulator's clock on (orders expire after three minutes); ``/control/orders`` lists the
pending orders; ``/control/reset`` forgets every order, error, delay and clock move.
``kawebb bankid-simulator control ...`` is the same from a terminal (``bankid_cli.py``).

Every order follows the in-process simulator's timeline (see there) with the server's
default outcome: ``manual`` unless told otherwise — an order stays pending until a
control call decides it or it expires.

This is for tests and trials only: its CA's key lies in the state folder, and its
signatures are made with the simulator's public test CA.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import http.server
import ipaddress
import json
import logging
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kawebb_desktop.signing.base import CollectResult, CollectStatus, HintCode, SignerError
from kawebb_desktop.signing.simulator import (
    MAX_USER_NON_VISIBLE_DATA,
    MAX_USER_VISIBLE_DATA,
    BankIdSimulator,
    Outcome,
    SimulatedPerson,
)

log = logging.getLogger("kawebb.bankid_simulator")

#: The path of the API, as BankID's.
API_PATH: Final = "/rp/v6.0/"
CONTROL_PATH: Final = "/control/"
#: The password of ``rp.p12`` (the one BankID's public test RP certificate has too).
RP_P12_PASSWORD: Final = "qwerty123"
#: The file in the state folder that says where a running simulator listens.
SERVER_FILE: Final = "server.json"

#: HTTP status of each errorCode, as BankID's error table has them.
ERROR_STATUS: Final = {
    "alreadyInProgress": 400,
    "invalidParameters": 400,
    "unauthorized": 401,
    "notFound": 404,
    "methodNotAllowed": 405,
    "requestTimeout": 408,
    "unsupportedMediaType": 415,
    "internalError": 500,
    "maintenance": 503,
}
_ERROR_DETAILS: Final = {
    "alreadyInProgress": "Order already in progress for pno",
    "invalidParameters": "Invalid parameter",
    "unauthorized": "RP does not have access to the service",
    "notFound": "No such resource",
    "methodNotAllowed": "Only POST is allowed",
    "requestTimeout": "Request timed out",
    "unsupportedMediaType": "Content-Type must be application/json",
    "internalError": "Internal technical error",
    "maintenance": "The service is temporarily unavailable",
}

#: Control actions on a pending order → the pending hint code they show.
_PENDING_HINTS: Final = {
    "scan": HintCode.USER_SIGN.value,
    "no_client": HintCode.NO_CLIENT.value,
    "started": HintCode.STARTED.value,
}
#: Control actions that end an order with a failed hint code.
_FAILURES: Final = {
    "cancel": HintCode.USER_CANCEL.value,
    "start_failed": HintCode.START_FAILED.value,
    "certificate_error": HintCode.CERTIFICATE_ERR.value,
}
#: Every control action on an order.
ACTIONS: Final = ("approve", *_FAILURES, "never_scan", *_PENDING_HINTS)

_CERT_DAYS: Final = 825
_USER_VISIBLE_FORMATS: Final = ("simpleMarkdownV1",)

#: The longest ``userVisibleData`` and ``userNonVisibleData`` BankID takes, counted in
#: base64 characters (as sent): auth 1 500 each, sign 40 000 and 200 000.
DATA_LIMITS: Final = {
    "auth": {"userVisibleData": 1_500, "userNonVisibleData": 1_500},
    "sign": {
        "userVisibleData": MAX_USER_VISIBLE_DATA,
        "userNonVisibleData": MAX_USER_NON_VISIBLE_DATA,
    },
}
#: How long after it ended BankID still answers an order's final state: a completed
#: order 3 minutes, a failed one 5; later it is ``invalidParameters``, as an order
#: whose final state was collected already.
COLLECTABLE_FOR: Final = {
    CollectStatus.COMPLETE: dt.timedelta(minutes=3),
    CollectStatus.FAILED: dt.timedelta(minutes=5),
}


class ApiError(Exception):
    """An error answer: ``errorCode`` and ``details`` with BankID's HTTP status."""

    def __init__(self, error_code: str, details: str | None = None) -> None:
        super().__init__(f"{error_code}: {details}")
        self.error_code = error_code
        self.details = details or _ERROR_DETAILS.get(error_code, error_code)
        self.status = ERROR_STATUS.get(error_code, 400)

    def body(self) -> dict[str, str]:
        return {"errorCode": self.error_code, "details": self.details}


# -- certificates ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SimulatorFiles:
    """The PEM files of a state folder. ``ca_cert`` is what a client trusts,
    ``rp_cert``/``rp_key`` (or ``rp_p12``) what it presents."""

    directory: Path
    ca_cert: Path
    ca_key: Path
    server_cert: Path
    server_key: Path
    rp_cert: Path
    rp_key: Path
    rp_p12: Path

    @classmethod
    def in_folder(cls, directory: Path) -> SimulatorFiles:
        return cls(
            directory=directory,
            ca_cert=directory / "ca.pem",
            ca_key=directory / "ca-key.pem",
            server_cert=directory / "server.pem",
            server_key=directory / "server-key.pem",
            rp_cert=directory / "rp.pem",
            rp_key=directory / "rp-key.pem",
            rp_p12=directory / "rp.p12",
        )

    def client_context(self) -> ssl.SSLContext:
        """A TLS client context that trusts the CA and presents the RP certificate."""
        context = ssl.create_default_context(cafile=str(self.ca_cert))
        context.load_cert_chain(str(self.rp_cert), str(self.rp_key))
        return context


def ensure_certificates(directory: Path, hosts: Iterable[str] = ()) -> SimulatorFiles:
    """The state folder's certificates: made (the CA, the server's for loopback and
    ``hosts``, the RP's) unless all are there, readable, valid for a day more and the
    server's covers ``hosts``."""
    directory.mkdir(parents=True, exist_ok=True)
    files = SimulatorFiles.in_folder(directory)
    names = _server_names(hosts)
    if not _usable(files, names):
        _make_certificates(files, names)
    return files


def _server_names(hosts: Iterable[str]) -> list[str]:
    names = ["127.0.0.1", "localhost", "::1"]
    for host in hosts:
        if host and host not in names and host not in ("0.0.0.0", "::"):
            names.append(host)
    return names


def _usable(files: SimulatorFiles, names: Sequence[str]) -> bool:
    try:
        certs = [
            x509.load_pem_x509_certificate(path.read_bytes())
            for path in (files.ca_cert, files.server_cert, files.rp_cert)
        ]
        for path in (files.ca_key, files.server_key, files.rp_key):
            serialization.load_pem_private_key(path.read_bytes(), None)
        if not files.rp_p12.is_file():
            return False
        san = certs[1].extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, x509.ExtensionNotFound):
        return False
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    if any(cert.not_valid_after_utc < soon for cert in certs):
        return False
    covered = {str(ip) for ip in san.get_values_for_type(x509.IPAddress)}
    covered |= set(san.get_values_for_type(x509.DNSName))
    return all(str(_ip_or_none(name) or name) in covered for name in names)


def _ip_or_none(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def _make_certificates(files: SimulatorFiles, names: Sequence[str]) -> None:
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    until = now + dt.timedelta(days=_CERT_DAYS)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("KA Webb BankID-simulator test-CA (endast test)")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )

    def issue(
        common_name: str, usage: x509.ObjectIdentifier, san: list[x509.GeneralName] | None
    ) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(until)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(cert_sign=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
            )
        )
        if san is not None:
            builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
        return key, builder.sign(ca_key, hashes.SHA256())

    san: list[x509.GeneralName] = []
    for name in names:
        ip = _ip_or_none(name)
        san.append(x509.IPAddress(ip) if ip is not None else x509.DNSName(name))
    server_key, server_cert = issue("BankID-simulatorn", ExtendedKeyUsageOID.SERVER_AUTH, san)
    rp_key, rp_cert = issue("KA Webb test-RP", ExtendedKeyUsageOID.CLIENT_AUTH, None)

    _write(files.ca_key, _key_pem(ca_key), private=True)
    _write(files.server_key, _key_pem(server_key), private=True)
    _write(files.rp_key, _key_pem(rp_key), private=True)
    _write(files.ca_cert, ca_cert.public_bytes(serialization.Encoding.PEM))
    _write(files.server_cert, server_cert.public_bytes(serialization.Encoding.PEM))
    _write(files.rp_cert, rp_cert.public_bytes(serialization.Encoding.PEM))
    p12 = pkcs12.serialize_key_and_certificates(
        b"kawebb-test-rp",
        rp_key,
        rp_cert,
        [ca_cert],
        serialization.BestAvailableEncryption(RP_P12_PASSWORD.encode()),
    )
    _write(files.rp_p12, p12, private=True)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "KA Webb Desktop (test)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=not cert_sign,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` through a new file (only the owner may read a private
    one), then put it in place."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    fd = os.open(temporary, flags, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


# -- the clock ---------------------------------------------------------------------------


class MovableClock:
    """The wall clock plus a shift that ``/control/clock`` moves on."""

    def __init__(self) -> None:
        self._shift = dt.timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return dt.datetime.now(dt.UTC) + self._shift

    def today(self) -> dt.date:
        with self._lock:
            return (dt.datetime.now() + self._shift).date()

    def advance(self, delta: dt.timedelta) -> None:
        with self._lock:
            self._shift += delta

    def reset(self) -> None:
        with self._lock:
            self._shift = dt.timedelta(0)


# -- the API -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Planned:
    """Errors and delays waiting for the next calls."""

    errors: list[tuple[str, str | None]] = field(default_factory=list)  # (errorCode, path)
    delays: list[float] = field(default_factory=list)


class BankIdApi:
    """RP API v6 and the control routes over a :class:`BankIdSimulator`, transport-free:
    :meth:`handle` takes a path and a JSON body and gives a status and a JSON body."""

    def __init__(
        self,
        *,
        default_outcome: Outcome = Outcome.MANUAL,
        approve_after: dt.timedelta = dt.timedelta(seconds=3),
        order_lifetime: dt.timedelta = dt.timedelta(minutes=3),
        identity: SimulatedPerson | None = None,
    ) -> None:
        self.clock = MovableClock()
        self._settings = {
            "default_outcome": default_outcome,
            "approve_after": approve_after,
            "order_lifetime": order_lifetime,
            "identity": identity,
        }
        self.simulator = self._new_simulator()
        self._lock = threading.Lock()
        self._hints: dict[str, str] = {}  # orderRef → pending hint set by control
        self._collected: set[str] = set()  # orders whose final answer was collected
        self._planned = _Planned()

    def _new_simulator(self) -> BankIdSimulator:
        settings: Any = self._settings
        return BankIdSimulator(
            self.clock,
            approve_after=settings["approve_after"],
            order_lifetime=settings["order_lifetime"],
            identity=settings["identity"],
            default_outcome=settings["default_outcome"],
        )

    # -- entry point ---------------------------------------------------------------

    def delay_for(self, path: str) -> float:
        """Seconds to hold the call to ``path`` back (a planned delay), taken once."""
        if not path.startswith(API_PATH):
            return 0.0
        with self._lock:
            return self._planned.delays.pop(0) if self._planned.delays else 0.0

    def handle(self, path: str, body: Any) -> tuple[int, Any]:
        """``(HTTP status, JSON body)`` of a POST to ``path`` with the decoded ``body``."""
        try:
            if path.startswith(API_PATH):
                return 200, self._api(path[len(API_PATH) :], body)
            if path.startswith(CONTROL_PATH):
                return 200, self._control(path[len(CONTROL_PATH) :], body)
            raise ApiError("notFound")
        except ApiError as exc:
            return exc.status, exc.body()

    def _api(self, route: str, body: Any) -> dict[str, Any]:
        if route not in ("auth", "sign", "collect", "cancel"):
            raise ApiError("notFound")
        self._planned_error(route)
        if not isinstance(body, dict):
            raise ApiError("invalidParameters", "Invalid JSON body")
        try:
            if route == "auth":
                return self._start(body, sign=False)
            if route == "sign":
                return self._start(body, sign=True)
            order_ref = body.get("orderRef")
            if not isinstance(order_ref, str) or not order_ref:
                raise ApiError("invalidParameters", "Invalid orderRef")
            if route == "collect":
                return self._collect(order_ref)
            with self._lock:
                self.simulator.cancel(order_ref)
                self._hints.pop(order_ref, None)
            return {}
        except SignerError as exc:
            if exc.error_code == "notFound":  # BankID says so of an unknown orderRef
                raise ApiError("invalidParameters", "No such order") from None
            raise ApiError(exc.error_code, exc.message) from None

    def _planned_error(self, route: str) -> None:
        with self._lock:
            for index, (error_code, only) in enumerate(self._planned.errors):
                if only is None or only == route:
                    del self._planned.errors[index]
                    raise ApiError(error_code)

    def _start(self, body: dict[str, Any], *, sign: bool) -> dict[str, Any]:
        end_user_ip = body.get("endUserIp")
        if not isinstance(end_user_ip, str):
            raise ApiError("invalidParameters", "Invalid endUserIp")
        requirement = body.get("requirement", {})
        if not isinstance(requirement, dict):
            raise ApiError("invalidParameters", "Invalid requirement")
        personal_number = requirement.get("personalNumber")
        if personal_number is not None and not isinstance(personal_number, str):
            raise ApiError("invalidParameters", "Invalid personalNumber")
        data_format = body.get("userVisibleDataFormat")
        if data_format is not None and data_format not in _USER_VISIBLE_FORMATS:
            raise ApiError("invalidParameters", "Invalid userVisibleDataFormat")
        for key, most in DATA_LIMITS["sign" if sign else "auth"].items():
            value = body.get(key)
            if isinstance(value, str) and len(value) > most:
                raise ApiError("invalidParameters", f"Too long {key}")
        visible = _decoded(body, "userVisibleData")
        hidden = _decoded(body, "userNonVisibleData")
        if sign:
            if visible is None:
                raise ApiError("invalidParameters", "Missing userVisibleData")
            start = self.simulator.sign(end_user_ip, visible, hidden, personal_number)
        else:
            start = self.simulator.auth(end_user_ip, personal_number)
        return {
            "orderRef": start.order_ref,
            "autoStartToken": start.auto_start_token,
            "qrStartToken": start.qr_start_token,
            "qrStartSecret": start.qr_start_secret,
        }

    def _collect(self, order_ref: str) -> dict[str, Any]:
        with self._lock:
            if order_ref in self._collected:
                raise ApiError("invalidParameters", "No such order")
            result = self.simulator.collect(order_ref)
            if result.status is CollectStatus.PENDING:
                hint = self._hints.get(order_ref, result.hint_code)
                return {"orderRef": order_ref, "status": "pending", "hintCode": hint}
            ended_at = self.simulator.ended_at(order_ref)
            if (
                ended_at is not None
                and self.clock.now() - ended_at > COLLECTABLE_FOR[result.status]
            ):
                self._collected.add(order_ref)
                raise ApiError("invalidParameters", "No such order")
            self._collected.add(order_ref)
            self._hints.pop(order_ref, None)
        return collect_answer(result)

    # -- control -------------------------------------------------------------------

    def _control(self, route: str, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            body = {}
        if route == "next-error":
            error_code = body.get("errorCode")
            count = body.get("count", 1)
            only = body.get("path")
            if not isinstance(error_code, str) or not error_code:
                raise ApiError("invalidParameters", "errorCode missing")
            if not isinstance(count, int) or count < 1:
                raise ApiError("invalidParameters", "count must be 1 or more")
            if only not in (None, "auth", "sign", "collect", "cancel"):
                raise ApiError("invalidParameters", "path must be auth, sign, collect or cancel")
            with self._lock:
                self._planned.errors.extend([(error_code, only)] * count)
            return {}
        if route == "next-outcome":
            try:
                outcome = Outcome(body.get("outcome"))
            except ValueError:
                choices = ", ".join(item.value for item in Outcome)
                raise ApiError("invalidParameters", f"outcome must be one of {choices}") from None
            with self._lock:
                self.simulator.script(outcome)
            return {}
        if route == "next-delay":
            seconds = body.get("seconds")
            if not isinstance(seconds, int | float) or not 0 < seconds <= 60:
                raise ApiError("invalidParameters", "seconds must be in (0, 60]")
            with self._lock:
                self._planned.delays.append(float(seconds))
            return {}
        if route == "clock":
            seconds = body.get("advanceSeconds")
            if not isinstance(seconds, int | float) or seconds < 0:
                raise ApiError("invalidParameters", "advanceSeconds must be 0 or more")
            self.clock.advance(dt.timedelta(seconds=seconds))
            return {"now": self.clock.now().isoformat()}
        if route == "orders":
            return {"orders": self.pending_orders()}
        if route == "reset":
            self.reset()
            return {}
        return self.act(route, body)

    def pending_orders(self) -> list[dict[str, Any]]:
        return [
            {
                "orderRef": order.order_ref,
                "kind": order.kind,
                "personalNumber": order.personal_number,
                "startedAt": order.started_at.isoformat(),
                "userVisibleData": order.user_visible_data,
            }
            for order in self.simulator.pending_orders()
        ]

    def act(self, order_ref: str, body: dict[str, Any]) -> dict[str, Any]:
        """A control action on an order (``latest``: the newest pending one)."""
        action = body.get("action")
        if action not in ACTIONS:
            raise ApiError("invalidParameters", f"action must be one of {', '.join(ACTIONS)}")
        if order_ref == "latest":
            pending = self.simulator.pending_orders()
            if not pending:
                raise ApiError("notFound", "No pending order")
            order_ref = pending[-1].order_ref
        with self._lock:
            try:
                if action == "approve":
                    self.simulator.approve(order_ref, _person(body))
                elif action in _FAILURES:
                    self.simulator.fail(order_ref, _FAILURES[action])
                elif action == "never_scan":
                    self.simulator.never_scan(order_ref)
                    self._hints.pop(order_ref, None)
                else:
                    self.simulator.collect(order_ref)  # unknown → notFound
                    self._hints[order_ref] = _PENDING_HINTS[action]
            except SignerError as exc:
                raise ApiError("notFound", "No such order") from exc
            except ValueError as exc:
                raise ApiError("invalidParameters", str(exc)) from exc
        return {"orderRef": order_ref, "action": action}

    def fail_next(self, error_code: str, count: int = 1, path: str | None = None) -> None:
        self._control("next-error", {"errorCode": error_code, "count": count, "path": path})

    def delay_next(self, seconds: float) -> None:
        self._control("next-delay", {"seconds": seconds})

    def reset(self) -> None:
        """Forget every order, planned error and delay, and the clock's shift."""
        with self._lock:
            self.clock.reset()
            self.simulator = self._new_simulator()
            self._hints.clear()
            self._collected.clear()
            self._planned = _Planned()


def collect_answer(result: CollectResult) -> dict[str, Any]:
    """Collect's JSON for a final ``result``, as BankID writes it."""
    answer: dict[str, Any] = {"orderRef": result.order_ref, "status": result.status.value}
    if result.status is not CollectStatus.COMPLETE:
        answer["hintCode"] = result.hint_code
        return answer
    done = result.completion
    assert done is not None
    user = done.user
    # BankID's device.uhi identifies the device; here one made from the person.
    uhi = base64.b64encode(hashlib.sha256(user.personal_number.encode()).digest()[:18]).decode()
    answer["completionData"] = {
        "user": {
            "personalNumber": user.personal_number,
            "name": user.name,
            "givenName": user.given_name,
            "surname": user.surname,
        },
        "device": {"ipAddress": done.device_ip, "uhi": uhi},
        "bankIdIssueDate": done.bankid_issue_date,
        "signature": done.signature,
        "ocspResponse": done.ocsp_response,
    }
    return answer


def _decoded(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ApiError("invalidParameters", f"Invalid {key}")
    try:
        return base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise ApiError("invalidParameters", f"Invalid {key}") from None


def _person(body: dict[str, Any]) -> SimulatedPerson | None:
    number = body.get("personnummer")
    if number is None:
        return None
    if not isinstance(number, str) or len(number) != 12 or not number.isdigit():
        raise ApiError("invalidParameters", "personnummer must be 12 digits")
    given = body.get("givenName") or "Test"
    surname = body.get("surname") or "Testsson"
    return SimulatedPerson(number, str(given), str(surname))


# -- the HTTPS server --------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_POST(self) -> None:
        api = self.server.api
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        path = self.path.split("?", 1)[0]
        content_type = (self.headers.get("Content-Type") or "").strip().lower()
        if path.startswith(API_PATH) and content_type != "application/json":
            error = ApiError("unsupportedMediaType")
            self._answer(error.status, error.body())
            return
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            error = ApiError("invalidParameters", "Invalid JSON body")
            self._answer(error.status, error.body())
            return
        delay = api.delay_for(path)
        if delay:
            time.sleep(delay)  # a slow BankID: the client's timeout is what is tested
        status, answer = api.handle(path, body)
        self._answer(status, answer)

    def _not_post(self) -> None:
        error = ApiError("methodNotAllowed")
        self._answer(error.status, error.body())

    do_GET = do_PUT = do_DELETE = do_PATCH = do_HEAD = _not_post

    def _answer(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], context: ssl.SSLContext, api: BankIdApi):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.context = context
        self.api = api
        super().__init__(address, _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        # The TLS handshake runs here, on the request's own thread, so that a client
        # that stalls or is refused never holds up the others.
        request.settimeout(10)
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            log.info("TLS refused for %s: %s", client_address, exc)
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            with contextlib.suppress(OSError):
                tls.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.info("connection from %s ended badly", client_address, exc_info=True)


class HttpsBankIdSimulator:
    """RP API v6 served over HTTPS (see the module). ``port=0`` picks a free port;
    :attr:`url` is the API's address once made. Use as a context manager, or
    :meth:`start` (a thread) and :meth:`close`, or :meth:`serve_forever`."""

    def __init__(
        self,
        state_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api: BankIdApi | None = None,
    ) -> None:
        self.files = ensure_certificates(state_dir, [host])
        self.api = api or BankIdApi()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(str(self.files.server_cert), str(self.files.server_key))
        context.load_verify_locations(cafile=str(self.files.ca_cert))
        context.verify_mode = ssl.CERT_REQUIRED
        self._server = _Server((host, port), context, self.api)
        self.host = host
        self.port = int(self._server.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The API's address, like BankID's ``https://appapi2.bankid.com/rp/v6.0/``."""
        return f"{self.base_url}{API_PATH}"

    def start(self) -> HttpsBankIdSimulator:
        self.write_server_file()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="bankid-simulator", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.write_server_file()
        try:
            self._server.serve_forever()
        finally:
            self._remove_server_file()

    def close(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()
        self._remove_server_file()

    def __enter__(self) -> HttpsBankIdSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write_server_file(self) -> None:
        """Say in the state folder's ``server.json`` where this simulator listens."""
        data = {"url": self.url, "controlUrl": f"{self.base_url}{CONTROL_PATH}"}
        _write(self.files.directory / SERVER_FILE, json.dumps(data).encode())

    def _remove_server_file(self) -> None:
        path = self.files.directory / SERVER_FILE
        try:
            if json.loads(path.read_text()).get("url") == self.url:
                path.unlink()
        except (OSError, ValueError):
            pass
