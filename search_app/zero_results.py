"""Searches that found nothing, counted, so editors see what people look for and do not find.

Only the normalised query text and a count are kept (``data_dir/zero_results.sqlite3``): no time,
no address, no session. Anything that looks like an e-mail address or a long number (a CPR or
phone number) is replaced before it is stored. Recording never fails a search: a read-only disk
only means the search is not counted.
"""
from __future__ import annotations

import logging
import re
import sqlite3
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


def record(data_dir: Path, query: str) -> None:
    text = normalise(query)
    if not text:
        return
    with closing(_connect(data_dir)) as db, db:
        known = db.execute("SELECT 1 FROM zero_results WHERE query = ?", (text,)).fetchone()
        if known or db.execute("SELECT count(*) FROM zero_results").fetchone()[0] < MAX_ROWS:
            db.execute("INSERT INTO zero_results (query, count) VALUES (?, 1) "
                       "ON CONFLICT(query) DO UPDATE SET count = count + 1", (text,))


def note(outcome) -> None:
    """Count the search behind ``outcome`` when it found nothing (call after ``run_search``)."""
    if outcome.total or not outcome.params.q:
        return
    record_query(outcome.params.q)


def record_query(query: str) -> None:
    """Count a search for ``query`` that found nothing (also when its answer was remembered)."""
    try:
        record(index_state.settings().data_dir, query)
    except (sqlite3.Error, OSError) as exc:
        log.warning("zero-result search not counted: %s", exc)


def most_frequent(data_dir: Path, limit: int = 200) -> list[tuple[str, int]]:
    if not (data_dir / FILE_NAME).exists():
        return []
    with closing(_connect(data_dir)) as db:
        rows = db.execute("SELECT query, count FROM zero_results ORDER BY count DESC, query LIMIT ?",
                          (limit,)).fetchall()
    return [(q, int(c)) for q, c in rows]
