"""What the open-data addresses and the charted search page cost on the server.

Builds the shipped collection (or a generated one, ``--cases N``, see ``generate.py``) into a
temporary index, then calls each address in-process through Flask's test client (no network, so
the figures are the app's own work) and prints p50/p95 in milliseconds and the answer's size:
the search page with its charts, a filtered one, the exports (whole result), the feed, the
sitemap and the OpenAPI description. Each answer is read as a client reads it, part by part: the
time to its first part shows whether it streams, and one more call under ``tracemalloc`` prints
the most memory Python held at once while answering it (flat when an answer streams, growing with
the collection when it is built whole).

    .venv/bin/python benchmarks/open_data.py                 # shipped collection, 30 calls each
    .venv/bin/python benchmarks/open_data.py --cases 10000   # a generated collection
    .venv/bin/python benchmarks/open_data.py --cases 10000 --only /feed.xml /sitemap.xml
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from generate import collection, settings_for

from indexer.build import build_index
from search_app import create_app

ROOT = Path(__file__).resolve().parent.parent
ADDRESSES = [
    "/",
    "/?innovation_type=service&region=sjaelland",
    "/?q=ældrepleje",
    "/?lang=en&area=aeldre",
    "/tema/lav-nye-services",
    "/feed.xml",
    "/feed.xml?area=aeldre",
    "/api/search.csv",
    "/api/search.csv?innovation_type=service",
    "/api/search.json",
    "/sitemap.xml",
    "/api/openapi.json",
]


def measure(client, url: str, calls: int) -> tuple[float, float, float, int]:
    """p50 and p95 of the whole answer, p95 of its first part (ms), and its size in bytes."""
    client.get(url)  # warm: first render compiles templates
    times, first_bytes = [], []
    size = 0
    for _ in range(calls):
        started = time.perf_counter()
        response = client.get(url, buffered=False)
        chunks = iter(response.response)
        first = next(chunks, b"")
        first_bytes.append((time.perf_counter() - started) * 1000)
        size = len(first) + sum(len(chunk) for chunk in chunks)
        response.close()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return _p(times, 0.5), _p(times, 0.95), _p(first_bytes, 0.95), size


def traced_peak_kb(client, url: str) -> int:
    """The most memory (kB) Python allocated at once, above what it held before, while answering
    ``url`` once and reading the answer part by part (each part dropped once read)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        response = client.get(url, buffered=False)
        for _chunk in response.response:
            pass
        response.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (peak - before) // 1024


def _p(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * share + 0.5) - 1)] if share < 1 else values[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=0, help="a generated collection of N cases "
                        "(default: the shipped cases/)")
    parser.add_argument("--calls", type=int, default=30, help="calls per address (default 30)")
    parser.add_argument("--only", nargs="+", metavar="ADDRESS", help="measure these addresses only")
    args = parser.parse_args(argv)
    cases_dir = collection(args.cases) if args.cases else ROOT / "cases"
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings_for(cases_dir, Path(tmp))
        summary = build_index(settings)
        app = create_app({"TESTING": True, "CASES_DIR": str(cases_dir), "INDEX_DIR": str(Path(tmp) / "index"),
                          "DATA_DIR": str(Path(tmp) / "data"), "SECRET_KEY": "benchmark",
                          "RATELIMIT_ENABLED": False})
        client = app.test_client()
        print(f"{summary.indexed} cases, {args.calls} calls per address, in-process")
        print(f"{'address':48} {'p50 ms':>8} {'p95 ms':>8} {'1st byte':>8} {'size':>10} {'peak kB':>8}")
        for url in args.only or ADDRESSES:
            p50, p95, first, size = measure(client, url, args.calls)
            peak = traced_peak_kb(client, url)
            print(f"{url:48} {p50:8.1f} {p95:8.1f} {first:8.1f} {size:10,} {peak:8,}", flush=True)
        print("(1st byte: p95 ms until the first part of the answer; peak kB: the most memory Python "
              "held at once for one answer, read part by part, measured apart from the timings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
