"""Errors in the format asked for: JSON under /api/, a Danish HTML page elsewhere, never a traceback."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from .params import ParamError

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _respond(status: int, message: str, title: str | None = None, page_message: str | None = None,
             detail: str | None = None):
    """``message`` for JSON; an HTML page shows ``page_message`` (in the page's language) when
    given, and ``detail`` below it marked as English technical detail."""
    if wants_json():
        return make_response(jsonify({"error": message}), status)
    if request_ctx.url_adapter is None:  # the Host was refused, so no link can be built
        return make_response(message, status, {"Content-Type": "text/plain; charset=utf-8"})
    return make_response(render_template("error.html", status=status, message=page_message or message,
                                         detail=detail, title=title), status)


def _page_message(exc: HTTPException) -> str | None:
    """Werkzeug's built-in descriptions are English: say it in the page's language instead
    (screen readers read a Danish page with Danish pronunciation)."""
    if exc.description != type(exc).description:
        return None
    if exc.code == 404:
        return _("Vi kan ikke finde siden. Måske er adressen skrevet forkert, eller siden er flyttet: prøv at søge.")
    if exc.code is not None and exc.code >= 500:
        return _("Noget gik galt hos os. Prøv igen om lidt.")
    return _("Siden kunne ikke vise det, du bad om.")


def init_app(app: Flask) -> None:
    @app.errorhandler(ParamError)
    def bad_parameter(exc: ParamError):
        return _respond(400, str(exc), detail=str(exc),
                        page_message=_("Adressen indeholder en værdi, som søgningen ikke kan bruge."))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        response = _respond(exc.code or 500, exc.description or exc.name, page_message=_page_message(exc))
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        # HTTP errors never reach here: Flask picks the most specific handler (http_error)
        log.exception("unhandled error on %s", request.path)
        return _respond(500, InternalServerError.description, page_message=_page_message(InternalServerError()))
