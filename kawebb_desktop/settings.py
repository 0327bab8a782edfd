"""Declared settings with their types and defaults, in one place.

Precedence, lowest first: the defaults below, the system-wide ``settings.toml`` that an
administrator may put in the OS's configuration folder for all users (:func:`system_settings_path`:
``/etc/xdg/kawebb-desktop`` on Linux, ``C:\\ProgramData\\kawebb-desktop`` on Windows,
``/Library/Application Support/kawebb-desktop`` on macOS), the user's
``<data dir>/settings.toml`` (written by the first-run dialog, *Arkiv > Inställningar*,
``kawebb demo`` or by hand), then command-line flags. Both files are read and checked
alike. Window layout is not here: the UI keeps it in ``QSettings``.
"""

from __future__ import annotations

import datetime as dt
import errno
import math
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import site_config_dir, user_data_dir

APP_DIR_NAME = "kawebb-desktop"
SETTINGS_FILE = "settings.toml"
STORE_FILE = "kawebb.sqlite3"
LOG_FILE = "kawebb.log"
#: Names the system-wide settings file instead of the OS's place for it (tests, trials).
SYSTEM_SETTINGS_ENV = "KAWEBB_SYSTEM_SETTINGS"
SIGNERS = ("simulator", "bankid")
#: The UI's languages (``language``); kawebb_desktop.ui.i18n has their translations.
LANGUAGES = ("sv", "en")
#: BankID's environments (``bankid_environment``).
BANKID_ENVIRONMENTS = ("test", "production")

#: The numbers a setting may take, inclusive, and the unit they are in. A value outside
#: (or NaN, or infinite) is refused when the settings are read, so that no timer or
#: ``timedelta`` downstream ever sees it.
RANGES: dict[str, tuple[float, float, str]] = {
    "activation_delay_seconds": (0, 7 * 24 * 3600, "sekunder"),
    "simulator_approve_seconds": (0, 3600, "sekunder"),
    "collect_interval_seconds": (0.1, 60, "sekunder"),
    "session_idle_minutes": (1, 7 * 24 * 60, "minuter"),
    "session_resume_max_hours": (1, 30 * 24, "timmar"),
}


def default_data_dir() -> Path:
    """The per-user data folder (``KAWEBB_DATA_DIR`` overrides it, e.g. for tests)."""
    override = os.environ.get("KAWEBB_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_DIR_NAME, appauthor=False))


def system_settings_path() -> Path:
    """The system-wide settings file, pre-set by an administrator for every user of the
    computer (``KAWEBB_SYSTEM_SETTINGS`` overrides where it is)."""
    override = os.environ.get(SYSTEM_SETTINGS_ENV)
    if override:
        return Path(override)
    return Path(site_config_dir(APP_DIR_NAME, appauthor=False)) / SETTINGS_FILE


def system_settings() -> dict[str, Any]:
    """The values of the system-wide settings file (none when there is no such file);
    ``SettingsError`` as for the user's file."""
    path = system_settings_path()
    return _read_file(path) if _is_file(path) else {}


def user_settings(data_dir: Path) -> dict[str, Any]:
    """The values of the user's settings file in ``data_dir`` (none when it is missing)."""
    path = data_dir / SETTINGS_FILE
    return _read_file(path) if _is_file(path) else {}


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    #: SQLAlchemy URL of the store; ``None`` = the SQLite file in ``data_dir``.
    store_url: str | None = None
    #: Which Signer to use: the built-in simulator (demo stores only) or real BankID.
    signer: str = "simulator"
    #: BankID (``signer = "bankid"``): ``test`` or ``production``.
    bankid_environment: str = "test"
    #: The RP certificate, ``.p12`` or ``.pem`` (with ``bankid_key``); a relative path is
    #: in the data folder. Unset: BankID's public test certificate (test only).
    bankid_cert: str | None = None
    bankid_key: str | None = None
    #: The CA file of BankID's server certificate; unset: pybankid's for the environment.
    bankid_ca: str | None = None
    #: The RP API's address; unset: BankID's own (a BankID simulator's, for a trial).
    bankid_url: str | None = None
    #: A file, readable by its owner only, with the certificate's password; unset: the
    #: OS keyring (service ``kawebb-bankid``). Never the password itself in this file.
    bankid_password_file: str | None = None
    #: Time from signing a new user until AF has activated the authorization.
    activation_delay_seconds: int = 120
    #: How long the simulated BankID user takes to approve.
    simulator_approve_seconds: float = 3.0
    #: How often signing and login poll BankID (RP API guideline: 2 s).
    collect_interval_seconds: float = 2.0
    #: Personnummer the simulator's phone identifies as at login, if preset.
    simulator_identity: str | None = None
    #: A KA Webb server (``kawebb serve``) to work against instead of a local store.
    server_url: str | None = None
    #: With a server: keep a local replica and an outbox (work offline; issue 11).
    #: ``false``: every call goes to the server (the plain remote client).
    offline_replica: bool = True
    #: A session not used for this long must log in again.
    session_idle_minutes: int = 30
    #: A locked session last used longer ago than this is not unlocked: log in again.
    session_resume_max_hours: int = 12
    #: The UI's language: ``sv`` (Swedish, the default) or ``en`` (English).
    language: str = "sv"

    @property
    def store_path(self) -> Path:
        return self.data_dir / STORE_FILE

    @property
    def log_path(self) -> Path:
        """The app's log file (errors with their tracebacks), in the data folder."""
        return self.data_dir / LOG_FILE

    @property
    def activation_delay(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.activation_delay_seconds)

    @property
    def uses_default_store(self) -> bool:
        return self.store_url is None

    @property
    def session_idle(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.session_idle_minutes)

    @property
    def session_resume_max(self) -> dt.timedelta:
        return dt.timedelta(hours=self.session_resume_max_hours)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the non-``None`` values of ``overrides`` applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


class SettingsError(ValueError):
    """The settings file or a flag has a value of the wrong kind (message in Swedish)."""


def load_settings(data_dir: Path | None = None, **overrides: Any) -> Settings:
    """Defaults ← system-wide settings file ← settings file in the data folder ←
    ``overrides`` (command-line flags)."""
    folder = data_dir or default_data_dir()
    settings = Settings(data_dir=folder).with_overrides(**system_settings())
    settings = settings.with_overrides(**user_settings(folder))
    if overrides.get("store_url") is None and os.environ.get("KAWEBB_STORE_URL"):
        # Keeps a database password off the command line (and out of `ps`).
        overrides["store_url"] = os.environ["KAWEBB_STORE_URL"]
    settings = settings.with_overrides(**overrides)
    if settings.signer not in SIGNERS:
        raise SettingsError(
            f"Okänd signeringstjänst ”{settings.signer}”. Möjliga: {', '.join(SIGNERS)}."
        )
    if settings.bankid_environment not in BANKID_ENVIRONMENTS:
        raise SettingsError(
            f"Okänd BankID-miljö ”{settings.bankid_environment}”. Möjliga: "
            f"{', '.join(BANKID_ENVIRONMENTS)}."
        )
    if settings.language not in LANGUAGES:
        raise SettingsError(f"Okänt språk ”{settings.language}”. Möjliga: {', '.join(LANGUAGES)}.")
    return settings


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError as exc:  # e.g. a data folder that may not be looked into
        raise SettingsError(
            f"Inställningsfilen {path} kunde inte läsas: {explain_os_error(exc)}."
        ) from exc


#: Keys somebody might try for the certificate's password: refused with where it goes.
_SECRETS = frozenset({"bankid_password", "bankid_cert_password", "bankid_passphrase"})

_TOML_TYPES: dict[str, type | tuple[type, ...]] = {"int": int, "float": (int, float), "str": str}


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise SettingsError(
            f"Inställningsfilen {path} är inte sparad som UTF-8 (fel vid byte {exc.start}). "
            "Spara om den som UTF-8 i en textredigerare."
        ) from exc
    except OSError as exc:
        raise SettingsError(
            f"Inställningsfilen {path} kunde inte läsas: {explain_os_error(exc)}."
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f" på rad {where[1]}, kolumn {where[2]}" if where else ""
        raise SettingsError(
            f"Inställningsfilen {path} har ett fel{at}: den är inte giltig TOML."
        ) from exc
    known = {f.name: f for f in fields(Settings) if f.name != "data_dir"}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SECRETS:
            raise SettingsError(
                f"”{key}” i {path}: lösenordet till BankID-certifikatet ska inte stå i "
                "inställningsfilen. Spara det i nyckelringen (tjänst kawebb-bankid) eller i en "
                "fil som bara ägaren kan läsa, och ange filen med bankid_password_file."
            )
        if key not in known:
            raise SettingsError(f"Okänd inställning ”{key}” i {path}.")
        kind = str(known[key].type).replace(" | None", "")
        wrong_type = kind in _TOML_TYPES and not isinstance(value, _TOML_TYPES[kind])
        if wrong_type or isinstance(value, bool):  # TOML's true is an int to Python
            raise SettingsError(f"Inställningen ”{key}” i {path} har fel typ.")
        problem = out_of_range(key, value)
        if problem:
            raise SettingsError(f"Inställningen ”{key}” i {path} {problem}.")
        values[key] = value
    return values


def out_of_range(key: str, value: float) -> str | None:
    """Why ``value`` is no value for the setting ``key`` (Swedish, to follow its name),
    or ``None`` when it is fine or ``key`` has no range."""
    if key not in RANGES:
        return None
    low, high, unit = RANGES[key]
    if isinstance(value, float) and not math.isfinite(value):
        return f"ska vara ett tal mellan {low:g} och {high:g} {unit}, inte {value}"
    if not low <= value <= high:
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        if len(shown) > 20:
            shown = shown[:17] + "…"
        return f"ska vara mellan {low:g} och {high:g} {unit}, inte {shown}"
    return None


#: What an ``OSError`` means, by ``errno``, for messages to people.
_OS_ERRORS = {
    errno.EACCES: "åtkomst nekad (du saknar behörighet)",
    errno.EPERM: "åtkomst nekad (åtgärden är inte tillåten)",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ENOENT: "filen eller mappen finns inte",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EISDIR: "det är en mapp, inte en fil",
    errno.EEXIST: "det finns redan en fil med det namnet",
    errno.ENOSPC: "disken är full",
    errno.ENAMETOOLONG: "sökvägen är för lång",
    errno.ELOOP: "sökvägen har för många symboliska länkar",
    errno.EIO: "läsfel på disken",
}


def explain_os_error(exc: OSError) -> str:
    """The reason of ``exc`` in Swedish, for a message (no traceback, no English)."""
    if exc.errno in _OS_ERRORS:
        return _OS_ERRORS[exc.errno]
    return f"systemet svarade ”{exc.strerror or exc}”"


def write_settings_file(
    data_dir: Path, *, remove: Iterable[str] = (), **values: str | int | float
) -> Path:
    """Merge ``values`` into the settings file (flat TOML of strings and numbers), without
    the keys in ``remove``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / SETTINGS_FILE
    current = _read_file(path) if _is_file(path) else {}
    for key in remove:
        current.pop(key, None)
    current.update(values)
    lines = ["# KA Webb Desktop — inställningar (se README)"]
    for key, value in sorted(current.items()):
        if isinstance(value, str):
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'{key} = "{escaped}"')
        else:
            lines.append(f"{key} = {value!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
