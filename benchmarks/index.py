"""Indexing speed: full build time, save -> searchable time and index size.

For the shipped collection (``cases/``) and generated collections of 1,000 and 10,000 cases
(see ``generate.py``), each built into a temporary folder (the live index is never touched):

- full build: read + validate every case file, then write a new generation and switch to it
  (both parts are shown; ``python -m indexer build`` does exactly this);
- save -> searchable: an editor's save goes through ``indexer.build.update_case``; the clock
  stops when a running ``IndexAccess`` (what each web worker holds) finds the new text;
- index size on disk, and the build's peak memory (each build runs in a fresh process);
- beside each generated collection, SQLite FTS5 and tantivy (if installed: it is an optional
  extra, ``.venv/bin/pip install tantivy``) indexing the same documents (``engines.py``).

A build uses one process per CPU for a large collection (``--jobs``); ``--single`` also times the
one-process build, the reference path, in the same run.

    .venv/bin/python benchmarks/index.py                      # 70, 1,000 and 10,000 cases
    .venv/bin/python benchmarks/index.py --sizes 10000 --single
    .venv/bin/python benchmarks/index.py --short              # the shipped collection only
"""
from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from engines import fts5_build_seconds, tantivy_build_seconds
from generate import collection, settings_for

from indexer import generations
from indexer.build import build_index, update_case
from indexer.collection import load_collection
from indexer.settings import Settings, load_settings
from search_app.engine.snapshot import IndexAccess
from search_app.engine.query import parse_user_query
from search_app.engine.matching import match

SAVES = 5


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _build(settings: Settings, jobs: int | None) -> dict:
    """A full build (``python -m indexer build`` does the same) and its figures."""
    summary = build_index(settings, jobs=jobs)
    seconds = summary.seconds
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return {"cases": summary.indexed, "total": seconds, "read": summary.read_seconds,
            "write": seconds - summary.read_seconds, "jobs": summary.jobs,
            "size": folder_size(summary.generation),
            "cpu": sum(u.ru_utime + u.ru_stime for u in usage),
            "rss_mb": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024}


def full_build(settings: Settings, jobs: int | None = None) -> dict:
    """A full build in a fresh process, so that its peak memory (the largest of the building
    process and the worker processes it started) is the build's own."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_build_into, args=(results, settings, jobs))
    process.start()
    figures = results.get()
    process.join()
    return figures


def _build_into(results, settings: Settings, jobs: int | None) -> None:
    results.put(_build(settings, jobs))


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


def measure(label: str, cases_dir: Path, jobs: int | None, single: bool, engines: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="casesamlingen-index-bench-") as tmp:
        settings = settings_for(cases_dir, Path(tmp))
        build = full_build(settings, jobs)
        saves = save_to_searchable(settings)
        live = generations.current_generation(settings.index_dir)
        size_after = folder_size(live)
        reference = full_build(settings, 1) if single and build["jobs"] > 1 else None
        cases = load_collection(settings, jobs=jobs).cases if engines else []
    print(f"{label:>14} {build['cases']:>6} {build['jobs']:>4} {build['total']:>8.2f} "
          f"{build['read']:>8.2f} {build['write']:>8.2f} {build['cpu']:>7.1f} {build['rss_mb']:>8.0f} "
          f"{statistics.median(saves) * 1000:>10.0f} {max(saves) * 1000:>8.0f} "
          f"{build['size'] / 1e6:>8.1f} {size_after / 1e6:>9.1f}")
    if reference:
        print(f"{'one process':>14} {reference['cases']:>6} {reference['jobs']:>4} "
              f"{reference['total']:>8.2f} {reference['read']:>8.2f} {reference['write']:>8.2f} "
              f"{reference['cpu']:>7.1f} {reference['rss_mb']:>8.0f}   (the reference path; "
              f"{reference['total'] / build['total']:.2f}x the time of {build['jobs']} processes)")
    if engines:
        fts5 = fts5_build_seconds(cases)
        tantivy = tantivy_build_seconds(cases)
        line = f"{'':>14} same documents: FTS5 {fts5:.2f} s (ours {build['total'] / fts5:.1f}x)"
        if tantivy is None:
            line += ", tantivy not installed (pip install tantivy)"
        else:
            line += f", tantivy {tantivy:.2f} s (ours {build['total'] / tantivy:.1f}x)"
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Indexing speed: build, save -> searchable, size.")
    parser.add_argument("--short", action="store_true", help="the shipped collection only")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000],
                        help="generated collection sizes (default 1000 10000)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes for a build (default: one per CPU, as `indexer build`)")
    parser.add_argument("--single", action="store_true",
                        help="also time each generated build in one process, the reference path")
    parser.add_argument("--no-engines", action="store_true",
                        help="skip the FTS5 and tantivy builds of the same documents")
    args = parser.parse_args(argv)
    shipped = load_settings().cases_dir
    print(f"{'collection':>14} {'cases':>6} {'jobs':>4} {'build s':>8} {'read s':>8} {'write s':>8} "
          f"{'cpu s':>7} {'peak MB':>8} {'save p50 ms':>10} {'max ms':>8} {'size MB':>8} {'+saves MB':>9}")
    measure("shipped", shipped, args.jobs, False, False)
    if not args.short:
        for size in args.sizes:
            measure("generated", collection(size), args.jobs, args.single, not args.no_engines)
    print(f"(save -> searchable: {SAVES} saves each; build = read + validate + write + switch; "
          "cpu s: processor time of the build's processes together, which other work on the machine "
          "does not inflate as much as the clock; peak MB: the largest resident size of the build's "
          "processes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
