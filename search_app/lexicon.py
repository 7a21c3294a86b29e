"""The index's own words, for expanding what a visitor typed.

Typo tolerance, compound tails and search-as-you-type all ask the same question: which words
does the collection actually contain that look like this one? The answers come from the
``exact`` field (folded, unstemmed words of every case), so a suggestion is always a word some
case uses. A reversed, sorted copy of that word list answers "which words end with …" with a
binary search; it is built once per index state (searcher) and kept with it.
"""
from __future__ import annotations

import bisect
import itertools
import threading
import weakref

from whoosh.reading import IndexReader

FIELD = "exact"
SCAN_LIMIT = 2000
"""At most this many index words are read for one look-up, however large the index."""

_suffix_tables: "weakref.WeakKeyDictionary[IndexReader, list[str]]" = weakref.WeakKeyDictionary()
_suffix_lock = threading.Lock()


class Lexicon:
    """Look-ups in one reader's word list (one index state)."""

    def __init__(self, reader: IndexReader, fieldname: str = FIELD):
        self.reader = reader
        self.fieldname = fieldname

    def frequency(self, word: str) -> int:
        """How many cases use ``word`` (a folded, unstemmed form)."""
        try:
            return self.reader.doc_frequency(self.fieldname, word)
        except KeyError:
            return 0

    def known(self, word: str) -> bool:
        return self.frequency(word) > 0

    def nearest(self, word: str, maxdist: int, limit: int = 3) -> list[str]:
        """Known words at the smallest edit distance (1..maxdist) from ``word``, most used first.

        Only the closest distance counts, so a word one letter off never brings in words two
        letters off; the first letter must match (few typos are in the first letter, and it
        keeps the look-up fast).
        """
        for dist in range(1, maxdist + 1):
            found = [w for w in self.reader.terms_within(self.fieldname, word, dist, prefix=1)
                     if w != word]
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

    def _known_head(self, head: str) -> bool:
        """The first part is a word too, maybe with a linking s or e ("sundheds|medarbejdere");
        "tele|medicin" is not split, as "tele" is no word of the collection."""
        return self.known(head) or (head.endswith(("s", "e")) and self.known(head[:-1]))

    def starting_with(self, head: str, limit: int = 50) -> list[str]:
        """Known words that start with ``head`` (longer than it), most used first."""
        words = []
        for raw in itertools.islice(self.reader.expand_prefix(self.fieldname, head), SCAN_LIMIT):
            word = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if word != head:
                words.append(word)
        words.sort(key=lambda w: (-self.frequency(w), w))
        return words[:limit]

    def ending_with(self, tail: str, limit: int = 50) -> list[str]:
        """Known words that end with ``tail`` (longer than it): "supercykelstier" for "cykelstier"."""
        table = self._suffix_table()
        key = tail[::-1]
        start = bisect.bisect_left(table, key)
        words = []
        for reversed_word in table[start:start + SCAN_LIMIT]:
            if not reversed_word.startswith(key):
                break
            if reversed_word != key:
                words.append(reversed_word[::-1])
        words.sort(key=lambda w: (-self.frequency(w), w))
        return words[:limit]

    def _suffix_table(self) -> list[str]:
        table = _suffix_tables.get(self.reader)
        if table is None:
            with _suffix_lock:
                table = _suffix_tables.get(self.reader)
                if table is None:
                    words = (w.decode("utf-8") if isinstance(w, bytes) else w
                             for w in self.reader.lexicon(self.fieldname))
                    table = sorted(w[::-1] for w in words)
                    _suffix_tables[self.reader] = table
        return table
