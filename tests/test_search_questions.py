"""Questions are searched for their point, on the real collection: question and filler words
("hvordan", "hvad", "kan", "man", "få", "andre", …) and the section headings every case has
("Udfordringen", "Løsningen", "Samarbejdet", "Resultater") are neither required nor ranked on
when the query has other words, and a snippet never shows a heading as the word it found."""
import re

import pytest


def search(client, q: str, **params) -> dict:
    return client.get("/api/search", query_string={"q": q, "per_page": 100, **params}).get_json()


def slugs(answer: dict) -> list[str]:
    return [r["slug"] for r in answer["results"]]


@pytest.mark.parametrize("question, point", [
    ("hvad gør man for at få ledige i job", "ledige job"),
    ("hvordan kan man få ældre til at cykle", "ældre cykle"),
    ("hvordan har andre kommuner arbejdet med hverdagsrehabilitering", "kommuner arbejdet hverdagsrehabilitering"),
    ("hvilke eksempler er der på velfærdsteknologi", "velfærdsteknologi"),
    ("hvem kan man komme i kontakt med om telemedicin", "kontakt telemedicin"),
    ("hvordan bruger man kunstig intelligens", "kunstig intelligens"),
    ("hvad gør man ved ensomhed blandt ældre", "ensomhed ældre"),
])
def test_a_question_finds_and_ranks_what_its_words_find(real_client, question, point):
    asked, plain = search(real_client, question), search(real_client, point)
    assert plain["total"] > 0
    assert slugs(asked) == slugs(plain)
    assert asked["total"] == plain["total"]


@pytest.mark.parametrize("typed, point", [
    ("digitale løsninger", "digitale"),
    ("resultater af hverdagsrehabilitering", "hverdagsrehabilitering"),
    ("udfordringer med ensomhed", "ensomhed"),
])
def test_the_section_headings_every_case_has_are_no_part_of_a_query(real_client, typed, point):
    assert slugs(search(real_client, typed)) == slugs(search(real_client, point))


@pytest.mark.parametrize("q", ["hvordan", "kan man"])
def test_a_query_of_only_question_words_is_searched_as_typed(real_client, q):
    answer = search(real_client, q)
    assert 0 < answer["total"] < 71


HEADING_MARKED = re.compile(r"(?:^|\n)<mark[^>]*>(Udfordringen|Løsningen|Samarbejdet|Resultater)</mark>(?:\n|$)")
"""A heading's line (snippets keep the text's line breaks) with the heading marked."""


@pytest.mark.parametrize("q", ["udfordringen", "resultater", "løsningen", "samarbejdet"])
def test_a_snippet_never_marks_a_section_heading(real_client, q):
    answer = search(real_client, q)
    assert answer["total"] > 0
    marked = [r["slug"] for r in answer["results"] if HEADING_MARKED.search(r["snippet"])]
    assert marked == []


@pytest.mark.parametrize("q, pattern", [
    ("resultater", r"\bresultat\w*"),
    ("udfordringer", r"udfordring\w*"),
    ("løsningen", r"\bløsning\w*"),
])
def test_a_heading_word_alone_finds_the_cases_that_use_it_beyond_the_heading(real_client, q, pattern):
    answer = search(real_client, q)
    assert 0 < answer["total"] < 71
    for result in answer["results"]:
        case = real_client.get(f"/api/cases/{result['slug']}").get_json()
        text = " ".join([case["title"], case["lead"], re.sub(r"<h2>[^<]*</h2>", " ", case["body_html"])])
        assert re.search(pattern, text, re.I), (q, result["slug"])
