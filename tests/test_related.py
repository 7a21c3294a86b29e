"""Related cases are about the same things (shared areas first, then other shared values), and
each says why it is shown."""
from __future__ import annotations

from bs4 import BeautifulSoup

from search_app import index_state


def related(app, slug: str):
    with app.test_request_context("/"):
        return index_state.engine().related(slug, 4)


def test_a_case_about_the_elderly_suggests_the_other_case_about_the_elderly_first(shared_app):
    found = related(shared_app, "faste-teams-aalborg")
    assert found[0].record["slug"] == "hverdagsrehabilitering-fredericia"
    assert found[0].reason == "area" and found[0].shared == ("Ældre og pleje",)
    assert "kladde-eksempel" not in [r.record["slug"] for r in found]  # drafts never
    assert "faste-teams-aalborg" not in [r.record["slug"] for r in found]


def test_the_page_says_why_a_case_is_related(shared_client):
    page = BeautifulSoup(shared_client.get("/cases/faste-teams-aalborg").get_data(as_text=True), "lxml")
    first = page.select_one(".related li")
    assert "Hverdagsrehabilitering" in first.get_text() or "Fredericia" in first.get_text()
    assert first.select_one(".related-reason").get_text() == "Også om ældre og pleje"


def test_without_a_shared_area_other_shared_values_or_the_text_explain_it(shared_app):
    for r in related(shared_app, "skat-i-balance"):
        assert r.reason in ("area", "facets", "text")
        assert (r.reason == "text") == (r.shared == ())
