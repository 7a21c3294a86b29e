"""The one write path (indexer.editing): nothing an editor writes is ever lost or leaks out of cases/."""
from __future__ import annotations

import threading

import pytest
from whoosh import index as whoosh_index

from indexer import audit, generations, index_sync
from indexer.case_files import from_yaml, slug_from_title, to_yaml
from indexer.collection import load_collection
from indexer.editing import BadSlug, CaseNotFound, CaseStore, Conflict, InvalidCase


@pytest.fixture
def store(settings, index) -> CaseStore:
    return CaseStore(settings)


@pytest.fixture
def bare_store(settings) -> CaseStore:
    """A store without an index, for refusals that must happen before anything is touched."""
    return CaseStore(settings)


def _edited(store: CaseStore, slug: str, **changes):
    stored = store.read(slug)
    return dict(stored.data, **changes), stored.version


def test_save_writes_yaml_in_documented_order_that_check_accepts(store, settings):
    data, version = _edited(store, "skat-i-balance", title="Skat i balance sparer danskerne for restskat")
    store.save("skat-i-balance", data, base_version=version, editor="anna")
    text = (settings.cases_dir / "skat-i-balance.yaml").read_text(encoding="utf-8")
    keys = [line.split(":", 1)[0] for line in text.splitlines() if line and not line.startswith(" ")]
    assert keys[:5] == ["title", "lead", "summary_en", "body", "organisation"]
    assert "body: |" in text
    assert load_collection(settings).problems == []


def _indexed_title(settings, slug: str) -> str | None:
    ix = whoosh_index.open_dir(str(generations.current_generation(settings.index_dir)))
    try:
        with ix.searcher() as searcher:
            fields = searcher.document(slug=slug)
            return fields["title"] if fields else None
    finally:
        ix.close()


def test_save_while_the_index_is_busy_is_indexed_as_soon_as_it_is_free(settings, index):
    store = CaseStore(settings, index_wait=0.2)
    data, version = _edited(store, "skat-i-balance", title="Gemt mens en fuld indeksering kørte")
    with generations.write_lock(settings.index_dir):  # a full build holds the index
        result = store.save("skat-i-balance", data, base_version=version, editor="anna")
        assert not result.indexed
        assert index_sync.pending(settings) == ["skat-i-balance"]
    assert index_sync.catch_up(settings) == []
    assert _indexed_title(settings, "skat-i-balance") == "Gemt mens en fuld indeksering kørte"


def test_yaml_round_trip_keeps_every_value(store):
    data = store.read("skat-i-balance").data
    assert from_yaml(to_yaml(data)) == data


def test_every_save_keeps_the_previous_version(store, settings):
    before = (settings.cases_dir / "skat-i-balance.yaml").read_text(encoding="utf-8")
    data, version = _edited(store, "skat-i-balance", lead="En ny indledning, der er lang nok til at være gyldig her.")
    store.save("skat-i-balance", data, base_version=version, editor="anna")
    [entry] = store.history("skat-i-balance")
    assert entry.version == version
    assert store.history_text("skat-i-balance", entry.name) == before


def test_restore_from_history_brings_the_old_text_back(store, settings):
    original = store.read("skat-i-balance")
    data = dict(original.data, title="En midlertidig titel, der skal væk igen")
    saved = store.save("skat-i-balance", data, base_version=original.version, editor="anna")
    entry = store.history("skat-i-balance")[0]
    restored = store.restore_version("skat-i-balance", entry.name, base_version=saved.version, editor="bo")
    assert restored.case.title == original.case.title
    assert store.version("skat-i-balance") == original.version
    assert len(store.history("skat-i-balance")) == 2  # the original and the temporary title


def test_invalid_data_is_refused_with_danish_messages_and_nothing_written(store, settings):
    path = settings.cases_dir / "skat-i-balance.yaml"
    before = path.read_bytes()
    data, version = _edited(store, "skat-i-balance", lead="kort", sector="komune")
    with pytest.raises(InvalidCase) as caught:
        store.save("skat-i-balance", data, base_version=version, editor="anna")
    by_field = {p.field: p.message_da for p in caught.value.problems}
    assert by_field["lead"] == "er for kort: mindst 40 tegn"
    assert "'komune' er ikke en af" in by_field["sector"]
    assert path.read_bytes() == before
    assert store.history("skat-i-balance") == []


def test_two_concurrent_saves_one_wins_one_conflicts_and_no_text_is_lost(store, settings):
    stored = store.read("skat-i-balance")
    texts = {
        "anna": "Annas nye titel om skat i balance",
        "bo": "Bos helt anden titel om restskat",
    }
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(editor: str) -> None:
        data = dict(stored.data, title=texts[editor])
        barrier.wait()
        try:
            outcomes[editor] = store.save("skat-i-balance", data, base_version=stored.version, editor=editor)
        except Conflict as exc:
            outcomes[editor] = exc

    threads = [threading.Thread(target=save, args=(name,)) for name in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    conflicts = [e for e, o in outcomes.items() if isinstance(o, Conflict)]
    assert len(conflicts) == 1, outcomes
    loser = conflicts[0]
    winner = next(e for e in texts if e != loser)
    conflict = outcomes[loser]
    current = (settings.cases_dir / "skat-i-balance.yaml").read_text(encoding="utf-8")
    assert texts[winner] in current
    assert texts[winner] in conflict.current_text and texts[loser] in conflict.attempted_text
    kept = {e.kind: store.history_text("skat-i-balance", e.name) for e in store.history("skat-i-balance")}
    assert texts[loser] in kept["rejected"]
    assert stored.case.title in kept["yaml"]


def test_save_from_a_stale_version_is_a_conflict(store):
    data, version = _edited(store, "skat-i-balance", title="Første redaktørs nye titel om skat")
    store.save("skat-i-balance", data, base_version=version, editor="anna")
    data["title"] = "Anden redaktørs titel, skrevet på den gamle version"
    with pytest.raises(Conflict) as caught:
        store.save("skat-i-balance", data, base_version=version, editor="bo")
    assert caught.value.base_version == version
    assert "Første redaktørs" in caught.value.current_text


def test_soft_delete_moves_to_trash_and_restore_brings_it_back(store, settings):
    original = (settings.cases_dir / "skat-i-balance.yaml").read_bytes()
    store.delete("skat-i-balance", base_version=store.version("skat-i-balance"), editor="anna")
    assert not (settings.cases_dir / "skat-i-balance.yaml").exists()
    assert ("skat-i-balance", "trashed") in {(s.slug, s.state) for s in store.summaries()}
    with pytest.raises(CaseNotFound):
        store.read("skat-i-balance")
    store.restore_deleted("skat-i-balance", editor="bo")
    assert (settings.cases_dir / "skat-i-balance.yaml").read_bytes() == original
    actions = [e["action"] for e in audit.entries(settings.data_dir)]
    assert actions[:2] == ["undelete", "delete"]


def test_rename_adds_the_old_address_as_alias_and_moves_history(store, settings):
    data, version = _edited(store, "akuttelefonen-1813")
    result = store.save("akuttelefonen-1813", data, base_version=version, editor="anna",
                        new_slug="akuttelefon-1813-hovedstaden")
    assert result.slug == "akuttelefon-1813-hovedstaden"
    assert "/cases/akuttelefonen-1813" in result.case.aliases
    assert not (settings.cases_dir / "akuttelefonen-1813.yaml").exists()
    assert [e.version for e in store.history("akuttelefon-1813-hovedstaden")] == [version]


def test_html_case_becomes_yaml_on_first_save_and_the_page_is_kept(store, settings):
    stored = store.read("kulturrygsaek-holbaek")
    assert stored.source_format == "html"
    assert "## Løsningen" in stored.data["body"]  # the page's body as Markdown
    store.save("kulturrygsaek-holbaek", stored.data, base_version=stored.version, editor="anna")
    assert (settings.cases_dir / "kulturrygsaek-holbaek.yaml").exists()
    assert not (settings.cases_dir / "kulturrygsaek-holbaek.html").exists()
    assert not (settings.cases_dir / "kulturrygsaek-holbaek.meta.yaml").exists()
    [entry] = store.history("kulturrygsaek-holbaek")
    assert entry.kind == "html"
    assert "Kulturrygs" in store.history_text("kulturrygsaek-holbaek", entry.name)


def test_audit_log_says_who_did_what_to_which_version(store, settings):
    data, version = _edited(store, "skat-i-balance", published=False)
    result = store.save("skat-i-balance", data, base_version=version, editor="anna")
    [entry] = audit.entries(settings.data_dir)
    assert entry["editor"] == "anna" and entry["slug"] == "skat-i-balance"
    assert entry["old_version"] == version and entry["new_version"] == result.version
    assert entry["published"] is False and entry["time"].endswith("+00:00")


@pytest.mark.parametrize("slug", [
    "../etc/passwd", "..", "a/b", "/tmp/x", "skat-i-balance/../../x", "Skat", "a\x00b", "",
    "%2e%2e%2fx", "ok-" + "x" * 120,
])
def test_path_traversal_in_slugs_is_refused(bare_store, settings, slug):
    store = bare_store
    data = store.read("skat-i-balance").data
    with pytest.raises(BadSlug):
        store.save(slug, data, base_version="", editor="anna")
    with pytest.raises(BadSlug):
        store.save("skat-i-balance", data, base_version=store.version("skat-i-balance"),
                   editor="anna", new_slug=slug)
    for call in (store.read, store.history, lambda s: store.restore_deleted(s, editor="anna")):
        with pytest.raises(BadSlug):
            call(slug)
    outside = [p for p in settings.cases_dir.parent.rglob("*") if p.suffix == ".yaml"
               and settings.cases_dir not in p.parents and "history" not in p.parts]
    assert outside == []


def test_history_names_cannot_reach_other_files(bare_store):
    store = bare_store
    with pytest.raises(CaseNotFound):
        store.history_text("skat-i-balance", "../../cases/skat-i-balance")


@pytest.mark.parametrize("title, slug", [
    ("Ældre får hjælp på Århus' plejehjem", "aeldre-faar-hjaelp-paa-aarhus-plejehjem"),
    ("Café-ordning i Køge – 2024!", "cafe-ordning-i-koege-2024"),
])
def test_slug_from_title(title, slug):
    assert slug_from_title(title) == slug


def test_case_list_checks_each_file_once_and_again_when_it_changes(bare_store, settings):
    from indexer.case_list import list_cases

    assert {s.state for s in list_cases(settings, budget=0)} == {"unchecked"}  # nothing done yet
    states = {s.slug: s.state for s in list_cases(settings)}
    assert states["kladde-eksempel"] == "draft" and states["skat-i-balance"] == "published"
    path = settings.cases_dir / "skat-i-balance.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("sector: stat", "sector: staten"), encoding="utf-8")
    again = {s.slug: s for s in list_cases(settings, budget=0)}  # only the changed file is checked
    assert again["kladde-eksempel"].state == "draft"
    assert again["skat-i-balance"].state == "unchecked"
    [problem] = {s.slug: s for s in list_cases(settings)}["skat-i-balance"].problems
    assert problem.field == "sector"


def test_trash_entries_are_never_overwritten_and_each_case_keeps_its_own_history(store, settings):
    first = store.read("skat-i-balance")
    store.save("skat-i-balance", dict(first.data, title="Skat i balance, første udgave rettet"),
               base_version=first.version, editor="anna")
    store.delete("skat-i-balance", base_version=store.version("skat-i-balance"), editor="anna")
    first_history = [e.version for e in store.kept.entries("skat-i-balance")]
    assert first_history == []  # the deleted case took its history into the trash

    other = store.read("akuttelefonen-1813")
    store.save("akuttelefonen-1813", other.data, base_version=other.version, editor="bo",
               new_slug="skat-i-balance")
    assert [e.version for e in store.history("skat-i-balance")] == [other.version]
    store.delete("skat-i-balance", base_version=store.version("skat-i-balance"), editor="bo")

    trashed = [(e.slug, e.info["title"]) for e in store.trash.entries()]
    assert trashed == [("skat-i-balance", other.data["title"]),
                       ("skat-i-balance", "Skat i balance, første udgave rettet")]
    oldest = store.trash.entries()[-1].name
    store.restore_deleted(oldest, editor="anna")
    assert store.read("skat-i-balance").data["title"] == "Skat i balance, første udgave rettet"
    kept = store.history("skat-i-balance")
    assert first.version in [e.version for e in kept]
    assert other.version not in [e.version for e in kept]
    assert [e.slug for e in store.trash.entries()] == ["skat-i-balance"]  # the other one waits


def test_restoring_a_version_from_before_a_rename_keeps_the_old_address(store, settings, index):
    before = store.read("skat-i-balance")
    store.save("skat-i-balance", before.data, base_version=before.version, editor="anna",
               new_slug="skat-i-balance-ny")
    entry = next(e for e in store.history("skat-i-balance-ny") if e.version == before.version)
    store.restore_version("skat-i-balance-ny", entry.name, base_version=store.version("skat-i-balance-ny"),
                          editor="anna")
    aliases = store.read("skat-i-balance-ny").data["aliases"]
    assert "/cases/skat-i-balance" in aliases
    assert set(before.data["aliases"]) <= set(aliases)
    assert load_collection(settings).problems == []


def test_a_draft_saves_with_only_a_title_and_lists_what_publishing_needs(store, settings):
    result = store.save("kun-en-titel", {"title": "Kun en titel indtil videre", "published": False},
                        base_version="", editor="anna")
    assert result.case is None and not result.published
    assert (settings.cases_dir / "kun-en-titel.yaml").is_file()
    assert load_collection(settings).problems == []  # check accepts an unfinished draft
    checklist = {p.field for p in store.checklist("kun-en-titel", store.read("kun-en-titel").data)}
    assert {"lead", "body", "organisation", "innovation_type", "source_urls", "contact"} <= checklist
    with pytest.raises(InvalidCase):
        store.save("kun-en-titel", {"title": "Kun en titel indtil videre", "published": True},
                   base_version=result.version, editor="anna")
    with pytest.raises(InvalidCase):  # a wrong value is wrong in a draft too
        store.save("kun-en-titel", {"title": "Kun en titel indtil videre", "year": "sidste år",
                                    "published": False}, base_version=result.version, editor="anna")


def test_saving_keeps_the_comments_in_the_file(store, settings):
    path = settings.cases_dir / "skat-i-balance.yaml"
    text = "# Redaktionen: tallene er fra årsrapporten 2019\n" + path.read_text(encoding="utf-8")
    text = text.replace("\nregion: national\n", "\nregion: national  # hele landet\n", 1)
    path.write_text(text, encoding="utf-8")
    data, version = _edited(store, "skat-i-balance", title="Skat i balance sparer danskerne for restskat")
    store.save("skat-i-balance", data, base_version=version, editor="anna")
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith("# Redaktionen: tallene er fra årsrapporten 2019\n")
    assert "# hele landet" in saved
    assert from_yaml(saved)["title"] == "Skat i balance sparer danskerne for restskat"
    assert load_collection(settings).problems == []


def test_a_case_made_an_unfinished_draft_while_the_index_is_busy_leaves_the_index(settings, index):
    store = CaseStore(settings, index_wait=0.2)
    version = store.version("skat-i-balance")
    with generations.write_lock(settings.index_dir):
        result = store.save("skat-i-balance", {"title": "Skat i balance, skrives om", "published": False},
                            base_version=version, editor="anna")
        assert not result.indexed
    assert index_sync.catch_up(settings) == []
    assert _indexed_title(settings, "skat-i-balance") is None
