"""The search a request asks for: parsed once, run once, noted and timed the same way for the
HTML page and the JSON API (they share one URL grammar, so they share this too).

The API's answers are also remembered whole (``search_answer``): the same arguments give the
same bytes until the index changes, so a repeated search (the front page, a popular word, a
link followed by many) is answered without being run, serialised or linked again. They are
kept compressed (zlib level 1: a 30 KB answer at 10,000 cases keeps in about 5 KB, and
unpacking it takes a few hundredths of a millisecond), so a worker holds several hundred.
"""
from __future__ import annotations

import time
import zlib
from typing import Callable

from flask import Response, current_app, g, request

from . import index_state, zero_results
from .i18n import current_language
from .params import parse_search_args
from .engine import SearchOutcome


def requested_search(args=None) -> SearchOutcome:
    """Run the search in the request's arguments (or ``args``); ParamError (a 400) when they
    are invalid."""
    settings = index_state.settings()
    params = parse_search_args(request.args if args is None else args, settings)
    outcome = index_state.engine().search(params, current_language())
    zero_results.note(outcome)
    g.timings.update(outcome.timings)
    return outcome


def search_answer(endpoint: str, make: Callable[[SearchOutcome], dict]) -> Response:
    """The JSON answer ``make`` gives for the request's search, remembered per index state by
    the request's arguments, language and root (Server-Timing says ``cache`` when it was)."""
    started = time.perf_counter()
    engine = index_state.engine()
    key = ("answer", endpoint, current_language(), request.script_root, request.query_string)
    found = engine.remembered(key)
    if found is None:
        outcome = requested_search()  # invalid arguments raise here: errors are not remembered
        body = f"{current_app.json.dumps(make(outcome))}\n".encode("utf-8")
        packed = zlib.compress(body, 1)
        engine.remember(key, (packed, outcome.params.q if not outcome.total else ""),
                        300 + len(key[-1]) + len(packed))
    else:
        packed, unanswered = found
        body = zlib.decompress(packed)
        if unanswered:
            zero_results.record_query(unanswered)
        g.timings["cache"] = (time.perf_counter() - started) * 1000
    return current_app.response_class(body, mimetype=current_app.json.mimetype)
