"""Running a search: matching, disjunctive facet counts, ranking, snippets, "Mente du".

Counting follows Datasette's idea with set algebra: one unscored pass finds the documents the
words match (the base); each facet's counts are taken over the base filtered by every *other*
facet's selection, so a user sees how far a choice widens. The sets are bitsets (see
:mod:`.docsets`). Ranking runs once per query text (see :mod:`.ranking`); facet filters and
pages are slices of it.

What depends only on the index state and the query text (the matching documents, their ranking,
"Mente du", each result's snippet) is remembered per worker until the index changes
(``IndexView.memo``), so a popular search, or the next page of one, is not worked out again.
"""
from __future__ import annotations

import json
import time
from array import array
from dataclasses import dataclass, field, replace
from itertools import islice

from whoosh.support.levenshtein import distance

from indexer.analysis import fold_danish
from indexer.record import FACET_FIELDS
from indexer.settings import Settings

from .docsets import from_bits, to_bits, union
from .index_access import IndexView
from .params import SearchParams
from .lexicon import Lexicon, WordList
from .querying import TOPIC_FACETS, QueryBuilder, UserQuery, matching_form, max_edits, parse_user_query
from . import scoring
from .scoring import Scorer
from .snippets import SNIPPET_TEXTS, highlight, snippet_highlighter, warm_case


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    facet: str
    current: SearchParams

    @property
    def params(self) -> SearchParams:
        """The search with this value switched on or off (made when a link needs it: a page
        lists some forty values, and most answers link them through a remembered URL)."""
        return self.current.toggled(self.facet, self.value)


@dataclass
class FacetGroup:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]


@dataclass
class ResultItem:
    slug: str
    title: str
    lead: str
    organisation: str
    year: int | None
    snippet: str
    facets: dict[str, list[str]]
    summary_en: str | None = None


@dataclass
class SearchOutcome:
    params: SearchParams
    total: int
    results: list[ResultItem]
    facets: list[FacetGroup]
    years: list[tuple[int, int]]
    did_you_mean: str | None = None
    relaxed: bool = False
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))


def query_builder(view: IndexView, settings: Settings) -> QueryBuilder:
    """The index state's query builder (made once: it analyses every topic label)."""
    return view.memo(("query builder",), lambda: QueryBuilder(
        view.searcher.schema,
        boosts=settings.section("search").get("field_boosts"),
        synonyms=settings.synonyms(),
        lexicon=RememberingLexicon(view),
        topic_labels=topic_labels(settings),
    ), weigh=lambda found: 100_000)


class RememberingLexicon(Lexicon):
    """A lexicon whose typo look-ups are remembered per index state: each builds a Levenshtein
    automaton and walks the word list (about 6 ms, measured), and the answer only changes with
    the index."""

    def __init__(self, view: IndexView):
        super().__init__(view.searcher.reader())
        self.view = view

    def nearest(self, word: str, maxdist: int, limit: int = 3) -> list[str]:
        found = self.view.memo(("nearest", word, maxdist, limit),
                               lambda: tuple(Lexicon.nearest(self, word, maxdist, limit)))
        return list(found)


def topic_labels(settings: Settings) -> dict[tuple[str, str], str]:
    """(facet, value) -> Danish label of the facets a word may name (see TOPIC_FACETS)."""
    labels = {}
    for name in TOPIC_FACETS:
        facet = settings.facets.get(name)
        if facet is not None:
            for value in facet.values:
                labels[(name, value)] = facet.value_label(value, "da")
    return labels


def _selections(view: IndexView, params: SearchParams) -> dict[str, int]:
    """Per facet with a selection: the documents carrying any selected value (OR within)."""
    d = view.derived
    chosen = {
        name: union(d.value_bits.get(name, {}).get(v, 0) for v in values)
        for name, values in params.filters.items()
    }
    if params.year_from is not None or params.year_to is not None:
        lo = params.year_from or 0
        hi = params.year_to or 9999
        chosen["year"] = union(docs for y, docs in d.year_bits.items() if lo <= y <= hi)
        if params.year_missing:  # and the cases without a year
            chosen["year"] |= d.published_bits & ~union(d.year_bits.values())
    return chosen


def _intersect(base: int, selections: dict[str, int], skip: str | None = None) -> int:
    result = base
    for name, docs in selections.items():
        if name != skip:
            result &= docs
    return result


def _facet_groups(view, settings, params, base, selections, lang) -> list[FacetGroup]:
    groups = []
    for name in FACET_FIELDS:
        facet = settings.facets.get(name)
        if facet is None:
            continue
        scope = _intersect(base, selections, skip=name)
        values = []
        for value, docs in view.derived.value_bits.get(name, {}).items():
            selected = value in params.selected(name)
            count = (scope & docs).bit_count()
            if count or selected:
                values.append(FacetValue(value, facet.value_label(value, lang), count, selected,
                                         name, params))
        groups.append(FacetGroup(name, facet.label.get(lang, facet.label["da"]), values))
    return groups


def _year_counts(view, base, selections) -> list[tuple[int, int]]:
    scope = _intersect(base, selections, skip="year")
    counts = [(y, (scope & docs).bit_count()) for y, docs in view.derived.year_bits.items()]
    return sorted((y, c) for y, c in counts if c)


def _order(view: IndexView, sort: str, docs: set[int]) -> list[int]:
    ordered = [d for d in view.derived.newest_first if d in docs]
    if sort == "oldest":
        dated = [d for d in ordered if view.derived.doc_year.get(d) is not None]
        undated = [d for d in ordered if view.derived.doc_year.get(d) is None]
        ordered = list(reversed(dated)) + undated
    elif sort == "title":
        ordered.sort(key=view.derived.doc_title.__getitem__)
    return ordered


def _item(stored: dict, snippet: str) -> ResultItem:
    record = json.loads(stored["record"])
    return ResultItem(
        slug=stored["slug"],
        title=stored["title"],
        lead=stored["lead"],
        organisation=stored["organisation"],
        year=stored.get("year"),
        snippet=snippet,
        facets={name: record.get(name) for name in FACET_FIELDS},
        summary_en=record.get("summary_en"),
    )


def _page_item(view: IndexView, docnum: int, snippet: str) -> ResultItem:
    """A result as listed (its stored fields read and decoded once per index state)."""
    item = view.remembered(("item", docnum)) or _read_case(view, docnum)[0]
    return replace(item, snippet=snippet) if snippet else item


def _stored_texts(view: IndexView, docnum: int) -> tuple[str, str]:
    """(body, lead) of a case, read once per index state."""
    return view.remembered(("texts", docnum), pool="tokens") or _read_case(view, docnum)[1]


def _read_case(view: IndexView, docnum: int) -> tuple[ResultItem, tuple[str, str]]:
    """A case's stored fields, read once for both what it is listed as and its texts (a case
    listed for the first time needs both)."""
    stored = view.searcher.stored_fields(docnum)
    item = _item(stored, "")
    texts = stored.get("body", ""), stored.get("lead", "")
    view.remember(("item", docnum), item,
                  1000 + 2 * (len(item.lead) + len(item.title) + len(item.summary_en or "")))
    view.remember(("texts", docnum), texts, 100 + 2 * sum(map(len, texts)), pool="tokens")
    return item, texts


def _snippet(view: IndexView, highlighter, docnum: int, words: set[tuple[str, str]]) -> str:
    """Highlighted text around the matches: a direct match in the body or lead first, then
    compound parts and near spellings found in the body."""
    body, lead = _stored_texts(view, docnum)
    # A field in which the case matched no word would be analysed to find nothing.
    matched_fields = {fieldname for fieldname, _ in words}
    for fieldname, source in SNIPPET_TEXTS:
        text = body if source == "body" else lead
        if fieldname not in matched_fields:
            continue
        field_words = frozenset(word for name, word in words if name == fieldname)
        try:
            snippet = highlight(view, highlighter, docnum, fieldname, source, text, field_words)
        except (KeyError, ValueError):
            snippet = ""
        if snippet:
            return snippet
    return ""


FEW = 3
"""When fewer cases than this match, the search widens one step at a time (see ``match``)."""


def _docs(view: IndexView, queries, published: set[int]) -> list[set[int]]:
    return [view.docs(matching_form(q)) & published for q in queries]


def match(view: IndexView, settings: Settings, parsed: UserQuery):
    """(ranking query, matching published docs, relaxed).

    A case matches when it has every word. When that leaves fewer than FEW cases, the search
    widens step by step: when some case matched, a compound word may match its last part
    ("robot" for "sorteringsrobot"; never for a word no case has: "vindmøller" must not find
    "A.P. Møller"); with three or more words, a case may lack one word, and then any word
    will do. With two words and no case holding both, any word will do, and ``relaxed`` tells
    the page to say so. The ranking query scores all these cases, so the ones with more of the
    words come first.
    """
    builder = query_builder(view, settings)
    published = view.derived.published
    parts = [view.expand(p) for p in builder.part_queries(parsed)]
    if not parts:
        return None, set(published) if parsed.empty else set(), False
    excluded = builder.excluded_query(parsed)
    dropped = view.docs(view.expand(excluded)) if excluded else set()
    per_part = [docs - dropped for docs in _docs(view, parts, published)]
    base = set.intersection(*per_part)
    if 0 < len(base) < FEW:
        widened = [view.expand(p) for p in builder.part_queries(parsed, widen=True)]
        if widened != parts:
            parts = widened
            per_part = [docs - dropped for docs in _docs(view, parts, published)]
            base = set.intersection(*per_part)
    relaxed = False
    all_words = len(base) >= FEW or (bool(base) and len(parts) < 3)
    if len(parts) >= 3 and len(base) < FEW:
        counts: dict[int, int] = {}
        for docs in per_part:
            for doc in docs:
                counts[doc] = counts.get(doc, 0) + 1
        base = {doc for doc, n in counts.items() if n >= len(parts) - 1}
        if len(base) < FEW:
            base = set(counts)
    elif not base and len(parts) > 1:
        base = set().union(*per_part)
        relaxed = bool(base)
    return view.expand(builder.ranking_query(parts, all_words)), base, relaxed


def spelling_candidates(words: WordList, word: str, limit: int = 5, maxdist: int = 2) -> list[str]:
    """What Whoosh's ``corrector("spell").suggest(word, limit, maxdist, prefix=1)`` returns,
    from the word list in memory: words within ``maxdist`` edits, the ``limit`` most frequent
    (Whoosh scores every candidate with ``maxdist``, not its own distance), alphabetically
    among equals."""
    scored = sorted(((-(maxdist + 0.5 / (words.frequency.get(w) or 1)), w)
                     for w in words.within(word, maxdist)), reverse=True)[:limit]
    return [w for _, w in sorted(scored, key=lambda item: (-item[0], item[1]))]


def _correction(words: WordList, word: str) -> str | None:
    """A spelling the cases use for ``word``, or None when it is fine or nothing is close.

    The same word with æ/ø/å ("Tonder" -> "Tønder", "aeldre" -> "ældre") is always offered;
    other corrections only within the edits typo tolerance allows for the word's length.
    """
    bare = word.strip('"-').lower()
    if len(bare) < 3 or words.frequency.get(bare):
        return None
    candidates = [c for c in spelling_candidates(words, bare) if c != bare]
    folded = fold_danish(bare)
    chosen = next((c for c in candidates if fold_danish(c) == folded), None)
    if chosen is None:
        allowed = max_edits(folded)
        chosen = next((c for c in candidates if distance(c, bare) <= allowed), None)
    if chosen is None:
        return None
    return chosen[:1].upper() + chosen[1:] if word[:1].isupper() else chosen


def did_you_mean(view: IndexView, settings: Settings, text: str, found: int = 0) -> str | None:
    """A corrected query from the index's own words, offered when it finds at least as many
    cases as the query did (and some): "Mente du Tønder?" for "Tonder"."""
    words = WordList.of(view.searcher.reader(), "spell")
    out, changed = [], False
    for word in text.split():
        corrected = view.memo(("correction", word), lambda: _correction(words, word))
        out.append(corrected or word)
        changed = changed or corrected is not None
    if not changed:
        return None
    suggestion = " ".join(out)
    _, docs, _ = match(view, settings, parse_user_query(suggestion))
    return suggestion if docs and len(docs) >= found else None


def matched(view: IndexView, settings: Settings, text: str):
    """(query, matching docs, relaxed, the docs as a bitset) for ``text``, worked out once per
    index state."""
    def compute():
        q, base, relaxed = match(view, settings, parse_user_query(text))
        return q, base, relaxed, to_bits(base)

    return view.memo(("match", text), compute,
                     weigh=lambda found: 500 + 60 * len(found[1]) + found[3].bit_length() // 8)


FEW_FILTERED = 4
"""A facet filter that keeps less than 1/FEW_FILTERED of the matches is ranked on its own."""


def _ranked_page(view: IndexView, text: str, q, base: set[int], filtered: set[int],
                 start: int, end: int) -> list[int]:
    """The documents on the page, by relevance: the query's ranking with the filters applied."""
    order = view.remembered(("ranked", text))
    if order is None and len(filtered) * FEW_FILTERED < len(base):
        among = view.memo(("ranked", text, frozenset(filtered)),
                          lambda: array("I", Scorer(view).ranked(q, filtered)),
                          weigh=lambda found: 100 + 64 * len(filtered))
        return list(among[start:end])
    order = _ranking(view, text, q, base)
    return list(islice((d for d in order if d in filtered), start, end))


def _ranking(view: IndexView, text: str, q, base: set[int]) -> array:
    """Every document the query matches, best first, worked out once per index state."""
    return view.memo(("ranked", text), lambda: array("I", Scorer(view).ranked(q, base)),
                     weigh=lambda found: 100 + 4 * len(found))


def _snippets(view: IndexView, settings: Settings, text: str, q, page_docs: list[int]) -> dict[int, str]:
    """Snippets for the page's documents (remembered per query text and document)."""
    snippets = {d: view.remembered(("snippet", text, d)) for d in page_docs}
    missing = [d for d, snippet in snippets.items() if snippet is None]
    if missing:
        scorer = Scorer(view)
        highlighter = snippet_highlighter(int(settings.section("search").get("snippet_chars", 220)))
        matched_words = scorer.matched_words(q, missing)
        for docnum in missing:
            snippet = (_snippet(view, highlighter, docnum, matched_words[docnum])
                       or _snippet(view, highlighter, docnum, scorer.words_in(q, docnum)))
            snippets[docnum] = snippet
            view.remember(("snippet", text, docnum), snippet, 100 + len(snippet))
    return {d: snippet or "" for d, snippet in snippets.items()}


def run_search(view: IndexView, settings: Settings, params: SearchParams, lang: str = "da") -> SearchOutcome:
    started = time.perf_counter()
    q, base, relaxed, base_bits = matched(view, settings, params.q)
    selections = _selections(view, params)
    filtered_bits = _intersect(base_bits, selections)
    total = filtered_bits.bit_count()
    start = (params.page - 1) * params.per_page
    end = start + params.per_page
    page_docs: list[int] = []
    if start < total:
        filtered = set(from_bits(filtered_bits))
        if q is not None and params.sort == "relevance":
            page_docs = _ranked_page(view, params.q, q, base, filtered, start, end)
        else:
            page_docs = _order(view, params.sort, filtered)[start:end]
    searched = time.perf_counter()
    snippets = _snippets(view, settings, params.q, q, page_docs) if q is not None else {}
    items = [_page_item(view, d, snippets.get(d, "")) for d in page_docs]
    highlighted = time.perf_counter()
    lang = lang or "da"
    facets = _facet_groups(view, settings, params, base_bits, selections, lang)
    years = _year_counts(view, base_bits, selections)
    counted = time.perf_counter()
    suggestion = None
    if params.q and total < 3:
        suggestion = view.memo(("did_you_mean", params.q, len(base)),
                               lambda: did_you_mean(view, settings, params.q, found=len(base)))
    finished = time.perf_counter()
    return SearchOutcome(
        params=params,
        total=total,
        results=items,
        facets=facets,
        years=years,
        did_you_mean=suggestion,
        relaxed=relaxed,
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

    Called when a worker opens the index. Without it a worker's first searches read and
    analyse what they list (a few ms per page). At 70 cases all is done in under a second
    (the worker logs it); on a large index the budget ends it early and the rest is done when first needed.
    CPU time, not wall time: workers start together and share the cores.
    """
    started = time.process_time()
    words = scoring.warm(view, budget_s / 2)
    deadline = started + budget_s
    tokens = view.derived.memory["tokens"]
    cases = 0
    for docnum in view.derived.newest_first:
        if time.process_time() > deadline or tokens.size > 0.75 * tokens.limit:
            break
        _page_item(view, docnum, "")
        body, lead = _stored_texts(view, docnum)
        warm_case(view, docnum, body, lead)
        cases += 1
    return words, cases


def count_matches(view: IndexView, settings: Settings, params: SearchParams) -> int:
    """How many published cases a search finds: no ranking, snippets or facet counts."""
    _, _, _, base_bits = matched(view, settings, params.q)
    return _intersect(base_bits, _selections(view, params)).bit_count()


def ordered_matches(view: IndexView, settings: Settings, params: SearchParams) -> list[int]:
    """Every published document the search matches, in the order asked for, without pagination
    or highlighting: for exports and feeds, which want the whole result, not a page of it."""
    q, base, _, base_bits = matched(view, settings, params.q)
    filtered = set(from_bits(_intersect(base_bits, _selections(view, params))))
    if not filtered:
        return []  # Whoosh reads an empty filter as no filter at all
    if q is not None and params.sort == "relevance":
        return [d for d in _ranking(view, params.q, q, base) if d in filtered]
    return _order(view, params.sort, filtered)
