"""Where the source names no value (or no place), the case says so: "Ikke oplyst i kilden" is a
value of its own, counted, searchable and shown like any other, and it stands alone."""
from __future__ import annotations

import yaml

from indexer.build import build_index
from indexer.collection import load_collection
from search_app import create_app

from .conftest import app_config

DELEBUS = "delebus-froeen-jungshoved"


def _set(cases_dir, **fields) -> None:
    path = cases_dir / f"{DELEBUS}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_not_stated_is_counted_found_and_shown(settings, cases_dir):
    _set(cases_dir, value=["not_stated"])
    build_index(settings)
    client = create_app(app_config(settings)).test_client()
    values = {v["value"]: v for v in client.get("/api/search").get_json()["facets"]["value"]}
    assert values["not_stated"]["count"] == 1
    assert values["not_stated"]["label"] == "Ikke oplyst i kilden"
    found = [r["slug"] for r in client.get("/api/search?value=not_stated").get_json()["results"]]
    assert found == [DELEBUS]
    assert "Ikke oplyst i kilden" in client.get(f"/cases/{DELEBUS}").get_data(as_text=True)
    english = client.get(f"/cases/{DELEBUS}?lang=en").get_data(as_text=True)
    assert "Not stated in the source" in english


def test_not_stated_cannot_be_combined_with_a_value(settings, cases_dir):
    _set(cases_dir, value=["quality", "not_stated"])
    [problem] = [p for p in load_collection(settings, cases_dir).problems if DELEBUS in p.file]
    assert problem.field == "value"
    assert "'not_stated' (the source names no value) cannot be combined" in problem.message
    assert "kilden nævner ingen værdi" in problem.message_da


def test_the_editor_offers_not_stated(settings):
    from search_app.editor.forms import facet_choices

    value = next(f for f in facet_choices(settings) if f["name"] == "value")
    assert ("not_stated", "Ikke oplyst i kilden") in value["choices"]
