"""Headings in case texts skip no level, so screen-reader users can move through a case by heading.

A case page has one h1 (the title); the body's headings hang below it, starting at h2, and never
jump a level (h2 then h4). This runs on the REAL collection; the browser tests check the page
around the body on the fixture collection.
"""
from __future__ import annotations

import re
from pathlib import Path

from indexer.collection import load_collection
from indexer.rendering import markdown_to_html
from indexer.settings import load_settings

REAL_CASES = Path(__file__).resolve().parent.parent / "cases"
HEADING = re.compile(r"<h([1-6])\b")


def skipped_levels(body_html: str) -> list[str]:
    """Every place a heading is more than one level below the one before it (the title is h1)."""
    problems, before = [], 1
    for level in (int(m) for m in HEADING.findall(body_html)):
        if level == 1:
            problems.append("a second h1")
        elif level > before + 1:
            problems.append(f"h{before} then h{level}")
        before = level
    return problems


def test_the_check_finds_a_skipped_level():
    assert skipped_levels(markdown_to_html("## Baggrund\n\ntekst\n\n#### Detalje\n")) == ["h2 then h4"]
    assert skipped_levels(markdown_to_html("# Titel igen\n\n## Baggrund\n")) == []


def test_no_real_case_skips_a_heading_level():
    report = load_collection(load_settings(), REAL_CASES)
    assert len(report.cases) > 50
    problems = {case.slug: skipped_levels(case.body_html) for case in report.cases}
    assert {slug: p for slug, p in problems.items() if p} == {}
