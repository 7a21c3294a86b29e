"""Machine readers: the Atom feed (whole collection and per filter), sitemap.xml and robots.txt."""
import re
from datetime import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _is_rfc3339(text: str) -> bool:
    if not RFC3339.match(text or ""):
        return False
    datetime.fromisoformat(text.replace("Z", "+00:00"))
    return True


def _feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.get_data())  # raises on XML that is not well-formed
    assert root.tag == f"{ATOM}feed"
    return root


def assert_valid_atom(root: ET.Element) -> None:
    """RFC 4287's musts: feed and entries with id, title, updated; an author; links; dates."""
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None, f"feed has no {tag}"
    assert _is_rfc3339(root.findtext(f"{ATOM}updated"))
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated", "summary"):
            assert (entry.findtext(f"{ATOM}{tag}") or "").strip(), f"entry has no {tag}"
        assert _is_rfc3339(entry.findtext(f"{ATOM}updated"))
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href").startswith("http")
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "entry ids must be unique"


def _slugs(root: ET.Element) -> list[str]:
    return [e.find(f"{ATOM}link").get("href").rsplit("/", 1)[-1] for e in root.findall(f"{ATOM}entry")]


def test_feed_is_valid_atom_with_every_published_case(shared_client):
    root = _feed(shared_client, "/feed.xml")
    assert_valid_atom(root)
    slugs = _slugs(root)
    assert len(slugs) == 6
    assert "kladde-eksempel" not in slugs  # drafts stay out
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert "Kulturrygsækken giver børn kunst – også i Holbæk" in titles


def test_feed_per_filter_uses_the_search_grammar(shared_client):
    root = _feed(shared_client, "/feed.xml?sector=kommune")
    assert_valid_atom(root)
    expected = {r["slug"] for r in shared_client.get("/api/search?sector=kommune").get_json()["results"]}
    assert set(_slugs(root)) == expected and expected
    assert "Kommune" in root.findtext(f"{ATOM}title")
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/feed.xml?sector=kommune")
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href").endswith("/?sector=kommune")


def test_feed_newest_change_first(shared_client):
    updated = [e.findtext(f"{ATOM}updated") for e in _feed(shared_client, "/feed.xml").findall(f"{ATOM}entry")]
    assert updated == sorted(updated, reverse=True)


def test_empty_feed_is_still_valid(shared_client):
    root = _feed(shared_client, "/feed.xml?q=restskat&sector=kommune")
    assert_valid_atom(root)
    assert root.findall(f"{ATOM}entry") == []


def test_feed_refuses_an_invalid_filter(shared_client):
    assert shared_client.get("/feed.xml?sector=komune").status_code == 400


def _sitemap_paths(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{SITEMAP}urlset"
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert all(loc.startswith("http") for loc in locs)
    return [urlsplit(loc).path + (f"?{urlsplit(loc).query}" if urlsplit(loc).query else "") for loc in locs]


def test_every_sitemap_url_answers_200_on_the_real_collection(real_client):
    paths = _sitemap_paths(real_client)
    assert "/" in paths and "/tema/" in paths
    assert "/tema/lav-nye-services" in paths
    assert "/cases/skat-i-balance" in paths
    published = real_client.get("/api/search.json").get_json()["total"]
    assert sum(p.startswith("/cases/") for p in paths) == published
    for path in paths:
        assert real_client.get(path).status_code == 200, path


def test_sitemap_leaves_out_drafts(shared_client):
    paths = _sitemap_paths(shared_client)
    assert "/cases/kladde-eksempel" not in paths
    assert "/cases/kulturrygsaek-holbaek" in paths


def test_robots_txt_points_to_the_sitemap(shared_client):
    response = shared_client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "User-agent: *" in text
    assert "Disallow: /api/" in text
    sitemap = re.search(r"^Sitemap: (\S+)$", text, flags=re.M).group(1)
    assert sitemap.endswith("/sitemap.xml") and sitemap.startswith("http")


@pytest.mark.parametrize("when, ok", [("2026-11-27T00:00:00Z", True), ("2026-11-27", False),
                                      ("2026-11-27T00:00:00+01:00", True), ("27-11-2026", False)])
def test_rfc3339_check_can_fail(when, ok):
    assert _is_rfc3339(when) is ok


def test_search_page_advertises_its_feed_and_exports(shared_client):
    html = shared_client.get("/?area=kultur-fritid").get_data(as_text=True)
    feed = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
    assert feed and feed.group(1) == "/feed.xml?area=kultur-fritid"
    assert 'href="/api/search.csv?area=kultur-fritid"' in html
    assert 'href="/api/search.json?area=kultur-fritid"' in html


def test_sitemap_names_the_english_version_of_each_page(shared_client):
    root = ET.fromstring(shared_client.get("/sitemap.xml").get_data())
    for url in root.findall(f"{SITEMAP}url"):
        loc = url.findtext(f"{SITEMAP}loc")
        links = {l.get("hreflang"): l.get("href") for l in url.findall("{http://www.w3.org/1999/xhtml}link")}
        assert links["da"] == loc
        assert links["en"] == loc + ("&" if "?" in loc else "?") + "lang=en"
    english = links["en"]
    assert shared_client.get(urlsplit(english).path + "?" + urlsplit(english).query).status_code == 200
