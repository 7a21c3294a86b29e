"""The app's link to the index: built on start when missing, one searcher per worker."""
from __future__ import annotations

import sys
import time

from flask import Flask, current_app

from indexer.build import ensure_index
from indexer.settings import Settings

from .engine import Engine


def init_app(app: Flask, settings: Settings) -> None:
    if app.config.get("BUILD_INDEX_ON_START", True):
        ensure_index(settings)
    search_engine = Engine(settings)
    app.extensions["casesamlingen.engine"] = search_engine
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

    @app.context_processor
    def site_settings():
        return {"settings": settings, "site": settings.section("site")}


def settings() -> Settings:
    return current_app.extensions["casesamlingen.settings"]


def engine() -> Engine:
    """This worker's search engine (see search_app/engine/facade.py)."""
    return current_app.extensions["casesamlingen.engine"]
