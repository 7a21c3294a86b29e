"""A large collection is read and indexed by several processes; one process is the reference.

The parallel build must give the same cases, the same problems (in the same order, with the same
lines) and an index whose searches find the same cases with the same scores. The thresholds are
lowered here so that the real collection (70 cases) takes the parallel path.
"""
from __future__ import annotations

import io
import shutil

import pytest
from whoosh import index as whoosh_index
from whoosh.qparser import MultifieldParser

from indexer import build, collection
from indexer.build import build_index
from indexer.collection import load_collection
from indexer.progress import Progress

from .conftest import REAL_CASES, make_settings

QUERIES = ["ældre", "restskat", "velfærdsteknologi", "frivillige", "skole", "sygehus", "klima",
           "borgere", "digital", "hjemmepleje"]


@pytest.fixture
def parallel_thresholds(monkeypatch):
    monkeypatch.setattr(collection, "PARALLEL_FROM", 1)
    monkeypatch.setattr(collection, "CHUNK", 7)
    monkeypatch.setattr(build, "PARALLEL_WRITE_FROM", 1)


@pytest.fixture
def real_cases_with_a_broken_file(tmp_path):
    shutil.copytree(REAL_CASES, tmp_path / "cases")
    (tmp_path / "cases" / "broken-case.yaml").write_text("title: [unclosed\nlead: x\n", encoding="utf-8")
    return tmp_path / "cases"


def test_reading_in_workers_gives_the_same_report(tmp_path, parallel_thresholds,
                                                  real_cases_with_a_broken_file):
    settings = make_settings(tmp_path, real_cases_with_a_broken_file)
    alone = load_collection(settings, jobs=1)
    shared = load_collection(settings, jobs=2)
    assert len(shared.cases) >= 60
    assert shared.cases == alone.cases
    assert [str(p) for p in shared.problems] == [str(p) for p in alone.problems]
    assert any("broken-case.yaml:1" in str(p) for p in shared.problems)


def _searches(index_dir):
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        parser = MultifieldParser(["title", "lead", "body", "parts"], ix.schema)
        found = {}
        for query in QUERIES:
            hits = searcher.search(parser.parse(query), limit=None)
            found[query] = sorted((hit["slug"], round(hit.score, 6)) for hit in hits)
        stored = {fields["slug"]: fields for fields in searcher.all_stored_fields()}
        segments = len(ix._segments())
    return found, stored, segments


def test_indexing_in_processes_finds_the_same_cases_with_the_same_scores(tmp_path, parallel_thresholds):
    results = {}
    for jobs in (1, 2):
        work = tmp_path / f"jobs{jobs}"
        shutil.copytree(REAL_CASES, work / "cases")
        settings = make_settings(work, work / "cases")
        summary = build_index(settings, jobs=jobs)
        results[jobs] = _searches(summary.generation)
    (found1, stored1, segments1), (found2, stored2, segments2) = results[1], results[2]
    assert segments1 == 1 and segments2 == 2, "the parallel path was not taken"
    assert found2 == found1
    assert any(found1.values())
    assert stored2 == stored1


def test_progress_says_how_far_and_how_fast():
    out = io.StringIO()
    progress = Progress("Indekserer", 10_000, enabled=True, stream=out, every_s=0)
    progress.advance(4_200)
    line = out.getvalue()
    assert "4.200 af 10.000 cases" in line and "/s" in line and "tilbage" in line
    progress.finish()
    assert out.getvalue().endswith("\n")


def test_progress_is_quiet_when_not_wanted():
    out = io.StringIO()
    progress = Progress("Indekserer", 10, enabled=False, stream=out)
    progress.advance(5)
    progress.finish()
    assert out.getvalue() == ""
