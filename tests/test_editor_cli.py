"""The editors' command line: accounts (flask editor …) and cases (python -m indexer new/import-html)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import shutil

import pytest
import yaml

from indexer import audit
from indexer.case_files import from_yaml
from indexer.cli import main
from indexer.collection import load_collection
from search_app import accounts, create_app
from tests.conftest import FIXTURE_CASES, app_config

PASSWORD = "en-lang-nok-adgangskode"


@pytest.fixture
def config(settings, tmp_path):
    """A config file pointing at this test's folders (the CLI reads a file, like editors do)."""
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(settings.raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def test_flask_editor_commands_add_list_and_remove_accounts(settings, index):
    app = create_app(app_config(settings))
    runner = app.test_cli_runner()
    added = runner.invoke(args=["editor", "add", "Anna", "--password-stdin"], input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert runner.invoke(args=["editor", "list"]).output.split() == ["anna"]
    stored = accounts.accounts_path(settings.data_dir)
    assert PASSWORD not in stored.read_text(encoding="utf-8")
    assert json.loads(stored.read_text())["accounts"]["anna"]["password_hash"].startswith("scrypt:")
    assert stored.stat().st_mode & 0o077 == 0
    again = runner.invoke(args=["editor", "add", "anna", "--password-stdin"], input=PASSWORD + "\n")
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(args=["editor", "add", "bo", "--password-stdin"], input="kort\n")
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    client = app.test_client()
    assert client.post("/editor/sign-in", data={"name": "anna", "password": PASSWORD}).status_code == 302
    assert runner.invoke(args=["editor", "remove", "anna"]).exit_code == 0
    assert "anna" not in runner.invoke(args=["editor", "list"]).output
    assert client.get("/editor/").status_code == 302  # the signed-in session ends with the account


def test_new_writes_a_valid_draft_with_a_slug_from_the_title(config, settings, index, capsys):
    assert main(["--config", config, "new", "Holbæk låner cykler ud til ældre borgere"]) == 0
    path = settings.cases_dir / "holbaek-laaner-cykler-ud-til-aeldre-borgere.yaml"
    data = from_yaml(path.read_text(encoding="utf-8"))
    assert data["title"] == "Holbæk låner cykler ud til ældre borgere"
    assert data["published"] is False
    assert load_collection(settings).problems == []
    assert "# service, product, process, communication" in path.read_text(encoding="utf-8")
    [entry] = audit.entries(settings.data_dir)
    assert entry["action"] == "create" and entry["editor"].startswith("cli:")
    assert "wrote" in capsys.readouterr().out
    assert main(["--config", config, "new", "Holbæk låner cykler ud til ældre borgere"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_new_case_asks_for_the_english_summary_after_the_lead(config, settings, index, capsys):
    assert main(["--config", config, "new", "Holbæk låner cykler ud til ældre borgere"]) == 0
    path = settings.cases_dir / "holbaek-laaner-cykler-ud-til-aeldre-borgere.yaml"
    text = path.read_text(encoding="utf-8")
    keys = [line.split(":", 1)[0] for line in text.splitlines() if line and not line.startswith(" ")]
    assert keys[:3] == ["title", "lead", "summary_en"]
    assert "Write 2-4 sentences in English" in from_yaml(text)["summary_en"]
    path.write_text(text.replace("published: false", "published: true"), encoding="utf-8")
    problems = [p for p in load_collection(settings).problems if p.field == "summary_en"]
    assert any("still holds the placeholder 'Write 2-4 sentences" in p.message for p in problems)


def _legacy_page(tmp_path, with_sidecar: bool):
    folder = tmp_path / "legacy"
    folder.mkdir()
    page = folder / "kulturrygsaek-import.html"
    shutil.copy(FIXTURE_CASES / "kulturrygsaek-holbaek.html", page)
    if with_sidecar:
        shutil.copy(FIXTURE_CASES / "kulturrygsaek-holbaek.meta.yaml", folder / "kulturrygsaek-import.meta.yaml")
    return page


def test_import_html_writes_a_yaml_case_with_a_markdown_body(config, settings, index, tmp_path):
    page = _legacy_page(tmp_path, with_sidecar=True)
    assert main(["--config", config, "import-html", str(page)]) == 0
    data = from_yaml((settings.cases_dir / "kulturrygsaek-import.yaml").read_text(encoding="utf-8"))
    assert data["title"].startswith("Kulturrygsækken giver børn kunst")
    assert "## Løsningen" in data["body"] and "<p>" not in data["body"]
    assert data["area"] == ["kultur-fritid", "uddannelse"]
    assert "javascript" not in data["body"] and "onclick" not in data["body"]
    assert load_collection(settings).problems == []


def test_import_html_without_the_facets_writes_nothing_and_says_what_is_missing(config, settings, index,
                                                                                 tmp_path, capsys):
    page = _legacy_page(tmp_path, with_sidecar=False)
    assert main(["--config", config, "import-html", str(page)]) == 1
    err = capsys.readouterr().err
    assert "innovation_type: is required" in err and "Nothing was written" in err
    assert not (settings.cases_dir / "kulturrygsaek-import.yaml").exists()
    assert main(["--config", config, "import-html", str(page), "--output", "-"]) == 1
    printed = capsys.readouterr().out
    assert from_yaml(printed)["organisation"] == "Holbæk Kommune"


def test_account_commands_touch_no_index(config, settings):
    """``flask editor add`` answers about the password without building or warming the index."""
    env = dict(os.environ, CASESAMLINGEN_CONFIG=config)
    flask = [sys.executable, "-m", "flask", "--app", "search_app", "editor"]
    short = subprocess.run(flask + ["add", "bo", "--password-stdin"], input="kort\n", env=env,
                           capture_output=True, text=True, timeout=120)
    assert short.returncode != 0 and "at least 10 characters" in short.stderr
    added = subprocess.run(flask + ["add", "bo", "--password-stdin"], input=PASSWORD + "\n", env=env,
                           capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    listed = subprocess.run(flask + ["list"], env=env, capture_output=True, text=True, timeout=120)
    assert listed.stdout.split() == ["bo"]
    assert not settings.index_dir.exists()
    assert "worker ready" not in short.stderr + added.stderr + listed.stderr


def test_placeholders_from_new_block_publishing_but_not_a_draft(config, settings, index, capsys):
    assert main(["--config", config, "new", "Holbæk låner cykler ud til ældre borgere"]) == 0
    path = settings.cases_dir / "holbaek-laaner-cykler-ud-til-aeldre-borgere.yaml"
    assert main(["--config", config, "check"]) == 0  # a draft may hold placeholders
    capsys.readouterr()
    text = path.read_text(encoding="utf-8").replace("published: false", "published: true")
    # Everything chosen, only the words and the source left as placeholders.
    for name, value in [("innovation_type", "[service]"), ("value", "[quality]"), ("area", "[aeldre]"),
                        ("sector", "kommune"), ("region", "sjaelland"), ("employee_driven", "false")]:
        text = "\n".join(f"{name}: {value}" if line.startswith(f"{name}:") else line
                         for line in text.splitlines()) + "\n"
    path.write_text(text, encoding="utf-8")
    assert main(["--config", config, "check"]) == 1
    err = capsys.readouterr()
    out = err.out + err.err
    assert "holbaek-laaner-cykler-ud-til-aeldre-borgere.yaml" in out
    assert "placeholder 'Skriv organisationens navn'" in out
    assert "https://example.org/skriv-kildens-adresse' is a placeholder" in out
    assert main(["--config", config, "build"]) in (0, 1)
    capsys.readouterr()
    assert "holbaek-laaner-cykler" not in {c.slug for c in load_collection(settings).cases}


def test_new_starts_without_facet_values_nobody_chose(config, settings, index):
    assert main(["--config", config, "new", "Holbæk låner cykler ud til ældre borgere"]) == 0
    data = from_yaml((settings.cases_dir / "holbaek-laaner-cykler-ud-til-aeldre-borgere.yaml").read_text())
    assert data["innovation_type"] == [] and data["area"] == [] and data["sector"] is None
    assert [line.removeprefix("## ") for line in data["body"].splitlines() if line.startswith("## ")] == [
        "Udfordringen", "Løsningen", "Samarbejdet", "Resultater"]
