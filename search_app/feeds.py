"""An Atom feed of new and updated cases: ``/feed.xml``, and per filter with the search grammar.

``/feed.xml?area=aeldre`` follows the elderly-care cases; ``/feed.xml?q=robot`` a search. Entries
are the newest changes first (a case's ``updated`` date), at most ``FEED_ENTRIES`` of them. The XML
is built with ElementTree, so every text is escaped and the document is always well-formed.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, request, url_for
from flask_babel import gettext as _

from indexer.settings import Settings

from . import index_state
from .exports import absolute_url
from .filter_summary import describe_filters
from .i18n import current_language
from .params import SearchParams, parse_search_args
from .presenters import search_url

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_ENTRIES = 50

bp = Blueprint("feeds", __name__)


def rfc3339(day: str | None, fallback: datetime) -> str:
    """An Atom date (RFC 3339, UTC) for a case's ``updated`` day, or ``fallback`` when it has none."""
    moment = fallback
    if day:
        try:
            moment = datetime.combine(date.fromisoformat(day), time(0, 0), tzinfo=timezone.utc)
        except ValueError:
            pass
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str = "alternate", type_: str = "text/html") -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "href": href, "type": type_})


def newest_records(params: SearchParams, built: datetime) -> list[tuple[str, dict]]:
    """(updated, record) for the matching cases, most recently updated first; a case without an
    ``updated`` day counts as changed when the index was built. Ordering reads the ``updated``
    column only; just the entries shown are loaded."""
    return index_state.engine().newest_changes(params, FEED_ENTRIES, lambda day: rfc3339(day, built))


def _entry(feed: ET.Element, updated: str, record: dict, settings: Settings, lang: str) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    url = absolute_url(url_for("site.case", slug=record["slug"], lang=None), settings)
    _text(entry, "id", url)
    _text(entry, "title", record["title"])
    _text(entry, "updated", updated)
    _link(entry, url)
    _text(entry, "summary", record["lead"])
    author = ET.SubElement(entry, f"{{{ATOM}}}author")
    _text(author, "name", record["organisation"])
    for name, facet in settings.facets.items():
        values = record.get(name)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str):
                ET.SubElement(entry, f"{{{ATOM}}}category",
                              {"term": f"{name}:{value}", "label": facet.value_label(value, lang)})


def build_feed(params: SearchParams, entries: list[tuple[str, dict]], settings: Settings,
               built: datetime) -> bytes:
    """The Atom document for the search ``params`` with its (updated, record) ``entries``."""
    ET.register_namespace("", ATOM)
    lang = current_language()
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    self_url = absolute_url(search_url("feeds.feed", params.with_page(1)), settings)
    described = describe_filters(params, settings, lang)
    title = _("Casesamlingen: nye og opdaterede cases")
    _text(feed, "id", self_url)
    _text(feed, "title", f"{title} ({described})" if described else title)
    _text(feed, "subtitle", _("Gode eksempler på innovation i den offentlige sektor."))
    _text(feed, "updated", entries[0][0] if entries else rfc3339(None, built))
    _link(feed, self_url, rel="self", type_="application/atom+xml")
    _link(feed, absolute_url(search_url("site.search", params.with_page(1)), settings))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", str(settings.section("site")["name"]))
    for updated, record in entries:
        _entry(feed, updated, record, settings, lang)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


@bp.get("/feed.xml")
def feed():
    settings = index_state.settings()
    params = parse_search_args(request.args, settings)
    built = index_state.engine().built_at()
    body = build_feed(params, newest_records(params, built), settings, built)
    return Response(body, content_type="application/atom+xml; charset=utf-8")
