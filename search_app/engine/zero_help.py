"""What a search that found nothing offers instead: searches that do find cases, and the themes
and facet values closest to the words. Everything is worked out from the index and the taxonomy
in config.yaml, nothing is a fixed list.

- a compound the cases do not use is tried in parts the cases do use ("klimatilpasning" ->
  "klima", "tilpasning");
- each word of several is tried alone, and the words without the filters;
- a facet value whose label shares the start of a word ("klima…" -> "Klima, miljø og natur");
- a theme whose title, statement or search shares such a word or facet value.

Each candidate is counted (:func:`.search.count_matches`) and offered only when it finds cases.
The work is time-boxed (``budget_ms``): past the budget, the candidates not yet counted are left
out, not the page. When nothing is close, the areas with most cases are offered.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from indexer.analysis import fold_danish
from indexer.settings import Settings, Theme

from .facets import SearchState
from .lexicon import WordList
from .query import parse_user_query
from .search import count_matches
from .snapshot import IndexView

SearchParams = SearchState
"""The web layer's search state; new ones are made with ``type(params)(…)`` (see :func:`help_for`)."""

MIN_PART = 4
"""The shortest part of a compound worth searching for."""
MAX_WAYS = 6
BROWSE_FACETS = ("area", "innovation_type", "value", "partner", "sector", "region")
"""Facets whose value labels may name what a visitor typed."""


@dataclass(frozen=True)
class Way:
    """A search that finds cases: ``kind`` says how it relates to the words typed ("part",
    "word", "unfiltered", "facet", "popular"); ``text`` is the words or the value's label."""

    kind: str
    text: str
    params: SearchParams
    count: int
    facet_label: str = ""


@dataclass
class ZeroHelp:
    ways: list[Way] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)


def _folded(word: str) -> str:
    return fold_danish(word.lower().strip('"-.,;:!?'))


def _label_words(label: str) -> list[str]:
    return [w for w in (_folded(part) for part in label.replace(",", " ").split()) if len(w) >= MIN_PART]


SHARED_START = 6
"""Two words sharing this many first letters are close ("borgerinddragelse", "borgernes")."""


def close(typed: str, word: str) -> bool:
    """Whether a word of a label (``word``, folded) names what was typed (folded): one starts
    with the other, the shorter having at least MIN_PART letters, or they share their first
    SHARED_START letters."""
    shorter = min(len(typed), len(word))
    if shorter >= SHARED_START and typed[:SHARED_START] == word[:SHARED_START]:
        return True
    return shorter >= MIN_PART and (typed.startswith(word) or word.startswith(typed))


def compound_parts(word: str, known: dict[str, int]) -> list[str]:
    """Parts of ``word`` the collection uses as words (spelled as typed), longest first: the
    head and the tail of each split (a linking "s" dropped from the head), at least MIN_PART
    letters each. ``known`` holds the index's folded words."""
    lowered = word.lower().strip('"-.,;:!?')
    parts: list[str] = []
    for i in range(MIN_PART, len(lowered) - MIN_PART + 1):
        head, tail = lowered[:i], lowered[i:]
        for part in (head, head[:-1] if head.endswith("s") else "", tail):
            if (len(part) >= MIN_PART and part not in parts and part != lowered
                    and known.get(fold_danish(part))):
                parts.append(part)
    return sorted(parts, key=len, reverse=True)


def _facet_matches(settings: Settings, words: list[str], lang: str) -> list[tuple[str, str, str, str]]:
    """(facet, value, facet label, value label) of values whose label names one of ``words``."""
    found = []
    for name in BROWSE_FACETS:
        facet = settings.facets.get(name)
        if facet is None:
            continue
        for value in facet.values:
            label = facet.value_label(value, lang)
            danish = facet.value_label(value, "da")
            if any(close(w, lw) for w in words for lw in _label_words(danish) + _label_words(label)):
                found.append((name, value, facet.label.get(lang, facet.label["da"]), label))
    return found


def closest_themes(settings: Settings, words: list[str], facet_values: set[tuple[str, str]]) -> list[Theme]:
    """Themes whose words or search come close to what was typed."""
    themes = []
    for theme in settings.themes.values():
        text = " ".join((theme.title, theme.statement, theme.intro, theme.query))
        by_words = any(close(w, tw) for w in words for tw in _label_words(text))
        by_facet = any((facet, v) in facet_values for facet, vs in theme.filters.items() for v in vs)
        if by_words or by_facet:
            themes.append(theme)
    return themes[:3]


def help_for(view: IndexView, settings: Settings, params: SearchParams, lang: str = "da",
             budget_ms: float = 150) -> ZeroHelp:
    """Searches with results and close themes for a search (``params``) that found nothing."""
    deadline = time.perf_counter() + budget_ms / 1000
    make = type(params)  # the caller's kind of search state, for the searches offered
    parsed = parse_user_query(params.q, view.relevance)
    words = [_folded(w) for w in parsed.words + parsed.phrases if _folded(w)]
    known = WordList.of(view.searcher.reader(), "exact").doc_frequency
    candidates: list[tuple[str, str, SearchParams, str]] = []
    if params.q and params.has_filters:
        candidates.append(("unfiltered", params.q, make(q=params.q), ""))
    typed = parsed.words + parsed.phrases
    if len(typed) > 1:
        candidates += [("word", w, replace_query(params, w), "") for w in typed]
    for word in parsed.words:
        candidates += [("part", part, replace_query(params, part), "") for part in compound_parts(word, known)[:3]]
    matches = _facet_matches(settings, words, lang)
    candidates += [("facet", label, make(filters={name: (value,)}), facet_label)
                   for name, value, facet_label, label in matches]
    help = ZeroHelp(themes=closest_themes(settings, words, {(n, v) for n, v, _, _ in matches}))
    seen: set[tuple] = set()
    for kind, text, candidate, facet_label in candidates:
        if len(help.ways) >= MAX_WAYS or time.perf_counter() > deadline:
            break
        if candidate.key in seen:
            continue
        seen.add(candidate.key)
        count = count_matches(view, candidate)
        if not count and kind in ("part", "word") and candidate.has_filters:
            candidate = make(q=candidate.q)
            count = count_matches(view, candidate)
        if count:
            help.ways.append(Way(kind, text, candidate, count, facet_label))
    if not help.ways:
        help.ways = popular_areas(view, settings, lang, make)
    return help


def replace_query(params: SearchParams, q: str) -> SearchParams:
    return type(params)(q=q, filters=dict(params.filters), year_from=params.year_from,
                        year_to=params.year_to)


def popular_areas(view: IndexView, settings: Settings, lang: str, make, limit: int = 3) -> list[Way]:
    """The areas with most published cases, as searches (offered when nothing is close)."""
    facet = settings.facets.get("area")
    if facet is None:
        return []
    published = view.derived.published_bits
    counts = [(-(bits & published).bit_count(), value)
              for value, bits in view.derived.value_bits.get("area", {}).items()]
    return [Way("popular", facet.value_label(value, lang), make(filters={"area": (value,)}), -n,
                facet.label.get(lang, facet.label["da"]))
            for n, value in sorted(counts)[:limit] if n]
