"""The JSON API: its contract and its 400s."""
import pytest

FACETS = ("innovation_type", "value", "partner", "reuse", "sector", "region", "area", "employee_driven")


def test_search_contract(shared_client):
    data = shared_client.get("/api/search?q=restskat").get_json()
    assert set(data) >= {"query", "total", "page", "per_page", "results", "facets", "did_you_mean"}
    first = data["results"][0]
    assert first["slug"] == "skat-i-balance"
    assert first["url"] == "/cases/skat-i-balance"
    assert set(first) >= {"slug", "title", "lead", "organisation", "year", "url", "snippet", *FACETS}
    assert set(data["facets"]) == set(FACETS)
    value = data["facets"]["sector"][0]
    assert set(value) == {"value", "label", "count", "selected", "toggle_url"}
    assert value["toggle_url"].startswith("/api/search?q=restskat&sector=")


def test_html_and_json_share_the_url_grammar(shared_client):
    query = "q=pleje&employee_driven=true&sort=title"
    data = shared_client.get(f"/api/search?{query}").get_json()
    html = shared_client.get(f"/?{query}").get_data(as_text=True)
    assert data["total"] > 0
    for result in data["results"]:
        assert result["title"] in html


def test_pagination(shared_client):
    first = shared_client.get("/api/search?per_page=2&page=1").get_json()
    second = shared_client.get("/api/search?per_page=2&page=2").get_json()
    assert first["total"] == 6 and len(first["results"]) == 2
    assert not {r["slug"] for r in first["results"]} & {r["slug"] for r in second["results"]}


@pytest.mark.parametrize(
    "query, mentions",
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("per_page=101", "per_page"),
        ("sort=popular", "relevance, newest, oldest, title"),
        ("innovation_type=magic", "service, product, process, communication"),
        ("employee_driven=maybe", "true, false"),
        ("year_from=tyve", "year_from"),
        ("year_from=2020&year_to=2010", "year_to"),
        ("q=" + "x" * 600, "at most 500"),
    ],
)
def test_invalid_parameters_get_400_with_a_reason(shared_client, query, mentions):
    response = shared_client.get(f"/api/search?{query}")
    assert response.status_code == 400
    assert mentions in response.get_json()["error"]


def test_case_json(shared_client):
    data = shared_client.get("/api/cases/skat-i-balance").get_json()
    assert data["title"].startswith("Skat sparer")
    assert data["sector"] == "stat"
    assert "<h2>Udfordringen</h2>" in data["body_html"]


@pytest.mark.parametrize("slug", ["findes-ikke", "kladde-eksempel"])
def test_unknown_or_draft_case_is_a_json_404(shared_client, slug):
    response = shared_client.get(f"/api/cases/{slug}")
    assert response.status_code == 404
    assert "error" in response.get_json()


def test_unknown_api_route_is_json(shared_client):
    response = shared_client.get("/api/nothing")
    assert response.status_code == 404 and response.is_json
