"""Drafts stay private in the extras too: "Mente du", suggestions and related cases see
published cases only, never a word that only a draft uses (through the real app)."""
from __future__ import annotations

import pytest
import yaml

from indexer.build import build_index
from search_app import create_app

from .conftest import FIXTURE_CASES, app_config, make_settings

SECRET_WORD = "zyklopenbroen"
"""A word only the draft uses."""


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    import shutil

    tmp = tmp_path_factory.mktemp("drafts")
    shutil.copytree(FIXTURE_CASES, tmp / "cases")
    published = yaml.safe_load((FIXTURE_CASES / "faste-teams-aalborg.yaml").read_text(encoding="utf-8"))
    draft = {k: v for k, v in published.items() if k != "aliases"}
    draft.update(title=f"Hemmeligt udkast om {SECRET_WORD}", published=False,
                 lead=f"{published['lead']} {SECRET_WORD.capitalize()} er projektets arbejdstitel.",
                 body=f"{published['body']}\n\n## Mere\n\n{SECRET_WORD} og {SECRET_WORD}er.\n")
    (tmp / "cases" / "hemmeligt-udkast.yaml").write_text(
        yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    settings = make_settings(tmp, tmp / "cases")
    build_index(settings)
    return create_app(app_config(settings)).test_client()


def search(client, q: str) -> dict:
    response = client.get("/api/search", query_string={"q": q})
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize("typed", ["zyklopenbroem", "faste zyklopenbroem", "zyklopenbrøen teams",
                                   "Zyklopenbroeen aalborg"])
def test_mente_du_never_offers_a_word_only_a_draft_uses(client, typed):
    answer = search(client, typed)
    assert answer["total"] < 3  # few enough for "Mente du" to be looked for
    assert SECRET_WORD not in (answer["did_you_mean"] or "").lower()
    page = client.get("/", query_string={"q": typed}).get_data(as_text=True)
    assert SECRET_WORD not in page.lower()


def test_suggestions_never_complete_a_draft_word(client):
    items = client.get("/api/suggest", query_string={"q": "zyklop"}).get_json()
    assert items == []


def test_related_cases_never_list_a_draft(client):
    page = client.get("/cases/faste-teams-aalborg").get_data(as_text=True)
    assert "hemmeligt-udkast" not in page and "Hemmeligt udkast" not in page
    assert client.get("/cases/hemmeligt-udkast").status_code == 404
