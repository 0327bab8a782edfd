"""The pybankid signer without a network: its answers and errors in our terms, the
certificate's password (keyring or a private file) and the TLS context it builds.

Over real HTTPS against the BankID simulator: ``test_bankid_rp_https.py``.
"""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import keyring
import keyring.backend
import keyring.errors
import pytest
from bankid.exceptions import get_json_error_class
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from kawebb_desktop.signing.bankid_rp import (
    CONNECTION_FAILED,
    INVALID_RESPONSE,
    KEYRING_SERVICE,
    SERVER_CERTIFICATE,
    BankIdConfig,
    BankIdSetupError,
    BankIdSigner,
    HttpStatusError,
    _check_status,
    bankid_signer,
    certificate_password,
    read_password_file,
    rp_ssl_context,
)
from kawebb_desktop.signing.base import CollectStatus, HintCode, SignerError
from kawebb_desktop.signing.messages import RFA_TEXTS

ORDER = "131daac9-16c6-4618-beb0-365768f37288"
STARTED = {
    "orderRef": ORDER,
    "autoStartToken": "e8df5c3c-c67b-4a01-bfe5-fefeab760beb",
    "qrStartToken": "01f94e28-857f-4d8a-bf8e-6c5a24466658",
    "qrStartSecret": "b4214886-3b5b-46ab-bc08-6862fddc0e06",
}
COMPLETE = {
    "orderRef": ORDER,
    "status": "complete",
    "completionData": {
        "user": {
            "personalNumber": "191212121212",
            "name": "Tolvan Tolvansson",
            "givenName": "Tolvan",
            "surname": "Tolvansson",
        },
        "device": {"ipAddress": "192.0.2.7", "uhi": "x"},
        "stepUp": {"mrtd": False},
        "bankIdIssueDate": "2024-02-01",
        "signature": "PHNpZ25hdHVyZS8+",
        "ocspResponse": "MIIH",
    },
}


@dataclass
class FakeClient:
    """Stands in for pybankid's client: answers with ``answer`` or raises ``error``."""

    answer: Any = None
    error: BaseException | None = None

    def __post_init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def _reply(self, name: str, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((name, args, kwargs))
        if self.error is not None:
            raise self.error
        return self.answer

    def authenticate(self, *args: Any, **kwargs: Any) -> Any:
        return self._reply("authenticate", *args, **kwargs)

    def sign(self, *args: Any, **kwargs: Any) -> Any:
        return self._reply("sign", *args, **kwargs)

    def collect(self, *args: Any, **kwargs: Any) -> Any:
        return self._reply("collect", *args, **kwargs)

    def cancel(self, *args: Any, **kwargs: Any) -> Any:
        return self._reply("cancel", *args, **kwargs)


def bankid_refusal(status: int, error_code: str) -> BaseException:
    """What pybankid raises for BankID's JSON error body."""
    response = httpx.Response(status, json={"errorCode": error_code, "details": "x"})
    return get_json_error_class(response)


# ---------------------------------------------------------------- answers


def test_auth_and_sign_answer_the_order_and_sign_restricts_the_person() -> None:
    client = FakeClient(answer=STARTED)
    signer = BankIdSigner(client)
    assert signer.auth("192.0.2.7").order_ref == ORDER
    started = signer.sign("192.0.2.7", "Ändringar", "abc123", personal_number="191212121212")
    assert (started.auto_start_token, started.qr_start_secret) == (
        STARTED["autoStartToken"],
        STARTED["qrStartSecret"],
    )
    name, args, kwargs = client.calls[1]
    assert (name, args) == ("sign", ("192.0.2.7", "Ändringar"))
    assert kwargs == {
        "requirement": {"personalNumber": "191212121212"},
        "user_non_visible_data": "abc123",
    }
    signer.sign("192.0.2.7", "Ändringar")
    assert client.calls[2][2]["requirement"] is None


def test_complete_collect_carries_the_completion_data() -> None:
    result = BankIdSigner(FakeClient(answer=COMPLETE)).collect(ORDER)
    assert result.status is CollectStatus.COMPLETE and result.hint_code is None
    assert result.completion is not None
    assert result.completion.user.personal_number == "191212121212"
    assert result.completion.user.given_name == "Tolvan"
    assert result.completion.device_ip == "192.0.2.7"
    assert result.completion.bankid_issue_date == "2024-02-01"
    assert (result.completion.signature, result.completion.ocsp_response) == (
        "PHNpZ25hdHVyZS8+",
        "MIIH",
    )


@pytest.mark.parametrize(
    ("status", "hint"),
    [
        ("pending", HintCode.OUTSTANDING_TRANSACTION.value),
        ("pending", "someHintOfApiV7"),
        ("failed", HintCode.USER_CANCEL.value),
        ("failed", "anotherNewHint"),
    ],
)
def test_pending_and_failed_keep_the_hint_code_known_or_not(status: str, hint: str) -> None:
    answer = {"orderRef": ORDER, "status": status, "hintCode": hint}
    result = BankIdSigner(FakeClient(answer=answer)).collect(ORDER)
    assert (result.status.value, result.hint_code, result.completion) == (status, hint, None)


@pytest.mark.parametrize(
    "answer",
    [
        {"orderRef": ORDER, "status": "paused", "hintCode": "x"},
        {"orderRef": "another-order", "status": "pending", "hintCode": "userSign"},
        {"orderRef": ORDER, "status": "pending", "hintCode": 7},
        {"orderRef": ORDER, "status": "complete"},
        {**COMPLETE, "completionData": {**COMPLETE["completionData"], "user": {}}},  # type: ignore[dict-item]
        ["not", "an", "object"],
    ],
)
def test_an_answer_that_is_not_rp_api_v6_is_an_invalid_response(answer: Any) -> None:
    with pytest.raises(SignerError) as caught:
        BankIdSigner(FakeClient(answer=answer)).collect(ORDER)
    assert caught.value.error_code == INVALID_RESPONSE
    assert caught.value.message == RFA_TEXTS["RFA22"]


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("status", "code", "rfa"),
    [
        (409, "alreadyInProgress", "RFA4"),
        (503, "maintenance", "RFA5"),
        (500, "internalError", "RFA5"),
        (408, "requestTimeout", "RFA5"),
        (400, "invalidParameters", "RFA22"),
        (404, "notFound", "RFA22"),
        (401, "unauthorized", "RFA22"),
        (400, "someNewErrorCode", "RFA22"),
    ],
)
def test_bankid_refusals_keep_their_error_code_and_get_the_rfa_text(
    status: int, code: str, rfa: str
) -> None:
    signer = BankIdSigner(FakeClient(error=bankid_refusal(status, code)))
    calls: list[Callable[[], object]] = [
        lambda: signer.auth("192.0.2.7"),
        lambda: signer.sign("192.0.2.7", "x"),
        lambda: signer.collect(ORDER),
        lambda: signer.cancel(ORDER),
    ]
    for call in calls:
        with pytest.raises(SignerError) as caught:
            call()
        assert (caught.value.error_code, caught.value.message) == (code, RFA_TEXTS[rfa])


@pytest.mark.parametrize(
    ("error", "code", "rfa"),
    [
        (httpx.ReadTimeout("timed out"), "requestTimeout", "RFA5"),
        (httpx.ConnectTimeout("timed out"), "requestTimeout", "RFA5"),
        (httpx.ConnectError("[Errno 111] Connection refused"), CONNECTION_FAILED, "RFA5"),
        (httpx.RemoteProtocolError("Server disconnected"), CONNECTION_FAILED, "RFA5"),
        (
            httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
            SERVER_CERTIFICATE,
            "RFA5",
        ),
        (HttpStatusError(503), "maintenance", "RFA5"),
        (HttpStatusError(502), "internalError", "RFA5"),
        (HttpStatusError(408), "requestTimeout", "RFA5"),
        (HttpStatusError(404), INVALID_RESPONSE, "RFA22"),
        (ValueError("Expecting value: line 1 column 1"), INVALID_RESPONSE, "RFA22"),
    ],
)
def test_calls_that_never_reach_bankid_are_signer_errors(
    error: BaseException, code: str, rfa: str
) -> None:
    with pytest.raises(SignerError) as caught:
        BankIdSigner(FakeClient(error=error)).collect(ORDER)
    assert (caught.value.error_code, caught.value.message) == (code, RFA_TEXTS[rfa])


def test_a_tls_verification_error_underneath_is_a_server_certificate_error() -> None:
    try:
        try:
            raise ssl.SSLCertVerificationError(1, "self-signed certificate in chain")
        except ssl.SSLError as inner:
            raise httpx.ConnectError("handshake failed") from inner
    except httpx.ConnectError as outer:
        error = outer
    with pytest.raises(SignerError) as caught:
        BankIdSigner(FakeClient(error=error)).auth("192.0.2.7")
    assert caught.value.error_code == SERVER_CERTIFICATE


def test_only_bankid_error_bodies_reach_pybankid() -> None:
    _check_status(httpx.Response(200, json={}))
    _check_status(httpx.Response(409, json={"errorCode": "alreadyInProgress", "details": ""}))
    for response in (
        httpx.Response(503, text="<html>Service Unavailable</html>"),
        httpx.Response(500, json={"message": "not BankID's"}),
    ):
        with pytest.raises(HttpStatusError) as caught:
            _check_status(response)
        assert caught.value.status == response.status_code


# ---------------------------------------------------------------- configuration


def test_the_default_is_the_test_environment_with_bankids_public_test_certificate() -> None:
    config = BankIdConfig()
    assert config.api_url == "https://appapi2.test.bankid.com/rp/v6.0/"
    assert config.ca_file.name == "appapi2.test.bankid.com.pem"
    signer = bankid_signer(config, keyring_get=_no_keyring_expected)
    try:
        assert signer.name == "BankID (testmiljö)"
    finally:
        signer.close()


def test_production_has_its_own_address_and_ca_and_needs_a_certificate(tmp_path: Path) -> None:
    with pytest.raises(BankIdSetupError, match="produktionsmiljön"):
        BankIdConfig(environment="production")
    config = BankIdConfig(environment="production", cert=tmp_path / "rp.p12")
    assert config.api_url == "https://appapi2.bankid.com/rp/v6.0/"
    assert config.ca_file.name == "appapi2.bankid.com.pem"


@pytest.mark.parametrize(
    ("values", "match"),
    [
        ({"environment": "staging"}, "Okänd BankID-miljö ”staging”"),
        ({"cert": Path("rp.p12"), "key": Path("rp.key")}, "bara till ett certifikat i PEM"),
        ({"url": "http://127.0.0.1:9000/rp/v6.0/"}, "ska börja med https://"),
    ],
)
def test_a_configuration_that_cannot_work_is_refused(values: dict[str, Any], match: str) -> None:
    with pytest.raises(BankIdSetupError, match=match):
        BankIdConfig(**values)


def test_an_address_without_a_final_slash_still_reaches_the_api() -> None:
    assert BankIdConfig(url="https://127.0.0.1:9000/rp/v6.0").api_url.endswith("/rp/v6.0/")


# ---------------------------------------------------------------- the password


def _no_keyring_expected(service: str, account: str) -> str | None:
    raise AssertionError("the keyring must not be asked")


def private_file(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_a_password_file_only_the_owner_may_read_gives_its_first_line(tmp_path: Path) -> None:
    path = private_file(tmp_path / "pw", "hemligt lösen\n")
    assert read_password_file(path) == "hemligt lösen"
    config = BankIdConfig(cert=tmp_path / "rp.p12", password_file=path)
    assert certificate_password(config, keyring_get=_no_keyring_expected) == "hemligt lösen"


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644, 0o602])
def test_a_password_file_others_may_read_or_write_is_refused(tmp_path: Path, mode: int) -> None:
    path = private_file(tmp_path / "pw", "hemligt", mode)
    with pytest.raises(BankIdSetupError) as caught:
        read_password_file(path)
    assert "kan läses av andra än ägaren" in caught.value.message
    assert f"chmod 600 {path}" in caught.value.message


def test_an_empty_or_missing_password_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BankIdSetupError, match="är tom"):
        read_password_file(private_file(tmp_path / "pw", "\n"))
    with pytest.raises(BankIdSetupError, match="filen eller mappen finns inte"):
        read_password_file(tmp_path / "saknas")


def test_without_a_file_the_password_comes_from_the_keyring(tmp_path: Path) -> None:
    asked: list[tuple[str, str]] = []

    def get(service: str, account: str) -> str | None:
        asked.append((service, account))
        return "från nyckelringen"

    config = BankIdConfig(cert=tmp_path / "kommun-rp.p12")
    assert certificate_password(config, keyring_get=get) == "från nyckelringen"
    assert asked == [(KEYRING_SERVICE, "kommun-rp.p12")]


def test_no_usable_keyring_counts_as_no_password(tmp_path: Path) -> None:
    def get(service: str, account: str) -> str | None:
        raise keyring.errors.NoKeyringError("No recommended backend was available.")

    assert certificate_password(BankIdConfig(cert=tmp_path / "rp.p12"), keyring_get=get) is None


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def os_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


# ---------------------------------------------------------------- certificates


@dataclass(frozen=True)
class RpFiles:
    ca: Path
    p12: Path
    pem: Path
    encrypted_key: Path
    plain_key: Path


@cache
def _rp_material() -> tuple[bytes, bytes, bytes, bytes, bytes]:
    """A CA and an RP certificate it issued (EC keys: made in milliseconds)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test-CA för RP")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kommunen RP")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(ca_key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"rp", key, cert, [ca], serialization.BestAvailableEncryption("p12-lösen".encode())
    )
    pem_key = serialization.PrivateFormat.PKCS8
    encrypted = key.private_bytes(
        serialization.Encoding.PEM, pem_key, serialization.BestAvailableEncryption(b"pem-losen")
    )
    plain = key.private_bytes(serialization.Encoding.PEM, pem_key, serialization.NoEncryption())
    pem = serialization.Encoding.PEM
    return ca.public_bytes(pem), p12, cert.public_bytes(pem), encrypted, plain


@pytest.fixture
def rp(tmp_path: Path) -> RpFiles:
    ca, p12, pem, encrypted, plain = _rp_material()
    files = RpFiles(
        tmp_path / "ca.pem",
        tmp_path / "rp.p12",
        tmp_path / "rp.pem",
        tmp_path / "rp-key.pem",
        tmp_path / "rp-plain-key.pem",
    )
    for path, data in zip(
        (files.ca, files.p12, files.pem, files.encrypted_key, files.plain_key),
        (ca, p12, pem, encrypted, plain),
        strict=True,
    ):
        path.write_bytes(data)
    return files


def test_a_p12_opens_with_the_password_from_the_keyring(
    rp: RpFiles, os_keyring: MemoryKeyring
) -> None:
    os_keyring.set_password(KEYRING_SERVICE, "rp.p12", "p12-lösen")
    config = BankIdConfig(cert=rp.p12, ca=rp.ca, url="https://127.0.0.1:1/rp/v6.0/")
    signer = bankid_signer(config)
    signer.close()
    context = rp_ssl_context(config, "p12-lösen")
    assert [c["subject"] for c in context.get_ca_certs()] == [
        ((("commonName", "Test-CA för RP"),),)
    ]
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname


def test_a_p12_without_its_password_says_where_to_put_it(rp: RpFiles) -> None:
    config = BankIdConfig(cert=rp.p12, ca=rp.ca)
    with pytest.raises(BankIdSetupError) as caught:
        bankid_signer(config, keyring_get=lambda service, account: None)
    assert f"keyring set {KEYRING_SERVICE} rp.p12" in caught.value.message
    assert "bankid_password_file" in caught.value.message


def test_a_p12_with_the_wrong_password_is_refused(rp: RpFiles, tmp_path: Path) -> None:
    config = BankIdConfig(
        cert=rp.p12, ca=rp.ca, password_file=private_file(tmp_path / "pw", "fel\n")
    )
    with pytest.raises(BankIdSetupError, match="fel lösenord"):
        bankid_signer(config)


def test_a_pem_with_an_encrypted_key_needs_its_password_and_never_prompts(rp: RpFiles) -> None:
    config = BankIdConfig(cert=rp.pem, key=rp.encrypted_key, ca=rp.ca)
    rp_ssl_context(config, "pem-losen")
    with pytest.raises(BankIdSetupError, match="skyddat med ett lösenord"):
        rp_ssl_context(config, None)  # OpenSSL would ask on the terminal without one
    with pytest.raises(BankIdSetupError, match="fel lösenord"):
        rp_ssl_context(config, "fel")


def test_a_pem_with_an_unencrypted_key_needs_no_password(rp: RpFiles) -> None:
    config = BankIdConfig(cert=rp.pem, key=rp.plain_key, ca=rp.ca)
    bankid_signer(config, keyring_get=lambda service, account: None).close()


def test_missing_files_are_named(rp: RpFiles, tmp_path: Path) -> None:
    with pytest.raises(BankIdSetupError, match=r"CA-filen .* kunde inte läsas"):
        rp_ssl_context(BankIdConfig(cert=rp.pem, key=rp.plain_key, ca=tmp_path / "ca"), None)
    with pytest.raises(BankIdSetupError, match=r"BankID-certifikatet .* finns inte"):
        rp_ssl_context(BankIdConfig(cert=tmp_path / "x.p12", ca=rp.ca), "x")
    with pytest.raises(BankIdSetupError, match=r"Nyckelfilen .* finns inte"):
        rp_ssl_context(BankIdConfig(cert=rp.pem, key=tmp_path / "k.pem", ca=rp.ca), None)
