"""One house style for the case texts, checked on the REAL collection.

- amounts: ``mio.`` and ``mia.`` after a figure ("3,1 mio. kr."), never "millioner", "mill." or
  "milliarder";
- shares: ``pct.`` after a figure ("47 pct."), never "procent" or "%";
- quotation marks: Danish »…« (what the collection uses), never "…", “…”, „…“ or '…';
- headings: ``## Udfordringen``, ``## Løsningen``, ``## Samarbejdet`` (when others took part) and
  ``## Resultater``, in that order, and no others.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.collection import case_files, load_collection
from indexer.rendering import markdown_to_html
from indexer.settings import load_settings

REAL_CASES = Path(__file__).resolve().parent.parent / "cases"
FIGURE = r"\d(?:[\d.,]*\d)?\s*"
RULES = (
    (re.compile(FIGURE + r"(?:millioner|million|mill\.|milliarder|milliard)(?![^\W\d_])"),
     "write mio./mia. after a figure"),
    (re.compile(FIGURE + r"(?:procent(?![^\W\d_])|%)"), "write pct. after a figure"),
    (re.compile(r"\"[^\"\n]*\"?|[“„][^”“\n]*[”“]?|”|(?<![^\W\d_])'[^'\n]+'(?![^\W\d_])"),
     "use Danish quotation marks »…«"),
)
HEADINGS = ("Udfordringen", "Løsningen", "Samarbejdet", "Resultater")
OPTIONAL = {"Samarbejdet"}
H2 = re.compile(r"<h2[^>]*>(.*?)</h2>")


def style_problems(title: str, lead: str, body_text: str, body_html: str) -> list[str]:
    problems = []
    for field, text in (("title", title), ("lead", lead), ("body", body_text)):
        for pattern, advice in RULES:
            for match in pattern.finditer(text):
                problems.append(f"{field}: {match.group()!r}: {advice}")
        if text.count("»") != text.count("«"):
            problems.append(f"{field}: a » without its « (or the reverse)")
    headings = tuple(H2.findall(body_html))
    if headings != tuple(h for h in HEADINGS if h in headings or h not in OPTIONAL):
        problems.append(f"headings {list(headings)}: use {', '.join(HEADINGS)} in that order "
                        f"(Samarbejdet only when others took part)")
    return problems


@pytest.mark.parametrize("body, expected", [
    ("Bevillingen var 3,1 millioner kroner.", "'3,1 millioner': write mio./mia. after a figure"),
    ("Bevillingen var 10 mill. kr.", "'10 mill.': write mio./mia. after a figure"),
    ("Restskatten faldt 1,7 milliarder kr.", "'1,7 milliarder': write mio./mia. after a figure"),
    ("Udeblivelserne faldt 40 %.", "'40 %': write pct. after a figure"),
    ("Udeblivelserne faldt 40 procent.", "'40 procent': write pct. after a figure"),
    ('Kaldet "frøpassere".', "'\"frøpassere\"': use Danish quotation marks »…«"),
    ("Kaldet „frøpassere“.", "'„frøpassere“': use Danish quotation marks »…«"),
    ("Kaldet 'frøpassere'.", "\"'frøpassere'\": use Danish quotation marks »…«"),
])
def test_the_style_check_names_what_to_write(body, expected):
    markdown = f"## Udfordringen\n\n{body}\n\n## Løsningen\n\nx\n\n## Resultater\n\nx\n"
    problems = style_problems("Titel", "Indledning", body, markdown_to_html(markdown))
    assert problems == [f"body: {expected}"]


def test_the_style_check_accepts_house_style_and_possessives():
    body = "VIVE's evaluering: 3,1 mio. kr., 47 pct. og »frøpassere«. Over en million danskere."
    html = markdown_to_html(f"## Udfordringen\n\n{body}\n\n## Løsningen\n\nx\n\n## Resultater\n\nx\n")
    assert style_problems("Titel", "Indledning", body, html) == []


def test_the_style_check_names_headings_out_of_order():
    html = markdown_to_html("## Baggrund\n\nx\n\n## Løsningen\n\nx\n\n## Resultater\n\nx\n")
    assert style_problems("T", "L", "x", html)[0].startswith("headings ['Baggrund', 'Løsningen', 'Resultater']")


@pytest.fixture(scope="module")
def collection():
    return {case.slug: case for case in load_collection(load_settings(), REAL_CASES).cases}


@pytest.mark.parametrize("slug", sorted(p.stem for p in case_files(REAL_CASES)))
def test_a_real_case_follows_the_house_style(slug, collection):
    case = collection[slug]
    assert style_problems(case.title, case.lead, case.body_text, case.body_html) == []
