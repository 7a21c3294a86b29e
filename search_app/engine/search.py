"""Running a search: matching, ranking, a page, its snippets, facet counts and "Mente du".

The steps, each in its own module: the text is read into a :class:`.query.UserQuery`
(:mod:`.query`), expanded into Whoosh queries (:mod:`.expansion`), matched and widened
(:mod:`.matching`), ranked (:mod:`.scoring`), cut into a page (here), given snippets
(:mod:`.snippets`) and facet counts (:mod:`.facets`), and, when it found few cases, a better
spelling (:mod:`.spelling`). Ranking runs once per query text; facet filters and pages are
slices of it.

What depends only on the index state and the query text (the matching documents, their ranking,
"Mente du", each result's snippet) is remembered per worker until the index changes
(:mod:`.memory`), so a popular search, or the next page of one, is not worked out again.
"""
from __future__ import annotations

import time
from array import array
from dataclasses import dataclass, field
from itertools import islice

from .docsets import from_bits
from .facets import FacetGroup, SearchState, facet_groups, intersect, selections, year_counts
from .matching import Match, matched
from .ordering import ordered
from .query import parse_user_query
from .scoring import Scorer, warm as warm_words
from .snapshot import IndexView
from .snippets import page_snippets, warm_case
from .spelling import OutOfTime, did_you_mean
from .stored import ResultItem, page_item, stored_texts


@dataclass
class SearchOutcome:
    params: SearchState
    total: int
    results: list[ResultItem]
    facets: list[FacetGroup]
    years: list[tuple[int, int]]
    did_you_mean: str | None = None
    relaxed: bool = False
    """The search widened: some results lack some of the words (``matched_words`` says which
    words the results have)."""
    matched_words: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    """Slugs of the theme pages whose titles the query names: their cases come first."""
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))


def _ranked_page(view: IndexView, text: str, found: Match, filtered: set[int],
                 start: int, end: int) -> list[int]:
    """The documents on the page, by relevance: the query's ranking with the filters applied.
    When the whole ranking is not remembered, only the first ``end`` are worked out
    (:func:`ranked_top`)."""
    order = view.remembered(("ranked", text))
    if order is None:
        every = len(filtered) == len(found.docs)  # no filter leaves a case out
        among = view.memo(("top", text, None if every else frozenset(filtered), end),
                          lambda: array("I", ranked_top(view, found, filtered, end)),
                          weigh=lambda top: 200 + 4 * len(top) + (0 if every else 64 * len(filtered)))
        return list(among[start:end])
    if len(filtered) == len(found.docs):
        return list(order[start:end])
    return list(islice((d for d in order if d in filtered), start, end))


def ranked_top(view: IndexView, found: Match, docs: set[int], count: int) -> list[int]:
    """The first ``count`` of ``found.ranked(view, docs)``, scoring in full only the documents
    that can reach them (:meth:`.scoring.Scorer.top`); a widened search, which puts the cases
    with more of the words first, is ranked whole."""
    if found.coverage:
        return found.ranked(view, docs)[:count]
    return Scorer(view).top(found.query, docs, count)


def _ranking(view: IndexView, text: str, found: Match) -> array:
    """Every document the query matches, best first, worked out once per index state."""
    return view.memo(("ranked", text), lambda: array("I", found.ranked(view, found.docs)),
                     weigh=lambda ranked: 100 + 4 * len(ranked))


def budget_ms(view: IndexView) -> float:
    """The time "Mente du", suggestions and related cases may take (``search.suggestions_budget_ms``)."""
    return float(view.settings.section("search")["suggestions_budget_ms"])


def _did_you_mean(view: IndexView, text: str, found: int) -> str | None:
    """"Mente du" for ``text``, remembered per index state; None when its time ran out (and
    then not remembered: the next search tries again)."""
    deadline = time.perf_counter() + budget_ms(view) / 1000
    try:
        return view.memo(("did_you_mean", text, found), lambda: did_you_mean(
            view, parse_user_query(text, view.relevance), found, deadline))
    except OutOfTime:
        return None


def run_search(view: IndexView, params: SearchState, lang: str = "da") -> SearchOutcome:
    started = time.perf_counter()
    settings = view.settings
    found = matched(view, params.q)
    chosen = selections(view, params)
    filtered_bits = intersect(found.bits, chosen)
    total = filtered_bits.bit_count()
    start = (params.page - 1) * params.per_page
    end = start + params.per_page
    page_docs: list[int] = []
    if start < total:
        if found.query is not None and params.sort == "relevance":
            # Without facet filters every match is kept: its numbers need not be listed again.
            filtered = found.docs if filtered_bits == found.bits else set(from_bits(filtered_bits))
            page_docs = _ranked_page(view, params.q, found, filtered, start, end)
        else:
            page_docs = ordered(view, params.sort, set(from_bits(filtered_bits)))[start:end]
    searched = time.perf_counter()
    snippets = page_snippets(view, params.q, found.query, page_docs) if found.query is not None else {}
    items = [page_item(view, d, snippets.get(d, "")) for d in page_docs]
    highlighted = time.perf_counter()
    lang = lang or "da"
    facets = facet_groups(view, settings, params, found.bits, chosen, lang)
    years = year_counts(view, found.bits, chosen)
    counted = time.perf_counter()
    suggestion = None
    if params.q and total < view.relevance.few_results:
        suggestion = _did_you_mean(view, params.q, len(found.docs))
    finished = time.perf_counter()
    return SearchOutcome(
        params=params,
        total=total,
        results=items,
        facets=facets,
        years=years,
        did_you_mean=suggestion,
        relaxed=found.relaxed,
        matched_words=list(found.matched_words),
        themes=list(found.themes),
        timings={"search": (searched - started) * 1000,
                 "snippets": (highlighted - searched) * 1000,
                 "facets": (counted - highlighted) * 1000,
                 "suggest": (finished - counted) * 1000},
    )


def warm_up(view: IndexView, budget_s: float) -> tuple[int, int]:
    """Prepare a worker's first searches, for at most ``budget_s`` seconds of CPU time: read
    the words' documents and scores (half the budget, see scoring.warm), then, newest case
    first, decode each case as listed and analyse its texts for snippets while the memory for
    them lasts. Returns (words, cases) done.

    Called when a worker opens the index; the worker logs what it prepared and how long it
    took. On a large index the budget ends it early and the rest is done when first needed.
    CPU time, not wall time: workers start together and share the cores.
    """
    started = time.process_time()
    words = warm_words(view, budget_s / 2)
    deadline = started + budget_s
    tokens = view.derived.memory["tokens"]
    cases = 0
    for docnum in view.derived.newest_first:
        if time.process_time() > deadline or tokens.full:
            break
        page_item(view, docnum, "")
        body, lead = stored_texts(view, docnum)
        warm_case(view, docnum, body, lead)
        cases += 1
    return words, cases


def count_matches(view: IndexView, params: SearchState) -> int:
    """How many published cases a search finds: no ranking, snippets or facet counts."""
    return intersect(matched(view, params.q).bits, selections(view, params)).bit_count()


def ordered_matches(view: IndexView, params: SearchState) -> list[int]:
    """Every published document the search matches, in the order asked for, without pagination
    or highlighting: for exports and feeds, which want the whole result, not a page of it."""
    found = matched(view, params.q)
    filtered = set(from_bits(intersect(found.bits, selections(view, params))))
    if not filtered:
        return []
    if found.query is not None and params.sort == "relevance":
        return [d for d in _ranking(view, params.q, found) if d in filtered]
    return ordered(view, params.sort, filtered)
