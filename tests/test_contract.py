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

import schemathesis
from hypothesis import HealthCheck, settings
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
    machine = schema.as_state_machine()
    machine.run(settings=settings(max_examples=30, stateful_step_count=4, derandomize=True,
                                  database=None, deadline=None,
                                  suppress_health_check=list(HealthCheck)))
