"""Suggestions while a visitor types: case titles, organisations and the collection's words.

``GET /api/suggest?q=ældrep`` answers a list, best first, of at most ``limit`` suggestions:
published cases (by title), organisations of published cases, and words published cases use
(never a word only a draft has; see :func:`.spelling.published_words`).

Every answer comes from the index, never from the case files. The work is bounded: the words
typed are capped, each look-up reads a capped number of index words, and the extras stop when
``search.suggestions_budget_ms`` is spent (Datasette's time-boxed extras). The tables behind
organisations and words are built once per index state and kept with its reader.

Typed words are folded like the index (æ/ø/å, ae/oe/aa), so "aeldrep" suggests "ældreplejen":
the label shows the word as the cases write it.
"""
from __future__ import annotations

import bisect
import itertools
import re
import time
from dataclasses import dataclass

from whoosh import query as wq

from indexer.analysis import fold_danish

from .compat import CappedPrefix
from .memory import per_reader
from .snapshot import IndexView
from .spelling import published_words

MAX_WORDS = 6
MIN_PREFIX = 2
DEFAULT_LIMIT = 8
MAX_LIMIT = 10
SCAN_LIMIT = 2000
"""At most this many index words are read to complete one word."""

_WORD_RE = re.compile(r"[^\W_]+")
_ORG_SPLIT = re.compile(r"[,;()/:]|\s+og\s+|\s+m\.fl\.?|\s+med\s+|\s+samt\s+|\s+–\s+")


@dataclass(frozen=True)
class Suggestion:
    label: str
    kind: str  # "case", "organisation" or "term"
    slug: str | None = None
    query: str | None = None


@dataclass
class _Tables:
    """Per index state: the words of the cases and the organisations, ready for prefix look-up."""

    words: list[str]  # folded forms, sorted
    spelled: dict[str, tuple[str, int]]  # folded -> (most used written form, cases using it)
    organisations: list[tuple[str, str, int]]  # (folded name, name, cases), most cases first


def _build_tables(view: IndexView) -> _Tables:
    spelled: dict[str, tuple[str, int]] = {}
    words = published_words(view)
    for word in words.sorted:
        cases = words.doc_frequency[word]
        key = fold_danish(word)
        if key not in spelled or cases > spelled[key][1]:
            spelled[key] = (word, cases)
    counts: dict[str, set[int]] = {}
    names: dict[str, str] = {}
    for docnum in view.derived.published:
        organisation = view.searcher.stored_fields(docnum).get("organisation", "")
        for part in _ORG_SPLIT.split(organisation):
            name = part.strip(" .")
            if 3 <= len(name) <= 60 and name[0].isupper():
                key = fold_danish(name.lower())
                counts.setdefault(key, set()).add(docnum)
                names.setdefault(key, name)
    organisations = sorted(((k, names[k], len(d)) for k, d in counts.items()),
                           key=lambda o: (-o[2], len(o[1]), o[1]))
    return _Tables(sorted(spelled), spelled, organisations)


def _tables_for(view: IndexView) -> _Tables:
    return per_reader(view.searcher.reader(), "suggestion tables", lambda: _build_tables(view))


def _folded_words(text: str) -> list[str]:
    return [fold_danish(w.lower()) for w in _WORD_RE.findall(text)][:MAX_WORDS]


def _long_enough(words: list[str]) -> bool:
    """Two letters to go on: one word of two, or a word and the first letter of the next."""
    return bool(words) and (len(words[-1]) >= MIN_PREFIX or len(words) > 1)


def _cases(view: IndexView, words: list[str], limit: int) -> list[Suggestion]:
    """Published cases whose title or organisation has every word, the last one as a prefix."""
    if not _long_enough(words):
        return []
    parts: list[wq.Query] = [wq.Term("title_exact", w) for w in words[:-1]]
    parts.append(CappedPrefix("title_exact", words[-1]).capped(view.relevance.max_expansions))
    hits = view.searcher.search(wq.And(parts), filter=view.derived.published, limit=limit)
    return [Suggestion(hit["title"], "case", slug=hit["slug"]) for hit in hits]


def _organisations(tables: _Tables, words: list[str], limit: int) -> list[Suggestion]:
    """Organisations whose name has a word starting with each typed word."""
    if not _long_enough(words):
        return []
    found = []
    for key, name, _ in tables.organisations:
        name_words = key.split()
        if all(any(nw.startswith(w) for nw in name_words) for w in words):
            found.append(Suggestion(name, "organisation", query=name))
            if len(found) == limit:
                break
    return found


def _terms(tables: _Tables, typed: str, words: list[str], limit: int) -> list[Suggestion]:
    """The most used words that complete the last word typed, after the words before it."""
    if not words or len(words[-1]) < MIN_PREFIX:
        return []
    prefix = words[-1]
    start = bisect.bisect_left(tables.words, prefix)
    candidates = []
    for key in itertools.islice(tables.words, start, start + SCAN_LIMIT):
        if not key.startswith(prefix):
            break
        candidates.append(tables.spelled[key])
    candidates.sort(key=lambda c: (-c[1], len(c[0]), c[0]))
    before = typed[: typed.lower().rfind(_WORD_RE.findall(typed.lower())[-1])].rstrip()
    found = []
    for word, _ in candidates[:limit]:
        query = f"{before} {word}".strip()
        found.append(Suggestion(query, "term", query=query))
    return found


def suggest(view: IndexView, typed: str, limit: int = DEFAULT_LIMIT, budget_ms: float = 150) -> list[Suggestion]:
    """Suggestions for ``typed``: up to half cases, then organisations, then words; no repeats."""
    started = time.perf_counter()
    words = _folded_words(typed)
    out: list[Suggestion] = []

    def spent() -> bool:
        return (time.perf_counter() - started) * 1000 > budget_ms

    out += _cases(view, words, max(1, limit // 2))
    if not spent():
        tables = _tables_for(view)
        out += _organisations(tables, words, max(1, limit // 4))
        if not spent():
            out += _terms(tables, typed, words, limit)
    seen: set[str] = set()
    unique = []
    for s in out:
        key = fold_danish(s.label.lower())
        if key not in seen:
            seen.add(key)
            unique.append(s)
    return unique[:limit]

