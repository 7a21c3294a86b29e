"""Ranking metrics for the relevance set: MRR@k, nDCG@k, recall@k and empty answers.

Each function takes one query's ranked result slugs and its judgements (slug -> grade, where
2 = the answer, 1 = relevant; unlisted slugs count as 0) and returns a number from 0 to 1.
They are kept apart from the benchmark script so they can be unit-tested on small hand-made
rankings: a wrong metric would make every figure in the report wrong.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

K = 10
"""Cut-off: a visitor reads the first page, and its top ten decides whether the search helped."""


def reciprocal_rank(ranked: Sequence[str], judged: Mapping[str, int], k: int = K) -> float:
    """1 / rank of the first relevant result (grade >= 1) in the top ``k``; 0 when none."""
    for rank, slug in enumerate(ranked[:k], start=1):
        if judged.get(slug, 0) > 0:
            return 1.0 / rank
    return 0.0


def _dcg(grades: Sequence[int]) -> float:
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg(ranked: Sequence[str], judged: Mapping[str, int], k: int = K) -> float:
    """Normalised discounted cumulative gain at ``k`` with graded gains (2^grade - 1).

    The ideal ranking puts the judged cases in grade order; 1.0 means the top ``k`` is as good
    as the judgements allow. A query without relevant cases scores 1.0 when it returns nothing
    and 0.0 otherwise, but callers normally report such queries separately.
    """
    ideal = _dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 1.0 if not ranked else 0.0
    return _dcg([judged.get(slug, 0) for slug in ranked[:k]]) / ideal


def recall(ranked: Sequence[str], judged: Mapping[str, int], k: int = K) -> float:
    """Share of the relevant cases found in the top ``k``, out of at most ``k``.

    Dividing by min(k, relevant) rather than by all relevant cases keeps 1.0 reachable for a
    broad query with more relevant cases than fit on a page.
    """
    relevant = {slug for slug, g in judged.items() if g > 0}
    if not relevant:
        return 1.0
    found = len(relevant.intersection(ranked[:k]))
    return found / min(k, len(relevant))


@dataclass(frozen=True)
class Scores:
    """One query's scores."""

    rr: float
    ndcg: float
    recall: float
    empty: bool


def score(ranked: Sequence[str], judged: Mapping[str, int], k: int = K) -> Scores:
    return Scores(
        rr=reciprocal_rank(ranked, judged, k),
        ndcg=ndcg(ranked, judged, k),
        recall=recall(ranked, judged, k),
        empty=not ranked,
    )


@dataclass(frozen=True)
class Summary:
    """Averages over a set of queries.

    ``zero_result_rate`` counts queries that have relevant cases but got no results (a dead
    end for the visitor); ``empty_when_nothing`` is the share of no-answer queries that were
    rightly answered with nothing.
    """

    queries: int
    mrr: float
    ndcg: float
    recall: float
    zero_result_rate: float
    empty_when_nothing: float


def summarise(scored: Sequence[tuple[Mapping[str, int], Scores]]) -> Summary:
    """Average the scores of answerable queries; count empty answers to the rest apart."""
    answerable = [s for judged, s in scored if any(g > 0 for g in judged.values())]
    nothing = [s for judged, s in scored if not any(g > 0 for g in judged.values())]

    def mean(values) -> float:
        values = list(values)
        return sum(values) / len(values) if values else 0.0

    return Summary(
        queries=len(scored),
        mrr=mean(s.rr for s in answerable),
        ndcg=mean(s.ndcg for s in answerable),
        recall=mean(s.recall for s in answerable),
        zero_result_rate=mean(1.0 if s.empty else 0.0 for s in answerable),
        empty_when_nothing=mean(1.0 if s.empty else 0.0 for s in nothing) if nothing else 1.0,
    )
