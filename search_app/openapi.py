"""The API's OpenAPI 3.1 description, served as JSON at ``/api/openapi.json``.

The description is written by hand in ``openapi.yaml`` (read once, when the app starts). Two
things come from elsewhere so they cannot drift: the server address (``site.base_url``) and the
allowed values of each facet parameter, which are the taxonomy's values in config.yaml (a schema
marked ``x-facet: <name>`` gets that facet's values as its ``enum``).
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, Flask, current_app, jsonify

from indexer.settings import Settings

SPEC_FILE = Path(__file__).with_name("openapi.yaml")
EXTENSION_KEY = "casesamlingen.openapi"

bp = Blueprint("openapi", __name__, url_prefix="/api")


def _fill_facet_values(node: Any, settings: Settings) -> None:
    if isinstance(node, dict):
        name = node.pop("x-facet", None)
        if name is not None:
            node["enum"] = list(settings.facets[name].values)
        for child in node.values():
            _fill_facet_values(child, settings)
    elif isinstance(node, list):
        for child in node:
            _fill_facet_values(child, settings)


def build_spec(settings: Settings) -> dict:
    """The OpenAPI document for this site's settings."""
    spec = copy.deepcopy(yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8")))
    _fill_facet_values(spec, settings)
    base_url = str(settings.section("site").get("base_url") or "").rstrip("/")
    if base_url:
        spec["servers"] = [{"url": base_url}]
    return spec


def init_app(app: Flask, settings: Settings) -> None:
    app.extensions[EXTENSION_KEY] = build_spec(settings)
    app.register_blueprint(bp)


@bp.get("/openapi.json")
def openapi():
    return jsonify(current_app.extensions[EXTENSION_KEY])
