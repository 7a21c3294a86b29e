"""axe-core on the editor's pages for unfinished and conflicting work: the draft's checklist, the
history with its differences, the conflict page with per-field choices and the page for a case
deleted while it was open. Each page is reached the way an editor reaches it, in a real browser."""
import re

import pytest

from tests.browser.conftest import sign_in_as_editor
from tests.browser.test_accessibility import assert_headings_in_order, assert_no_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_context(browser, site):
    base, _ = site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True, locale="da-DK")
    sign_in_as_editor(context.new_page(), base)
    yield context
    context.close()


def _checked(page, where: str) -> None:
    assert_headings_in_order(page, where)
    assert_no_violations(page, where)


def _new_draft(page, base: str, title: str) -> str:
    page.goto(base + "/editor/cases/new")
    page.locator("#f-title").fill(title)
    page.get_by_role("button", name="Gem som kladde").click()
    page.wait_for_url(re.compile(r"/edit$"))
    return page.url


def test_checklist_history_diff_and_version_pages_have_no_violations(site, editor_context):
    base, _ = site
    page = editor_context.new_page()
    edit_url = _new_draft(page, base, "Tilgængelig kladde med tjekliste")
    assert page.get_by_role("region", name="Før casen kan udgives").is_visible()
    _checked(page, "the draft's checklist")
    page.locator("#f-lead").fill("En indledning, der er lang nok til at tælle som en rigtig indledning her.")
    page.get_by_role("button", name="Gem som kladde").click()
    page.wait_for_url(edit_url)
    page.get_by_role("link", name="Historik").first.click()
    assert page.locator("table.field-changes ins").count() > 0
    _checked(page, "history with differences")
    page.locator("ol.history-list a").first.click()
    assert page.locator("table.field-changes").count() == 1
    _checked(page, "a kept version with its difference")


def test_conflict_and_deleted_pages_have_no_violations(site, editor_context):
    base, _ = site
    mine, theirs = editor_context.new_page(), editor_context.new_page()
    edit_url = _new_draft(mine, base, "Tilgængelig konflikt mellem to redaktører")
    theirs.goto(edit_url)
    theirs.locator("#f-lead").fill("Den anden redaktørs indledning, som blev gemt først, mens den første skrev.")
    theirs.get_by_role("button", name="Gem som kladde").click()
    theirs.wait_for_url(edit_url)
    mine.locator("#f-title").fill("Tilgængelig konflikt mellem to redaktører, rettet")
    mine.get_by_role("button", name="Gem som kladde").click()
    mine.wait_for_load_state()
    assert mine.get_by_role("heading", name="Casen er ændret af en anden, mens du redigerede").is_visible()
    _checked(mine, "the conflict page")
    mine.get_by_role("button", name="Sæt valgene ind i formularen").click()
    mine.wait_for_load_state()
    assert "Dine valg er sat ind" in mine.locator("main").inner_text()

    # deleted while open
    theirs.goto(edit_url)
    mine.goto(edit_url)
    theirs.get_by_role("button", name="Slet casen").click()
    theirs.wait_for_url(re.compile(r"state=trashed"))
    mine.locator("#f-title").fill("Tilgængelig konflikt, gemt efter sletningen")
    mine.get_by_role("button", name="Gem som kladde").click()
    mine.wait_for_load_state()
    assert mine.get_by_role("heading", level=1).inner_text() == "Casen blev slettet, mens du redigerede"
    _checked(mine, "the deleted-while-editing page")
