"""Everything the engine remembers, and how much.

Most of what a search works out depends only on the index state and its input: a query's
matching documents and ranking, a snippet, a word's postings, a case's tokens. It is kept per
index state (:class:`StateMemory`, one per :class:`.snapshot.IndexView` state) and dropped with
it, so a save or a build never shows stale answers. ``LIMITS`` is the one table of how much of
each kind a worker keeps.

Three things outlive an index state on purpose (``PROCESS_WIDE``): they are keyed by what
cannot change under them.
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Any, Callable

LIMITS = {
    # Pools in bytes (roughly), least recently used first out, per index state.
    "results": 16_000_000,   # matching documents, rankings, snippets, "Mente du", API answers
    "words": 20_000_000,     # each word's documents and scores, field lengths
    "tokens": 10_000_000,    # each case's analysed texts (for snippets), listed cases
    # Tables per index state that are emptied when full (entries, not bytes).
    "expansions": 20_000,    # fuzzy and prefix words -> the index words they stand for
    "analysed": 20_000,      # (field, text) -> terms, in the query builder
    # Process-wide (see PROCESS_WIDE).
    "segments": 64,          # segments whose stored essentials are kept
}
"""How much a worker remembers. Pools apart, so that tokens of many cases do not push out the
results of popular searches.

Sized for 10,000 cases: a remembered match keeps its cases as a bitset (1.3 KB at 10,000
cases, where a set of 8,000 took 480 KB), an API answer is kept compressed (about 5 KB for a
30 KB answer) and listed cases are kept with the texts they come from, so the results pool
holds every distinct search of ``benchmarks/serve.py``'s 1,000-request mix that a worker
sees (about 250) several times over. Each entry is weighed as the bytes it takes
(measured with a deep ``sys.getsizeof``)."""

POOLS = ("results", "words", "tokens")

PROCESS_WIDE = {
    "segment cases": "a segment's stored fields never change (a save adds a segment), so they "
                     "are read once per segment and reused by the next index state "
                     "(snapshot._segment_cases; at most LIMITS['segments'] segments)",
    "per reader": "word lists and suggestion tables, kept with the reader they were read from "
                  "(weak keys: they go when the reader is closed)",
}


class Memory:
    """Least recently used entries go first when the total size passes ``limit``."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.entries: OrderedDict = OrderedDict()

    def lookup(self, key) -> tuple[bool, Any]:
        """(True, value) when ``key`` is remembered (the value may be None), else (False, None)."""
        found = self.entries.get(key)
        if found is None:
            return False, None
        try:
            self.entries.move_to_end(key)
        except KeyError:  # dropped meanwhile by another thread
            pass
        return True, found[0]

    def put(self, key, value, size: int) -> None:
        size = max(1, size)
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= old[1]
        self.entries[key] = (value, size)
        self.size += size
        while self.size > self.limit and len(self.entries) > 1:
            _, (_, dropped) = self.entries.popitem(last=False)
            self.size -= dropped

    @property
    def full(self) -> bool:
        """Three quarters used: warming up stops here, to leave room for searches."""
        return self.size > 0.75 * self.limit


class BoundedTable(dict):
    """A table emptied when it reaches ``limit`` entries (for cheap, many, small entries)."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def put(self, key, value) -> None:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value


class StateMemory:
    """What one index state remembers: the pools of ``LIMITS``."""

    def __init__(self, limits: dict[str, int] | None = None):
        limits = {**LIMITS, **(limits or {})}
        self.pools = {pool: Memory(limits[pool]) for pool in POOLS}
        self.expansions = BoundedTable(limits["expansions"])

    def memo(self, key: tuple, compute: Callable[[], Any],
             weigh: Callable[[Any], int] | None = None, pool: str = "results") -> Any:
        """``compute()``, remembered under ``key`` in ``pool`` (``weigh``: its size in bytes,
        default 100). Callers must not change the values they get."""
        known, value = self.pools[pool].lookup(key)
        if not known:
            value = compute()
            self.remember(key, value, weigh(value) if weigh else 100, pool)
        return value

    def remembered(self, key: tuple, pool: str = "results") -> Any:
        """The value remembered under ``key``, or None."""
        return self.pools[pool].lookup(key)[1]

    def lookup(self, key: tuple, pool: str = "results") -> tuple[bool, Any]:
        return self.pools[pool].lookup(key)

    def remember(self, key: tuple, value: Any, size: int = 100, pool: str = "results") -> None:
        self.pools[pool].put(key, value, size)

    def __getitem__(self, pool: str) -> Memory:
        return self.pools[pool]


_per_reader: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()
_per_reader_lock = threading.RLock()  # one table may be made from another


def per_reader(reader, key: str, make: Callable[[], Any]) -> Any:
    """``make()``, kept with ``reader`` (one index state's reader) under ``key``."""
    tables = _per_reader.get(reader)
    if tables is not None and key in tables:
        return tables[key]
    with _per_reader_lock:
        tables = _per_reader.setdefault(reader, {})
        if key not in tables:
            tables[key] = make()
        return tables[key]


def known_per_reader(reader, key: str) -> Any:
    """What :func:`per_reader` keeps for ``reader`` under ``key``, or None."""
    return _per_reader.get(reader, {}).get(key)
