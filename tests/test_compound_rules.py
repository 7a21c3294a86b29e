"""Compound words: short parts, prepositions, dictionary last parts, and what a visitor finds.

A Danish compound names a kind of its last part ("arbejds|tid" is a time), which may be a short
word; a visitor may write "elcykler" where a case writes "el-cykler"; a query word no case uses
may still split on a word of the Danish dictionary. Each rule is checked on the splitter and,
where a visitor would notice, on a real index searched as the site searches.
"""

import pytest

from indexer.analysis import CompoundPartsFilter, dictionary_words, short_parts, vocabulary_from_texts
from search_app.engine.matching import query_builder
from search_app.engine.search import run_search
from search_app.params import SearchParams
from tests.conftest import view_with_texts


@pytest.fixture(scope="module")
def splitter():
    return CompoundPartsFilter(vocabulary_from_texts(
        ["arbejde vente syge cykler biler klima brug under visning system borger"]))


@pytest.mark.parametrize("word, parts", [
    ("arbejdstid", ["arbejde", "tid"]),  # linking s for a word ending in e, short last part
    ("ventetiden", ["vente", "tiden"]),  # short last part, inflected
    ("sygehus", ["syge", "hus"]),
    ("elcykler", ["el", "cykler"]),  # short first part
    ("itsystem", ["it", "system"]),
])
def test_short_parts_from_the_curated_list_split(splitter, word, parts):
    assert splitter.split(word) == parts


def test_short_parts_come_from_the_data_file():
    heads, tails = short_parts()
    assert {"el", "it"} <= heads
    assert {"tid", "hus", "bil", "lon", "vej", "sag"} <= tails  # folded: løn -> lon


@pytest.mark.parametrize("word", ["undervisning", "altid", "boligelskaber"])
def test_prepositions_and_short_words_are_no_first_parts(splitter, word):
    """"under|visning" is no compound of "under"; "al|tid" is no "tid"; "el" only starts a word."""
    assert splitter.split(word) == []


def test_a_query_word_may_end_in_a_dictionary_word(splitter):
    """"klimatilpasning": no case says "tilpasning", the dictionary knows it. Only query words
    are split so (the index keeps the collection's own parts: the dictionary also has "ælling",
    which would make "fortælling" a "fort|ælling")."""
    assert "tilpasning" in dictionary_words()
    assert splitter.split("klimatilpasning") == []
    assert splitter.split("klimatilpasning", dictionary=True) == ["klima", "tilpasning"]


def test_an_inflected_word_is_not_split_on_the_dictionary(splitter):
    assert splitter.split("brugerne", dictionary=True) == []  # bruger + ne, not brug + erne


def test_query_words_do_not_split_on_short_last_parts(splitter):
    """A query "arbejdstid" must not ask for "arbejde" and "tid" anywhere in a case."""
    assert splitter.split("arbejdstid", short=False) == []


def test_an_index_built_before_the_short_parts_splits_as_it_did():
    old = CompoundPartsFilter.__new__(CompoundPartsFilter)
    old.__setstate__({"vocabulary": frozenset({"arbejde", "syge"}), "min_part": 4})
    assert old.split("sygehus") == []


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    return view_with_texts(tmp_path_factory.mktemp("compounds"), {
        "el-cykler-testby": ("Borgere låner el-cykler", "Kommunen udlåner el-cykler til pendlere."),
        "ventetiden-testby": ("Kortere svar", "Ventetiden på et svar faldt. Ingen borger skal vente længe. En robot sorterer posten."),
    })


@pytest.fixture(scope="module")
def search(view):
    return lambda q: [r.slug for r in run_search(view, SearchParams(q=q, per_page=10)).results]


def test_elcykler_finds_the_case_that_writes_el_cykler(search):
    assert search("elcykler")[:1] == ["el-cykler-testby"]
    assert search("elcykel")[:1] == ["el-cykler-testby"]


def test_a_short_last_part_is_found_inside_its_compound(search):
    """"tid" finds "Ventetiden" (as a part of a compound: the case never says "tid")."""
    assert "ventetiden-testby" in search("tid")


def test_a_compound_with_an_unknown_first_part_widens_to_its_last_part(view):
    """"bybirobot": no case says "bybi", but "robot" is a word of the cases and of the
    dictionary, so a search that widens may look for robots. "ningen" is no word: a tail that
    is only an ending gives nothing."""
    builder = query_builder(view)
    assert "robot" in str(builder.head_query("bybirobot"))
    assert builder.lexicon.known_last_part("bybirobot") == "robot"
    assert builder.lexicon.known_last_part("xyzningen") is None
