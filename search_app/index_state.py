"""The app's link to the index: built on start when missing, one searcher per worker."""
from __future__ import annotations

import os
import sys
import threading
import time

from flask import Flask, current_app

from indexer.build import ensure_index
from indexer.settings import Settings

from . import search
from .index_access import IndexAccess, IndexView


def init_app(app: Flask, settings: Settings) -> None:
    access = IndexAccess(settings)
    app.extensions["casesamlingen.index"] = access
    if os.environ.get("FLASK_RUN_FROM_CLI") == "true":
        # ``flask editor add`` and the other commands need no index: build and warm it on the
        # first request instead (``flask run``), so an account command answers at once.
        _prepare_on_first_request(app, settings, access)
    else:
        _prepare(app, settings, access)

    @app.context_processor
    def site_settings():
        return {"settings": settings, "site": settings.section("site")}


def _prepare_on_first_request(app: Flask, settings: Settings, access: IndexAccess) -> None:
    done = threading.Event()
    lock = threading.Lock()

    @app.before_request
    def prepare_index():
        if not done.is_set():
            with lock:
                if not done.is_set():
                    _prepare(app, settings, access)
                    done.set()


def _prepare(app: Flask, settings: Settings, access: IndexAccess) -> None:
    if app.config.get("BUILD_INDEX_ON_START", True):
        ensure_index(settings)
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


def settings() -> Settings:
    return current_app.extensions["casesamlingen.settings"]


def view() -> IndexView:
    """The up-to-date index view of this worker."""
    return current_app.extensions["casesamlingen.index"].view()
