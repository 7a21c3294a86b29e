"""Searches that found nothing, counted, so editors see what people look for and do not find.

Only the normalised query text and a count are kept (``data_dir/zero_results.sqlite3``): no time,
no address, no session. Anything that looks like an e-mail address or a long number (a CPR or
phone number) is replaced before it is stored. Recording never fails a search: a read-only disk
only means the search is not counted.

Writing to SQLite took about 0.5 ms a search, as long as the search itself, so each worker
counts in memory and adds its counts to the file at most every FLUSH_SECONDS (or every
FLUSH_QUERIES searches, and when the worker stops). The editors' page therefore shows a
search some seconds after it was made; this worker's own counts are added before it reads.
"""
from __future__ import annotations

import atexit
import logging
import re
import sqlite3
import threading
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

from . import index_state

log = logging.getLogger(__name__)

FILE_NAME = "zero_results.sqlite3"
MAX_QUERY_CHARS = 200
MAX_ROWS = 10_000
_EMAIL_RE = re.compile(r"\S+@\S+")
_NUMBER_RE = re.compile(r"\d[\d -]{4,}\d")


def normalise(query: str) -> str:
    """Lowercase, single spaces, no personal data, at most 200 characters."""
    text = _EMAIL_RE.sub("[e-mail]", query or "")
    text = _NUMBER_RE.sub("[tal]", text)
    return " ".join(text.lower().split())[:MAX_QUERY_CHARS]


def _connect(data_dir: Path) -> sqlite3.Connection:
    data_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(data_dir / FILE_NAME, timeout=2)
    # A disk flush on every zero-result search cost about 20 ms (measured), more than the search;
    # these counts may be lost in a power cut, which does not matter, so no flush.
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE TABLE IF NOT EXISTS zero_results (query TEXT PRIMARY KEY, count INTEGER NOT NULL)")
    return db


FLUSH_SECONDS = 10.0
FLUSH_QUERIES = 200

_pending: dict[Path, Counter] = {}
_lock = threading.Lock()
_last_flush = time.monotonic()


def record(data_dir: Path, query: str) -> None:
    """Count one search for ``query`` (normalised) that found nothing."""
    text = normalise(query)
    if not text:
        return
    with _lock:
        counts = _pending.setdefault(data_dir, Counter())
        counts[text] += 1
        due = (sum(counts.values()) >= FLUSH_QUERIES
               or time.monotonic() - _last_flush >= FLUSH_SECONDS)
    if due:
        flush()


def flush() -> None:
    """Add the counts made in this process to the files (never raises: see the module)."""
    global _last_flush
    with _lock:
        batches = [(data_dir, counts) for data_dir, counts in _pending.items() if counts]
        _pending.clear()
        _last_flush = time.monotonic()
    for data_dir, counts in batches:
        try:
            _write(data_dir, counts)
        except (sqlite3.Error, OSError) as exc:
            log.warning("%d zero-result search(es) not counted: %s", sum(counts.values()), exc)


atexit.register(flush)


def _write(data_dir: Path, counts: Counter) -> None:
    with closing(_connect(data_dir)) as db, db:
        rows = db.execute("SELECT count(*) FROM zero_results").fetchone()[0]
        for text, count in counts.items():
            known = db.execute("SELECT 1 FROM zero_results WHERE query = ?", (text,)).fetchone()
            if not known and rows >= MAX_ROWS:
                continue
            rows += 0 if known else 1
            db.execute("INSERT INTO zero_results (query, count) VALUES (?, ?) "
                       "ON CONFLICT(query) DO UPDATE SET count = count + excluded.count",
                       (text, count))


def note(outcome) -> None:
    """Count the search behind ``outcome`` when it found nothing (call after ``run_search``)."""
    if outcome.total or not outcome.params.q:
        return
    record_query(outcome.params.q)


def record_query(query: str) -> None:
    """Count a search for ``query`` that found nothing (also when its answer was remembered)."""
    record(index_state.settings().data_dir, query)


def most_frequent(data_dir: Path, limit: int = 200) -> list[tuple[str, int]]:
    flush()
    if not (data_dir / FILE_NAME).exists():
        return []
    with closing(_connect(data_dir)) as db:
        rows = db.execute("SELECT query, count FROM zero_results ORDER BY count DESC, query LIMIT ?",
                          (limit,)).fetchall()
    return [(q, int(c)) for q, c in rows]
