"""The app's link to the index: built on start when missing, one searcher per worker."""
from __future__ import annotations

import sys
import time

from flask import Flask, current_app

from indexer.build import ensure_index
from indexer.settings import Settings

from . import search
from .index_access import IndexAccess, IndexView


def init_app(app: Flask, settings: Settings) -> None:
    if app.config.get("BUILD_INDEX_ON_START", True):
        ensure_index(settings)
    access = IndexAccess(settings)
    app.extensions["casesamlingen.index"] = access
    try:
        # Open the searcher now, while the worker boots, not on its first visitor's request
        # (at 10,000 cases opening it and deriving the facet sets takes about a second); then
        # read the words' scores and analyse the cases' texts for snippets while there is time.
        view = access.view()
        started = time.perf_counter()
        words, cases = search.warm_up(view, float(settings.section("search").get("warm_up_s", 2.0)))
        print(f"casesamlingen: worker ready: {words} words and {cases} cases prepared in "
              f"{time.perf_counter() - started:.2f} s", file=sys.stderr)
    except FileNotFoundError:
        pass  # no index yet (BUILD_INDEX_ON_START off): the first request says so

    @app.context_processor
    def site_settings():
        return {"settings": settings, "site": settings.section("site")}


def settings() -> Settings:
    return current_app.extensions["casesamlingen.settings"]


def view() -> IndexView:
    """The up-to-date index view of this worker."""
    return current_app.extensions["casesamlingen.index"].view()
