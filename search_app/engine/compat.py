"""Every use of Whoosh's private API, in one place, checked against the Whoosh version.

The engine's fast paths lean on parts of Whoosh that are not its public API: a scorer's
``_score(weight, length)`` and BM25F's parameters (``idf``, ``avgfl``, ``B``, ``K1``), the
codec's posting block reader (``W3LeafMatcher._read_ids``/``_read_weights``/``_read_values``/
``_next_block``), a segment's field-length column, the phrase matcher's span loop, a
multi-term query's ``_btexts`` (the index words it stands for), a segment's id, file names,
deleted documents and term table (``_terms``, read in order), an index's segments
(``_segments``), a highlighter's formatter state, ``MultiFilter``'s table of filters and the
highlighter's token merging. Each is wrapped here and nowhere else, so a Whoosh upgrade is:

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
from bisect import bisect_right

import whoosh
from whoosh import query as wq
from whoosh.analysis import Token
from whoosh.highlight import Highlighter, mkfrag, set_matched_filter, top_fragments
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3TermsReader, _lenfield
from whoosh.query.spans import Span, bisect_spans
from whoosh.reading import SegmentReader
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


def posting_blocks(leaf, fieldname: str, btext: bytes, values: bool = False,
                   wanted: list | None = None):
    """A word's postings in one segment, a block at a time: (ids, weights[, values]) with
    ids in ascending order. Whoosh's matcher hands them out one posting at a time (three
    method calls each); its own block reader decodes a whole block in one go. With ``wanted``
    (local document numbers, sorted), a block none of them can be in is skipped without
    decoding it: a block's header says its last document."""
    return _matcher_blocks(leaf.postings(fieldname, btext), values, wanted)


def _matcher_blocks(matcher, values: bool = False, wanted: list | None = None):
    """:func:`posting_blocks` of a word's matcher."""
    if type(matcher) is W3LeafMatcher:
        last = -1
        while matcher.is_active():
            if wanted is not None:
                first, last = last, matcher.block_max_id()
                at = bisect_right(wanted, first)
                if at == len(wanted):
                    return
                if wanted[at] > last:
                    matcher._next_block()
                    continue
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


def new_segments(ix, has_file) -> list:
    """Readers of the segments of the index ``ix`` for which ``has_file(name)`` is false
    (``name``: a file name of the segment, :func:`segment_filename` without the suffix), each
    opened alone: not a reader of the whole index (after an editor's save, every segment but
    the new one has its files)."""
    found = []
    for segment in ix._segments():
        if not has_file(segment.make_filename("")):
            found.append(SegmentReader(ix.storage, ix.schema, segment))
    return found


def segment_postings(leaf, least: int = 1):
    """(field, word, ids, weights) of every word of one segment that at least ``least``
    documents have, deleted documents included: one walk through the segment's term table,
    where :func:`posting_blocks` looks each word up in it (a tenth of a millisecond a word)."""
    terms = getattr(leaf, "_terms", None)
    if type(terms) is W3TermsReader:
        schema = leaf.schema
        matchers = ((fieldname, btext, leaf._codec.postings_reader(
                        terms._postfile, info, schema[fieldname].format, term=(fieldname, btext)))
                    for (fieldname, btext), info in terms.items() if info.doc_frequency() >= least)
    else:
        matchers = ((fieldname, btext, leaf.postings(fieldname, btext))
                    for fieldname, btext in leaf.all_terms()
                    if leaf.doc_frequency(fieldname, btext) >= least)
    for fieldname, btext, matcher in matchers:
        ids: list = []
        weights: list = []
        for block_ids, block_weights in _matcher_blocks(matcher):
            ids.extend(block_ids)
            weights.extend(block_weights)
        yield fieldname, btext, ids, weights


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


def deleted_docs(leaf) -> frozenset:
    """The segment's deleted documents (local numbers), which its postings still list: Whoosh's
    matchers leave them out (``SegmentReader.postings``)."""
    return leaf.deleted_docs_set if leaf.has_deletions() else frozenset()


def segment_filename(leaf, suffix: str) -> str:
    """The name of a file of the segment a leaf reader reads, ending in ``suffix``: Whoosh's
    own files are named so, and it deletes them with the segment."""
    return leaf.segment().make_filename(suffix)


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


# ---------------------------------------------------------------------------------------------
# Full builds: a segment writer fed with terms analysed once per word.
#
# Whoosh's SegmentWriter analyses every token through a chain of generators, pickles every
# posting into sorted runs on disk, merges the runs and reads each document's field length back
# once per posting. ``TermsSegmentWriter`` writes the same segment files through the same codec
# objects (``perdocwriter``, ``fieldwriter``) but
#   - analyses a text once per distinct word and field (the filters that look at one token at a
#     time are remembered per word; a filter that looks at its neighbours, the compound splitter,
#     is run as it is), and
#   - keeps the postings in memory, a compact array per term, and writes them sorted once, with
#     the lengths it already knows.
# ``tests/test_fast_build.py`` compares every term's postings, every stored field and column
# with the plain writer's index.
# ---------------------------------------------------------------------------------------------

import random as _random
import zlib as _zlib
from operator import sub as _sub
from pickle import dumps as _dumps
from collections import Counter as _Counter
from collections import defaultdict as _defaultdict
from array import array as _array

from whoosh import formats as _formats
from whoosh.analysis import CharsetFilter as _CharsetFilter
from whoosh.analysis import CompositeAnalyzer as _CompositeAnalyzer
from whoosh.analysis import LowercaseFilter as _LowercaseFilter
from whoosh.analysis import MultiFilter as _MultiFilter
from whoosh.analysis import RegexTokenizer as _RegexTokenizer
from whoosh.analysis import StemFilter as _StemFilter
from whoosh.analysis import StopFilter as _StopFilter
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC as _W3_MAGIC
from whoosh.filedb.filestore import FileStorage as _FileStorage
from whoosh.system import emptybytes as _emptybytes
from whoosh.system import pack_uint as _pack_uint
from whoosh.util.numeric import byte_to_length as _byte_to_length
from whoosh.util.numeric import length_to_byte as _length_to_byte
from whoosh.writing import SegmentWriter as _SegmentWriter

_WHOOSH_PER_TOKEN = (_LowercaseFilter, _CharsetFilter, _StemFilter)
"""Whoosh filters whose output for a token depends on that token alone. Our own filters say so
with a ``per_token = True`` class attribute."""

_STOPPED = False  # a stopword, in FastAnalysis's memory of words


class NotFastAnalysable(Exception):
    """The field's analyzer has a shape the fast path does not know; Whoosh's own is used."""


def _per_token(item) -> bool:
    return isinstance(item, _WHOOSH_PER_TOKEN) or getattr(type(item), "per_token", False) is True


def _run(filters, text: str) -> list[str]:
    """The texts ``filters`` make of one token ``text`` at index time (position unchanged)."""
    token = Token(positions=True, chars=False, boosts=True, removestops=True, mode="index",
                  text=text, pos=0, boost=1.0, stopped=False)
    stream = iter([token])
    for f in filters:
        stream = f(stream)
    out = []
    for t in stream:
        if t.pos != 0 or t.boost != 1.0 or t.stopped:
            raise NotFastAnalysable("a per-token filter moved, boosted or stopped a token")
        out.append(t.text)
    return out


class _Memo:
    """Per-token filters applied to a word, remembered per word."""

    MAX_WORDS = 300_000  # then forget and start again: a bound on memory

    def __init__(self, filters):
        self.filters = list(filters)
        self.words: dict[str, tuple] = {}

    def __call__(self, text: str) -> tuple:
        done = self.words.get(text)
        if done is None:
            if len(self.words) >= self.MAX_WORDS:
                self.words.clear()
            done = self.words[text] = tuple(_run(self.filters, text))
        return done


class FastAnalysis:
    """``field.index(value)`` of a text field, as (term, positions) a word at a time.

    Supported analyzers: a RegexTokenizer (matches as tokens), optionally a LowercaseFilter and a
    StopFilter, then filters that each treat one token at a time (remembered per word) or
    ``MultiFilter``s whose index-time filter looks at its neighbours (run as is, on the words the
    earlier steps made). Anything else raises NotFastAnalysable at construction.
    """

    def __init__(self, field):
        analyzer = field.analyzer
        if type(field.format) not in (_formats.Positions, _formats.Frequency):
            raise NotFastAnalysable(f"format {type(field.format).__name__}")
        if not isinstance(analyzer, _CompositeAnalyzer):
            raise NotFastAnalysable("not a composite analyzer")
        items = list(analyzer.items)
        tokenizer = items.pop(0)
        if type(tokenizer) is not _RegexTokenizer or tokenizer.gaps:
            raise NotFastAnalysable("tokenizer")
        self.finditer = tokenizer.expression.finditer
        self.findall = tokenizer.expression.findall if not tokenizer.expression.groups else None
        head = []  # lowercase and stop: decide whether a word is stopped
        if items and type(items[0]) is _LowercaseFilter:
            head.append(items.pop(0))
        self.renumber = False
        if items and type(items[0]) is _StopFilter:
            if not items[0].renumber:
                raise NotFastAnalysable("stopwords without renumbering")
            self.renumber = True
            head.append(items.pop(0))
        self.head = head
        stages: list = []  # _Memo or a filter run as is
        for item in items:
            if isinstance(item, _MultiFilter):
                item = index_time_filter(item)
            if _per_token(item):
                if stages and isinstance(stages[-1], _Memo):
                    stages[-1].filters.append(item)
                else:
                    stages.append(_Memo([item]))
            elif isinstance(item, _CompositeAnalyzer) or not callable(item):
                raise NotFastAnalysable(f"filter {type(item).__name__}")
            else:
                stages.append(item)
        self.first = stages.pop(0) if stages and isinstance(stages[0], _Memo) else _Memo([])
        self.rest = stages
        self.words: dict[str, tuple | None] = {}  # raw match -> terms after head and first
        self.positional = type(field.format) is _formats.Positions
        self.single = True  # every word seen so far made exactly one term

    def _word(self, raw: str):
        """What the tokenizer's match ``raw`` becomes before any filter that looks at its
        neighbours: _STOPPED, one term (a str), or a tuple of terms (none or several)."""
        if len(self.words) >= _Memo.MAX_WORDS:
            self.words.clear()
        head = _run(self.head, raw) if self.head else [raw]
        if not head:
            done = _STOPPED
        else:
            terms = self.first(head[0])
            done = terms[0] if len(terms) == 1 else terms
            if len(terms) != 1:
                self.single = False
        self.words[raw] = done
        return done

    def _kept(self, text: str) -> tuple[int, list]:
        """The words of ``text`` that are not stopwords, as :meth:`_word` gives them, and the
        position of the first (the next ones follow it one by one)."""
        raws = self.findall(text) if self.findall else [m.group(0) for m in self.finditer(text)]
        got = list(map(self.words.get, raws))
        if None in got:
            for i, value in enumerate(got):
                if value is None:
                    got[i] = self._word(raws[i])
        if _STOPPED not in got:
            return 0, got
        first = 0
        while got[first] is _STOPPED:
            first += 1
            if first == len(got):
                return 0, []
        return first, [value for value in got if value is not _STOPPED]

    def positions(self, text: str) -> dict[str, list[int]]:
        """Each term of ``text`` with its positions, as the analyzer gives them at index time."""
        first, kept = self._kept(text)
        found = _defaultdict(list)
        if not self.rest and self.single:  # each word one term: the common case
            for pos, term in enumerate(kept, first):
                found[term].append(pos)
            return found
        pairs = self._through_rest(first, kept) if self.rest else zip(kept, range(first, first + len(kept)))
        for term, pos in pairs:
            if type(term) is str:
                found[term].append(pos)
            else:
                for one in term:
                    found[one].append(pos)
        return found

    def counts(self, text: str) -> dict[str, int]:
        """Each term of ``text`` with its frequency (for fields without positions)."""
        if self.rest:
            return {term: len(poses) for term, poses in self.positions(text).items()}
        kept = self._kept(text)[1]
        if all(type(term) is str for term in kept):
            return _Counter(kept)
        found: dict[str, int] = {}
        for term in kept:
            for one in ((term,) if type(term) is str else term):
                found[one] = found.get(one, 0) + 1
        return found

    def _through_rest(self, first: int, kept: list):
        token = Token(positions=True, chars=False, boosts=True, removestops=True, mode="index")

        def tokens():
            for pos, terms in enumerate(kept, first):
                for term in ((terms,) if type(terms) is str else terms):
                    token.text = term
                    token.pos = pos
                    token.boost = 1.0
                    token.stopped = False
                    yield token

        stream = tokens()
        stages = list(self.rest)
        last = stages.pop() if isinstance(stages[-1], _Memo) else None
        for stage in stages:
            stream = _memo_stage(stage, stream) if isinstance(stage, _Memo) else stage(stream)
        if last is None:
            for t in stream:
                if t.boost != 1.0:
                    raise NotFastAnalysable("a filter boosted a token")
                if not t.stopped:  # as Whoosh's formats drop stopped tokens
                    yield t.text, t.pos
            return
        words = last.words
        for t in stream:
            if t.boost != 1.0:
                raise NotFastAnalysable("a filter boosted a token")
            if t.stopped:
                continue
            terms = words.get(t.text)
            if terms is None:
                terms = last(t.text)
            for term in terms:
                yield term, t.pos

    def index(self, value: str) -> list[tuple]:
        """What ``field.index(value)`` gives: (term bytes, frequency, weight, value bytes)."""
        fmt_boost = self.format_boost
        encode = self.encode
        return [(term.encode("utf-8"), len(poses), float(len(poses)) * fmt_boost, encode(poses))
                for term, poses in self.positions(value).items()]


def _memo_stage(memo: _Memo, tokens):
    for t in tokens:
        for text in memo(t.text):
            t.text = text
            yield t


def fast_analysis(field) -> FastAnalysis | None:
    """The fast analysis of a text field, or None when Whoosh's own must be used."""
    try:
        fast = FastAnalysis(field)
    except NotFastAnalysable:
        return None
    fast.format_boost = field.format.field_boost
    fast.encode = field.format.encode if fast.positional else (lambda poses: _pack_uint(len(poses)))
    return fast


class TermsSegmentWriter(_SegmentWriter):
    """A SegmentWriter for full builds: same files, same postings, terms analysed once per word.

    Documents may not carry Whoosh's ``_boost``/``_stored_*`` keys; fields with term vectors or a
    separate spelling field are not supported (the schema is checked when the writer opens).
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        schema = self.schema
        for name, field in schema.items():
            if field.vector or field.separate_spelling():
                raise NotFastAnalysable(f"field {name} has vectors or a spelling field")
        self._fast = {}
        for name, field in schema.items():
            if field.indexed and field.analyzer is not None and field.format is not None:
                fast = fast_analysis(field) if type(field.format) in (
                    _formats.Positions, _formats.Frequency) else None
                if fast is not None:
                    self._fast[name] = fast
        self._terms: dict[str, dict[bytes, _array]] = {}  # fast fields: doc, n, positions...
        self._other: dict[str, dict[bytes, list]] = {}  # other fields: (doc, weight, vbytes)
        self._lengths: dict[str, _array] = {}  # quantised length of each document's field

    def add_document(self, **fields):
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        fieldnames = sorted(fields)
        if any(name.startswith("_") for name in fieldnames):
            raise ValueError("the fast writer takes no _boost or _stored_ keys")
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fast = self._fast.get(fieldname) if isinstance(value, str) else None
                    if fast is not None:
                        terms = self._terms.get(fieldname)
                        if terms is None:
                            terms = self._terms[fieldname] = {}
                        if fast.positional:
                            for term, poses in fast.positions(value).items():
                                row = terms.get(term)
                                if row is None:
                                    row = terms[term] = (_array("I"), _array("I"))
                                row[0].append(docnum)
                                row[0].append(len(poses))
                                row[1].extend(poses)
                                length += len(poses)
                        else:
                            for term, n in fast.counts(value).items():
                                row = terms.get(term)
                                if row is None:
                                    row = terms[term] = (_array("I"), None)
                                row[0].append(docnum)
                                row[0].append(n)
                                length += n
                        if not field.scorable:
                            length = 0
                    else:
                        other = self._other.get(fieldname)
                        if other is None:
                            other = self._other[fieldname] = {}
                        for tbytes, freq, weight, vbytes in field.index(value):
                            if field.scorable:
                                length += freq
                            other.setdefault(tbytes, []).append((docnum, weight * 1.0, vbytes))
                    if field.scorable and length:
                        lengths = self._lengths.get(fieldname)
                        if lengths is None:
                            lengths = self._lengths[fieldname] = _array("I")
                        if len(lengths) <= docnum:
                            lengths.extend([0] * (docnum + 1 - len(lengths)))
                        lbyte = _length_to_byte(length)  # what the posting reader reads back
                        lengths[docnum] = _byte_to_length(lbyte) if lbyte else 0
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        schema = self.schema
        for fieldname in sorted(self._terms.keys() | self._other.keys()):
            fieldobj = schema[fieldname]
            fieldwriter.start_field(fieldname, fieldobj)
            lengths = self._lengths.get(fieldname, ())
            count = len(lengths)
            if fieldname in self._terms:
                self._write_fast_terms(fieldwriter, self._fast[fieldname], self._terms.pop(fieldname),
                                       lengths, count)
            else:
                other = self._other.pop(fieldname)
                for tbytes in sorted(other):
                    fieldwriter.start_term(tbytes)
                    for docnum, weight, vbytes in other[tbytes]:
                        length = lengths[docnum] if docnum < count else 0
                        fieldwriter.add(docnum, weight, vbytes or _emptybytes, length or None)
                    fieldwriter.finish_term()
            fieldwriter.finish_field()
        fieldwriter.close()

    @staticmethod
    def _write_fast_terms(fieldwriter, fast, terms, lengths, count):
        boost = fast.format_boost * 1.0
        positional = fast.positional
        encode = fast.encode
        single: dict[int, bytearray] = {}  # a posting with one position: its bytes, by position
        for term in sorted(terms):  # str order is UTF-8 byte order
            pairs, poses = terms[term]
            docs = pairs[0::2]
            freqs = pairs[1::2]
            if positional:
                values = []
                at = 0
                for n in freqs:
                    if n == 1:
                        # a new object each time, as Whoosh's own: the block pickle would
                        # otherwise refer back to a repeated one and the bytes would differ
                        pos = poses[at]
                        kept = single.get(pos)
                        if kept is None:
                            kept = single[pos] = bytearray(encode([pos]))
                        values.append(bytes(kept))
                    else:
                        values.append(encode(poses[at:at + n]))
                    at += n
            else:
                values = [_pack_uint(n) for n in freqs]
            if count:
                doc_lengths = [lengths[d] if d < count else 0 for d in docs]
            else:
                doc_lengths = [0] * len(docs)
            fieldwriter.start_term(term.encode("utf-8"))
            postwriter = fieldwriter._postwriter
            if "_write_block" not in postwriter.__dict__:
                postwriter._write_block = _write_block.__get__(postwriter)
            _add_postings(postwriter, docs, [n * boost for n in freqs], values, doc_lengths)
            fieldwriter.finish_term()


def _write_block(self, last=False):
    """``W3PostingsWriter._write_block`` with its lists minified without generators: the same
    bytes (``tests/test_fast_build.py``)."""
    if not self._blockcount:
        self._postfile.write(_W3_MAGIC)
    self._terminfo.add_block(self)
    ids = self._ids
    count = len(ids)
    weights = self._weights
    if weights.count(1.0) == count:
        mini_weights = None
    elif weights.count(weights[0]) == count:
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    data = ((ids[0], *map(_sub, ids[1:], ids[:-1])), mini_weights, self._mini_values())
    databytes = _dumps(data, 2)
    comp = self._compression
    if comp:
        databytes = _zlib.compress(databytes, comp)
    infobytes = _dumps((count, ids[-1], self._maxweight, comp, _length_to_byte(self._minlength),
                        _length_to_byte(self._maxlength)), 2)
    blocklength = len(infobytes) + len(databytes)
    if last:
        blocklength *= -1
    postfile = self._postfile
    postfile.write_int(blocklength)
    postfile.write(infobytes)
    postfile.write(databytes)
    self._blockcount += 1
    self._new_block()


def _add_postings(postwriter, docs, weights, values, lengths) -> None:
    """``postwriter.add_posting`` for each posting of a term, a block at a time: the block's
    arrays and statistics are set as add_posting would leave them (values that are empty are
    not kept; lengths of 0 do not count), full blocks are written, the last is left to
    ``finish_postings``."""
    limit = postwriter._blocklimit
    for start in range(0, len(docs), limit):
        if start:
            postwriter._write_block()
        end = start + limit
        block_weights = weights[start:end]
        postwriter._ids = _array("I", docs[start:end])
        postwriter._weights = _array("f", block_weights)
        postwriter._values = [v for v in values[start:end] if v]
        top = max(block_weights)
        postwriter._maxweight = top if top > 0 else 0
        counted = [n for n in lengths[start:end] if n]
        postwriter._minlength = min(counted) if counted else None
        postwriter._maxlength = max(counted) if counted else 0


class _OwnTempStorage(_FileStorage):
    """The index folder, with temporary files in a folder of this process's own: Whoosh names
    a writer's temporary folder after the index, and removes it when the writer finishes, so
    writers in parallel processes would share (and delete) each other's."""

    def temp_storage(self, name=None):
        return super().temp_storage(f"{name or 'writer'}-{os.getpid()}")


def write_terms_segment(ix, documents) -> object:
    """Write ``documents`` (dicts of field values) as one new segment of ``ix`` and return the
    segment, not yet part of the index: :func:`commit_segments` makes it so. Takes no lock (the
    caller holds the build's); a worker process may call it."""
    _random.seed()  # a forked process starts with its parent's random state: own segment names
    ix = _OwnTempStorage(ix.storage.folder).open_index(ix.indexname)
    writer = TermsSegmentWriter(ix, _lk=False, compound=False)
    try:
        for document in documents:
            writer.add_document(**document)
        if not writer._added:
            writer._close_segment()
            writer._finish()
            return None
        segment = writer._finalize_segment()
    except BaseException:
        writer.cancel()
        raise
    writer._finish()
    return segment


def commit_segments(ix, segments: list) -> None:
    """Make ``segments`` (from :func:`write_terms_segment`, in this order) the index's content."""
    writer = ix.writer()
    try:
        writer._close_segment()
        writer._commit_toc(list(writer.segments) + [s for s in segments if s is not None])
    except BaseException:
        writer._finish()
        raise
    writer._finish()
