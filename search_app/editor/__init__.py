"""The web editor (``/editor``): sign-in, case forms, history, trash, audit log, missed searches.

Every change goes through :mod:`indexer.editing`, the same write path as the command line.
``init_app`` sets up what the editor needs on the app: CSRF protection on every form, the
sign-in rate limit, safe session cookies, the blueprint and the ``flask editor`` commands.
"""
from __future__ import annotations

import logging

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from . import auth, history, views  # noqa: F401  (they add their routes to the blueprint)
from .blueprint import bp, limiter
from .cli import editor_cli

log = logging.getLogger(__name__)
csrf = CSRFProtect()

DEFAULTS = {
    "idle_minutes": 30,
    "sign_in_limit": "5 per minute",
}
TIMEZONE = "Europe/Copenhagen"
"""Times on the editor's pages (history, logs) are Danish time, summer time included."""


def init_app(app: Flask, settings) -> None:
    options = {**DEFAULTS, **(settings.section("editor") or {})}
    app.config.setdefault("EDITOR_IDLE_SECONDS", int(options["idle_minutes"]) * 60)
    app.config.setdefault("EDITOR_SIGN_IN_LIMIT", str(options["sign_in_limit"]))
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if app.config.get("ENV_NAME") == "production":
        app.config["SESSION_COOKIE_SECURE"] = True
    # A long edit must not fail on an expired token; the idle time-out ends the session instead.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
    limiter.init_app(app)
    app.register_blueprint(bp)
    app.cli.add_command(editor_cli)
    babel = app.extensions.get("babel")
    if babel is not None and babel.timezone_selector is None:
        babel.timezone_selector = lambda: TIMEZONE if request.blueprint == "editor" else None
