"""The oracle for a Whoosh upgrade: the engine's fast paths against the plain-Whoosh reference
path (``search.reference_path``: Whoosh's own ranking, highlighter and spelling corrector), on
the real collection, for every judged query. Same pages, same snippets, same "Mente du"."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from search_app.engine import compat
from search_app.engine.search import run_search
from search_app.engine.snapshot import IndexAccess
from search_app.params import SearchParams

from .conftest import real_collection

QUERIES = Path(__file__).resolve().parent.parent / "benchmarks" / "relevance" / "queries.yaml"


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    settings = real_collection(tmp_path_factory.mktemp("reference"))
    # The reference path is slow: give "Mente du" time enough, so both always answer.
    settings.raw["search"]["suggestions_budget_ms"] = 600_000
    fast, reference = IndexAccess(settings, reference=False), IndexAccess(settings, reference=True)
    yield fast.view(), reference.view()
    fast.close()
    reference.close()


def typed() -> list[str]:
    return [str(item["q"]) for item in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]]


def outcome(view, q: str, **params):
    found = run_search(view, SearchParams(q=q, per_page=10, **params))
    return ([(r.slug, r.snippet) for r in found.results], found.total, found.did_you_mean)


def test_the_fast_paths_give_the_reference_paths_answers(both):
    fast, reference = both
    assert reference.reference and not fast.reference
    compared = 0
    for q in typed() + ["Tonder -skolr", '"kunstig inteligens"', "velfærdsteknolgi borgere"]:
        assert outcome(fast, q) == outcome(reference, q), q
        compared += 1
    assert compared > 100


def test_within_a_facet_filter_too(both):
    fast, reference = both
    for q in typed()[::5]:
        params = {"filters": {"sector": ("kommune",)}, "page": 1}
        assert outcome(fast, q, **params) == outcome(reference, q, **params), q


def test_an_untested_whoosh_version_is_refused_with_what_to_do(monkeypatch):
    monkeypatch.delenv(compat.TRY_ENV, raising=False)
    with pytest.raises(compat.WhooshVersionError) as error:
        compat.check_version((2, 8, 0))
    message = str(error.value)
    assert "2.8.0" in message and "2.7.5" in message
    assert "tests/test_scoring.py" in message and "TESTED_VERSIONS" in message
    monkeypatch.setenv(compat.TRY_ENV, "1")
    compat.check_version((2, 8, 0))  # trying it out: allowed
    compat.check_version(tuple(__import__("whoosh").__version__))
