"""Search outcomes and cases as plain data: one shape for the JSON API and the HTML templates."""
from __future__ import annotations

from urllib.parse import quote_plus

from flask import g, has_request_context, request, url_for

from indexer.record import FACET_FIELDS, as_list

from . import index_state
from .i18n import DEFAULT as DEFAULT_LANGUAGE
from .engine import SearchOutcome

_BUILT_URLS: dict[tuple, str] = {}
MAX_BUILT_URLS = 20_000


def search_url(endpoint: str, params, **extra) -> str:
    """``url_for(endpoint, **args)`` for a search, remembered: a search page or answer links
    every facet value (about forty URLs), and building them was most of a warm request's time.
    The URL depends only on the arguments, the language kept in links and the site's root."""
    args = params.to_args()
    args.update(extra)
    key = (endpoint, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in args.items()))
    return _remembered_url(key, lambda: query_url(endpoint, args))


def _remembered_url(key: tuple, make) -> str:
    """The URL ``make()`` builds, remembered under ``key`` plus the language kept in links and
    the site's root (the other things a URL depends on)."""
    root = request.script_root if has_request_context() else None
    key = (getattr(g, "lang", None) if has_request_context() else None, root, *key)
    url = _BUILT_URLS.get(key)
    if url is None:
        url = make()
        if len(_BUILT_URLS) >= MAX_BUILT_URLS:
            _BUILT_URLS.clear()
        _BUILT_URLS[key] = url
    return url


def query_url(endpoint: str, args: dict) -> str:
    """``url_for(endpoint, **args)`` for a route without path variables (the search routes),
    made as werkzeug makes it (its query encoding, the language appended by url_defaults)
    without going through the URL map: a new search links some forty facet values, and
    building each through url_for cost about 15 µs. tests/test_links.py compares the two."""
    base = _remembered_url(("base", endpoint), lambda: url_for(endpoint, lang=None))
    items = [(name, item) for name, value in args.items()
             for item in (value if isinstance(value, (list, tuple)) else (value,))
             if item is not None]
    lang = getattr(g, "lang", DEFAULT_LANGUAGE) if has_request_context() else DEFAULT_LANGUAGE
    if lang != DEFAULT_LANGUAGE and "lang" not in args:
        items.append(("lang", lang))
    return f"{base}?{'&'.join(_pair(name, value) for name, value in items)}" if items else base


QUERY_SAFE = "!$'()*,/:;?@"
"""Characters werkzeug leaves unquoted in a query string (werkzeug.urls._urlencode)."""

_PAIRS: dict[tuple, str] = {}


def _pair(name: str, value) -> str:
    """``name=value`` as ``urlencode`` writes it with QUERY_SAFE, remembered (the same facet
    values and words recur in every link of an answer)."""
    key = (name, value)
    pair = _PAIRS.get(key)
    if pair is None:
        pair = f"{quote_plus(str(name), safe=QUERY_SAFE)}={quote_plus(str(value), safe=QUERY_SAFE)}"
        if len(_PAIRS) >= MAX_BUILT_URLS:
            _PAIRS.clear()
        _PAIRS[key] = pair
    return pair


def toggle_url(endpoint: str, value) -> str:
    """The link that switches a facet value on or off (:class:`.search.FacetValue`), remembered
    by the search it is made from, without building the toggled search again."""
    key = ("toggle", endpoint, value.current.key, value.facet, value.value)
    return _remembered_url(key, lambda: query_url(endpoint, value.params.to_args()))


def case_url(slug: str) -> str:
    """``url_for("site.case", slug=slug)``, remembered (every result links its case)."""
    return _remembered_url(("case", slug), lambda: url_for("site.case", slug=slug))


def theme_links(outcome: SearchOutcome) -> list[dict]:
    """The theme pages the query names by their titles: slug, title and address."""
    themes = index_state.engine().settings.themes
    return [{"slug": slug, "title": themes[slug].title, "url": url_for("site.theme", slug=slug)}
            for slug in outcome.themes if slug in themes]


def outcome_to_dict(outcome: SearchOutcome, endpoint: str = "api.search") -> dict:
    """The API's search response (``endpoint`` decides where toggle links point)."""
    params = outcome.params
    return {
        "query": params.q,
        "total": outcome.total,
        "page": params.page,
        "per_page": params.per_page,
        "sort": params.sort,
        "year_from": params.year_from,
        "year_to": params.year_to,
        "results": [
            {
                "slug": r.slug,
                "title": r.title,
                "lead": r.lead,
                "organisation": r.organisation,
                "year": r.year,
                "url": case_url(r.slug),
                "snippet": r.snippet,
                "summary_en": r.summary_en,
                **{name: as_list(r.facets.get(name)) for name in FACET_FIELDS},
            }
            for r in outcome.results
        ],
        "facets": {
            group.name: [
                {
                    "value": v.value,
                    "label": v.label,
                    "count": v.count,
                    "selected": v.selected,
                    "toggle_url": toggle_url(endpoint, v),
                }
                for v in group.values
            ]
            for group in outcome.facets
        },
        "years": [{"year": y, "count": c} for y, c in outcome.years],
        "did_you_mean": outcome.did_you_mean,
        "relaxed": outcome.relaxed,
        "matched_words": outcome.matched_words,
        "themes": theme_links(outcome),
    }


PUBLIC_CASE_FIELDS = (
    "slug", "title", "lead", "body_html", "organisation", "year", *FACET_FIELDS,
    "source_urls", "contact", "aliases", "updated", "summary_en",
)


def case_to_dict(record: dict) -> dict:
    data = {key: record.get(key) for key in PUBLIC_CASE_FIELDS}
    data["url"] = url_for("site.case", slug=record["slug"])
    return data
