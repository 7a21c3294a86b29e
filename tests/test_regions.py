"""A case that spans several regions lists them all, and is found under each of them."""
from __future__ import annotations

import yaml

from indexer.build import build_index
from indexer.collection import load_collection
from search_app import create_app

from .conftest import app_config

DELEBUS = "delebus-froeen-jungshoved.yaml"


def _set_region(cases_dir, region) -> None:
    path = cases_dir / DELEBUS
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["region"] = region
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_national_cannot_be_combined_with_a_region(settings, cases_dir):
    _set_region(cases_dir, ["national", "sjaelland"])
    report = load_collection(settings, cases_dir)
    [problem] = [p for p in report.problems if p.file.endswith(DELEBUS)]
    assert problem.field == "region"
    assert "'national' (the whole country) cannot be combined with other values" in problem.message
    assert "hele landet" in problem.message_da


def test_one_region_written_as_a_single_value_still_reads_as_a_list(settings, cases_dir):
    _set_region(cases_dir, "sjaelland")
    case = next(c for c in load_collection(settings, cases_dir).cases if c.slug + ".yaml" == DELEBUS)
    assert case.region == ["sjaelland"]


def test_a_case_in_two_regions_is_found_under_each_and_shows_both(settings, cases_dir):
    _set_region(cases_dir, ["sjaelland", "syddanmark"])
    build_index(settings)
    client = create_app(app_config(settings)).test_client()
    slug = DELEBUS.removesuffix(".yaml")
    for region in ("sjaelland", "syddanmark"):
        found = [r["slug"] for r in client.get(f"/api/search?region={region}").get_json()["results"]]
        assert slug in found, region
    counts = {v["value"]: v["count"] for v in
              client.get("/api/search").get_json()["facets"]["region"]}
    assert counts["sjaelland"] >= 1 and counts["syddanmark"] >= 1
    assert client.get(f"/api/cases/{slug}").get_json()["region"] == ["sjaelland", "syddanmark"]
    page = client.get(f"/cases/{slug}").get_data(as_text=True)
    assert "Region Sjælland" in page and "Region Syddanmark" in page
