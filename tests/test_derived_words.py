"""A noun made of a verb that no case uses finds the cases that use the verb, on the real
collection: "genoptræning" finds the case whose citizens were "genoptrænet", "cykelpendling"
the case about "pendlere" on bicycle highways."""
import pytest


def slugs(client, q: str) -> list[str]:
    answer = client.get("/api/search", query_string={"q": q, "per_page": 100}).get_json()
    return [r["slug"] for r in answer["results"]]


@pytest.mark.parametrize("q, case", [
    ("genoptræning", "hverdagsrehabilitering-fredericia"),
    ("genoptræningen", "hverdagsrehabilitering-fredericia"),
    ("cykelpendling", "supercykelstier"),
])
def test_a_noun_no_case_uses_finds_its_verb(real_client, q, case):
    assert slugs(real_client, q)[:1] == [case]


def test_a_noun_the_cases_use_is_searched_as_itself(real_client):
    # "løsning" is used by many cases: it is not also read as "løse" (to solve).
    noun, verb = set(slugs(real_client, "løsning")), set(slugs(real_client, "løse"))
    assert noun and verb - noun
