"""Validation: every problem in every file, with file, line, field and what is allowed."""
from pathlib import Path

import pytest

from indexer.cli import main
from indexer.collection import load_collection

SECTOR_TYPO = ("sector: stat", "sector: komune")


def write_broken(cases_dir: Path, name: str, old: str, new: str) -> None:
    source = (cases_dir / "skat-i-balance.yaml").read_text(encoding="utf-8")
    assert old in source
    (cases_dir / name).write_text(source.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(text)


def test_check_reports_all_errors_with_file_and_line(cases_dir, settings, capsys):
    write_broken(cases_dir, "a-broken.yaml", *SECTOR_TYPO)
    write_broken(cases_dir, "b-broken.yaml", "year: 2013", "year: tyve")
    write_broken(cases_dir, "c-broken.yaml", "region: national", "region: [national")
    code = main(["check", "--cases", str(cases_dir)])
    out = capsys.readouterr().out
    assert code == 1
    line = line_of(cases_dir / "a-broken.yaml", "komune")
    assert f"a-broken.yaml:{line}: sector: 'komune' is not one of kommune, region, stat, tværoffentlig" in out
    assert f"b-broken.yaml:{line_of(cases_dir / 'b-broken.yaml', 'tyve')}: year: must be a whole number" in out
    assert "c-broken.yaml:" in out and "invalid YAML" in out


def test_check_passes_on_a_valid_collection(cases_dir, capsys):
    assert main(["check", "--cases", str(cases_dir)]) == 0


@pytest.mark.parametrize(
    "old, new, field, message",
    [
        ("title: Skat sparer", "titel: Skat sparer", "titel", "unknown field"),
        ("employee_driven: false", "employee_driven: maybe", "employee_driven", "true or false"),
        ("area: [skat-oekonomi]", "area: [skat]", "area[0]", "'skat' is not one of"),
        ("value: [efficiency]", "value: []", "value", "at least 1"),
        ("source_urls: [https://innovationsbarometer.coi.dk/lav-nye-services/]",
         "source_urls: [javascript:alert(1)]", "source_urls[0]", "http:// or https://"),
        ("contact: {organisation: Skattestyrelsen, url: \"https://skat.dk/\"}", "", "contact", "is required"),
    ],
)
def test_field_errors_name_field_and_line(cases_dir, settings, old, new, field, message):
    write_broken(cases_dir, "broken.yaml", old, new)
    report = load_collection(settings)
    problems = [p for p in report.problems if p.file.endswith("broken.yaml")]
    assert problems, "the broken file must be reported"
    assert any(p.field == field and message in p.message and p.line > 0 for p in problems), problems
    assert all(p.message_da for p in problems)


def test_yaml_11_traps_are_caught(cases_dir, settings):
    write_broken(cases_dir, "trap.yaml", "sector: stat", "sector: no")
    report = load_collection(settings)
    assert any(p.file.endswith("trap.yaml") and p.field == "sector" for p in report.problems)


def test_anchors_and_aliases_are_refused(cases_dir, settings):
    (cases_dir / "bomb.yaml").write_text('a: &a ["x","x"]\nb: [*a,*a]\n', encoding="utf-8")
    report = load_collection(settings)
    assert any(p.file.endswith("bomb.yaml") and "anchors" in p.message for p in report.problems)


def test_a_bad_file_name_is_reported(cases_dir, settings):
    write_broken(cases_dir, "Bad Name.yaml", "year: 2013", "year: 2013")
    report = load_collection(settings)
    assert any("Bad Name.yaml" in p.file and "lowercase" in p.message for p in report.problems)


def test_an_alias_used_twice_is_reported(cases_dir, settings):
    write_broken(cases_dir, "copy-of-skat.yaml", "year: 2013", "year: 2014")
    report = load_collection(settings)
    assert any(p.field == "aliases" and "already leads" in p.message for p in report.problems)
    slugs = {c.slug for c in report.cases}
    assert {"skat-i-balance", "copy-of-skat"} <= slugs  # both cases stay searchable
