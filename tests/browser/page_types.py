"""Every kind of page the site serves, on the fixture collection, and the widths we check them at.

The accessibility checks and the screenshots walk this one list, so a new kind of page is covered
by adding it here. Each entry names the status the page must answer with (and some a text it must show), so a
check never passes by looking at the wrong page (a 404 where a case was meant, say).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200
    screenshot: bool = False
    shows: str = ""
    """Text the page must show, so that the check looks at the state it is meant to."""


MISSPELLED = "teamz"
"""A misspelling the fixture collection answers with "Mente du: teams"."""

PAGE_TYPES = [
    PageType("front", "/", screenshot=True),
    PageType("search", "/?q=borgere"),
    PageType("filtered-search",
             "/?q=borgere&innovation_type=service&innovation_type=process&year_from=2005&year_to=2020",
             screenshot=True),
    PageType("paged-search", "/?per_page=2&page=2&sort=newest", shows="Forrige"),
    PageType("zero-results", "/?q=xyzzyqqq&sector=stat", shows="Ingen cases passer"),
    PageType("zero-results-with-help", "/?q=ældretransport", screenshot=True, shows="Søgninger, der finder cases"),
    PageType("reversed-years", "/?q=borgere&year_from=2020&year_to=2005", shows="byttet om"),
    PageType("open-filters", "/?q=borgere&innovation_type=service#filtre", shows="Afgræns"),
    PageType("did-you-mean", f"/?q={MISSPELLED}", shows="Mente du"),
    PageType("case", "/cases/skat-i-balance", screenshot=True),
    PageType("legacy-html-case", "/cases/kulturrygsaek-holbaek"),
    PageType("theme-list", "/tema/"),
    PageType("theme", "/tema/lav-nye-services", screenshot=True),
    PageType("about", "/om", shows="Foreslå en case"),
    PageType("contact", "/kontakt", shows="redaktion@example.org"),
    PageType("privacy", "/privatliv", shows="Søgninger uden resultater"),
    PageType("open-data", "/aabne-data", shows="/api/search"),
    PageType("not-found", "/findes-ikke", status=404, screenshot=True),
    PageType("unknown-case", "/cases/findes-ikke", status=404),
    PageType("bad-request", "/?page=abc", status=400),
    PageType("english-search", "/?lang=en&innovation_type=service", shows="Service innovation"),
    PageType("english-case", "/cases/skat-i-balance?lang=en"),
]

# The editor's pages, as a signed-in editor sees them (the sign-in page is public).
EDITOR_PAGES = [
    "/editor/sign-in",
    "/editor/",
    "/editor/cases/new",
    "/editor/cases/skat-i-balance/edit",
    "/editor/cases/kladde-eksempel/preview",
    "/editor/cases/skat-i-balance/history",
    "/editor/import",
    "/editor/audit",
    "/editor/zero-results",
]

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def by_name(name: str) -> PageType:
    return next(p for p in PAGE_TYPES if p.name == name)
