"""The sitemap and the Atom feed are sent as they are written, with the same bytes as the whole
document ElementTree builds: well-formed, escaped, and started before the collection is read."""
from __future__ import annotations

from xml.etree import ElementTree as ET

import flask
import pytest
import yaml

from indexer.build import build_index
from search_app import create_app, crawlers, feeds, index_state
from search_app.params import parse_search_args
from search_app.xml_stream import element, empty, encoded, start
from tests.conftest import app_config, built_collection, write_many_cases

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
TRICKY = 'Fælles & <nye> "løsninger" på \'tværs\' – ÆØÅ æøå ü ✓ \t tab\r\nlinje > slut'
FEED_QUERIES = ["", "?area=aeldre", "?q=borgere", "?sector=kommune&lang=en", "?q=ingenting+findes+zzqx"]


def _reference_sitemap(client) -> bytes:
    with client.application.test_request_context("/sitemap.xml"):
        client.application.preprocess_request()
        return crawlers.build_sitemap(crawlers.sitemap_pages(), index_state.settings())


def _reference_feed(client, query: str) -> bytes:
    with client.application.test_request_context("/feed.xml" + query):
        client.application.preprocess_request()  # the language, as for a request
        settings = index_state.settings()
        params = parse_search_args(flask.request.args, settings)
        built = index_state.engine().built_at()
        entries = feeds.newest_records(params, built)
        return feeds.build_feed(feeds.feed_head(params, entries, settings, built), entries, settings)


def _parts(client, url: str) -> tuple[list[bytes], object]:
    """The answer's parts as the server hands them over, one by one."""
    response = client.get(url, buffered=False)
    parts = list(response.response)
    response.close()
    return parts, response


@pytest.fixture(scope="module")
def many_client(tmp_path_factory):
    """The site on the fixture collection plus 300 generated cases."""
    tmp = tmp_path_factory.mktemp("many")
    settings = built_collection(tmp)
    write_many_cases(tmp / "cases", 300)
    build_index(settings)
    return create_app(app_config(settings)).test_client()


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(crawlers, "URLS_PER_CHUNK", 7)
    monkeypatch.setattr(feeds, "ENTRIES_PER_CHUNK", 3)


def test_sitemap_streams_identical_to_the_whole_document_on_the_real_collection(real_client, small_chunks):
    parts, response = _parts(real_client, "/sitemap.xml")
    assert response.content_type == "application/xml; charset=utf-8"
    assert len(parts) > 70 // crawlers.URLS_PER_CHUNK
    body = b"".join(parts)
    assert body == _reference_sitemap(real_client)
    root = ET.fromstring(body)
    assert len(root.findall(f"{SITEMAP}url")) > 70


def test_sitemap_starts_before_the_cases_are_read(many_client):
    parts, response = _parts(many_client, "/sitemap.xml")
    assert response.status_code == 200
    assert b"<urlset" in parts[0] and b"<url>" not in parts[0]  # the head goes out at once
    urls = sum(part.count(b"<url>") for part in parts)
    assert urls > 300
    assert len(parts) >= urls // crawlers.URLS_PER_CHUNK  # a hundred addresses at a time
    assert max(part.count(b"<url>") for part in parts) <= crawlers.URLS_PER_CHUNK
    body = b"".join(parts)
    assert body == _reference_sitemap(many_client)
    ET.fromstring(body)


@pytest.mark.parametrize("query", FEED_QUERIES)
def test_feed_streams_identical_to_the_whole_document(real_client, small_chunks, query):
    parts, response = _parts(real_client, "/feed.xml" + query)
    assert response.content_type == "application/atom+xml; charset=utf-8"
    assert b"<entry>" not in parts[0] and parts[-1].endswith(b"</feed>")
    body = b"".join(parts)
    assert body == _reference_feed(real_client, query)
    assert ET.fromstring(body).tag == f"{ATOM}feed"


def test_feed_of_a_large_collection_is_bounded_and_sent_in_parts(many_client):
    parts, response = _parts(many_client, "/feed.xml")
    assert response.status_code == 200
    assert b"<feed" in parts[0] and b"<entry>" not in parts[0]
    body = b"".join(parts)
    assert body == _reference_feed(many_client, "")
    entries = ET.fromstring(body).findall(f"{ATOM}entry")
    assert len(entries) == feeds.FEED_ENTRIES
    assert len(parts) == 2 + feeds.FEED_ENTRIES // feeds.ENTRIES_PER_CHUNK


def test_feed_escapes_a_title_with_markup_quotes_and_danish_letters(settings, cases_dir):
    path = cases_dir / "skat-i-balance.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = 'Skat & <b>moms</b>: "ærgrelser" på \'tværs\' – ÆØÅ'
    data["organisation"] = "SKAT & Co. <Skattestyrelsen>"
    data["lead"] = 'Et "lead" med <tags> & tegn, æøå og ✓, langt nok til at blive godtaget.'
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert not build_index(settings).problems
    client = create_app(app_config(settings)).test_client()
    body = client.get("/feed.xml?q=restskat").get_data()
    assert body == _reference_feed(client, "?q=restskat")
    assert b"Skat &amp; &lt;b&gt;moms&lt;/b&gt;" in body
    entry = ET.fromstring(body).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == data["title"]
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == data["organisation"]
    assert entry.findtext(f"{ATOM}summary") == data["lead"]


@pytest.mark.parametrize("text", [TRICKY, "", "plain", "&amp; already", "\U0001f600 emoji", "]]>"])
def test_pieces_are_escaped_exactly_as_elementtree_escapes_them(text):
    tree = ET.Element("root", {"a": text, "b": "x"})
    ET.SubElement(tree, "child", {"c": text}).text = text
    ET.SubElement(tree, "empty", {"d": text})
    whole = ET.tostring(tree, encoding="utf-8")
    pieces = encoded([start("root", {"a": text, "b": "x"}), element("child", text, {"c": text}),
                      empty("empty", {"d": text}), "</root>"])
    assert pieces == whole
    parsed = ET.fromstring(pieces)
    assert parsed.get("a") == text and parsed.find("empty").get("d") == text
    assert (parsed.findtext("child") or "") == text.replace("\r\n", "\n")  # XML's own line ends


def test_head_requests_and_invalid_filters_are_answered_before_any_xml(real_client):
    head = real_client.head("/sitemap.xml")
    assert head.status_code == 200 and head.get_data() == b""
    assert head.content_type == "application/xml; charset=utf-8"
    refused = real_client.get("/feed.xml?area=ingen-saadan")
    assert refused.status_code == 400
    assert refused.mimetype == "text/html" and b"<?xml" not in refused.get_data()


def test_a_failure_while_writing_the_head_gives_the_error_page(real_client, monkeypatch):
    def broken(*args):
        raise RuntimeError("no head")

    monkeypatch.setattr(feeds, "_head_pieces", broken)
    real_client.application.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = real_client.get("/feed.xml")
    finally:
        real_client.application.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert b"<?xml" not in response.get_data()


def test_sitemap_lists_the_published_cases_in_slug_order_with_their_days(many_client):
    with many_client.application.test_request_context("/"):
        published = index_state.engine().published()
    assert len(published) > 300 and [slug for slug, _ in published] == sorted(slug for slug, _ in published)
    root = ET.fromstring(many_client.get("/sitemap.xml").get_data())
    cases = [(url.findtext(f"{SITEMAP}loc"), url.findtext(f"{SITEMAP}lastmod"))
             for url in root.findall(f"{SITEMAP}url") if "/cases/" in url.findtext(f"{SITEMAP}loc")]
    assert [(loc.rsplit("/", 1)[-1], day) for loc, day in cases] == published


def test_feed_follows_an_editors_save_of_the_updated_day(client, settings):
    import datetime as dt
    import time

    from indexer.build import update_case
    from indexer.collection import load_collection

    def first_entry() -> tuple[str, str]:
        entry = ET.fromstring(client.get("/feed.xml").get_data()).find(f"{ATOM}entry")
        return entry.find(f"{ATOM}link").get("href").rsplit("/", 1)[-1], entry.findtext(f"{ATOM}updated")

    before = first_entry()
    case = next(c for c in load_collection(settings).cases if c.slug == "delebus-froeen-jungshoved")
    assert before[0] != case.slug
    update_case(settings, case.model_copy(update={"updated": dt.date(2031, 5, 17)}))
    deadline = time.monotonic() + 10
    while first_entry() == before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert first_entry() == (case.slug, "2031-05-17T00:00:00Z")
