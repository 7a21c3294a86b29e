"""Errors in the format asked for: JSON under /api/, a Danish HTML page elsewhere, never a traceback."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException, InternalServerError

from .params import ParamError

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _respond(status: int, message: str, title: str | None = None):
    if wants_json():
        return jsonify({"error": message}), status
    if request_ctx.url_adapter is None:  # the Host was refused, so no link can be built
        return message, status, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("error.html", status=status, message=message, title=title), status


def init_app(app: Flask) -> None:
    @app.errorhandler(ParamError)
    def bad_parameter(exc: ParamError):
        return _respond(400, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        response = _respond(exc.code or 500, exc.description or exc.name)
        if exc.code == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
            response[0].headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        log.exception("unhandled error on %s", request.path)
        return _respond(500, InternalServerError.description)
