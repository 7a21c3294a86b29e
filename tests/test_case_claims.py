"""Claims a reader takes from a case's headline and lead hold for the case itself, and sentences
whose only support was a researcher's classification (not the sources' words) stay out."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.collection import load_collection
from indexer.settings import load_settings

REAL_CASES = Path(__file__).resolve().parent.parent / "cases"


@pytest.fixture(scope="module")
def cases():
    return {case.slug: case for case in load_collection(load_settings(), REAL_CASES).cases}


def test_the_buurtzorg_headline_and_lead_say_the_provider_went_bankrupt(cases):
    case = cases["buurtzorg-pilot-ikast-brande"]
    assert "konkurs" in case.title and "konkurs pr. 31. august 2021" in case.lead


def test_the_randers_lead_does_not_borrow_the_model_wide_figure(cases):
    lead = cases["holbaek-modellen-randers"].lead
    assert "1.700" not in lead and "70 pct." not in lead
    # the figure stays in the body, said to be the model's
    assert "Tallet gælder modellen generelt" in cases["holbaek-modellen-randers"].body_text


def test_the_vigil_service_is_presented_as_national(cases):
    case = cases["vaagetjeneste-bornholm"]
    assert "hele landet" in case.title and "fra Bornholm" not in case.title
    assert case.region == ["national"]


@pytest.mark.parametrize("slug, sentence", [
    ("skat-i-balance", "når SKAT gør dem opmærksom på"),
    ("living-lab-vesthimmerland", "Ifølge casebeskrivelsen"),
    ("digitalt-ledelsestilsyn-holbaek", "udviklet i samarbejde med private virksomheder"),
])
def test_sentences_without_a_source_are_gone(cases, slug, sentence):
    assert sentence not in cases[slug].body_text


def test_the_study_trip_is_told_as_the_source_tells_it(cases):
    """The press release in source_url: after a study trip to Holland in 2016 the council wanted
    to try the Buurtzorg model (kept in the case's facts)."""
    body = cases["buurtzorg-pilot-ikast-brande"].body_text
    assert "Efter en studietur til Holland i 2016 var byrådet" in body
    assert "hentede inspiration" not in body and "hollandsk måde" not in body
