"""Every theme shows example cases its editors chose because they illustrate its statement, and a
"more examples" search that means the theme. Runs on the REAL collection and config.yaml."""
from __future__ import annotations

import pytest
import yaml

from indexer import factcheck
from indexer.collection import load_collection
from indexer.settings import PROJECT_ROOT, load_settings

SETTINGS = load_settings()
THEMES = SETTINGS.themes

# Examples outside their theme's "more examples" search, and why they illustrate the statement.
EXAMPLES_OUTSIDE_THE_SEARCH = {
    ("goer-noget-helt-nyt", "gymnasiet-taenkt-forfra"): "the gymnasium rethought: no homework, "
        "teachers speak 7 minutes at a time",
    ("goer-noget-helt-nyt", "frederiksberg-ny-skole"): "age-mixed home groups instead of classes",
    ("hent-inspiration-i-udlandet", "frivillige-mentorer-middelfart"): "in an EU project with "
        "partners from 8 countries (partner: abroad), the page's 'samspil med udlandet'",
    ("genbrug-og-del", "spredningsguiden-coi"): "a guide to sharing and reusing innovation",
    ("styr-processen", "tryk-politi-sms"): "the theme page's own example",
}


@pytest.fixture(scope="module")
def cases():
    return {case.slug: case for case in load_collection(SETTINGS, PROJECT_ROOT / "cases").cases}


def _fits(case, search: dict) -> bool:
    return all(set(values) & set(case.facet_values(facet)) for facet, values in search.items())


@pytest.mark.parametrize("slug", sorted(THEMES))
def test_a_theme_has_at_least_three_published_examples(slug, cases):
    examples = THEMES[slug].examples
    assert len(examples) >= 3 and len(set(examples)) == len(examples)
    for example in examples:
        assert example in cases and cases[example].published, example


@pytest.mark.parametrize("slug", sorted(THEMES))
def test_the_examples_fit_the_theme_or_say_why(slug, cases):
    theme = THEMES[slug]
    outside = {e for e in theme.examples if not _fits(cases[e], theme.search)}
    assert outside == {e for (t, e) in EXAMPLES_OUTSIDE_THE_SEARCH if t == slug}


def test_the_theme_pages_own_example_leads(cases):
    """Where Innovationsbarometeret's page showed a case, that case is the first example."""
    collection = yaml.safe_load((factcheck.DEFAULT_FACTS / "_collection.yaml").read_text(encoding="utf-8"))
    by_url = {e.source_url: theme for theme in THEMES.values() for e in theme.editions}
    checked = 0
    for page in collection["theme_pages"]:
        theme = by_url.get(page["url"])
        if theme is None or not page.get("example_case_title"):
            continue
        lead = cases[theme.examples[0]]
        facts = factcheck.load_facts(factcheck.DEFAULT_FACTS)[lead.slug]
        assert facts["title"].lower() == page["example_case_title"].lower(), theme.slug
        checked += 1
    assert checked >= 6


def test_more_examples_is_a_search_that_means_the_theme(cases):
    searches = {}
    for slug, theme in THEMES.items():
        assert theme.search or theme.query, f"{slug} opens the whole collection"
        key = (tuple(sorted((f, tuple(sorted(v))) for f, v in theme.search.items())), theme.query)
        assert key not in searches, f"{slug} opens the same search as {searches.get(key)}"
        searches[key] = slug
        assert any(_fits(case, theme.search) for case in cases.values()), slug
    assert THEMES["genbrug-og-del"].search != {"partner": ["other_public"]}


@pytest.mark.parametrize("slug", sorted(THEMES))
def test_theme_titles_are_danish_sentence_case(slug):
    title = THEMES[slug].title
    assert title == title[0].upper() + title[1:].lower(), title


def test_the_more_examples_link_finds_cases(real_client):
    html = real_client.get("/tema/styr-processen").get_data(as_text=True)
    assert "q=model" in html and "area=ledelse" in html
