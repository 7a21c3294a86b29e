"""Larger collections for measurement only, built from the real cases' words and taxonomy.

Speed at 10,000 cases depends on term statistics (how many documents a word is in, how long
the posting lists are), so a synthetic collection must talk like the real one. Each generated
case recombines real material:

- its sections (Udfordringen, Løsningen, ...) follow the structure of a randomly chosen real
  case, each filled with sentences drawn from the same section of other real cases;
- its title joins the start of one real title with the end of another, its lead is one to three
  real lead sentences, its organisation and contact come from a real case;
- each facet (and the year) is copied from a randomly chosen real case, so every facet keeps the
  real distribution of values and of value combinations.

The result is written to a temporary folder (never into ``cases/``) and reused by later runs
with the same size and seed::

    .venv/bin/python benchmarks/generate.py --cases 10000      # prints the folder
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lxml import html as lxml_html

from indexer.collection import load_collection
from indexer.record import FACET_FIELDS, Case
from indexer.settings import Settings, load_settings

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"“])")
DONE_MARKER = ".complete"
DEFAULT_ROOT = Path(tempfile.gettempdir()) / "casesamlingen-bench"
FORMAT = 2
"""Bumped when generated cases change shape (2: they carry summary_en), so a collection made by
older code is not reused."""


@dataclass
class Material:
    """What the real collection offers to recombine."""

    cases: list[Case]
    sections: dict[str, list[str]] = field(default_factory=dict)
    structures: list[list[tuple[str, int]]] = field(default_factory=list)
    lead_sentences: list[str] = field(default_factory=list)


def sentences(text: str) -> list[str]:
    text = " ".join(text.split())
    return [s for s in SENTENCE_END.split(text) if len(s) >= 20]


def _sections(body_html: str) -> list[tuple[str, list[str]]]:
    """(heading, sentences) in page order; text before the first heading goes under ''."""
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    out: list[tuple[str, list[str]]] = [("", [])]
    for element in root.iter("h2", "h3", "p", "li"):
        text = element.text_content().strip()
        if element.tag in ("h2", "h3"):
            out.append((text, []))
        elif text:
            out[-1][1].extend(sentences(text))
    return [(heading, found) for heading, found in out if found]


def gather(settings: Settings, cases_dir: Path | None = None) -> Material:
    cases = load_collection(settings, cases_dir).cases
    if not cases:
        raise SystemExit(f"no valid cases in {cases_dir or settings.cases_dir}")
    material = Material(cases=cases)
    for case in cases:
        structure = []
        for heading, found in _sections(case.body_html):
            material.sections.setdefault(heading, []).extend(found)
            structure.append((heading, len(found)))
        material.structures.append(structure)
        material.lead_sentences.extend(sentences(case.lead))
    return material


def _title(rng: random.Random, material: Material) -> str:
    first = rng.choice(material.cases).title.split()
    second = rng.choice(material.cases).title.split()
    head = first[: max(2, len(first) // 2)]
    tail = second[len(second) // 2:]
    title = " ".join(head + tail)
    return title[:160] if len(title) >= 10 else rng.choice(material.cases).title


def _lead(rng: random.Random, material: Material) -> str:
    lead = " ".join(rng.sample(material.lead_sentences, rng.randint(1, 3)))
    while len(lead) < 40:
        lead += " " + rng.choice(material.lead_sentences)
    return lead[:600].rsplit(" ", 1)[0] if len(lead) > 600 else lead


def _body(rng: random.Random, material: Material) -> str:
    parts = []
    for heading, count in rng.choice(material.structures):
        pool = material.sections.get(heading) or material.lead_sentences
        chosen = [rng.choice(pool) for _ in range(max(1, count))]
        if heading:
            parts.append(f"## {heading}")
        for i in range(0, len(chosen), 3):
            parts.append(" ".join(chosen[i:i + 3]))
    return "\n\n".join(parts)


def synthetic_case(rng: random.Random, material: Material, number: int) -> tuple[str, dict]:
    """(slug, the fields of a case file) for the ``number``-th generated case."""
    donor = rng.choice(material.cases)
    data: dict = {
        "title": _title(rng, material),
        "lead": _lead(rng, material),
        "body": _body(rng, material),
        "organisation": donor.organisation,
    }
    if donor.summary_en:  # the donor's, so the random choices stay those of earlier runs
        data["summary_en"] = donor.summary_en
    year_donor = rng.choice(material.cases)
    if year_donor.year is not None:
        data["year"] = year_donor.year
    for name in FACET_FIELDS:
        value = getattr(rng.choice(material.cases), name)
        data[name] = list(value) if isinstance(value, list) else value
    data["source_urls"] = list(donor.source_urls)
    data["contact"] = dict(donor.contact)
    return f"{donor.slug[:60].rstrip('-')}-{number:05d}", data


def write_collection(target: Path, count: int, seed: int = 7,
                     settings: Settings | None = None) -> Path:
    """Write ``count`` generated cases as YAML files into ``target`` (created, must be empty)."""
    settings = settings or load_settings()
    material = gather(settings)
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        slug, data = synthetic_case(rng, material, number)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        (target / f"{slug}.yaml").write_text(text, encoding="utf-8")
    (target / DONE_MARKER).write_text(f"{count} cases, seed {seed}\n", encoding="ascii")
    return target


def settings_for(cases_dir: Path, workdir: Path) -> Settings:
    """The project's settings with the collection at ``cases_dir`` and the index in ``workdir``."""
    settings = load_settings()
    settings.raw["paths"] = {
        "cases_dir": str(cases_dir),
        "index_dir": str(workdir / "index"),
        "data_dir": str(workdir / "data"),
    }
    return settings


def collection(count: int, seed: int = 7, root: Path = DEFAULT_ROOT) -> Path:
    """The folder of a generated collection of ``count`` cases, generated on first use."""
    target = root / f"cases-{count}-seed{seed}-f{FORMAT}"
    if not (target / DONE_MARKER).exists():
        write_collection(target, count, seed)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000, help="how many cases (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT,
                        help=f"parent folder of generated collections (default {DEFAULT_ROOT})")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    target = collection(args.cases, args.seed, args.root)
    print(f"{args.cases} cases in {target} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
