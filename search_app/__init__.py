"""Casesamlingen's web site and JSON API.

``create_app(test_config=None)`` follows the Flask tutorial's factory: built-in defaults, then
``config.yaml`` (or the file in ``$CASESAMLINGEN_CONFIG``), then the test's overrides. Each
subsystem registers itself with ``init_app``.
"""
from __future__ import annotations

import os
from typing import Any

from flask import Flask

from indexer.settings import load_settings

from .hygiene import check_production_secret

DEFAULT_SECRET = "dev-only-not-secret"


def _apply_path_overrides(settings, config: dict[str, Any]) -> None:
    paths = settings.raw.setdefault("paths", {})
    for key, name in (("CASES_DIR", "cases_dir"), ("INDEX_DIR", "index_dir"), ("DATA_DIR", "data_dir")):
        if config.get(key):
            paths[name] = str(config[key])


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("CASESAMLINGEN_SECRET_KEY", DEFAULT_SECRET),
        ENV_NAME=os.environ.get("CASESAMLINGEN_ENV", "development"),
        BUILD_INDEX_ON_START=True,
        JSON_AS_ASCII=False,
    )
    test_config = dict(test_config or {})
    settings = load_settings(test_config.get("CONFIG_PATH"))
    _apply_path_overrides(settings, test_config)
    app.config.update(test_config)
    check_production_secret(app, DEFAULT_SECRET)
    app.config["MAX_CONTENT_LENGTH"] = int(settings.section("security")["max_content_length"])
    app.extensions["casesamlingen.settings"] = settings
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from . import api, errors, hygiene, i18n, index_state, ops, site
    from . import charts, cors, crawlers, exports, feeds, openapi
    from . import editor

    index_state.init_app(app, settings)
    i18n.init_app(app)
    hygiene.init_app(app, settings)
    errors.init_app(app)
    app.register_blueprint(site.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(crawlers.bp)
    openapi.init_app(app, settings)
    cors.init_app(app)
    charts.init_app(app)
    app.register_blueprint(ops.bp)
    editor.init_app(app, settings)
    return app
