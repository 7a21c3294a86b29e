"""Indexing speed: full build time, save -> searchable time and index size.

For the shipped collection (``cases/``) and generated collections of 1,000 and 10,000 cases
(see ``generate.py``), each built into a temporary folder (the live index is never touched):

- full build: read + validate every case file, then write a new generation and switch to it
  (both parts are shown; ``python -m indexer build`` does exactly this);
- save -> searchable: an editor's save goes through ``indexer.build.update_case``; the clock
  stops when a running ``IndexAccess`` (what each web worker holds) finds the new text;
- index size on disk.

    .venv/bin/python benchmarks/index.py             # 70, 1,000 and 10,000 cases
    .venv/bin/python benchmarks/index.py --short     # the shipped collection only
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from generate import collection, settings_for

from indexer import generations
from indexer.build import build_index, update_case, write_generation
from indexer.collection import load_collection
from indexer.settings import Settings, load_settings
from search_app.engine.snapshot import IndexAccess
from search_app.engine.query import parse_user_query
from search_app.engine.matching import match

SAVES = 5


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def full_build(settings: Settings) -> dict:
    """Seconds for a full build (total, and its read/validate and write parts)."""
    started = time.perf_counter()
    summary = build_index(settings)
    total = time.perf_counter() - started
    read_started = time.perf_counter()
    cases = load_collection(settings).cases
    read = time.perf_counter() - read_started
    scratch = Path(tempfile.mkdtemp(dir=settings.index_dir))
    write_started = time.perf_counter()
    write_generation(cases, scratch)
    write = time.perf_counter() - write_started
    return {"cases": summary.indexed, "total": total, "read": read, "write": write,
            "size": folder_size(summary.generation)}


def save_to_searchable(settings: Settings, saves: int = SAVES) -> list[float]:
    """Seconds from the start of an editor's save until a running reader finds the change."""
    access = IndexAccess(settings)
    view = access.view()
    cases = load_collection(settings).cases
    seconds = []
    for attempt in range(saves):
        marker = f"benchmarkord{attempt}x{int(time.time() * 1000) % 100000}"
        case = cases[attempt * 7 % len(cases)]
        changed = case.model_copy(update={"lead": f"{case.lead} {marker}"})
        started = time.perf_counter()
        update_case(settings, changed)
        while True:
            view = access.view()
            docs = match(view, parse_user_query(marker)).docs
            if docs:
                break
            if time.perf_counter() - started > 30:
                raise RuntimeError("the saved case did not become searchable within 30 s")
            time.sleep(0.005)
        seconds.append(time.perf_counter() - started)
    access.close()
    return seconds


def measure(label: str, cases_dir: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="casesamlingen-index-bench-") as tmp:
        settings = settings_for(cases_dir, Path(tmp))
        build = full_build(settings)
        saves = save_to_searchable(settings)
        live = generations.current_generation(settings.index_dir)
        size_after = folder_size(live)
    print(f"{label:>14} {build['cases']:>6} {build['total']:>8.2f} {build['read']:>8.2f} "
          f"{build['write']:>8.2f} {statistics.median(saves) * 1000:>10.0f} "
          f"{max(saves) * 1000:>8.0f} {build['size'] / 1e6:>8.1f} {size_after / 1e6:>9.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Indexing speed: build, save -> searchable, size.")
    parser.add_argument("--short", action="store_true", help="the shipped collection only")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000],
                        help="generated collection sizes (default 1000 10000)")
    args = parser.parse_args(argv)
    shipped = load_settings().cases_dir
    print(f"{'collection':>14} {'cases':>6} {'build s':>8} {'read s':>8} {'write s':>8} "
          f"{'save p50 ms':>10} {'max ms':>8} {'size MB':>8} {'+saves MB':>9}")
    measure("shipped", shipped)
    if not args.short:
        for size in args.sizes:
            measure("generated", collection(size))
    print(f"(save -> searchable: {SAVES} saves each; build = read + validate + write + switch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
