"""Looking up cases in the index: by slug, by old address, related cases and their themes."""
from __future__ import annotations

import json

from indexer.settings import Settings, Theme
from indexer.validation import normalise_alias

from .index_access import IndexView


def find_case(view: IndexView, slug: str, include_drafts: bool = False) -> dict | None:
    """The stored case record, or None when unknown (or a draft, unless asked for)."""
    docnum = view.derived.slug_docs.get(slug)
    if docnum is None:
        return None
    if not include_drafts and docnum not in view.derived.published:
        return None
    return json.loads(view.searcher.stored_fields(docnum)["record"])


def resolve_alias(view: IndexView, path: str) -> str | None:
    """The slug an old address leads to, or None."""
    return view.derived.aliases.get(normalise_alias(path))


def related_cases(view: IndexView, slug: str, count: int = 4) -> list[dict]:
    """Published cases most like this one ("more like this"), from the case's own key terms."""
    docnum = view.derived.slug_docs.get(slug)
    if docnum is None:
        return []
    stored = view.searcher.stored_fields(docnum)
    text = f"{stored.get('title', '')}\n{stored.get('lead', '')}\n{stored.get('body', '')}"
    allowed = view.derived.published - {docnum}
    try:
        hits = view.searcher.more_like(docnum, "body", text=text, top=count, numterms=20,
                                       filter=allowed)
        found = [json.loads(hit["record"]) for hit in hits]
    except (ValueError, KeyError):
        return []
    return found


def themes_for_case(settings: Settings, slug: str, record: dict | None = None) -> list[Theme]:
    """The themes whose editors chose this case as an example (``themes.<slug>.examples``).
    A case that merely fits a theme's "more examples" search is not called its example."""
    return [theme for theme in settings.themes.values() if slug in theme.examples]
