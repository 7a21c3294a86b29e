"""Odd requests get a clear 4xx, never a 500: query names that mean something to Flask, methods
a page does not take, a sign-in target holding control characters, digits from other scripts.
Every error answer carries the same security headers as any other answer.
"""
from __future__ import annotations

import html
import re

import pytest
from werkzeug.routing import Rule

from search_app import create_app
from tests.conftest import app_config, built_collection
from tests.test_editor_web import PASSWORD, accounts_file, make_editor_app  # noqa: F401  (a fixture)

PAGES = ["/", "/?q=skat", "/cases/skat-i-balance", "/tema/", "/tema/lav-nye-services", "/cases/findes-ikke"]
URL_FOR_WORDS = ["_method", "_anchor", "_scheme", "_external", "endpoint", "values", "slug"]


def _language_link(page: str, label: str) -> str:
    match = re.search(r'<a href="([^"]*)" lang="[a-z]+" hreflang="[a-z]+">' + label + "</a>", page)
    return match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("name", URL_FOR_WORDS)
@pytest.mark.parametrize("page", PAGES)
def test_query_names_that_mean_something_to_flask_are_just_parameters(shared_client, page, name):
    url = f"{page}{'&' if '?' in page else '?'}{name}=x"
    response = shared_client.get(url)
    assert response.status_code in (200, 404), url
    english = _language_link(response.get_data(as_text=True), "English")
    path = page.split("?")[0]
    assert english.startswith(path + "?") and f"{name}=x" in english and english.endswith("lang=en")


def test_the_language_link_keeps_repeated_parameters_in_order(shared_client):
    english = shared_client.get("/?area=aeldre&q=skat&area=social&lang=en").get_data(as_text=True)
    assert _language_link(english, "Dansk") == "/?area=aeldre&area=social&q=skat"
    danish = shared_client.get("/?area=aeldre&q=s%C3%B8g+her").get_data(as_text=True)
    assert _language_link(danish, "English") == "/?area=aeldre&q=s%C3%B8g+her&lang=en"


def _example_path(rule: Rule) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", "skat-i-balance", path)
    return path


def _routes(app):
    return sorted({_example_path(rule) for rule in app.url_map.iter_rules()})


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE"])
def test_every_address_answers_a_method_it_does_not_take_with_405_and_allow(shared_app, method):
    client = shared_app.test_client()
    adapter = shared_app.url_map.bind("localhost")
    tried = 0
    for path in _routes(shared_app):
        allowed = set(adapter.allowed_methods(path))
        if method in allowed:
            continue
        response = client.open(path, method=method)
        assert response.status_code == 405, (method, path, response.status_code)
        assert set(response.headers["Allow"].split(", ")) == allowed, (method, path)
        assert response.headers["Content-Security-Policy"], (method, path)
        if path.startswith("/api/"):
            assert set(response.get_json()) == {"error"}
        tried += 1
    assert tried >= 10


def test_reading_the_sign_out_address_is_405_not_an_error(shared_client):
    response = shared_client.get("/editor/sign-out")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("target", ["/editor/\r\nSet-Cookie: x=1", "/editor/cases\n", "/editor/%0d%0a\r", "/editor/\x00"])
def test_sign_in_with_a_next_holding_control_characters_lands_on_the_case_list(settings, index, accounts_file, target):
    client = make_editor_app(settings, accounts_file).test_client()
    response = client.post("/editor/sign-in", data={"name": "anna", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/editor/"
    assert "Set-Cookie: x=1" not in str(response.headers)


@pytest.fixture(scope="module")
def failing_app(tmp_path_factory):
    """The site with two addresses that fail as a bug would (exceptions not passed to the test)."""
    settings = built_collection(tmp_path_factory.mktemp("failing"))
    app = create_app(dict(app_config(settings), PROPAGATE_EXCEPTIONS=False))

    @app.get("/api/fails")
    def api_fails():
        raise RuntimeError("a bug")

    @app.get("/fails")
    def page_fails():
        raise RuntimeError("a bug")

    return app


def _assert_security_headers(response):
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("method, url, status", [
    ("GET", "/api/search?page=0", 400), ("GET", "/?page=0", 400), ("GET", "/feed.xml?lang=xx", 400),
    ("GET", "/api/cases/findes-ikke", 404), ("GET", "/findes-ikke", 404),
    ("POST", "/", 405), ("DELETE", "/api/search", 405),
    ("GET", "/api/search?pad=" + "x" * 8001, 414), ("GET", "/?pad=" + "x" * 8001, 414),
    ("GET", "/api/fails", 500), ("GET", "/fails", 500),
])
def test_error_answers_carry_the_security_headers(failing_app, method, url, status):
    response = failing_app.test_client().open(url, method=method)
    assert response.status_code == status
    _assert_security_headers(response)
    if url.startswith("/api/"):
        assert set(response.get_json()) == {"error"}
    else:
        assert response.mimetype == "text/html"


@pytest.mark.parametrize("value", ["٣", "１", "३", "1_0", "+1", " 1", "0x1", "1e1"])
@pytest.mark.parametrize("url", ["/api/search?page={}", "/api/search.json?per_page={}", "/api/search.csv?year_from={}",
                                 "/feed.xml?year_to={}", "/api/suggest?q=skat&limit={}"])
def test_whole_numbers_are_ascii_digits_on_the_api(shared_client, url, value):
    response = shared_client.get(url.format(value))
    assert response.status_code == 400, (url, value)
    name = re.search(r"\?(?:q=skat&)?([a-z_]+)=", url).group(1)
    assert f"'{name}' must be a whole number" in html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("value", ["٣", "１", "३", "1_0"])
def test_page_numbers_in_other_scripts_are_refused_on_the_search_page_too(shared_client, value):
    response = shared_client.get(f"/?page={value}")
    assert response.status_code == 400
    assert shared_client.get("/?page=1").status_code == 200


def test_a_zero_fraction_is_the_same_whole_number(shared_client):
    assert shared_client.get("/api/search?per_page=2.0").get_json()["per_page"] == 2
    assert shared_client.get("/api/search?per_page=2.5").status_code == 400


@pytest.mark.parametrize("url", ["/api/search?lang=AAA", "/api/search.json?lang=de", "/api/search.csv?lang=EN",
                                 "/api/search?lang=en%20"])
def test_an_unknown_language_on_the_api_is_a_400_naming_da_and_en(shared_client, url):
    response = shared_client.get(url)
    assert response.status_code == 400
    assert "'lang' must be one of da, en" in response.get_json()["error"]


def test_an_unknown_language_on_the_feed_is_a_400_page(shared_client):
    response = shared_client.get("/feed.xml?lang=AAA")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "'lang' must be one of da, en" in html.unescape(response.get_data(as_text=True))


def test_the_search_page_still_falls_back_to_danish(shared_client):
    response = shared_client.get("/?lang=AAA&q=skat")
    assert response.status_code == 200
    assert '<html lang="da">' in response.get_data(as_text=True)
    assert shared_client.get("/api/search?lang=&q=skat").status_code == 200  # empty: the default


@pytest.mark.parametrize("url", ["/api/search?employee_driven=TRUE", "/api/search?area=%20aeldre",
                                 "/api/search?sort=newest%20", "/api/search.csv?per_page=%202"])
def test_the_api_takes_values_exactly_as_described(shared_client, url):
    assert shared_client.get(url).status_code == 400


def test_the_search_page_still_forgives_what_people_type(shared_client):
    for url in ("/?employee_driven=TRUE", "/?area=%20aeldre", "/?sort=newest%20", "/?year_from=&year_to=&sort="):
        assert shared_client.get(url).status_code == 200, url


def test_the_search_q_is_counted_as_sent(shared_client):
    spaced = "skat " + " " * 500
    assert shared_client.get("/api/search", query_string={"q": spaced}).status_code == 400
    assert shared_client.get("/api/search", query_string={"q": "æ" * 500}).status_code == 200


@pytest.mark.parametrize("typed", ["\ue000", "\x01\x02", "   ", "\u200b", "\U000f0000"])
def test_suggest_text_of_nothing_printable_gives_an_empty_list(shared_client, typed):
    response = shared_client.get("/api/suggest", query_string={"q": typed})
    assert response.status_code == 200 and response.get_json() == []


def test_suggest_length_is_counted_in_code_points_as_sent(shared_client):
    emoji = "\U0001f600" * 100  # 100 code points, 200 UTF-16 units, 400 bytes
    assert shared_client.get("/api/suggest", query_string={"q": emoji}).status_code == 200
    assert shared_client.get("/api/suggest", query_string={"q": "sk" + " " * 99}).status_code == 400
