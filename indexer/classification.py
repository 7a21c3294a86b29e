"""Classification from the facts: the facet values a case's facts entry gives, by a written mapping.

The mapping (``cases/facts/_classification.yaml``) turns the facts' wording into facet values:
``kvalitet`` -> ``quality``, ``frivillige`` -> ``volunteers``, an entry naming no value ->
``not_stated``, and so on. A case that deliberately differs is listed in the mapping's
``exceptions`` with the values it has and a reason; anything else that differs is a problem.
``reuse`` has no field in the facts: a case carries a reuse value only when the mapping quotes the
words of its facts entry that say so, and those words must be there.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .record import Case

MAPPING_FILE = "_classification.yaml"
COMPARED = ("innovation_type", "value", "partner", "sector", "region", "area", "employee_driven", "reuse")
EVIDENCE_FIELDS = ("title", "organisation", "key_facts", "notes")


@dataclass(frozen=True)
class Mismatch:
    slug: str
    facet: str
    expected: object
    actual: object
    message: str

    def __str__(self) -> str:
        return f"{self.slug}: {self.facet}: {self.message}"


def load_mapping(facts_folder: Path) -> dict:
    """The mapping that sits beside the facts files."""
    return yaml.safe_load((Path(facts_folder) / MAPPING_FILE).read_text(encoding="utf-8")) or {}


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _mapped(words, table: dict, facet: str, slug: str) -> list:
    out = []
    for word in _as_list(words):
        if word not in table:
            raise KeyError(f"{slug}: {facet}: the mapping has no entry for the facts' '{word}'")
        for value in _as_list(table[word]):
            if value not in out:
                out.append(value)
    return out


def _evidence_text(entry: dict) -> str:
    return "\n".join(str(v) for name in EVIDENCE_FIELDS for v in _as_list(entry.get(name)))


def expected_facets(entry: dict, mapping: dict) -> dict[str, object]:
    """What the mapping gives for one facts entry (region None when the facts name none)."""
    slug = str(entry["id"])
    drivers = _as_list(entry.get("drivers_collaboration"))
    values = _mapped(entry.get("values_effects"), mapping["value"], "value", slug)
    area = []
    for part in str(entry.get("area") or "").split(" / "):
        for value in _mapped(part, mapping["area"], "area", slug):
            if value not in area:
                area.append(value)
    return {
        "innovation_type": _mapped(entry.get("innovation_types"), mapping["innovation_type"],
                                   "innovation_type", slug),
        "value": values or [mapping["value_when_none_named"]],
        "partner": _mapped(drivers, mapping["partner"], "partner", slug),
        "sector": mapping["sector"][entry["sector"]],
        "region": [mapping["region"][entry["region"]]] if entry.get("region") else None,
        "area": area,
        "employee_driven": mapping["employee_driven"] in drivers,
        "reuse": [kind for kind, cases in (mapping.get("reuse") or {}).items() if slug in cases],
    }


def _same(facet: str, a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(a) == sorted(b)
    return a == b


def compare(case: Case, entry: dict, mapping: dict) -> list[Mismatch]:
    """Where ``case`` differs from its facts by the mapping, its exceptions taken into account."""
    expected = expected_facets(entry, mapping)
    exceptions = {(e["case"], e["facet"]): e for e in mapping.get("exceptions") or []}
    found = []
    for facet in COMPARED:
        actual = getattr(case, facet)
        exception = exceptions.get((case.slug, facet))
        if exception is not None:
            if not str(exception.get("reason") or "").strip():
                found.append(Mismatch(case.slug, facet, None, actual, "the exception gives no reason"))
            if not _same(facet, exception.get("case_has"), actual):
                found.append(Mismatch(case.slug, facet, exception.get("case_has"), actual,
                                      f"the case has {actual}, its exception says {exception.get('case_has')}"))
            if expected[facet] is not None and _same(facet, exception.get("case_has"), expected[facet]):
                found.append(Mismatch(case.slug, facet, expected[facet], actual,
                                      "listed as an exception, but the mapping gives the same: remove it"))
            continue
        if expected[facet] is None:
            found.append(Mismatch(case.slug, facet, None, actual,
                                  "the facts name no region: list the case's regions under exceptions, "
                                  "with the facts they come from"))
        elif not _same(facet, expected[facet], actual):
            found.append(Mismatch(case.slug, facet, expected[facet], actual,
                                  f"the facts give {expected[facet]}, the case has {actual}"))
    evidence = _evidence_text(entry)
    for kind, cases in (mapping.get("reuse") or {}).items():
        quote = (cases or {}).get(case.slug)
        if quote is not None and quote not in evidence:
            found.append(Mismatch(case.slug, "reuse", kind, case.reuse,
                                  f"the words quoted for '{kind}' are not in the facts: {quote!r}"))
    return found
