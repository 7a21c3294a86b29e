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


def _without_summary(cases_dir: Path, name: str, published: str = "published: true") -> Path:
    source = (cases_dir / "skat-i-balance.yaml").read_text(encoding="utf-8")
    start, end = source.index("summary_en:"), source.index("body:")
    path = cases_dir / name
    path.write_text((source[:start] + source[end:]).replace("published: true", published), encoding="utf-8")
    return path


def test_a_published_case_without_english_summary_is_refused_naming_field_and_line(cases_dir, capsys):
    path = _without_summary(cases_dir, "uden-resume.yaml")
    assert main(["check", "--cases", str(cases_dir)]) == 1
    out = capsys.readouterr().out
    assert (f"uden-resume.yaml:{line_of(path, 'lead:')}: summary_en: is required for a published case: "
            "2 to 4 sentences in English, written after lead") in out


def test_a_draft_may_wait_for_its_english_summary(cases_dir, settings):
    _without_summary(cases_dir, "kladde-uden-resume.yaml", published="published: false")
    report = load_collection(settings)
    assert [p for p in report.problems if p.file.endswith("kladde-uden-resume.yaml")] == []
    assert "kladde-uden-resume" in {case.slug for case in report.cases}


@pytest.mark.parametrize("summary, found", [
    ("SKAT helps people avoid back tax.", 1),
    ("One. Two. Three. Four. Five.", 5),
])
def test_an_english_summary_has_two_to_four_sentences(cases_dir, settings, summary, found):
    source = (cases_dir / "skat-i-balance.yaml").read_text(encoding="utf-8")
    start, end = source.index("summary_en:"), source.index("body:")
    path = cases_dir / "kort-resume.yaml"
    path.write_text(source[:start] + f"summary_en: {summary}\n" + source[end:], encoding="utf-8")
    problems = [p for p in load_collection(settings).problems if p.file.endswith("kort-resume.yaml")]
    assert [(p.line, p.field, p.message) for p in problems] == [
        (line_of(path, "summary_en:"), "summary_en", f"has {found} sentence(s); write 2 to 4")]


@pytest.mark.parametrize("text, count", [
    ("It saved DKK 1.7 billion. Over 33,000 people signed up.", 2),
    ("Pupils, e.g. in 0.-10. grade, take part. Teachers talk for 7 minutes at a time!", 2),
    ("The Idea Clinic (Idéklinikken) started in 2009. It gets around 100 ideas a year. Nurses "
     "invented a sling. A company makes it.", 4),
])
def test_sentences_are_counted_as_a_reader_counts_them(text, count):
    from indexer.validation import count_sentences

    assert count_sentences(text) == count
