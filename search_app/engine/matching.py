"""Which published cases a query matches, and the widening policy when almost none do.

:func:`match` is the one place that decides which cases a query finds; :func:`matched`
remembers its answer per index state. The ranking query it returns scores those cases (see
:mod:`.scoring`); it decides nothing about which cases are found.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from whoosh import query as wq

from indexer.settings import Settings

from .docsets import BitSet, to_bits
from .expansion import QueryBuilder, matching_form
from .lexicon import Lexicon
from .query import UserQuery, parse_user_query
from .snapshot import IndexView


@dataclass(frozen=True)
class Match:
    """What a query matches in one index state."""

    query: wq.Query | None
    """Scores the matching cases (None when nothing searchable was typed)."""
    docs: frozenset[int]
    """The published cases that match."""
    relaxed: bool = False
    """No case has all the words, so cases with any of them were taken."""
    bits: int = 0
    """``docs`` as a bitset (see :mod:`.docsets`)."""


def query_builder(view: IndexView) -> QueryBuilder:
    """The index state's query builder (made once: it analyses every topic label)."""
    settings = view.settings
    return view.memo(("query builder",), lambda: QueryBuilder(
        view.searcher.schema,
        relevance=view.relevance,
        synonyms=settings.synonyms(),
        lexicon=RememberingLexicon(view),
        topic_labels=topic_labels(settings, view.relevance.searchable_facets),
    ), weigh=lambda found: 100_000)


class RememberingLexicon(Lexicon):
    """A lexicon whose typo look-ups are remembered per index state: each compares the word
    with the word list's words of the same first letter, and the answer only changes with the
    index."""

    def __init__(self, view: IndexView):
        super().__init__(view.searcher.reader())
        self.view = view

    def nearest(self, word: str, maxdist: int, limit: int = 3) -> list[str]:
        found = self.view.memo(("nearest", word, maxdist, limit),
                               lambda: tuple(Lexicon.nearest(self, word, maxdist, limit)))
        return list(found)


def topic_labels(settings: Settings, facets) -> dict[tuple[str, str], str]:
    """(facet, value) -> Danish label of the facets a word may name."""
    labels = {}
    for name in facets:
        facet = settings.facets.get(name)
        if facet is not None:
            for value in facet.values:
                labels[(name, value)] = facet.value_label(value, "da")
    return labels


def _docs(view: IndexView, queries, published: set[int]) -> list[set[int]]:
    return [view.docs(matching_form(q)) & published for q in queries]


def match(view: IndexView, parsed: UserQuery) -> Match:
    """The cases ``parsed`` matches.

    A case matches when it has every word. When that leaves fewer than
    ``Relevance.few_results`` cases, the search widens step by step: when some case matched, a
    compound word may match its last part ("robot" for "sorteringsrobot"; never for a word no
    case has: "vindmøller" must not find "A.P. Møller"); with three or more words, a case may
    lack one word, and then any word will do. With two words and no case holding both, any word
    will do, and ``relaxed`` tells the page to say so. The ranking query scores all these cases,
    so the ones with more of the words come first.
    """
    few = view.relevance.few_results
    builder = query_builder(view)
    published = view.derived.published
    parts = [view.expand(p) for p in builder.part_queries(parsed)]
    if not parts:
        docs = frozenset(published) if parsed.empty else frozenset()
        return Match(None, docs, False, to_bits(docs))
    excluded = builder.excluded_query(parsed)
    dropped = view.docs(view.expand(excluded)) if excluded else set()
    per_part = [docs - dropped for docs in _docs(view, parts, published)]
    base = set.intersection(*per_part)
    if 0 < len(base) < few:
        widened = [view.expand(p) for p in builder.part_queries(parsed, widen=True)]
        if widened != parts:
            parts = widened
            per_part = [docs - dropped for docs in _docs(view, parts, published)]
            base = set.intersection(*per_part)
    relaxed = False
    all_words = len(base) >= few or (bool(base) and len(parts) < 3)
    if len(parts) >= 3 and len(base) < few:
        counts: dict[int, int] = {}
        for docs in per_part:
            for doc in docs:
                counts[doc] = counts.get(doc, 0) + 1
        base = {doc for doc, n in counts.items() if n >= len(parts) - 1}
        if len(base) < few:
            base = set(counts)
    elif not base and len(parts) > 1:
        base = set().union(*per_part)
        relaxed = bool(base)
    query = view.expand(builder.ranking_query(parts, all_words))
    return Match(query, frozenset(base), relaxed, to_bits(base))


def matched(view: IndexView, text: str) -> Match:
    """:func:`match` for the query ``text``, worked out once per index state."""
    return view.memo(("match", text), lambda: _compact(match(view, parse_user_query(text, view.relevance))),
                     weigh=_weight)


def _weight(found: Match) -> int:
    """Bytes a remembered match takes: its query tree (some 300 bytes a word) and its bitset."""
    words = sum(1 for _ in found.query.leaves()) if found.query is not None else 0
    return 1_000 + 300 * words + found.docs.size()


def _compact(found: Match) -> Match:
    """``found`` with its documents as a :class:`.docsets.BitSet` (the same set, a bit per
    document), to be remembered: a frozenset of thousands of cases would fill the memory for
    answers with a few common words."""
    return replace(found, docs=BitSet(found.bits))
