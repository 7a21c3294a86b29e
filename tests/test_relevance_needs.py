"""The needs-first relevance set (benchmarks/relevance/needs.yaml) and its fixed split.

The set was written from users' needs before the cases were read, then judged by reading them.
It is split into a tuning half and a test half by a hash of the query text: the split must never
move, or figures reported on the test half stop meaning anything. These tests check the set and
the split, and the report's account of no-answer queries; they do not hold the search to any
figure on this set (benchmarks/relevance.py prints those).
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from relevance import FEW, Judged, Ranked, evaluate, half, load_queries, print_by_kind, print_no_answer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NEEDS = ROOT / "benchmarks" / "relevance" / "needs.yaml"
MINIMUM_PER_KIND = {"need": 20, "question": 15, "organisation": 10, "slip": 12, "english": 12,
                    "facet": 10, "nothing": 12}


@pytest.mark.parametrize("q, expected", [
    # Worked out once with the function as it was first written; they must never change.
    ("ensomhed blandt ældre", "test"),
    ("klimatilpasning", "test"),
    ("hvordan får man flere ledige i job", "test"),
    ("aeldrepleje", "test"),
    ("welfare technology", "tuning"),
    ("kirkegårde", "tuning"),
])
def test_a_query_keeps_its_half(q, expected):
    assert half(q) == expected


def test_the_half_ignores_case_and_surrounding_spaces():
    assert half("  Welfare Technology ") == half("welfare technology") == "tuning"


def test_both_halves_hold_at_least_40_queries():
    queries = load_queries(NEEDS)
    sizes = {name: sum(1 for j in queries if half(j.q) == name) for name in ("tuning", "test")}
    assert sizes["tuning"] >= 40 and sizes["test"] >= 40, sizes


def test_every_query_has_a_known_kind_and_each_kind_enough_queries():
    queries = load_queries(NEEDS)
    kinds = [j.kind for j in queries]
    assert set(kinds) <= set(MINIMUM_PER_KIND), set(kinds) - set(MINIMUM_PER_KIND)
    short = {kind: kinds.count(kind) for kind, least in MINIMUM_PER_KIND.items() if kinds.count(kind) < least}
    assert short == {}
    assert len(queries) >= 110


def test_no_query_is_written_twice():
    texts = [j.q.strip().lower() for j in load_queries(NEEDS)]
    assert sorted({t for t in texts if texts.count(t) > 1}) == []


def test_every_judged_case_exists_and_grades_are_1_or_2():
    cases = {p.name.split(".")[0] for p in (ROOT / "cases").iterdir() if p.is_file()}
    for j in load_queries(NEEDS):
        assert set(j.judged) <= cases, (j.q, set(j.judged) - cases)
        assert set(j.judged.values()) <= {1, 2}, j.q


def test_the_report_counts_every_case_a_no_answer_query_returns(capsys):
    """The report counts all the cases an engine found, not just the ten on the first page."""
    queries = [Judged("kirkegårde", "nothing", {}), Judged("vinterbekæmpelse", "need", {}),
               Judged("snow removal", "english", {}), Judged("cykelpendling", "need", {"supercykelstier": 2})]
    found = {"kirkegårde": Ranked([], 0),
             "vinterbekæmpelse": Ranked(["delebus-froeen-jungshoved", "aula"], 2),
             "snow removal": Ranked([f"case-{n}" for n in range(10)], 14),
             "cykelpendling": Ranked(["supercykelstier"], 1)}
    run = evaluate("engine", found.__getitem__, queries)
    assert run.few_when_nothing(queries) == pytest.approx(2 / 3)

    print_no_answer(run, queries)
    report = capsys.readouterr().out
    assert f"returned nothing: 1; returned 1-{FEW}: 1; more than {FEW}: 1; most returned: 14" in report
    assert "'snow removal'" in report and "14 cases" in report
    assert "'vinterbekæmpelse'" in report and "2 cases" in report
    assert "'kirkegårde'" not in report and "cykelpendling" not in report

    print_by_kind(run, queries)
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[2:]}
    assert rows["need"][1:3] == ["2", "1"]          # two queries, one answerable
    assert rows["need"][-4:] == ["1", "0", "1", "2"]  # one no-answer: not empty, within FEW, max 2
    assert rows["english"][-4:] == ["1", "0", "0", "14"]
