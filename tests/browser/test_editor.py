"""An editor's journey in a real browser, with and without JavaScript: sign in, write a case,
fix what the form points out, publish, find it in public search, edit, restore, and see that
history kept both versions."""
import re

import pytest

from tests.browser.conftest import EDITOR

pytestmark = pytest.mark.browser


def field(page, label: str):
    """A text field by its label (required ones say so in their name)."""
    return page.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}( \(skal udfyldes\))?$"))


def sign_in(page, base: str) -> None:
    page.goto(base + "/editor/")
    page.wait_for_url(re.compile(r"/editor/sign-in"))
    page.get_by_label("Navn").fill(EDITOR[0])
    page.get_by_label("Adgangskode").fill(EDITOR[1])
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(base + "/editor/")
    assert page.get_by_role("heading", level=1).inner_text() == "Alle cases"


def fill_new_case(page, title: str, slug: str, word: str) -> None:
    page.get_by_role("link", name="Ny case").click()
    field(page, "Titel").fill(title)
    field(page, "Adresse").fill(slug)
    field(page, "Indledning").fill("For kort.")
    field(page, "Brødtekst (Markdown)").fill(
        f"## Udfordringen\n\nBorgerne ventede længe.\n\n## Løsningen\n\nEn {word} hjalp dem.\n")
    page.locator("#f-organisation").fill("Browserby Kommune")
    field(page, "År").fill("2021")
    for label in ("Serviceinnovation", "Kvalitet", "Borgere", "Region Midtjylland", "Ældre og pleje"):
        page.get_by_role("checkbox", name=label, exact=True).check()
    for label in ("Kommune", "Medarbejderdrevet"):
        page.get_by_role("radio", name=label, exact=True).check()
    field(page, "Kilder").fill("https://example.org/browserby")
    page.locator("#f-contact_organisation").fill("Browserby Kommune")
    field(page, "Resumé på engelsk").fill("Browserby lets a robot answer citizens. It works at night.")


def version_texts(page, base: str, slug: str) -> list[str]:
    page.goto(f"{base}/editor/cases/{slug}/history")
    links = page.locator("ol.history-list a")
    urls = [links.nth(i).get_attribute("href") for i in range(links.count())]
    texts = []
    for url in urls:
        page.goto(base + url)
        texts.append(page.locator("pre.version-text").inner_text())
    return texts


def test_editor_writes_publishes_edits_and_restores_a_case(site, page):
    base, _ = site
    mode = "js" if page.js_enabled else "nojs"
    word = f"sagsrobot{mode}"
    slug = f"browserby-{mode}"
    title = f"Browserby lader en sagsrobot svare borgerne ({mode})"

    sign_in(page, base)
    fill_new_case(page, title, slug, word)
    page.get_by_role("button", name="Gem og udgiv").click()

    # the form comes back with the problem next to the field, in Danish, and nothing retyped
    lead = field(page, "Indledning")
    assert lead.get_attribute("aria-invalid") == "true"
    assert page.locator("#lead-error").inner_text() == "Er for kort: mindst 40 tegn"
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_role("checkbox", name="Serviceinnovation", exact=True).is_checked()
    lead.fill("Browserby Kommune lod en sagsrobot svare på borgernes spørgsmål om aftenen og i weekenden.")
    page.get_by_role("button", name="Gem og udgiv").click()
    page.wait_for_url(f"{base}/editor/cases/{slug}/edit")
    assert "Casen er gemt og udgivet." in page.get_by_role("status").inner_text()

    # visitors find it
    page.goto(f"{base}/?q={word}")
    page.get_by_role("link", name=title).click()
    page.wait_for_url(f"{base}/cases/{slug}")
    assert "Serviceinnovation" in page.locator(".case-facts").inner_text()

    # an edit, then the earlier version restored from history
    page.goto(f"{base}/editor/cases/{slug}/edit")
    field(page, "Titel").fill(title + " – rettet")
    page.get_by_role("button", name="Gem og udgiv").click()
    page.wait_for_url(f"{base}/editor/cases/{slug}/edit")
    assert field(page, "Titel").input_value() == title + " – rettet"
    page.get_by_role("link", name="Historik").first.click()
    page.locator("ol.history-list a").first.click()
    assert title in page.locator("pre.version-text").inner_text()
    page.get_by_role("button", name="Gendan denne version").click()
    page.wait_for_url(f"{base}/editor/cases/{slug}/edit")
    assert field(page, "Titel").input_value() == title

    texts = version_texts(page, base, slug)
    assert len(texts) == 2
    assert any(f"title: {title} – rettet" in t for t in texts)
    assert any(f"title: {title}\n" in t for t in texts)
    page.goto(f"{base}/?q={word}")
    assert page.get_by_role("link", name=title, exact=True).is_visible()


def test_editor_saves_a_draft_with_only_a_title_and_reads_the_change_in_history(site, page):
    base, _ = site
    mode = "js" if page.js_enabled else "nojs"
    title = f"Kladde med kun en titel ({mode})"
    slug = f"kladde-med-kun-en-titel-{mode}"

    sign_in(page, base)
    page.get_by_role("link", name="Ny case").click()
    body = field(page, "Brødtekst (Markdown)").input_value()
    assert re.findall(r"^## (.+)$", body, re.M) == ["Udfordringen", "Løsningen", "Samarbejdet", "Resultater"]
    field(page, "Titel").fill(title)
    page.get_by_role("button", name="Gem som kladde").click()
    page.wait_for_url(f"{base}/editor/cases/{slug}/edit")
    assert "Casen er gemt som kladde" in page.get_by_role("status").inner_text()

    checklist = page.get_by_role("region", name="Før casen kan udgives")
    checklist.get_by_role("link", name="Indledning").click()
    lead = "Browserby gemte en kladde med kun en titel og skrev indledningen bagefter, i ro og mag."
    field(page, "Indledning").fill(lead)
    page.get_by_role("button", name="Gem som kladde").click()
    page.wait_for_url(f"{base}/editor/cases/{slug}/edit")
    assert checklist.get_by_role("link", name="Indledning").count() == 0  # done now
    assert checklist.get_by_role("link", name="Kilder").is_visible()

    page.get_by_role("link", name="Historik").first.click()
    change = page.locator("ol.timeline > li").first
    assert f"Rettet af {EDITOR[0]}" in change.get_by_role("heading").inner_text()
    row = change.get_by_role("row", name=re.compile("^Indledning"))
    assert lead in row.locator("ins").inner_text()
    assert page.goto(f"{base}/cases/{slug}").status == 404  # a draft is never public
