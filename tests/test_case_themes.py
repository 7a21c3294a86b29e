"""A case page says "Eksempel på …" only for the themes whose editors chose the case
(``themes.<slug>.examples``); fitting a theme's "more examples" search is not enough."""
import re

from indexer.settings import load_settings


def _themes_on(client, slug: str, lang: str = "") -> set[str]:
    html = client.get(f"/cases/{slug}{lang}").get_data(as_text=True)
    block = re.search(r'<ul class="theme-links">(.*?)</ul>', html, flags=re.S)
    return set(re.findall(r'href="/tema/([a-z0-9-]+)', block.group(1))) if block else set()


def _fits(case: dict, search: dict) -> bool:
    return bool(search) and all(
        set(values) & set(case[facet] if isinstance(case[facet], list) else [str(case[facet]).lower()])
        for facet, values in search.items())


def test_example_case_lists_its_theme(shared_client):
    assert "lav-nye-services" in _themes_on(shared_client, "skat-i-balance")


def test_case_lists_exactly_the_themes_that_chose_it(shared_client):
    themes = load_settings().themes
    for result in shared_client.get("/api/search?per_page=100").get_json()["results"]:
        chosen = {slug for slug, theme in themes.items() if result["slug"] in theme.examples}
        assert _themes_on(shared_client, result["slug"]) == chosen, result["slug"]


def test_fitting_a_themes_search_does_not_make_a_case_its_example(shared_client):
    themes = load_settings().themes
    fitting_only = []
    for result in shared_client.get("/api/search?per_page=100").get_json()["results"]:
        case = shared_client.get(f"/api/cases/{result['slug']}").get_json()
        fitting_only += [(case["slug"], slug) for slug, theme in themes.items()
                         if _fits(case, theme.search) and case["slug"] not in theme.examples]
    assert fitting_only, "the fixture collection should have a case that fits a search it was not chosen for"
    for case_slug, theme_slug in fitting_only:
        assert theme_slug not in _themes_on(shared_client, case_slug)


def test_theme_titles_are_shown_as_written(shared_client):
    html = shared_client.get("/cases/skat-i-balance").get_data(as_text=True)
    assert ">Lav nye services</a>" in html


def test_theme_links_keep_the_language(shared_client):
    html = shared_client.get("/cases/skat-i-balance?lang=en").get_data(as_text=True)
    assert 'href="/tema/lav-nye-services?lang=en"' in html
    assert "Themes this case illustrates" in html
