"""WCAG 2.1 AA in a real browser: axe-core on every kind of page, at desktop and phone width.

axe-core (from npm, see .ci/browser-deps) is injected into the page as served and run with the
WCAG 2.0/2.1 A and AA rules only. The page's Content-Security-Policy forbids inline scripts, so
the checking context bypasses CSP; the site itself is not changed for the test.

Beside axe, this file checks what axe does not: headings in order with no skipped level, ``lang``
per language, the facet groups as named fieldsets, the results count as a status message and
the accessibility statement in the footer.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import AXE, sign_in_as_editor
from tests.browser.page_types import EDITOR_PAGES, PAGE_TYPES, WIDTHS, by_name

pytestmark = pytest.mark.browser

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""

HEADING_LEVELS = """() => Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6"))
  .filter(h => h.getClientRects().length > 0)
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""


def _checking_context(browser, width: str):
    return browser.new_context(viewport=WIDTHS[width], bypass_csp=True, locale="da-DK")


@pytest.fixture(scope="module", params=list(WIDTHS))
def checking_page(request, browser):
    """One page per width, with JavaScript on (axe needs it) and CSP bypassed to inject axe."""
    context = _checking_context(browser, request.param)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def desktop_page(browser):
    """For checks of structure, which does not change with the width."""
    context = _checking_context(browser, "desktop")
    yield context.new_page()
    context.close()


def open_page(page, base: str, page_type):
    response = page.goto(base + page_type.path)
    assert response is not None and response.status == page_type.status, (
        f"{page_type.path} answered {response and response.status}, expected {page_type.status}"
    )
    if page_type.shows:
        assert page_type.shows in page.locator("main").inner_text(), f"{page_type.path}: no “{page_type.shows}”"
    return response


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {target}" for target in v["targets"][:10])
    return "\n".join(lines)


def assert_no_violations(page, where: str) -> None:
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE, WCAG_AA_TAGS)
    assert not violations, (
        f"{len(violations)} WCAG 2.1 AA violation(s) on {where} "
        f"at {page.viewport_size['width']} px:\n{format_violations(violations)}"
    )


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.name)
def test_no_wcag_aa_violations(site, checking_page, page_type):
    base, _ = site
    open_page(checking_page, base, page_type)
    assert_no_violations(checking_page, page_type.path)


@pytest.fixture(scope="module", params=list(WIDTHS))
def editor_page(request, browser, site):
    """A signed-in editor's page at each width (JavaScript on, CSP bypassed for axe)."""
    base, _ = site
    context = _checking_context(browser, request.param)
    page = context.new_page()
    sign_in_as_editor(page, base)
    yield page
    context.close()


@pytest.mark.parametrize("path", EDITOR_PAGES)
def test_no_wcag_aa_violations_for_editors(site, editor_page, path):
    base, _ = site
    response = editor_page.goto(base + path)
    assert response.status == 200 and editor_page.url == base + path, f"{path}: {response.status} {editor_page.url}"
    assert_headings_in_order(editor_page, path)
    assert_no_violations(editor_page, path)


def test_no_wcag_aa_violations_on_editor_forms_with_errors(site, editor_page):
    """A new case saved empty: the error summary and every field's error message."""
    base, _ = site
    editor_page.goto(base + "/editor/cases/new")
    editor_page.get_by_role("button", name="Gem som kladde").click()
    editor_page.wait_for_load_state()
    assert editor_page.get_by_role("alert").count() == 1
    assert_no_violations(editor_page, "/editor/cases/new (saved empty)")


def test_no_wcag_aa_violations_on_failed_sign_in(site, checking_page):
    base, _ = site
    checking_page.goto(base + "/editor/sign-in")
    checking_page.get_by_label("Navn").fill("ingen")
    checking_page.get_by_label("Adgangskode").fill("forkert-adgangskode")
    checking_page.get_by_role("button", name="Log ind").click()
    checking_page.wait_for_load_state()
    assert checking_page.get_by_role("alert").count() == 1
    assert_no_violations(checking_page, "/editor/sign-in (wrong password)")


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.name)
def test_headings_start_at_one_h1_and_skip_no_level(site, desktop_page, page_type):
    base, _ = site
    open_page(desktop_page, base, page_type)
    assert_headings_in_order(desktop_page, page_type.path)


def assert_headings_in_order(page, where: str) -> None:
    headings = page.evaluate(HEADING_LEVELS)
    levels = [level for level, _ in headings]
    assert levels and levels[0] == 1, f"{where}: the first heading is not an h1: {headings}"
    assert levels.count(1) == 1, f"{where}: more than one h1: {headings}"
    for (before, _), (level, text) in zip(headings, headings[1:]):
        assert level <= before + 1, f"{where}: h{before} is followed by h{level} “{text}”"


@pytest.mark.parametrize("path, lang", [
    ("/", "da"), ("/?lang=en", "en"), ("/cases/skat-i-balance?lang=en", "en"), ("/tema/?lang=en", "en"),
])
def test_page_language_follows_the_chosen_language(site, desktop_page, path, lang):
    base, _ = site
    desktop_page.goto(base + path)
    assert desktop_page.locator("html").get_attribute("lang") == lang


def test_case_text_keeps_its_own_language_on_english_pages(site, desktop_page):
    """Case texts are written in Danish: on an English page they are marked lang="da"."""
    base, _ = site
    desktop_page.goto(base + "/cases/skat-i-balance?lang=en")
    assert desktop_page.locator("h1").evaluate("h => h.closest('[lang]').lang") == "da"


def test_facet_groups_are_named_fieldsets(site, desktop_page):
    base, _ = site
    open_page(desktop_page, base, by_name("filtered-search"))
    legends = [" ".join(t.split()) for t in desktop_page.locator("fieldset > legend").all_inner_texts()]
    assert "Innovationstype" in legends and "År" in legends, legends
    for legend in legends:
        assert legend, f"a fieldset without a legend: {legends}"
        assert desktop_page.get_by_role("group", name=legend, exact=True).count() >= 1, legend
    outside = desktop_page.locator(".facet-value").evaluate_all(
        "links => links.filter(a => !a.closest('fieldset')).map(a => a.textContent.trim())")
    assert not outside, f"facet values outside a named group: {outside}"


def test_results_count_is_a_status_message_that_says_what_is_shown(site, desktop_page):
    base, _ = site
    open_page(desktop_page, base, by_name("filtered-search"))
    status = desktop_page.get_by_role("status")
    assert status.count() == 1
    text = " ".join(status.inner_text().split())
    assert re.search(r"\b[1-9]\d* cases?\b", text), text
    assert "serviceinnovation eller proces og organisering" in text.lower()
    assert "2005–2020" in text


def test_empty_facet_groups_are_not_shown(site, desktop_page):
    """On zero results a facet group with no values would be an empty, unexplained fieldset."""
    base, _ = site
    open_page(desktop_page, base, by_name("zero-results"))
    for group in desktop_page.locator("fieldset").all():
        assert group.locator("a, input, select").count() > 0, group.inner_text()


def test_footer_links_to_the_accessibility_statement(site, desktop_page):
    base, settings = site
    open_page(desktop_page, base, by_name("front"))
    link = desktop_page.get_by_role("contentinfo").get_by_role("link", name="Tilgængelighedserklæring")
    assert link.get_attribute("href") == settings.section("site")["accessibility_statement_url"]


def test_error_pages_speak_the_language_of_the_page(site, desktop_page):
    """A Danish page read aloud with English text in it is gibberish unless that text says so."""
    base, _ = site
    open_page(desktop_page, base, by_name("not-found"))
    assert "The requested URL" not in desktop_page.locator("main").inner_text()
    assert "Vi kan ikke finde siden" in desktop_page.locator("main").inner_text()
    open_page(desktop_page, base, by_name("bad-request"))
    detail = desktop_page.locator("main [lang=en]")
    assert "'page' must be a whole number" in detail.inner_text()


WATCH_RESULTS = """() => {
  window.statusNode = document.querySelector("[role=status]");
  window.resultsChanged = false;
  const results = document.querySelector(".results");
  new MutationObserver(() => { window.resultsChanged = true; })
    .observe(results, {childList: true, subtree: true, characterData: true});
}"""


@pytest.mark.parametrize("page", ["js"], indirect=True)
def test_results_count_is_announced_when_results_change_without_reload(site, page):
    """A live region is announced only if it stays in the page while its text changes: scripts
    that update results in place must update the existing role="status" element, not replace it.
    Without such a script the results change by loading a page, whose status element is read."""
    base, _ = site
    page.goto(base + "/?q=borgere")
    page.evaluate(WATCH_RESULTS)
    before = page.get_by_role("status").inner_text()
    page.get_by_label("Søg i casene").fill("restskat")
    page.wait_for_timeout(1000)
    if page.evaluate("window.resultsChanged === true"):
        assert page.evaluate("document.querySelector('[role=status]') === window.statusNode"), \
            "the status element was replaced, so screen readers do not announce the new count"
        assert page.get_by_role("status").inner_text() != before
    else:
        page.get_by_label("Søg i casene").press("Enter")
        page.wait_for_url(re.compile(r"q=restskat"))
    status = page.get_by_role("status")
    assert status.count() == 1 and re.search(r"\b1 case\b", status.inner_text())


def test_no_wcag_aa_violations_with_suggestions_open(site, checking_page):
    """The search box as a combobox with its list of suggestions open and one option active."""
    base, _ = site
    open_page(checking_page, base, by_name("front"))
    box = checking_page.get_by_role("combobox", name="Søg i casene")
    box.press_sequentially("Fred", delay=40)
    checking_page.get_by_role("listbox").get_by_role("option").first.wait_for()
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant")
    assert_no_violations(checking_page, "/ with suggestions open")
