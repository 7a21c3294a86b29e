"""How the collection spreads over the taxonomy: per facet, how many cases carry each value.

Editors read it to review classifications. A value no case carries is a dead end on the search
page, and a value nearly every case carries does not help anyone narrow a search; both are
marked so they are looked at.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .record import Case
from .settings import Settings

NEARLY_ALL = 0.8
"""A share of the collection above which a value no longer tells cases apart."""


@dataclass(frozen=True)
class ValueCount:
    value: str
    label: str
    count: int
    warning: str = ""


def facet_distribution(cases: Iterable[Case], settings: Settings) -> dict[str, list[ValueCount]]:
    """Per facet in the taxonomy (and year), every value in taxonomy order with its case count."""
    cases = list(cases)
    total = len(cases)
    result = {}
    for name, facet in settings.facets.items():
        counts = Counter(v for case in cases for v in case.facet_values(name))
        rows = []
        for value in facet.values:
            count = counts.get(value, 0)
            warning = ""
            if count == 0:
                warning = "no case"
            elif total and count / total > NEARLY_ALL:
                warning = f"more than {NEARLY_ALL:.0%} of the cases"
            rows.append(ValueCount(value, facet.value_label(value), count, warning))
        result[name] = rows
    years = Counter(case.year for case in cases)
    result["year"] = [ValueCount(str(year), str(year), years[year])
                      for year in sorted(y for y in years if y is not None)]
    if years.get(None):
        result["year"].append(ValueCount("-", "no year", years[None]))
    return result


def format_distribution(distribution: dict[str, list[ValueCount]], total: int) -> str:
    """The distribution as a plain-text report, one facet per block."""
    lines = [f"{total} cases"]
    for name, rows in distribution.items():
        lines.append("")
        lines.append(name)
        width = max((len(r.value) for r in rows), default=0)
        for row in rows:
            mark = f"  <- {row.warning}" if row.warning else ""
            label = "" if row.label == row.value else row.label
            lines.append(f"  {row.value:<{width}}  {row.count:>3}  {label}{mark}".rstrip())
    return "\n".join(lines)
