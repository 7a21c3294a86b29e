"""The API's OpenAPI 3.1 description, served as JSON at ``/api/openapi.json``, and kept.

The description is written by hand in ``openapi.yaml`` (read once, when the app starts). What
comes from elsewhere is filled in so it cannot drift: the server address (``site.base_url``), the
allowed values of each facet parameter (the taxonomy's values in config.yaml: a schema marked
``x-facet: <name>`` gets that facet's values as its ``enum``) and the limits set in the
``search`` section (``x-setting: <key>`` sets the keyword it sits beside).

The description is also the first check of every request to an operation it describes: a
query parameter whose value the schema does not allow gets 400 naming what is allowed, before
the view runs. The HTML search page shares the parameters but not this check, so it stays
tolerant where people type (``sort=Newest ``, ``lang=de``); the API says exactly what it takes.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Iterable

import yaml
from flask import Blueprint, Flask, current_app, jsonify, request

from indexer.settings import Settings

from .params import ParamError, whole_number

SPEC_FILE = Path(__file__).with_name("openapi.yaml")
EXTENSION_KEY = "casesamlingen.openapi"

bp = Blueprint("openapi", __name__, url_prefix="/api")


def _fill_from_settings(node: Any, settings: Settings) -> None:
    if isinstance(node, dict):
        name = node.pop("x-facet", None)
        if name is not None:
            node["enum"] = list(settings.facets[name].values)
        setting = node.pop("x-setting", None)
        if setting is not None:  # {keyword: "section.key"}
            for keyword, path in setting.items():
                section, key = path.split(".")
                node[keyword] = int(settings.section(section)[key])
        for child in node.values():
            _fill_from_settings(child, settings)
    elif isinstance(node, list):
        for child in node:
            _fill_from_settings(child, settings)


def build_spec(settings: Settings) -> dict:
    """The OpenAPI document for this site's settings."""
    spec = copy.deepcopy(yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8")))
    _fill_from_settings(spec, settings)
    base_url = str(settings.section("site").get("base_url") or "").rstrip("/")
    if base_url:
        spec["servers"] = [{"url": base_url}]
    return spec


def _resolved(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def described_queries(spec: dict) -> dict[str, list[dict]]:
    """Flask rule (``/api/cases/<slug>``) -> the query parameters its GET operation declares."""
    described = {}
    for path, item in spec["paths"].items():
        parameters = [_resolved(spec, p) for p in item.get("get", {}).get("parameters", [])]
        rule = path.replace("{", "<").replace("}", ">")
        described[rule] = [p for p in parameters if p["in"] == "query"]
    return described


def _check_value(name: str, schema: dict, raw: str) -> None:
    """ParamError unless ``raw``, exactly as sent, is a value ``schema`` allows."""
    if "enum" in schema:
        allowed = [str(v).lower() if isinstance(v, bool) else str(v) for v in schema["enum"]]
        if raw not in allowed:
            raise ParamError(f"'{name}' must be one of {', '.join(allowed)}, not '{raw[:40]}'")
    elif schema.get("type") == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        value = whole_number(raw)
        if value is None:
            raise ParamError(f"'{name}' must be a whole number from {low} to {high}, not '{raw[:40]}'")
        if not low <= value <= high:
            raise ParamError(f"'{name}' must be a whole number from {low} to {high}, not {value}")
    elif schema.get("type") == "string" and "maxLength" in schema:
        if len(raw) > schema["maxLength"]:  # code points, as JSON Schema counts them
            raise ParamError(f"'{name}' is too long: at most {schema['maxLength']} characters, not {len(raw)}")


def check_query(parameters: Iterable[dict], args) -> None:
    """ParamError for the first value in ``args`` that its declared parameter does not allow.

    Values are judged as sent: no spaces trimmed, no case folded. An empty value stands for a
    left-out parameter where the description says so (``allowEmptyValue``), as web forms send it.
    A missing or empty required value and rules between parameters (``year_from`` not after
    ``year_to``) are the view's to check, as it does for the HTML pages.
    """
    for parameter in parameters:
        name, schema = parameter["name"], parameter["schema"]
        values = args.getlist(name)
        items = schema.get("items", {}) if schema.get("type") == "array" else schema
        for raw in values:
            if raw == "" and parameter.get("allowEmptyValue"):
                continue
            _check_value(name, items, raw)


def init_app(app: Flask, settings: Settings) -> None:
    spec = build_spec(settings)
    app.extensions[EXTENSION_KEY] = spec
    described = described_queries(spec)
    app.register_blueprint(bp)

    @app.before_request
    def keep_to_the_description():
        rule = request.url_rule
        if rule is not None and request.method in ("GET", "HEAD") and rule.rule in described:
            check_query(described[rule.rule], request.args)


@bp.get("/openapi.json")
def openapi():
    return jsonify(current_app.extensions[EXTENSION_KEY])
