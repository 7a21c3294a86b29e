"""The API remembers whole answers per index state: a repeated search gets the same bytes
without being run again, in its own language, and still counts when it found nothing."""
from __future__ import annotations

from search_app import zero_results


def timing_names(response) -> set[str]:
    return {part.split(";")[0].strip() for part in response.headers["Server-Timing"].split(",")}


def test_a_repeated_search_gets_the_same_answer_without_running_it(client):
    first = client.get("/api/search?q=restskat&sector=stat")
    again = client.get("/api/search?q=restskat&sector=stat")
    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data()
    assert again.mimetype == "application/json"
    assert "search" in timing_names(first) and "cache" not in timing_names(first)
    assert "cache" in timing_names(again) and "search" not in timing_names(again)
    assert first.get_json()["results"][0]["slug"] == "skat-i-balance"


def test_answers_are_remembered_per_language(client):
    danish = client.get("/api/search?q=skat").get_json()
    english = client.get("/api/search?q=skat&lang=en").get_json()
    again = client.get("/api/search?q=skat").get_json()
    label = {v["value"]: v["label"] for v in danish["facets"]["sector"]}["stat"]
    label_en = {v["value"]: v["label"] for v in english["facets"]["sector"]}["stat"]
    assert label != label_en
    assert again == danish
    assert all("lang=en" in v["toggle_url"] for v in english["facets"]["sector"])


def test_invalid_arguments_are_refused_every_time(client):
    for _ in range(2):
        response = client.get("/api/search?page=0")
        assert response.status_code == 400


def test_a_remembered_search_that_found_nothing_is_still_counted(client, settings):
    for _ in range(3):
        assert client.get("/api/search?q=zzqxnothing").get_json()["total"] == 0
    assert ("zzqxnothing", 3) in zero_results.most_frequent(settings.data_dir)
