"""Response hygiene in one place: security headers from config and a Server-Timing header."""
from __future__ import annotations

import time

from flask import Flask, g, request

from indexer.settings import Settings


def init_app(app: Flask, settings: Settings) -> None:
    security = settings.section("security")
    headers = dict(security.get("headers") or {})
    hsts = security.get("hsts")

    @app.before_request
    def start_timer():
        g.started = time.perf_counter()
        g.timings = {}

    @app.after_request
    def add_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if hsts and request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", hsts)
        timings = dict(getattr(g, "timings", {}))
        if hasattr(g, "started"):
            timings["total"] = (time.perf_counter() - g.started) * 1000
        if timings:
            response.headers["Server-Timing"] = ", ".join(
                f"{name};dur={ms:.1f}" for name, ms in timings.items()
            )
        return response
