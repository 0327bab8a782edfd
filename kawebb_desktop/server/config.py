"""What a server is started with, and how it travels to worker processes.

``uvicorn --factory kawebb_desktop.server.app:create_app_from_env`` (and ``kawebb serve
--workers N``, which starts N such processes) reads the configuration from environment
variables, so that every worker builds the same app:

========================================  ===============================================
``KAWEBB_SERVE_STORE``                    database URL (falls back to ``KAWEBB_STORE_URL``)
``KAWEBB_SERVE_SCHEMA``                   PostgreSQL schema of the tables (optional)
``KAWEBB_SERVE_SIGNER``                   ``simulator`` (the default) or ``bankid``
``KAWEBB_SERVE_BANKID_ENVIRONMENT``       BankID: ``test`` (the default) or ``production``
``KAWEBB_SERVE_BANKID_CERT``              BankID: the RP certificate (``.p12``/``.pem``)
``KAWEBB_SERVE_BANKID_KEY``               BankID: the key of a ``.pem`` certificate
``KAWEBB_SERVE_BANKID_CA``                BankID: the CA of BankID's server certificate
``KAWEBB_SERVE_BANKID_URL``               BankID: the RP API's address (a simulator's)
``KAWEBB_SERVE_BANKID_PASSWORD_FILE``     BankID: a file (owner-only) with the certificate's
                                          password; unset: the OS keyring. The password
                                          itself never travels in the environment.
``KAWEBB_SERVE_ACTIVATION_DELAY_SECONDS`` time from signing a new user to its activation
``KAWEBB_SERVE_SESSION_IDLE_MINUTES``     a session unused this long must log in again
``KAWEBB_SERVE_SESSION_RESUME_MAX_HOURS`` a locked session unused this long is not
                                          unlocked (default 12): log in anew
``KAWEBB_SERVE_MAX_BODY_BYTES``           largest request body (default 65536)
``KAWEBB_SERVE_LOGIN_STARTS_PER_MINUTE``  login starts per client IP and process
``KAWEBB_SERVE_AF_KEY``                   AF operator key for ``/api/v1/af/…`` (≥ 32
                                          characters; unset: those routes answer 404)
========================================  ===============================================

Importing this module imports no web framework.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kawebb_desktop.domain.clock import Clock, SystemClock
from kawebb_desktop.settings import out_of_range
from kawebb_desktop.signing.base import Signer

if TYPE_CHECKING:
    from kawebb_desktop.signing.bankid_rp import BankIdConfig

#: The signers ``kawebb serve`` knows by name.
SIGNERS = ("simulator", "bankid")
SIMULATOR = "simulator"
BANKID = "bankid"

ENV_STORE = "KAWEBB_SERVE_STORE"
ENV_SCHEMA = "KAWEBB_SERVE_SCHEMA"
ENV_SIGNER = "KAWEBB_SERVE_SIGNER"
ENV_ACTIVATION_DELAY = "KAWEBB_SERVE_ACTIVATION_DELAY_SECONDS"
ENV_SESSION_IDLE = "KAWEBB_SERVE_SESSION_IDLE_MINUTES"
ENV_SESSION_RESUME_MAX = "KAWEBB_SERVE_SESSION_RESUME_MAX_HOURS"
ENV_MAX_BODY = "KAWEBB_SERVE_MAX_BODY_BYTES"
ENV_LOGIN_RATE = "KAWEBB_SERVE_LOGIN_STARTS_PER_MINUTE"
ENV_AF_KEY = "KAWEBB_SERVE_AF_KEY"
ENV_BANKID_ENVIRONMENT = "KAWEBB_SERVE_BANKID_ENVIRONMENT"
#: BankIdConfig's path fields, by the variable each travels in.
ENV_BANKID_PATHS = {
    "cert": "KAWEBB_SERVE_BANKID_CERT",
    "key": "KAWEBB_SERVE_BANKID_KEY",
    "ca": "KAWEBB_SERVE_BANKID_CA",
    "password_file": "KAWEBB_SERVE_BANKID_PASSWORD_FILE",
}
ENV_BANKID_URL = "KAWEBB_SERVE_BANKID_URL"
#: The AF operator key is at least this long (a key one could guess is no credential).
MIN_AF_KEY = 32
#: The app's own variable for the store URL (keeps a password off the command line).
ENV_STORE_FALLBACK = "KAWEBB_STORE_URL"


class ConfigError(ValueError):
    """A configuration value is missing or malformed (the message is Swedish)."""


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Everything :func:`kawebb_desktop.server.app.create_app` needs.

    ``signer`` is a name from :data:`SIGNERS` or, in tests, a ready
    :class:`~kawebb_desktop.signing.base.Signer`; only the named ``"simulator"`` brings
    the simulated phone's routes, and only on a demo store.
    """

    store_url: str
    signer: str | Signer = SIMULATOR
    activation_delay_seconds: float = 120
    session_idle_minutes: float = 30
    #: A locked session last used longer ago than this is not unlocked (resumed).
    session_resume_max_hours: float = 12
    max_body_bytes: int = 65536
    login_starts_per_minute: int = 30
    #: PostgreSQL only: the schema the tables live in (``None``: the default path).
    store_schema: str | None = None
    clock: Clock = field(default_factory=SystemClock)
    #: The AF operator's API key for ``/api/v1/af/…`` (``None``: AF's routes answer 404).
    af_key: str | None = field(default=None, repr=False)
    #: How to reach BankID when ``signer`` is ``"bankid"`` (``None``: BankID's test
    #: environment with its public test certificate).
    bankid: BankIdConfig | None = None

    def __post_init__(self) -> None:
        if not self.store_url:
            raise ConfigError("Ange databasens adress (--store eller KAWEBB_STORE_URL).")
        if isinstance(self.signer, str) and self.signer not in SIGNERS:
            raise ConfigError(
                f"Okänd signeringstjänst ”{self.signer}”. Möjliga: {', '.join(SIGNERS)}."
            )
        # The ranges of settings.toml; NaN and infinity are out of every range.
        for what, key, value in (
            ("Aktiveringsfördröjningen", "activation_delay_seconds", self.activation_delay_seconds),
            ("Sessionens tidsgräns", "session_idle_minutes", self.session_idle_minutes),
            (
                "Tidsgränsen för att låsa upp en session",
                "session_resume_max_hours",
                self.session_resume_max_hours,
            ),
        ):
            problem = out_of_range(key, value)
            if problem:
                raise ConfigError(f"{what} {problem}.")
        if self.max_body_bytes < 1024:
            raise ConfigError("Gränsen för en begärans storlek ska vara minst 1024 byte.")
        if self.login_starts_per_minute < 1:
            raise ConfigError("Gränsen för inloggningar per minut ska vara minst 1.")
        if self.af_key is not None and (
            len(self.af_key) < MIN_AF_KEY
            or not self.af_key.isascii()
            or not self.af_key.isprintable()
            or " " in self.af_key
        ):
            raise ConfigError(
                f"AF-nyckeln ({ENV_AF_KEY}) ska vara minst {MIN_AF_KEY} synliga ASCII-tecken "
                "utan mellanslag, t.ex. från python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'."
            )

    @property
    def uses_simulator(self) -> bool:
        return self.signer == SIMULATOR

    @property
    def signer_name(self) -> str:
        return self.signer if isinstance(self.signer, str) else self.signer.name

    @property
    def activation_delay(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.activation_delay_seconds)

    @property
    def session_idle(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.session_idle_minutes)

    @property
    def session_resume_max(self) -> dt.timedelta:
        return dt.timedelta(hours=self.session_resume_max_hours)


def config_to_env(config: ServerConfig) -> dict[str, str]:
    """The environment variables that make :func:`config_from_env` give ``config`` back
    (the clock is always the system clock there; a ready signer cannot travel)."""
    if not isinstance(config.signer, str):
        raise ConfigError("En signeringstjänst som objekt kan inte skickas till andra processer.")
    env = {
        ENV_STORE: config.store_url,
        ENV_SIGNER: config.signer,
        ENV_ACTIVATION_DELAY: repr(config.activation_delay_seconds),
        ENV_SESSION_IDLE: repr(config.session_idle_minutes),
        ENV_SESSION_RESUME_MAX: repr(config.session_resume_max_hours),
        ENV_MAX_BODY: str(config.max_body_bytes),
        ENV_LOGIN_RATE: str(config.login_starts_per_minute),
    }
    if config.store_schema:
        env[ENV_SCHEMA] = config.store_schema
    if config.af_key:
        env[ENV_AF_KEY] = config.af_key
    if config.bankid is not None:
        env[ENV_BANKID_ENVIRONMENT] = config.bankid.environment
        for name, variable in ENV_BANKID_PATHS.items():
            value = getattr(config.bankid, name)
            if value is not None:
                env[variable] = str(value)
        if config.bankid.url:
            env[ENV_BANKID_URL] = config.bankid.url
    return env


def config_from_env(environ: Mapping[str, str] | None = None) -> ServerConfig:
    """The configuration described by the environment (see the module docstring)."""
    env = os.environ if environ is None else environ
    store = env.get(ENV_STORE) or env.get(ENV_STORE_FALLBACK) or ""
    if not store:
        raise ConfigError(f"Ange databasens adress i {ENV_STORE} (eller {ENV_STORE_FALLBACK}).")
    defaults = ServerConfig(store_url=store)
    return ServerConfig(
        store_url=store,
        signer=env.get(ENV_SIGNER) or SIMULATOR,
        activation_delay_seconds=_number(
            env, ENV_ACTIVATION_DELAY, defaults.activation_delay_seconds
        ),
        session_idle_minutes=_number(env, ENV_SESSION_IDLE, defaults.session_idle_minutes),
        session_resume_max_hours=_number(
            env, ENV_SESSION_RESUME_MAX, defaults.session_resume_max_hours
        ),
        max_body_bytes=int(_number(env, ENV_MAX_BODY, defaults.max_body_bytes)),
        login_starts_per_minute=int(_number(env, ENV_LOGIN_RATE, defaults.login_starts_per_minute)),
        store_schema=env.get(ENV_SCHEMA) or None,
        af_key=env.get(ENV_AF_KEY) or None,
        bankid=_bankid_from_env(env),
    )


def _bankid_from_env(env: Mapping[str, str]) -> BankIdConfig | None:
    if not any(env.get(name) for name in (ENV_BANKID_ENVIRONMENT, ENV_BANKID_URL)) and not any(
        env.get(name) for name in ENV_BANKID_PATHS.values()
    ):
        return None
    from kawebb_desktop.signing.bankid_rp import BankIdConfig, BankIdSetupError

    def path(name: str) -> Path | None:
        text = env.get(ENV_BANKID_PATHS[name])
        return Path(text) if text else None

    try:
        return BankIdConfig(
            environment=env.get(ENV_BANKID_ENVIRONMENT) or "test",
            cert=path("cert"),
            key=path("key"),
            ca=path("ca"),
            url=env.get(ENV_BANKID_URL) or None,
            password_file=path("password_file"),
        )
    except BankIdSetupError as exc:
        raise ConfigError(exc.message) from exc


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{name} ska vara ett tal, inte ”{text}”.") from None
    if not math.isfinite(value):
        raise ConfigError(f"{name} ska vara ett ändligt tal, inte ”{text}”.")
    return value
