"""Export the current search: CSV that a spreadsheet opens with æøå intact, and JSON."""
import csv
import io

import pytest

COLUMNS = ["slug", "title", "organisation", "year", "url", "innovation_type", "value", "partner",
           "reuse", "sector", "region", "area", "employee_driven", "lead", "updated"]


def _rows(response) -> list[dict]:
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV must start with a UTF-8 byte order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_has_the_columns_and_danish_letters(shared_client):
    response = shared_client.get("/api/search.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.mimetype_params["charset"] == "utf-8"
    assert "casesamlingen.csv" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8-sig")
    assert text.splitlines()[0].split(",") == COLUMNS
    rows = _rows(response)
    assert len(rows) == 6  # every published fixture case, not one page of them
    holbaek = next(r for r in rows if r["slug"] == "kulturrygsaek-holbaek")
    assert holbaek["title"] == "Kulturrygsækken giver børn kunst – også i Holbæk"
    assert holbaek["url"].endswith("/cases/kulturrygsaek-holbaek")
    assert holbaek["url"].startswith("http")
    assert holbaek["region"] == "Region Sjælland"
    assert "; " in holbaek["area"]


def test_csv_is_the_current_search(shared_client):
    everything = _rows(shared_client.get("/api/search.csv"))
    services = _rows(shared_client.get("/api/search.csv?innovation_type=service&per_page=1"))
    page = shared_client.get("/api/search?innovation_type=service").get_json()
    assert 0 < len(services) < len(everything)
    assert len(services) == page["total"]
    assert {r["slug"] for r in services} == {r["slug"] for r in page["results"]}
    assert all("Serviceinnovation" in r["innovation_type"] for r in services)


def test_csv_labels_follow_the_language(shared_client):
    rows = _rows(shared_client.get("/api/search.csv?lang=en&sector=stat"))
    assert rows and all(r["sector"] == "State" for r in rows)


def test_csv_keeps_sort_order(shared_client):
    rows = _rows(shared_client.get("/api/search.csv?sort=title"))
    titles = [r["title"].lower() for r in rows]
    assert titles == sorted(titles)


def test_json_export_lists_every_match_with_absolute_links(shared_client):
    data = shared_client.get("/api/search.json?q=restskat").get_json()
    assert data["total"] == 1
    case = data["results"][0]
    assert case["slug"] == "skat-i-balance"
    assert case["url"].startswith("http") and case["url"].endswith("/cases/skat-i-balance")
    assert case["sector"] == ["stat"]
    assert data["search_url"].endswith("/?q=restskat")
    assert len(shared_client.get("/api/search.json?per_page=1").get_json()["results"]) == 6


@pytest.mark.parametrize("url", ["/api/search.csv?sector=komune", "/api/search.json?year_from=tyve"])
def test_exports_refuse_invalid_parameters_as_json(shared_client, url):
    response = shared_client.get(url)
    assert response.status_code == 400
    assert response.get_json()["error"]


def test_spreadsheet_formulas_are_kept_as_text():
    from search_app.exports import _safe_cell

    assert _safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert _safe_cell("Aarhus Kommune") == "Aarhus Kommune"
    assert _safe_cell(None) == ""


def test_export_of_a_search_without_matches_is_empty(shared_client):
    assert _rows(shared_client.get("/api/search.csv?q=restskat&sector=kommune")) == []
    assert shared_client.get("/api/search.json?q=restskat&sector=kommune").get_json()["total"] == 0


def _parts(client, url: str) -> list[bytes]:
    """The answer's parts as the server hands them over (the test client's ``is_streamed`` is
    true for every answer, so it tells nothing)."""
    response = client.get(url, buffered=False)
    parts = [part if isinstance(part, bytes) else part.encode("utf-8") for part in response.response]
    response.close()
    return parts


@pytest.fixture
def small_chunks(monkeypatch):
    from search_app import exports
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 7)


@pytest.mark.parametrize("query", ["", "?area=aeldre", "?q=borgere&sort=title", "?q=ingenting+findes+zzqx"])
def test_streamed_csv_equals_the_whole_file_written_at_once(real_client, small_chunks, query):
    import flask

    from search_app import exports, index_state
    from search_app.i18n import current_language
    from search_app.params import parse_search_args

    response = real_client.get("/api/search.csv" + query)
    parts = _parts(real_client, "/api/search.csv" + query)
    assert parts[0].count(b"\r\n") == 1  # the header row goes out before any case is read
    assert b"".join(parts) == response.get_data()
    app = real_client.application
    with app.test_request_context("/api/search.csv" + query):
        settings = index_state.settings()
        _, records = exports.matching_records(parse_search_args(flask.request.args, settings))
        whole = exports.records_as_csv(list(records), settings, current_language())
    assert response.get_data() == whole.encode("utf-8")


@pytest.mark.parametrize("query", ["", "?area=aeldre", "?q=borgere&sort=title", "?q=ingenting+findes+zzqx"])
def test_streamed_json_equals_the_whole_answer_made_at_once(real_client, small_chunks, query):
    import json

    import flask

    from search_app import exports, index_state
    from search_app.params import parse_search_args
    from search_app.presenters import search_url

    response = real_client.get("/api/search.json" + query)
    parts = _parts(real_client, "/api/search.json" + query)
    assert parts[0].endswith(b'"results":[')
    streamed = response.get_data(as_text=True)
    app = real_client.application
    with app.test_request_context("/api/search.json" + query):
        settings = index_state.settings()
        params = parse_search_args(flask.request.args, settings)
        total, records = exports.matching_records(params)
        generated = json.loads(streamed)["generated"]
        whole = flask.jsonify({
            "generated": generated,
            "search_url": exports.absolute_url(search_url("site.search", params.with_page(1)), settings),
            "total": total,
            "results": [exports.record_as_json(r, settings) for r in records],
        }).get_data(as_text=True)
    assert streamed == whole
    assert json.loads(streamed)["total"] == len(json.loads(streamed)["results"])
