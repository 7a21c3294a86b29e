"""Journeys a visitor makes, in a real browser, with and without JavaScript."""
import re

import pytest

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
    assert "Medarbejderdrevet" in page.get_by_role("status").inner_text()


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
    assert "Serviceinnovation" in page.get_by_role("status").inner_text()


def test_old_address_lands_on_the_case(site, page):
    base, _ = site
    page.goto(base + "/cases/samling/skat-sparer-danskerne-for-aergrelser-over-restskat/")
    assert page.url == base + "/cases/skat-i-balance"
