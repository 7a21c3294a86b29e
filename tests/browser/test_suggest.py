"""Suggestions while typing: an accessible combobox with JavaScript, a plain search without."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_type_and_pick_a_suggestion_with_the_keyboard(site, page):
    base, _ = site
    page.goto(base + "/")
    if not page.js_enabled:
        # Without JavaScript the field is a plain search box, and searching works as before.
        box = page.get_by_role("searchbox", name="Søg i casene")
        box.fill("Fred")
        box.press("Enter")
        page.wait_for_url(re.compile(r"q=Fred"))
        expect(page.get_by_role("listbox")).to_have_count(0)
        return
    box = page.get_by_role("combobox", name="Søg i casene")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("Fred", delay=40)
    listbox = page.get_by_role("listbox", name="Forslag")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", listbox.get_attribute("id"))
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("Fredericia gør ældre")
    expect(page.locator("[aria-live=polite]")).to_contain_text("forslag")

    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    page.wait_for_url(base + "/cases/hverdagsrehabilitering-fredericia")


def test_escape_closes_the_list_and_a_word_runs_its_search(site, browser):
    base, _ = site
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    try:
        page.goto(base + "/")
        box = page.get_by_role("combobox", name="Søg i casene")
        box.press_sequentially("forskudsopgo", delay=30)
        option = page.get_by_role("option", name=re.compile("^forskudsopgørelsen"))
        expect(option).to_be_visible()

        box.press("Escape")
        expect(box).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("listbox")).to_be_hidden()
        expect(box).to_have_value("forskudsopgo")

        box.press("ArrowDown")  # opens the list again on the first suggestion
        expect(box).to_have_attribute("aria-expanded", "true")
        option.click()
        page.wait_for_url(re.compile(r"q=forskudsopg%C3%B8relsen"))
        expect(page.get_by_role("status")).to_contain_text("1 case")
        expect(page.locator(".result-list")).to_contain_text("Skat sparer danskerne")
    finally:
        context.close()
