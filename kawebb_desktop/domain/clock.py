"""An injectable clock: the year-end rule and activation depend on what day it is."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware (UTC)."""
        ...

    def today(self) -> dt.date:
        """The current date in Sweden."""
        ...


class SystemClock:
    """The real clock. ``today`` is the local date of the workstation."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return dt.date.today()


class FixedClock:
    """A clock that stands still until moved; for tests and reproducible demos."""

    def __init__(self, now: dt.datetime) -> None:
        if now.tzinfo is None:
            now = now.replace(tzinfo=dt.UTC)
        self._now = now

    def now(self) -> dt.datetime:
        return self._now

    def today(self) -> dt.date:
        return self._now.date()

    def advance(self, delta: dt.timedelta) -> None:
        self._now += delta

    def set(self, now: dt.datetime) -> None:
        self._now = now if now.tzinfo else now.replace(tzinfo=dt.UTC)
