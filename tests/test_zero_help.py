"""A search that finds nothing offers searches that do: parts of a compound the cases use,
facet values whose names are close, each word alone, the words without filters; never a link
that finds nothing, and the largest areas when nothing is close."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from search_app import index_state
from search_app.params import SearchParams
from search_app.engine.zero_help import close, compound_parts


def offers(client, url: str) -> list[tuple[str, str]]:
    page = BeautifulSoup(client.get(url).get_data(as_text=True), "lxml")
    return [(" ".join(a.get_text().split()), a["href"]) for a in page.select(".try-instead a")]


def found(client, href: str) -> int:
    return client.get("/api/search" + href.split("#")[0][1:]).get_json()["total"]


@pytest.mark.parametrize("url", ["/?q=ældretransport", "/?q=skatteborgere", "/?q=delebus+restskat&area=sundhed",
                                 "/?q=borgere&sector=stat&area=transport", "/?q=xyzzyqqq"])
def test_every_offered_search_finds_cases(shared_client, url):
    offered = offers(shared_client, url)
    assert offered, f"{url}: nothing offered"
    for text, href in offered:
        assert found(shared_client, href) >= 1, f"{url}: “{text}” ({href}) finds nothing"


def test_a_compound_is_tried_in_the_parts_the_cases_use(shared_client):
    texts = [t for t, _ in offers(shared_client, "/?q=ældretransport")]
    assert "“transport”" in texts and "“ældre”" in texts  # spelled as typed, not folded
    assert "Område: Ældre og pleje" in texts


def test_each_word_alone_and_the_words_without_filters(shared_client):
    assert "“delebus”" in [t for t, _ in offers(shared_client, "/?q=delebus+restskat&area=sundhed")]
    texts = [t for t, _ in offers(shared_client, "/?q=borgere&sector=stat&area=transport")]
    assert "“borgere” uden filtre" in texts


def test_nothing_close_offers_the_largest_areas(shared_client):
    page = BeautifulSoup(shared_client.get("/?q=xyzzyqqq").get_data(as_text=True), "lxml")
    assert page.select_one("#try-heading").get_text() == "Se cases fra de største områder"
    assert all(re.match(r"Område: ", t) for t, _ in offers(shared_client, "/?q=xyzzyqqq"))


def test_close_themes_are_linked(shared_app):
    with shared_app.test_request_context("/"):
        help = index_state.engine().zero_help(SearchParams(q="servicesystemer"))
    assert "lav-nye-services" in [t.slug for t in help.themes]


def test_closeness_and_parts():
    assert close("klimatilpasning", "klima") and not close("kli", "klima")
    assert compound_parts("velfærdsteknologi", {"velfaerd": 2, "teknologi": 3}) == ["teknologi", "velfærd"]
    assert compound_parts("hus", {"hus": 1}) == []


def test_the_work_is_time_boxed(shared_app):
    with shared_app.test_request_context("/"):
        help = index_state.engine().zero_help(SearchParams(q="ældretransport"), budget=0)
    assert [w.kind for w in help.ways] in ([], ["popular"] * len(help.ways))


def test_words_sharing_their_start_are_close():
    assert close("borgerinddragelse", "borgernes")
    assert not close("borgerinddragelse", "borde")
