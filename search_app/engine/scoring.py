"""Whoosh's ranking, worked out from each word's remembered scores.

Whoosh scores a document by building a matcher for every word of the query tree (a search for
one Danish word makes a dozen: its stem in four fields, its compound parts, the word as written,
its topics, its near spellings), and it builds them again for every search. Building them is
most of the work, while the scores themselves do not depend on the query: a word's BM25F score in
a document depends only on the word, the document and the index. So each word's scores are read
once per index state (``IndexView.word``, see :mod:`.postings`; a worker reads them all when
it starts, as far as its time and memory budget go, see :func:`warm`), and a query is scored the
way Whoosh's matchers combine them:

- a word: its score times the word's boost; a document without it does not match;
- And: every part must match, the scores add up; Or: any part, the scores of those that match
  add up; either times the boost of the And/Or (a single part stands alone, boost and all, as
  in Whoosh);
- a ConstantScoreQuery: its fixed score wherever its child matches;
- anything else (phrases, near spellings and prefixes): that part's own scores from Whoosh,
  remembered per index state, as Whoosh gives them to the same part inside a larger query.

Ranking is by score, then by document number, as Whoosh sorts; tests/test_scoring.py checks
the rankings against Whoosh's own. A page needs only the top of the ranking: :meth:`Scorer.top`
scores in full only the documents that can still reach it, with the same result. The words a snippet marks are those through which the query
matched the case (:meth:`Scorer.matched_words`), else any of the query's words the case has.
"""
from __future__ import annotations

import heapq
import time
from typing import Iterable, NamedTuple

from whoosh import query as wq

from indexer.record import FACET_FIELDS

from .compat import ExpandedTerms, whoosh_ranking
from .docsets import to_bits, union
from .lexicon import WordList
from .snapshot import IndexView

Scores = dict[int, float]
NULL_QUERY = type(wq.NullQuery)


class Scorer:
    """Scores and matched words for queries against one index state (one :class:`IndexView`)."""

    def __init__(self, view: IndexView):
        self.view = view

    def ranked(self, q: wq.Query, docs: Iterable[int]) -> list[int]:
        """The documents of ``docs`` that ``q`` matches, best first (ties: lower docnum first)."""
        if self.view.reference:
            return whoosh_ranking(self.view.searcher, q, docs)
        scores = self.scores(q, set(docs))
        return sorted(scores, key=lambda docnum: (-scores[docnum], docnum))

    def scores(self, q: wq.Query, among: set[int]) -> Scores:
        """Score of every document of ``among`` that ``q`` matches."""
        if not among:
            return {}
        if type(q) is _Scored:
            return {d: score for d, score in q.scores.items() if d in among}
        if isinstance(q, wq.Term):
            return self.view.word(q.fieldname, q.text).among(among, q.boost)
        if _plain(q):
            subs = q.subqueries
            if not subs:
                return {}
            if len(subs) == 1:
                return self.scores(subs[0], among)
            return self._compound(q, subs, among)
        if isinstance(q, wq.ConstantScoreQuery):
            return dict.fromkeys(self.scores(q.child, among), q.score)
        if isinstance(q, NULL_QUERY):
            return {}
        if isinstance(q, wq.Phrase) and not self.view.doc_bits(q):
            return {}  # its words never meet in one field: Whoosh would find nothing
        return self.view.own_scores(q).among(among)

    def top(self, q: wq.Query, docs: Iterable[int], count: int) -> list[int]:
        """The first ``count`` of :meth:`ranked` (the same documents in the same order),
        without scoring every document.

        A query of several parts (a word's fields and related words; several words) is scored
        in full only for the documents that can still reach the top. The parts with the highest
        possible scores (:meth:`bound`) are scored first, and the documents they rank highest
        give a first threshold: a score ``count`` documents reach. Parts are added until the
        rest could not lift a document past it on their own; then a document whose scores so
        far plus the rest's bound stay below the threshold cannot be in the top, and only the
        others are scored in full, by :meth:`scores` itself: the same floats
        (tests/test_fast_postings.py compares both over every judged query).
        """
        docs = docs if isinstance(docs, (set, frozenset)) else set(docs)
        if (self.view.reference or not _plain(q) or len(q.subqueries) < 2
                or count * 4 >= len(docs)):
            return self.ranked(q, docs)[:count]
        subs = q.subqueries
        bounds = [max(self.bound(sub), 0.0) for sub in subs]
        strongest = sorted(range(len(subs)), key=lambda i: -bounds[i])
        partial = self.scores(subs[strongest[0]], docs)
        seeds = heapq.nlargest(count, partial, key=partial.__getitem__)
        found = self.scores(q, set(seeds))
        if len(found) < count:
            return self.ranked(q, docs)[:count]
        threshold = min(found.values())
        both = type(q) is wq.And
        parts = {strongest[0]: partial}
        partial = dict(partial)
        for used, i in enumerate(strongest[1:], 2):
            rest = sum(bounds[j] for j in strongest[used - 1:])
            if rest * q.boost * MARGIN < threshold:
                break
            parts[i] = part = self.scores(subs[i], docs)
            if both:
                partial = {d: score + part[d] for d, score in partial.items() if d in part}
            else:
                for d, score in part.items():
                    partial[d] = partial.get(d, 0.0) + score
        else:
            rest = 0.0
        boost = q.boost * MARGIN
        survivors = {d for d, score in partial.items() if (score + rest) * boost >= threshold}
        # The parts already scored are scored again for no document: a document's score in a
        # part does not depend on the others it is scored with.
        scored = self._compound(q, [_Scored(parts[i]) if i in parts else sub for i, sub in enumerate(subs)],
                                survivors)
        return sorted(scored, key=lambda d: (-scored[d], d))[:count]

    def bound(self, q: wq.Query) -> float:
        """A score no document gets from ``q`` (its parts' best scores added up)."""
        if isinstance(q, wq.Term):
            scores = self.view.word(q.fieldname, q.text).scores
            return max(scores) * q.boost if len(scores) else 0.0
        if _plain(q):
            subs = q.subqueries
            if len(subs) == 1:
                return self.bound(subs[0])
            return sum(max(self.bound(sub), 0.0) for sub in subs) * q.boost
        if isinstance(q, wq.ConstantScoreQuery):
            return q.score
        if isinstance(q, NULL_QUERY) or (isinstance(q, wq.Phrase) and not self.view.doc_bits(q)):
            return 0.0
        scores = self.view.own_scores(q).scores
        return max(scores) if len(scores) else 0.0

    def _compound(self, q, subs, among: set[int]) -> Scores:
        total: Scores = {}
        if type(q) is wq.And:
            for sub in subs:
                part = self.scores(sub, among)
                if not part:
                    return {}
                if total:
                    total = {d: total[d] + s for d, s in part.items() if d in total}
                else:
                    total = part
                among = set(total)
        else:
            for sub in subs:
                if isinstance(sub, wq.Term):
                    self.view.word(sub.fieldname, sub.text).add_to(total, among, sub.boost)
                    continue
                for docnum, score in self.scores(sub, among).items():
                    total[docnum] = total.get(docnum, 0.0) + score
        if q.boost != 1.0:
            total = {d: s * q.boost for d, s in total.items()}
        return total

    def matched_words(self, q: wq.Query, docnums: Iterable[int]) -> dict[int, set[tuple[str, str]]]:
        """(field, word) of every word through which ``q`` matches each of ``docnums`` (a word
        in an And counts only when the whole And matches; empty when ``q`` does not match the
        document). One walk of the query for the whole page, with the page as a bitset."""
        docnums = list(docnums)
        _, found = self._walk(q, to_bits(docnums))
        words: dict[int, set[tuple[str, str]]] = {d: set() for d in docnums}
        for word, bits in found:
            for docnum in docnums:  # the page's few: not every bit of a bitset the index's size
                if bits >> docnum & 1:
                    words[docnum].add(word)
        return words

    def _walk(self, q: wq.Query, page: int) -> tuple[int, list[tuple[tuple[str, str], int]]]:
        """(the page's documents ``q`` matches, [(word, the page's documents it matched in)])."""
        if isinstance(q, wq.Term):
            bits = self.view.term_bits(q.fieldname, q.text) & page
            return bits, [((q.fieldname, q.text), bits)] if bits else []
        if type(q) in (wq.And, wq.Or):
            walked = [self._walk(sub, page) for sub in q.subqueries]
            if not walked:
                return 0, []
            if type(q) is wq.And:
                bits = page
                for sub_bits, _ in walked:
                    bits &= sub_bits
            else:
                bits = union(sub_bits for sub_bits, _ in walked)
            found = [(word, word_bits & bits) for _, sub_found in walked
                     for word, word_bits in sub_found if word_bits & bits]
            return bits, found
        if isinstance(q, wq.ConstantScoreQuery):
            return self._walk(q.child, page)
        if isinstance(q, NULL_QUERY):
            return 0, []
        if isinstance(q, ExpandedTerms):
            found = []
            for fieldname, word in _words(q):
                bits = self.view.term_bits(fieldname, word) & page
                if bits:
                    found.append(((fieldname, word), bits))
            return union(bits for _, bits in found), found
        bits = self.view.doc_bits(q) & page  # a phrase: Whoosh's own matches, remembered
        return bits, [(word, bits) for word in _words(q)] if bits else []

    def words_in(self, q: wq.Query, docnum: int) -> set[tuple[str, str]]:
        """(field, word) of every word of ``q`` that ``docnum`` has, also where the part of the
        query holding it did not match the case: "ældre" in a case found for "ældrepleje" by
        its topic."""
        return {(fieldname, word) for fieldname, word in _words(q)
                if self._has(fieldname, word, docnum)}

    def _has(self, fieldname: str, text, docnum: int) -> bool:
        return bool(self.view.term_bits(fieldname, text) >> docnum & 1)


def _plain(q: wq.Query) -> bool:
    """An And or an Or that adds up its parts' scores (no minimum of parts, no scaling): the
    queries scored here part by part."""
    return (type(q) in (wq.And, wq.Or) and not getattr(q, "minmatch", 0)
            and not getattr(q, "scale", None))


class _Scored(NamedTuple):
    """A part of a query whose scores are known (see :meth:`Scorer.top`)."""

    scores: Scores


MARGIN = 1 + 1e-9
"""A bound is a sum of floats added in another order than a score's: it is stretched by this
much before it may rule a document out."""


def _words(q: wq.Query):
    """(field, word) of every word in ``q``, near spellings and prefixes as the words they stand
    for; ranking bonuses included (they are words the visitor typed)."""
    if isinstance(q, wq.Term):
        yield q.fieldname, q.text
    elif isinstance(q, ExpandedTerms):
        for word in q.words:
            yield q.fieldname, word.decode("utf-8") if isinstance(word, bytes) else word
    elif isinstance(q, wq.ConstantScoreQuery):
        yield from _words(q.child)
    elif isinstance(q, wq.CompoundQuery):
        for sub in q.subqueries:
            yield from _words(sub)
    elif not isinstance(q, NULL_QUERY):
        for fieldname, text in q.iter_all_terms():
            yield fieldname, text.decode("utf-8") if isinstance(text, bytes) else text


SCORED_FIELDS = ("title", "title_exact", "lead", "organisation", "body", "summary_en", "exact",
                 "parts", *FACET_FIELDS)
"""The fields queries are made of (see expansion.QueryBuilder), most telling first; facet
values are matched as topics."""


def warm(view: IndexView, budget_s: float) -> int:
    """Read the words' documents and scores ahead of the first searches, the words most cases
    have first (whatever their field in SCORED_FIELDS), for at most ``budget_s`` seconds of this
    process's CPU time and while the words' memory is less than three quarters full; returns
    how many words.

    Called when a worker opens the index. A word's first search otherwise reads its postings
    from the index files, and the cost of that grows with the number of cases that have the
    word: a word in most cases takes some 7 ms at 10,000 cases, a rare one a fraction of a
    millisecond. So the common words are read first: they are the ones that make a first
    search slow, and the ones most searches meet. At 70 cases every word is read within the
    budget (the worker logs how many); on a large index the budget or the memory runs out
    first and the rest is read when first searched.
    """
    deadline = time.process_time() + budget_s
    memory = view.derived.memory["words"]
    reader = view.searcher.reader()
    schema = view.searcher.schema
    words = []
    for fieldname in SCORED_FIELDS:
        if fieldname in schema:
            # Read here, has_word then needs no look-ups in the index files.
            counts = WordList.of(reader, fieldname).doc_frequency
            words.extend((count, fieldname, word) for word, count in counts.items())
    words.sort(key=lambda entry: -entry[0])  # stable: field order, then word order within
    done = 0
    for _, fieldname, word in words:
        if time.process_time() > deadline or memory.full:
            break
        view.word(fieldname, word)
        done += 1
    return done
