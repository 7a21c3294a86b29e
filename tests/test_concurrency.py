"""Builds, saves and readers at the same time: nothing lost, nothing torn, the index never corrupt.

Each test runs a real ``python -m indexer build`` process over a few hundred generated cases (a
build of a second or more) while the test does something else: starts a second build, saves
cases through the editor's write path, or searches through the site.
"""
from __future__ import annotations

import threading
import time

import pytest
from whoosh import index as whoosh_index

from indexer import generations
from indexer.build import build_index
from indexer.collection import case_files, load_case
from indexer.editing import CaseStore
from indexer.safe_files import atomic_write
from search_app import create_app
from tests.conftest import app_config, write_many_cases
from tests.test_crash import start_build, wait_for_new_generation

pytestmark = pytest.mark.slow  # real builds in subprocesses: a few seconds each
GENERATED = 200


def live_titles(index_dir) -> dict[str, str]:
    """slug -> title of every document in the live generation (opened fresh: it must be whole)."""
    ix = whoosh_index.open_dir(str(generations.current_generation(index_dir)))
    try:
        with ix.searcher() as searcher:
            return {fields["slug"]: fields["title"] for fields in searcher.all_stored_fields()}
    finally:
        ix.close()


def assert_index_whole(index_dir, expected_docs: int) -> None:
    assert len(live_titles(index_dir)) == expected_docs
    kept = {p.name for p in index_dir.glob(generations.PREFIX + "*")}
    pointers = {p.name for p in (generations.current_generation(index_dir),
                                 generations.previous_generation(index_dir)) if p}
    assert kept == pointers, "a build left a half-built generation behind"


def test_two_builds_at_once_one_fails_clearly_when_told_not_to_wait(settings, index, cases_dir):
    write_many_cases(cases_dir, GENERATED)
    expected = len(case_files(cases_dir))  # drafts are in the index too, hidden from visitors
    procs = [start_build(cases_dir, settings.index_dir, "--wait", "0") for _ in range(2)]
    outcomes = sorted((p.wait(timeout=120), p.communicate()[1]) for p in procs)
    codes = [code for code, _ in outcomes]
    if codes == [0, 0]:  # the first finished before the second started: run them closer together
        procs = [start_build(cases_dir, settings.index_dir, "--wait", "0") for _ in range(2)]
        outcomes = sorted((p.wait(timeout=120), p.communicate()[1]) for p in procs)
        codes = [code for code, _ in outcomes]
    assert codes == [0, 2], outcomes
    assert "another build or save holds" in outcomes[1][1]
    assert outcomes[1][1].startswith("error:")
    assert_index_whole(settings.index_dir, expected)


def test_two_builds_at_once_the_second_waits_by_default(settings, index, cases_dir):
    write_many_cases(cases_dir, GENERATED)
    expected = len(case_files(cases_dir))
    before = generations.current_generation(settings.index_dir)
    procs = [start_build(cases_dir, settings.index_dir) for _ in range(2)]
    assert [p.wait(timeout=180) for p in procs] == [0, 0], [p.communicate() for p in procs]
    assert generations.current_generation(settings.index_dir) != before
    assert_index_whole(settings.index_dir, expected)


def _edited(store: CaseStore, slug: str, title: str) -> bool:
    """Save a new title through the editor's write path; whether its own index update got through."""
    stored = store.read(slug)
    data = dict(stored.data, title=title)
    return store.save(slug, data, base_version=stored.version, editor="test").indexed


def test_saves_during_a_rebuild_are_neither_lost_nor_torn(settings, index, cases_dir):
    write_many_cases(cases_dir, GENERATED)
    build_index(settings)
    slugs = [f"genereret-{i:05d}" for i in range(0, GENERATED, 5)]
    store = CaseStore(settings)
    edits: dict[str, str] = {}
    torn: list[str] = []
    stop = threading.Event()

    def read_files():  # a reader of the files sees the old or the new text, never half of one
        while not stop.is_set():
            for slug in list(edits):
                case, problems = load_case(cases_dir / f"{slug}.yaml", settings)
                if problems:
                    torn.append(f"{slug}: {problems[0]}")

    failures: list[BaseException] = []
    begun_during_build: list[str] = []

    def save(part: list[str]):
        try:
            for slug in part:
                if build.poll() is None:
                    begun_during_build.append(slug)
                title = f"Redigeret mens indekset blev bygget: {slug}"
                _edited(store, slug, title)  # when its own update times out, the build carries it
                edits[slug] = title
                time.sleep(0.05)
        except BaseException as exc:  # noqa: BLE001 (reported by the test, not lost in a thread)
            failures.append(exc)

    reader = threading.Thread(target=read_files)
    reader.start()
    build = start_build(cases_dir, settings.index_dir, "--wait", "120")
    time.sleep(0.2)  # the build has started reading the files
    savers = [threading.Thread(target=save, args=(slugs[i::2],)) for i in range(2)]
    try:
        for saver in savers:
            saver.start()
        for saver in savers:
            saver.join(timeout=120)
        assert build.wait(timeout=120) == 0, build.communicate()
    finally:
        stop.set()
        reader.join()
    assert failures == []
    assert begun_during_build, "no save began while the build ran"
    assert torn == []
    titles = live_titles(settings.index_dir)
    lost = {slug: titles.get(slug) for slug, title in edits.items() if titles.get(slug) != title}
    assert lost == {}, f"{len(lost)} of {len(edits)} saves are not in the live index"
    assert len(edits) == len(slugs)


def test_a_file_changed_during_a_build_is_carried_into_the_new_generation(settings, index, cases_dir):
    """A save whose own index update gave up (or a hand edit) while the build wrote: the build
    notices the changed file before it switches."""
    write_many_cases(cases_dir, GENERATED)
    known = {p.name for p in settings.index_dir.glob(generations.PREFIX + "*")}
    build = start_build(cases_dir, settings.index_dir)
    wait_for_new_generation(settings.index_dir, known, build)  # the files have been read
    path = cases_dir / "genereret-00007.yaml"
    changed = path.read_text(encoding="utf-8").replace("Genereret case nummer 7", "Rettet i hånden under bygningen")
    atomic_write(path, changed.encode("utf-8"))
    (cases_dir / "genereret-00008.yaml").unlink()
    assert build.wait(timeout=120) == 0, build.communicate()
    titles = live_titles(settings.index_dir)
    assert titles["genereret-00007"].startswith("Rettet i hånden under bygningen")
    assert "genereret-00008" not in titles


def test_a_reader_during_a_rebuild_sees_no_errors_and_then_the_new_generation(settings, index, cases_dir):
    client = create_app(app_config(settings)).test_client()
    old = generations.current_generation(settings.index_dir)
    write_many_cases(cases_dir, GENERATED)
    build = start_build(cases_dir, settings.index_dir)
    statuses: list[int] = []
    while build.poll() is None:
        for url in ("/api/search?q=restskat", "/?q=genereret", "/cases/skat-i-balance"):
            statuses.append(client.get(url).status_code)
        time.sleep(0.05)  # a visitor's pace, leaving the build its share of the machine
    assert build.returncode == 0, build.communicate()
    assert statuses and set(statuses) == {200}, f"{len(statuses)} requests during the build"
    new = generations.current_generation(settings.index_dir)
    assert new != old
    assert client.get("/api/search?q=genereret").get_json()["total"] >= GENERATED
    assert client.get("/cases/genereret-00001").status_code == 200
    with client.application.app_context():
        from search_app import index_state

        assert index_state.engine().snapshot().generation == new.name
