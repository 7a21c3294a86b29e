"""Fact check: the real collection against the facts sheet it was written from.

Every number a reader sees in a case (its English summary included) must come from that case's
facts in ``cases/facts/<slug>.yaml``, every case must cite one of the entry's sources, and every entry
must have its case. The first tests show that the check fails on an invented figure; the rest run
it on the real cases, with the facts kept in the project.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indexer import cli, factcheck
from indexer.collection import case_files, load_collection
from indexer.settings import PROJECT_ROOT, load_settings

REAL_CASES = PROJECT_ROOT / "cases"
FACTS = factcheck.DEFAULT_FACTS

SKAT_ENTRY = {
    "id": "skat-i-balance",
    "title": "Skat sparer danskerne for ærgrelser over restskat",
    "organisation": "SKAT (nu Skattestyrelsen)",
    "year": 2013,
    "key_facts": [
        "tjenesten 'Skat i balance' i brug siden 2013",
        "danskernes restskat faldet med 1,7 milliarder kr.",
        "forventet ekstra provenu til statskassen ca. 100 mio. kr. om året",
        "over 33.000 brugere tilmeldt; antal flexture faldt 47 pct.",
        "skønnet besparelse på flexture 80-100.000 kr. årligt",
    ],
    "source_url": "https://innovationsbarometer.coi.dk/lav-nye-services/",
    "extra_sources": ["https://co-pi.dk/viden-om/innovationsbarometeret/lav-nye-services/"],
}


@pytest.mark.parametrize("text", [
    "Restskatten faldt med 1,7 mia. kr.",
    "Restskatten faldt med 1,7 milliarder kroner.",
    "Restskatten faldt med 1.700 mio. kr.",
    "33000 brugere og 33.000 tilmeldte",
    "Flexturene faldt med 47 procent (47 %).",
    "Besparelsen skønnes til 80.000-100.000 kr. om året.",
    "Se https://example.org/2024/rapport-99 for detaljer.",
])
def test_figures_from_the_entry_pass_whatever_their_formatting(text):
    assert factcheck.unsupported_figures(text, SKAT_ENTRY) == []


@pytest.mark.parametrize("text, number", [
    ("Udgifterne til rykkere faldt med 42 pct.", "42"),
    ("Restskatten faldt med 1,7 mio. kr.", "1,7"),  # right digits, wrong scale
    ("Over 34.000 brugere er tilmeldt.", "34.000"),
    ("Provenuet er ca. 100 mia. kr. om året.", "100"),
])
def test_an_invented_figure_is_named(text, number):
    assert [f.text for f in factcheck.unsupported_figures(text, SKAT_ENTRY)] == [number]


@pytest.mark.parametrize("text", [
    "Back tax fell by DKK 1.7 billion.",
    "Back tax fell by 1,700 million kroner.",
    "Over 33,000 users (33000 in all) signed up, and flex trips fell by 47 percent.",
    "The saving is estimated at DKK 80,000-100,000 a year.",
])
def test_english_figures_from_the_entry_pass(text):
    assert factcheck.unsupported_figures(text, SKAT_ENTRY, english=True) == []


@pytest.mark.parametrize("text, number", [
    ("Back tax fell by DKK 1.7 million.", "1.7"),  # right digits, wrong scale
    ("Over 34,000 users signed up.", "34,000"),
    ("Back tax fell by DKK 2.7 billion.", "2.7"),
])
def test_an_invented_english_figure_is_named(text, number):
    assert [f.text for f in factcheck.unsupported_figures(text, SKAT_ENTRY, english=True)] == [number]


def _write_case(folder: Path, extra_sentence: str = "", sources: list[str] | None = None,
                summary_en: str | None = None) -> None:
    case = yaml.safe_load((REAL_CASES / "skat-i-balance.yaml").read_text(encoding="utf-8"))
    case["body"] += f"\n{extra_sentence}\n"
    if summary_en is not None:
        case["summary_en"] = summary_en
    if sources is not None:
        case["source_urls"] = sources
    folder.mkdir()
    (folder / "skat-i-balance.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")


def _run_factcheck(tmp_path: Path, capsys) -> tuple[int, str]:
    facts = tmp_path / "facts.yaml"
    facts.write_text(yaml.safe_dump({"cases": [SKAT_ENTRY]}, allow_unicode=True), encoding="utf-8")
    code = cli.main(["factcheck", "--cases", str(tmp_path / "cases"), "--facts", str(facts)])
    return code, capsys.readouterr().out


def test_factcheck_command_fails_on_a_case_with_an_invented_figure(tmp_path, capsys):
    _write_case(tmp_path / "cases", "Samtidig faldt antallet af rykkere med 4.321 om året.")
    code, out = _run_factcheck(tmp_path, capsys)
    assert code == 1
    assert "skat-i-balance: body: the number 4.321 is not in the facts entry" in out


def test_factcheck_command_fails_on_a_wrong_number_in_the_english_summary(tmp_path, capsys):
    _write_case(tmp_path / "cases", summary_en="SKAT helps people avoid back tax. Back tax has "
                                               "fallen by DKK 2.7 billion since 2013.")
    code, out = _run_factcheck(tmp_path, capsys)
    assert code == 1
    assert "skat-i-balance: summary_en: the number 2.7 is not in the facts entry" in out


def test_factcheck_command_fails_on_an_english_figure_the_danish_text_does_not_have(tmp_path, capsys):
    _write_case(tmp_path / "cases", summary_en="SKAT helps people avoid back tax. The state expects "
                                               "about DKK 100 million a year more and 47 percent fewer flex trips.")
    code, out = _run_factcheck(tmp_path, capsys)
    assert code == 1
    assert "skat-i-balance: summary_en: the number 47 is not in the Danish text" in out
    assert "the number 100" not in out


def test_factcheck_command_passes_the_same_case_without_it(tmp_path, capsys):
    _write_case(tmp_path / "cases")
    code, out = _run_factcheck(tmp_path, capsys)
    assert (code, out) == (0, "")


def test_factcheck_command_fails_on_a_case_without_a_source_from_its_entry(tmp_path, capsys):
    _write_case(tmp_path / "cases", sources=["https://example.org/en-anden-kilde"])
    code, out = _run_factcheck(tmp_path, capsys)
    assert code == 1
    assert "skat-i-balance: source_urls: none of them is the entry's source_url" in out


@pytest.fixture(scope="module")
def collection():
    report = load_collection(load_settings(), REAL_CASES)
    return {case.slug: case for case in report.cases}


@pytest.fixture(scope="module")
def facts():
    return factcheck.load_facts(FACTS)


@pytest.mark.parametrize("slug", sorted(p.stem for p in case_files(REAL_CASES)))
def test_every_number_and_source_of_a_real_case_comes_from_its_facts_entry(slug, collection, facts):
    assert slug in collection, f"cases/{slug} is not valid (run python -m indexer check)"
    assert slug in facts, f"the facts sheet has no entry with id {slug}"
    problems = factcheck.check_case(collection[slug], facts[slug])
    assert not problems, "\n".join(map(str, problems))


def test_every_case_in_the_facts_sheet_has_a_case_file(facts):
    files = {p.stem for p in case_files(REAL_CASES)}
    assert sorted(set(facts) - files) == []


def test_factcheck_reads_the_facts_folder_inside_the_cases_folder_by_default(tmp_path, capsys):
    _write_case(tmp_path / "cases", "Samtidig faldt antallet af rykkere med 4.321 om året.")
    folder = tmp_path / "cases" / "facts"
    folder.mkdir()
    (folder / "skat-i-balance.yaml").write_text(yaml.safe_dump(SKAT_ENTRY, allow_unicode=True),
                                                encoding="utf-8")
    (folder / "_collection.yaml").write_text("taxonomy: {}\n", encoding="utf-8")
    code = cli.main(["factcheck", "--cases", str(tmp_path / "cases")])
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("skat-i-balance: body: the number 4.321 is not in the facts entry")


def test_a_facts_file_whose_id_is_not_its_name_is_named(tmp_path, capsys):
    _write_case(tmp_path / "cases")
    folder = tmp_path / "cases" / "facts"
    folder.mkdir()
    (folder / "skat-i-balance.yaml").write_text("id: en-anden-case\n", encoding="utf-8")
    code = cli.main(["factcheck", "--cases", str(tmp_path / "cases")])
    assert code == 2
    assert "skat-i-balance.yaml: a facts file must be a mapping whose id is 'skat-i-balance'" in capsys.readouterr().err


def test_the_facts_are_in_the_project_not_beside_it():
    assert FACTS.is_relative_to(PROJECT_ROOT) and FACTS.is_dir()
    assert len(factcheck.facts_files(FACTS)) == len(case_files(REAL_CASES))


def test_the_facts_folder_is_not_taken_for_cases(capsys):
    report = load_collection(load_settings(), REAL_CASES)
    assert not any("facts" in str(p) for p in report.problems)
    assert report.files == len(case_files(REAL_CASES)) == len(report.cases)
