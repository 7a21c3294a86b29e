"""Importing a legacy page: ``python -m indexer import-html`` (mirror file names, --slug, --explain,
what to write in the sidecar and where), the web editor's import page and HTML cases in cases/
all read a page the same way."""
from __future__ import annotations

import io
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup

from indexer.case_files import from_yaml
from indexer.cli import main
from indexer.collection import load_collection
from search_app import accounts, create_app
from search_app.editor.auth import new_session
from tests.conftest import FIXTURES, app_config

CORPUS = FIXTURES / "legacy"
MIRRORED = "nyhed.asp@id=1043.html"
FORM_PAGE = "Default.aspx@ID=512.html"


@pytest.fixture
def config(settings, tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(settings.raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def saved(tmp_path, name: str, with_sidecar: bool = True):
    folder = tmp_path / "saved"
    folder.mkdir(exist_ok=True)
    shutil.copy(CORPUS / name, folder / name)
    if with_sidecar:
        stem = name.rsplit(".", 1)[0]
        shutil.copy(CORPUS / f"{stem}.meta.yaml", folder / f"{stem}.meta.yaml")
    return folder / name


def test_a_mirrored_page_finds_its_sidecar_and_gets_a_slug_of_its_own(config, settings, index, tmp_path):
    page = saved(tmp_path, MIRRORED)
    assert main(["--config", config, "import-html", str(page)]) == 0
    data = from_yaml((settings.cases_dir / "nyhed-asp-id-1043.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "Sundhedsbussen kører ud til de små øer"
    assert data["area"] == ["sundhed", "aeldre"]
    assert data["source_urls"][0] == "http://www.lolland.dk/nyhed.asp?id=1043"
    assert not (settings.cases_dir / "nyhed.yaml").exists()


def test_slug_option_names_the_case(config, settings, index, tmp_path):
    page = saved(tmp_path, MIRRORED)
    assert main(["--config", config, "import-html", str(page), "--slug", "sundhedsbussen-lolland"]) == 0
    assert (settings.cases_dir / "sundhedsbussen-lolland.yaml").is_file()


def test_explain_shows_the_chosen_block_and_why_and_writes_nothing(config, settings, index, tmp_path, capsys):
    page = saved(tmp_path, FORM_PAGE)
    assert main(["--config", config, "import-html", str(page), "--explain"]) == 0
    out = capsys.readouterr().out
    assert 'content: <div id="ctl00_ContentPlaceHolder1_pnlBody" class="bodytext"> scored' in out
    assert "link density" in out and "runner-up" in out
    assert 'removed <div id="ctl00_pnlBreadcrumb" class="breadcrumb"> as chrome' in out
    assert "title from <h1" in out and "lead from" in out
    assert sorted(p.name for p in settings.cases_dir.iterdir()) == sorted(
        p.name for p in (FIXTURES / "cases").iterdir())


def test_without_a_sidecar_it_says_where_the_sidecar_goes_and_what_it_holds(config, settings, index,
                                                                           tmp_path, capsys):
    page = saved(tmp_path, MIRRORED, with_sidecar=False)
    assert main(["--config", config, "import-html", str(page)]) == 1
    err = capsys.readouterr().err
    expected = tmp_path / "saved" / "nyhed.asp@id=1043.meta.yaml"
    assert f"{expected}: innovation_type: is required" in err
    assert f"Write them in a sidecar file beside the page, {expected}" in err
    assert "  sector: kommune    # kommune, region, stat, tværoffentlig" in err
    assert "  area: [aeldre]    # aeldre, sundhed," in err
    assert ".yaml:1:" not in err and "Nothing was written" in err
    assert not (settings.cases_dir / "nyhed-asp-id-1043.yaml").exists()


def test_an_incomplete_sidecar_is_named_with_what_it_lacks(config, settings, index, tmp_path, capsys):
    page = saved(tmp_path, MIRRORED)
    sidecar = tmp_path / "saved" / "nyhed.asp@id=1043.meta.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("region: sjaelland\n", "")
                       .replace("sector: kommune", "sector: amt"), encoding="utf-8")
    assert main(["--config", config, "import-html", str(page)]) == 1
    err = capsys.readouterr().err
    assert f"{sidecar}: region: is required" in err
    assert f"{sidecar}: sector: 'amt' is not one of" in err
    assert f"Add them to {sidecar}" in err


def test_html_case_in_cases_resolves_links_against_the_sidecars_source_url(cases_dir, settings):
    shutil.copy(CORPUS / MIRRORED, cases_dir / "sundhedsbussen.html")
    shutil.copy(CORPUS / "nyhed.asp@id=1043.meta.yaml", cases_dir / "sundhedsbussen.meta.yaml")
    report = load_collection(settings)
    case = next(c for c in report.cases if c.slug == "sundhedsbussen")
    assert 'href="http://www.lolland.dk/nyheder.asp?id=1001"' in case.body_html
    assert case.source_urls[0] == "http://www.lolland.dk/nyhed.asp?id=1043"
    assert "Jernbanegade" not in case.body_text and "Fejø" in case.lead


def test_the_web_editors_import_reads_a_page_inside_an_aspnet_form(settings, index, tmp_path):
    accounts.add_account(settings.data_dir, "anna", "en-lang-nok-adgangskode")
    app = create_app(app_config(settings))
    client = app.test_client()
    with app.test_request_context():
        fields = new_session("anna")
    with client.session_transaction() as session:
        session.update(fields)
    response = client.post("/editor/import", content_type="multipart/form-data",
                           data={"page": (io.BytesIO((CORPUS / FORM_PAGE).read_bytes()), FORM_PAGE)})
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "lxml")
    assert soup.find(id="f-title")["value"] == "Digital post til alle over 65"
    body = soup.find(id="f-body").get_text()
    assert "## Små hold og egen tablet" in body and "Du er her" not in body and "Tip en ven" not in body


@pytest.mark.parametrize("text, message", [
    ("area: [aeldre\nsector: kommune\n", ":1: invalid YAML"),
    ("- aeldre\n- sundhed\n", ": a sidecar must be a mapping of fields"),
])
def test_a_broken_sidecar_is_named_not_the_page(config, settings, index, tmp_path, capsys, text, message):
    page = saved(tmp_path, MIRRORED)
    sidecar = tmp_path / "saved" / "nyhed.asp@id=1043.meta.yaml"
    sidecar.write_text(text, encoding="utf-8")
    assert main(["--config", config, "import-html", str(page)]) == 1
    assert f"error: {sidecar}{message}" in capsys.readouterr().err
