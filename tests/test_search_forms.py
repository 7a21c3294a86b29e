"""The forms on a search page (new words, years, sort) keep the rest of the search: a visitor
who sorts, picks years or types new words keeps their filters, page size and language."""
from __future__ import annotations

from bs4 import BeautifulSoup

URL = "/?q=skat&sector=stat&year_from=2010&year_to=2020&sort=newest&per_page=5&page=2&lang=en"


def hidden(form) -> dict[str, str]:
    return {i["name"]: i["value"] for i in form.select("input[type=hidden]")}


def test_each_form_keeps_what_it_does_not_set(shared_client):
    page = BeautifulSoup(shared_client.get(URL, follow_redirects=True).get_data(as_text=True), "lxml")
    everything = {"q": "skat", "sector": "stat", "year_from": "2010", "year_to": "2020",
                  "sort": "newest", "per_page": "5", "lang": "en"}

    search = hidden(page.select_one("form.search-form"))
    assert search == {k: v for k, v in everything.items() if k != "q"}  # the words are typed

    years = hidden(page.select_one("form.year-form"))
    assert years == {k: v for k, v in everything.items() if k not in ("year_from", "year_to")}

    sort = hidden(page.select_one("form.sort-form"))
    assert sort == {k: v for k, v in everything.items() if k != "sort"}


def test_default_page_size_and_order_are_not_repeated(shared_client):
    page = BeautifulSoup(shared_client.get("/?q=skat").get_data(as_text=True), "lxml")
    for form in page.select("form.search-form, form.year-form, form.sort-form"):
        assert not {"per_page", "sort", "page", "lang"} & set(hidden(form))
