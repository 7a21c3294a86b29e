"""The JSON API: the same URL grammar as the HTML site, answers as JSON."""
from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, request

from . import index_state, zero_results
from .cases import find_case
from .i18n import current_language
from .params import parse_search_args
from .presenters import case_to_dict, outcome_to_dict
from .search import run_search

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    settings = index_state.settings()
    params = parse_search_args(request.args, settings)
    outcome = run_search(index_state.view(), settings, params, current_language())
    zero_results.note(outcome)
    g.timings.update(outcome.timings)
    return jsonify(outcome_to_dict(outcome))


@bp.get("/cases/<slug>")
def case(slug: str):
    record = find_case(index_state.view(), slug)
    if record is None:
        abort(404, f"no case with the slug '{slug}'")
    return jsonify(case_to_dict(record))
