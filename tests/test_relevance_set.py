"""Search quality on the real collection: the judged relevance set must keep its figures.

This test is about the real cases (cases/), not the fixtures: it builds them into a temporary
index and runs every query of benchmarks/relevance/queries.yaml through the site's own search.
It checks ranking metrics, never time. benchmarks/relevance.py prints the same figures beside
two baselines.
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from relevance import evaluate, load_queries, our_search, real_settings  # noqa: E402

MIN_MRR = 0.90
MIN_RECALL = 0.95


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    queries = load_queries()
    settings = real_settings(tmp_path_factory.mktemp("relevance"))
    return queries, evaluate("our search", our_search(settings), queries)


def test_the_set_covers_every_kind_of_query():
    queries = load_queries()
    kinds = {q.kind for q in queries}
    assert len(queries) >= 70
    assert kinds >= {"compound", "inflection", "folding", "typo", "organisation", "synonym",
                     "abbreviation", "number", "phrase", "nothing"}
    assert sum(1 for q in queries if not q.answerable) >= 5


def test_judged_cases_exist():
    cases = {p.name.split(".")[0] for p in (Path(__file__).resolve().parents[1] / "cases").iterdir()}
    for q in load_queries():
        assert set(q.judged) <= cases, q.q


def test_mrr_and_recall_at_10_reach_the_targets(run):
    _, result = run
    assert result.summary.mrr >= MIN_MRR, f"MRR@10 {result.summary.mrr:.3f}"
    assert result.summary.recall >= MIN_RECALL, f"recall@10 {result.summary.recall:.3f}"


def test_no_query_with_relevant_cases_finds_nothing(run):
    queries, result = run
    empty = [q.q for q in queries if q.answerable and not result.ranked[q.q]]
    assert empty == []


def test_queries_no_case_answers_find_nothing(run):
    queries, result = run
    found = {q.q: result.ranked[q.q][:3] for q in queries if not q.answerable and result.ranked[q.q]}
    assert found == {}
