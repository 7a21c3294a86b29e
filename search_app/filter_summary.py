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
from indexer.settings import Settings, search_filters

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
    """The year range as a short label: "2015", "2010–2020", "fra 2010", "til 2020"."""
    if params.year_from is not None and params.year_to is not None:
        if params.year_from == params.year_to:
            return str(params.year_from)
        return f"{params.year_from}–{params.year_to}"
    if params.year_from is not None:
        return _("fra %(year)s", year=params.year_from)
    return _("til %(year)s", year=params.year_to)


def _year_condition(params: SearchParams) -> str:
    if params.year_from is not None and params.year_to is not None:
        return _("året er %(years)s", years=_years(params))
    if params.year_from is not None:
        return _("året er %(year)s eller senere", year=params.year_from)
    return _("året er %(year)s eller tidligere", year=params.year_to)


def _is_yes_no(facet) -> bool:
    return set(facet.values) == {"true", "false"}


def _and_list(parts: list[str]) -> str:
    """ "a", "a og b", "a, b og c" (the language's "og")."""
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " " + _("og") + " " + parts[-1]


def active_filters(params: SearchParams, settings: Settings, lang: str) -> list[ActiveFilter]:
    """Every chosen facet value and year range, each with the link that removes it."""
    found = []
    for name in FACET_FIELDS:
        facet = settings.facets.get(name)
        for value in params.selected(name):
            label = facet.value_label(value, lang) if facet else value
            facet_label = facet.label.get(lang, facet.label["da"]) if facet else name
            if facet is not None and _is_yes_no(facet):
                facet_label = ""  # "Medarbejderdrevet" says it all; not "Medarbejderdrevet: Medarbejderdrevet"
            found.append(ActiveFilter(facet_label, label, params.toggled(name, value)))
    if params.year_from is not None or params.year_to is not None:
        found.append(ActiveFilter(_("År"), _years(params), params.with_years(None, None)))
    return found


def describe_filters(params: SearchParams, settings: Settings, lang: str) -> str:
    """The filters as one phrase: "sektor er Kommune og året er 2010 eller senere"."""
    conditions = []
    for name in FACET_FIELDS:
        facet = settings.facets.get(name)
        values = params.selected(name)
        if not values or facet is None:
            continue
        labels = [facet.value_label(v, lang) for v in values]
        if _is_yes_no(facet):
            conditions.append(_("casen er %(value)s", value=(" " + _("eller") + " ").join(labels).lower()))
        else:
            conditions.append(_("%(facet)s er %(values)s",
                                facet=_lower_first(facet.label.get(lang, facet.label["da"])),
                                values=(" " + _("eller") + " ").join(labels)))
    if params.year_from is not None or params.year_to is not None:
        conditions.append(_year_condition(params))
    return _and_list(conditions)


def _entry_point_name(params: SearchParams, settings: Settings, lang: str) -> str | None:
    """The plural name an entry point gives this exact search ("serviceinnovationer"), if any."""
    if params.year_from is not None or params.year_to is not None:
        return None
    for point in settings.entry_points:
        showing = point.get("showing") or {}
        wanted = search_filters(point.get("params"))
        if showing and wanted == dict(params.filters):
            return showing.get(lang) or showing.get("da")
    return None


def showing_sentence(total: int, params: SearchParams, settings: Settings, lang: str) -> str:
    """ "Viser 23 serviceinnovationer", "Viser 4 cases for “pleje”, hvor sektor er Kommune"."""
    name = _entry_point_name(params, settings, lang) if total != 1 else None
    if name:
        shown = _("Viser %(n)s %(what)s", n=total, what=name)
    else:
        shown = ngettext("Viser %(num)s case", "Viser %(num)s cases", total)
    if params.q:
        shown = _("%(shown)s for “%(q)s”", shown=shown, q=params.q)
    described = "" if name else describe_filters(params, settings, lang)
    if not described:
        return shown
    return _("%(shown)s, hvor %(conditions)s", shown=shown, conditions=described)
