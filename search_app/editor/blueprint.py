"""The editor's blueprint and its rate limiter, shared by the modules that add routes to it."""
from __future__ import annotations

from flask import Blueprint
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

bp = Blueprint("editor", __name__, url_prefix="/editor", static_folder="static")

limiter = Limiter(key_func=get_remote_address, storage_uri="memory://")
"""Counts failed sign-ins. Memory storage counts per worker process; set RATELIMIT_STORAGE_URI
(e.g. ``redis://…``) to share the count between workers and servers."""
