"""Every use of Whoosh's private API, in one place, checked against the Whoosh version.

The engine's fast paths lean on parts of Whoosh that are not its public API: a scorer's
``_score(weight, length)`` and BM25F's parameters (``idf``, ``avgfl``, ``B``, ``K1``), the
codec's posting block reader (``W3LeafMatcher._read_ids``/``_read_weights``/``_read_values``/
``_next_block``), a segment's field-length column, the phrase matcher's span loop, a
multi-term query's ``_btexts`` (the index words it stands for), a segment's id, a
highlighter's formatter state, ``MultiFilter``'s table of filters and the highlighter's token
merging. Each is wrapped here and nowhere else, so a Whoosh upgrade is:

1. install the new version and run with ``CASESAMLINGEN_TRY_WHOOSH=1``;
2. run the oracle tests (``tests/test_scoring.py``, ``tests/test_word_list.py``,
   ``tests/test_reference_path.py``, ``tests/test_fast_postings.py``): they compare the fast
   paths with Whoosh's own way of reading postings, ranking, highlighting and spelling (the
   reference path, ``search.reference_path``);
3. when they pass, add the version to ``TESTED_VERSIONS``. While they fail, the site can run
   on the reference path (``search.reference_path: true``), slower but plain Whoosh.
"""
from __future__ import annotations

import itertools
import os

import whoosh
from whoosh import query as wq
from whoosh.analysis import Token
from whoosh.highlight import Highlighter, mkfrag, set_matched_filter, top_fragments
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.query.spans import Span, bisect_spans
from whoosh.scoring import BM25FScorer, WeightLengthScorer, WeightScorer
from whoosh.util import make_binary_tree
from whoosh.util.numeric import byte_to_length

TESTED_VERSIONS = {(2, 7, 5)}
"""Whoosh versions (``whoosh.__version__``; the ``whoosh-reloaded`` package) the oracle tests
passed with."""
TRY_ENV = "CASESAMLINGEN_TRY_WHOOSH"


class WhooshVersionError(ImportError):
    """The installed Whoosh is not one the engine's fast paths were checked against."""


def check_version(version: tuple = tuple(whoosh.__version__), tested=TESTED_VERSIONS) -> None:
    if tuple(version) in tested or os.environ.get(TRY_ENV) == "1":
        return
    found = ".".join(map(str, version))
    wanted = ", ".join(".".join(map(str, v)) for v in sorted(tested))
    raise WhooshVersionError(
        f"Whoosh {found} is installed, but the search engine was checked against {wanted} "
        f"(the whoosh-reloaded package). Install the pinned version (make install), or try the "
        f"new one: run the oracle tests with {TRY_ENV}=1 (.venv/bin/python -m pytest "
        f"tests/test_scoring.py tests/test_word_list.py tests/test_reference_path.py) and, when "
        f"they pass, add {found} to TESTED_VERSIONS in search_app/engine/compat.py.")


check_version()

MAX_EXPANSIONS = 50
"""At most this many index words stand in for one fuzzy or prefix word, however large the index."""


def multiterm_words(node: wq.MultiTerm, reader) -> tuple:
    """The index words (bytes) a fuzzy or prefix query stands for in ``reader``."""
    return tuple(node._btexts(reader))


class _Capped:
    cap = MAX_EXPANSIONS

    def capped(self, cap: int):
        """This query, standing for at most ``cap`` index words."""
        self.cap = cap
        return self

    def _btexts(self, ixreader):
        return itertools.islice(super()._btexts(ixreader), self.cap)


class CappedFuzzyTerm(_Capped, wq.FuzzyTerm):
    """A near-spelling match that expands to at most ``cap`` words (Whoosh has no cap)."""


class CappedPrefix(_Capped, wq.Prefix):
    """A prefix match that expands to at most ``cap`` words ("ko" matches thousands)."""


class ExpandedTerms(wq.MultiTerm):
    """A fuzzy or prefix word whose index words were already looked up.

    Whoosh looks a fuzzy word's neighbours up again each time a matcher is made (it builds a
    Levenshtein automaton and walks the term list), twice per search. The words only change
    with the index, so they are looked up once; matching and scoring stay Whoosh's own (this
    keeps the original's field, boost and constant score).
    """

    def __init__(self, original: wq.MultiTerm, words: tuple):
        self.fieldname = original.fieldname
        self.text = original.text
        self.boost = original.boost
        self.constantscore = original.constantscore
        self.words = words

    def __repr__(self):
        # Complete, as it keys remembered scores (see IndexView.own_scores).
        return (f"{type(self).__name__}({self.fieldname!r}, {self.text!r}, {self.words!r}, "
                f"boost={self.boost!r}, constantscore={self.constantscore!r})")

    def _btexts(self, ixreader):
        return self.words


def length_scorer(searcher, fieldname: str, btext: bytes):
    """``score(weight, field length)`` of the searcher's weighting for a word, or None when the
    weighting is not a weight-and-length model (then Whoosh's matchers score it)."""
    scorer = searcher.weighting.scorer(searcher, fieldname, btext)
    return scorer._score if isinstance(scorer, WeightLengthScorer) else None


def word_scoring(searcher, fieldname: str, btext: bytes) -> tuple | None:
    """How the searcher's weighting scores a word, when it is one of the two ways worked out
    here: ("bm25", idf, average field length, B, K1) for Whoosh's BM25F scorer (a score is then
    worked out as Whoosh's ``bm25()`` does, operation for operation, see :func:`bm25_norms`), or
    ("weight",) for a field without lengths (facet values), whose score is the posting's weight.
    None for anything else (then Whoosh's matchers score it)."""
    scorer = searcher.weighting.scorer(searcher, fieldname, btext)
    if type(scorer) is BM25FScorer:  # exactly: a subclass may score another way
        return "bm25", scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    if type(scorer) is WeightScorer:
        return ("weight",)
    return None


_LENGTHS = [byte_to_length(b) for b in range(256)]
_LENGTHS[0] = None  # Whoosh's doc_field_length gives None for a stored length byte of 0


def field_lengths(reader, fieldname: str) -> list:
    """Every document's length in ``fieldname`` as the scorer reads it (``doc_field_length(d,
    fieldname, 1)``), for all documents of a (multi-segment) reader at once: each segment's
    length column is one read of one byte per document instead of one read per document."""
    lengths: list = []
    for leaf, offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        perdoc = getattr(leaf, "_perdoc", None)
        column = None
        if perdoc is not None and hasattr(perdoc, "_cached_reader"):
            column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None or getattr(column, "_fixedlen", None) != 1 \
                or not hasattr(column, "_dbfile"):
            lengths.extend(leaf.doc_field_length(d, fieldname, 1) for d in range(count))
            continue
        stored = min(column._count, count)
        raw = column._dbfile.get(column._basepos, stored) if stored else b""
        lengths.extend(_LENGTHS[b] for b in raw)
        lengths.extend([_LENGTHS[column._default]] * (count - stored))
    return lengths


def bm25_norms(lengths: list, avgfl: float, B: float, K1: float) -> list:
    """``K1 * ((1 - B) + B * fl / avgfl)`` per document: the part of Whoosh's ``bm25()`` that
    depends on the document only. ``bm25_score`` finishes it with the same operations in the
    same order, so the scores are Whoosh's to the last bit."""
    return [None if fl is None else K1 * ((1 - B) + B * fl / avgfl) for fl in lengths]


def bm25_scores(idf: float, K1: float, weights, norms: list) -> list[float]:
    """Whoosh's ``bm25(idf, tf, fl, avgfl, B, K1)`` for each (tf, norm) pair, ``norms`` from
    :func:`bm25_norms`: ``idf * ((tf * (K1 + 1)) / (tf + norm))``, the same operations."""
    k1p1 = K1 + 1
    return [idf * ((tf * k1p1) / (tf + norm)) for tf, norm in zip(weights, norms)]


def posting_blocks(leaf, fieldname: str, btext: bytes, values: bool = False):
    """A word's postings in one segment, a block at a time: (ids, weights[, values]) with
    ids in ascending order. Whoosh's matcher hands them out one posting at a time (three
    method calls each); its own block reader decodes a whole block in one go."""
    matcher = leaf.postings(fieldname, btext)
    if type(matcher) is W3LeafMatcher:
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            if values:
                matcher._read_values()
                yield matcher._ids, matcher._weights, matcher._values
            else:
                yield matcher._ids, matcher._weights
            matcher._next_block()
        return
    ids, weights, found = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if values:
            found.append(matcher.value())
        matcher.next()
    if ids:
        yield (ids, weights, found) if values else (ids, weights)


def phrase_found(positions: list, slop: int) -> bool:
    """Whether words at ``positions`` (one sorted list per word of a phrase, in order) make the
    phrase, as Whoosh's ``Phrase`` finds it: ``SpanNear2Matcher._get_spans`` with
    ``ordered=True, mindist=1``, its loop unchanged, on the positions alone. With ``slop=1``
    (every phrase the site makes) that loop keeps a span only where the next word stands right
    after it, so a run of consecutive positions is looked for directly."""
    if slop == 1:
        ends = set(positions[0])
        for following in positions[1:]:
            ends = {p for p in following if p - 1 in ends}
            if not ends:
                return False
        return True
    aspans = [Span(p) for p in positions[0]]
    i = 1
    while i < len(positions) and aspans:
        bspans = [Span(p) for p in positions[i]]
        spans = set()
        for aspan in aspans:
            j = bisect_spans(bspans, aspan.start)
            while j < len(bspans):
                bspan = bspans[j]
                j += 1
                if bspan.end < aspan.start - slop or aspan.start > bspan.start:
                    continue
                if bspan.start > aspan.end + slop:
                    break
                if 1 <= aspan.distance_to(bspan) <= slop:
                    spans.add(aspan.to(bspan))
        aspans = sorted(spans)
        i += 1
    return i == len(positions) and bool(aspans)


def phrase_scores(scores: list[float], boost: float) -> float:
    """A phrase's score in a document from its words' scores there, added up as Whoosh's
    phrase matcher does (a balanced tree of intersections, ``make_binary_tree``), then boosted."""
    total = make_binary_tree(_add, scores)
    return total * boost if boost != 1.0 else total


def _add(a: float, b: float) -> float:
    return a + b


def segment_id(leaf) -> str | None:
    """The id of the segment a leaf reader reads (None when it has none)."""
    segment = getattr(leaf, "segment", None)
    return segment().segment_id() if segment else None


def field_infos(leaf, fieldname: str):
    """(word, term info) of every word of ``fieldname`` in one segment's reader."""
    return leaf.iter_field(fieldname)


def index_time_filter(item):
    """The filter an analyzer step applies at index time (a ``MultiFilter``'s ``index`` one)."""
    filters = getattr(item, "filters", None)
    return filters.get("index") if isinstance(filters, dict) else item


def fragment_limits(fragmenter) -> tuple[int, int, int | None]:
    """A ContextFragmenter's (maxchars, surround, charlimit)."""
    return fragmenter.maxchars, fragmenter.surround, fragmenter.charlimit


make_fragment = mkfrag


def format_fragments(highlighter: Highlighter, fragments: list, top: int) -> str:
    """The ``top`` best fragments, formatted as Whoosh's highlighter does (mark classes
    term0, term1, … counted within one snippet)."""
    fragments = top_fragments(fragments, top, highlighter.scorer, highlighter.order, minscore=1)
    highlighter.formatter.seen = {}
    return highlighter.formatter.format(fragments)


# The reference path: Whoosh's own way of ranking, highlighting and spelling.

def whoosh_ranking(searcher, q: wq.Query, docs) -> list[int]:
    """The documents of ``docs`` that ``q`` matches, as Whoosh ranks them."""
    docs = set(docs)
    if not docs:
        return []  # Whoosh reads an empty filter as no filter at all
    return [hit.docnum for hit in searcher.search(q, filter=docs, limit=None)]


def whoosh_highlight(highlighter: Highlighter, analyzer, text: str, words: frozenset,
                     top: int = 2) -> str:
    """``Highlighter.highlight_hit``'s way with a text that is analysed again."""
    tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False)
    tokens = highlighter._merge_matched_tokens(set_matched_filter(tokens, words))
    fragments = list(highlighter.fragmenter.fragment_tokens(text, tokens))
    return format_fragments(highlighter, fragments, top)


def replayed_tokens(tokens: tuple):
    """Tokens ((text, pos, startchar, endchar, stopped) tuples) as Whoosh's analyzers give them."""
    for term, pos, start, end, stopped in tokens:
        yield Token(positions=True, chars=True, removestops=False, mode="index", text=term,
                    pos=pos, startchar=start, endchar=end, stopped=stopped, boost=1.0)


def whoosh_corrections(reader, fieldname: str, word: str, limit: int, maxdist: int) -> list[str]:
    """Whoosh's spelling corrector's suggestions for ``word``."""
    return reader.corrector(fieldname).suggest(word, limit=limit, maxdist=maxdist, prefix=1)
