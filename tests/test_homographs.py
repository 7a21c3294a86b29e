"""Words the Snowball stemmer confuses with unrelated words get terms of their own, and a Danish
word spelled right is not "corrected" into another word.

The stemmer gives "vejer" (weighs) the stem of "veje" (roads), "ledige" (unemployed) that of
"ledelse" (management), "lægger" (lays) that of "læger" (doctors). indexer/data/da_homographs.tsv
(derived from hunspell-da) gives those forms their own term; a form of both words ("veje")
keeps the shared stem.
"""

import pytest

from indexer.analysis import analyse, danish_analyzer
from search_app.engine.search import run_search
from search_app.engine.spelling import correction, published_words
from search_app.params import SearchParams
from tests.conftest import view_with_texts


def stem(word):
    return analyse(danish_analyzer(), word)


@pytest.mark.parametrize("word, same, other", [
    ("vejer", ["vejede", "vejet"], ["vej", "vejen", "vejene"]),
    ("vejene", ["vej", "vejen", "veje"], ["vejer"]),
    ("ledige", ["ledig", "ledigt", "ledighed", "ledigheden"], ["ledelse", "ledelsen", "leder"]),
    ("lægger", ["lægge", "lægges"], ["læge", "læger", "lægen"]),
])
def test_homographs_get_terms_of_their_own(word, same, other):
    assert all(stem(w) == stem(word) for w in same), [(w, stem(w)) for w in same]
    assert all(stem(w) != stem(word) for w in other), [(w, stem(w)) for w in other]


def test_related_words_still_share_their_stem():
    """The table is for unrelated words only: noun and verb of one word stay together."""
    assert stem("hjælp") == stem("hjælpe") == stem("hjælper")
    assert stem("cykel") == stem("cykler") == stem("cykle")


TEXTS = {
    "kortere-veje": ("Kortere veje til skolen", "Vejene til skolen blev kortere og mere trygge."),
    "robot-vejer-proever": ("Robotten vejer prøverne", "En robot vejer blodprøver på laboratoriet."),
    "tandlaegen-ringer": ("Tandlægen ringer til borgeren", "Tandlægen ringer, når en tid er ledig."),
    "ny-plan": ("Kommunen vil lægge planen om", "Kommunen vil lægge ældreplejen om sammen med borgerne."),
    "jobcenter-for-ledige": ("Ledige får en mentor", "De ledige får en mentor fra en virksomhed."),
    "god-ledelse": ("God ledelse i hjemmeplejen", "Ledelsen gav medarbejderne mere frihed."),
}


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    return view_with_texts(tmp_path_factory.mktemp("homographs"), TEXTS)


def found(view, q):
    return [r.slug for r in run_search(view, SearchParams(q=q, per_page=10)).results]


@pytest.mark.parametrize("query, wanted, lookalike", [
    ("vejer", "robot-vejer-proever", "kortere-veje"),
    ("veje", "kortere-veje", "robot-vejer-proever"),
    ("tandlæge", "tandlaegen-ringer", "ny-plan"),  # not "lægge"
    ("ledelse", "god-ledelse", "jobcenter-for-ledige"),
    ("ledighed", "jobcenter-for-ledige", "god-ledelse"),
])
def test_a_word_finds_its_own_cases_not_a_lookalike(view, query, wanted, lookalike):
    slugs = found(view, query)
    assert slugs[:1] == [wanted]
    assert lookalike not in slugs


def test_a_danish_word_spelled_right_is_no_typo(view):
    """"vejede" (weighed) is one letter from "vejene" (the roads): no case says it, but it is
    a word, so it finds what weighs, not the roads, and gets no "Mente du vejene?"."""
    assert found(view, "vejede") == ["robot-vejer-proever"]
    assert correction(view, published_words(view), "vejede") is None
    assert correction(view, published_words(view), "vejenw") == "vejene"  # a typo still is one
