"""A short-lived cache of case-list totals, shared by the units of work of one store.

The case list shows "1–50 av 424 655". At a million cases the exact ``COUNT(*)`` behind
that number reads every matching index entry (tens of milliseconds for the open cases
of a large unit, more for a name search), and it depends only on the filter: every next
page, and every change of sort, asked for the same number again. This cache keeps each
total for :data:`TTL_SECONDS`.

Why a total a few seconds old is acceptable here: cases are not written by users. They
come from Arbetsförmedlingen in batches (``cases.add``/``add_many``), so the list changes
rarely, and a total that lags a batch by a few seconds is what any list would show had it
been loaded a few seconds earlier. The page's rows are always read fresh; only the total
may lag.

What keeps it right:

* The key is the whole filter (organisation, unit, search text and field, status,
  closed shown or not), never sort or window, so a total is only ever reused for the
  same set of rows, and never across organisations.
* A store that adds cases forgets every total, when the cases are added and again when
  they are committed. A count that was running meanwhile is not kept (a generation
  number says whether anything was forgotten since it started). Cases committed by
  *other* processes show in the total after at most :data:`TTL_SECONDS`.
* A unit of work that has added cases neither reads nor fills the cache (it sees rows
  no one else sees yet).
* It is bounded (least recently used entries go first) and thread-safe (one lock, never
  held while the database counts).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

#: What is kept per filter (the case list keeps a total and whether it is exact).
V = TypeVar("V")

#: How long a total is reused (see the module docstring for why this may lag).
TTL_SECONDS = 5.0
#: How many filters are remembered per store.
MAX_ENTRIES = 1024


class CountCache(Generic[V]):
    """Totals by filter key, each for ``ttl`` seconds of ``clock`` (monotonic by default)."""

    def __init__(
        self,
        *,
        ttl: float = TTL_SECONDS,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl < 0 or max_entries < 1:
            raise ValueError("ttl must be >= 0 and max_entries >= 1")
        self._ttl = ttl
        self._max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._generation = 0

    @property
    def generation(self) -> int:
        """Changes whenever the cache is cleared: read it before counting, hand it to
        :meth:`put` after."""
        with self._lock:
            return self._generation

    def get(self, key: Hashable) -> V | None:
        """The total kept for ``key``, or ``None`` (never kept, expired, or forgotten)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, total = entry
            if self._clock() >= expires:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return total

    def put(self, key: Hashable, total: V, generation: int) -> None:
        """Keep ``total``, unless the cache was cleared since ``generation`` was read
        (the count may have started before cases were added)."""
        with self._lock:
            if generation != self._generation:
                return
            self._entries[key] = (self._clock() + self._ttl, total)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every total (cases were added)."""
        with self._lock:
            self._entries.clear()
            self._generation += 1

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
