"""The features behind search quality, on the fixture collection: synonyms, typos, ranking,
snippets, "Mente du" and the Danish analysis details (real-collection figures are in
test_relevance_set.py)."""
import re

import pytest

from indexer.analysis import (
    analyse,
    compound_parts_analyzer,
    danish_analyzer,
    vocabulary_from_texts,
)
from search_app.engine.snapshot import IndexAccess
from search_app.params import SearchParams
from search_app.engine.expansion import QueryBuilder
from search_app.engine.search import run_search


@pytest.fixture
def search(settings, index):
    view = IndexAccess(settings).view()

    def run(q, **kwargs):
        return run_search(view, SearchParams(q=q, **kwargs))

    return run


def slugs(outcome):
    return [r.slug for r in outcome.results]


def test_a_synonym_from_config_finds_the_word_the_cases_use(settings, search):
    settings.raw["synonyms"] = {"seniorer": ["ældre"]}
    found = slugs(search("seniorer"))
    assert {"hverdagsrehabilitering-fredericia", "faste-teams-aalborg"} <= set(found)
    assert search("pensionister").total == 0  # no synonym, no case says it


def test_a_synonym_works_one_way_only(settings, search):
    settings.raw["synonyms"] = {"landsbybus": ["delebus"]}
    assert slugs(search("landsbybus")) == ["delebus-froeen-jungshoved"]
    assert "landsbybus" not in search("delebus").results[0].snippet


def test_several_words_can_be_one_synonym(settings, index):
    schema = IndexAccess(settings).view().searcher.schema
    builder = QueryBuilder(schema, synonyms={"kunstig intelligens": ["ai"]})
    assert builder._synonym_groups(["brug", "af", "Kunstig", "intelligens"]) == [
        ["brug"], ["af"], ["Kunstig", "intelligens"]]


def test_a_typo_finds_the_word_the_cases_use_and_nothing_else(search):
    outcome = search("hverdagsrehabiltering")
    assert slugs(outcome) == ["hverdagsrehabilitering-fredericia"]
    assert outcome.did_you_mean == "hverdagsrehabilitering"


def test_a_word_the_cases_use_is_not_corrected(search):
    outcome = search("restskat")
    assert slugs(outcome) == ["skat-i-balance"]
    assert outcome.did_you_mean is None


def test_mente_du_offers_the_spelling_with_æøå(search):
    # the fixture case writes "forskudsopgørelsen"
    assert search("forskudsopgorelse").did_you_mean == "forskudsopgørelsen"
    assert search("Forskudsopgorelsen").did_you_mean == "Forskudsopgørelsen"
    assert search("xqzvw").did_you_mean is None


def test_a_title_hit_outranks_a_body_mention(search):
    # "ældre" is in Fredericia's title, and only in the body of the Aalborg case
    found = slugs(search("ældre"))
    assert found.index("hverdagsrehabilitering-fredericia") < found.index("faste-teams-aalborg")


def test_a_phrase_keeps_its_order(search):
    assert slugs(search('"faste teams"')) == ["faste-teams-aalborg"]
    assert search('"teams faste"').total == 0


@pytest.mark.parametrize(
    "query, marked",
    [
        ("aeldre", "ældre"),  # folded spelling
        ("borger", "borgerne"),  # stem
        ("pleje", "ældreplejen"),  # compound part
        ("aeldreplejn", "ældreplejen"),  # corrected typo
    ],
)
def test_snippets_mark_what_matched(search, query, marked):
    snippets = " ".join(r.snippet for r in search(query).results)
    assert re.search(rf"<mark[^>]*>{marked}</mark>", snippets, flags=re.I), snippets


@pytest.mark.parametrize("word", ["by", "is", "it"])
def test_danish_words_that_are_english_stopwords_are_kept(word):
    assert analyse(danish_analyzer(), f"{word} og det") == [word]


def test_el_words_share_a_stem_in_all_forms():
    analyzer = danish_analyzer()
    assert len({analyse(analyzer, w)[0] for w in ("fængsel", "fængsler", "fængslerne")}) == 1


def test_a_coordinated_compound_is_indexed_whole():
    vocabulary = vocabulary_from_texts(["lokal centre handicap området"])
    terms = analyse(compound_parts_analyzer(vocabulary),
                    "pleje- og lokalcentre, ældre- og handicapområdet", mode="index")
    stems = analyse(danish_analyzer(), "plejecentre ældreområdet")
    assert set(stems) <= set(terms)


@pytest.mark.parametrize("typed, facet, value", [
    ("tværoffentlig", "sector", "tværoffentlig"),
    ("tværoffentlige", "sector", "tværoffentlig"),
    ("genbrug", "reuse", "reused"),
])
def test_a_facet_label_typed_as_words_finds_the_cases_that_carry_it(real_client, typed, facet, value):
    found = real_client.get("/api/search", query_string={"q": typed, "per_page": 100}).get_json()
    carrying = real_client.get("/api/search", query_string={facet: value, "per_page": 100}).get_json()
    assert carrying["total"] >= 3
    assert {r["slug"] for r in carrying["results"]} <= {r["slug"] for r in found["results"]}
