"""Search links are built by hand (search_app/presenters.py: query_url) to spare url_for on the
forty facet links of every answer; they must be exactly the links url_for makes."""
from __future__ import annotations

import pytest
from flask import url_for

from search_app.params import SearchParams
from search_app.presenters import query_url

ENDPOINTS = ("site.search", "api.search", "feeds.feed", "exports.search_csv", "exports.search_json")
TEXTS = ["", "ældrepleje", "Tønder kommune", '"kunstig intelligens" -robot', "a&b=c+d#e%f/g?h",
         "  mellemrum  ", "café ünïcode 中文", "100%"]
PARAMS = [
    SearchParams(),
    SearchParams(page=3, per_page=50, sort="newest"),
    SearchParams(filters={"sector": ("kommune", "region"), "area": ("aeldre",)}),
    SearchParams(year_from=2010, year_to=2020, sort="title"),
]


@pytest.mark.parametrize("path", ["/", "/?lang=en", "/?lang=da"])
@pytest.mark.parametrize("script_root", ["", "/casesamlingen"])
def test_hand_built_search_links_equal_url_for(app, path, script_root):
    compared = 0
    with app.test_request_context(path, environ_base={"SCRIPT_NAME": script_root}):
        app.preprocess_request()  # sets the language kept in links
        for endpoint in ENDPOINTS:
            for text in TEXTS:
                for params in PARAMS:
                    args = SearchParams(q=text, page=params.page, per_page=params.per_page,
                                        sort=params.sort, filters=params.filters,
                                        year_from=params.year_from,
                                        year_to=params.year_to).to_args()
                    assert query_url(endpoint, args) == url_for(endpoint, **args), (endpoint, args)
                    compared += 1
    assert compared == len(ENDPOINTS) * len(TEXTS) * len(PARAMS)
