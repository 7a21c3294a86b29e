"""The ranking metrics behind the relevance figures, on small rankings worked out by hand."""
import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from relevance_metrics import Scores, ndcg, recall, reciprocal_rank, score, summarise  # noqa: E402

JUDGED = {"answer": 2, "related": 1, "other": 1}


@pytest.mark.parametrize(
    "ranked, expected",
    [
        (["answer", "x"], 1.0),
        (["x", "related"], 0.5),
        (["x", "y", "z", "other"], 0.25),
        (["x", "y"], 0.0),
        ([], 0.0),
        ([f"x{i}" for i in range(10)] + ["answer"], 0.0),  # the 11th result is past the cut-off
    ],
)
def test_reciprocal_rank_counts_the_first_relevant_result(ranked, expected):
    assert reciprocal_rank(ranked, JUDGED) == pytest.approx(expected)


def test_ndcg_is_one_for_the_ideal_order_and_lower_for_a_worse_one():
    assert ndcg(["answer", "related", "other"], JUDGED) == pytest.approx(1.0)
    swapped = ndcg(["related", "answer", "other"], JUDGED)
    ideal_dcg = 3 + 1 / math.log2(3) + 1 / math.log2(4)
    assert swapped == pytest.approx((1 + 3 / math.log2(3) + 1 / math.log2(4)) / ideal_dcg)
    assert 0 < swapped < 1
    assert ndcg(["x", "y"], JUDGED) == 0.0


def test_ndcg_of_a_query_that_should_find_nothing():
    assert ndcg([], {}) == 1.0
    assert ndcg(["x"], {}) == 0.0


def test_recall_is_out_of_at_most_ten_relevant_cases():
    assert recall(["answer", "x", "other"], JUDGED) == pytest.approx(2 / 3)
    many = {f"case{i}": 1 for i in range(15)}
    top_ten = [f"case{i}" for i in range(10)]
    assert recall(top_ten, many) == 1.0
    assert recall(top_ten[:5], many) == pytest.approx(0.5)


def test_summary_keeps_no_answer_queries_apart():
    scored = [
        (JUDGED, score(["answer"], JUDGED)),
        (JUDGED, score([], JUDGED)),
        ({}, score([], {})),
        ({}, score(["x"], {})),
    ]
    s = summarise(scored)
    assert s.queries == 4
    assert s.mrr == pytest.approx(0.5)
    assert s.zero_result_rate == pytest.approx(0.5)
    assert s.empty_when_nothing == pytest.approx(0.5)


def test_scores_record_an_empty_answer():
    assert score([], JUDGED) == Scores(rr=0.0, ndcg=0.0, recall=0.0, empty=True)
