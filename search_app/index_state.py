"""The app's link to the index: built on start when missing, one searcher per worker."""
from __future__ import annotations

import os
import sys
import threading
import time

from flask import Flask, current_app

from indexer.build import ensure_index
from indexer.settings import Settings

from .engine import Engine


def init_app(app: Flask, settings: Settings) -> None:
    search_engine = Engine(settings)
    app.extensions["casesamlingen.engine"] = search_engine
    if os.environ.get("FLASK_RUN_FROM_CLI") == "true":
        # ``flask editor add`` and the other commands need no index: build and warm it on the
        # first request instead (``flask run``), so an account command answers at once.
        _prepare_on_first_request(app, settings, search_engine)
    else:
        _prepare(app, settings, search_engine)

    @app.context_processor
    def site_settings():
        return {"settings": settings, "site": settings.section("site")}


def _prepare_on_first_request(app: Flask, settings: Settings, search_engine: Engine) -> None:
    done = threading.Event()
    lock = threading.Lock()

    @app.before_request
    def prepare_index():
        if not done.is_set():
            with lock:
                if not done.is_set():
                    _prepare(app, settings, search_engine)
                    done.set()


def _prepare(app: Flask, settings: Settings, search_engine: Engine) -> None:
    if app.config.get("BUILD_INDEX_ON_START", True):
        ensure_index(settings)
    try:
        # Open the searcher now, while the worker boots, not on its first visitor's request
        # (on a large index opening it and deriving the facet sets takes a while); then
        # read the words' scores and analyse the cases' texts for snippets while there is time.
        search_engine.snapshot()
        started = time.perf_counter()
        words, cases = search_engine.warm_up(float(settings.section("search")["warm_up_s"]))
        print(f"casesamlingen: worker ready: {words} words and {cases} cases prepared in "
              f"{time.perf_counter() - started:.2f} s", file=sys.stderr)
    except FileNotFoundError:
        pass  # no index yet (BUILD_INDEX_ON_START off): the first request says so


def settings() -> Settings:
    return current_app.extensions["casesamlingen.settings"]


def engine() -> Engine:
    """This worker's search engine (see search_app/engine/facade.py)."""
    return current_app.extensions["casesamlingen.engine"]
