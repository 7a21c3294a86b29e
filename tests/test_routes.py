"""Every public route answers as a visitor expects, in HTML."""
import pytest


@pytest.mark.parametrize(
    "url, status, text",
    [
        ("/", 200, "Hvad gør de andre?"),
        ("/?q=restskat", 200, "Skat sparer danskerne"),
        ("/?innovation_type=service", 200, "Serviceinnovation"),
        ("/cases/skat-i-balance", 200, "1,7 milliarder kr."),
        ("/cases/kulturrygsaek-holbaek", 200, "æbler, øer og åer"),
        ("/tema/", 200, "Lav nye services"),
        ("/tema/lav-nye-services", 200, "31 %"),
        ("/cases/findes-ikke", 404, "Søg i casene"),
        ("/tema/findes-ikke", 404, "Siden findes ikke"),
        ("/cases/kladde-eksempel", 404, "Siden findes ikke"),
        ("/?page=0", 400, "page"),
        ("/?sector=komune", 400, "kommune, region, stat"),
    ],
)
def test_pages(shared_client, url, status, text):
    response = shared_client.get(url)
    assert response.status_code == status
    assert text in response.get_data(as_text=True)
    assert response.mimetype == "text/html"


def test_theme_page_links_example_and_more(shared_client):
    html = shared_client.get("/tema/lav-nye-services").get_data(as_text=True)
    assert 'href="/cases/skat-i-balance"' in html
    assert "Find flere gode eksempler" in html
    assert 'href="/?innovation_type=service"' in html


def test_front_page_links_the_three_ways_in(shared_client):
    html = shared_client.get("/").get_data(as_text=True)
    assert 'href="/?innovation_type=service"' in html
    assert 'href="/?employee_driven=true"' in html
    assert "partner=citizens" in html


@pytest.mark.parametrize(
    "old",
    [
        "/cases/samling/skat-sparer-danskerne-for-aergrelser-over-restskat/",
        "/cases/samling/skat-sparer-danskerne-for-aergrelser-over-restskat",
        "/cases/skat-i-balance/",
    ],
)
def test_old_addresses_redirect_permanently(shared_client, old):
    response = shared_client.get(old)
    assert response.status_code == 301
    assert response.headers["Location"] == "/cases/skat-i-balance"


def test_case_page_shows_facts_and_facet_links(shared_client):
    html = shared_client.get("/cases/skat-i-balance").get_data(as_text=True)
    assert 'href="/?sector=stat"' in html
    assert "Skattestyrelsen" in html
    assert "https://innovationsbarometer.coi.dk/lav-nye-services/" in html


def test_facet_links_toggle(shared_client):
    html = shared_client.get("/?sector=kommune").get_data(as_text=True)
    assert 'href="/"' in html  # un-toggling the only filter goes back to the front page
    assert 'href="/?sector=kommune&amp;sector=region#f-sector"' in html  # lands at the group


def test_zero_results_offer_filters_to_remove(shared_client):
    html = shared_client.get("/?q=restskat&sector=kommune").get_data(as_text=True)
    assert "Ingen cases passer" in html
    assert 'href="/?q=restskat#resultater"' in html


def test_security_headers_and_timing(shared_client):
    response = shared_client.get("/?q=skat")
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "search;dur=" in response.headers["Server-Timing"]


def test_theme_page_counts_what_its_search_finds(shared_client):
    total = shared_client.get("/api/search?innovation_type=service").get_json()["total"]
    html = shared_client.get("/tema/lav-nye-services").get_data(as_text=True)
    assert f"({total} cases)" in html
