"""Journeys a visitor makes, in a real browser, with and without JavaScript."""
import re

import pytest

from tests.browser.page_types import MISSPELLED

pytestmark = pytest.mark.browser


def test_search_and_refine_with_a_facet(site, page):
    base, _ = site
    page.goto(base + "/")
    page.get_by_label("Søg i casene").fill("ældreplejen")
    page.get_by_role("button", name="Søg", exact=True).click()
    page.wait_for_url(re.compile(r"q="))
    status = page.get_by_role("status")
    assert re.search(r"\d+ cases", status.inner_text())
    page.get_by_role("link", name=re.compile("^Medarbejderdrevet")).first.click()
    page.wait_for_url(re.compile(r"employee_driven=true"))
    assert page.locator(".facet-value[aria-current=true] .facet-label").all_inner_texts() == ["Medarbejderdrevet"]
    assert re.search(r"\d+ ", page.get_by_role("status").inner_text())


def test_theme_page_to_skat_case_and_more_examples(site, page):
    base, _ = site
    page.goto(base + "/tema/lav-nye-services")
    assert "31 %" in page.content()
    page.get_by_role("link", name=re.compile("Skat sparer danskerne")).first.click()
    page.wait_for_url(base + "/cases/skat-i-balance")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Skat sparer")
    page.go_back()
    page.get_by_role("link", name="Find flere gode eksempler").click()
    page.wait_for_url(re.compile(r"innovation_type=service"))
    assert "serviceinnovation" in page.get_by_role("status").inner_text().lower()


def test_old_address_lands_on_the_case(site, page):
    base, _ = site
    page.goto(base + "/cases/samling/skat-sparer-danskerne-for-aergrelser-over-restskat/")
    assert page.url == base + "/cases/skat-i-balance"


def status_text(page) -> str:
    return " ".join(page.get_by_role("status").inner_text().split())


def shown_count(page) -> int:
    return int(re.search(r"(\d+) cases?\b", status_text(page)).group(1))


def result_years(page) -> list[int]:
    metas = page.locator(".result-meta").all_inner_texts()
    return [int(m.group(1)) for m in (re.search(r"\b(\d{4})\s*$", t) for t in metas) if m]


def test_two_values_of_one_facet_widen_the_results(site, page):
    base, _ = site
    page.goto(base + "/")
    facet = page.get_by_role("group", name="Innovationstype")
    facet.get_by_role("link", name=re.compile("^Proces og organisering")).click()
    page.wait_for_url(re.compile(r"innovation_type=process"))
    one = shown_count(page)
    page.get_by_role("group", name="Innovationstype").get_by_role(
        "link", name=re.compile("^Kommunikation")).click()
    page.wait_for_url(re.compile(r"innovation_type=process&innovation_type=communication"))
    assert shown_count(page) > one
    assert "proces og organisering eller kommunikation" in status_text(page).lower()
    selected = page.locator(".facet-value[aria-current=true] .facet-label").all_inner_texts()
    assert selected == ["Proces og organisering", "Kommunikation"]


def test_year_range_keeps_only_cases_from_those_years(site, page):
    base, _ = site
    page.goto(base + "/?q=borgere")
    page.get_by_label("Fra").fill("2010")
    page.get_by_label("Til").fill("2018")
    page.get_by_role("button", name="Vis cases fra de år").click()
    page.wait_for_url(re.compile(r"year_from=2010&year_to=2018"))
    assert "q=borgere" in page.url
    years = result_years(page)
    assert years and all(2010 <= y <= 2018 for y in years), years
    assert "2010–2018" in status_text(page)


def test_sort_newest_first(site, page):
    base, _ = site
    page.goto(base + "/?q=borgere")
    page.get_by_label("Sortér").select_option("newest")
    page.get_by_role("button", name="Sortér").click()
    page.wait_for_url(re.compile(r"sort=newest"))
    assert "q=borgere" in page.url
    years = result_years(page)
    assert len(years) > 2 and years == sorted(years, reverse=True), years
    page.get_by_label("Sortér").select_option("oldest")
    page.get_by_role("button", name="Sortér").click()
    page.wait_for_url(re.compile(r"sort=oldest"))
    assert result_years(page) == sorted(years)


def test_page_through_results_in_order(site, page):
    base, _ = site
    page.goto(base + "/?per_page=2&sort=newest")
    first_page = result_years(page)
    pages = page.get_by_role("navigation", name="Sider")
    pages.get_by_role("link", name="Næste").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "sort=newest" in page.url and "per_page=2" in page.url
    assert page.get_by_role("navigation", name="Sider").locator("[aria-current=page]").inner_text() == "2"
    second_page = result_years(page)
    assert second_page and max(second_page) <= min(first_page)
    assert page.locator("ol.result-list").get_attribute("start") == "3"


def test_did_you_mean_link_searches_for_the_suggestion(site, page):
    base, _ = site
    page.goto(base + "/")
    page.get_by_label("Søg i casene").fill(MISSPELLED)
    page.get_by_role("button", name="Søg", exact=True).click()
    page.wait_for_url(re.compile(f"q={MISSPELLED}"))
    before = shown_count(page)
    assert page.locator(".did-you-mean").inner_text().startswith("Mente du")
    suggestion = page.locator(".did-you-mean a")
    word = suggestion.inner_text()
    assert word and word != MISSPELLED
    suggestion.click()
    page.wait_for_url(lambda url: f"q={MISSPELLED}" not in url)
    assert page.get_by_label("Søg i casene").input_value() == word
    assert shown_count(page) >= max(before, 1)


def test_switch_to_english_and_back_keeps_the_filters(site, page):
    base, _ = site
    page.goto(base + "/?q=borgere&innovation_type=service&year_from=2005")
    before = shown_count(page)
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("html").get_attribute("lang") == "en"
    for kept in ("q=borgere", "innovation_type=service", "year_from=2005"):
        assert kept in page.url
    assert shown_count(page) == before
    selected = page.locator(".facet-value[aria-current=true] .facet-label").all_inner_texts()
    assert selected == ["Service innovation"]
    page.get_by_role("link", name=re.compile("^Skat sparer")).click()
    # The case page, in English: waited for, so the way back does not race its loading.
    page.wait_for_url(re.compile(r"/cases/skat-i-balance\?lang=en"))
    assert page.locator("html").get_attribute("lang") == "en"
    page.go_back()
    page.wait_for_url(re.compile(r"q=borgere"))
    page.get_by_role("link", name="Dansk", exact=True).click()
    page.wait_for_url(re.compile(r"innovation_type=service"))
    assert "lang=" not in page.url and "q=borgere" in page.url and "year_from=2005" in page.url
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator(".facet-value[aria-current=true] .facet-label").all_inner_texts() == ["Serviceinnovation"]
