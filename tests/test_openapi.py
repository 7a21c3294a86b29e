"""The OpenAPI 3.1 description at /api/openapi.json matches what the API really answers.

Every documented (endpoint, status) pair is exercised by at least one real request below, and
each JSON answer is validated with jsonschema against the documented schema (OpenAPI 3.1 schemas
are JSON Schema 2020-12). An API route that is not documented fails the test too.
"""
from __future__ import annotations

import copy

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from openapi_spec_validator.versions import OPENAPIV31, get_spec_version
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:casesamlingen:openapi"

# (path template, real URL, expected status): together they cover every documented answer.
EXCHANGES = [
    ("/api/search", "/api/search", 200),
    ("/api/search", "/api/search?q=restskat", 200),
    ("/api/search", "/api/search?q=pleje&innovation_type=service&innovation_type=process&sort=newest", 200),
    ("/api/search", "/api/search?year_from=2010&year_to=2020&lang=en&per_page=2&page=2", 200),
    ("/api/search", "/api/search?q=zzzqqxx", 200),
    ("/api/search", "/api/search?sector=komune", 400),
    ("/api/search", "/api/search?per_page=101", 400),
    ("/api/search.json", "/api/search.json?area=kultur-fritid", 200),
    ("/api/search.json", "/api/search.json?page=0", 400),
    ("/api/search.csv", "/api/search.csv?employee_driven=true", 200),
    ("/api/search.csv", "/api/search.csv?sort=popular", 400),
    ("/api/cases/{slug}", "/api/cases/skat-i-balance", 200),
    ("/api/cases/{slug}", "/api/cases/kulturrygsaek-holbaek", 200),
    ("/api/cases/{slug}", "/api/cases/findes-ikke", 404),
    ("/api/cases/{slug}", "/api/cases/kladde-eksempel", 404),
    ("/api/suggest", "/api/suggest?q=Fred", 200),
    ("/api/suggest", "/api/suggest?q=forskudsopgo&limit=3", 200),
    ("/api/suggest", "/api/suggest?q=", 400),
    ("/api/openapi.json", "/api/openapi.json", 200),
    ("/feed.xml", "/feed.xml?region=sjaelland", 200),
    ("/feed.xml", "/feed.xml?region=fyn", 400),
    *[(path, path.replace("{slug}", "skat-i-balance") + "?pad=" + "x" * 8000, 414)
      for path in ("/api/search", "/api/search.json", "/api/search.csv", "/api/cases/{slug}",
                   "/api/suggest", "/api/openapi.json", "/feed.xml")],
]


@pytest.fixture(scope="module")
def spec(shared_app):
    return shared_app.test_client().get("/api/openapi.json").get_json()


@pytest.fixture(scope="module")
def registry(spec):
    return Registry().with_resource(SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012))


def _resolve(spec: dict, node: dict) -> dict:
    """Follow a local ``$ref`` (a response object may be one)."""
    while "$ref" in node:
        target = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _documented(spec: dict, path: str, status: int) -> dict:
    responses = spec["paths"][path]["get"]["responses"]
    assert str(status) in responses, f"GET {path} does not document {status}"
    return _resolve(spec, responses[str(status)])


def _validator(registry, schema: dict) -> Draft202012Validator:
    wrapped = {"$id": SPEC_URI + "/validation", **schema} if "$ref" not in schema else {"$ref": SPEC_URI + schema["$ref"]}
    return Draft202012Validator(wrapped, registry=registry, format_checker=FormatChecker())


@pytest.mark.parametrize("path, url, status", EXCHANGES, ids=[f"{u[:80]} {s}" for _, u, s in EXCHANGES])
def test_real_answer_matches_the_description(shared_client, spec, registry, path, url, status):
    response = shared_client.get(url)
    assert response.status_code == status
    documented = _documented(spec, path, status)
    media_types = documented["content"]
    assert response.mimetype in media_types, f"{url}: {response.mimetype} not in {list(media_types)}"
    if response.mimetype == "application/json":
        schema = media_types["application/json"]["schema"]
        errors = sorted(_validator(registry, schema).iter_errors(response.get_json()), key=str)
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_every_published_case_matches_the_case_schema(shared_client, spec, registry):
    schema = _documented(spec, "/api/cases/{slug}", 200)["content"]["application/json"]["schema"]
    validator = _validator(registry, schema)
    for result in shared_client.get("/api/search?per_page=100").get_json()["results"]:
        data = shared_client.get(f"/api/cases/{result['slug']}").get_json()
        assert not list(validator.iter_errors(data)), result["slug"]


def test_every_documented_answer_is_exercised(spec):
    exercised = {(path, status) for path, _, status in EXCHANGES}
    for path, item in spec["paths"].items():
        for status in item["get"]["responses"]:
            assert (path, int(status)) in exercised, f"no test request for GET {path} -> {status}"


def test_every_api_route_is_documented(shared_app, spec):
    documented = set(spec["paths"])
    for rule in shared_app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and "GET" in rule.methods:
            path = rule.rule.replace("<slug>", "{slug}")
            assert path in documented, f"{rule.rule} is not described in search_app/openapi.yaml"


def test_description_is_valid_openapi_3_1(spec):
    assert get_spec_version(spec) == OPENAPIV31
    validate(spec)  # the OpenAPI 3.1 meta-schema, and every $ref resolves
    assert spec["servers"][0]["url"].startswith("http")


def test_an_invalid_description_is_caught(spec):
    broken = copy.deepcopy(spec)
    broken["paths"]["/api/cases/{slug}"]["get"]["parameters"][0].pop("in")  # where is "slug"?
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


def test_facet_parameters_allow_exactly_the_taxonomy(spec, settings):
    parameters = spec["components"]["parameters"]
    for name, facet in settings.facets.items():
        assert parameters[name]["schema"]["items"]["enum"] == list(facet.values), name


def test_a_schema_violation_is_caught(spec, registry):
    schema = _documented(spec, "/api/search", 200)["content"]["application/json"]["schema"]
    assert list(_validator(registry, schema).iter_errors({"total": "many"}))


def test_cors_lets_other_sites_read_the_api(shared_client):
    response = shared_client.get("/api/search?area=aeldre", headers={"Origin": "https://stat.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = shared_client.options("/api/search", headers={
        "Origin": "https://stat.example", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


def test_html_pages_are_not_opened_to_other_sites(shared_client):
    response = shared_client.get("/", headers={"Origin": "https://stat.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
