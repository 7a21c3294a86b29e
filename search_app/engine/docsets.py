"""Sets of document numbers as Python ints (bit i set = document i is in the set).

Facet counts intersect the matching documents with every facet value's documents, dozens of
times per search. A ``set`` intersection walks the smaller set element by element; an ``&``
of two ints and ``int.bit_count()`` work on machine words, far cheaper on a large index.
"""
from __future__ import annotations

from itertools import compress
from typing import Iterable

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
