"""Search behaviour on the fixture collection: Danish words, facets, sorting, drafts."""
import pytest

from search_app.engine.snapshot import IndexAccess
from search_app.params import SearchParams
from search_app.engine.search import run_search


@pytest.fixture
def search(settings, index):
    view = IndexAccess(settings).view()

    def run(q="", **kwargs):
        filters = {k: tuple(v) for k, v in kwargs.pop("filters", {}).items()}
        return run_search(view, SearchParams(q=q, filters=filters, **kwargs))

    return run


def slugs(outcome):
    return [r.slug for r in outcome.results]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("restskat", "skat-i-balance"),
        ("forskudsopgorelse", "skat-i-balance"),
        ("forskudsopgoerelse", "skat-i-balance"),
        ("skatten", "skat-i-balance"),
        ("1813", "akuttelefonen-1813"),
        ("Fredericia", "hverdagsrehabilitering-fredericia"),
        ("hverdagsrehabiltering", "hverdagsrehabilitering-fredericia"),
        ('"faste teams"', "faste-teams-aalborg"),
        ("Holbæk kulturrygsækken", "kulturrygsaek-holbaek"),
    ],
)
def test_danish_queries_find_the_case(search, query, expected):
    assert slugs(search(query))[:1] == [expected]


def test_compound_part_finds_the_compound_below_exact_matches(search):
    # "pleje" stands alone in no fixture case but inside "ældreplejen" in two
    found = slugs(search("pleje"))
    assert set(found) >= {"hverdagsrehabilitering-fredericia", "faste-teams-aalborg"}
    assert "skat-i-balance" in slugs(search("skat"))


def test_snippet_marks_the_matched_word_even_through_folding(search):
    outcome = search("forskudsopgorelse")
    assert "<mark" in outcome.results[0].snippet
    assert "forskudsopgørelsen</mark>" in outcome.results[0].snippet


def test_drafts_are_never_found(search):
    assert "kladde-eksempel" not in slugs(search("restskat"))
    assert "kladde-eksempel" not in slugs(search(per_page=100))


def test_empty_query_lists_all_published_newest_first(search):
    outcome = search()
    assert outcome.total == 6
    years = [r.year for r in outcome.results]
    assert years == sorted(years, reverse=True)


@pytest.mark.parametrize("sort", ["oldest", "title", "newest"])
def test_sort_orders(search, sort):
    outcome = search(sort=sort)
    if sort == "oldest":
        assert [r.year for r in outcome.results] == sorted(r.year for r in outcome.results)
    elif sort == "title":
        titles = [r.title.lower() for r in outcome.results]
        assert titles == sorted(titles)
    else:
        assert [r.year for r in outcome.results] == sorted((r.year for r in outcome.results), reverse=True)


def counts(outcome, facet):
    group = next(g for g in outcome.facets if g.name == facet)
    return {v.value: v.count for v in group.values}


def test_two_values_of_one_facet_widen_the_result(search):
    one = search(filters={"sector": ["kommune"]})
    two = search(filters={"sector": ["kommune", "region"]})
    assert two.total > one.total
    assert set(slugs(two)) > set(slugs(one))


def test_a_facets_counts_ignore_its_own_selection(search):
    unfiltered = search()
    filtered = search(filters={"sector": ["kommune"]})
    assert counts(filtered, "sector") == counts(unfiltered, "sector")


def test_other_facets_counts_follow_the_selection(search):
    filtered = search(filters={"sector": ["kommune"]})
    assert counts(filtered, "area").get("skat-oekonomi", 0) == 0
    assert counts(filtered, "area")["aeldre"] == 2


def test_facets_combine_with_and(search):
    outcome = search(filters={"sector": ["kommune"], "employee_driven": ["true"]})
    assert set(slugs(outcome)) == {"hverdagsrehabilitering-fredericia", "faste-teams-aalborg"}


def test_year_range(search):
    outcome = search(year_from=2014, year_to=2020)
    assert {r.year for r in outcome.results} <= set(range(2014, 2021))
    assert outcome.total == 4


@pytest.mark.parametrize(
    "typed, offered",
    [("forskudsopgørelze", "forskudsopgørelse"), ("teamz", "teams"), ("Fredricia kommune", "Fredericia kommune")],
)
def test_did_you_mean_offers_the_collections_spelling(search, typed, offered):
    assert search(typed).did_you_mean.startswith(offered)


@pytest.mark.parametrize("typed", ["restskat", "Fredericia", "ældreplejen"])
def test_words_the_cases_use_are_never_corrected(search, typed):
    assert search(typed).did_you_mean is None


def test_all_words_required_then_any(search):
    assert search("restskat Fredericia").relaxed is True
    assert search("restskat forskudsopgørelsen").relaxed is False


def test_excluded_word(search):
    assert "akuttelefonen-1813" not in slugs(search("borgerne -1813"))
