"""Pages from old CMSs (tests/fixtures/legacy/): each imports through ``import-html`` with the right
title and lead, its æøå intact and no chrome, and is found by search in a freshly built index.

The corpus and what a reader sees on each page are described in tests/fixtures/legacy/expected.yaml;
benchmarks/legacy_import.py prints the same score (and compares maintained extractors).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

from indexer.build import build_index
from indexer.case_files import from_yaml
from indexer.cli import main
from indexer.html_source import sidecar_path, slug_from_file_name
from search_app import create_app
from tests.conftest import FIXTURE_CASES, FIXTURES, app_config, make_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from legacy_import import expectations, judge, plain, summary  # noqa: E402

CORPUS = FIXTURES / "legacy"
EXPECTED = expectations(CORPUS)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every corpus page imported with ``import-html`` into a copy of the fixture collection,
    then the collection built into a new index: (settings, {page: (exit code, slug)})."""
    tmp = tmp_path_factory.mktemp("legacy")
    shutil.copytree(FIXTURE_CASES, tmp / "cases")
    settings = make_settings(tmp, tmp / "cases")
    build_index(settings)
    config = tmp / "config.yaml"
    config.write_text(yaml.safe_dump(settings.raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    saved = tmp / "saved"
    saved.mkdir()
    outcomes = {}
    for name in EXPECTED:
        page = saved / name
        shutil.copy(CORPUS / name, page)
        shutil.copy(sidecar_path(CORPUS / name), sidecar_path(page))
        code = main(["--config", str(config), "import-html", str(page)])
        outcomes[name] = (code, slug_from_file_name(name))
    build_index(settings)
    return settings, outcomes


def test_every_page_imports_clean_and_the_score_is_printed(imported, capsys):
    settings, outcomes = imported
    results = []
    for name, (code, slug) in outcomes.items():
        assert code == 0, f"{name} was not imported"
        data = from_yaml((settings.cases_dir / f"{slug}.yaml").read_text(encoding="utf-8"))
        results.append(judge(name, EXPECTED[name], data["title"], data["lead"], plain(data["body"])))
    line = summary("legacy corpus", results)
    with capsys.disabled():
        print("\n" + line)
    assert [(r.page, r.problems) for r in results if not r.clean] == []


@pytest.fixture(scope="module")
def client(imported):
    return create_app(app_config(imported[0])).test_client()


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_imported_page_is_found_by_search(imported, client, name):
    outcomes = imported[1]
    data = client.get("/api/search", query_string={"q": EXPECTED[name]["query"]}).get_json()
    assert outcomes[name][1] in [hit["slug"] for hit in data["results"]]


def test_relative_links_point_to_the_pages_own_site(imported):
    settings, outcomes = imported
    for name, expected in EXPECTED.items():
        if "link" in expected:
            body = from_yaml((settings.cases_dir / f"{outcomes[name][1]}.yaml").read_text(encoding="utf-8"))["body"]
            assert f"]({expected['link']})" in body, name
