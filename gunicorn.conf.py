"""gunicorn settings for serving Casesamlingen (``make run``).

Workers: one per core plus one. A search is pure CPU work (no database, no network), so more
workers than cores only queue for the same cores; and each worker keeps its own searcher and its
own memory of recent searches, which fewer workers share better. Measured on 2 cores with
``benchmarks/serve.py``: 3 workers answered the search mix faster than 5 (p50 12 against 19 ms,
before searches got faster); 2 were a little faster than 3 (p95 2.9 against 3.7 ms in one pair
of runs), but the third keeps answering while another works on a slow export (1.5 s at 10,000
cases). ``CASESAMLINGEN_WORKERS`` sets the number.

Each worker notices a new index generation (or a saved case) on its next request, so no restart
is needed after a build. Override anything with GUNICORN_CMD_ARGS, e.g.
``GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000"``.

gunicorn writes nothing outside the checkout: no control socket (by default it would put one in
the user's home, where a second server of the same user takes it over and later deletes it),
and the workers' heartbeat files go to ``var/run``. In production nginx sits in front
(``deploy/production.py``) and keeps the access log, so ``CASESAMLINGEN_ACCESS_LOG=""`` turns
gunicorn's off.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def available_cores() -> int:
    """Cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = os.environ.get("CASESAMLINGEN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CASESAMLINGEN_WORKERS", available_cores() + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 10
max_requests = 5000
max_requests_jitter = 500
limit_request_line = 8190  # gunicorn's largest; the site answers 414 itself past 8,000 (hygiene.py)
accesslog = os.environ.get("CASESAMLINGEN_ACCESS_LOG", "-") or None
control_socket_disable = True
worker_tmp_dir = str(ROOT / "var" / "run")
os.makedirs(worker_tmp_dir, exist_ok=True)
errorlog = "-"
wsgi_app = "search_app:create_app()"


def post_worker_init(worker):
    """Once the worker has opened the index and analysed the cases' texts, move what it holds
    out of the garbage collector's sight: a full collection scanned those objects again and
    again and stalled a search now and then (measured in process over the benchmark's 1,000
    searches: slowest 41–75 ms with the collector running, 9.5 ms with it off). They live as
    long as the worker, so freezing them loses nothing."""
    import gc

    gc.freeze()
