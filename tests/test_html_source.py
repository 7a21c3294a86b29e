"""Legacy HTML pages: decoded right, chrome dropped, metadata read, content sanitised."""
import pytest

from indexer.collection import load_collection
from indexer.html_source import decode_page, extract_case
from tests.conftest import FIXTURE_CASES

PAGE = FIXTURE_CASES / "kulturrygsaek-holbaek.html"


def test_windows_1252_page_declared_as_latin1_reads_right():
    fields = extract_case(PAGE.read_bytes())
    assert fields["title"] == "Kulturrygsækken giver børn kunst – også i Holbæk"
    assert "“kulturoplevelser”" in fields["body"]
    assert "æbler, øer og åer" in fields["body"]


@pytest.mark.parametrize("declaration", ["", '<meta charset="utf-8">'])
def test_pages_without_or_with_utf8_charset(declaration):
    text = f"<html><head>{declaration}<title>Ældre på Ærø</title></head><body><h1>Ældre på Ærø</h1></body></html>"
    for encoding in ("utf-8", "cp1252"):
        if declaration and encoding == "cp1252":
            continue
        assert "Ældre på Ærø" in decode_page(text.encode(encoding)).text


def test_chrome_is_dropped_and_content_sanitised():
    body = extract_case(PAGE.read_bytes())["body"]
    for gone in ("Tilmeld", "cookies", "Forside", "tracker", "font-family", "onclick", "javascript:"):
        assert gone not in body
    assert "<h2>Løsningen</h2>" in body


def test_metadata_from_meta_tags_and_facts_list():
    fields = extract_case(PAGE.read_bytes())
    assert fields["organisation"] == "Holbæk Kommune"
    assert fields["year"] == 2020
    assert fields["source_urls"] == ["https://www.holbaek.dk/kultur"]
    assert fields["lead"].startswith("Holbæk Kommune genbrugte")


def test_sidecar_supplies_the_facets(settings):
    report = load_collection(settings)
    case = next(c for c in report.cases if c.slug == "kulturrygsaek-holbaek")
    assert case.source_format == "html"
    assert case.area == ["kultur-fritid", "uddannelse"]
    assert "æbler, øer og åer" in case.body_text


def test_a_page_without_sidecar_says_what_is_missing(cases_dir, settings):
    (cases_dir / "kulturrygsaek-holbaek.meta.yaml").unlink()
    report = load_collection(settings)
    problems = [p for p in report.problems if "kulturrygsaek" in p.file]
    assert any(p.field == "sector" and "meta.yaml" in p.message for p in problems)


def test_binary_junk_is_an_error_not_a_crash(cases_dir, settings):
    (cases_dir / "junk.html").write_bytes(bytes(range(256)) * 50)
    report = load_collection(settings)
    assert any(p.file.endswith("junk.html") for p in report.problems)
    assert len(report.cases) == 7
