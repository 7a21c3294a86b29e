"""A visitor arriving with a filter URL reads what the filter means and how to widen it."""
import re

import pytest


def _showing(html: str) -> str:
    return re.search(r'<p class="result-count" role="status">([^<]*)</p>', html).group(1)


def _remove_links(html: str) -> dict[str, str]:
    block = re.search(r'<div class="active-filters">(.*?)</div>', html, flags=re.S).group(1)
    return {re.sub(r"<[^>]+>", "", text).replace("×", "").strip(): href.replace("&amp;", "&").removesuffix("#resultater")
            for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', block)}


def test_entry_point_search_is_named_in_words(shared_client):
    total = shared_client.get("/api/search?innovation_type=service").get_json()["total"]
    html = shared_client.get("/?innovation_type=service").get_data(as_text=True)
    assert _showing(html) == f"Viser {total} serviceinnovationer"


def test_other_filters_are_described_facet_by_facet(shared_client):
    html = shared_client.get("/?sector=kommune&sector=region&area=aeldre&year_from=2010").get_data(as_text=True)
    total = shared_client.get("/api/search?sector=kommune&sector=region&area=aeldre&year_from=2010").get_json()["total"]
    cases = "case" if total == 1 else "cases"
    assert _showing(html) == (f"Viser {total} {cases}, hvor sektor er Kommune eller Region, "
                              "område er Ældre og pleje og året er 2010 eller senere")


@pytest.mark.parametrize("query, sentence", [
    ("q=restskat", "Viser 1 case for “restskat”"),
    ("employee_driven=true&year_from=2015&year_to=2015", "Viser {n} cases, hvor casen er medarbejderdrevet og året er 2015"),
    ("", "Viser {n} cases"),
])
def test_sentences(shared_client, query, sentence):
    total = shared_client.get(f"/api/search?{query}").get_json()["total"]
    html = shared_client.get(f"/?{query}").get_data(as_text=True)
    assert _showing(html).replace("1 cases", "1 case") == sentence.format(n=total)


def test_each_filter_has_a_link_that_removes_it(shared_client):
    html = shared_client.get("/?sector=kommune&area=aeldre&year_from=2010").get_data(as_text=True)
    links = _remove_links(html)
    assert links["Fjern filteret Sektor: Kommune"] == "/?area=aeldre&year_from=2010"
    assert links["Fjern filteret Område: Ældre og pleje"] == "/?sector=kommune&year_from=2010"
    assert links["Fjern filteret År: fra 2010"] == "/?sector=kommune&area=aeldre"
    assert links["Fjern alle filtre"] == "/"


def test_widening_shows_more_cases(shared_client):
    narrow = shared_client.get("/api/search?sector=kommune&area=aeldre").get_json()["total"]
    html = shared_client.get("/?sector=kommune&area=aeldre").get_data(as_text=True)
    wider = _remove_links(html)["Fjern filteret Område: Ældre og pleje"]
    assert shared_client.get("/api/search" + wider[1:]).get_json()["total"] > narrow


def test_english_visitors_read_it_in_english(shared_client):
    total = shared_client.get("/api/search?innovation_type=service").get_json()["total"]
    html = shared_client.get("/?innovation_type=service&lang=en").get_data(as_text=True)
    assert _showing(html) == f"Showing {total} service innovations"
    html = shared_client.get("/?sector=kommune&lang=en").get_data(as_text=True)
    assert _showing(html).endswith("where sector is Municipality")
