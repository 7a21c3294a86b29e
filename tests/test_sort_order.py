"""Newest and oldest order cases by (year, title), titles in Danish alphabetical order:
A–Z, then Æ, Ø, Å; "Aa" counts as Å; undated cases last."""
from __future__ import annotations

import pytest
import yaml

from indexer.build import build_index
from search_app import create_app
from search_app.engine.ordering import danish_key

from .conftest import FIXTURE_CASES, app_config, make_settings

TITLES_2019 = ["Østerbro deler cykler", "Aarhus prøver nyt", "Zoneterapi i Viborg",
               "Ærø samler affald", "Åbne data i Odense", "Bornholm tester droner",
               "Ebeltoft og Ølstykke", "Éclair-projektet i Vejle"]
DANISH_ORDER = ["Bornholm tester droner", "Ebeltoft og Ølstykke", "Éclair-projektet i Vejle",
                "Zoneterapi i Viborg", "Ærø samler affald", "Østerbro deler cykler",
                "Åbne data i Odense", "Aarhus prøver nyt"]


def test_danish_alphabetical_order():
    assert sorted(TITLES_2019, key=danish_key) == DANISH_ORDER


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sorting")
    cases = tmp / "cases"
    cases.mkdir()
    template = yaml.safe_load((FIXTURE_CASES / "faste-teams-aalborg.yaml").read_text(encoding="utf-8"))
    template.pop("aliases", None)
    dated = [(title, 2019) for title in TITLES_2019] + [("Ældre tidligere case", 2015),
                                                        ("Nyeste case", 2023)]
    for number, (title, year) in enumerate(dated):
        data = dict(template, title=title, year=year, published=True)
        (cases / f"case-{number}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    settings = make_settings(tmp, cases)
    build_index(settings)
    return create_app(app_config(settings)).test_client()


def titles(client, sort: str) -> list[str]:
    answer = client.get("/api/search", query_string={"sort": sort, "per_page": 50}).get_json()
    return [result["title"] for result in answer["results"]]


def test_newest_first_then_titles_a_to_å(client):
    assert titles(client, "newest") == ["Nyeste case", *DANISH_ORDER, "Ældre tidligere case"]


def test_oldest_first_then_titles_a_to_å(client):
    assert titles(client, "oldest") == ["Ældre tidligere case", *DANISH_ORDER, "Nyeste case"]


def test_by_title_in_danish_order(client):
    assert titles(client, "title") == sorted(titles(client, "title"), key=danish_key)
    assert titles(client, "title")[-2:] == ["Åbne data i Odense", "Aarhus prøver nyt"]
