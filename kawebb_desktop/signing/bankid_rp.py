"""The real BankID: a :class:`~kawebb_desktop.signing.base.Signer` over pybankid's client
of BankID's Relying Party API v6.

Configured by :class:`BankIdConfig` (from ``settings.toml`` in the app, from the
environment in ``kawebb serve``): the environment (``test`` or ``production``), the RP
certificate — a ``.p12``, or a ``.pem`` with its key in ``key`` — the CA that BankID's
server certificate must chain to (default: the one pybankid pins for the environment) and,
for a simulator, the API's address. In the test environment without a certificate the
signer uses BankID's public test RP certificate (``FPTestcert5``, shipped with pybankid,
its key unencrypted), so a trial against BankID's test service works out of the box.

The certificate's password is never in ``settings.toml``: it is read from the OS keyring
(service ``kawebb-bankid``, the account is the certificate's file name) or from a file
that only its owner may read (:func:`read_password_file` refuses one that the group or
others may read). A ``.p12`` is opened with ``cryptography`` and handed to OpenSSL through
a temporary file that only this process may read, its key encrypted with a one-time
password; OpenSSL never asks for a password on the terminal.

Every call that BankID refuses, or that never reaches it, raises a
:class:`~kawebb_desktop.signing.base.SignerError` whose ``error_code`` is BankID's
``errorCode`` (``alreadyInProgress``, ``invalidParameters``, ``notFound``,
``maintenance``, ``internalError``, ``requestTimeout``, ``unauthorized``, …) or one of
ours for what BankID never answers: ``requestTimeout`` for a call that timed out,
:data:`CONNECTION_FAILED` when BankID cannot be reached, :data:`SERVER_CERTIFICATE` when
its server certificate does not chain to the configured CA, :data:`INVALID_RESPONSE` for
an answer that is not RP API v6. The message is the RFA text for the code
(``signing/messages.py``). A collect answer's hint code is kept as BankID sent it, known
or not: the RFA table falls back to its generic texts for codes it does not know.
"""

from __future__ import annotations

import logging
import os
import secrets
import ssl
import stat
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import urljoin

import httpx
import keyring
import keyring.errors
from bankid import BankIDClient
from bankid.certs import get_test_cert_and_key
from bankid.certutils import resolve_cert_path
from bankid.exceptions import BankIDError
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.settings import Settings, explain_os_error
from kawebb_desktop.signing.bankid_signature import bankid_root_ca
from kawebb_desktop.signing.base import (
    CollectResult,
    CollectStatus,
    CompletedUser,
    Completion,
    OrderStart,
    SignerError,
)
from kawebb_desktop.signing.messages import error_message

log = logging.getLogger("kawebb.bankid")

#: The keyring service the certificate's password is stored under.
KEYRING_SERVICE: Final = "kawebb-bankid"
TEST: Final = "test"
PRODUCTION: Final = "production"
ENVIRONMENTS: Final = (TEST, PRODUCTION)
#: RP API v6 of each environment (as pybankid 1.5 has them).
API_URLS: Final = {
    TEST: "https://appapi2.test.bankid.com/rp/v6.0/",
    PRODUCTION: "https://appapi2.bankid.com/rp/v6.0/",
}
#: The CA of BankID's server certificate in each environment, as pybankid pins them.
CA_FILES: Final = {
    TEST: "appapi2.test.bankid.com.pem",
    PRODUCTION: "appapi2.bankid.com.pem",
}
#: Our error codes for what BankID itself never answers (see the module docstring).
CONNECTION_FAILED: Final = "connectionFailed"
SERVER_CERTIFICATE: Final = "serverCertificate"
INVALID_RESPONSE: Final = "invalidResponse"
REQUEST_TIMEOUT: Final = "requestTimeout"
#: HTTP statuses that come without BankID's JSON (a proxy's page), by the code they mean.
_STATUS_CODES: Final = {408: REQUEST_TIMEOUT, 503: "maintenance"}

_T = TypeVar("_T")


class BankIdSetupError(DomainError):
    """The BankID configuration cannot be used: a file is missing or unreadable, the
    password is missing or wrong, a password file is readable by others (Swedish)."""


@dataclass(frozen=True, slots=True)
class BankIdConfig:
    """How to reach BankID (see the module docstring)."""

    environment: str = TEST
    #: The RP certificate: ``.p12``/``.pfx``, or ``.pem`` (with ``key``, unless the key
    #: is in the same file). ``None``: BankID's public test certificate (test only).
    cert: Path | None = None
    key: Path | None = None
    #: The CA file BankID's server certificate must chain to (``None``: pybankid's).
    ca: Path | None = None
    #: The API's address (``None``: BankID's own for the environment).
    url: str | None = None
    #: A file with the certificate's password (``None``: the keyring).
    password_file: Path | None = None
    #: How long one call may take, in seconds.
    timeout_seconds: float = 5.0

    def __post_init__(self) -> None:
        if self.environment not in ENVIRONMENTS:
            raise BankIdSetupError(
                msg(
                    "Okänd BankID-miljö ”{environment}”. Möjliga: {choices}.",
                    environment=self.environment,
                    choices=", ".join(ENVIRONMENTS),
                )
            )
        if self.environment == PRODUCTION and self.cert is None:
            raise BankIdSetupError(
                "Ange BankID-certifikatet (bankid_cert) för produktionsmiljön. BankIDs "
                "öppna testcertifikat fungerar bara mot testmiljön."
            )
        if self.key is not None and (self.cert is None or _is_pkcs12(self.cert)):
            raise BankIdSetupError(
                "En separat nyckel (bankid_key) hör bara till ett certifikat i PEM-format."
            )
        if self.url is not None and not self.url.startswith("https://"):
            raise BankIdSetupError(
                msg("BankID-tjänstens adress ska börja med https://, inte {url}.", url=self.url)
            )

    @property
    def api_url(self) -> str:
        url = self.url or API_URLS[self.environment]
        return url if url.endswith("/") else url + "/"

    @property
    def ca_file(self) -> Path:
        return self.ca or resolve_cert_path(CA_FILES[self.environment])

    @property
    def keyring_account(self) -> str:
        """The keyring account of the password: the certificate's file name."""
        return self.cert.name if self.cert is not None else ""


def read_password_file(path: Path) -> str:
    """The password in ``path`` (one line; a final line break is not part of it).

    Refused when the group or others may read or write the file: a password anybody on
    the machine can read protects nothing. (On Windows, where files have no such mode
    bits, the folder's access rules must keep it private.)
    """
    try:
        with path.open("rb") as file:
            mode = os.fstat(file.fileno()).st_mode
            if os.name != "nt" and mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise BankIdSetupError(
                    msg(
                        (
                            "Lösenordsfilen {path} kan läses av andra än ägaren (behörighet "
                            "{mode}). Gör den läsbar bara för ägaren, t.ex. med chmod 600 {path}."
                        ),
                        path=path,
                        mode=stat.filemode(mode),
                    )
                )
            data = file.read()
    except OSError as exc:
        raise BankIdSetupError(
            msg(
                "Lösenordsfilen {path} kunde inte läsas: {reason}.",
                path=path,
                reason=_os_reason(exc),
            )
        ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BankIdSetupError(
            msg("Lösenordsfilen {path} är inte sparad som UTF-8.", path=path)
        ) from None
    password = text.removesuffix("\n").removesuffix("\r")
    if not password:
        raise BankIdSetupError(msg("Lösenordsfilen {path} är tom.", path=path))
    return password


def certificate_password(
    config: BankIdConfig,
    keyring_get: Callable[[str, str], str | None] | None = None,
) -> str | None:
    """The RP certificate's password: from the password file if one is configured, else
    from the keyring; ``None`` when there is none (the key may be unencrypted). A
    keyring that cannot be used counts as one without the password."""
    if config.cert is None:
        return None  # the public test certificate's key is unencrypted
    if config.password_file is not None:
        return read_password_file(config.password_file)
    get = keyring_get or keyring.get_password
    try:
        return get(KEYRING_SERVICE, config.keyring_account)
    except keyring.errors.KeyringError as exc:
        log.info("Nyckelringen kunde inte användas för BankID-lösenordet: %s", exc)
        return None


def rp_ssl_context(config: BankIdConfig, password: str | None) -> ssl.SSLContext:
    """A TLS context that trusts only ``config``'s CA and presents its RP certificate."""
    try:
        context = ssl.create_default_context(cafile=str(config.ca_file))
    except (OSError, ssl.SSLError) as exc:
        raise BankIdSetupError(
            msg(
                "CA-filen för BankID ({ca_file}) kunde inte läsas: {reason}.",
                ca_file=config.ca_file,
                reason=_os_reason(exc),
            )
        ) from exc
    if config.cert is None:
        cert, key = get_test_cert_and_key()
        context.load_cert_chain(str(cert), str(key))
    elif _is_pkcs12(config.cert):
        _load_pkcs12(context, config, password)
    else:
        _load_pem(context, config, password)
    return context


def _is_pkcs12(path: Path) -> bool:
    return path.suffix.lower() in (".p12", ".pfx")


def _missing_or_wrong(config: BankIdConfig, password: str | None) -> BankIdSetupError:
    if password is None:
        where = (
            msg("i lösenordsfilen {path}", path=config.password_file)
            if config.password_file is not None
            else msg(
                "i nyckelringen (tjänst {service}, konto {account})",
                service=KEYRING_SERVICE,
                account=config.keyring_account,
            )
        )
        return BankIdSetupError(
            msg(
                (
                    "BankID-certifikatet {cert} är skyddat med ett lösenord, men det finns inget "
                    "{where}. Spara det där, t.ex. med: keyring set {service} {keyring_account} "
                    "— eller ange en lösenordsfil (bankid_password_file) som bara ägaren kan läsa."
                ),
                cert=config.cert,
                where=where,
                service=KEYRING_SERVICE,
                keyring_account=config.keyring_account,
            )
        )
    return BankIdSetupError(
        msg(
            (
                "BankID-certifikatet {cert} kunde inte öppnas: fel lösenord, eller så är filen "
                "inget "
                "certifikat med nyckel."
            ),
            cert=config.cert,
        )
    )


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BankIdSetupError(
            msg(
                "{what} {path} kunde inte läsas: {reason}.",
                what=what,
                path=path,
                reason=_os_reason(exc),
            )
        ) from exc


def _load_pkcs12(context: ssl.SSLContext, config: BankIdConfig, password: str | None) -> None:
    assert config.cert is not None
    data = _read(config.cert, "BankID-certifikatet")
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(
            data, password.encode() if password is not None else None
        )
    except ValueError as exc:
        raise _missing_or_wrong(config, password) from exc
    if key is None or cert is None:
        raise BankIdSetupError(
            msg(
                "BankID-certifikatet {cert} saknar certifikat eller privat nyckel.",
                cert=config.cert,
            )
        )
    # OpenSSL reads a certificate chain from files only: a private temporary file, the
    # key in it encrypted with a password that lives only in this call.
    one_time = secrets.token_urlsafe(24)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(one_time.encode()),
    ) + b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (cert, *chain))
    handle, name = tempfile.mkstemp(prefix="kawebb-bankid-", suffix=".pem")  # mode 0600
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(pem)
        context.load_cert_chain(name, password=one_time)
    finally:
        os.unlink(name)


def _load_pem(context: ssl.SSLContext, config: BankIdConfig, password: str | None) -> None:
    assert config.cert is not None
    for path, what in ((config.cert, "BankID-certifikatet"), (config.key, "Nyckelfilen")):
        if path is not None:
            _read(path, what)  # a Swedish reason for a missing or unreadable file
    try:
        # A password, even an empty one, keeps OpenSSL from asking on the terminal for
        # an encrypted key; an unencrypted key ignores it.
        context.load_cert_chain(
            str(config.cert), str(config.key) if config.key else None, password=password or ""
        )
    except ssl.SSLError as exc:
        raise _missing_or_wrong(config, password) from exc


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, ssl.SSLError):
        return explain_os_error(exc)
    return "filen är inget certifikat i PEM-format"


class HttpStatusError(Exception):
    """An HTTP error status without BankID's JSON error body (e.g. a proxy's page)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


def _check_status(response: httpx.Response) -> None:
    """Let pybankid see only 200 answers and BankID's JSON error bodies."""
    if response.status_code == 200:
        return
    response.read()
    try:
        body = response.json()
    except ValueError:
        body = None
    if not (isinstance(body, dict) and isinstance(body.get("errorCode"), str)):
        raise HttpStatusError(response.status_code)


class _RpClient(BankIDClient):  # type: ignore[misc]  # pybankid has no type hints
    """pybankid's v6 client on our TLS context and address.

    ``BankIDClient.__init__`` pins pybankid's own CA and BankID's address and loads the
    certificate itself (through httpx's deprecated ``cert=``, with no password and no
    ``.p12``); this sets what its calls use instead: the endpoints and the HTTP client.
    """

    def __init__(self, api_url: str, context: ssl.SSLContext, timeout: float) -> None:
        self.api_url = api_url
        self.ctx = context
        self._auth_endpoint = urljoin(api_url, "auth")
        self._phone_auth_endpoint = urljoin(api_url, "phone/auth")
        self._sign_endpoint = urljoin(api_url, "sign")
        self._phone_sign_endpoint = urljoin(api_url, "phone/sign")
        self._collect_endpoint = urljoin(api_url, "collect")
        self._cancel_endpoint = urljoin(api_url, "cancel")
        self.client = httpx.Client(
            headers={"Content-Type": "application/json"},
            verify=context,
            timeout=timeout,
            event_hooks={"response": [_check_status]},
        )


class BankIdSigner:
    """A :class:`~kawebb_desktop.signing.base.Signer` over BankID's RP API v6.

    Safe to call from several threads (one pooled HTTP client). :meth:`close` releases
    its connections.
    """

    def __init__(self, client: BankIDClient, environment: str = TEST) -> None:
        """Usually made by :func:`bankid_signer`; ``client`` is pybankid's client."""
        self._client = client
        self._environment = environment
        self.name = "BankID" if environment == PRODUCTION else "BankID (testmiljö)"

    @property
    def ca_certificate(self) -> x509.Certificate:
        """BankID's root CA of user certificates in this environment: what the signing
        service verifies its receipts against (``signing/bankid_signature.py``)."""
        return bankid_root_ca(self._environment)

    # ------------------------------------------------------------------ the protocol
    def auth(self, end_user_ip: str) -> OrderStart:
        answer = self._call("auth", lambda: self._client.authenticate(end_user_ip))
        return _order_start(answer)

    def sign(
        self,
        end_user_ip: str,
        user_visible_data: str,
        user_non_visible_data: str | None = None,
        personal_number: str | None = None,
    ) -> OrderStart:
        requirement = {"personalNumber": personal_number} if personal_number else None
        answer = self._call(
            "sign",
            lambda: self._client.sign(
                end_user_ip,
                user_visible_data,
                requirement=requirement,
                user_non_visible_data=user_non_visible_data,
            ),
        )
        return _order_start(answer)

    def collect(self, order_ref: str) -> CollectResult:
        answer = self._call("collect", lambda: self._client.collect(order_ref))
        return _collect_result(order_ref, answer)

    def cancel(self, order_ref: str) -> None:
        self._call("cancel", lambda: self._client.cancel(order_ref))

    def close(self) -> None:
        self._client.client.close()

    # ------------------------------------------------------------------ errors
    def _call(self, what: str, call: Callable[[], _T]) -> _T:
        try:
            return call()
        except BankIDError as exc:
            code = str(exc.json.get("errorCode") or "") or INVALID_RESPONSE
            log.warning("BankID %s: %s (%s)", what, code, exc.json.get("details", ""))
            raise _error(code) from exc
        except httpx.TimeoutException as exc:
            log.warning("BankID %s: inget svar i tid (%s)", what, type(exc).__name__)
            raise _error(REQUEST_TIMEOUT) from exc
        except httpx.TransportError as exc:
            if _certificate_failure(exc):
                log.error(
                    "BankID %s: tjänstens certifikat stämmer inte med CA-filen: %s", what, exc
                )
                raise _error(SERVER_CERTIFICATE) from exc
            log.warning("BankID %s: tjänsten kunde inte nås: %s", what, exc)
            raise _error(CONNECTION_FAILED) from exc
        except HttpStatusError as exc:
            status = exc.status
            code = _STATUS_CODES.get(status, "internalError" if status >= 500 else "")
            log.warning("BankID %s: HTTP %s utan BankIDs felsvar", what, status)
            raise _error(code or INVALID_RESPONSE) from exc
        except ValueError as exc:  # an answer that is not JSON (pybankid's json())
            log.warning("BankID %s: svaret är inte JSON", what)
            raise _error(INVALID_RESPONSE) from exc


def _error(code: str) -> SignerError:
    return SignerError(error_message(code), code)


def _certificate_failure(exc: BaseException) -> bool:
    """Whether the TLS handshake failed because the server's certificate did not verify."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        if "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise _error(INVALID_RESPONSE)
    return value


def _mapping(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise _error(INVALID_RESPONSE)
    return value


def _order_start(answer: Mapping[str, Any]) -> OrderStart:
    if not isinstance(answer, Mapping):
        raise _error(INVALID_RESPONSE)
    return OrderStart(
        order_ref=_text(answer, "orderRef"),
        auto_start_token=_text(answer, "autoStartToken"),
        qr_start_token=_text(answer, "qrStartToken"),
        qr_start_secret=_text(answer, "qrStartSecret"),
    )


def _collect_result(order_ref: str, answer: Mapping[str, Any]) -> CollectResult:
    """``/collect``'s answer in our terms; an unknown hint code is kept as it is."""
    if not isinstance(answer, Mapping) or answer.get("orderRef") != order_ref:
        raise _error(INVALID_RESPONSE)
    try:
        status = CollectStatus(str(answer.get("status")))
    except ValueError:
        raise _error(INVALID_RESPONSE) from None
    if status is not CollectStatus.COMPLETE:
        hint = answer.get("hintCode")
        if hint is not None and not isinstance(hint, str):
            raise _error(INVALID_RESPONSE)
        return CollectResult(order_ref, status, hint_code=hint)
    data = _mapping(answer, "completionData")
    user = _mapping(data, "user")
    completion = Completion(
        user=CompletedUser(
            personal_number=_text(user, "personalNumber"),
            name=_text(user, "name"),
            given_name=_text(user, "givenName"),
            surname=_text(user, "surname"),
        ),
        device_ip=_text(_mapping(data, "device"), "ipAddress"),
        bankid_issue_date=_text(data, "bankIdIssueDate"),
        signature=_text(data, "signature"),
        ocsp_response=_text(data, "ocspResponse"),
    )
    return CollectResult(order_ref, status, completion=completion)


def bankid_signer(
    config: BankIdConfig,
    keyring_get: Callable[[str, str], str | None] | None = None,
) -> BankIdSigner:
    """The signer for ``config``: reads the password, loads the certificate (raises
    :class:`BankIdSetupError` with the reason in Swedish). Makes no call to BankID."""
    context = rp_ssl_context(config, certificate_password(config, keyring_get))
    client = _RpClient(config.api_url, context, config.timeout_seconds)
    return BankIdSigner(client, config.environment)


def config_from_settings(settings: Settings) -> BankIdConfig:
    """The BankID configuration in ``settings``; a relative path is in the data folder.
    Raises :class:`BankIdSetupError` for one that cannot work."""

    def path(value: str | None) -> Path | None:
        return None if value is None else settings.data_dir / Path(value).expanduser()

    return BankIdConfig(
        environment=settings.bankid_environment,
        cert=path(settings.bankid_cert),
        key=path(settings.bankid_key),
        ca=path(settings.bankid_ca),
        url=settings.bankid_url,
        password_file=path(settings.bankid_password_file),
    )
