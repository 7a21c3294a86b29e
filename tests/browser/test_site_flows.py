"""The site as people use it on a phone and at a desk: filters reached from the first screen,
filters that land where the visitor was, help when nothing is found, theme pages with examples,
printing a case, and the edges of the year and page parameters. With and without JavaScript.

Screenshots of the phone filter flow and the zero-result page go to artifacts/screenshots/.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import THEME_EXAMPLES
from tests.browser.page_types import WIDTHS
from tests.browser.test_screenshots import SCREENSHOTS

pytestmark = pytest.mark.browser

IN_VIEW = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return false;
  const box = el.getBoundingClientRect();
  return box.height > 0 && box.top >= -2 && box.top < window.innerHeight;
}"""


@pytest.fixture(params=["js", "nojs"])
def phone(request, browser):
    context = browser.new_context(viewport=WIDTHS["phone"], java_script_enabled=request.param == "js",
                                  locale="da-DK")
    page = context.new_page()
    page.mode = request.param
    yield page
    context.close()


@pytest.fixture(params=["js", "nojs"])
def desk(request, browser):
    context = browser.new_context(viewport=WIDTHS["desktop"], java_script_enabled=request.param == "js",
                                  locale="da-DK")
    page = context.new_page()
    page.mode = request.param
    yield page
    context.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.mode}.png"))


def filter_control(page):
    return page.locator(".filter-toggle:visible").first


def in_view(page, selector: str) -> bool:
    return page.evaluate(IN_VIEW, selector)


@pytest.mark.parametrize("path", ["/", "/?q=borgere"])
def test_filters_are_reached_from_the_first_screen_on_a_phone(site, phone, path):
    base, _ = site
    phone.goto(base + path)
    assert not phone.get_by_role("group", name="Innovationstype").is_visible()  # not in the way
    assert in_view(phone, ".filter-toggle"), f"{path}: no “Filtrér” on the first screen"
    filter_control(phone).click()
    group = phone.get_by_role("group", name="Innovationstype")
    group.wait_for(state="visible")
    assert in_view(phone, "#facets-heading"), "the opened filters do not start on the screen"
    if path == "/?q=borgere":
        shot(phone, "phone-filters-open")


def test_two_filters_on_a_phone_then_back_to_the_results(site, phone):
    base, _ = site
    phone.goto(base + "/?q=borgere")
    shot(phone, "phone-filters-1-results")
    filter_control(phone).click()
    phone.get_by_role("group", name="Innovationstype").get_by_role("link", name=re.compile("^Serviceinnovation")).click()
    phone.wait_for_url(re.compile(r"innovation_type=service#f-innovation_type$"))
    # the page comes back where the visitor was: the filters open at the group just used
    assert in_view(phone, "#f-innovation_type")
    shot(phone, "phone-filters-2-first-filter")
    phone.get_by_role("group", name="Sektor").get_by_role("link", name=re.compile("^Kommune")).click()
    phone.wait_for_url(re.compile(r"innovation_type=service&sector=kommune#f-sector$"))
    assert in_view(phone, "#f-sector")
    shot(phone, "phone-filters-3-second-filter")
    done = phone.get_by_role("link", name=re.compile(r"^Vis \d+ resultat(er)?$"))
    shown = int(re.search(r"\d+", done.inner_text()).group())
    done.click()
    phone.wait_for_url(re.compile(r"#resultater$"))
    assert not phone.get_by_role("group", name="Sektor").is_visible()
    assert in_view(phone, ".result-count")
    status = " ".join(phone.get_by_role("status").inner_text().split())
    assert f"Viser {shown} case" in status and "Serviceinnovation" in status and "Kommune" in status
    assert phone.locator(".result").count() == shown
    shot(phone, "phone-filters-4-results")


def test_a_filter_far_down_the_page_lands_where_it_was_chosen(site, desk):
    base, _ = site
    desk.goto(base + "/")
    desk.get_by_role("group", name="Område").get_by_role("link", name=re.compile("^Ældre og pleje")).click()
    desk.wait_for_url(re.compile(r"area=aeldre#f-area$"))
    assert in_view(desk, "#f-area"), "after choosing a value in Område the page starts at the top"
    desk.get_by_role("group", name="Sektor").get_by_role("link", name=re.compile("^Kommune")).click()
    desk.wait_for_url(re.compile(r"sector=kommune&area=aeldre#f-sector$"))
    assert in_view(desk, "#f-sector")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_search_that_finds_nothing_offers_searches_that_do(site, browser, width):
    base, _ = site
    context = browser.new_context(viewport=WIDTHS[width], locale="da-DK")
    page = context.new_page()
    page.mode = width
    page.goto(base + "/?q=ældretransport")
    assert "Ingen cases passer" in page.locator("main").inner_text()
    assert page.locator(".year-chart, .region-map").count() == 0, "empty charts on a page with no cases"
    offers = page.locator(".try-instead a")
    assert offers.count() >= 1
    assert page.get_by_role("link", name="Foreslå en case").is_visible()
    page.screenshot(path=str(SCREENSHOTS / f"zero-results-help-{width}.png"), full_page=True)
    first = offers.first.inner_text()
    offers.first.click()
    page.wait_for_load_state()
    status = page.get_by_role("status").inner_text()
    found = int(re.search(r"Viser (\d+)", status).group(1))
    assert found >= 1, f"the offered search “{first}” found nothing"
    context.close()


def test_theme_page_shows_the_figure_its_meaning_and_three_examples(site, page):
    base, _ = site
    page.goto(base + "/tema/lav-nye-services")
    assert page.title().startswith("Lav nye services ·")
    assert page.get_by_role("heading", level=1).inner_text() == "Lav nye services"
    assert "31 %" in page.locator(".headline-figure").inner_text()
    assert page.get_by_role("heading", name="Hvad tallet betyder").is_visible()
    cards = page.locator(".example-card h3 a")
    assert cards.count() >= 3
    hrefs = [cards.nth(i).get_attribute("href") for i in range(cards.count())]
    assert hrefs == [f"/cases/{slug}" for slug in THEME_EXAMPLES["lav-nye-services"]]


def test_theme_chart_stays_readable_on_a_phone(site, browser):
    base, _ = site
    context = browser.new_context(viewport=WIDTHS["phone"], locale="da-DK")
    page = context.new_page()
    page.goto(base + "/tema/lav-nye-services")
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.edition-chart li *'))
        .filter(el => el.textContent.trim() && el.getClientRects().length)
        .map(el => parseFloat(getComputedStyle(el).fontSize))""")
    assert sizes and min(sizes) >= 14, f"chart text as small as {min(sizes)} px on a phone"
    context.close()


def test_a_printed_case_is_the_case_its_sources_and_contact_on_at_most_two_pages(site, browser):
    base, _ = site
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    page.goto(base + "/cases/skat-i-balance")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".related", ".share"):
        if page.locator(hidden).count():
            assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    for shown in ("h1", ".reuse", ".sources", ".case-facts"):
        assert page.locator(shown).first.is_visible(), f"{shown} is not printed"
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"the case prints on {pages} pages"
    context.close()


def test_the_share_link_can_be_copied_without_javascript(site, page):
    base, _ = site
    page.goto(base + "/cases/skat-i-balance")
    field = page.get_by_label("Link til casen")
    assert field.input_value().endswith("/cases/skat-i-balance")
    if page.js_enabled:
        assert page.get_by_role("button", name="Kopiér link").is_visible()


def test_a_reversed_year_range_is_swapped_and_keeps_the_search(site, page):
    base, _ = site
    response = page.goto(base + "/?q=borgere&year_from=2020&year_to=2005")
    assert response.status == 200
    assert "byttet om" in page.locator("main").inner_text()
    assert page.get_by_label("Fra år").input_value() == "2005"
    assert page.get_by_label("Til år").input_value() == "2020"
    assert page.get_by_label("Søg i casene").input_value() == "borgere"
    assert "2005–2020" in page.get_by_role("status").inner_text()


def test_a_page_past_the_end_goes_to_the_last_page(site, page):
    base, _ = site
    page.goto(base + "/?per_page=2")
    last = max(int(t) for t in page.locator(".pagination li").all_inner_texts() if t.strip().isdigit())
    page.goto(base + "/?per_page=2&page=999")
    assert re.search(rf"[?&]page={last}(&|#|$)", page.url), page.url
    assert page.locator(".result").count() >= 1
    assert page.locator(".pagination [aria-current=page]").inner_text() == str(last)


def test_without_words_the_order_is_not_called_best_match(site, page):
    base, _ = site
    page.goto(base + "/")
    options = page.locator("#sort option").all_inner_texts()
    assert "Bedste match" not in options and options[0] == "Nyeste først"
    page.goto(base + "/?q=borgere")
    assert page.locator("#sort option").all_inner_texts()[0] == "Bedste match"


def test_facet_rows_stay_inside_their_column_at_desktop_width(site, desk):
    base, _ = site
    desk.goto(base + "/")
    overflow = desk.evaluate("""() => Array.from(document.querySelectorAll('.facet-value'))
        .filter(a => a.getBoundingClientRect().right > a.closest('.facets').getBoundingClientRect().right + 0.5)
        .map(a => a.textContent.trim().split(/\\s+/)[0])""")
    assert not overflow, f"facet rows wider than the filter column: {overflow}"


def test_favicon_is_served(site, page):
    base, _ = site
    response = page.request.get(base + "/favicon.ico")
    assert response.status == 200 and response.headers["content-type"] == "image/vnd.microsoft.icon"


def test_no_wcag_aa_violations_with_the_filters_opened_by_the_button(site, browser):
    """The panel as JavaScript opens it (the :target state is in page_types.PAGE_TYPES)."""
    from tests.browser.test_accessibility import assert_no_violations

    base, _ = site
    context = browser.new_context(viewport=WIDTHS["phone"], bypass_csp=True, locale="da-DK")
    page = context.new_page()
    page.goto(base + "/?q=borgere&sector=kommune")
    button = page.get_by_role("button", name=re.compile("^Filtrér"))
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    page.get_by_role("group", name="Innovationstype").wait_for(state="visible")
    assert_no_violations(page, "/?q=borgere&sector=kommune with the filters open")
    context.close()
