"""Facet values a word implies: the policy area most cases with the word are filed under.

A visitor who types "patienter" wants the health cases, also the ones that speak of
"borgere" or "sygehuset" and never of patients; "region sjælland patienter" wants Region
Sjælland's health cases. The editors' own classification says which words go with which area:
when most of the cases that use a word (``Relevance.implied_share``, at least
``implied_min_cases`` of them) are filed under one value of an ``implied_facets`` facet, the
word also finds that value's other cases, at the low ``implied`` weight, so the cases with the
word itself stay first. A common word (``common_share``) implies nothing, nor does a value that
covers a large share of the collection (``implied_max_share``): it would find half the cases.
Worked out from the index per word (with the index state's bitsets, see
:meth:`.snapshot.IndexView.doc_bits`) and remembered per index state, so it follows every edit.
"""
from __future__ import annotations

from .snapshot import IndexView


def implied_topics(view: IndexView, stem: str) -> tuple[tuple[str, str], ...]:
    """(facet, value) pairs the Danish ``stem`` implies in ``view`` (remembered)."""
    return view.memo(("implied topics", stem), lambda: _implied(view, stem), weigh=lambda found: 200)


def _implied(view: IndexView, stem: str) -> tuple[tuple[str, str], ...]:
    relevance = view.relevance
    published = view.derived.published_bits
    total = published.bit_count()
    fields = list(relevance.field_boosts.model_dump())
    # Counted before the cases are looked up: in a large collection most words a visitor
    # types are common in some field, and have thousands of cases.
    counts = [view.searcher.doc_frequency(fieldname, stem) for fieldname in fields]
    if sum(counts) < relevance.implied_min_cases or max(counts) >= relevance.common_share * total:
        return ()
    docs = 0
    for fieldname in fields:
        docs |= view.term_bits(fieldname, stem)
    docs &= published
    cases = docs.bit_count()
    if cases < relevance.implied_min_cases or cases >= relevance.common_share * total:
        return ()
    found = []
    for facet in relevance.implied_facets:
        for value in map(str, view.settings.facets[facet].values):
            filed = view.term_bits(facet, value) & published
            if cases < filed.bit_count() <= relevance.implied_max_share * total \
                    and (docs & filed).bit_count() >= relevance.implied_share * cases:
                found.append((facet, value))
    return tuple(found)
