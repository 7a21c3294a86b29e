"""The editor shows a case's facts and sources beside its text, read-only, from cases/facts/."""
from __future__ import annotations

import shutil

from indexer.settings import PROJECT_ROOT
from tests.test_editor_web import accounts_file, editor, editor_app, signed_in  # noqa: F401

REAL_FACTS = PROJECT_ROOT / "cases" / "facts"


def test_the_edit_page_shows_the_cases_sources_and_key_facts(editor, cases_dir):  # noqa: F811
    (cases_dir / "facts").mkdir()
    shutil.copy(REAL_FACTS / "skat-i-balance.yaml", cases_dir / "facts" / "skat-i-balance.yaml")
    html = editor.get("/editor/cases/skat-i-balance/edit").get_data(as_text=True)
    panel = html[html.index('class="case-facts-panel"'):html.index("</aside>")]
    assert "Kilder og fakta" in panel
    assert 'href="https://innovationsbarometer.coi.dk/lav-nye-services/"' in panel
    assert 'href="https://co-pi.dk/viden-om/innovationsbarometeret/lav-nye-services/"' in panel
    assert "danskernes restskat faldet med 1,7 milliarder kr." in panel
    assert "cases/facts/skat-i-balance.yaml" in panel
    assert "<input" not in panel and "<textarea" not in panel


def test_a_case_without_facts_has_no_panel(editor):  # noqa: F811
    html = editor.get("/editor/cases/skat-i-balance/edit").get_data(as_text=True)
    assert "case-facts-panel" not in html
    assert editor.get("/editor/cases/new").status_code == 200
