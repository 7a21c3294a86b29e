"""The search a request asks for: parsed once, run once, noted and timed the same way for the
HTML page and the JSON API (they share one URL grammar, so they share this too)."""
from __future__ import annotations

from flask import g, request

from . import index_state, zero_results
from .i18n import current_language
from .params import parse_search_args
from .search import SearchOutcome, run_search


def requested_search() -> SearchOutcome:
    """Run the search in the request's arguments; ParamError (a 400) when they are invalid."""
    settings = index_state.settings()
    params = parse_search_args(request.args, settings)
    outcome = run_search(index_state.view(), settings, params, current_language())
    zero_results.note(outcome)
    g.timings.update(outcome.timings)
    return outcome
