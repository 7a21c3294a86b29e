"""Load test: the real server (gunicorn) under a mixed workload for a fixed time, on loopback.

Starts gunicorn with ``gunicorn.conf.py`` and production settings on 127.0.0.1 and a free port,
over a copy of ``cases/`` indexed into a temporary folder, then lets one client process per
gunicorn worker (enough to keep every worker busy: the machine's capacity) send requests back to
back until the time is up. The mix is what visitors and other systems do: searches as HTML and
JSON (words, facets, pages, sorting), case pages, theme pages, the front page, old addresses
that redirect, and wrong addresses and parameters (404 and 400 are expected answers there).

Halfway through, it adds a case and rebuilds the index with ``python -m indexer build`` while the
load goes on: readers must see no errors, and afterwards every worker must find the new case.

It prints requests, errors (any answer other than the expected one, or no answer), status
counts, latency percentiles, and the resident memory of each worker at the start, the middle
and the end (a leak shows as steady growth). Everything stops by itself; the server is stopped
even when the run fails.

    .venv/bin/python benchmarks/load.py                # 60 seconds
    .venv/bin/python benchmarks/load.py --seconds 15   # shorter
    .venv/bin/python benchmarks/load.py --no-rebuild   # load only

Exit status 1 when any request failed.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import loadgen
import serve

from indexer import generations
from indexer.record import FACET_FIELDS
from indexer.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
NEW_CASE = "belastningstest-ny-case"
NEW_WORD = "belastningsprøvecase"
MIX = {  # kind: share of requests
    "html search": 0.30, "api search": 0.25, "case page": 0.20, "theme page": 0.05,
    "front page": 0.05, "api case": 0.05, "old address": 0.03, "not found": 0.04, "bad parameter": 0.03,
}


def requests_for(settings: Settings, slugs: list[str], aliases: list[tuple[str, str]],
                 count: int, seed: int) -> list[tuple[str, str, int]]:
    """``count`` (kind, path, expected status) drawn from MIX, from the collection itself."""
    rng = random.Random(seed)
    searches = serve.workload(settings, count, seed)
    themes = list(settings.themes) or ["findes-ikke"]
    sorts = ["relevance", "newest", "title"]
    out = []
    for i in range(count):
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        search = searches[i]
        args = {"q": search["q"], **search["filters"]}
        if search["page"] > 1:
            args["page"] = search["page"]
        if kind == "html search":
            args["sort"] = rng.choice(sorts)
            out.append((kind, "/?" + urlencode({k: v for k, v in args.items() if v}), 200))
        elif kind == "api search":
            out.append((kind, serve.our_path(search), 200))
        elif kind == "case page":
            out.append((kind, f"/cases/{rng.choice(slugs)}", 200))
        elif kind == "api case":
            out.append((kind, f"/api/cases/{rng.choice(slugs)}", 200))
        elif kind == "theme page":
            out.append((kind, f"/tema/{rng.choice(themes)}", 200 if settings.themes else 404))
        elif kind == "front page":
            out.append((kind, "/", 200))
        elif kind == "old address" and aliases:
            out.append((kind, rng.choice(aliases)[0], 301))
        elif kind == "not found" or kind == "old address":
            out.append(("not found", f"/cases/findes-ikke-{rng.randrange(1000)}", 404))
        else:
            facet = rng.choice([f for f in FACET_FIELDS if f in settings.facets])
            out.append((kind, f"/?{facet}=ukendt-{rng.randrange(100)}", 400))
    return out


def _client(port: int, requests: list[tuple[str, str, int]], until: float) -> list[tuple]:
    """Send ``requests`` round and round until ``until`` (time.time()); one sample per answer."""
    samples = []
    i = 0
    while time.time() < until:
        kind, path, expected = requests[i % len(requests)]
        i += 1
        sent = time.time()
        try:
            status, seconds, _, _ = loadgen.fetch(port, path)
        except OSError as exc:
            status, seconds = f"no answer ({type(exc).__name__})", time.time() - sent
        samples.append((kind, path, expected, status, seconds, sent))
    return samples


def worker_rss(master: int) -> dict[int, float]:
    return {pid: loadgen.rss_mb(pid) for pid in loadgen.children(master)}


def add_case_and_rebuild(settings: Settings, config: Path) -> tuple[int, float, str]:
    """Write a new case into the collection and run a full build beside the live index."""
    source = sorted(settings.cases_dir.glob("*.yaml"))[0].read_text(encoding="utf-8")
    lines = [line for line in source.splitlines() if not line.startswith(("title:", "aliases:"))]
    lines.insert(0, f"title: En ny case om {NEW_WORD}, tilføjet under belastningstesten")
    (settings.cases_dir / f"{NEW_CASE}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "indexer", "--config", str(config), "build", "--no-progress"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    return done.returncode, time.perf_counter() - started, (done.stderr or done.stdout).strip()[-300:]


def new_case_seen(port: int, tries: int) -> int:
    """How many of ``tries`` searches (spread over the workers) find the case added mid-run."""
    found = 0
    for _ in range(tries):
        status, _, _, body = loadgen.fetch(port, "/api/search?" + urlencode({"q": NEW_WORD}))
        found += status == 200 and NEW_CASE.encode() in body
    return found


def report(samples: list[tuple], seconds: float, rss: dict[str, dict[int, float]], rebuild: dict | None) -> int:
    statuses = Counter(s[3] for s in samples)
    errors = [s for s in samples if s[3] != s[2]]
    ms = [s[4] * 1000 for s in samples]
    summary = loadgen.summary(ms)
    print(f"requests: {len(samples)} in {seconds:.0f} s ({len(samples) / seconds:.0f}/s); errors: {len(errors)}")
    print("statuses: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items(), key=str)))
    print(f"latency ms: p50 {summary['p50']:.1f}, p95 {summary['p95']:.1f}, p99 {summary['p99']:.1f}, "
          f"max {max(ms, default=0):.1f}")
    for kind in MIX:
        values = [s[4] * 1000 for s in samples if s[0] == kind]
        if values:
            k = loadgen.summary(values)
            print(f"  {kind:<14} {len(values):>6}  p50 {k['p50']:7.1f}  p95 {k['p95']:7.1f}  p99 {k['p99']:7.1f}")
    for phase, by_pid in rss.items():
        print(f"RSS MB {phase:<7} " + " ".join(f"{pid}:{mb:.0f}" for pid, mb in sorted(by_pid.items())))
    common = set(rss["start"]) & set(rss["end"])
    if common:
        growth = [rss["end"][pid] - rss["start"][pid] for pid in common]
        print(f"RSS change start -> end per worker: {min(growth):+.1f} to {max(growth):+.1f} MB "
              f"({len(set(rss['end']) - set(rss['start']))} worker(s) replaced)")
    if rebuild:
        window = [s for s in samples if rebuild["started"] <= s[5] <= rebuild["ended"]]
        window_errors = sum(1 for s in window if s[3] != s[2])
        print(f"rebuild mid-run: exit {rebuild['code']} in {rebuild['seconds']:.1f} s; {len(window)} requests "
              f"during it, {window_errors} errors; generation switched: {rebuild['switched']}; "
              f"new case found by {rebuild['seen']}/{rebuild['tries']} searches after it")
        if rebuild["code"] != 0:
            print(f"  build said: {rebuild['output']}")
    for kind, path, expected, status, _, _ in errors[:10]:
        print(f"  error: {kind} {path[:80]} -> {status} (expected {expected})")
    failed = bool(errors) or bool(rebuild and (rebuild["code"] or rebuild["seen"] < rebuild["tries"]))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to load the server (max 60)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--clients", type=int, default=None, help="client processes (default: one per worker)")
    parser.add_argument("--no-rebuild", action="store_true", help="do not rebuild the index mid-run")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    seconds = max(1.0, min(args.seconds, 60.0))

    with tempfile.TemporaryDirectory(prefix="casesamlingen-load-") as tmp:
        workdir = Path(tmp)
        shutil.copytree(ROOT / "cases", workdir / "cases")
        settings, cases = serve.prepare(workdir / "cases", workdir)
        config = serve.write_config(settings, workdir / "config.yaml")
        slugs = [c.slug for c in cases if c.published]
        aliases = [(a, c.slug) for c in cases if c.published for a in c.aliases]
        port = serve.free_port()
        server = serve.start_ours(config, port, args.workers, workdir / "gunicorn.log")
        try:
            serve.wait_until_up(port, "/", server)
            workers = loadgen.children(server.pid)
            clients = args.clients or len(workers)
            print(f"gunicorn on 127.0.0.1:{port}: {len(workers)} workers; {clients} clients; {len(slugs)} cases; "
                  f"{seconds:.0f} s; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
                  f"(machine shared: latencies are noisy)")
            requests = requests_for(settings, slugs, aliases, 2000, args.seed)
            loadgen.run(port, [(k, p) for k, p, _ in requests[: 20 * len(workers)]], clients)  # warm up
            rss = {"start": worker_rss(server.pid)}
            started = time.time()
            until = started + seconds
            shares = [requests[i::clients] for i in range(clients)]
            rebuild = None
            with ProcessPoolExecutor(max_workers=clients) as pool:
                futures = [pool.submit(_client, port, share, until) for share in shares]
                time.sleep(seconds / 2)
                rss["middle"] = worker_rss(server.pid)
                if not args.no_rebuild:
                    before = generations.current_generation(settings.index_dir)
                    rebuild = {"started": time.time()}
                    rebuild["code"], rebuild["seconds"], rebuild["output"] = add_case_and_rebuild(settings, config)
                    rebuild["ended"] = time.time()
                    rebuild["switched"] = generations.current_generation(settings.index_dir) != before
                    rebuild["tries"] = 4 * len(workers)
                    rebuild["seen"] = new_case_seen(port, rebuild["tries"])
                samples = [s for f in futures for s in f.result(timeout=seconds + 120)]
            elapsed = max((s[5] + s[4] for s in samples), default=until) - started
            rss["end"] = worker_rss(server.pid)
        finally:
            serve.stop(server)
    return report(samples, elapsed, rss, rebuild)


if __name__ == "__main__":
    sys.exit(main())
