"""Facet values a word implies: the policy area most cases with the word are filed under.

A visitor who types "patienter" wants the health cases, also the ones that speak of
"borgere" or "sygehuset" and never of patients; "region sjælland patienter" wants Region
Sjælland's health cases. The editors' own classification says which words go with which area:
when most of the cases that use a word (``Relevance.implied_share``, at least
``implied_min_cases`` of them) are filed under one value of an ``implied_facets`` facet, the
word also finds that value's other cases, at the low ``implied`` weight, so the cases with the
word itself stay first. A common word (``common_share``) implies nothing, nor does a value that
covers a large share of the collection (``implied_max_share``): it would find half the cases.
Worked out from the index per word and remembered per index state, so it follows every edit.
"""
from __future__ import annotations

from whoosh import query as wq

from .snapshot import IndexView


def implied_topics(view: IndexView, stem: str) -> tuple[tuple[str, str], ...]:
    """(facet, value) pairs the Danish ``stem`` implies in ``view`` (remembered)."""
    return view.memo(("implied topics", stem), lambda: _implied(view, stem), weigh=lambda found: 200)


def _implied(view: IndexView, stem: str) -> tuple[tuple[str, str], ...]:
    relevance = view.relevance
    published = view.derived.published
    docs: set[int] = set()
    for fieldname in relevance.field_boosts.model_dump():
        docs |= view.docs(wq.Term(fieldname, stem))
    docs &= published
    total = len(published)
    if len(docs) < relevance.implied_min_cases or len(docs) >= relevance.common_share * total:
        return ()
    found = []
    for facet in relevance.implied_facets:
        for value in map(str, view.settings.facets[facet].values):
            filed = _filed_under(view, facet, value)
            if len(docs) < len(filed) <= relevance.implied_max_share * total \
                    and len(docs & filed) >= relevance.implied_share * len(docs):
                found.append((facet, value))
    return tuple(found)


def _filed_under(view: IndexView, facet: str, value: str) -> frozenset[int]:
    return view.memo(("filed under", facet, value),
                     lambda: frozenset(view.docs(wq.Term(facet, value)) & view.derived.published),
                     weigh=lambda docs: 100 + 8 * len(docs))
