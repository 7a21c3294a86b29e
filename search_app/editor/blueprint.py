"""The editor's blueprint, shared by the modules that add routes to it."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("editor", __name__, url_prefix="/editor", static_folder="static")
