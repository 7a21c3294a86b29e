"""The page size: the site's default comes from ``search.per_page`` alone, and a page asked for
with another size keeps it in every link it makes."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from .conftest import app_with_config


def per_page_in(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query).get("per_page", [])


def toggle_urls(answer: dict) -> list[str]:
    return [value["toggle_url"] for values in answer["facets"].values() for value in values]


def test_a_page_size_other_than_the_sites_is_kept_in_links(settings, index, tmp_path):
    client = app_with_config(settings, tmp_path, search={"per_page": 3}).test_client()
    answer = client.get("/api/search", query_string={"per_page": 20}).get_json()
    assert answer["per_page"] == 20
    assert all(per_page_in(url) == ["20"] for url in toggle_urls(answer))
    html = client.get("/", query_string={"per_page": 20}).get_data(as_text=True)
    assert 'name="per_page" value="20"' in html


def test_the_sites_page_size_is_left_out_of_links(settings, index, tmp_path):
    client = app_with_config(settings, tmp_path, search={"per_page": 3}).test_client()
    answer = client.get("/api/search").get_json()
    assert answer["per_page"] == 3
    assert all(per_page_in(url) == [] for url in toggle_urls(answer))
    second = client.get("/", query_string={"page": 2}).get_data(as_text=True)
    assert "per_page=" not in second
