"""What the help on a page with no results costs: ``Engine.zero_help`` on the real collection
(``cases/``, built into a temporary index), for searches that find nothing. Prints, per search,
the searches offered (with how many cases each finds), the close themes, and the time taken
(median of ``--repeat`` runs; the first run of a word also reads the index's word list).

    .venv/bin/python benchmarks/zero_help.py
    .venv/bin/python benchmarks/zero_help.py --repeat 20 klimatilpasning hjemmeplejeteams
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search_app import create_app, index_state  # noqa: E402
from search_app.params import SearchParams  # noqa: E402
from tests.conftest import app_config, real_collection  # noqa: E402

QUERIES = ["klimatilpasning", "hjemmeplejeteams", "borgerinddragelsesprojekt", "ældretransport",
           "velfærdsteknologiprojekt", "xyzzyqqq"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(app_config(real_collection(Path(tmp))))
        with app.test_request_context("/"):
            engine = index_state.engine()
            for q in args.queries:
                params = SearchParams(q=q)
                times, help = [], None
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    help = engine.zero_help(params, budget=1000)
                    times.append((time.perf_counter() - started) * 1000)
                offered = ", ".join(f"{w.kind}:{w.text} ({w.count})" for w in help.ways) or "-"
                themes = ", ".join(t.slug for t in help.themes) or "-"
                print(f"{q}: first {times[0]:.1f} ms, median {statistics.median(times):.1f} ms; "
                      f"offers {offered}; themes {themes}")


if __name__ == "__main__":
    main()
