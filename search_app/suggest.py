"""Suggestions while a visitor types, on the web: ``GET /api/suggest?q=ældrep``.

The answer is a JSON list, best first, of at most ``limit`` items::

    {"label": "Aalborg Kommune samler hjemmeplejen ...", "kind": "case", "url": "/cases/..."}
    {"label": "Region Hovedstaden", "kind": "organisation", "query": "Region Hovedstaden", "url": "/?q=..."}
    {"label": "ældreplejen", "kind": "term", "query": "ældreplejen", "url": "/?q=ældreplejen"}

The suggestions come from the engine (``search_app/engine/suggest.py``); here the request is
checked and each suggestion gets its link.
"""
from __future__ import annotations

from flask import url_for

from .engine import Suggestion
from .params import ParamError, whole_number

MAX_QUERY_LENGTH = 100
DEFAULT_LIMIT = 8
MAX_LIMIT = 10


def suggestion_to_dict(suggestion: Suggestion) -> dict:
    if suggestion.kind == "case":
        return {"label": suggestion.label, "kind": suggestion.kind,
                "url": url_for("site.case", slug=suggestion.slug)}
    return {"label": suggestion.label, "kind": suggestion.kind, "query": suggestion.query,
            "url": url_for("site.search", q=suggestion.query)}


def parse_suggest_args(args) -> tuple[str, int]:
    """(text typed, limit) from request args; ParamError on bad input, as the search API."""
    values = args.getlist("q")
    if len(set(values)) > 1:
        raise ParamError("'q' was given several times with different values; give it once")
    typed = values[0] if values else ""
    if not typed:
        raise ParamError(f"'q' is required: the text typed so far (1 to {MAX_QUERY_LENGTH} characters)")
    # counted as sent (code points), before unprintable characters and extra spaces are dropped
    if len(typed) > MAX_QUERY_LENGTH:
        raise ParamError(f"'q' is too long: at most {MAX_QUERY_LENGTH} characters, not {len(typed)}")
    q = " ".join("".join(ch for ch in typed if ch.isprintable()).split())
    raw = args.get("limit", "")
    if raw == "":
        return q, DEFAULT_LIMIT
    limit = whole_number(raw)
    if limit is None:
        raise ParamError(f"'limit' must be a whole number from 1 to {MAX_LIMIT}, not '{raw[:40]}'")
    if not 1 <= limit <= MAX_LIMIT:
        raise ParamError(f"'limit' must be a whole number from 1 to {MAX_LIMIT}, not {limit}")
    return q, limit
