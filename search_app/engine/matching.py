"""Which published cases a query matches, and the widening policy when almost none do.

:func:`match` is the one place that decides which cases a query finds; :func:`matched`
remembers its answer per index state. The ranking query it returns scores those cases (see
:mod:`.scoring`); it decides nothing about which cases are found.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Mapping

from whoosh import query as wq

from indexer.settings import Settings, search_filters

from .docsets import BitSet, to_bits
from .expansion import NamedSearch, QueryBuilder, matching_form
from .lexicon import Lexicon
from .query import UserQuery, parse_user_query
from .relevance import Relevance
from .scoring import Scorer
from .snapshot import IndexView


@dataclass(frozen=True)
class Match:
    """What a query matches in one index state."""

    query: wq.Query | None
    """Scores the matching cases (None when nothing searchable was typed)."""
    docs: frozenset[int]
    """The published cases that match."""
    relaxed: bool = False
    """The search widened: some of the cases lack some of the words (see :func:`match`)."""
    bits: int = 0
    """``docs`` as a bitset (see :mod:`.docsets`)."""
    matched_words: tuple[str, ...] = ()
    """The query's searched words (and "phrases"), as typed, that some matching case has."""
    coverage: Mapping[int, int] = field(default_factory=dict)
    """When widened: how many of the query's words each case has (cases with more come first)."""
    themes: tuple[str, ...] = ()
    """Slugs of the theme pages whose titles the query names (their cases come first)."""

    def ranked(self, view: IndexView, docs) -> list[int]:
        """The documents of ``docs``, best first: by how many of the words they have, then by
        score (:meth:`.scoring.Scorer.ranked`)."""
        order = Scorer(view).ranked(self.query, docs)
        if self.coverage:
            coverage = self.coverage
            order.sort(key=lambda docnum: -coverage.get(docnum, 0))  # stable: score within
        return order


def query_builder(view: IndexView) -> QueryBuilder:
    """The index state's query builder (made once: it analyses every topic label)."""
    settings = view.settings

    def build() -> QueryBuilder:
        labels = topic_labels(settings, view.relevance.searchable_facets)
        return QueryBuilder(
            view.searcher.schema,
            relevance=view.relevance,
            synonyms=settings.synonyms(),
            lexicon=RememberingLexicon(view),
            topic_labels=labels,
            named_searches=named_searches(settings) + label_searches(labels),
        )

    return view.memo(("query builder",), build, weigh=lambda found: 100_000)


def named_searches(settings: Settings) -> list[tuple[str, str, NamedSearch]]:
    """(title, language, search) of every theme page (its Danish title) and front-page entry
    (its label in both languages): the searches their titles name."""
    named = []
    for theme in settings.themes.values():
        filters = tuple(theme.filters.items())
        if filters or theme.query:
            named.append((theme.title, "da", NamedSearch(filters, theme.query, theme.slug)))
    for point in settings.entry_points:
        params = point.get("params") or {}
        filters = tuple(search_filters(params).items())
        search = NamedSearch(filters, str(params.get("q") or ""))
        for lang, label in (point.get("label") or {}).items():
            named.append((str(label), lang, search))
    return named


def label_searches(labels: dict[tuple[str, str], tuple[str, str]]
                   ) -> list[tuple[str, str, NamedSearch]]:
    """(label, language, search) of every facet value whose label (``labels``, as
    :func:`topic_labels` gives them) has several words ("Region Hovedstaden", "Ældre og pleje",
    "Private virksomheder", "Elderly care"): typed as a whole, it names the value, and the cases
    filed under it come first, before the cases that only have its words ("Sjælland" in
    Nordsjællands Hospital's, which is in Region Hovedstaden). A label of one word stays a word."""
    named = []
    for (facet, value), pair in labels.items():
        for lang, label in zip(("da", "en"), pair):
            if len(label.split()) > 1:
                named.append((label, lang, NamedSearch(((facet, (value,)),))))
    return named


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


NEGATIONS = frozenset({"ikke", "not", "no"})
"""A label that starts with one of these names the absence of something ("Ikke
medarbejderdrevet", "Not stated in the source"): a visitor's words never match it."""


def topic_labels(settings: Settings, facets) -> dict[tuple[str, str], tuple[str, str]]:
    """(facet, value) -> (Danish label, English label) of the facets a word may name, without
    the labels that say "not"."""
    labels = {}
    for name in facets:
        facet = settings.facets.get(name)
        if facet is None:
            continue
        for value in facet.values:
            pair = (facet.value_label(value, "da"), facet.value_label(value, "en"))
            if not any(label.split()[0].lower() in NEGATIONS for label in pair if label.split()):
                labels[(name, value)] = pair
    return labels


def match(view: IndexView, parsed: UserQuery) -> Match:
    """The cases ``parsed`` matches.

    A case matches when it has every word. When that leaves fewer than
    ``Relevance.few_results`` cases, the search widens step by step: when some case matched, a
    compound word may match its last part ("robot" for "sorteringsrobot"; never for a word no
    case has: "vindmøller" must not find "A.P. Møller"); then cases that lack some of the words
    are taken too (see :func:`widened`), and ``relaxed`` tells the page and the API to say so.
    Cases with more of the words come first (``Match.coverage``).
    """
    few = view.relevance.few_results
    builder = query_builder(view)
    published = view.derived.published
    labelled = builder.labelled_parts(parsed)
    labels = [label for label, _ in labelled]
    parts = [view.expand(q) for _, q in labelled]
    if not parts:
        docs = frozenset(published) if parsed.empty else frozenset()
        return Match(None, docs, False, to_bits(docs))
    excluded = builder.excluded_query(parsed)
    dropped = view.docs(view.expand(excluded)) if excluded else set()
    per_part = [docs - dropped for docs in _part_docs(view, parts, published)]
    own = per_part  # each word's cases by the word itself, not by its compound's last part
    weak = [builder.is_weak(label) for label in labels]
    if all(weak):
        weak = [False] * len(weak)
    base = _having_all(per_part, weak)
    if 0 < len(base) < few:
        widened_parts = [view.expand(q) for _, q in builder.labelled_parts(parsed, widen=True)]
        if widened_parts != parts:
            parts = widened_parts
            per_part = [docs - dropped for docs in _part_docs(view, parts, published)]
            base = _having_all(per_part, weak)
    all_words = not any(weak) and (len(base) >= few or (bool(base) and len(parts) < 3))
    coverage: dict[int, int] = {}
    if len(base) < few and len(parts) > 1:
        setting = [builder.names_organisation(label, len(docs)) for label, docs in zip(labels, own)]
        found = widened(view.relevance, per_part, base, len(published), weak, own, setting)
        if len(found) > len(base):
            coverage = {doc: sum(doc in docs for docs in per_part) for doc in found}
            base = found
    words = tuple(label for label, docs in zip(labels, per_part) if docs & base)
    query = view.expand(builder.ranking_query(parts, all_words))
    return Match(query, frozenset(base), bool(coverage), to_bits(base), words, coverage,
                 builder.named_themes(labels))


def _part_docs(view: IndexView, parts: list[wq.Query], published: set[int]) -> list[set[int]]:
    """Each part's published cases."""
    return [view.docs(matching_form(part)) & published for part in parts]


def _having_all(per_part: list[set[int]], weak: list[bool]) -> set[int]:
    """The cases with every word, weak words (English stopwords, see
    ``QueryBuilder.is_weak``) not required."""
    return set.intersection(*[docs for docs, w in zip(per_part, weak) if not w])


def widened(relevance: Relevance, per_part: list[set[int]], base: set[int],
            published: int, weak: list[bool] | None = None,
            own: list[set[int]] | None = None, setting: list[bool] | None = None) -> set[int]:
    """``base`` (the cases with every word) and the cases that lack some words but keep the
    query's point: each has the query's rarest word (the one the fewest cases have: the need
    itself, not its setting) and at least one word that is not common
    (``Relevance.common_share``). With three or more words, cases that lack only one word are
    tried first; when they are still too few, cases with fewer words come in (ranked below).
    When the rarest word is in no case, no case is added: the collection has nothing on it.
    ``weak`` marks words that never decide this (English stopwords a case happens to use);
    ``own`` holds each word's cases by the word itself, when ``per_part`` also lets a compound
    match its last part: rarity and the telling words are judged by the words themselves.
    ``setting`` marks words that name an organisation ("aalborg" in "aalborg kommune
    beskæftigelse"): the setting of a need, not the need, so when the rarest word is one, a
    case must also have one of the words that are not (common or not: "ældre" in "aarhus
    kommune ældre")."""
    weak = weak or [False] * len(per_part)
    own = own or per_part
    strong = [i for i in range(len(per_part)) if not weak[i]] or list(range(len(per_part)))
    rarest = min(strong, key=lambda i: len(own[i]))
    telling = [own[i] for i in strong if len(own[i]) < relevance.common_share * published]
    counts = Counter(doc for docs in per_part for doc in docs)
    setting = setting or [False] * len(per_part)
    if setting[rarest]:
        needs = [own[i] for i in strong if not setting[i]]
        telling = needs or telling
    candidates = {doc for doc in own[rarest] if any(doc in docs for docs in telling)}
    if len(per_part) >= 3:
        most = base | {doc for doc in candidates if counts[doc] >= len(per_part) - 1}
        if len(most) >= relevance.few_results:
            return most
    return base | candidates


def matched(view: IndexView, text: str) -> Match:
    """:func:`match` for the query ``text``, worked out once per index state."""
    return view.memo(("match", text), lambda: _compact(match(view, parse_user_query(text, view.relevance))),
                     weigh=_weight)


def _weight(found: Match) -> int:
    """Bytes a remembered match takes: its query tree (some 300 bytes a word), its bitset and,
    when widened, its table of how many words each case has."""
    words = sum(1 for _ in found.query.leaves()) if found.query is not None else 0
    return 1_000 + 300 * words + found.docs.size() + 100 * len(found.coverage)


def _compact(found: Match) -> Match:
    """``found`` with its documents as a :class:`.docsets.BitSet` (the same set, a bit per
    document), to be remembered: a frozenset of thousands of cases would fill the memory for
    answers with a few common words."""
    return replace(found, docs=BitSet(found.bits))
