"""A corpus of broken case files: each gets a clear error naming it, and the rest is indexed.

``tests/fixtures/broken/`` holds invalid YAML, wrong types, unknown facet values and fields, a
YAML bomb, a Python tag, binary junk, text in Latin-1 and UTF-16, a NUL byte, duplicated fields,
HTML with broken nesting, an unknown declared encoding, a broken sidecar and pages full of
<script>, javascript: and on*= content. The test adds what should not live in git: two 50 MB
files and a YAML file nested 20,000 levels deep. They sit beside the good fixture cases, so a
single bad file stopping the build would show.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer import cli
from indexer.build import build_index
from indexer.collection import case_files, load_collection
from search_app import create_app
from tests.conftest import FIXTURE_CASES, FIXTURES, app_config, make_settings

BROKEN = FIXTURES / "broken"
PWNED = Path("/tmp/casesamlingen-pwned")
FIFTY_MB = 50 * 1024 * 1024

# file -> (line or None, what the message must say); every one of them is left out of the index
REFUSED = {
    "invalid-yaml.yaml": (12, "quotation mark on this line is not closed"),
    "tab-indented.yaml": (23, "'\\t' that cannot start any token"),
    "wrong-types.yaml": (13, "year: must be a whole number"),
    "unknown-facets.yaml": (17, "sector: 'komune' is not one of kommune"),
    "unknown-field.yaml": (23, "ansvarlig: unknown field"),
    "yaml-bomb.yaml": (1, "anchors (&a) are not allowed"),
    "python-tag.yaml": (12, "could not determine a constructor"),
    "not-a-mapping.yaml": (1, "must be a mapping of fields"),
    "empty.yaml": (1, "must be a mapping of fields"),
    "only-a-comment.yaml": (1, "must be a mapping of fields"),
    "latin1.yaml": (None, "not UTF-8 text"),
    "utf16.yaml": (None, "not UTF-8 text"),
    "nul-byte.yaml": (3, "a character YAML does not allow (#x0000"),
    "binary-junk.yaml": (None, "not UTF-8 text"),
    "binary-junk.html": (None, "not a text page (binary data)"),
    "Upper_Case Name.yaml": (None, "the file name must use lowercase"),
    "duplicate-fields.yaml": (14, "'title' is given twice (also on line 1)"),
    "no-content.html": (None, "the page has no content (its <body> is empty)"),
    "broken-sidecar.meta.yaml": (1, "the sequence opened here is not closed"),
    "huge.yaml": (None, "the file is too large"),
    "huge.html": (None, "the file is too large"),
    "deeply-nested.yaml": (1, "nested too deeply"),
}
# broken in form but readable: indexed, with what a reader must see
RECOVERED = {
    "broken-nesting": ["Brudt HTML fra et gammelt CMS", "celle to", "punkt to", "Sidste afsnit om borgerservice"],
    "unknown-encoding": ["Ældre borgere får hjælp på én gang", "Medarbejderne i ældreplejen mødes"],
    "script-content": ["Side med scripts og farlige links", "Et farligt link", "Tekst med stil"],
    "script-content-yaml": ["En testcase om borgerservice i Testkommune", "link"],
}


def _generate_hostile_files(cases: Path) -> None:
    with open(cases / "huge.yaml", "w", encoding="utf-8") as fh:
        fh.write("title: En meget stor fil\nbody: |\n")
        line = "  " + "ordene gentager sig igen og igen " * 3 + "\n"
        while fh.tell() < FIFTY_MB:
            fh.write(line * 1000)
    with open(cases / "huge.html", "wb") as fh:
        fh.write(b"<html><body><main><h1>En meget stor side</h1>")
        chunk = b"<p>" + "afsnit med æøå ".encode() * 60 + b"</p>\n"
        while fh.tell() < FIFTY_MB:
            fh.write(chunk * 1000)
    (cases / "deeply-nested.yaml").write_text("title: " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(settings, cases folder, report, build summary) for the fixture cases plus the broken corpus."""
    tmp = tmp_path_factory.mktemp("broken")
    cases = tmp / "cases"
    shutil.copytree(FIXTURE_CASES, cases)
    for path in BROKEN.iterdir():
        shutil.copy(path, cases / path.name)
    _generate_hostile_files(cases)
    PWNED.unlink(missing_ok=True)
    settings = make_settings(tmp, cases)
    report = load_collection(settings)
    summary = build_index(settings)
    return settings, cases, report, summary


def test_every_file_of_the_corpus_has_an_expected_outcome():
    for path in case_files(BROKEN):
        sidecar = path.with_name(path.stem + ".meta.yaml").name
        assert path.name in REFUSED or path.stem in RECOVERED or sidecar in REFUSED, path.name


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_broken_file_gets_a_clear_error_naming_it(corpus, name):
    _, _, report, _ = corpus
    line, text = REFUSED[name]
    problems = [p for p in report.problems if Path(p.file).name == name]
    assert problems, f"no problem reported for {name}"
    shown = [str(p) for p in problems]
    assert all(name in s for s in shown)
    matching = [p for p in problems if text in str(p)]
    assert matching, shown
    if line is not None:
        assert matching[0].line == line, shown
    assert all(p.message_da for p in problems)  # the editor's form gets Danish text too


def test_only_the_broken_files_are_left_out(corpus):
    settings, cases, report, summary = corpus
    good = {p.stem for p in case_files(FIXTURE_CASES)}
    assert {c.slug for c in report.cases} == good | set(RECOVERED)
    assert summary.indexed == len(good) + len(RECOVERED)
    skipped = {Path(f).name for f in summary.skipped_files}
    assert skipped == set(REFUSED)


def test_the_site_serves_the_rest_of_the_collection(corpus):
    settings, _, _, _ = corpus
    client = create_app(app_config(settings)).test_client()
    assert client.get("/api/search?q=restskat").get_json()["results"][0]["slug"] == "skat-i-balance"
    for slug, texts in RECOVERED.items():
        html = client.get(f"/cases/{slug}").get_data(as_text=True)
        for text in texts:
            assert text in html, (slug, text)
        assert "alert(" not in html and "<iframe" not in html and "javascript:" not in html
    assert client.get("/cases/yaml-bomb").status_code == 404


def test_a_python_tag_runs_nothing(corpus):
    assert not PWNED.exists()


def test_check_and_build_name_every_broken_file(corpus, capsys):
    settings, cases, _, _ = corpus
    assert cli.main(["check", "--cases", str(cases)]) == 1
    printed = capsys.readouterr().out
    for name in REFUSED:
        assert name in printed, name
    index = cases.parent / "second-index"
    assert cli.main(["build", "--cases", str(cases), "--index", str(index)]) == 0
    out = capsys.readouterr()
    assert f"skipped {len(REFUSED)} invalid file(s)" in out.out
    for name in REFUSED:
        assert name in out.out and name in out.err, name
