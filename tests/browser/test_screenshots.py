"""Screenshots of the main pages at desktop and phone width, for people to look at.

They are written to artifacts/screenshots/ (gitignored; CI keeps the folder as an artifact), one
full-page PNG per page and width, named ``<page>-<desktop|phone>-<pixels>.png``. Every kind of
page is also checked for what a phone user notices at once: nothing may be wider than the screen
(WCAG 1.4.10, reflow).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import ROOT
from tests.browser.page_types import PAGE_TYPES, WIDTHS

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(ROOT) / "artifacts" / "screenshots"

WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll("body *"))
    .filter(el => el.getClientRects().length > 0 && el.getBoundingClientRect().right > width + 1)
    .map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : ""))
    .slice(0, 10);
}"""


@pytest.fixture(scope="module", params=list(WIDTHS))
def sized_page(request, browser):
    context = browser.new_context(viewport=WIDTHS[request.param], locale="da-DK")
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


@pytest.mark.parametrize("page_type", [p for p in PAGE_TYPES if p.screenshot], ids=lambda p: p.name)
def test_screenshot_of_main_page(site, sized_page, page_type):
    base, _ = site
    response = sized_page.goto(base + page_type.path)
    assert response.status == page_type.status
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = sized_page.viewport_size["width"]
    path = SCREENSHOTS / f"{page_type.name}-{sized_page.width_name}-{width}.png"
    sized_page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"{path} looks empty"


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.name)
def test_nothing_is_wider_than_the_screen(site, sized_page, page_type):
    base, _ = site
    sized_page.goto(base + page_type.path)
    width = sized_page.viewport_size["width"]
    too_wide = sized_page.evaluate(WIDER_THAN_SCREEN)
    assert not too_wide, f"{page_type.path} at {width} px: wider than the screen: {too_wide}"


LABELS_OUTSIDE_TILES = """() => Array.from(document.querySelectorAll(".region-map a, .region-map g[role=img]"))
  .flatMap(tile => {
    const box = tile.querySelector("rect").getBBox();
    return Array.from(tile.querySelectorAll("text"))
      .filter(t => { const b = t.getBBox(); return b.x < box.x || b.x + b.width > box.x + box.width; })
      .map(t => t.textContent);
  })"""


@pytest.mark.parametrize("path", ["/", "/?lang=en"])
def test_region_names_fit_inside_their_map_tiles(site, sized_page, path):
    """SVG clips text silently: a region name wider than its tile is cut off mid-word."""
    base, _ = site
    sized_page.goto(base + path)
    assert sized_page.locator(".region-map text").count() > 0
    assert sized_page.evaluate(LABELS_OUTSIDE_TILES) == []
