"""Pictures of the numbers: facet bars, the year histogram, the region map and the theme chart.

All drawn on the server, so they work without JavaScript; each says its numbers in text and
every link in them is an ordinary link. No inline style attributes (the CSP forbids them).
"""
import re
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from search_app.charts import STEPS, step, year_bars
from search_app.params import SearchParams

SVG = "{http://www.w3.org/2000/svg}"


def _svg(html: str, figure_class: str) -> ET.Element:
    match = re.search(rf'<figure class="{figure_class}".*?(<svg.*?</svg>)', html, flags=re.S)
    assert match, f"no {figure_class} chart"
    return ET.fromstring(match.group(1).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def _described_svg(html: str, figure_class: str, role: str) -> tuple[ET.Element, str]:
    """The chart, checked for its role and title; and its description (the numbers in words)."""
    svg = _svg(html, figure_class)
    assert svg.get("role") == role
    assert svg.find(f"{SVG}title").text
    return svg, svg.find(f"{SVG}desc").text


@pytest.mark.parametrize("url", ["/", "/?sector=kommune&year_from=2015", "/tema/lav-nye-services",
                                 "/cases/skat-i-balance", "/?lang=en&region=sjaelland"])
def test_no_inline_styles(shared_client, url):
    html = shared_client.get(url).get_data(as_text=True)
    assert "style=" not in html
    assert "<script>" not in html and "<style" not in html


def test_bar_steps():
    assert step(0, 10) == 0
    assert step(10, 10) == STEPS
    assert step(1, 1000) == 1  # a single case still shows
    assert step(5, 10) == STEPS // 2


def test_facet_counts_have_bars_as_long_as_their_share(shared_client):
    html = shared_client.get("/").get_data(as_text=True)
    bars = re.findall(r'<span class="facet-label">([^<]+)</span>\s*<span class="bar" aria-hidden="true">'
                      r'<span class="bar-fill w-(\d+)"></span></span>\s*<span class="count">.*?(\d+)<span', html)
    assert bars, "facet values have no bars"
    sector = {label: (int(width), int(count)) for label, width, count in bars
              if label in ("Kommune", "Region", "Stat")}
    most = max(count for _, count in sector.values())
    for width, count in sector.values():
        assert width == round(STEPS * count / most)


def test_year_histogram_links_filter_the_year(shared_client):
    html = shared_client.get("/?sector=kommune").get_data(as_text=True)
    years = shared_client.get("/api/search?sector=kommune").get_json()["years"]
    links = re.findall(r'<a class="year-bar h-(\d+)[^"]*" href="([^"]+)" title="([^"]+)"', html)
    assert len(links) == len(years)
    for (height, href, title), year in zip(links, years):
        assert f"year_from={year['year']}" in href and f"year_to={year['year']}" in href
        assert "sector=kommune" in href.replace("&amp;", "&")
        assert title.startswith(f"{year['year']}: {year['count']} case")
        assert int(height) > 0


def test_year_histogram_shows_empty_years_and_the_chosen_range():
    params = SearchParams(year_from=2013, year_to=2014)
    bars = year_bars([(2012, 2), (2014, 4), (2016, 1)], params)
    assert [b.year for b in bars] == [2012, 2013, 2014, 2015, 2016]
    assert [b.count for b in bars] == [2, 0, 4, 0, 1]
    assert bars[1].params is None  # nothing to link to
    assert [b.selected for b in bars] == [False, True, True, False, False]
    assert bars[2].step == STEPS


def test_following_a_year_bar_narrows_the_results(shared_client):
    html = shared_client.get("/").get_data(as_text=True)
    href = re.search(r'<a class="year-bar[^"]*" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    year = int(re.search(r"year_from=(\d+)", href).group(1))
    data = shared_client.get("/api/search" + href[1:]).get_json()
    assert data["total"] > 0
    assert all(r["year"] == year for r in data["results"])


def test_region_map_is_a_keyboard_reachable_svg_of_links(shared_client):
    html = shared_client.get("/?innovation_type=service").get_data(as_text=True)
    svg, desc = _described_svg(html, "region-map", "group")
    counts = {v["label"]: v["count"] for v in
              shared_client.get("/api/search?innovation_type=service").get_json()["facets"]["region"]}
    for label, count in counts.items():
        assert f"{label}: {count}" in desc
    links = svg.findall(f"{SVG}a")
    assert links and all(a.get("href", "").startswith("/?") for a in links)
    names = [a.get("aria-label") for a in links]
    assert any(name.startswith("Region Sjælland: ") for name in names)
    sjaelland = next(a for a in links if a.get("aria-label").startswith("Region Sjælland"))
    assert "region=sjaelland" in sjaelland.get("href")


def test_chosen_region_is_marked_and_its_tile_removes_it(shared_client):
    html = shared_client.get("/?region=sjaelland").get_data(as_text=True)
    svg = _svg(html, "region-map")
    chosen = [a for a in svg.findall(f"{SVG}a") if a.get("aria-current") == "true"]
    assert len(chosen) == 1
    assert chosen[0].get("href") == "/#f-region"  # lands back at the region filter


def test_theme_page_draws_the_headline_figure_per_edition(shared_client):
    html = shared_client.get("/tema/lav-nye-services").get_data(as_text=True)
    chart = BeautifulSoup(html, "lxml").select_one("figure.edition-chart")
    rows = [" ".join(li.get_text(" ").split()) for li in chart.select("li")]
    assert rows[0].startswith("2015-2016 43 %") and rows[1].startswith("2018-2019 31 %")  # newest last
    # HTML bars (no SVG text that shrinks on a phone), lengths as classes under the CSP
    assert [b["class"] for b in chart.select(".edition-bar")] == [["edition-bar", "pct-43"], ["edition-bar", "pct-31"]]
    assert chart.select_one(".latest .edition-figure").get_text(" ", strip=True).startswith("31 %")


def test_charts_speak_english_on_the_english_site(shared_client):
    html = shared_client.get("/?lang=en").get_data(as_text=True)
    assert "Where do the cases come from?" in html
    assert "Cases per year" in html


def test_region_map_keeps_its_shape_when_regions_have_no_cases(shared_client):
    html = shared_client.get("/?q=restskat").get_data(as_text=True)  # one nationwide case
    svg, desc = _described_svg(html, "region-map", "group")
    tiles = svg.findall(f".//{SVG}rect")
    assert len(tiles) == 6
    links = svg.findall(f"{SVG}a")
    assert [a.get("aria-label") for a in links] == ["Hele landet: 1 case"]
    assert "Region Nordjylland: 0" in desc
