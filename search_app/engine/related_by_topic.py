"""Cases related to a case: those about the same things first, and why they are shown.

A reader of a case about loneliness among the elderly wants other cases about the elderly, not
a case that happens to share some words. So cases are ranked by what they share with this one
in the taxonomy: areas (the topic) weigh most, then partners and kinds of innovation and value;
the "more like this" text match only breaks ties and fills up when too few cases share anything.
Each related case carries its reason: the areas it shares ("Også om ældre og pleje"), else the
other values it shares, else that its text is alike.

No Flask here: the page turns a reason into words.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from indexer.record import as_list
from indexer.settings import Settings

from .docsets import from_bits
from .related import related_cases as alike_by_text
from .snapshot import IndexView
from .stored import record as stored_record

WEIGHTS = {"area": 4.0, "partner": 1.5, "innovation_type": 1.0, "value": 0.5}
"""What sharing one value of a facet counts; facets not named here are not compared (sector,
region and employee_driven say little about what a case is about)."""
MIN_SCORE = WEIGHTS["area"]
"""A case must share at least this much (an area, or several other values) to count as being
about the same thing; others come only from the text match."""


@dataclass(frozen=True)
class Related:
    record: dict
    reason: str  # "area", "facets" or "text"
    shared: tuple[str, ...]  # labels of the shared values behind the reason, in the page's language


def related_to(view: IndexView, settings: Settings, slug: str, record: dict, count: int = 4,
               lang: str = "da", budget_ms: float = 150.0) -> list[Related]:
    """Up to ``count`` published cases related to the case ``slug`` (its stored ``record``);
    the text match is time-boxed by ``budget_ms`` (past it, only the shared facets count)."""
    deadline = time.perf_counter() + budget_ms / 1000
    docnum = view.derived.slug_docs.get(slug)
    if docnum is None or budget_ms <= 0:
        return []
    published = view.derived.published_bits & ~(1 << docnum)
    scores: dict[int, float] = {}
    shared: dict[int, list[tuple[str, str]]] = {}
    for facet, weight in WEIGHTS.items():
        for value in as_list(record.get(facet)):
            bits = view.derived.value_bits.get(facet, {}).get(value, 0) & published
            for other in from_bits(bits):
                scores[other] = scores.get(other, 0.0) + weight
                shared.setdefault(other, []).append((facet, value))
    text_order = [view.derived.slug_docs.get(r["slug"]) for r in alike_by_text(view, slug, max(count * 3, 12), budget_ms)]
    text_rank = {d: i for i, d in enumerate(text_order) if d is not None}
    newest = {d: i for i, d in enumerate(view.derived.newest_first)}

    def order(doc: int):
        return (-scores.get(doc, 0.0), text_rank.get(doc, len(text_rank)), newest.get(doc, 0))

    if time.perf_counter() > deadline:
        return []  # out of time: the page goes without related cases
    by_facets = sorted((d for d, s in scores.items() if s >= MIN_SCORE), key=order)[:count]
    chosen = by_facets + [d for d in text_order if d is not None and d not in by_facets][:count - len(by_facets)]
    return [_related(view, settings, doc, shared.get(doc, []), doc in by_facets, lang) for doc in chosen]


def _related(view: IndexView, settings: Settings, doc: int, shared: list[tuple[str, str]],
             by_facets: bool, lang: str) -> Related:
    record = stored_record(view, doc)
    if not by_facets:
        return Related(record, "text", ())

    def labels(facets) -> tuple[str, ...]:
        return tuple(settings.facets[f].value_label(v, lang) for f, v in shared if f in facets and f in settings.facets)

    areas = labels(("area",))
    if areas:
        return Related(record, "area", areas)
    return Related(record, "facets", labels(("partner", "innovation_type", "value")))
