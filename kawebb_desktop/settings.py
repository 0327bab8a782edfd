"""Declared settings with their types and defaults, in one place.

Precedence, lowest first: the defaults below, ``<data dir>/settings.toml`` (written by
``kawebb demo`` or by hand), then command-line flags. Window layout is not here: the UI
keeps it in ``QSettings``.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

APP_DIR_NAME = "kawebb-desktop"
SETTINGS_FILE = "settings.toml"
STORE_FILE = "kawebb.sqlite3"
SIGNERS = ("simulator",)


def default_data_dir() -> Path:
    """The per-user data folder (``KAWEBB_DATA_DIR`` overrides it, e.g. for tests)."""
    override = os.environ.get("KAWEBB_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_DIR_NAME, appauthor=False))


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    #: SQLAlchemy URL of the store; ``None`` = the SQLite file in ``data_dir``.
    store_url: str | None = None
    #: Which Signer to use. Only the built-in simulator exists so far.
    signer: str = "simulator"
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
    #: A session not used for this long must log in again.
    session_idle_minutes: int = 30

    @property
    def store_path(self) -> Path:
        return self.data_dir / STORE_FILE

    @property
    def effective_store_url(self) -> str:
        return self.store_url or f"sqlite:///{self.store_path}"

    @property
    def activation_delay(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.activation_delay_seconds)

    @property
    def uses_default_store(self) -> bool:
        return self.store_url is None

    @property
    def session_idle(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.session_idle_minutes)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the non-``None`` values of ``overrides`` applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


class SettingsError(ValueError):
    """The settings file or a flag has a value of the wrong kind (message in Swedish)."""


def load_settings(data_dir: Path | None = None, **overrides: Any) -> Settings:
    """Defaults ← settings file in the data folder ← ``overrides`` (command-line flags)."""
    folder = data_dir or default_data_dir()
    settings = Settings(data_dir=folder)
    path = folder / SETTINGS_FILE
    if path.is_file():
        settings = settings.with_overrides(**_read_file(path))
    if overrides.get("store_url") is None and os.environ.get("KAWEBB_STORE_URL"):
        # Keeps a database password off the command line (and out of `ps`).
        overrides["store_url"] = os.environ["KAWEBB_STORE_URL"]
    settings = settings.with_overrides(**overrides)
    if settings.signer not in SIGNERS:
        raise SettingsError(
            f"Okänd signeringstjänst ”{settings.signer}”. Möjliga: {', '.join(SIGNERS)}."
        )
    return settings


_TOML_TYPES: dict[str, type | tuple[type, ...]] = {"int": int, "float": (int, float), "str": str}


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"Inställningsfilen {path} kunde inte läsas: {exc}") from exc
    known = {f.name: f for f in fields(Settings) if f.name != "data_dir"}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise SettingsError(f"Okänd inställning ”{key}” i {path}.")
        kind = str(known[key].type).replace(" | None", "")
        if kind in _TOML_TYPES and not isinstance(value, _TOML_TYPES[kind]):
            raise SettingsError(f"Inställningen ”{key}” i {path} har fel typ.")
        values[key] = value
    return values


def write_settings_file(data_dir: Path, **values: str | int | float) -> Path:
    """Merge ``values`` into the settings file (flat TOML of strings and numbers)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / SETTINGS_FILE
    current = _read_file(path) if path.is_file() else {}
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
