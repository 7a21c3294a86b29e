"""Facet counts, disjunctive as in Datasette: each facet counted over the matches filtered by
every *other* facet's selection, so a visitor sees how far a choice widens.

One unscored pass finds the documents the words match (the base, :mod:`.matching`); the
counts are intersections of bitsets (:mod:`.docsets`) with each value's documents, worked out
once per index state (``Derived.value_bits``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from indexer.record import FACET_FIELDS
from indexer.settings import Settings

from .docsets import union
from .snapshot import IndexView


class SearchState(Protocol):
    """What the engine needs of a search's parameters (the web layer's ``SearchParams``)."""

    q: str
    page: int
    per_page: int
    sort: str
    filters: dict[str, tuple[str, ...]]
    year_from: int | None
    year_to: int | None
    year_missing: bool  # with a year range: the cases without a year count as in it

    def selected(self, facet: str) -> tuple[str, ...]: ...

    def toggled(self, facet: str, value: str) -> Any: ...


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    facet: str
    current: SearchState

    @property
    def params(self) -> SearchState:
        """The search with this value switched on or off (made when a link needs it: a page
        lists some forty values, and most answers link them through a remembered URL)."""
        return self.current.toggled(self.facet, self.value)


@dataclass
class FacetGroup:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]


def selections(view: IndexView, params: SearchState) -> dict[str, int]:
    """Per facet with a selection: the documents carrying any selected value (OR within)."""
    d = view.derived
    chosen = {
        name: union(d.value_bits.get(name, {}).get(v, 0) for v in values)
        for name, values in params.filters.items()
    }
    if params.year_from is not None or params.year_to is not None:
        lo = params.year_from or 0
        hi = params.year_to or 9999
        chosen["year"] = union(docs for y, docs in d.year_bits.items() if lo <= y <= hi)
        if params.year_missing:  # and the cases without a year
            chosen["year"] |= d.published_bits & ~union(d.year_bits.values())
    return chosen


def intersect(base: int, chosen: dict[str, int], skip: str | None = None) -> int:
    result = base
    for name, docs in chosen.items():
        if name != skip:
            result &= docs
    return result


def facet_groups(view: IndexView, settings: Settings, params: SearchState, base: int,
                 chosen: dict[str, int], lang: str) -> list[FacetGroup]:
    groups = []
    for name in FACET_FIELDS:
        facet = settings.facets.get(name)
        if facet is None:
            continue
        scope = intersect(base, chosen, skip=name)
        values = []
        for value, docs in view.derived.value_bits.get(name, {}).items():
            selected = value in params.selected(name)
            count = (scope & docs).bit_count()
            if count or selected:
                values.append(FacetValue(value, facet.value_label(value, lang), count, selected,
                                         name, params))
        groups.append(FacetGroup(name, facet.label.get(lang, facet.label["da"]), values))
    return groups


def year_counts(view: IndexView, base: int, chosen: dict[str, int]) -> list[tuple[int, int]]:
    scope = intersect(base, chosen, skip="year")
    counts = [(y, (scope & docs).bit_count()) for y, docs in view.derived.year_bits.items()]
    return sorted((y, c) for y, c in counts if c)
