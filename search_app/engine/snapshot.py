"""One long-lived searcher per worker, reopened when the index changes.

Opening a searcher costs far more than a search, so each worker keeps one. Before a request it
checks two things, both cheap: whether CURRENT names a new generation (a full build switched
in), and whether the live generation has a newer commit (an editor saved a case). Data derived
from the index (which documents carry each facet value, the alias table, the year of each
document) is computed once per index state, not per request.
"""
from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.query import Term

from indexer import generations
from indexer.record import FACET_FIELDS
from indexer.settings import Settings
from indexer.validation import normalise_alias

from .compat import ExpandedTerms, bm25_norms, field_lengths, multiterm_words, segment_id
from .docsets import from_bits, to_bits, union
from .lexicon import WordList
from .memory import LIMITS, StateMemory
from .ordering import orders
from .postings import Word, as_word, read_phrase, read_word, size as postings_size
from .relevance import Relevance


@dataclass
class Derived:
    """Per index state: document sets and lookup tables the search needs on every request."""

    live: set[int] = field(default_factory=set)
    published: set[int] = field(default_factory=set)
    slug_docs: dict[str, int] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    newest_first: list[int] = field(default_factory=list)
    doc_year: dict[int, int | None] = field(default_factory=dict)
    doc_title: dict[int, str] = field(default_factory=dict)
    orders: dict[str, list[int]] = field(default_factory=dict)
    published_bits: int = 0
    live_bits: int = 0
    value_bits: dict[str, dict[str, int]] = field(default_factory=dict)
    year_bits: dict[int, int] = field(default_factory=dict)
    memory: StateMemory = field(default_factory=StateMemory)


@dataclass(frozen=True)
class StoredCase:
    """What a search needs of a case's stored fields, for every request."""

    slug: str
    published: bool
    year: int | None
    title: str
    aliases: tuple[str, ...]


_SEGMENT_CASES: "OrderedDict[tuple[str, str], dict[int, StoredCase]]" = OrderedDict()
_SEGMENT_CASES_LOCK = threading.Lock()


def _segment_cases(folder: str, leaf) -> dict[int, StoredCase]:
    """The stored essentials of one segment's cases, by document number in the segment.

    Reading every case's stored fields (decompress, unpickle, parse the record) is most of the
    time a worker takes to open a new index state, after every editor's save. A segment's stored fields never change (a save adds a segment and marks the
    old version deleted), so they are read once per segment and kept for the next state.
    """
    segment = segment_id(leaf)
    key = (folder, segment) if segment else None
    with _SEGMENT_CASES_LOCK:
        cases = _SEGMENT_CASES.get(key) if key else None
        if cases is not None:
            _SEGMENT_CASES.move_to_end(key)
            return cases
    cases = {}
    for local in leaf.all_doc_ids():
        stored = leaf.stored_fields(local)
        record = json.loads(stored["record"])
        cases[local] = StoredCase(stored["slug"], bool(stored.get("published")), stored.get("year"),
                                  stored.get("title", ""), tuple(record.get("aliases") or ()))
    if key:
        with _SEGMENT_CASES_LOCK:
            _SEGMENT_CASES[key] = cases
            while len(_SEGMENT_CASES) > LIMITS["segments"]:
                _SEGMENT_CASES.popitem(last=False)
    return cases


def derive(searcher, settings: Settings, folder: str = "") -> Derived:
    reader = searcher.reader()
    d = Derived()
    rows = []
    year_docs: dict[int, list[int]] = {}
    for leaf, offset in reader.leaf_readers():
        cases = _segment_cases(folder, leaf)
        for local in leaf.all_doc_ids():
            case = cases.get(local)
            if case is None:  # not live when the segment was read: cannot be live now
                continue
            docnum = offset + local
            d.live.add(docnum)
            d.slug_docs[case.slug] = docnum
            if case.published:
                d.published.add(docnum)
            year = case.year
            d.doc_year[docnum] = year
            title = case.title.lower()
            d.doc_title[docnum] = title
            if year is not None:
                year_docs.setdefault(int(year), []).append(docnum)
            for alias in case.aliases:
                d.aliases.setdefault(normalise_alias(alias), case.slug)
            rows.append((docnum, year, case.title))
    d.orders = orders(rows)
    d.newest_first = d.orders["newest"]
    live_bits = d.live_bits = to_bits(d.live)
    for name in FACET_FIELDS:
        facet = settings.facets.get(name)
        if facet is None:
            continue
        d.value_bits[name] = {
            value: to_bits(searcher.docs_for_query(Term(name, value))) & live_bits
            for value in facet.values
        }
    d.published_bits = to_bits(d.published)
    d.year_bits = {year: to_bits(docs) for year, docs in year_docs.items()}
    return d


class IndexView:
    """An open generation: a searcher and its derived data."""

    def __init__(self, path: Path, settings: Settings, relevance: Relevance | None = None,
                 reference: bool = False):
        self.path = path
        self.folder = str(path)
        self.settings = settings
        self.relevance = relevance or Relevance.from_settings(settings)
        self.reference = reference
        """Rank, highlight and correct spelling Whoosh's own way (``search.reference_path``)."""
        self.ix = whoosh_index.open_dir(str(path))
        self.searcher = self.ix.searcher()
        self.derived = derive(self.searcher, settings, self.folder)

    @property
    def generation(self) -> str:
        return self.path.name

    def expand(self, q: wq.Query | None) -> wq.Query | None:
        """``q`` with every fuzzy or prefix word's index words looked up once per index state."""
        if q is None:
            return None
        cache = self.derived.memory.expansions

        def resolve(node):
            if not isinstance(node, wq.MultiTerm) or isinstance(node, ExpandedTerms):
                return node
            key = (type(node), node.fieldname, node.text, getattr(node, "maxdist", None),
                   getattr(node, "prefixlength", None))
            words = cache.get(key)
            if words is None:
                words = multiterm_words(node, self.searcher.reader())
                cache.put(key, words)
            return ExpandedTerms(node, words)

        return q.accept(resolve)

    def docs(self, q: wq.Query) -> set[int]:
        """The documents ``q`` matches: like ``searcher.docs_for_query``, from remembered words.

        Whoosh walks every word's posting list again for each query. Here each word's documents
        are read once per index state into a bitset, and a query made of words, And, Or, AndNot
        and the like is worked out with bit operations; anything else (phrases) is left to
        Whoosh.
        """
        return set(from_bits(self.doc_bits(q)))

    def doc_bits(self, q: wq.Query) -> int:
        if isinstance(q, wq.Term):
            return self.term_bits(q.fieldname, q.text)
        if isinstance(q, ExpandedTerms):
            return union(self.term_bits(q.fieldname, word) for word in q.words)
        if type(q) is wq.And and not any(isinstance(sub, wq.Not) for sub in q.subqueries):
            bits = self.doc_bits(q.subqueries[0]) if q.subqueries else 0
            for sub in q.subqueries[1:]:
                bits &= self.doc_bits(sub) if bits else 0
            return bits
        if isinstance(q, (wq.Or, wq.DisjunctionMax)) and not getattr(q, "minmatch", 0) \
                and not any(isinstance(sub, wq.Not) for sub in q.subqueries):
            return union(self.doc_bits(sub) for sub in q.subqueries)
        if isinstance(q, wq.AndNot):
            return self.doc_bits(q.a) & ~self.doc_bits(q.b)
        if isinstance(q, wq.AndMaybe):
            return self.doc_bits(q.a)
        if isinstance(q, wq.Require):
            return self.doc_bits(q.a) & self.doc_bits(q.b)
        if isinstance(q, wq.ConstantScoreQuery):
            return self.doc_bits(q.child)
        if q is wq.NullQuery:
            return 0
        if isinstance(q, wq.Phrase):
            # A phrase needs all its words: where they never meet, there is nothing to look for.
            together = self.term_bits(q.fieldname, q.words[0]) if q.words else 0
            for word in q.words[1:]:
                together &= self.term_bits(q.fieldname, word) if together else 0
            if not together:
                return 0
        # Phrases and the like: the documents Whoosh scores for them (see own_scores).
        return self.own_scores(q).bits

    def own_scores(self, q: wq.Query) -> Word:
        """Whoosh's scores for ``q`` searched on its own (a phrase, a near spelling), in every
        live document it matches, as a :class:`.postings.Word`; remembered per index state,
        keyed by ``repr(q)``, which names its words and boosts. The same part comes back in
        other searches (through a synonym, a shared word), and finding its documents and
        scoring them is one search, not two. A phrase is worked out from its words' postings
        and positions (:func:`.postings.read_phrase`; Whoosh's own search on the reference
        path)."""
        return self.memo(("part scores", repr(q)), lambda: self._own_scores(q), weigh=postings_size)

    def _own_scores(self, q: wq.Query) -> Word:
        if not self.reference and isinstance(q, wq.Phrase):
            found = read_phrase(self, q)
            if found is not None:
                return found
        return as_word({docnum: score for score, docnum in self.searcher.search(q, limit=None).top_n})

    def field_lengths(self, fieldname: str) -> list:
        """The documents' lengths in ``fieldname`` (as the scorer sees them), by document number,
        read once per index state (a byte per document from each segment's length column)."""
        return self.memo(("field lengths", fieldname),
                         lambda: field_lengths(self.searcher.reader(), fieldname),
                         weigh=lambda found: 100 + 8 * len(found), pool="words")

    def field_norms(self, fieldname: str, avgfl: float, B: float, K1: float) -> list:
        """Each document's part of Whoosh's BM25F formula in ``fieldname`` (see
        compat.bm25_norms), worked out once per index state."""
        return self.memo(("field norms", fieldname, avgfl, B, K1),
                         lambda: bm25_norms(self.field_lengths(fieldname), avgfl, B, K1),
                         weigh=lambda found: 100 + 32 * len(found), pool="words")

    def has_word(self, fieldname: str, text) -> bool:
        """Whether the index has ``text`` in ``fieldname``: from the field's word list when a
        worker has read it (see scoring.warm: a dictionary look-up instead of one in the index
        files, and most words a search tries in most fields are not there), else from the index."""
        schema = self.searcher.schema
        if fieldname not in schema:
            return False
        words = WordList.known(self.searcher.reader(), fieldname)
        if words is not None:
            return (text.decode("utf-8") if isinstance(text, bytes) else text) in words.doc_frequency
        try:
            btext = text if isinstance(text, bytes) else schema[fieldname].to_bytes(text)
        except ValueError:
            return False
        return (fieldname, btext) in self.searcher.reader()

    def word(self, fieldname: str, text) -> Word:
        """The word's documents and scores in ``fieldname``, read once per index state (see
        :mod:`.postings`)."""
        return self.memo(("word", fieldname, text), lambda: read_word(self, fieldname, text),
                         weigh=postings_size, pool="words")

    def term_bits(self, fieldname: str, text) -> int:
        """The documents holding the word (deleted ones too: callers intersect with live sets).

        From the word's postings, read with its scores (:meth:`word`): nearly every word a
        search matches with is also one it ranks with, and reading the postings (unpickling
        their blocks) costs far more than scoring them, so they are read once, not twice."""
        return self.word(fieldname, text).bits

    def memo(self, key: tuple, compute: Callable[[], Any],
             weigh: Callable[[Any], int] | None = None, pool: str = "results") -> Any:
        """``compute()``, remembered under ``key`` until the index changes (see
        :class:`.memory.StateMemory`)."""
        return self.derived.memory.memo(key, compute, weigh, pool)

    def remembered(self, key: tuple, pool: str = "results") -> Any:
        """The value remembered under ``key``, or None."""
        return self.derived.memory.remembered(key, pool)

    def remember(self, key: tuple, value: Any, size: int = 100, pool: str = "results") -> None:
        self.derived.memory.remember(key, value, size, pool)

    def refresh_if_stale(self) -> None:
        if not self.searcher.up_to_date():
            # A fresh reader rather than searcher.refresh(): whoosh-reloaded reuses an open
            # segment's reader even when the segment has gained deletions since, so the old
            # version of an edited case stayed searchable beside the new one.
            self.searcher = self.ix.searcher()
            self.derived = derive(self.searcher, self.settings, self.folder)

    def close(self) -> None:
        try:
            self.searcher.close()
        finally:
            self.ix.close()


SETTLED_NS = 2_000_000_000
"""How long (ns) the index folders must have been unchanged before their timestamps are trusted.

File timestamps tick coarsely (a few ms), so two changes in one tick can leave the same mtime;
a folder that changed less than this long ago is always checked the slow, certain way."""


class IndexAccess:
    """The app's handle on the index: ``view()`` gives an up-to-date :class:`IndexView`.

    Checking for a new index the certain way (read CURRENT, list the live generation's table of
    contents) costs as much as a small request. So ``view()`` first
    compares the timestamps of CURRENT and of the live generation's folder (two ``stat`` calls)
    with those seen at the last certain check, and trusts them only when nothing changed and
    the folders have been quiet for a while (see SETTLED_NS). A build or a save therefore still
    shows on the next request.
    """

    def __init__(self, settings: Settings, reference: bool | None = None):
        self.settings = settings
        self.relevance = Relevance.from_settings(settings)
        self.reference = bool(settings.section("search")["reference_path"]) \
            if reference is None else reference
        self.index_dir = settings.index_dir
        self._view: IndexView | None = None
        self._seen: tuple | None = None
        self._pointer = str(self.index_dir / generations.CURRENT)
        self._lock = threading.Lock()

    def _signature(self) -> tuple | None:
        """(CURRENT's inode and mtime, live folder's mtime), or None when unknown or recent."""
        if self._view is None:
            return None
        try:
            pointer = os.stat(self._pointer)
            folder = os.stat(self._view.folder)
        except OSError:
            return None
        if time.time_ns() - max(pointer.st_mtime_ns, folder.st_mtime_ns) < SETTLED_NS:
            return None
        return pointer.st_ino, pointer.st_mtime_ns, folder.st_mtime_ns

    def view(self) -> IndexView:
        with self._lock:
            signature = self._signature()
            if signature is not None and signature == self._seen:
                return self._view
            live = generations.current_generation(self.index_dir)
            if live is None:
                raise FileNotFoundError(f"no index in {self.index_dir}")
            if self._view is None or self._view.path != live:
                old, self._view = self._view, IndexView(live, self.settings, self.relevance,
                                                        self.reference)
                if old is not None:
                    old.close()
            else:
                self._view.refresh_if_stale()
            self._seen = signature
            return self._view

    def close(self) -> None:
        with self._lock:
            if self._view is not None:
                self._view.close()
                self._view = None
            self._seen = None
