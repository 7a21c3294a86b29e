"""A word's postings, read once: which documents have it, and its score in each.

Matching needs a word's documents (as a bitset, see :mod:`.docsets`), ranking its BM25F score
in each; both come from one pass over the postings, remembered per index state by
``IndexView.word``, as two arrays (12 bytes a document rather than a dict's many, as the common
words' postings are what a worker's memory holds most of on a large index). Whoosh's scorer
reads each document's field length from the index files, posting by posting; here the field's
lengths are read
once per index state and handed to the same scorer's ``_score(weight, length)``, so the scores
are Whoosh's own, computed the same way (tests/test_scoring.py compares the rankings).
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import TYPE_CHECKING, NamedTuple

from .compat import length_scorer
from .docsets import to_bits

if TYPE_CHECKING:
    from .index_access import IndexView

Scores = dict[int, float]


class Word(NamedTuple):
    """A word's postings: the live documents that have it, in order, its score in each, and
    every document that has it (deleted ones too) as a bitset."""

    docnums: array
    scores: array
    bits: int

    def among(self, docs: set[int], boost: float = 1.0) -> Scores:
        """The word's score (times ``boost``) in each of ``docs`` that has it."""
        docnums, scores = self.docnums, self.scores
        if len(docs) < len(docnums):
            count = len(docnums)
            found = {}
            for docnum in docs:
                at = bisect_left(docnums, docnum)
                if at < count and docnums[at] == docnum:
                    found[docnum] = scores[at]
        else:
            found = {docnum: score for docnum, score in zip(docnums, scores) if docnum in docs}
        if boost != 1.0:
            return {docnum: score * boost for docnum, score in found.items()}
        return found


NOWHERE = Word(array("I"), array("d"), 0)


def read_word(view: "IndexView", fieldname: str, text) -> Word:
    """The word's postings in ``fieldname`` (see :class:`Word`)."""
    searcher = view.searcher
    if not view.has_word(fieldname, text):
        return NOWHERE
    try:
        btext = text if isinstance(text, bytes) else searcher.schema[fieldname].to_bytes(text)
    except ValueError:
        return NOWHERE
    score = length_scorer(searcher, fieldname, btext)
    live = view.derived.live
    if score is None:  # another weighting model: Whoosh's way
        matcher = searcher.postings(fieldname, btext)
        scored: Scores = {}
        docnums = []
        while matcher.is_active():
            docnum = matcher.id()
            docnums.append(docnum)
            if docnum in live:
                scored[docnum] = matcher.score()
            matcher.next()
    else:
        docnums, weights = read_postings(searcher.reader(), fieldname, btext)
        lengths = view.field_lengths(fieldname)
        scored = {docnum: score(weight, lengths[docnum])
                  for docnum, weight in zip(docnums, weights) if docnum in live}
    return as_word(scored, docnums)


def as_word(scored: Scores, docnums=None) -> Word:
    """A :class:`Word` of the given scores (``docnums``: every document that has it, when that
    is more than the scored ones)."""
    ordered = sorted(scored)
    return Word(array("I", ordered), array("d", (scored[d] for d in ordered)),
                to_bits(ordered if docnums is None else docnums))


def read_postings(reader, fieldname: str, btext: bytes) -> tuple[list[int], list[float]]:
    """(document numbers, term weights) of a word's postings, in every segment."""
    docnums: list[int] = []
    weights: list[float] = []
    for leaf, offset in reader.leaf_readers():
        if (fieldname, btext) not in leaf:
            continue
        matcher = leaf.postings(fieldname, btext)
        while matcher.is_active():
            docnums.append(matcher.id() + offset)
            weights.append(matcher.weight())
            matcher.next()
    return docnums, weights


def size(word: Word) -> int:
    """Bytes a word's postings take in memory: 12 per scored document, a bit per document."""
    return 300 + 12 * len(word.docnums) + word.bits.bit_length() // 8
