"""Synonyms from the Danish thesaurus (mythes-da), filtered so they do not flood the results.

"sygehus" should find the cases that say "hospital"; but a thesaurus also says "skole" is a
"retning" and "til" an "indtil". Only single words listed both ways, for words with at most
three synonyms, reach the data file; at search time only a word few cases use gets them, only
synonyms the cases use count, at a weight below config's synonyms, and config's synonyms win.
"""

import pytest

from indexer.analysis import thesaurus
from search_app.engine.expansion import QueryBuilder
from search_app.engine.lexicon import Lexicon
from search_app.engine.relevance import Relevance
from search_app.engine.search import run_search
from search_app.params import SearchParams
from tests.conftest import view_with_texts

TEXTS = {
    "nyt-sygehus-testby": ("Et nyt sygehus i Testby", "Sygehuset fik en ny indgang for patienter."),
    "robotter-paa-hospitalet": ("Robotter kører prøver på hospitalet",
                                "Et hospital lod robotter køre blodprøver mellem afdelingerne."),
}


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    return view_with_texts(tmp_path_factory.mktemp("thesaurus"), TEXTS, synonyms={})


def builder(view, **kwargs):
    return QueryBuilder(view.searcher.schema, relevance=kwargs.pop("relevance", Relevance()),
                        lexicon=Lexicon(view.searcher.reader()), **kwargs)


def test_the_data_file_keeps_only_precise_synonyms():
    table = thesaurus()
    assert table["sygehus"] == ("hospital",) and table["hospital"] == ("sygehus",)
    assert "skole" not in table  # 15 synonyms: disciplin, fag, retning, udvikling ...
    assert all(1 <= len(s) <= 3 and all(" " not in w for w in s) for s in table.values())


def test_a_rare_word_finds_the_cases_that_use_its_synonym(view):
    found = [r.slug for r in run_search(view, SearchParams(q="sygehus", per_page=10)).results]
    assert found[:2] == ["nyt-sygehus-testby", "robotter-paa-hospitalet"]


def test_only_synonyms_the_cases_use_and_only_for_rare_words(view):
    b = builder(view)
    assert b.thesaurus_synonyms("sygehus") == ["hospital"]
    assert b.thesaurus_synonyms("sygehuse") == ["hospital"]  # inflected: its base form's
    assert b.thesaurus_synonyms("ledelse") == []  # "lederskab": no case uses it
    assert b.thesaurus_synonyms("til") == []  # a stopword ("indtil", "gennem")
    assert builder(view, relevance=Relevance(thesaurus_max_cases=0)).thesaurus_synonyms("sygehus") == []


def test_synonyms_from_config_win(view):
    b = builder(view, synonyms={"sygehus": ["klinik"]})
    query = str(b.word_query("sygehus"))
    assert "klinik" in query and "hospital" not in query


def test_a_thesaurus_synonym_weighs_less_than_a_synonym_from_config():
    weights = Relevance().weights
    assert 0 < weights.thesaurus < weights.synonym


def test_a_synonym_from_config_holds_for_the_words_inflections(view):
    b = builder(view, synonyms={"sygehus": ["klinik"]})
    assert b.synonyms_of("sygehusene") == ["klinik"] and b.synonyms_of("sygehuset") == ["klinik"]
    assert b.synonyms_of("hospital") is None


def test_a_synonym_holds_for_an_inflection_the_stemmer_stems_apart(view):
    # Snowball stems "universitet" to "universit" but "universiteter" to "universitet".
    b = builder(view, synonyms={"universitet": ["hospital"]})
    assert b.synonyms_of("universiteter") == ["hospital"]
    assert b.synonyms_of("universiteterne") == ["hospital"]
    b = builder(view, synonyms={})
    assert b.synonyms_of("universiteter") is None


def test_a_typo_of_a_word_with_synonyms_in_config_finds_its_synonyms(tmp_path):
    # No case says "selvbetjening"; config lists it, and the visitor typed it with a slip.
    view = view_with_texts(tmp_path, TEXTS, synonyms={"selvbetjening": ["hospital"]})
    found = [r.slug for r in run_search(view, SearchParams(q="selvbetjenning")).results]
    assert "robotter-paa-hospitalet" in found
