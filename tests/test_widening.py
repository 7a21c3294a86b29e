"""Widening that respects rarity, on the real collection, and says so.

When no case (or too few) has every word, the search takes cases that lack some words, but each
keeps the query's rarest word and at least one word that is not common; a need whose key word
no case has finds nothing (and the zero-result help), not a dozen cases that share "ældre" or
"hjem". The API says when it widened (``relaxed``, ``matched_words``) and the page says it in
plain Danish (English with ``lang=en``).
"""
from pathlib import Path

import pytest

import yaml

from indexer.build import build_index
from search_app.engine.search import run_search
from search_app.engine.snapshot import IndexAccess
from search_app.params import SearchParams
from search_app.engine.matching import widened
from search_app.engine.relevance import Relevance


def search(client, q: str, **params) -> dict:
    return client.get("/api/search", query_string={"q": q, "per_page": 100, **params}).get_json()


def slugs(answer: dict) -> set[str]:
    return {r["slug"] for r in answer["results"]}


@pytest.mark.parametrize("q", [
    "besøgshunde til ældre i eget hjem",
    "snerydning på veje for ældre",
    "frivillige vejpatruljer",
    "hvordan kan man få frivillige til at hjælpe ældre med hundeluftning",
])
def test_a_need_the_collection_cannot_meet_finds_nothing(real_client, q):
    answer = search(real_client, q)
    assert answer["total"] == 0, sorted(slugs(answer))
    page = real_client.get("/", query_string={"q": q}).get_data(as_text=True)
    assert "Ingen cases passer på din søgning." in page


def test_a_widened_search_keeps_the_rarest_word(real_client):
    answer = search(real_client, "tandlæge besøg hjem")
    assert answer["relaxed"] is True
    assert answer["matched_words"] == ["tandlæge"]
    assert slugs(answer) and slugs(answer) <= slugs(search(real_client, "tandlæge"))


def test_the_api_says_when_the_search_widened_and_which_words_matched(real_client):
    answer = search(real_client, "hvordan giver restskat problemer i Fredericia")
    assert answer["relaxed"] is True
    assert answer["matched_words"] == ["restskat"]
    assert slugs(answer) == {"skat-i-balance"}


def test_the_api_says_nothing_widened_when_every_word_matched(real_client):
    answer = search(real_client, "hvad gør man for at få ledige i job")
    assert answer["relaxed"] is False
    assert answer["matched_words"] == ["ledige", "job"]
    assert answer["total"] > 0


def test_the_page_says_in_plain_danish_that_it_widened_and_which_words_it_found(real_client):
    page = real_client.get("/", query_string={"q": "tandlæge besøg hjem"}).get_data(as_text=True)
    assert "Søgningen er udvidet" in page
    assert "Fundne ord: tandlæge." in page
    english = real_client.get("/", query_string={"q": "tandlæge besøg hjem", "lang": "en"}).get_data(as_text=True)
    assert "The search was widened" in english
    assert "Words found: tandlæge." in english
    plain = real_client.get("/", query_string={"q": "ledige job"}).get_data(as_text=True)
    assert "Søgningen er udvidet" not in plain


RELEVANCE = Relevance()


def test_widening_never_takes_cases_only_common_words_match():
    # 20 cases; "common" is in 10 of them (50 %), "rare" in 2, nothing has both
    common, rare = set(range(10)), {15, 16}
    assert widened(RELEVANCE, [common, rare], set(), 20) == rare
    # two common words and no case with both: nothing to widen to
    assert widened(RELEVANCE, [common, set(range(5, 15))], set(), 20) == set()


def test_widening_never_drops_the_rarest_word_even_with_three_words():
    a, b, rare = set(range(0, 4)), set(range(2, 6)), {3, 9}
    found = widened(RELEVANCE, [a, b, rare], set(), 40)
    assert found and all(doc in rare for doc in found)
    assert widened(RELEVANCE, [a, b, set()], set(), 40) == set()


def test_a_place_is_the_setting_of_a_need_not_the_need():
    # "aarhus kommune ældre": Aarhus (the rarest word, in 0-7) and "kommune" (common) name
    # where; a widened case must also have the need, "ældre" (in 5-20, common or not)
    place, common, need = set(range(0, 8)), set(range(0, 30)), set(range(5, 21))
    assert widened(RELEVANCE, [place, common, need], set(), 40,
                   setting=[True, True, False]) == {5, 6, 7}
    assert widened(RELEVANCE, [place, common, set(range(10, 21))], set(), 40,
                   setting=[True, True, False]) == set()
    # without the place named as a setting, the place's cases would be taken
    assert widened(RELEVANCE, [place, common, set(range(10, 21))], set(), 40) == place


@pytest.mark.parametrize("q, place, need", [
    ("aarhus kommune ældre", "aarhus", "ældre"),
    ("holbæk kommune skole", "holbæk", "skole"),
])
def test_an_organisation_and_a_need_finds_only_the_organisations_cases_on_the_need(real_client, q, place, need):
    found = slugs(search(real_client, q))
    assert found <= slugs(search(real_client, place)) & slugs(search(real_client, need))


def test_an_organisation_without_a_case_on_the_need_finds_nothing(real_client):
    assert search(real_client, "fredericia kommune transport")["total"] == 0


def write_case(cases_dir: Path, slug: str, title: str, lead: str, text: str) -> None:
    data = yaml.safe_load((cases_dir / "faste-teams-aalborg.yaml").read_text(encoding="utf-8"))
    data.update(title=title, lead=lead, body=f"## Løsningen\n\n{text}\n")
    (cases_dir / f"{slug}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_case_with_every_word_ranks_above_cases_with_fewer(settings, cases_dir):
    """"ældreområdet" stands in the first case only as the coordinated form "ældre- og
    handicapområdet"; the second says "nattevagter" and "handicapområdet" in its title, again
    and again, but never "ældreområdet". The first has every word, so it comes first."""
    write_case(cases_dir, "alle-ord", "Et nyt tilbud om natten", "Kommunen prøver noget nyt om natten i år.",
               "Nattevagter hjælper borgere i ældre- og handicapområdet.")
    write_case(cases_dir, "faerre-ord", "Nattevagter i handicapområdet",
               "Nattevagter i handicapområdet: nattevagter og handicapområdet.",
               "Nattevagter, nattevagter og atter nattevagter i handicapområdet.")
    for n in (1, 2):
        write_case(cases_dir, f"aeldreomraadet-{n}", f"Et forsøg nummer {n}", "Et forsøg med noget nyt på plejecentret.",
                   "Ældreområdet prøver noget nyt.")
    assert not build_index(settings).problems
    outcome = run_search(IndexAccess(settings).view(), SearchParams(q="nattevagter handicapområdet ældreområdet"))
    ranked = [r.slug for r in outcome.results]
    assert outcome.relaxed
    assert ranked[:2] == ["alle-ord", "faerre-ord"]
