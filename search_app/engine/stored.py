"""What the index stores of each case, read for listing, pages, exports and feeds.

A case listed in a result (:class:`ResultItem`) and its texts for snippets are read and decoded
once per index state; whole records (the case page, exports) are read when asked for.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace

from indexer.record import FACET_FIELDS
from indexer.validation import normalise_alias

from .snapshot import IndexView


@dataclass
class ResultItem:
    slug: str
    title: str
    lead: str
    organisation: str
    year: int | None
    snippet: str
    facets: dict[str, list[str]]
    summary_en: str | None = None


def _item(stored: dict, snippet: str) -> ResultItem:
    record = json.loads(stored["record"])
    return ResultItem(
        slug=stored["slug"],
        title=stored["title"],
        lead=stored["lead"],
        organisation=stored["organisation"],
        year=stored.get("year"),
        snippet=snippet,
        facets={name: record.get(name) for name in FACET_FIELDS},
        summary_en=record.get("summary_en"),
    )


def page_item(view: IndexView, docnum: int, snippet: str) -> ResultItem:
    """A result as listed (its stored fields read and decoded once per index state)."""
    item = view.remembered(("item", docnum), pool="tokens") or _read_case(view, docnum)[0]
    return replace(item, snippet=snippet) if snippet else item


def stored_texts(view: IndexView, docnum: int) -> tuple[str, str]:
    """(body, lead) of a case, read once per index state."""
    return view.remembered(("texts", docnum), pool="tokens") or _read_case(view, docnum)[1]


def _read_case(view: IndexView, docnum: int) -> tuple[ResultItem, tuple[str, str]]:
    """A case's stored fields, read once for both what it is listed as and its texts (a case
    listed for the first time needs both)."""
    stored = view.searcher.stored_fields(docnum)
    item = _item(stored, "")
    texts = stored.get("body", ""), stored.get("lead", "")
    view.remember(("item", docnum), item,
                  2000 + 2 * (len(item.lead) + len(item.title) + len(item.summary_en or "")),
                  pool="tokens")
    view.remember(("texts", docnum), texts, 100 + 2 * sum(map(len, texts)), pool="tokens")
    return item, texts


def record(view: IndexView, docnum: int) -> dict:
    """The case's whole stored record."""
    return json.loads(view.searcher.stored_fields(docnum)["record"])


def find_case(view: IndexView, slug: str, include_drafts: bool = False) -> dict | None:
    """The stored case record, or None when unknown (or a draft, unless asked for)."""
    docnum = view.derived.slug_docs.get(slug)
    if docnum is None:
        return None
    if not include_drafts and docnum not in view.derived.published:
        return None
    return record(view, docnum)


def resolve_alias(view: IndexView, path: str) -> str | None:
    """The slug an old address leads to, or None."""
    return view.derived.aliases.get(normalise_alias(path))


def updated_days(view: IndexView) -> "callable":
    """docnum -> the case's ``updated`` day ("" when it has none), from the index's column."""
    return view.searcher.reader().column_reader("updated")
