"""Fixtures shared by every test: a fixed clock, a fresh SQLite store, the BankID
simulator and the services built on them, and helpers to log in."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

# Headless Qt: without a display Qt aborts (exit 134) and pytest hides the reason.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.services import Services, build_services
from kawebb_desktop.signing.simulator import BankIdSimulator
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import open_store
from tests.helpers import directory_of

#: A fixed "now" (UTC) for deterministic rules: the next year-end is 2027-12-31.
NOW = dt.datetime(2026, 6, 15, 8, 0, tzinfo=dt.UTC)
APPROVE_AFTER = dt.timedelta(seconds=3)
ACTIVATION_DELAY = dt.timedelta(minutes=2)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'kawebb.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture
def simulator(clock: FixedClock, store: Store) -> BankIdSimulator:
    return BankIdSimulator(clock, approve_after=APPROVE_AFTER, directory=directory_of(store))


@pytest.fixture
def services(store: Store, simulator: BankIdSimulator, clock: FixedClock) -> Services:
    return build_services(store, simulator, clock, ACTIVATION_DELAY)
