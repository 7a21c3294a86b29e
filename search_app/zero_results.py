"""Searches that found nothing, counted, so editors see what people look for and do not find.

Only the normalised query text and a count are kept (``data_dir/zero_results.sqlite3``): no time,
no address, no session. Before anything is stored, :func:`normalise` replaces what could name a
person: e-mail addresses in their common disguises (``anna @ example.dk``, a full-width ``＠``,
``anna(at)example.dk``, ``anna snabel-a example punktum dk``) and any run of six or more digits,
whatever separates them (CPR numbers as ``010203-1234``, ``010203/1234``, ``01.02.03-1234`` or
with a Unicode dash; phone numbers as ``+45 12 34 56 78``). Digits of any script count.

One address may add at most ``MAX_PER_ADDRESS`` searches a day, so no one can fill the list or
push a query up it; addresses are never stored, only a salted hash kept for the day. When the
table holds ``MAX_ROWS`` queries, the one counted longest ago makes room for a new one.
Recording never fails a search: a read-only disk only means the search is not counted.

Writing to SQLite took about 0.5 ms a search, as long as the search itself, so each worker
counts in memory and adds its counts to the file at most every FLUSH_SECONDS (or every
FLUSH_QUERIES searches, and when the worker stops). The editors' page therefore shows a
search some seconds after it was made; this worker's own counts are added before it reads.
"""
from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import logging
import re
import secrets
import sqlite3
import sys
import threading
import time
import unicodedata
from collections import Counter
from contextlib import closing
from pathlib import Path

from flask import has_request_context, request

from . import index_state

log = logging.getLogger(__name__)

FILE_NAME = "zero_results.sqlite3"
MAX_QUERY_CHARS = 200
MAX_ROWS = 10_000
MAX_PER_ADDRESS = 50

_DASHES = "".join(chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Pd")
_SEPARATORS = re.escape(_DASHES + "\u2212/._,:") + r"\s"
_WORD_DOT = r"(?:[(\[{<]\s*(?:dot|punktum)\s*[)\]}>]|\s(?:dot|punktum)\s)"
_LOCAL, _TLD = r"[\w.+\-]+", r"[^\W\d_]{2,}\b"
# "anna @ example . dk", "anna＠example.dk": spaces anywhere around the @ and the dots.
_AT_SIGN = rf"{_LOCAL}\s*[@﹫＠]\s*[\w\-]+(?:\s*(?:\.|{_WORD_DOT})\s*[\w\-]+)*\s*(?:\.|{_WORD_DOT})\s*{_TLD}"
# "anna(at)example.dk", "anna snabel-a example punktum dk": dots as written, or as words.
_AT_WORD = (rf"{_LOCAL}\s*(?:[(\[{{<]\s*(?:at|snabel-?a)\s*[)\]}}>]|\s(?:at|snabel-?a)\s)\s*"
            rf"[\w\-]+(?:(?:\.|\s*{_WORD_DOT}\s*)[\w\-]+)*(?:\.|\s*{_WORD_DOT}\s*){_TLD}")
_EMAIL_RE = re.compile(rf"{_AT_SIGN}|{_AT_WORD}|\S*[@﹫＠]\S*", re.I)
_NUMBER_RE = re.compile(rf"\+?\d(?:[{_SEPARATORS}]*\d){{5,}}")


def normalise(query: str) -> str:
    """Lowercase, single spaces, no personal data, at most 200 characters."""
    text = unicodedata.normalize("NFKC", query or "")
    text = _EMAIL_RE.sub(" [e-mail] ", text)
    text = _NUMBER_RE.sub(" [tal] ", text)
    return " ".join(text.lower().split())[:MAX_QUERY_CHARS]


def _connect(data_dir: Path) -> sqlite3.Connection:
    data_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(data_dir / FILE_NAME, timeout=2)
    # A disk flush on every zero-result search cost about 20 ms (measured), more than the search;
    # these counts may be lost in a power cut, which does not matter, so no flush.
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE TABLE IF NOT EXISTS zero_results (query TEXT PRIMARY KEY, count INTEGER NOT NULL)")
    # Per day: a random salt, and how many searches each (salted, hashed) address added.
    db.execute("CREATE TABLE IF NOT EXISTS day_salt (day TEXT PRIMARY KEY, salt TEXT NOT NULL)")
    db.execute("CREATE TABLE IF NOT EXISTS day_sources (source TEXT PRIMARY KEY, added INTEGER NOT NULL)")
    return db


FLUSH_SECONDS = 10.0
FLUSH_QUERIES = 200

_pending: dict[Path, Counter] = {}
_lock = threading.Lock()
_last_flush = time.monotonic()


def record(data_dir: Path, query: str, address: str | None = None) -> None:
    """Count one search for ``query`` (normalised) that found nothing, made from ``address``."""
    text = normalise(query)
    if not text:
        return
    with _lock:
        counts = _pending.setdefault(data_dir, Counter())
        counts[(text, address or "")] += 1
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


def _day_salt(db: sqlite3.Connection) -> str:
    """Today's salt; a new day forgets yesterday's salt and counts per address."""
    day = dt.date.today().isoformat()
    row = db.execute("SELECT salt FROM day_salt WHERE day = ?", (day,)).fetchone()
    if row:
        return row[0]
    db.execute("DELETE FROM day_salt")
    db.execute("DELETE FROM day_sources")
    salt = secrets.token_hex(16)
    db.execute("INSERT INTO day_salt (day, salt) VALUES (?, ?)", (day, salt))
    return salt


def _allowed(db: sqlite3.Connection, salt: str, address: str, wanted: int) -> int:
    """How many of ``wanted`` searches from ``address`` may still be added today."""
    source = hashlib.sha256((salt + address).encode()).hexdigest()[:32]
    row = db.execute("SELECT added FROM day_sources WHERE source = ?", (source,)).fetchone()
    allowed = max(0, min(wanted, MAX_PER_ADDRESS - (row[0] if row else 0)))
    if allowed:
        db.execute("INSERT INTO day_sources (source, added) VALUES (?, ?) "
                   "ON CONFLICT(source) DO UPDATE SET added = added + excluded.added", (source, allowed))
    return allowed


def _write(data_dir: Path, counts: Counter) -> None:
    with closing(_connect(data_dir)) as db, db:
        salt = _day_salt(db)
        rows = db.execute("SELECT count(*) FROM zero_results").fetchone()[0]
        for (text, address), wanted in counts.items():
            count = _allowed(db, salt, address, wanted)
            if not count:
                continue
            known = db.execute("SELECT count FROM zero_results WHERE query = ?", (text,)).fetchone()
            if known:  # written anew, so the table's order stays "counted longest ago" first
                db.execute("DELETE FROM zero_results WHERE query = ?", (text,))
                count += known[0]
            elif rows >= MAX_ROWS:
                db.execute("DELETE FROM zero_results WHERE rowid = (SELECT min(rowid) FROM zero_results)")
            else:
                rows += 1
            db.execute("INSERT INTO zero_results (query, count) VALUES (?, ?)", (text, count))


def note(outcome) -> None:
    """Count the search behind ``outcome`` when it found nothing (call after ``run_search``)."""
    if outcome.total or not outcome.params.q:
        return
    record_query(outcome.params.q)


def record_query(query: str) -> None:
    """Count a search for ``query`` that found nothing (also when its answer was remembered)."""
    address = request.remote_addr if has_request_context() else None
    record(index_state.settings().data_dir, query, address)


def most_frequent(data_dir: Path, limit: int = 200) -> list[tuple[str, int]]:
    flush()
    if not (data_dir / FILE_NAME).exists():
        return []
    with closing(_connect(data_dir)) as db:
        rows = db.execute("SELECT query, count FROM zero_results ORDER BY count DESC, query LIMIT ?",
                          (limit,)).fetchall()
    return [(q, int(c)) for q, c in rows]
