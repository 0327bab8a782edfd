"""Paged, sorted, filtered list queries and their answers.

Lists are paged, sorted and filtered by the store (in SQL or by the server), never in
memory above it; a :class:`Page` is one window of the result with the total count.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from kawebb_desktop.domain.entities import CaseStatus
from kawebb_desktop.domain.errors import ValidationError
from kawebb_desktop.domain.messages import msg

T = TypeVar("T")

MAX_PAGE_SIZE = 500

#: How far past the page a case list counts its rows. Counting every case of a large
#: unit, or every match of a common word ("sson"), at a million cases reads hundreds of
#: thousands of index entries (20-80 ms); a page says "fler än N" instead, where N
#: reaches this far past the rows in view, so the pager can always go on and the page
#: comes at once. The exact number is asked for after it (``cases.count_cases``).
SEARCH_COUNT_AHEAD = 1000


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One window of a list. ``total`` is how many rows the list has; when
    ``total_exact`` is false there are *more* than ``total`` (a search counted only
    so far; see ``SEARCH_COUNT_AHEAD``), and every row up to ``total`` exists."""

    items: tuple[T, ...]
    total: int
    offset: int
    limit: int
    total_exact: bool = True

    @property
    def first_number(self) -> int:
        """1-based number of the first item shown (0 when empty)."""
        return self.offset + 1 if self.items else 0

    @property
    def last_number(self) -> int:
        return self.offset + len(self.items)

    @property
    def page_index(self) -> int:
        return self.offset // self.limit if self.limit else 0

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.limit)) if self.limit else 1


def _check_window(offset: int, limit: int) -> None:
    if offset < 0:
        raise ValueError("offset must be >= 0")
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValueError(f"limit must be within 1..{MAX_PAGE_SIZE}")


class UserSort(StrEnum):
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    BIRTH_DATE = "birth_date"
    EMAIL = "email"
    ROLE = "role"
    START_DATE = "start_date"
    END_DATE = "end_date"


@dataclass(frozen=True, slots=True)
class UserQuery:
    """Users of one organisation. ``text`` matches names, e-mail, birth date or
    personnummer; every whitespace-separated word must match."""

    text: str = ""
    sort: UserSort = UserSort.LAST_NAME
    descending: bool = False
    offset: int = 0
    limit: int = 10

    def __post_init__(self) -> None:
        _check_window(self.offset, self.limit)


class CaseSort(StrEnum):
    LAST_EVENT_ON = "last_event_on"
    LAST_EVENT = "last_event"
    CASE_NUMBER = "case_number"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    STATUS = "status"
    START_DATE = "start_date"
    END_DATE = "end_date"


class CaseSearchField(StrEnum):
    """The guide's radio buttons: search by Ärende, Namn or Födelsedatum."""

    ARENDE = "arende"
    NAMN = "namn"
    FODELSEDATUM = "fodelsedatum"

    @property
    def label(self) -> str:
        return {"arende": "Ärende", "namn": "Namn", "fodelsedatum": "Födelsedatum"}[self.value]


@dataclass(frozen=True, slots=True)
class CaseQuery:
    unit_id: int
    text: str = ""
    search_field: CaseSearchField = CaseSearchField.NAMN
    status: CaseStatus | None = None
    include_closed: bool = False
    sort: CaseSort = CaseSort.LAST_EVENT_ON
    descending: bool = True
    offset: int = 0
    limit: int = 50

    def __post_init__(self) -> None:
        _check_window(self.offset, self.limit)


#: The most news items one call returns, and how many when nothing is said.
MAX_NEWS = 100
DEFAULT_NEWS = 10
BAD_LIMIT = msg("Antalet nyheter ska vara mellan 1 och {limit}.", limit=MAX_NEWS)


def check_limit(limit: int) -> int:
    """A news list's ``limit``, checked alike by the service and the remote client."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_NEWS:
        raise ValidationError(BAD_LIMIT, "limit")
    return limit
