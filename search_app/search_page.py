"""What the search and case pages show beyond the search itself: the facet values worth
browsing, tags on result rows, the sort orders that make sense, cases without a year, a year
range typed the wrong way round, and help when nothing is found.
"""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from indexer.settings import Facet, Settings

from .engine import Engine, FacetGroup, ResultItem, SearchOutcome
from .params import SearchParams
from .presenters import as_list

ROW_FACETS = ("innovation_type", "area")
"""What a result row says besides organisation and year: the kind of innovation and the area."""


def is_yes_no(facet: Facet | None) -> bool:
    return facet is not None and set(facet.values) == {"true", "false"}


def browsable(facet: Facet | None, value: str) -> bool:
    """Whether a value helps anyone browse: "Ikke medarbejderdrevet" (the "no" of a yes/no
    facet) is what most cases are, so it is neither offered as a filter nor shown as a tag."""
    return not (is_yes_no(facet) and value == "false")


def browsable_facets(groups: list[FacetGroup], settings: Settings) -> list[FacetGroup]:
    """The facet groups as offered for filtering: empty groups left out, and a yes/no facet's
    "no" unless it is chosen (so it can be removed)."""
    shown = []
    for group in groups:
        facet = settings.facets.get(group.name)
        values = [v for v in group.values if v.selected or browsable(facet, v.value)]
        if values:
            shown.append(replace(group, values=values))
    return shown


def case_tags(settings: Settings, record: dict) -> list[tuple[str, Facet, list[str]]]:
    """(facet name, facet, values) a case page lists as tags, without the unhelpful "no"."""
    tags = []
    for name, facet in settings.facets.items():
        values = [v for v in as_list(record.get(name)) if browsable(facet, v)]
        if values:
            tags.append((name, facet, values))
    return tags


def result_tags(item: ResultItem, settings: Settings, lang: str) -> list[str]:
    """Labels of the result's kinds of innovation and areas, in that order."""
    labels = []
    for name in ROW_FACETS:
        facet = settings.facets.get(name)
        if facet is not None:
            labels += [facet.value_label(v, lang) for v in as_list(item.facets.get(name))]
    return labels


def sort_options(params: SearchParams) -> list[tuple[str, str]]:
    """The orders offered: "Bedste match" only when there are words to match (without them the
    results are newest first, and the list says so)."""
    options = [("newest", _("Nyeste først")), ("oldest", _("Ældste først")), ("title", _("Titel (A–Å)"))]
    if params.q:
        options.insert(0, ("relevance", _("Bedste match")))
    return options


def swapped_years(args) -> MultiDict | None:
    """The request's arguments with ``year_from`` and ``year_to`` swapped, when they are two
    years in the wrong order (else None): "from 2020 to 2010" means 2010–2020."""
    try:
        low, high = int(args.get("year_from", "")), int(args.get("year_to", ""))
    except ValueError:
        return None
    if low <= high:
        return None
    swapped = MultiDict(args)
    swapped.setlist("year_from", [str(high)])
    swapped.setlist("year_to", [str(low)])
    return swapped


def undated_count(engine: Engine, outcome: SearchOutcome) -> int:
    """How many of the cases this search finds, years aside, have no year."""
    params = outcome.params
    if params.year_from is None and params.year_to is None:
        everything = outcome.total
    else:
        everything = engine.count(replace(params, year_from=None, year_to=None, year_missing=False))
    return max(0, everything - sum(count for _, count in outcome.years))


def register(bp: Blueprint, settings_of) -> None:
    """Template helpers on the site's pages (``settings_of()`` gives the current settings)."""
    from .i18n import current_language

    @bp.app_context_processor
    def helpers():
        return {
            "browsable_facets": lambda groups: browsable_facets(groups, settings_of()),
            "result_tags": lambda item: result_tags(item, settings_of(), current_language()),
        }
