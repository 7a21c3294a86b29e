"""Sets of document numbers as Python ints (bit i set = document i is in the set).

Facet counts intersect the matching documents with every facet value's documents, dozens of
times per search. A ``set`` intersection walks the smaller set element by element; an ``&``
of two ints and ``int.bit_count()`` work on machine words, far cheaper on a large index.
"""
from __future__ import annotations

from collections.abc import Set as AbstractSet
from itertools import compress
from typing import Iterable, Iterator

_BINARY = str.maketrans("01", "\x00\x01")


def to_bits(docnums: Iterable[int]) -> int:
    """The bitset of ``docnums``."""
    docnums = list(docnums)
    if not docnums:
        return 0
    digits = bytearray(b"0") * (max(docnums) + 1)
    for docnum in docnums:
        digits[docnum] = 49  # "1"
    digits.reverse()
    return int(digits, 2)


def from_bits(bits: int) -> list[int]:
    """The document numbers in ``bits``, in ascending order."""
    if not bits:
        return []
    flags = bin(bits)[:1:-1].translate(_BINARY).encode("latin-1")
    return list(compress(range(len(flags)), flags))


def union(bitsets: Iterable[int]) -> int:
    out = 0
    for bits in bitsets:
        out |= bits
    return out


class BitSet(AbstractSet):
    """A read-only set of document numbers kept as a bitset: a bit per document in the index
    instead of some 60 bytes per member for a ``frozenset`` (a word found in 8,000 of 10,000
    cases: 1.3 KB instead of 480 KB). Membership is a bit test; iteration reads the bits."""

    __slots__ = ("bits", "_count")

    def __init__(self, bits: int):
        self.bits = bits
        self._count = bits.bit_count()

    def __contains__(self, docnum) -> bool:
        return isinstance(docnum, int) and docnum >= 0 and bool(self.bits >> docnum & 1)

    def __iter__(self) -> Iterator[int]:
        return iter(from_bits(self.bits))

    def __len__(self) -> int:
        return self._count

    def __hash__(self) -> int:
        return self._hash()

    def __repr__(self) -> str:
        return f"BitSet({from_bits(self.bits)!r})"

    @classmethod
    def _from_iterable(cls, docnums):
        return frozenset(docnums)

    def size(self) -> int:
        """Bytes it takes in memory."""
        return 64 + self.bits.bit_length() // 8
