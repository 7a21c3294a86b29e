"""Shared links show a title and a lead: description and OpenGraph tags on case and theme pages."""
import re

import pytest


def _meta(html: str) -> dict[str, str]:
    tags = re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', html)
    return dict(tags)


@pytest.mark.parametrize("url, title, lead", [
    ("/cases/skat-i-balance", "Skat sparer danskerne for ærgrelser over restskat", "Med tjenesten Skat i balance"),
    ("/tema/lav-nye-services", "Lav nye services: 31 %", "31 % af offentlige arbejdspladser"),
])
def test_case_and_theme_pages_carry_share_tags(shared_client, url, title, lead):
    html = shared_client.get(url).get_data(as_text=True)
    meta = _meta(html)
    assert meta["og:title"].startswith(title)
    assert meta["og:description"].startswith(lead)
    assert meta["description"].startswith(lead)
    assert meta["og:url"].startswith("http") and meta["og:url"].endswith(url)
    assert meta["og:type"] in ("article", "website")
    assert re.search(rf'<link rel="canonical" href="http[^"]+{re.escape(url)}">', html)


def test_share_address_is_the_same_in_both_languages(shared_client):
    english = _meta(shared_client.get("/cases/skat-i-balance?lang=en").get_data(as_text=True))
    assert "lang=" not in english["og:url"]
