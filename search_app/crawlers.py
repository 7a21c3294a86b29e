"""For search engines: ``/sitemap.xml`` (every page worth finding) and ``/robots.txt``.

The sitemap lists the front page, the theme overview, every theme page and every published
case, in absolute URLs on ``site.base_url``; each entry names its English version as an
alternate. Filtered searches are left out: there are endlessly many, and the cases they lead to
are all listed.
"""
from __future__ import annotations

from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, url_for

from . import index_state
from .exports import absolute_url
from .i18n import DEFAULT, LANGUAGES

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"

bp = Blueprint("crawlers", __name__)


def sitemap_pages() -> list[tuple[str, dict, str | None]]:
    """(endpoint, values, last modified day) for every page in the sitemap.

    Cases come from the index's slug table and ``updated`` column: no stored record is read,
    so the sitemap stays cheap at 10,000 cases."""
    settings = index_state.settings()
    pages: list[tuple[str, dict, str | None]] = [("site.search", {}, None), ("site.themes", {}, None)]
    pages += [("site.theme", {"slug": slug}, None) for slug in settings.themes]
    pages += [("site.case", {"slug": slug}, updated) for slug, updated in index_state.engine().published()]
    return pages


def in_language(url: str, lang: str) -> str:
    """``url`` (a page in the default language) in ``lang``: the site's ``?lang=`` parameter."""
    if lang == DEFAULT:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'lang': lang})}"


@bp.get("/sitemap.xml")
def sitemap():
    settings = index_state.settings()
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for endpoint, values, modified in sitemap_pages():
        loc = absolute_url(url_for(endpoint, **values, lang=None), settings)
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = loc
        if modified:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = modified
        for lang in LANGUAGES:
            ET.SubElement(url, f"{{{XHTML}}}link",
                          {"rel": "alternate", "hreflang": lang, "href": in_language(loc, lang)})
    body = ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return Response(body, content_type="application/xml; charset=utf-8")


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
