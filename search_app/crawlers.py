"""For search engines: ``/sitemap.xml`` (every page worth finding) and ``/robots.txt``.

The sitemap lists the front page, the theme overview, every theme page and every published
case, in absolute URLs on ``site.base_url``; each entry names its English version as an
alternate. Filtered searches are left out: there are endlessly many, and the cases they lead to
are all listed.

The sitemap is sent as it is written, a hundred addresses at a time (:func:`sitemap_chunks`), with
the same bytes as the document ElementTree builds whole (:func:`build_sitemap`, which the tests
compare it with). One file holds at most 50,000 addresses and 50 MB (sitemaps.org); 10,000 cases
make about 10,000 addresses and 3.1 MB, so a sitemap index is not needed below about 50,000 cases.
"""
from __future__ import annotations

from itertools import chain
from typing import Iterable, Iterator
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, url_for

from indexer.settings import Settings

from . import index_state
from .exports import absolute_url
from .i18n import DEFAULT, LANGUAGES
from .xml_stream import DECLARATION, element, empty, encoded, start, streamed

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
URLS_PER_CHUNK = 100

Page = tuple[str, dict, str | None]

bp = Blueprint("crawlers", __name__)


def sitemap_pages() -> Iterator[Page]:
    """(endpoint, values, last modified day) for every page in the sitemap, made as they are
    written.

    Cases come from the index's slug table and ``updated`` column, each read when its turn
    comes: no stored record is read, so the sitemap stays cheap at 10,000 cases. The index is
    opened and the slugs sorted now, before the first byte, so a failure there is an error page
    rather than a sitemap cut short."""
    settings = index_state.settings()
    published = index_state.engine().iter_published()
    pages: list[Page] = [("site.search", {}, None), ("site.themes", {}, None)]
    pages += [("site.theme", {"slug": slug}, None) for slug in settings.themes]
    return chain(pages, (("site.case", {"slug": slug}, updated) for slug, updated in published))


def in_language(url: str, lang: str) -> str:
    """``url`` (a page in the default language) in ``lang``: the site's ``?lang=`` parameter."""
    if lang == DEFAULT:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'lang': lang})}"


def _addresses(pages: Iterable[Page], settings: Settings) -> Iterator[tuple[str, str | None]]:
    """(absolute address, last modified day) of each page."""
    for endpoint, values, modified in pages:
        yield absolute_url(url_for(endpoint, **values, lang=None), settings), modified


def sitemap_chunks(pages: Iterable[Page], settings: Settings) -> Iterator[bytes]:
    """The sitemap of ``pages`` as UTF-8, :data:`URLS_PER_CHUNK` addresses at a time."""
    yield encoded([DECLARATION, start("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})])
    batch: list[str] = []
    for number, (loc, modified) in enumerate(_addresses(pages, settings), 1):
        batch += ["<url>", element("loc", loc)]
        if modified:
            batch.append(element("lastmod", modified))
        batch += [empty("xhtml:link", {"rel": "alternate", "hreflang": lang, "href": in_language(loc, lang)})
                  for lang in LANGUAGES]
        batch.append("</url>")
        if number % URLS_PER_CHUNK == 0:
            yield encoded(batch)
            batch = []
    batch.append("</urlset>")
    yield encoded(batch)


def build_sitemap(pages: Iterable[Page], settings: Settings) -> bytes:
    """The whole sitemap built at once with ElementTree: the reference the streamed one is
    compared with."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for loc, modified in _addresses(pages, settings):
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = loc
        if modified:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = modified
        for lang in LANGUAGES:
            ET.SubElement(url, f"{{{XHTML}}}link",
                          {"rel": "alternate", "hreflang": lang, "href": in_language(loc, lang)})
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


@bp.get("/sitemap.xml")
def sitemap():
    chunks = sitemap_chunks(sitemap_pages(), index_state.settings())
    return streamed(chunks, "application/xml; charset=utf-8")


@bp.get("/robots.txt")
def robots():
    settings = index_state.settings()
    lines = [
        "User-agent: *",
        "Disallow: /api/",
        "Disallow: /editor",
        "Allow: /",
        "",
        f"Sitemap: {absolute_url(url_for('crawlers.sitemap', lang=None), settings)}",
        "",
    ]
    return Response("\n".join(lines), content_type="text/plain; charset=utf-8")
