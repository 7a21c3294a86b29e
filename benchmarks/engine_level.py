"""Search speed engine against engine: ours in process beside SQLite FTS5 and tantivy.

The same queries (the relevance set's, alone and with two facet filters) on the same documents,
each engine asked for what a result page needs: the first 20 by relevance, how many match, and
the facet counts. Ours is ``run_search`` on a fresh index state warmed up as a worker is (every
query new to it: first sight), and does more than the others: Danish stemming, compounds and
typos, disjunctive facet counts, snippets and "Mente du". FTS5 (``unicode61``, bm25) comes with
Python; tantivy is an optional extra outside the app's dependencies (``.venv/bin/pip install
tantivy``; without it the report says so). No HTTP: this is the engines alone, so the gap to a
compiled engine is measured in the run rather than remembered.
"""
from __future__ import annotations

import gc
import random
import re
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable

from indexer.record import FACET_FIELDS, Case
from indexer.settings import Settings

from engines import FIELDS, _rows

PAGE = 20
KINDS = ("words", "words + 2 facets")
WORD = re.compile(r"\w+")


@dataclass
class Query:
    kind: str
    q: str
    filters: dict[str, str] = field(default_factory=dict)


def queries(settings: Settings, texts: list[str], seed: int = 5) -> list[Query]:
    """Each text alone, then each with two facet values (facets and values drawn with ``seed``)."""
    rng = random.Random(seed)
    facets = {name: list(settings.facets[name].values) for name in FACET_FIELDS if name in settings.facets}
    out = [Query("words", q) for q in texts]
    for q in texts:
        chosen = rng.sample(sorted(facets), 2)
        out.append(Query("words + 2 facets", q, {name: rng.choice(facets[name]) for name in chosen}))
    return out


def _terms(q: str) -> tuple[list[str], list[str]]:
    """(words, phrases) of a query as typed: "quoted text" is a phrase, -word is dropped."""
    phrases = re.findall(r'"([^"]+)"', q)
    rest = re.sub(r'"[^"]*"', " ", q)
    words = [w for token in rest.split() if not token.startswith("-") for w in WORD.findall(token)]
    return words, [" ".join(WORD.findall(p)) for p in phrases if WORD.findall(p)]


# --- ours ------------------------------------------------------------------------------------

def ours(settings: Settings) -> Callable[[Query], None]:
    """A search function on a fresh index state, warmed up as a gunicorn worker is."""
    from search_app.engine.search import run_search, warm_up
    from search_app.engine.snapshot import IndexAccess
    from search_app.params import SearchParams

    view = IndexAccess(settings).view()
    warm_up(view, float(settings.section("search")["warm_up_s"]))
    gc.freeze()  # as gunicorn.conf.py does after the warm-up

    def search(query: Query) -> None:
        filters = {name: (value,) for name, value in query.filters.items()}
        run_search(view, SearchParams(q=query.q, filters=filters))

    return search


# --- SQLite FTS5 -----------------------------------------------------------------------------

def fts5(cases: list[Case]) -> Callable[[Query], None]:
    """The cases' text in an FTS5 table, their facet values in an indexed table beside it."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, lead, organisation,"
               " body, tokenize='unicode61 remove_diacritics 2')")
    db.execute("CREATE TABLE facets (doc INTEGER, facet TEXT, value TEXT)")
    published = [c for c in cases if c.published]
    db.executemany("INSERT INTO docs (rowid, slug, title, lead, organisation, body) VALUES (?, ?, ?, ?, ?, ?)",
                   [(n, *row) for n, row in enumerate(_rows(published), 1)])
    db.executemany("INSERT INTO facets VALUES (?, ?, ?)",
                   [(n, name, value) for n, case in enumerate(published, 1)
                    for name in FACET_FIELDS for value in case.facet_values(name)])
    db.execute("CREATE INDEX facets_value ON facets (facet, value, doc)")
    db.execute("CREATE INDEX facets_doc ON facets (doc)")
    db.commit()

    db.execute("CREATE TEMP TABLE found (doc INTEGER PRIMARY KEY, score REAL)")

    def search(query: Query) -> None:
        words, phrases = _terms(query.q)
        match = " ".join([f'"{w}"' for w in words] + [f'"{p}"' for p in phrases])
        if not match:
            return
        # The matching documents once, then filtered, ranked, counted and faceted.
        db.execute("DELETE FROM found")
        db.execute("INSERT INTO found SELECT rowid, rank FROM docs WHERE docs MATCH ?", [match])
        for name, value in query.filters.items():
            db.execute("DELETE FROM found WHERE doc NOT IN "
                       "(SELECT doc FROM facets WHERE facet = ? AND value = ?)", [name, value])
        db.execute(f"SELECT d.slug, d.title, d.lead FROM found JOIN docs d ON d.rowid = found.doc "
                   f"ORDER BY found.score LIMIT {PAGE}").fetchall()
        db.execute("SELECT count(*) FROM found").fetchone()
        db.execute("SELECT facet, value, count(*) FROM facets JOIN found ON facets.doc = found.doc "
                   "GROUP BY facet, value").fetchall()

    return search


# --- tantivy ---------------------------------------------------------------------------------

def tantivy_engine(cases: list[Case], folder: str) -> Callable[[Query], None] | None:
    """The same text fields in tantivy (its default tokenizer), facet values as raw fast
    fields; None when tantivy is not installed."""
    try:
        import tantivy
    except ImportError:
        return None
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("slug", stored=True)
    for name in FIELDS:
        builder.add_text_field(name, stored=name in ("title", "lead"))
    for name in FACET_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    schema = builder.build()
    index = tantivy.Index(schema, path=folder)
    writer = index.writer()
    for case, (slug, title, lead, organisation, body) in zip(cases, _rows(cases)):
        if not case.published:
            continue
        doc = tantivy.Document(slug=slug, title=title, lead=lead, organisation=organisation, body=body)
        for name in FACET_FIELDS:
            for value in case.facet_values(name):
                doc.add_text(name, value)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    aggregations = {name: {"terms": {"field": name, "size": 100}} for name in FACET_FIELDS}
    Occur = tantivy.Occur

    def search(query: Query) -> None:
        words, phrases = _terms(query.q)
        text = " ".join([f"+{w}" for w in words] + [f'+"{p}"' for p in phrases])
        if not text:
            return
        q = index.parse_query(text, list(FIELDS))
        if query.filters:
            q = tantivy.Query.boolean_query(
                [(Occur.Must, q)] + [(Occur.Must, tantivy.Query.term_query(schema, name, value))
                                     for name, value in query.filters.items()])
        result = searcher.search(q, PAGE, count=True)
        for _, address in result.hits:
            searcher.doc(address)
        searcher.aggregate(q, aggregations)

    return search


# --- measuring -------------------------------------------------------------------------------

def timed(search: Callable[[Query], None], batch: list[Query]) -> dict[str, list[float]]:
    """Milliseconds per query, by kind."""
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for query in batch:
        started = time.perf_counter()
        search(query)
        times[query.kind].append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def compare(settings: Settings, cases: list[Case], texts: list[str]) -> list[str]:
    """The report's lines: p50/p95 per engine and kind, and the ratios ours/FTS5, ours/tantivy."""
    batch = queries(settings, texts)
    results: dict[str, dict[str, list[float]] | None] = {}
    with tempfile.TemporaryDirectory(prefix="casesamlingen-engines-") as folder:
        engines = {"SQLite FTS5": fts5(cases), "tantivy": tantivy_engine(cases, folder)}
        # A fresh index state per kind, so that every query is new to it (first sight).
        results["ours"] = {kind: timed(ours(settings), [q for q in batch if q.kind == kind])[kind]
                           for kind in KINDS}
        for name, search in engines.items():
            results[name] = timed(search, batch) if search is not None else None
    published = sum(1 for c in cases if c.published)
    lines = [f"engine level, in process: {len(texts)} queries alone and with two facet filters on "
             f"the same {published} documents; top {PAGE}, count and facet counts "
             f"(ours: first sight, with snippets)",
             f"{'':<34} " + "  ".join(f"{kind + ' p50':>22} {'p95':>7}" for kind in KINDS)]
    for name, times in results.items():
        if times is None:
            lines.append(f"{name:<34} not installed (.venv/bin/pip install tantivy)")
            continue
        lines.append(f"{name:<34} " + "  ".join(
            f"{percentile(times[kind], 50):>22.1f} {percentile(times[kind], 95):>7.1f}" for kind in KINDS))
    for name in ("SQLite FTS5", "tantivy"):
        other = results.get(name)
        if other is None:
            lines.append(f"ours/{name}: tantivy not installed")
            continue
        ratios = []
        for kind in KINDS:
            p50 = percentile(results["ours"][kind], 50) / max(percentile(other[kind], 50), 1e-6)
            p95 = percentile(results["ours"][kind], 95) / max(percentile(other[kind], 95), 1e-6)
            ratios.append(f"{kind} p50 {p50:.2f}x, p95 {p95:.2f}x")
        target = " (target at 10,000 cases: p95 <= 1)" if name == "SQLite FTS5" else ""
        lines.append(f"ours/{name}: " + "; ".join(ratios) + target)
    return lines
