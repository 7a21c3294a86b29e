"""Running workers see a new index without a restart.

Each gunicorn worker is its own app with its own long-lived searcher. Two apps on one index
stand in for two workers: after a full build (a new generation) or an editor's save (a new
commit in the live generation), both must find the new text, and both must go on answering
while it happens.
"""
from __future__ import annotations

import shutil
import time

from indexer.build import build_index, update_case
from indexer.collection import load_collection
from search_app import create_app
from tests.conftest import app_config

WORD = "kvantepingvin"


def total_for(client, word: str) -> int:
    response = client.get(f"/api/search?q={word}")
    assert response.status_code == 200
    return response.get_json()["total"]


def wait_for_total(client, word: str, expected: int, timeout: float = 3.0) -> int:
    """The worker's answer, polled until it is ``expected`` or ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        total = total_for(client, word)
        if total == expected or time.monotonic() > deadline:
            return total
        time.sleep(0.02)


def add_case_with_word(cases_dir, slug: str, word: str) -> None:
    source = (cases_dir / "skat-i-balance.yaml").read_text(encoding="utf-8")
    text = source.replace("title: ", f"title: {word.capitalize()} og ", 1)
    (cases_dir / f"{slug}.yaml").write_text(text, encoding="utf-8")


def test_two_workers_pick_up_a_new_generation(settings, index, cases_dir):
    first, second = (create_app(app_config(settings)).test_client() for _ in range(2))
    assert total_for(first, WORD) == 0
    assert total_for(second, WORD) == 0

    add_case_with_word(cases_dir, "ny-case-med-nyt-ord", WORD)
    summary = build_index(settings)
    assert summary.generation != index.generation

    assert wait_for_total(first, WORD, 1) == 1
    assert wait_for_total(second, WORD, 1) == 1
    slugs = [r["slug"] for r in second.get(f"/api/search?q={WORD}").get_json()["results"]]
    assert slugs == ["ny-case-med-nyt-ord"]


def test_two_workers_pick_up_an_editors_save(settings, index):
    first, second = (create_app(app_config(settings)).test_client() for _ in range(2))
    assert total_for(first, WORD) == 0 and total_for(second, WORD) == 0

    case = next(c for c in load_collection(settings).cases if c.slug == "skat-i-balance")
    update_case(settings, case.model_copy(update={"lead": f"{case.lead} {WORD}"}))

    assert wait_for_total(first, WORD, 1) == 1
    assert wait_for_total(second, WORD, 1) == 1
    assert second.get("/api/search?q=restskat").get_json()["total"] >= 1

    update_case(settings, case)  # the word taken out again: the saved version must not linger
    assert wait_for_total(first, WORD, 0) == 0
    assert wait_for_total(second, WORD, 0) == 0


def test_a_worker_goes_back_with_a_rollback_and_drops_removed_generations(settings, index, cases_dir):
    from indexer import generations

    worker = create_app(app_config(settings)).test_client()
    add_case_with_word(cases_dir, "ny-case-med-nyt-ord", WORD)
    build_index(settings)
    assert wait_for_total(worker, WORD, 1) == 1

    generations.rollback(settings.index_dir)
    assert wait_for_total(worker, WORD, 0) == 0

    (cases_dir / "ny-case-med-nyt-ord.yaml").unlink()
    build_index(settings)
    build_index(settings)  # prunes the generation the worker first had open
    assert wait_for_total(worker, WORD, 0) == 0
    assert total_for(worker, "restskat") >= 1


def test_a_worker_answers_while_a_build_switches_generations(settings, index, cases_dir):
    worker = create_app(app_config(settings)).test_client()
    shutil.copy(cases_dir / "akuttelefonen-1813.yaml", cases_dir / "akuttelefonen-kopi.yaml")
    for _ in range(3):
        build_index(settings)
        response = worker.get("/api/search?q=1813")
        assert response.status_code == 200
        assert response.get_json()["total"] >= 1
