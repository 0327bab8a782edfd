"""Fixtures shared by every test: a fixed clock, a fresh SQLite store, the BankID
simulator, the simulated phone, and the local services built on them."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Headless Qt: without a display Qt aborts (exit 134) and pytest hides the reason. The
# offscreen screens: the plugin's 800×800 one (the primary, where windows open), and the
# 1024×768 and 1400×900 workstations the layout test puts windows on (tests/ui/test_layout.py).
os.environ["QT_QPA_PLATFORM"] = (
    f"offscreen:configfile={Path(__file__).with_name('offscreen-screens.json')}"
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen"
    else os.environ["QT_QPA_PLATFORM"]
)

# Log files (kawebb_desktop.logs) of commands and apps the tests start: never in the
# user's own log folder.
os.environ.setdefault("KAWEBB_LOG_DIR", str(Path(tempfile.mkdtemp(prefix="kawebb-test-logs-"))))
# The system-wide settings file (kawebb_desktop.settings.system_settings_path): never this
# computer's own; a test that wants one points this at its own (monkeypatch.setenv).
os.environ.setdefault(
    "KAWEBB_SYSTEM_SETTINGS",
    str(Path(tempfile.mkdtemp(prefix="kawebb-test-system-")) / "settings.toml"),
)
# The SQLite files closed cleanly (kawebb_desktop.store.sql.store.clean_closes_file):
# never in the user's own cache folder.
os.environ.setdefault(
    "KAWEBB_CLEAN_CLOSES",
    str(Path(tempfile.mkdtemp(prefix="kawebb-test-clean-")) / "clean-closes.json"),
)

import pytest

from kawebb_desktop.demo import create_demo
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.services import Services, build_services
from kawebb_desktop.services.demo import SimulatedPhone
from kawebb_desktop.signing.simulator import BankIdSimulator
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import open_store
from tests.helpers import directory_of

#: The BankID RP API v6 simulator over HTTPS (fixtures bankid_https, bankid_https_server).
pytest_plugins = ("tests.bankid_https",)

#: A fixed "now" (UTC) for deterministic rules: the next year-end is 2027-12-31.
NOW = dt.datetime(2026, 6, 15, 8, 0, tzinfo=dt.UTC)
APPROVE_AFTER = dt.timedelta(seconds=3)
ACTIVATION_DELAY = dt.timedelta(minutes=2)
#: The services' idle timeout of a session (the default of build_services).
SESSION_IDLE = dt.timedelta(minutes=30)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty store file at the current schema, made once: copying it is ~20× faster
    than migrating a new file for every test."""
    path = tmp_path_factory.mktemp("template") / "kawebb.sqlite3"
    open_store(f"sqlite:///{path}").close()
    return path


@pytest.fixture(scope="session")
def demo_at_now_database(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path) -> Path:
    """The demo without cases at the tests' NOW, made once (its signed history takes
    seconds; copying the file takes milliseconds)."""
    return _demo_file(tmp_path_factory, migrated_database, FixedClock(NOW))


@pytest.fixture(scope="session")
def demo_today_database(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path) -> Path:
    """The demo without cases as ``kawebb demo`` makes it today (for the commands, which
    run on the system clock), made once per session."""
    return _demo_file(tmp_path_factory, migrated_database, FixedClock(dt.datetime.now(dt.UTC)))


def _demo_file(
    tmp_path_factory: pytest.TempPathFactory, migrated_database: Path, clock: FixedClock
) -> Path:
    path = tmp_path_factory.mktemp("demo") / "kawebb.sqlite3"
    shutil.copyfile(migrated_database, path)
    made = open_store(f"sqlite:///{path}")
    try:
        create_demo(made, clock, cases=0)
    finally:
        made.close()
    return path


def copy_store_file(template: Path, folder: Path) -> Path:
    """A copy of the store file ``template`` as ``folder / "kawebb.sqlite3"``."""
    path = folder / "kawebb.sqlite3"
    shutil.copyfile(template, path)
    return path


@pytest.fixture
def store(tmp_path: Path, migrated_database: Path) -> Iterator[Store]:
    """A fresh SQLite store in ``tmp_path / "kawebb.sqlite3"``."""
    path = tmp_path / "kawebb.sqlite3"
    shutil.copyfile(migrated_database, path)
    opened = open_store(f"sqlite:///{path}")
    yield opened
    opened.close()


@pytest.fixture
def simulator(clock: FixedClock, store: Store) -> BankIdSimulator:
    return BankIdSimulator(clock, approve_after=APPROVE_AFTER, directory=directory_of(store))


@pytest.fixture
def phone(store: Store, simulator: BankIdSimulator) -> SimulatedPhone:
    """The simulated BankID app: approves an order as a person of the store."""
    return SimulatedPhone(store, simulator)


@pytest.fixture
def services(
    store: Store, simulator: BankIdSimulator, clock: FixedClock, phone: SimulatedPhone
) -> Services:
    return build_services(
        store, simulator, clock, ACTIVATION_DELAY, session_idle=SESSION_IDLE, demo_phone=phone
    )
