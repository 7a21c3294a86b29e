"""A word's postings, read once: which documents have it, and its score in each.

Matching needs a word's documents (as a bitset, see :mod:`.docsets`), ranking its BM25F score
in each; both come from one pass over the postings, remembered per index state by
``IndexView.word``, as two arrays (12 bytes a document rather than a dict's many, as the common
words' postings are what a worker's memory holds most of on a large index). Whoosh's scorer
reads each document's field length from the index files, posting by posting; here the field's
lengths are read
once per index state and handed to the same scorer's ``_score(weight, length)``, so the scores
are Whoosh's own, computed the same way (tests/test_scoring.py compares the rankings). The
documents and weights come from each segment's postings file where it has one (no positions to
unpickle, see :mod:`.postings_file`), else from Whoosh's blocks.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import TYPE_CHECKING, NamedTuple

from .compat import bm25_scores, deleted_docs, length_scorer, phrase_found, phrase_scores, posting_blocks, word_scoring
from .docsets import from_bits, to_bits
from .postings_file import of_segment

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
        # A binary search per document costs some eight times a step through the postings.
        if len(docs) * 8 < len(docnums):
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


    def add_to(self, total: Scores, docs: set[int], boost: float = 1.0) -> None:
        """Add the word's score (times ``boost``) in each of ``docs`` that has it to ``total``:
        ``total[d] = total.get(d, 0.0) + score``, as an Or adds up its parts, without the
        dict :meth:`among` would make."""
        docnums, scores = self.docnums, self.scores
        get = total.get
        if len(docs) * 8 < len(docnums):
            count = len(docnums)
            for docnum in docs:
                at = bisect_left(docnums, docnum)
                if at < count and docnums[at] == docnum:
                    score = scores[at]
                    total[docnum] = get(docnum, 0.0) + (score * boost if boost != 1.0 else score)
        elif boost != 1.0:
            for docnum, score in zip(docnums, scores):
                if docnum in docs:
                    total[docnum] = get(docnum, 0.0) + score * boost
        else:
            for docnum, score in zip(docnums, scores):
                if docnum in docs:
                    total[docnum] = get(docnum, 0.0) + score


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
    scoring = word_scoring(searcher, fieldname, btext)
    if scoring is not None:
        return _block_word(view, fieldname, btext, scoring)
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
        docnums, weights = read_postings(searcher.reader(), fieldname, btext, view.folder)
        lengths = view.field_lengths(fieldname)
        scored = {docnum: score(weight, lengths[docnum])
                  for docnum, weight in zip(docnums, weights) if docnum in live}
    return as_word(scored, docnums)


def _block_word(view: "IndexView", fieldname: str, btext: bytes, scoring: tuple) -> Word:
    """A word's scores as Whoosh's scorer gives them, read a block of postings at a time
    (see compat.word_scoring): BM25F with each document's part of the formula worked out once
    per field (``IndexView.field_norms``) and the rest per posting in one comprehension
    (compat.bm25_scores); or the posting's weight, in fields without lengths."""
    searcher = view.searcher
    docnums, weights = read_postings(searcher.reader(), fieldname, btext, view.folder)
    live = view.derived.live
    bits = to_bits(docnums)
    if len(live) != searcher.doc_count_all():  # deleted documents keep postings until a merge
        kept = [(d, w) for d, w in zip(docnums, weights) if d in live]
        docnums, weights = [d for d, _ in kept], [w for _, w in kept]
    if scoring[0] == "bm25":
        _, idf, avgfl, B, K1 = scoring
        norms = view.field_norms(fieldname, avgfl, B, K1)
        scores = bm25_scores(idf, K1, weights, [norms[d] for d in docnums])
    else:
        scores = weights
    return Word(array("I", docnums), array("d", scores), bits)


def as_word(scored: Scores, docnums=None) -> Word:
    """A :class:`Word` of the given scores (``docnums``: every document that has it, when that
    is more than the scored ones)."""
    ordered = sorted(scored)
    return Word(array("I", ordered), array("d", (scored[d] for d in ordered)),
                to_bits(ordered if docnums is None else docnums))


def read_postings(reader, fieldname: str, btext: bytes, folder: str = "") -> tuple[list[int], list[float]]:
    """(document numbers, term weights) of a word's postings, in every segment, in order: from
    the segment's postings file where it has the word (see :mod:`.postings_file`; ``folder`` is
    the index's), else from Whoosh's blocks."""
    docnums: list[int] = []
    weights: list[float] = []
    for leaf, offset in reader.leaf_readers():
        stored = of_segment(folder, leaf)
        if stored is not None:
            found = stored.read(fieldname, btext)
            if found is not None:
                ids, found_weights = found
                deleted = deleted_docs(leaf)
                if deleted:  # as Whoosh's matcher, which leaves them out
                    kept = [(d, w) for d, w in zip(ids, found_weights) if d not in deleted]
                    ids, found_weights = [d for d, _ in kept], [w for _, w in kept]
                docnums.extend(ids if not offset else [d + offset for d in ids])
                weights.extend(found_weights)
                continue
        if (fieldname, btext) not in leaf:
            continue
        for ids, block_weights in posting_blocks(leaf, fieldname, btext):
            docnums.extend(ids if not offset else [d + offset for d in ids])
            weights.extend(block_weights)
    return docnums, weights


def read_phrase(view: "IndexView", q) -> Word | None:
    """Whoosh's scores for a phrase query (``Phrase``) in every live document it matches, from
    its words' remembered scores and the positions of the documents that have all of them;
    None for a phrase this does not cover (then Whoosh searches it).

    Whoosh matches a phrase by walking every word's postings in step and comparing positions,
    then scores it as the sum of its words' scores; the scores are already remembered, and only
    the documents with every word need their positions read."""
    searcher = view.searcher
    fieldname = q.fieldname
    words = [w for w in q.words if w is not None]
    if fieldname not in searcher.schema or len(words) < 2 or q.char_ranges:
        return None
    field = searcher.schema[fieldname]
    if not field.format or not field.format.supports("positions"):
        return None
    try:
        btexts = [field.to_bytes(w) for w in words]
    except ValueError:
        return NOWHERE
    if not all(view.has_word(fieldname, b.decode("utf-8")) for b in btexts):
        return NOWHERE
    postings = [view.word(fieldname, w) for w in words]
    together = view.derived.live_bits
    for word in postings:
        together &= word.bits
    if not together:
        return NOWHERE
    candidates = set(from_bits(together))
    reader = searcher.reader()
    places = [read_positions(reader, field.format, fieldname, b, candidates) for b in btexts]
    found = [d for d in sorted(candidates)
             if phrase_found([positions[d] for positions in places], q.slop)]
    if not found:
        return NOWHERE
    among = set(found)
    each = [word.among(among) for word in postings]
    scored = {d: phrase_scores([scores[d] for scores in each], q.boost) for d in found}
    return as_word(scored)


def read_positions(reader, format_, fieldname: str, btext: bytes, docs: set[int]) -> dict[int, list]:
    """docnum -> the word's positions in ``fieldname``, for the documents of ``docs``."""
    found: dict[int, list] = {}
    for leaf, offset in reader.leaf_readers():
        if (fieldname, btext) not in leaf:
            continue
        wanted = sorted(d - offset for d in docs if d >= offset)
        for ids, _, values in posting_blocks(leaf, fieldname, btext, values=True, wanted=wanted):
            for local, value in zip(ids, values):
                docnum = local + offset
                if docnum in docs:
                    found[docnum] = format_.decode_positions(value)
    return found


def size(word: Word) -> int:
    """Bytes a word's postings take in memory: 12 per scored document, a bit per document."""
    return 300 + 12 * len(word.docnums) + word.bits.bit_length() // 8
