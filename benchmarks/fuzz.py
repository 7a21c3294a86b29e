"""Fuzzing at scale: thousands of hostile search requests, counted by answer.

Sends the requests that ``tests/test_fuzz.py`` generates (random Unicode, control characters,
10,000-character queries, Whoosh syntax, huge numbers, invalid bytes, repeated parameters) to
``/``, ``/api/search`` and the suggestions, exports and feed that share their grammar, on the
app over the real collection (``cases/``, built into a temporary index), in process, without
stopping at the first failure. Prints how many requests got each status, every distinct 500
with the exception behind it, and latency percentiles.

    .venv/bin/python benchmarks/fuzz.py                  # 10,000 requests
    .venv/bin/python benchmarks/fuzz.py --requests 500   # a quick run

Exit status 1 when any request got a 500.
"""
from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.build import build_index  # noqa: E402
from search_app import create_app  # noqa: E402
from tests.conftest import app_config, make_settings  # noqa: E402
from tests.test_fuzz import PATHS, request  # noqa: E402


class _Failures(logging.Handler):
    """Keeps the exceptions the app logs for its 500s (errors.py logs every one)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000, help="how many requests (default 10,000)")
    parser.add_argument("--cases", type=Path, default=ROOT / "cases", help="the collection (default cases/)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="casesamlingen-fuzz-") as tmp:
        app_settings = make_settings(Path(tmp), args.cases)
        built = build_index(app_settings)
        app = create_app({**app_config(app_settings), "TESTING": False})
        failures = _Failures()
        logging.getLogger("search_app.errors").addHandler(failures)
        logging.getLogger("search_app.errors").propagate = False
        client = app.test_client()
        statuses: Counter[int] = Counter()
        latencies: list[tuple[float, str]] = []
        five_hundreds: list[str] = []

        @settings(max_examples=args.requests, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(request)
        def send(req):
            path, qs = req
            started = time.perf_counter()
            response = client.get(path, query_string=qs)
            latencies.append(((time.perf_counter() - started) * 1000, f"{path}?{qs[:120]}"))
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                five_hundreds.append(f"{path}?{qs[:200]}")

        started = time.perf_counter()
        send()
        wall = time.perf_counter() - started

    total = sum(statuses.values())
    ms = [m for m, _ in latencies]
    print(f"collection: {built.indexed} cases from {args.cases}")
    print(f"requests: {total} in {wall:.0f} s to " + ", ".join(PATHS))
    print("statuses: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
    print(f"500s: {len(five_hundreds)}")
    print(f"latency ms: p50 {percentile(ms, 50):.1f}, p95 {percentile(ms, 95):.1f}, "
          f"p99 {percentile(ms, 99):.1f}, max {max(ms, default=0):.1f}; over 1 s: {sum(m > 1000 for m in ms)}")
    for m, url in sorted(latencies, reverse=True)[:5]:
        print(f"  slowest {m:7.1f} ms  {url[:100]!r}")
    seen = set()
    for url, record in zip(five_hundreds, failures.records):
        kind = record.exc_info[1].__class__.__name__ if record.exc_info else record.getMessage()
        if kind not in seen:
            seen.add(kind)
            print(f"  500 ({kind}: {record.exc_info[1] if record.exc_info else ''}) for {url!r}")
    return 1 if five_hundreds else 0


if __name__ == "__main__":
    sys.exit(main())
