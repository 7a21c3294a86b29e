"""Danish analysis: folding, stemming and compound parts, as users meet them in search."""
import pytest

from indexer.analysis import (
    CompoundPartsFilter,
    analyse,
    compound_parts_analyzer,
    danish_analyzer,
    fold_danish,
    vocabulary_from_texts,
)


@pytest.mark.parametrize(
    "variant, written",
    [
        ("aeldre", "ældre"),
        ("forskudsopgorelse", "forskudsopgørelse"),
        ("forskudsopgoerelse", "forskudsopgørelse"),
        ("Aarhus", "Århus"),
        ("Arhus", "Århus"),
        ("Tonder", "Tønder"),
        ("velfaerdsteknologi", "velfærdsteknologi"),
    ],
)
def test_ascii_spellings_meet_the_danish_word(variant, written):
    analyzer = danish_analyzer()
    assert analyse(analyzer, variant) == analyse(analyzer, written)


def test_inflections_share_a_stem():
    analyzer = danish_analyzer()
    assert analyse(analyzer, "skatten") == analyse(analyzer, "skat")
    assert analyse(analyzer, "kommunernes") == analyse(analyzer, "kommune")


def test_stopwords_are_dropped():
    assert analyse(danish_analyzer(), "og det er i en") == []


def test_numbers_keep_danish_separators():
    assert analyse(danish_analyzer(), "1,7 milliarder og 33.000 brugere 1813") == [
        "1,7", "milliard", "33.000", "brug", "1813"
    ]


def test_fold_is_idempotent():
    for word in ("ældrepleje", "forskudsopgørelse", "Århus"):
        once = fold_danish(word.lower())
        assert fold_danish(once) == once


@pytest.fixture
def splitter():
    vocab = vocabulary_from_texts(["rest skat ældre pleje velfærd teknologi hverdag"])
    return CompoundPartsFilter(vocab)


@pytest.mark.parametrize(
    "word, parts",
    [
        ("restskat", ["rest", "skat"]),
        ("aeldrepleje", ["aeldre", "pleje"]),
        ("aeldreplejen", ["aeldre", "plejen"]),
        ("velfaerdsteknologi", ["velfaerd", "teknologi"]),
    ],
)
def test_compounds_split_into_known_words(splitter, word, parts):
    assert splitter.split(word) == parts


@pytest.mark.parametrize("word", ["skat", "borgerne", "kommunernes", "xylofonspil"])
def test_plain_words_are_not_split(splitter, word):
    assert splitter.split(word) == []


def test_parts_are_indexed_but_queries_are_not_split():
    analyzer = compound_parts_analyzer(vocabulary_from_texts(["rest skat"]))
    assert analyse(analyzer, "restskat", mode="index") == ["rest", "skat"]
    assert analyse(analyzer, "restskat", mode="query") == ["restskat"]
