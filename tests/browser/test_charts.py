"""The charts in a real browser, with and without JavaScript: a keyboard user can reach a region
tile or a year bar, and following it filters the search."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _count(page) -> int:
    return int(re.search(r"Viser (\d+)", page.get_by_role("status").inner_text()).group(1))


def test_region_tile_filters_by_region_from_the_keyboard(site, page):
    base, _ = site
    page.goto(base + "/")
    everything = _count(page)
    tile = page.locator(".region-map a", has=page.locator("text=Sjælland")).first
    tile.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Region Sjælland: ")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"region=sjaelland"))
    assert 0 < _count(page) < everything
    assert page.locator(".region-map a[aria-current=true]").count() == 1


def test_year_bar_narrows_to_that_year(site, page):
    base, _ = site
    page.goto(base + "/")
    bar = page.locator("a.year-bar").first
    year = re.match(r"(\d{4})", bar.get_attribute("title")).group(1)
    box = bar.bounding_box()
    assert box and box["height"] > 20  # the whole column is the target, not just the bar
    bar.click()
    page.wait_for_url(re.compile(rf"year_from={year}&year_to={year}"))
    metas = page.locator(".result-meta").all_inner_texts()
    assert metas and all(m.strip().endswith(year) for m in metas)


def test_theme_chart_says_its_numbers_as_text(site, page):
    base, _ = site
    page.goto(base + "/tema/lav-nye-services")
    # the chart is a named figure whose rows are text: period and figure, newest last
    chart = page.get_by_role("figure", name=re.compile("Tallet i hver måling"))
    rows = [" ".join(t.split()) for t in chart.get_by_role("listitem").all_inner_texts()]
    assert [r.split(",")[0].strip() for r in rows] == ["2015-2016 43 %", "2018-2019 31 %"]
