"""Documented by test: every case field and every taxonomy value is described for editors."""
import re
from pathlib import Path

from indexer.record import CaseFile
from indexer.settings import load_settings

DOCS = Path(__file__).resolve().parent.parent / "docs" / "cases.md"


def test_every_case_field_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))
    assert set(CaseFile.model_fields) <= documented, set(CaseFile.model_fields) - documented


def test_every_facet_value_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for name, facet in load_settings().facets.items():
        line = next((l for l in text.splitlines() if l.startswith(f"- `{name}`")), None)
        if name == "employee_driven":
            continue
        assert line, f"docs/cases.md lists no values for {name}"
        for value in facet.values:
            assert f"`{value}`" in line, f"{name}: {value} is not documented"


def test_a_comma_in_an_unquoted_label_is_caught(tmp_path):
    import pytest

    from indexer.settings import ConfigError

    config = Path(__file__).resolve().parent.parent / "config.yaml"
    text = config.read_text(encoding="utf-8").replace(
        '{da: "Børn, unge og dagtilbud", en: "Children, youth and day care"}',
        "{da: Børn, unge og dagtilbud, en: Children, youth and day care}",
    )
    broken = tmp_path / "config.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config.yaml:\d+: facets.area.values.boern-unge: .*quoted"):
        load_settings(broken)
