"""What the search-quality features cost: search and suggest times for the relevance queries.

Runs every query of ``benchmarks/relevance/queries.yaml`` once through ``run_search`` (first page,
20 results, facets, snippets, "Mente du") and every prefix of its first word from two letters
through ``suggest``, on the real collection and on generated collections (see ``generate.py``),
each built into a temporary folder. Prints p50, p95 and max in milliseconds; one long-lived
searcher, as in a web worker. Figures on a shared machine are noisy: compare runs, not numbers.

    .venv/bin/python benchmarks/relevance_speed.py                # 71, 1,000 and 10,000 cases
    .venv/bin/python benchmarks/relevance_speed.py --sizes 1000   # real collection + 1,000
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import collection  # noqa: E402
from relevance import ROOT, load_queries, real_settings  # noqa: E402

from indexer.build import build_index  # noqa: E402
from search_app.engine.snapshot import IndexAccess  # noqa: E402
from search_app.params import SearchParams  # noqa: E402
from search_app.engine.search import run_search  # noqa: E402
from search_app.engine.suggest import suggest  # noqa: E402


def percentiles(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return f"p50 {statistics.median(times):7.1f}  p95 {p95:7.1f}  max {times[-1]:7.1f}  (n={len(times)})"


def measure(cases_dir: Path, label: str) -> None:
    queries = [q.q for q in load_queries()]
    with tempfile.TemporaryDirectory(prefix="casesamlingen-speed-") as tmp:
        settings = real_settings(Path(tmp))
        settings.raw["paths"]["cases_dir"] = str(cases_dir)
        started = time.perf_counter()
        build_index(settings)
        built = time.perf_counter() - started
        view = IndexAccess(settings).view()
        run_search(view, SearchParams(q="warm up"))
        searches = []
        for q in queries:
            t = time.perf_counter()
            run_search(view, SearchParams(q=q))
            searches.append((time.perf_counter() - t) * 1000)
        typed = {q.split()[0].strip('"')[:n] for q in queries for n in range(2, len(q.split()[0]) + 1)}
        suggests = []
        for text in sorted(typed):
            t = time.perf_counter()
            suggest(view, text, budget_ms=10_000)
            suggests.append((time.perf_counter() - t) * 1000)
        view.close()
    print(f"{label} (index built in {built:.1f} s)")
    print(f"  search   {percentiles(searches)}")
    print(f"  suggest  {percentiles(suggests)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000],
                        help="generated collection sizes besides the real one")
    args = parser.parse_args(argv)
    measure(ROOT / "cases", "real collection")
    for size in args.sizes:
        measure(collection(size), f"{size:,} generated cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
