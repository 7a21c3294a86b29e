"""Fact check: every figure in a case must come from the case's entry in the facts sheet.

The collection is written from its facts: one file per case in ``cases/facts/<slug>.yaml`` with
the case's key facts and sources (a single sheet with a ``cases:`` list can be checked too). A number that appears in a
case's title, lead or body but nowhere in its entry is either a typo or an invented figure, and
on a public site about what works, both are worse than no figure. The check also makes sure each
case cites one of its entry's sources and that no entry is left without a case.

Numbers are compared by value, so Danish formatting differences pass ("33.000" = "33000",
"1,7 mia. kr." = "1,7 milliarder kr." = "1.700 mio. kr.", "47 pct." = "47 procent"), while a
different figure or a different scale ("1,7 mio." for "1,7 mia.") does not. The English summary
(``summary_en``) is read with English formats: "33,000" and "1.7 billion".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable

import yaml

from .record import Case
from .settings import PROJECT_ROOT

FACTS_FOLDER = "facts"
"""The folder, inside the cases folder, that holds one facts file per case."""
DEFAULT_FACTS = PROJECT_ROOT / "cases" / FACTS_FOLDER
ENTRY_TEXT_FIELDS = ("key_facts", "title", "organisation", "year", "notes")

# A number written with digits, not glued to letters (CO2 and H1 are names, not figures).
# Danish style: '.' groups thousands, ',' marks decimals.
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![^\W\d_])")
_SCALE = re.compile(r"\s*(mia\.?|milliard(?:er)?|mio\.?|mill\.?|million(?:er)?|tusind(?:e)?)(?![^\W\d_])",
                    re.IGNORECASE)
_SCALES = {"mia": 10**9, "milliard": 10**9, "mio": 10**6, "mill": 10**6, "million": 10**6,
           "tusind": 10**3}
# English (summary_en): ',' groups thousands, '.' marks decimals.
_SCALE_EN = re.compile(r"\s*(billions?|bn|millions?|thousands?)(?![^\W\d_])", re.IGNORECASE)
_SCALES_EN = {"billion": 10**9, "bn": 10**9, "million": 10**6, "thousand": 10**3}
_THOUSANDS_EN = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_RANGE_TAIL = re.compile(r"\s*[-–]\s*(\d+(?:[.,]\d+)*)")
_URL = re.compile(r"https?://\S+|www\.\S+")
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


@dataclass(frozen=True)
class Figure:
    """A number as written (``text``) and the values it can stand for, scale words applied."""

    text: str
    values: frozenset[Decimal]
    context: str


@dataclass(frozen=True)
class FactProblem:
    """One thing the fact check found, for one case (or one sheet entry)."""

    slug: str
    message: str

    def __str__(self) -> str:
        return f"{self.slug}: {self.message}"


def _value(digits: str, english: bool = False) -> Decimal:
    if english:
        return Decimal(digits.replace(",", ""))
    if _THOUSANDS.match(digits):
        return Decimal(digits.replace(".", ""))
    if "," in digits:
        return Decimal(digits.replace(".", "").replace(",", "."))
    return Decimal(digits)


def _scale_after(text: str, end: int, english: bool = False) -> int:
    match = (_SCALE_EN if english else _SCALE).match(text, end)
    if not match:
        return 1
    word = match.group(1).lower().rstrip(".")
    scales = _SCALES_EN if english else _SCALES
    return next(factor for stem, factor in scales.items() if word.startswith(stem))


def figures(text: str, english: bool = False) -> list[Figure]:
    """Every number written with digits in ``text``, with its value (scale words applied).

    The lower bound of a range may share the upper bound's scale: "2-3 mio." can be 2 million,
    "80-100.000 kr." can be 80.000 kr.; such a number stands for both readings. ``english``
    reads English formats ("33,000", "1.7 billion") instead of Danish ones.
    """
    text = _URL.sub(" ", text)
    thousands, group = (_THOUSANDS_EN, ",") if english else (_THOUSANDS, ".")
    found = []
    for match in _NUMBER.finditer(text):
        digits = match.group()
        value = _value(digits, english)
        values = {value * _scale_after(text, match.end(), english)}
        tail = _RANGE_TAIL.match(text, match.end())
        if tail and values == {value}:
            shared = _scale_after(text, tail.end(), english)
            if thousands.match(tail.group(1)) and not thousands.match(digits):
                shared *= 10 ** (3 * tail.group(1).count(group))
            values.add(value * shared)
        context = text[max(0, match.start() - 40): match.end() + 40].replace("\n", " ").strip()
        found.append(Figure(digits, frozenset(values), context))
    return found


def entry_text(entry: dict) -> str:
    """The parts of a facts entry a case may take figures from."""
    parts = []
    for name in ENTRY_TEXT_FIELDS:
        value = entry.get(name)
        if isinstance(value, list):
            parts.extend(str(v) for v in value)
        elif value is not None:
            parts.append(str(value))
    return "\n".join(parts)


def unsupported_figures(text: str, entry: dict, english: bool = False) -> list[Figure]:
    """The figures in ``text`` that stand for no value found in ``entry`` (each number once);
    ``english`` when ``text`` writes numbers the English way (the entry is Danish)."""
    allowed = set().union(*(f.values for f in figures(entry_text(entry))))
    unsupported, seen = [], set()
    for figure in figures(text, english):
        if figure.values & allowed or figure.text in seen:
            continue
        seen.add(figure.text)
        unsupported.append(figure)
    return unsupported


def _normalise_url(url: str) -> str:
    url = re.sub(r"^https?://(www\.)?", "", str(url).strip().lower())
    return url.rstrip("/")


def check_case(case: Case, entry: dict) -> list[FactProblem]:
    """Figures without support in the entry, and a missing source from the entry."""
    problems = []
    texts = (("title", case.title), ("lead", case.lead), ("body", case.body_text),
             ("summary_en", case.summary_en or ""))
    for field, text in texts:
        for figure in unsupported_figures(text, entry, english=field == "summary_en"):
            problems.append(FactProblem(
                case.slug, f"{field}: the number {figure.text} is not in the facts entry "
                           f"(…{figure.context}…)"))
    danish = set().union(*(f.values for f in figures(f"{case.title}\n{case.lead}\n{case.body_text}")))
    for figure in figures(case.summary_en or "", english=True):
        if not figure.values & danish:
            problems.append(FactProblem(
                case.slug, f"summary_en: the number {figure.text} is not in the Danish text "
                           f"(…{figure.context}…)"))
    entry_sources = {_normalise_url(u) for u in [entry.get("source_url"), *(entry.get("extra_sources") or [])] if u}
    if not entry_sources & {_normalise_url(u) for u in case.source_urls}:
        problems.append(FactProblem(
            case.slug, "source_urls: none of them is the entry's source_url or extra_sources "
                       f"({entry.get('source_url')})"))
    return problems


def facts_folder(cases_dir: Path) -> Path:
    """Where the facts of the cases in ``cases_dir`` are kept."""
    return Path(cases_dir) / FACTS_FOLDER


def facts_files(folder: Path) -> list[Path]:
    """The per-case facts files in ``folder`` (files starting with '_' describe the whole set)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix == ".yaml" and not p.name.startswith(("_", ".")))


class FactsError(ValueError):
    """A facts file that cannot be read, with the file named."""


def _read(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FactsError(f"{path}: cannot read the facts: {exc}") from None


def load_facts(path: Path = DEFAULT_FACTS) -> dict[str, dict]:
    """Case entries by id: from a folder of ``<slug>.yaml`` files, or from one sheet with ``cases:``."""
    path = Path(path)
    if path.is_dir():
        facts = {}
        for file in facts_files(path):
            entry = _read(file)
            if not isinstance(entry, dict) or str(entry.get("id")) != file.stem:
                raise FactsError(f"{file}: a facts file must be a mapping whose id is '{file.stem}'")
            facts[file.stem] = entry
        return facts
    data = _read(path) or {}
    return {str(entry["id"]): entry for entry in data.get("cases") or []}


def load_case_facts(cases_dir: Path, slug: str) -> dict | None:
    """One case's facts entry (for the editor), or None when it has none or it cannot be read."""
    path = facts_folder(cases_dir) / f"{slug}.yaml"
    try:
        entry = _read(path) if path.is_file() else None
    except FactsError:
        return None
    return entry if isinstance(entry, dict) else None


def check_collection(cases: Iterable[Case], facts: dict[str, dict]) -> list[FactProblem]:
    """Every case against its entry, and every entry against the collection."""
    problems = []
    slugs = set()
    for case in cases:
        slugs.add(case.slug)
        entry = facts.get(case.slug)
        if entry is None:
            problems.append(FactProblem(case.slug, "no facts entry with this id (cases/facts/<slug>.yaml)"))
            continue
        problems.extend(check_case(case, entry))
    for missing in sorted(set(facts) - slugs):
        problems.append(FactProblem(missing, "the facts have this case, but cases/ has no file for it"))
    return problems
