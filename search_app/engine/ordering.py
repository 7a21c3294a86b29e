"""Orders other than relevance: newest, oldest and by title, in Danish alphabetical order.

Both year orders sort by (year, title): the newest or oldest year first, and within a year by
title A to Å, so two cases of the same year come in the same order either way; cases without a
year come last. Titles sort as a Danish dictionary does: Æ, Ø and Å after Z (Ä and Ö as Æ and
Ø), "Aa" as Å ("Aarhus" with "Århus"), accents otherwise ignored (É as E), case ignored.
"""
from __future__ import annotations

import unicodedata

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .snapshot import IndexView

_AFTER_Z = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"}
"""Danish letters after z (the characters after "z" in code point order)."""


def danish_key(title: str) -> str:
    """A sort key giving Danish alphabetical order."""
    text = title.casefold().replace("aa", "å")
    out = []
    for ch in text:
        if ch in _AFTER_Z:
            out.append(_AFTER_Z[ch])
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base)
    return "".join(out)


def orders(rows: list[tuple[int, int | None, str]]) -> dict[str, list[int]]:
    """Every document in each order, from (docnum, year, title) rows (worked out once per index
    state): ``newest`` and ``oldest`` by (year, title), undated last; ``title`` by title."""
    keyed = [(danish_key(title), year, docnum) for docnum, year, title in rows]
    dated = [row for row in keyed if row[1] is not None]
    undated = sorted((key, docnum) for key, _, docnum in keyed if _ is None)
    last = [docnum for _, docnum in undated]
    newest = [docnum for key, year, docnum in sorted(dated, key=lambda r: (-r[1], r[0], r[2]))]
    oldest = [docnum for key, year, docnum in sorted(dated, key=lambda r: (r[1], r[0], r[2]))]
    return {
        "newest": newest + last,
        "oldest": oldest + last,
        "title": [docnum for _, _, docnum in sorted(keyed, key=lambda r: (r[0], r[2]))],
    }


def ordered(view: "IndexView", sort: str, docs: set[int]) -> list[int]:
    """``docs`` in the order ``sort`` (newest, oldest or title) asks for."""
    order = view.derived.orders.get(sort) or view.derived.orders["newest"]
    return [docnum for docnum in order if docnum in docs]
