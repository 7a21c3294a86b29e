"""What the API description says in words because JSON Schema cannot, taught to Schemathesis.

One rule: ``year_from`` must not be after ``year_to`` (each is a parameter of its own, and a
schema cannot compare two parameters). Data generated from the schemas alone breaks it now and
then, and the API rightly answers 400, which Schemathesis would count as "valid data rejected".
So every generated search puts a reversed pair of years in order first: the rule holds for the
data meant to be valid, and data meant to be invalid stays invalid for its own reason.

Loaded by ``tests/test_contract.py`` (in process) and by ``.ci/contract`` (``make contract``,
through ``SCHEMATHESIS_HOOKS=tests.contract_rules``), so both runs know the rule from here.
"""
from __future__ import annotations

import schemathesis

from search_app.params import whole_number


def years_in_order(query: dict | None) -> dict | None:
    """``query`` with ``year_from`` and ``year_to`` swapped when both are years and reversed."""
    if not query:
        return query
    first, last = query.get("year_from"), query.get("year_to")
    if isinstance(first, (int, str)) and isinstance(last, (int, str)):
        start, end = whole_number(str(first)), whole_number(str(last))
        if start is not None and end is not None and start > end:
            return {**query, "year_from": last, "year_to": first}
    return query


@schemathesis.hook
def map_case(context, case):
    case.query = years_in_order(case.query)
    return case
