"""The public HTML site: search, case pages, theme pages and old addresses."""
from __future__ import annotations

import time

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from indexer.settings import search_filters
from indexer.slugs import legacy_title_slug

from . import formatting, index_state, search_page
from .cases import themes_for_case
from .filter_summary import _and_list, active_filters, showing_sentence
from .i18n import current_language
from .params import ParamError, SearchParams
from .presenters import search_url
from .requested import requested_search

bp = Blueprint("site", __name__)
formatting.register(bp)
search_page.register(bp, index_state.settings)
bp.add_app_template_filter(_and_list, "and_list")


def render_timed(template: str, **context):
    started = time.perf_counter()
    html = render_template(template, **context)
    g.timings["render"] = (time.perf_counter() - started) * 1000
    return html


@bp.get("/")
def search():
    settings = index_state.settings()
    swapped = None
    try:
        outcome = requested_search()
    except ParamError:
        swapped = search_page.swapped_years(request.args)
        if swapped is None:
            raise
        outcome = requested_search(swapped)
    params = outcome.params
    if params.page > outcome.pages:  # past the last page: to the last one
        return redirect(search_url("site.search", params.with_page(outcome.pages)) + "#resultater")
    lang = current_language()
    engine = index_state.engine()
    return render_timed(
        "search.html",
        outcome=outcome,
        params=params,
        showing=showing_sentence(outcome.total, params, settings, lang),
        active_filters=active_filters(params, settings, lang),
        entry_points=_entry_points(settings),
        search_url=search_url,
        swapped_years=swapped is not None,
        undated=search_page.undated_count(engine, outcome),
        sort_options=search_page.sort_options(params),
        zero_help=engine.zero_help(params, lang) if not outcome.total else None,
    )


def _entry_points(settings) -> list[dict]:
    lang = current_language()
    points = []
    for point in settings.entry_points:
        filters = search_filters(point.get("params"))
        points.append({
            "label": point["label"].get(lang, point["label"]["da"]),
            "text": (point.get("text") or {}).get(lang, (point.get("text") or {}).get("da", "")),
            "url": search_url("site.search", SearchParams(filters=filters)),
        })
    return points


@bp.get("/cases/<slug>")
def case(slug: str):
    settings = index_state.settings()
    engine = index_state.engine()
    lang = current_language()
    record = engine.case(slug)
    if record is None:
        target = engine.alias(request.path)
        if target:
            return redirect(url_for("site.case", slug=target), code=301)
        abort(404, _("Vi kender ingen case med adressen “%(slug)s”.", slug=slug))
    return render_timed(
        "case.html",
        case=record,
        case_facets=search_page.case_tags(settings, record),
        related=engine.related(slug, lang=lang),
        themes=themes_for_case(settings, slug, record),
        facet_url=lambda name, value: search_url("site.search", SearchParams(filters={name: (value,)})),
    )


@bp.get("/cases/<path:rest>")
def old_address(rest: str):
    """Old addresses (``/cases/samling/<old-title>/``) and trailing slashes: 301 to the case."""
    engine = index_state.engine()
    target = engine.alias(request.path) or engine.alias(_as_alias_spells_it(request.path))
    if target is None and engine.case(rest.strip("/")) is not None:
        target = rest.strip("/")
    if target is None:
        abort(404, _("Siden findes ikke. Måske er casen flyttet: prøv at søge efter den."))
    return redirect(url_for("site.case", slug=target), code=301)


def _as_alias_spells_it(path: str) -> str:
    """The path with its last part spelled as aliases are (é→e, æ→ae): old links used both."""
    head, _, last = path.rstrip("/").rpartition("/")
    return f"{head}/{legacy_title_slug(last)}"


@bp.get("/tema/<slug>")
def theme(slug: str):
    settings = index_state.settings()
    theme = settings.themes.get(slug)
    if theme is None:
        abort(404, _("Vi kender ingen temaside med adressen “%(slug)s”.", slug=slug))
    engine = index_state.engine()
    examples = [found for found in (engine.case(s) for s in theme.examples) if found]
    params = SearchParams(q=theme.query, filters=theme.filters)
    return render_timed(
        "theme.html",
        theme=theme,
        example=examples[0] if examples else None,
        examples=examples,
        more_url=search_url("site.search", params),
        more_count=engine.count(params),
    )


@bp.get("/tema/")
def themes():
    settings = index_state.settings()
    return render_timed("themes.html", themes=list(settings.themes.values()))


from . import pages  # noqa: E402,F401  (the site's information pages, on this blueprint)
