"""An Atom feed of new and updated cases: ``/feed.xml``, and per filter with the search grammar.

``/feed.xml?area=aeldre`` follows the elderly-care cases; ``/feed.xml?q=robot`` a search. Entries
are the newest changes first (a case's ``updated`` date), at most ``FEED_ENTRIES`` of them.

The feed is sent as it is written (:func:`feed_chunks`): its head first, then its entries a few
at a time, with the same bytes as the document ElementTree builds whole (:func:`build_feed`, the
reference the tests compare it with), so every text is escaped and the document is well-formed.
The search and the entries are read before the first byte, so an invalid filter still gets a 400
page; the feed's size is bounded by ``FEED_ENTRIES``, whatever the size of the collection.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from functools import lru_cache
from typing import Iterator
from xml.etree import ElementTree as ET

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from indexer.settings import Settings

from . import index_state
from .exports import absolute_url
from .filter_summary import describe_filters
from .i18n import current_language
from .params import SearchParams, parse_search_args
from .presenters import search_url
from .xml_stream import DECLARATION, element, empty, encoded, start, streamed

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_ENTRIES = 50
ENTRIES_PER_CHUNK = 10
STAMPS_KEPT = 4096

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


def newest_records(params: SearchParams, built: datetime) -> list[tuple[str, dict]]:
    """(updated, record) for the matching cases, most recently updated first; a case without an
    ``updated`` day counts as changed when the index was built. Ordering reads the ``updated``
    column only; just the entries shown are loaded. Each day is turned into an Atom date once
    (10,000 cases have a few hundred days between them)."""
    stamp = lru_cache(maxsize=STAMPS_KEPT)(lambda day: rfc3339(day, built))
    return index_state.engine().newest_changes(params, FEED_ENTRIES, stamp)


@dataclass
class FeedHead:
    """What the feed says about itself, before its entries."""

    lang: str
    self_url: str
    title: str
    subtitle: str
    updated: str
    alternate: str
    author: str


@dataclass
class Entry:
    """One case in the feed."""

    url: str
    title: str
    updated: str
    summary: str
    author: str
    categories: list[tuple[str, str]]  # (term, label)


def feed_head(params: SearchParams, entries: list[tuple[str, dict]], settings: Settings,
              built: datetime) -> FeedHead:
    lang = current_language()
    described = describe_filters(params, settings, lang)
    title = _("Casesamlingen: nye og opdaterede cases")
    return FeedHead(
        lang=lang,
        self_url=absolute_url(search_url("feeds.feed", params.with_page(1)), settings),
        title=f"{title} ({described})" if described else title,
        subtitle=_("Gode eksempler på innovation i den offentlige sektor."),
        updated=entries[0][0] if entries else rfc3339(None, built),
        alternate=absolute_url(search_url("site.search", params.with_page(1)), settings),
        author=str(settings.section("site")["name"]),
    )


def feed_entry(updated: str, record: dict, settings: Settings, lang: str) -> Entry:
    categories = []
    for name, facet in settings.facets.items():
        values = record.get(name)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str):
                categories.append((f"{name}:{value}", facet.value_label(value, lang)))
    return Entry(url=absolute_url(url_for("site.case", slug=record["slug"], lang=None), settings),
                 title=record["title"], updated=updated, summary=record["lead"],
                 author=record["organisation"], categories=categories)


def _link_attributes(href: str, rel: str = "alternate", type_: str = "text/html") -> dict[str, str]:
    return {"rel": rel, "href": href, "type": type_}


def _head_pieces(head: FeedHead) -> list[str]:
    return [
        DECLARATION, start("feed", {"xmlns": ATOM, "xml:lang": head.lang}),
        element("id", head.self_url), element("title", head.title),
        element("subtitle", head.subtitle), element("updated", head.updated),
        empty("link", _link_attributes(head.self_url, rel="self", type_="application/atom+xml")),
        empty("link", _link_attributes(head.alternate)),
        "<author>", element("name", head.author), "</author>",
    ]


def _entry_pieces(entry: Entry) -> list[str]:
    return [
        "<entry>", element("id", entry.url), element("title", entry.title),
        element("updated", entry.updated), empty("link", _link_attributes(entry.url)),
        element("summary", entry.summary), "<author>", element("name", entry.author), "</author>",
        *(empty("category", {"term": term, "label": label}) for term, label in entry.categories),
        "</entry>",
    ]


def feed_chunks(head: FeedHead, entries: list[tuple[str, dict]], settings: Settings) -> Iterator[bytes]:
    """The Atom document as UTF-8: the head at once, then :data:`ENTRIES_PER_CHUNK` entries at
    a time."""
    yield encoded(_head_pieces(head))
    for first in range(0, len(entries), ENTRIES_PER_CHUNK):
        yield encoded(piece for updated, record in entries[first:first + ENTRIES_PER_CHUNK]
                      for piece in _entry_pieces(feed_entry(updated, record, settings, head.lang)))
    yield encoded(["</feed>"])


def _text(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str = "alternate", type_: str = "text/html") -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", _link_attributes(href, rel, type_))


def build_feed(head: FeedHead, entries: list[tuple[str, dict]], settings: Settings) -> bytes:
    """The whole Atom document built at once with ElementTree: the reference the streamed one
    is compared with."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: head.lang})
    _text(feed, "id", head.self_url)
    _text(feed, "title", head.title)
    _text(feed, "subtitle", head.subtitle)
    _text(feed, "updated", head.updated)
    _link(feed, head.self_url, rel="self", type_="application/atom+xml")
    _link(feed, head.alternate)
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", head.author)
    for updated, record in entries:
        entry = feed_entry(updated, record, settings, head.lang)
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(node, "id", entry.url)
        _text(node, "title", entry.title)
        _text(node, "updated", entry.updated)
        _link(node, entry.url)
        _text(node, "summary", entry.summary)
        _text(ET.SubElement(node, f"{{{ATOM}}}author"), "name", entry.author)
        for term, label in entry.categories:
            ET.SubElement(node, f"{{{ATOM}}}category", {"term": term, "label": label})
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


@bp.get("/feed.xml")
def feed():
    settings = index_state.settings()
    params = parse_search_args(request.args, settings)
    built = index_state.engine().built_at()
    entries = newest_records(params, built)
    head = feed_head(params, entries, settings, built)
    return streamed(feed_chunks(head, entries, settings), "application/atom+xml; charset=utf-8")
