"""Case files are read with libyaml; the pure-Python loader is the reference it must equal.

Editors see the same data, the same line for every field and the same error messages whichever
loader read the file, so the fast path may only change how long a build takes.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer import yaml_lines
from indexer.yaml_lines import YamlProblem, load_located

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*ROOT.glob("cases/*.yaml"), *ROOT.glob("tests/fixtures/**/*.yaml")])

BROKEN = [
    "a: &x 1\nb: *x\n",
    "a: [1, 2\nb: 3\n",
    "a: 'x\nb: c\n",
    "a: 1\na: 2\n",
    "\x01a: 1",
    "a:\n  - b: 1\n  -c\n",
    "title: Ok\nbody: |\n  text\n wrong indent\n",
    "x: 010\ny: no\nz: 2020-01-01\n",
    "",
]


def outcome(text: str, fast: bool):
    try:
        located = load_located(text, fast=fast)
    except YamlProblem as exc:
        return ("problem", exc.message, exc.line)
    return ("data", located.data, located.lines)


def test_libyaml_is_used_when_available():
    assert yaml_lines._FastLoader is not None, "PyYAML was installed without libyaml"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_reads_the_same_both_ways(path):
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert outcome(text, fast=True) == outcome(text, fast=False)


@pytest.mark.parametrize("text", BROKEN)
def test_problems_are_worded_and_placed_the_same_both_ways(text):
    assert outcome(text, fast=True) == outcome(text, fast=False)


def test_anchors_are_refused_by_the_fast_path_too():
    assert outcome("a: &x [1, 2]\nb: *x\n", fast=True)[0] == "problem"
