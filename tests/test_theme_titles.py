"""A theme page's title, or a front-page entry's, typed as a search finds the cases that page
opens first, on the real collection: visitors from the statistics pages type "genbrug og del"
or "medarbejderdrevne innovationer", not the facet's label."""
import pytest

from indexer.settings import load_settings

from .conftest import REAL_CASES


def search(client, **params) -> dict:
    return client.get("/api/search", query_string={"per_page": 100, **params}).get_json()


def slugs(answer: dict) -> list[str]:
    return [r["slug"] for r in answer["results"]]


SETTINGS = load_settings(REAL_CASES.parent / "config.yaml")
THEMES = [theme for theme in SETTINGS.themes.values() if theme.search]


@pytest.mark.parametrize("theme", THEMES, ids=[t.slug for t in THEMES])
def test_a_theme_title_finds_the_theme_pages_cases_first(real_client, theme):
    opened = set(slugs(search(real_client, q=theme.query, **theme.search)))
    assert opened
    found = slugs(search(real_client, q=theme.title))
    assert set(found[:len(opened)]) == opened


@pytest.mark.parametrize("typed, params", [
    ("Medarbejderdrevne innovationer", {"employee_driven": "true"}),
    ("employee-driven innovations", {"employee_driven": "true"}),
    ("serviceinnovationer", {"innovation_type": "service"}),
    ("genbrug og deler", {"reuse": ["reused", "abroad"]}),
])
def test_an_entry_or_theme_named_in_its_own_words_inflected_or_in_english(real_client, typed, params):
    opened = set(slugs(search(real_client, **params)))
    found = slugs(search(real_client, q=typed))
    assert set(found[:len(opened)]) == opened


def test_one_word_of_a_title_is_searched_as_a_word(real_client):
    theme = search(real_client, reuse=["reused", "abroad"])
    word = search(real_client, q="del")
    assert set(slugs(word)[:theme["total"]]) != set(slugs(theme))


def test_the_api_and_the_page_name_the_theme_and_link_its_page(real_client):
    answer = search(real_client, q="genbrug og del")
    assert answer["themes"] == [{"slug": "genbrug-og-del", "title": "Genbrug og del",
                                 "url": "/tema/genbrug-og-del"}]
    assert search(real_client, q="genbrug")["themes"] == []
    page = real_client.get("/", query_string={"q": "genbrug og del"}).get_data(as_text=True)
    assert "Du søgte på temaet »Genbrug og del«" in page and 'href="/tema/genbrug-og-del"' in page
    english = real_client.get("/", query_string={"q": "genbrug og del", "lang": "en"}).get_data(as_text=True)
    assert "You searched for the theme “Genbrug og del”" in english
