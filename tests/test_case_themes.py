"""Every case page lists the themes it illustrates: as their example, or because it fits their search."""
import re

from indexer.settings import load_settings


def _themes_on(client, slug: str, lang: str = "") -> set[str]:
    html = client.get(f"/cases/{slug}{lang}").get_data(as_text=True)
    block = re.search(r'<ul class="theme-links">(.*?)</ul>', html, flags=re.S)
    return set(re.findall(r'href="/tema/([a-z0-9-]+)', block.group(1))) if block else set()


def _fitting(case: dict) -> set[str]:
    """The themes whose search (a non-empty filter) the case fits, from config.yaml."""
    found = set()
    for slug, theme in load_settings().themes.items():
        if not theme.search:
            continue
        fits = True
        for facet, values in theme.search.items():
            mine = case[facet] if isinstance(case[facet], list) else [str(case[facet]).lower()]
            fits &= bool(set(values) & set(mine))
        if fits:
            found.add(slug)
    return found


def test_example_case_lists_its_theme(shared_client):
    assert "lav-nye-services" in _themes_on(shared_client, "skat-i-balance")


def test_case_lists_every_theme_whose_search_it_fits(shared_client):
    for result in shared_client.get("/api/search?per_page=100").get_json()["results"]:
        case = shared_client.get(f"/api/cases/{result['slug']}").get_json()
        shown = _themes_on(shared_client, result["slug"])
        assert _fitting(case) <= shown, result["slug"]


def test_theme_without_a_filter_is_not_claimed_by_every_case(shared_client):
    unfiltered = {slug for slug, theme in load_settings().themes.items()
                  if not theme.search and theme.example_case != "akuttelefonen-1813"}
    assert not unfiltered & _themes_on(shared_client, "akuttelefonen-1813")


def test_theme_links_keep_the_language(shared_client):
    html = shared_client.get("/cases/skat-i-balance?lang=en").get_data(as_text=True)
    assert 'href="/tema/lav-nye-services?lang=en"' in html
    assert "Themes this case illustrates" in html
