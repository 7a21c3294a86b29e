"""Ranking the matching documents, and scoring only the page shown for its snippets.

A search is ranked once per query text and index state (``ranked``): every matching document
scored, without recording which words matched (recording them for every document doubled the
cost at 10,000 cases). Facet filters and pages are then slices of that ranking. When a facet
filter keeps only a small part of the matches and the query has not been ranked yet, only that
part is scored (``ranked_among``): the same scores, so the same order. Snippets need
to know which words matched, but only for the page shown: ``page_hits`` visits just those
documents (skipping the matchers straight to them) and records their words, so the highlighter
works exactly as after a full search.
"""
from __future__ import annotations

from array import array
from typing import Iterable

from whoosh.collectors import TermsCollector, UnlimitedCollector
from whoosh.searching import Hit, Results


def ranked(searcher, q, docs: set[int]) -> array:
    """The documents of ``docs`` that ``q`` matches, best first (ties: lower docnum first)."""
    if not docs:
        return array("I")  # Whoosh reads an empty filter as no filter at all
    results = searcher.search(q, filter=docs, limit=None)
    return array("I", (hit.docnum for hit in results))


def ranked_among(searcher, q, docs: set[int]) -> array:
    """The same ranking as :func:`ranked`, scoring only ``docs`` (all of which ``q`` matches):
    for a facet filter that keeps a small part of what the words match."""
    if not docs:
        return array("I")
    collector = ChosenDocsCollector(docs)
    searcher.search_with_collector(q, collector)
    return array("I", (hit.docnum for hit in collector.results()))


class ChosenDocsCollector(UnlimitedCollector):
    """Scores only the given documents: the matcher skips to each instead of walking every match."""

    def __init__(self, docnums: Iterable[int]):
        super().__init__()
        self.wanted = sorted(set(docnums))

    def matches(self):
        matcher = self.matcher
        end = self.offset + self.subsearcher.doc_count_all()
        for docnum in self.wanted:
            if docnum < self.offset:
                continue
            if docnum >= end or not matcher.is_active():
                break
            sub = docnum - self.offset
            if matcher.id() < sub:
                matcher.skip_to(sub)
                if not matcher.is_active():
                    break
            if matcher.id() == sub:
                yield sub


def page_hits(searcher, q, docnums: list[int]) -> tuple[Results | None, list[Hit]]:
    """Hits for ``docnums`` (in that order) with their matched words, ready to highlight."""
    if not docnums:
        return None, []
    collector = TermsCollector(ChosenDocsCollector(docnums))
    searcher.search_with_collector(q, collector)
    results = collector.results()
    by_doc = {hit.docnum: hit for hit in results}
    return results, [by_doc[d] for d in docnums if d in by_doc]
