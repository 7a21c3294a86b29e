"""CORS for the read-only API: any web page may read ``/api/*`` and the feed with ``fetch()``.

The statistics site and intranets embed "cases like this" from their own pages. Everything
public is read-only and needs no login, so every origin is allowed and credentials never are
(``Access-Control-Allow-Origin: *`` cannot carry cookies). Only GET, HEAD and OPTIONS are offered.
"""
from __future__ import annotations

from flask import Flask, request

OPEN_PREFIXES = ("/api/",)
OPEN_PATHS = ("/feed.xml",)
MAX_AGE_SECONDS = 86400


def is_open(path: str) -> bool:
    return path.startswith(OPEN_PREFIXES) or path in OPEN_PATHS


def init_app(app: Flask) -> None:
    @app.after_request
    def allow_cross_origin_reads(response):
        if is_open(request.path) and request.method in ("GET", "HEAD", "OPTIONS"):
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Expose-Headers"] = "Content-Disposition, Server-Timing"
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
                response.headers["Access-Control-Max-Age"] = str(MAX_AGE_SECONDS)
        return response
