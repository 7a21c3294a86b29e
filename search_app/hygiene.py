"""Response hygiene in one place: security headers, hosts and cookies from config, Server-Timing.

Server-Timing names the parts of a request's time (search, render, and ``cache`` when the answer
was remembered) in development; in production it gives the total only, since the parts would
tell a visitor whether someone else had searched for the same words.

Everything a browser is told about how to treat our pages comes from ``config.yaml``'s
``security`` and ``site`` sections, so an operator changes a policy without touching code. A
site that runs in production with a weak secret key would sign session cookies anyone can
forge, so the app refuses to start then, with a message that says how to make a good one.
"""
from __future__ import annotations

import time

from urllib.parse import quote

from flask import Flask, g, request
from werkzeug.exceptions import RequestURITooLarge

from indexer.settings import Settings

from . import secret_key

PRODUCTION = "production"
MAX_ADDRESS_BYTES = 8000
"""The longest address (path and query, percent-encoded, as sent) the site answers; longer gets
414 in the format asked for. gunicorn.conf.py lets request lines up to 8,190 bytes through, so
the site, not the web server, says it for every address up to there (docs/api.md)."""
SECRET_ENV = "CASESAMLINGEN_SECRET_KEY"


class UnsafeConfiguration(RuntimeError):
    """The app would run insecurely in production; the message says what to change."""


def check_production_secret(app: Flask) -> None:
    """Refuse to run in production without a long, random secret key (see ``secret_key``)."""
    if app.config.get("ENV_NAME") != PRODUCTION:
        return
    problem = secret_key.weakness(app.config.get("SECRET_KEY"))
    if problem:
        raise UnsafeConfiguration(
            f"CASESAMLINGEN_ENV=production but {problem}: set {SECRET_ENV} to a long random value, "
            f"made with: {secret_key.HOW_TO_MAKE}"
        )


def configure_hosts_and_cookies(app: Flask, settings: Settings) -> None:
    """Trusted Host names from ``site.trusted_hosts``; session cookies that scripts cannot read."""
    hosts = [str(h) for h in (settings.section("site").get("trusted_hosts") or [])]
    if app.config.get("TRUSTED_HOSTS") is None and hosts:
        app.config["TRUSTED_HOSTS"] = hosts
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = app.config.get("ENV_NAME") == PRODUCTION


def address_bytes(environ: dict) -> int:
    """The length of the request's target as the client sent it."""
    path = (environ.get("RAW_URI") or quote(environ.get("PATH_INFO", ""))).split("?", 1)[0]
    query = environ.get("QUERY_STRING", "")
    return len(path.encode("latin-1", "replace")) + (1 + len(query.encode("latin-1", "replace")) if query else 0)


def init_app(app: Flask, settings: Settings) -> None:
    configure_hosts_and_cookies(app, settings)
    security = settings.section("security")
    headers = dict(security.get("headers") or {})
    hsts = security.get("hsts")
    production = app.config.get("ENV_NAME") == PRODUCTION

    @app.before_request
    def start_timer():
        g.started = time.perf_counter()
        g.timings = {}
        if address_bytes(request.environ) > MAX_ADDRESS_BYTES:
            raise RequestURITooLarge(f"The address is longer than {MAX_ADDRESS_BYTES:,} bytes.")

    @app.after_request
    def add_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if hsts and request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", hsts)
        timings = dict(getattr(g, "timings", {}))
        if production:  # the parts (a "cache" among them) would tell whether others searched this
            timings = {}
        if hasattr(g, "started"):
            timings["total"] = (time.perf_counter() - g.started) * 1000
        if timings:
            response.headers["Server-Timing"] = ", ".join(
                f"{name};dur={ms:.1f}" for name, ms in timings.items()
            )
        return response
