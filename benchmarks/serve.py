"""Serving speed, side by side: the floor (hello world), our search API, and Datasette as a peer.

In one run, on loopback only:

1. builds the chosen collection (the shipped ``cases/`` or a generated one, ``--cases N``) into
   a temporary index and the same cases into a SQLite/FTS5 database for Datasette;
2. starts the real server: gunicorn with ``gunicorn.conf.py`` and production settings
   (``CASESAMLINGEN_ENV=production``, a random secret key), and Datasette;
3. sends the same bounded number of requests in phases: ``/healthz`` (the floor: a Flask route
   that does nothing, on the same server), ``/api/search`` with a mixed workload of real queries
   (words; words + facet filters; page 2; facet filters alone; the empty front page), the same
   mix again (each worker remembers searches it has answered until the index changes, so the
   first pass shows searches new to a worker, the second repeated ones), and the same searches
   to Datasette (``_search``, the same seven facets and filters);
4. prints p50/p95/p99 latency, requests per second, the ratios ours/floor and ours/peer, and
   the resident memory (RSS) of each gunicorn worker and of Datasette;
5. with the servers stopped, compares the engines alone, in process (``engine_level.py``): the
   relevance queries, alone and with two facet filters, through our engine (first sight), SQLite
   FTS5 and tantivy (an optional extra: ``.venv/bin/pip install tantivy``) on the same
   documents, with p50/p95 and the ratios ours/FTS5 and ours/tantivy.

The queries are the real ones people search with, from ``benchmarks/relevance/queries.yaml``
(a built-in list when that file is missing). Timings on a shared machine are noisy: run it
twice and read the figures, not the decimals.

    .venv/bin/python benchmarks/serve.py                 # shipped collection, 1,000 requests/phase
    .venv/bin/python benchmarks/serve.py --cases 10000   # a generated collection of 10,000 cases
    .venv/bin/python benchmarks/serve.py --short         # a quick run (CI-like)
"""
from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import yaml

import engine_level
import loadgen
import peer
from generate import collection, settings_for

from indexer import generations
from indexer.build import write_generation
from indexer.collection import load_collection
from indexer.record import FACET_FIELDS
from indexer.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QUERIES_FILE = ROOT / "benchmarks" / "relevance" / "queries.yaml"
FALLBACK_QUERIES = [
    "ældrepleje", "borgerinddragelse", "velfærdsteknologi", "robot", "restskat", "frivillige",
    "hjemmepleje", "ledige", "chatbot", "kunstig intelligens", "Aarhus", "innovation",
    "sundhed", "digitalisering", "børn og unge", "rehabilitering", "klima", "medarbejdere",
]
KINDS = ("words", "words+facets", "page 2", "facets only", "empty")
MIX = (0.40, 0.30, 0.10, 0.10, 0.10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def real_queries() -> list[str]:
    try:
        data = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
        queries = [str(item["q"]) for item in data["queries"] if str(item.get("q", "")).strip()]
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        queries = []
    return queries or FALLBACK_QUERIES


def workload(settings: Settings, count: int, seed: int) -> list[dict]:
    """``count`` searches: kind, words, facet filters (one value per facet) and page."""
    rng = random.Random(seed)
    queries = real_queries()
    facets = {name: list(settings.facets[name].values) for name in FACET_FIELDS
              if name in settings.facets}
    out = []
    for _ in range(count):
        kind = rng.choices(KINDS, weights=MIX)[0]
        q = "" if kind in ("facets only", "empty") else rng.choice(queries)
        filters = {}
        if kind in ("words+facets", "facets only"):
            for name in rng.sample(sorted(facets), rng.randint(1, 2)):
                filters[name] = rng.choice(facets[name])
        out.append({"kind": kind, "q": q, "filters": filters, "page": 2 if kind == "page 2" else 1})
    return out


def our_path(search: dict) -> str:
    args = {"q": search["q"], **search["filters"]}
    if search["page"] > 1:
        args["page"] = search["page"]
    return "/api/search?" + urlencode(args)


def peer_paths(port: int, searches: list[dict]) -> list[str]:
    """Datasette paths; page 2 follows the ``next`` token of page 1, as a client would."""
    tokens: dict[str, str | None] = {}
    paths = []
    for search in searches:
        first = peer.search_path(search["q"], search["filters"])
        if search["page"] == 1:
            paths.append(first)
            continue
        if first not in tokens:
            status, _, _, body = loadgen.fetch(port, first)
            tokens[first] = json.loads(body).get("next") if status == 200 else None
        paths.append(peer.search_path(search["q"], search["filters"], tokens[first] or "20"))
    return paths


def write_config(settings: Settings, path: Path) -> Path:
    raw = dict(settings.raw)
    raw["paths"] = {k: str(Path(v).resolve()) for k, v in raw["paths"].items()}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def start_ours(config: Path, port: int, workers: int | None, log: Path) -> subprocess.Popen:
    env = dict(os.environ)
    env.update({
        "CASESAMLINGEN_ENV": "production",
        "CASESAMLINGEN_SECRET_KEY": secrets.token_hex(32),
        "CASESAMLINGEN_CONFIG": str(config),
        "CASESAMLINGEN_BIND": f"127.0.0.1:{port}",
    })
    if workers:
        env["CASESAMLINGEN_WORKERS"] = str(workers)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen([str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py")], cwd=ROOT, env=env,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)


def wait_until_up(port: int, path: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} exited with {process.returncode}")
        try:
            if loadgen.fetch(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not answer {path} within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def line(label: str, values: list[float], run: loadgen.Run | None = None) -> str:
    s = loadgen.summary(values)
    tail = f"{run.throughput:>8.0f} {run.errors:>6}" if run else f"{'':>8} {'':>6}"
    return f"{label:<34} {len(values):>6} {s['p50']:>7.1f} {s['p95']:>7.1f} {s['p99']:>7.1f} {tail}"


def report(floor: loadgen.Run, ours: loadgen.Run, again: loadgen.Run, other: loadgen.Run | None,
           rss_workers: list[float], private_workers: list[float], rss_master: float,
           rss_peer: float) -> None:
    print(f"{'':<34} {'n':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>8} {'errors':>6}")
    print(line("floor   GET /healthz", floor.latencies(), floor))
    print(line("ours    GET /api/search (mix)", ours.latencies(), ours))
    for kind in ours.kinds():
        print(line(f"          {kind}", ours.latencies(kind)))
    print(line("        server time (Server-Timing)", ours.server_times()))
    print(line("ours    the same mix again", again.latencies(), again))
    for kind in again.kinds():
        print(line(f"          {kind}", again.latencies(kind)))
    if other:
        print(line("peer    Datasette (same mix)", other.latencies(), other))
        for kind in other.kinds():
            print(line(f"          {kind}", other.latencies(kind)))
    floor_p95 = loadgen.percentile(floor.latencies(), 95)
    ours_p95 = loadgen.percentile(ours.latencies(), 95)
    again_p95 = loadgen.percentile(again.latencies(), 95)
    print(f"ours/floor p95: {ours_p95 / floor_p95:.2f}x first pass, {again_p95 / floor_p95:.2f}x "
          f"again (target <= 3)")
    if other:
        peer_p95 = loadgen.percentile(other.latencies(), 95)
        print(f"ours/peer  p95: {ours_p95 / peer_p95:.2f}x; throughput ours/peer: "
              f"{ours.throughput / other.throughput:.2f}x (target >= 1.5)")
    facets_p95 = loadgen.percentile(ours.latencies("words+facets"), 95)
    facets_again = loadgen.percentile(again.latencies("words+facets"), 95)
    print(f"ours p95 for words + facets + snippets: {facets_p95:.1f} ms first pass, "
          f"{facets_again:.1f} ms again (target at 10,000 cases <= 50)")
    workers = " ".join(f"{mb:.0f}" for mb in rss_workers)
    private = " ".join(f"{mb:.0f}" for mb in private_workers)
    print(f"RSS MB: gunicorn workers {workers} (max {max(rss_workers, default=0):.0f}, target <= 150; "
          f"of which private to each: {private}), master {rss_master:.0f}"
          + (f"; Datasette {rss_peer:.0f}" if other else ""))


def prepare(cases_dir: Path, workdir: Path) -> tuple[Settings, list]:
    settings = settings_for(cases_dir, workdir)
    cases = load_collection(settings).cases
    target = generations.new_generation(settings.index_dir)
    write_generation(cases, target)
    generations.switch_to(settings.index_dir, target)
    return settings, cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serving speed: floor, ours and Datasette.")
    parser.add_argument("--cases", type=int, default=0,
                        help="a generated collection of N cases (default: the shipped cases/)")
    parser.add_argument("--requests", type=int, default=1000, help="requests per phase (default 1000)")
    parser.add_argument("--clients", type=int, default=os.cpu_count() or 2,
                        help="concurrent clients (default: one per core)")
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--short", action="store_true", help="200 requests per phase")
    parser.add_argument("--no-peer", action="store_true", help="skip Datasette")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    requests = 200 if args.short else args.requests

    with tempfile.TemporaryDirectory(prefix="casesamlingen-serve-bench-") as tmp:
        workdir = Path(tmp)
        cases_dir = collection(args.cases) if args.cases else ROOT / "cases"
        settings, cases = prepare(cases_dir, workdir)
        config = write_config(settings, workdir / "config.yaml")
        searches = workload(settings, requests, args.seed)
        ours_port = free_port()
        server = start_ours(config, ours_port, args.workers, workdir / "gunicorn.log")
        datasette = None
        try:
            wait_until_up(ours_port, "/healthz", server)
            workers = loadgen.children(server.pid)
            print(f"{len(cases)} cases from {cases_dir}; {os.cpu_count()} cores; gunicorn "
                  f"{len(workers)} workers; {args.clients} clients; {requests} requests per phase; "
                  f"load average {os.getloadavg()[0]:.1f} (machine shared: figures are noisy)")
            warm = [("warm", our_path(s)) for s in searches[: 4 * len(workers)]]
            loadgen.run(ours_port, warm + [("warm", "/healthz")] * 50, args.clients)
            floor = loadgen.run(ours_port, [("healthz", "/healthz")] * requests, args.clients)
            ours = loadgen.run(ours_port, [(s["kind"], our_path(s)) for s in searches], args.clients)
            again = loadgen.run(ours_port, [(s["kind"], our_path(s)) for s in searches], args.clients)
            rss_workers = [loadgen.rss_mb(pid) for pid in loadgen.children(server.pid)]  # after both passes
            private_workers = [loadgen.private_mb(pid) for pid in loadgen.children(server.pid)]
            rss_master = loadgen.rss_mb(server.pid)
            other, rss_peer = None, 0.0
            if not args.no_peer:
                database = peer.write_database(cases, workdir / f"{peer.DATABASE}.db")
                peer_port = free_port()
                datasette = peer.start(database, peer_port, workdir / "datasette.log")
                wait_until_up(peer_port, f"/{peer.DATABASE}.json", datasette)
                paths = peer_paths(peer_port, searches)
                loadgen.run(peer_port, [("warm", p) for p in paths[: 4 * len(workers)]], args.clients)
                other = loadgen.run(peer_port, [(s["kind"], p) for s, p in zip(searches, paths)],
                                    args.clients)
                rss_peer = loadgen.rss_mb(datasette.pid)
        finally:
            stop(server)
            if datasette is not None:
                stop(datasette)
        report(floor, ours, again, other, rss_workers, private_workers, rss_master, rss_peer)
        # With the servers stopped, so that nothing else competes for the cores.
        for text in engine_level.compare(settings, cases, real_queries()):
            print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
