"""The index's own words, for expanding what a visitor typed.

Typo tolerance, compound tails, "Mente du" and search-as-you-type all ask the same question:
which words does the collection actually contain that look like this one? The answers come from
the index's word lists (the ``exact`` field: folded, unstemmed words of every case), so a
suggestion is always a word some case uses.

Each field's word list is read into memory once per index state (:class:`WordList`; a few
thousand words, also at 10,000 generated cases): a search asks dozens of times, and Whoosh's
on-disk term table and its Levenshtein automaton answer far slower than a table in memory
(``tests/test_word_list.py`` checks the answers are the same). A sorted copy answers "which words start with …" and
a reversed one "which words end with …", both by binary search, and near spellings are
compared with rapidfuzz's Levenshtein distance among the words sharing the first letter.
"""
from __future__ import annotations

import bisect

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract
from whoosh.reading import IndexReader

from indexer.analysis import PARTICLES, dictionary_words

from .compat import field_infos
from .memory import known_per_reader, per_reader

FIELD = "exact"
SCAN_LIMIT = 2000
"""At most this many index words are read for one look-up, however large the index."""


class WordList:
    """One field's words, with how many cases use each (``doc_frequency``) and how often they
    occur in all (``frequency``): the figures Whoosh's reader gives for them."""

    def __init__(self, reader: IndexReader | None, fieldname: str,
                 counts: tuple[dict[str, int], dict[str, float]] | None = None):
        self.doc_frequency: dict[str, int] = {}
        self.frequency: dict[str, float] = {}
        if counts is not None:
            self.doc_frequency, self.frequency = counts
        else:
            # Segment by segment, adding up as Whoosh does: its own merged walk over several
            # segments looks each word up in every segment.
            for leaf, _ in reader.leaf_readers():
                for raw, info in field_infos(leaf, fieldname):
                    word = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                    self.doc_frequency[word] = self.doc_frequency.get(word, 0) + info.doc_frequency()
                    self.frequency[word] = self.frequency.get(word, 0.0) + info.weight()
        self.sorted = sorted(self.doc_frequency)
        self.reversed = sorted(word[::-1] for word in self.sorted)
        self._rests: dict[str, list[str]] = {}
        for word in self.sorted:
            self._rests.setdefault(word[:1], []).append(word[1:])

    @classmethod
    def of(cls, reader: IndexReader, fieldname: str) -> "WordList":
        """The word list of ``fieldname`` in ``reader``: read on first use, kept with the reader."""
        return per_reader(reader, f"words {fieldname}", lambda: cls(reader, fieldname))

    @classmethod
    def known(cls, reader: IndexReader, fieldname: str) -> "WordList | None":
        """The word list of ``fieldname`` when it has been read for ``reader``, else None."""
        return known_per_reader(reader, f"words {fieldname}")

    def within(self, word: str, maxdist: int) -> list[str]:
        """Words with ``word``'s first letter whose rest is at most ``maxdist`` Levenshtein edits
        from the rest of ``word``: the words ``reader.terms_within(field, word, maxdist,
        prefix=1)`` yields, in alphabetical order."""
        if not word:
            return []
        rests = self._rests.get(word[:1], [])
        found = extract(word[1:], rests, scorer=Levenshtein.distance, score_cutoff=maxdist,
                        limit=None)
        return sorted(word[:1] + rest for rest, _, _ in found)

    def starting_with(self, head: str, limit: int) -> list[str]:
        """Up to ``limit`` words starting with ``head`` (``head`` itself included), alphabetically."""
        start = bisect.bisect_left(self.sorted, head)
        words = []
        for word in self.sorted[start:start + limit]:
            if not word.startswith(head):
                break
            words.append(word)
        return words

    def ending_with(self, tail: str, limit: int) -> list[str]:
        """Up to ``limit`` words ending with ``tail`` (``tail`` itself included)."""
        key = tail[::-1]
        start = bisect.bisect_left(self.reversed, key)
        words = []
        for reversed_word in self.reversed[start:start + limit]:
            if not reversed_word.startswith(key):
                break
            words.append(reversed_word[::-1])
        return words


class Lexicon:
    """Look-ups in one reader's word list (one index state)."""

    def __init__(self, reader: IndexReader, fieldname: str = FIELD):
        self.reader = reader
        self.fieldname = fieldname

    @property
    def words(self) -> WordList:
        """The field's word list (read on first use, e.g. not before a typo needs it)."""
        return WordList.of(self.reader, self.fieldname)

    def frequency(self, word: str) -> int:
        """How many cases use ``word`` (a folded, unstemmed form)."""
        return self.words.doc_frequency.get(word, 0)

    def known(self, word: str) -> bool:
        return self.frequency(word) > 0

    def nearest(self, word: str, maxdist: int, limit: int = 3) -> list[str]:
        """Known words at the smallest edit distance (1..maxdist) from ``word``, most used first.

        Only the closest distance counts, so a word one letter off never brings in words two
        letters off; the first letter must match (few typos are in the first letter, and it
        keeps the look-up fast).
        """
        for dist in range(1, maxdist + 1):
            found = [w for w in self.words.within(word, dist) if w != word]
            if found:
                found.sort(key=lambda w: (-self.frequency(w), w))
                return found[:limit]
        return []

    def longest_known_tail(self, word: str, min_length: int = 4, min_head: int = 3) -> str | None:
        """The longest known word that ``word`` ends with, after a known first part:
        "medarbejdere" for "sundhedsmedarbejdere".

        In a Danish compound the last part names what the thing is, so it is the part to fall
        back on. ``min_head`` keeps an inflected form from counting as a compound of itself.
        """
        for start in range(min_head, len(word) - min_length + 1):
            tail, head = word[start:], word[:start]
            if self.known(tail) and self._known_head(head):
                return tail
        return None

    def known_last_part(self, word: str, min_length: int = 5, min_head: int = 3) -> str | None:
        """The longest word of the cases that ``word`` ends with, when it is also a word of the
        Danish dictionary, whatever comes before it: "robot" for "xyzrobot". A first part no
        case uses ("bybi|robot") does not hide what the compound names; a tail that is only an
        ending ("ningen") is no dictionary word, and a pronoun ("ingen") names nothing."""
        words = dictionary_words()
        for start in range(min_head, len(word) - min_length + 1):
            tail = word[start:]
            if self.known(tail) and tail in words and tail not in PARTICLES:
                return tail
        return None

    def _known_head(self, head: str) -> bool:
        """The first part is a word too, maybe with a linking s or e ("sundheds|medarbejdere");
        "tele|medicin" is not split, as "tele" is no word of the collection."""
        return self.known(head) or (head.endswith(("s", "e")) and self.known(head[:-1]))

    def starting_with(self, head: str, limit: int = 50) -> list[str]:
        """Known words that start with ``head`` (longer than it), most used first."""
        words = [w for w in self.words.starting_with(head, SCAN_LIMIT) if w != head]
        words.sort(key=lambda w: (-self.frequency(w), w))
        return words[:limit]

    def ending_with(self, tail: str, limit: int = 50) -> list[str]:
        """Known words that end with ``tail`` (longer than it): "supercykelstier" for "cykelstier"."""
        words = [w for w in self.words.ending_with(tail, SCAN_LIMIT) if w != tail]
        words.sort(key=lambda w: (-self.frequency(w), w))
        return words[:limit]
