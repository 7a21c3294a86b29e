"""A word's postings, read once: which documents have it, and its score in each.

Matching needs a word's documents (as a bitset, see :mod:`.docsets`), ranking its BM25F score
in each; both come from one pass over the postings, remembered per index state by
``IndexView.word``. Whoosh's scorer reads each document's field length from the index files,
posting by posting (most of a search's time at 10,000 cases); here the field's lengths are read
once per index state and handed to the same scorer's ``_score(weight, length)``, so the scores
are Whoosh's own, computed the same way (tests/test_scoring.py compares the rankings).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from whoosh.scoring import WeightLengthScorer

from .docsets import to_bits

if TYPE_CHECKING:
    from .index_access import IndexView

Scores = dict[int, float]


def read_word(view: "IndexView", fieldname: str, text) -> tuple[Scores, int]:
    """(score in every live document with the word, bitset of every document with it)."""
    searcher = view.searcher
    if not view.has_word(fieldname, text):
        return {}, 0
    try:
        btext = text if isinstance(text, bytes) else searcher.schema[fieldname].to_bytes(text)
    except ValueError:
        return {}, 0
    scorer = searcher.weighting.scorer(searcher, fieldname, btext)
    live = view.derived.live
    if not isinstance(scorer, WeightLengthScorer):  # another weighting model: Whoosh's way
        matcher = searcher.postings(fieldname, btext)
        scores, docnums = {}, []
        while matcher.is_active():
            docnum = matcher.id()
            docnums.append(docnum)
            if docnum in live:
                scores[docnum] = matcher.score()
            matcher.next()
        return scores, to_bits(docnums)
    docnums, weights = read_postings(searcher.reader(), fieldname, btext)
    lengths = view.field_lengths(fieldname)
    score = scorer._score
    scores = {docnum: score(weight, lengths[docnum])
              for docnum, weight in zip(docnums, weights) if docnum in live}
    return scores, to_bits(docnums)


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


def size(found: tuple[Scores, int]) -> int:
    """Bytes a word's postings take in memory (measured with tracemalloc: ~90 per scored
    document, ~250 a dict, one bit per document)."""
    scores, bits = found
    return 314 + 90 * len(scores) + bits.bit_length() // 8
