"""gunicorn settings for serving Casesamlingen (``make run``).

Workers: two per core plus one (CPU-bound searches, short requests). Each worker keeps its own
searcher and notices a new index generation on its next request, so no restart is needed after
a build. Override anything with GUNICORN_CMD_ARGS, e.g. ``GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000"``.
"""
import multiprocessing
import os

bind = os.environ.get("CASESAMLINGEN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CASESAMLINGEN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 10
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
wsgi_app = "search_app:create_app()"
