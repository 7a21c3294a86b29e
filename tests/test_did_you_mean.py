""""Mente du": words, phrases and exclusions corrected each in its place and written back as
typed; offered only when the typed words are not already words of the collection; dropped
when its time runs out."""
from __future__ import annotations

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from search_app.engine.query import parse_user_query

from .conftest import app_with_config


def did_you_mean(client, q: str) -> str | None:
    response = client.get("/api/search", query_string={"q": q})
    assert response.status_code == 200
    return response.get_json()["did_you_mean"]


def test_an_exclusion_stays_an_exclusion(real_client):
    offered = did_you_mean(real_client, "Tonder -skolr")
    assert offered is not None
    assert offered.startswith("Tønder -")
    assert parse_user_query(offered).excluded == ["skole"]


def test_a_phrase_keeps_its_quotes(real_client):
    assert did_you_mean(real_client, '"kunstig inteligens"') == '"kunstig intelligens"'


@pytest.mark.parametrize("typed", ["læsegruppe", "hjemløs", "Læsegruppe"])
def test_an_inflection_of_a_word_the_cases_use_is_not_corrected(real_client, typed):
    response = real_client.get("/api/search", query_string={"q": typed}).get_json()
    assert response["total"] >= 1  # it found the cases that use the word
    assert response["did_you_mean"] is None


@pytest.mark.parametrize("typed, offered", [("hverdagsrehabiltering", "hverdagsrehabilitering"),
                                            ("Tonder", "Tønder")])
def test_misspellings_are_still_corrected(real_client, typed, offered):
    assert did_you_mean(real_client, typed) == offered


def test_out_of_time_the_page_goes_without_it(settings, index, tmp_path):
    client = app_with_config(settings, tmp_path, search={"suggestions_budget_ms": 0}).test_client()
    answer = client.get("/api/search", query_string={"q": "forskudsopgorelse"}).get_json()
    assert answer["total"] >= 1 and answer["did_you_mean"] is None
    page = client.get("/cases/faste-teams-aalborg")
    assert page.status_code == 200
    assert 'class="related' not in page.get_data(as_text=True)


def test_with_time_related_cases_are_shown(client):
    page = client.get("/cases/faste-teams-aalborg").get_data(as_text=True)
    assert 'class="related' in page


# Property: a correction changes words only, never what kind of part each is.

_word = st.text(alphabet="abcæøå", min_size=1, max_size=6)
_part = st.one_of(
    _word,
    _word.map(lambda w: f"-{w}"),
    st.lists(_word, min_size=1, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"'),
    st.lists(_word, min_size=1, max_size=3).map(lambda ws: '-"' + " ".join(ws) + '"'),
    st.sampled_from(['"', "-", "(", "?", "x,"]),
)
_typed = st.lists(_part, max_size=8).map(" ".join)
_fixes = st.sampled_from([lambda w: w.upper(), lambda w: w[::-1] + "x", lambda w: None,
                          lambda w: "skole" if "a" in w else None])


def shape(query):
    return [(p.phrase, p.excluded, len(p.text.split())) for p in query.parts]


@hypothesis_settings(max_examples=300, derandomize=True, deadline=None)
@given(_typed, _fixes)
def test_a_correction_keeps_every_phrase_and_exclusion(typed, fix):
    parsed = parse_user_query(typed)
    corrected = parsed.corrected(fix)
    again = parse_user_query(corrected.text())
    assert shape(again) == shape(parsed)
    assert len(again.phrases) == len(parsed.phrases)
    assert len(again.excluded) == len(parsed.excluded)
    assert [p.text for p in again.parts] == [p.text for p in corrected.parts]
    if fix("a") is None:
        assert corrected.text() == " ".join(p.raw for p in parsed.parts)
