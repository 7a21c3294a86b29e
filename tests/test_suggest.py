"""GET /api/suggest: what a visitor is offered while typing, and bad input refused as in search."""
import pytest


def suggest(client, q, **extra):
    response = client.get("/api/suggest", query_string={"q": q, **extra})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_title_prefix_suggests_the_case_with_its_address(shared_client):
    items = suggest(shared_client, "Fred")
    case = next(i for i in items if i["kind"] == "case")
    assert case["label"].startswith("Fredericia gør ældre")
    assert case["url"] == "/cases/hverdagsrehabilitering-fredericia"
    assert shared_client.get(case["url"]).status_code == 200


def test_organisations_are_suggested_as_searches(shared_client):
    items = suggest(shared_client, "region hov")
    organisation = next(i for i in items if i["kind"] == "organisation")
    assert organisation["label"] == "Region Hovedstaden"
    assert organisation["query"] == "Region Hovedstaden"
    page = shared_client.get(organisation["url"])
    assert page.status_code == 200 and "Akuttelefonen 1813" in page.get_data(as_text=True)


@pytest.mark.parametrize("typed", ["forskudsop", "forskudsopgo", "Forskudsopgø"])
def test_words_are_completed_as_the_cases_spell_them(shared_client, typed):
    terms = [i["label"] for i in suggest(shared_client, typed) if i["kind"] == "term"]
    assert "forskudsopgørelsen" in terms


def test_earlier_words_are_kept_in_a_completed_search(shared_client):
    terms = [i for i in suggest(shared_client, "hjælp til ældrepl") if i["kind"] == "term"]
    assert terms and terms[0]["query"].startswith("hjælp til ældrepl")
    assert terms[0]["url"].startswith("/?q=")


def test_drafts_are_never_suggested(shared_client):
    items = suggest(shared_client, "kladde")
    assert not [i for i in items if i["kind"] == "case"]
    assert all("kladde" not in i.get("url", "") for i in items)


def test_limit_and_short_input(shared_client):
    assert len(suggest(shared_client, "h", limit=10)) == 0
    assert 1 <= len(suggest(shared_client, "sk", limit=2)) <= 2
    assert len(suggest(shared_client, "f")) == 0


@pytest.mark.parametrize(
    "query_string, message",
    [
        ({}, "'q' is required"),
        ({"q": ""}, "'q' is required"),
        ({"q": "a" * 101}, "too long"),
        ({"q": "skat", "limit": "0"}, "'limit'"),
        ({"q": "skat", "limit": "11"}, "'limit'"),
        ({"q": "skat", "limit": "ti"}, "'limit'"),
    ],
)
def test_bad_input_gets_400_with_a_message(shared_client, query_string, message):
    response = shared_client.get("/api/suggest", query_string=query_string)
    assert response.status_code == 400
    assert message in response.get_json()["error"]


@pytest.mark.parametrize("typed", ["title:*", "sk*", '"unbalanced', "((((", "ø" * 100, "\u202e\u200b skat"])
def test_query_syntax_is_only_text(shared_client, typed):
    response = shared_client.get("/api/suggest", query_string={"q": typed})
    assert response.status_code == 200
    assert isinstance(response.get_json(), list)
