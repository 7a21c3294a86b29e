"""The web editor (``/editor``): sign-in, case forms, history, trash, audit log, missed searches.

Every change goes through :mod:`indexer.editing`, the same write path as the command line.
``init_app`` sets up what the editor needs on the app: CSRF protection on every form, the
sign-in limits, session lifetimes, safe session cookies, the blueprint and the ``flask editor``
commands.
"""
from __future__ import annotations

import logging

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from . import auth, history, views  # noqa: F401  (they add their routes to the blueprint)
from .blueprint import bp
from .cli import editor_cli
from .sign_in_limits import SignInLimits

log = logging.getLogger(__name__)
csrf = CSRFProtect()

TIMEZONE = "Europe/Copenhagen"
"""Times on the editor's pages (history, logs) are Danish time, summer time included."""


def init_app(app: Flask, settings) -> None:
    options = settings.section("editor")  # the file's values over the defaults of settings_model
    app.config.setdefault("EDITOR_IDLE_SECONDS", int(options["idle_minutes"]) * 60)
    app.config.setdefault("EDITOR_SESSION_SECONDS", int(float(options["session_hours"]) * 3600))
    try:
        app.config.setdefault("EDITOR_SIGN_IN_LIMITS", SignInLimits.from_options(options))
    except ValueError as exc:
        raise ValueError(f"config.yaml, editor: {exc}") from None
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if app.config.get("ENV_NAME") == "production":
        # __Host-: the browser accepts it only over HTTPS, for this exact host and path /, so no
        # other host (a subdomain included) can set or overwrite an editor's session.
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["SESSION_COOKIE_NAME"] = "__Host-session"
        app.config["SESSION_COOKIE_DOMAIN"] = None
        app.config["SESSION_COOKIE_PATH"] = "/"
    # A long edit must not fail on an expired token; the idle time-out ends the session instead.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
    app.register_blueprint(bp)
    app.cli.add_command(editor_cli)
    babel = app.extensions.get("babel")
    if babel is not None and babel.timezone_selector is None:
        babel.timezone_selector = lambda: TIMEZONE if request.blueprint == "editor" else None
