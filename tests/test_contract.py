"""The API keeps the contract it publishes, checked by Schemathesis against the app in process.

Schemathesis reads ``/api/openapi.json`` and, for every operation, sends the description's own
examples, then boundary and wrong values of each parameter and methods the description does
not declare (coverage), then random valid and invalid data (fuzzing); every answer is checked
(status code, content type, body schema, 405 with ``Allow``, invalid data rejected, valid data
accepted). A stateful run then follows the description's links from search results to the
cases they name. The seed is fixed and the examples bounded, so a run takes seconds and finds
the same things every time; ``make contract`` runs the full set against gunicorn.

The one rule the description states in words (``year_from`` not after ``year_to``) comes from
``tests/contract_rules.py``. A failure names the operation and the check and prints a ``curl``
line that reproduces it.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

from search_app import create_app
from tests import contract_rules  # noqa: F401  (teaches Schemathesis the year rule)
from tests.conftest import app_config, built_collection

SEED = 20261203
CONFIG = {
    "seed": SEED,
    "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
    "generation": {"mode": "all", "max-examples": 40, "database": "none"},
    "checks": {"enabled": True},
}


# Loaded when the module is collected (Schemathesis makes one test per operation from it), on
# the fixture collection built into a folder that lasts as long as the test run.
_FOLDER = tempfile.TemporaryDirectory(prefix="casesamlingen-contract-")
APP = create_app(app_config(built_collection(Path(_FOLDER.name))))
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP, config=SchemathesisConfig.from_dict(CONFIG))


@schema.parametrize()
def test_every_operation_keeps_the_contract(case):
    case.call_and_validate()


def test_following_links_from_search_results_keeps_the_contract():
    """The stateful run walks the description's links: from a search (and an export) to the
    cases its results name, and those answers are checked too."""
    reached: list[tuple[str, str, int]] = []

    class Walk(schema.as_state_machine()):
        def step(self, input):
            output = super().step(input)
            if input.transition is not None and input.is_applied:
                reached.append((input.transition.id, input.case.operation.label, output.response.status_code))
            return output

    Walk.run(settings=settings(max_examples=30, stateful_step_count=4, derandomize=True, database=None,
                               deadline=None, suppress_health_check=list(HealthCheck)))
    found_cases = {label for _, label, status in reached if status == 200}
    assert found_cases == {"GET /api/cases/{slug}"}, reached[:10]


# Text as people and programs send it: letters, spaces, control, format and private-use
# characters, and characters outside the Basic Multilingual Plane (two UTF-16 units each).
# Lengths are drawn around both limits (suggest 100, search 500) as often as anywhere else.
SENT_CHARACTERS = st.sampled_from("aæ1 \t\x00\x7f\x85\u200b\u202e\ue000\U000f0000\U0001f600")
SENT_LENGTH = st.one_of(st.integers(1, 520), st.sampled_from([99, 100, 101, 102, 499, 500, 501, 502]))
SENT_TEXT = SENT_LENGTH.flatmap(lambda n: st.text(SENT_CHARACTERS, min_size=n, max_size=n))


@settings(max_examples=40, derandomize=True, database=None, deadline=None)
@given(typed=SENT_TEXT)
def test_q_is_judged_by_its_length_as_sent_whatever_it_holds(typed):
    """The description's ``minLength``/``maxLength`` count code points as sent; any character is
    allowed. So the answer depends on the length alone, and matches the description."""
    client = APP.test_client()
    for path, longest in (("/api/suggest", 100), ("/api/search", 500)):
        response = client.get(path, query_string={"q": typed})
        assert response.status_code == (200 if len(typed) <= longest else 400), (path, typed)
        schema[path]["GET"].validate_response(response)


@pytest.mark.parametrize("path", sorted(schema.raw_schema["paths"]))
def test_an_address_past_the_limit_gets_the_documented_414(path):
    """Past 8,000 bytes every operation answers 414, as its description says (status, type, body)."""
    case = schema[path]["GET"].Case(path_parameters={"slug": "skat-i-balance"} if "{slug}" in path else None,
                                    query={"q": "skat"} if path == "/api/suggest" else None)
    response = case.call(params={"pad": "x" * 8001})
    assert response.status_code == 414
    case.validate_response(response)
