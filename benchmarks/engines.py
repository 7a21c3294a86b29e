"""Compiled engines as measuring sticks: the same documents indexed by SQLite FTS5 and tantivy.

Our index does far more per document (Danish folding and stemming, compound parts, exact and
spelling fields, stored records for the pages), so these are not equals; they show how far a
full build is from what a compiled engine does with the same words, measured in the same run
rather than remembered. SQLite's FTS5 comes with Python; tantivy is an optional extra, outside
the app's dependencies (``.venv/bin/pip install tantivy``): without it its column says so.
"""
from __future__ import annotations

import sqlite3
import tempfile
import time
from typing import Iterable

from indexer.record import Case

FIELDS = ("title", "lead", "organisation", "body")


def _rows(cases: Iterable[Case]) -> list[tuple[str, str, str, str, str]]:
    return [(c.slug, c.title, c.lead, c.organisation, c.body_text) for c in cases]


def fts5_build_seconds(cases: list[Case]) -> float:
    """Seconds to index the cases' four text fields in an on-disk FTS5 table and commit."""
    rows = _rows(cases)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        db = sqlite3.connect(f"{tmp}/fts.db")
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, lead, organisation,"
                   " body, tokenize='unicode61 remove_diacritics 2')")
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", rows)
        db.commit()
        db.close()
        return time.perf_counter() - started


def tantivy_build_seconds(cases: list[Case]) -> float | None:
    """Seconds for tantivy to index and commit the same fields (None without tantivy)."""
    try:
        import tantivy
    except ImportError:
        return None
    rows = _rows(cases)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("slug", stored=True)
        for name in FIELDS:
            builder.add_text_field(name, stored=True)
        index = tantivy.Index(builder.build(), path=tmp)
        writer = index.writer()
        for slug, title, lead, organisation, body in rows:
            writer.add_document(tantivy.Document(slug=slug, title=title, lead=lead,
                                                 organisation=organisation, body=body))
        writer.commit()
        writer.wait_merging_threads()
        return time.perf_counter() - started
