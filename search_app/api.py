"""The JSON API: the same URL grammar as the HTML site, answers as JSON."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from . import index_state
from .presenters import case_to_dict, outcome_to_dict
from .requested import search_answer
from .suggest import parse_suggest_args, suggestion_to_dict

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    return search_answer("api.search", outcome_to_dict)


@bp.get("/suggest")
def suggest():
    """Suggestions while typing (titles, organisations, words): see search_app/suggest.py."""
    typed, limit = parse_suggest_args(request.args)
    items = index_state.engine().suggest(typed, limit)
    return jsonify([suggestion_to_dict(item) for item in items])


@bp.get("/cases/<slug>")
def case(slug: str):
    record = index_state.engine().case(slug)
    if record is None:
        abort(404, f"no case with the slug '{slug}'")
    return jsonify(case_to_dict(record))
