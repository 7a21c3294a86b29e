"""A word finds the cases of the policy area most cases with it are filed under.

"patienter" should also find the health cases that speak of "sygehuset" and never of
patients, below the cases that have the word; a word that cases of several areas use, or that
too few cases use, implies nothing.
"""

import pytest

from search_app.engine.search import run_search
from search_app.params import SearchParams
from tests.conftest import view_with_texts

HEALTH = {"area": ["sundhed"]}
TEXTS = {
    "skaermbesoeg-testby": ("Skærmbesøg hos lægen i Testby", "Patienter taler med lægen på en skærm.", HEALTH),
    "hjemmedialyse-testby": ("Dialyse i eget hjem i Testby", "Patienter får dialyse hjemme.", HEALTH),
    "ventetid-testby": ("Kortere ventetid i Testby", "Færre patienter venter på operation.", HEALTH),
    "vagtplan-sygehus": ("Sygehuset i Testby lægger vagtplanen om", "Sygehusets vagtplan følger travlheden.", HEALTH),
    "vagtplan-sygehus-nord": ("Sygehuset i Nordby lægger vagtplanen om", "Sygehusets vagtplan er ny.", HEALTH),
    "cykelsti-testby": ("Ny cykelsti i Testby", "Cykelstien fører til skolen.", {"area": ["transport"]}),
    "cykelsti-nordby": ("Ny cykelsti i Nordby", "Cykelstien fører til stationen.", {"area": ["transport"]}),
    "cykelsti-museum": ("Cykelsti til museet", "Cykelstien fører til museet.", {"area": ["kultur-fritid"]}),
    "bibliotek-testby": ("Biblioteket i Testby åbner om aftenen", "Biblioteket holder åbent.",
                         {"area": ["kultur-fritid"]}),
    "svoemmehal-testby": ("Svømmehallen i Testby åbner om morgenen", "Svømmehallen holder åbent.",
                          {"area": ["kultur-fritid"]}),
}


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    return view_with_texts(tmp_path_factory.mktemp("implied"), TEXTS)


def slugs(view, q):
    return [r.slug for r in run_search(view, SearchParams(q=q, per_page=50)).results]


def test_a_word_finds_the_other_cases_of_the_area_its_cases_are_filed_under(view):
    found = slugs(view, "patienter")
    with_the_word = {"skaermbesoeg-testby", "hjemmedialyse-testby", "ventetid-testby"}
    assert with_the_word <= set(found)
    assert {"vagtplan-sygehus", "vagtplan-sygehus-nord"} <= set(found)
    assert max(found.index(s) for s in with_the_word) < found.index("vagtplan-sygehus")
    assert "bibliotek-testby" not in found


def test_a_word_that_cases_of_several_areas_use_implies_no_area(view):
    assert set(slugs(view, "cykelstien")) == {"cykelsti-testby", "cykelsti-nordby", "cykelsti-museum"}


def test_a_word_too_few_cases_use_implies_no_area(view):
    assert set(slugs(view, "vagtplan")) == {"vagtplan-sygehus", "vagtplan-sygehus-nord"}
