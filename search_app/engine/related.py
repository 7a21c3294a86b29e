"""Related cases ("more like this"): published cases sharing a case's key words.

The case's key words are picked from its own text (Whoosh's Bo1 model, as ``more_like``
does), then published cases other than itself are ranked on them. Both steps watch the time
budget (``search.suggestions_budget_ms``): past it the case page goes without related cases,
and what was worked out is remembered for the next visitor.
"""
from __future__ import annotations

import time

from whoosh import query as wq
from whoosh.classify import Bo1Model

from .snapshot import IndexView
from .stored import record

FIELD = "body"


def _key_terms(view: IndexView, docnum: int) -> list[tuple[str, float]]:
    stored = view.searcher.stored_fields(docnum)
    text = f"{stored.get('title', '')}\n{stored.get('lead', '')}\n{stored.get('body', '')}"
    return view.searcher.key_terms_from_text(FIELD, text, numterms=view.relevance.related_terms,
                                             model=Bo1Model)


def _ranked(view: IndexView, docnum: int, terms: list[tuple[str, float]], count: int) -> tuple[int, ...]:
    allowed = view.derived.published - {docnum}
    if not terms or not allowed:
        return ()
    q = wq.Or([wq.Term(FIELD, word, boost=weight) for word, weight in terms])
    hits = view.searcher.search(q, limit=count, filter=allowed, mask={docnum})
    return tuple(hit.docnum for hit in hits)


def related_cases(view: IndexView, slug: str, count: int, budget_ms: float) -> list[dict]:
    """Up to ``count`` published records most like the case ``slug`` ([] when unknown, a draft,
    or out of time)."""
    docnum = view.derived.slug_docs.get(slug)
    if docnum is None or docnum not in view.derived.published:
        return []
    deadline = time.perf_counter() + budget_ms / 1000
    try:
        terms = view.memo(("key terms", docnum), lambda: _key_terms(view, docnum))
        if time.perf_counter() > deadline:
            return []
        found = view.memo(("related", docnum, count), lambda: _ranked(view, docnum, terms, count))
        if time.perf_counter() > deadline:
            return []
    except (ValueError, KeyError):
        return []
    return [record(view, d) for d in found]
