"""Routes for operations: a liveness check for load balancers and monitoring.

``/healthz`` does no work beyond Flask's own (no index, no template), so it also serves as the
"hello world" floor that ``benchmarks/serve.py`` compares the search API against.
"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    """The worker is up and answering: 200 "ok" as plain text."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
