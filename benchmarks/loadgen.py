"""A bounded HTTP load loop against 127.0.0.1, and the figures it reports.

Each client is its own process (so the clients do not share one GIL) and sends its share of the
requests one after the other, each on a new connection (gunicorn's sync workers close the
connection after every answer, so every server is measured the same way). Latency is measured
from opening the connection to reading the last byte of the body.
"""
from __future__ import annotations

import http.client
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sample:
    kind: str
    status: int
    seconds: float
    server_ms: float | None


@dataclass
class Run:
    """The outcome of one load phase."""

    samples: list[Sample] = field(default_factory=list)
    wall: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.samples) / self.wall if self.wall else 0.0

    @property
    def errors(self) -> int:
        return sum(1 for s in self.samples if s.status != 200)

    def latencies(self, kind: str | None = None) -> list[float]:
        return [s.seconds * 1000 for s in self.samples if kind is None or s.kind == kind]

    def server_times(self, kind: str | None = None) -> list[float]:
        return [s.server_ms for s in self.samples
                if s.server_ms is not None and (kind is None or s.kind == kind)]

    def kinds(self) -> list[str]:
        return sorted({s.kind for s in self.samples})


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(values: list[float]) -> dict[str, float]:
    return {"p50": percentile(values, 50), "p95": percentile(values, 95),
            "p99": percentile(values, 99), "mean": statistics.fmean(values) if values else float("nan")}


def _server_total(header: str | None) -> float | None:
    """The ``total`` duration (ms) from a Server-Timing header, if any."""
    for part in (header or "").split(","):
        name, _, rest = part.strip().partition(";dur=")
        if name == "total" and rest:
            try:
                return float(rest)
            except ValueError:
                return None
    return None


def fetch(port: int, path: str) -> tuple[int, float, float | None, bytes]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = conn.getresponse()
        body = response.read()
        status = response.status
        server_ms = _server_total(response.getheader("Server-Timing"))
    finally:
        conn.close()
    return status, time.perf_counter() - started, server_ms, body


def _client(port: int, requests: list[tuple[str, str]]) -> tuple[float, float, list[Sample]]:
    samples = []
    started = time.perf_counter()
    for kind, path in requests:
        try:
            status, seconds, server_ms, _ = fetch(port, path)
        except OSError:
            status, seconds, server_ms = 599, 0.0, None
        samples.append(Sample(kind, status, seconds, server_ms))
    return started, time.perf_counter(), samples


def run(port: int, requests: list[tuple[str, str]], clients: int) -> Run:
    """Send ``requests`` ((kind, path) pairs) with ``clients`` concurrent clients."""
    shares = [requests[i::clients] for i in range(clients)]
    with ProcessPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(_client, [port] * clients, shares))
    out = Run()
    for _, _, samples in results:
        out.samples.extend(samples)
    out.wall = max(end for _, end, _ in results) - min(start for start, _, _ in results)
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (from /proc), 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def private_mb(pid: int) -> float:
    """Memory only this process holds (not shared with the other workers or the page cache), MB."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0.0
    kb = 0
    for line in lines:
        name, _, rest = line.partition(":")
        if name in ("Private_Clean", "Private_Dirty"):
            kb += int(rest.split()[0])
    return kb / 1024


def children(pid: int) -> list[int]:
    """The direct child processes of ``pid`` (gunicorn's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)
