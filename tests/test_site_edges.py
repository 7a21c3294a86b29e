"""The public site's rough edges, smoothed: page numbers past the end, a year range typed the
wrong way round, cases without a year, sort orders and filter chips that make sense, Danish and
English numbers and dates, and the small files browsers and share previews ask for."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from search_app import create_app
from tests.conftest import app_config


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def test_a_page_past_the_end_goes_to_the_last_page(shared_client):
    pages = -(-shared_client.get("/api/search?per_page=2").get_json()["total"] // 2)
    response = shared_client.get("/?per_page=2&page=999&sector=kommune")
    assert response.status_code == 302
    last = -(-shared_client.get("/api/search?per_page=2&sector=kommune").get_json()["total"] // 2)
    assert response.headers["Location"] == f"/?sector=kommune&per_page=2&page={last}#resultater"
    assert last <= pages
    assert shared_client.get("/?per_page=2&page=2").status_code == 200  # a real page stays


def test_a_reversed_year_range_is_swapped_and_keeps_the_search(shared_client):
    response = shared_client.get("/?q=borgere&year_from=2020&year_to=2005")
    assert response.status_code == 200
    page = soup(response)
    assert "byttet om" in page.select_one(".notice").get_text()
    assert page.select_one("input[name=year_from]")["value"] == "2005"
    assert page.select_one("input[name=year_to]")["value"] == "2020"
    assert page.select_one("#q")["value"] == "borgere"
    assert "2005–2020" in page.select_one(".result-count").get_text()
    # the data keeps its strict contract
    assert shared_client.get("/api/search?year_from=2020&year_to=2005").status_code == 400


def test_best_match_is_offered_only_for_words(shared_client):
    options = [o.get_text() for o in soup(shared_client.get("/")).select("#sort option")]
    assert "Bedste match" not in options
    assert soup(shared_client.get("/")).select_one("#sort option[selected]").get_text() == "Nyeste først"
    options = [o.get_text() for o in soup(shared_client.get("/?q=borgere")).select("#sort option")]
    assert options[0] == "Bedste match"


def test_a_yes_no_filter_chip_does_not_repeat_itself(shared_client):
    chips = [" ".join(a.get_text(" ").split()) for a in
             soup(shared_client.get("/?employee_driven=true&sector=kommune")).select(".active-filters a")]
    assert "Fjern filteret Medarbejderdrevet ×" in chips
    assert not any("Medarbejderdrevet: Medarbejderdrevet" in c for c in chips)


def test_not_employee_driven_is_neither_a_filter_nor_a_tag(shared_client):
    page = soup(shared_client.get("/"))
    assert "Ikke medarbejderdrevet" not in page.select_one(".facets").get_text()
    case = soup(shared_client.get("/cases/kulturrygsaek-holbaek"))  # employee_driven: false
    assert "Ikke medarbejderdrevet" not in case.select_one(".case-facts").get_text()
    # a link from elsewhere still works, and its chip can be removed
    chosen = soup(shared_client.get("/?employee_driven=false"))
    assert "Ikke medarbejderdrevet" in chosen.select_one(".active-filters").get_text()


def test_value_facet_reads_skabt_vaerdi(shared_client):
    legends = [f.get_text() for f in soup(shared_client.get("/")).select(".facet legend")]
    assert "Skabt værdi" in legends and "Værdi skabt" not in legends


def test_year_button_says_what_it_does(shared_client):
    button = soup(shared_client.get("/")).select_one(".year-form button")
    assert button.get_text() == "Vis cases fra de år"


def test_result_rows_show_kind_of_innovation_and_area(shared_client):
    rows = soup(shared_client.get("/?q=restskat")).select(".result")
    assert rows[0].select_one(".result-tags").get_text() == "Serviceinnovation · Kommunikation · Skat og økonomi"


def test_filter_links_land_where_the_visitor_was(shared_client):
    page = soup(shared_client.get("/?q=borgere"))
    area = page.select_one("#f-area a.facet-value")["href"]
    assert area.endswith("#f-area")
    assert page.select_one("form.year-form")["action"].endswith("#f-year")
    assert page.select_one("form.sort-form")["action"].endswith("#resultater")
    assert page.select_one(".filter-toggle")["href"] == "#filtre"
    assert re.fullmatch(r"Vis \d+ resultat(er)?", page.select_one(".filter-done a").get_text())


def test_a_search_with_no_results_draws_no_empty_charts(shared_client):
    page = soup(shared_client.get("/?q=xyzzyqqq"))
    assert page.select(".year-chart") == [] and page.select(".region-map") == []
    assert page.select_one(".suggest-case a")["href"] == "/om#foreslaa"


@pytest.mark.parametrize("url, danish, english", [
    ("/cases/skat-i-balance", "27. november 2026", "November 27, 2026"),
    ("/tema/lav-nye-services", "n = 1.877", "n = 1,877"),
])
def test_numbers_and_dates_follow_the_language(shared_client, url, danish, english):
    assert danish in shared_client.get(url).get_data(as_text=True)
    assert english in shared_client.get(url + "?lang=en").get_data(as_text=True)


def test_favicon_and_share_image_are_served(shared_client):
    icon = shared_client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"
    page = soup(shared_client.get("/cases/skat-i-balance"))
    image = page.select_one('meta[property="og:image"]')["content"]
    assert image.endswith("/static/og-image.png")
    png = shared_client.get("/static/og-image.png").data
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == 1200 and int.from_bytes(png[20:24], "big") == 630


def test_theme_titles_are_sentence_case_everywhere(shared_client):
    html = shared_client.get("/tema/lav-nye-services").get_data(as_text=True)
    page = BeautifulSoup(html, "lxml")
    assert page.title.get_text().startswith("Lav nye services ·")
    assert page.select_one('meta[property="og:title"]')["content"].startswith("Lav nye services:")
    case = soup(shared_client.get("/cases/skat-i-balance"))
    assert "Lav nye services" in [a.get_text() for a in case.select(".theme-links a")]
    assert "Lav Nye Services" not in html


def test_share_link_is_a_field_to_copy(shared_client):
    field = soup(shared_client.get("/cases/skat-i-balance")).select_one("#share-link")
    assert field["value"].endswith("/cases/skat-i-balance") and field.has_attr("readonly")


UNDATED = """title: En case uden årstal om borgere og skat
lead: En kommune har gjort noget nyt for borgerne, men kilden siger ikke hvornår det skete.
summary_en: A municipality did something new for its citizens. The source does not say when.
body: |
  ## Løsningen

  Borgerne får hjælp med skat, og kilden nævner intet årstal for løsningen.
organisation: Testkommune
innovation_type: [service]
value: [quality]
sector: kommune
region: nordjylland
area: [skat-oekonomi]
employee_driven: false
source_urls: [https://example.org/]
contact: {organisation: Testkommune}
"""


@pytest.fixture
def undated_client(settings, cases_dir):
    from indexer.build import build_index

    (cases_dir / "uden-aarstal.yaml").write_text(UNDATED, encoding="utf-8")
    build_index(settings)
    return create_app(app_config(settings)).test_client()


def test_a_year_range_says_how_many_cases_have_no_year_and_can_include_them(undated_client):
    page = soup(undated_client.get("/?year_from=2005&year_to=2020"))
    assert "Medtag 1 case uden årstal" in page.select_one(".year-missing").get_text()
    slugs = [a["href"] for a in page.select(".result-title a")]
    assert "/cases/uden-aarstal" not in slugs
    included = soup(undated_client.get("/?year_from=2005&year_to=2020&year_missing=include"))
    assert "/cases/uden-aarstal" in [a["href"] for a in included.select(".result-title a")]
    assert len(included.select(".result")) == len(slugs) + 1
    data = undated_client.get("/api/search?year_from=2005&year_to=2020&year_missing=include").get_json()
    assert "uden-aarstal" in [r["slug"] for r in data["results"]]
    assert undated_client.get("/api/search?year_missing=maybe").status_code == 400


def test_year_missing_is_in_the_api_description(shared_client):
    spec = shared_client.get("/api/openapi.json").get_json()
    names = [p.get("name") or p.get("$ref", "").rsplit("/", 1)[-1]
             for p in spec["paths"]["/api/search"]["get"]["parameters"]]
    assert "year_missing" in names
