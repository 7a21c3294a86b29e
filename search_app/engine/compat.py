"""Every use of Whoosh's private API, in one place, checked against the Whoosh version.

The engine's fast paths lean on parts of Whoosh that are not its public API: a scorer's
``_score(weight, length)``, a multi-term query's ``_btexts`` (the index words it stands for),
a segment's id, a highlighter's formatter state, ``MultiFilter``'s table of filters and the
highlighter's token merging. Each is wrapped here and nowhere else, so a Whoosh upgrade is:

1. install the new version and run with ``CASESAMLINGEN_TRY_WHOOSH=1``;
2. run the oracle tests (``tests/test_scoring.py``, ``tests/test_word_list.py``,
   ``tests/test_reference_path.py``): they compare the fast paths with Whoosh's own way of
   ranking, highlighting and spelling (the reference path, ``search.reference_path``);
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
from whoosh.scoring import WeightLengthScorer

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
