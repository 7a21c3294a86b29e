"""What a filtered search means, in words, and how to widen it.

A visitor who arrives from a link ("Se alle serviceinnovationer") has not chosen the filters
herself: the page says what she sees ("Viser 23 serviceinnovationer") and offers one link per
filter that removes it. An entry point in config.yaml may name its search (``showing``); other
combinations are described facet by facet.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from indexer.record import FACET_FIELDS
from indexer.settings import Settings

from .params import SearchParams


@dataclass(frozen=True)
class ActiveFilter:
    """One chosen filter: what it is called, and the search without it."""

    facet_label: str
    label: str
    without: SearchParams


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _years(params: SearchParams) -> str:
    if params.year_from is not None and params.year_to is not None:
        if params.year_from == params.year_to:
            return str(params.year_from)
        return f"{params.year_from}–{params.year_to}"
    if params.year_from is not None:
        return _("fra %(year)s", year=params.year_from)
    return _("til %(year)s", year=params.year_to)


def active_filters(params: SearchParams, settings: Settings, lang: str) -> list[ActiveFilter]:
    """Every chosen facet value and year range, each with the link that removes it."""
    found = []
    for name in FACET_FIELDS:
        facet = settings.facets.get(name)
        for value in params.selected(name):
            label = facet.value_label(value, lang) if facet else value
            facet_label = facet.label.get(lang, facet.label["da"]) if facet else name
            found.append(ActiveFilter(facet_label, label, params.toggled(name, value)))
    if params.year_from is not None or params.year_to is not None:
        found.append(ActiveFilter(_("År"), _years(params), params.with_years(None, None)))
    return found


def describe_filters(params: SearchParams, settings: Settings, lang: str) -> str:
    """The filters as one phrase: "innovationstype er Serviceinnovation, og år er 2015–2020"."""
    conditions = []
    for name in FACET_FIELDS:
        facet = settings.facets.get(name)
        values = params.selected(name)
        if not values or facet is None:
            continue
        labels = [facet.value_label(v, lang) for v in values]
        conditions.append(_("%(facet)s er %(values)s",
                            facet=_lower_first(facet.label.get(lang, facet.label["da"])),
                            values=(" " + _("eller") + " ").join(labels)))
    if params.year_from is not None or params.year_to is not None:
        conditions.append(_("%(facet)s er %(values)s", facet=_lower_first(_("År")), values=_years(params)))
    return (", " + _("og") + " ").join(conditions)


def _entry_point_name(params: SearchParams, settings: Settings, lang: str) -> str | None:
    """The plural name an entry point gives this exact search ("serviceinnovationer"), if any."""
    if params.year_from is not None or params.year_to is not None:
        return None
    for point in settings.entry_points:
        showing = point.get("showing") or {}
        wanted = {k: tuple(str(v) for v in vs) for k, vs in (point.get("params") or {}).items()}
        if showing and wanted == dict(params.filters):
            return showing.get(lang) or showing.get("da")
    return None


def showing_sentence(total: int, params: SearchParams, settings: Settings, lang: str) -> str:
    """ "Viser 23 serviceinnovationer", "Viser 4 cases, hvor sektor er Kommune" or "Viser 71 cases"."""
    if total != 1:
        name = _entry_point_name(params, settings, lang)
        if name:
            return _("Viser %(n)s %(what)s", n=total, what=name)
    cases = ngettext("Viser %(num)s case", "Viser %(num)s cases", total)
    described = describe_filters(params, settings, lang)
    if not described:
        return cases
    return _("%(cases)s, hvor %(conditions)s", cases=cases, conditions=described)
