"""Full builds through the fast writer give the index Whoosh's own writer gives.

The fast writer (``compat.TermsSegmentWriter``, used by large builds in several processes)
analyses each distinct word once per field and sorts the postings in memory. Its index must be
the plain writer's: in one process the segment files are the same bytes; in two processes
(two segments) every term's postings, term statistics, stored fields, field lengths and
search scores are the same. The collection is the real one plus a few hundred generated cases
(``benchmarks/generate.py``), so Danish compounds, hyphenated coordinations ("pleje- og
lokalcentre"), stopwords, numbers and English summaries all occur.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.analysis import (LowercaseFilter, NgramTokenizer, RegexTokenizer, StopFilter,
                             SubstitutionFilter)
from whoosh.fields import TEXT
from whoosh.qparser import MultifieldParser

from indexer import build, generations
from indexer.build import build_index, write_generation
from indexer.collection import load_collection
from indexer.schema import TEXT_FIELDS, build_schema, to_document
from search_app.engine import compat

from .conftest import REAL_CASES, make_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import write_collection  # noqa: E402

GENERATED = 300
QUERIES = ["ældre", "restskat", "velfærdsteknologi", "frivillige", "skole", "sygehus", "klima",
           "borgere", "digital", "hjemmepleje", "pleje", "children", "2015", "1,7"]


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    work = tmp_path_factory.mktemp("fast-build")
    cases_dir = work / "cases"
    shutil.copytree(REAL_CASES, cases_dir)
    write_collection(cases_dir, GENERATED, seed=11)
    settings = make_settings(work, cases_dir)
    cases = load_collection(settings, jobs=1).cases
    assert len(cases) >= GENERATED + 60
    return work, settings, cases


@pytest.fixture(scope="module")
def indexes(collection):
    """The plain writer's index (the reference), and the fast writer's in one and two processes."""
    work, _, cases = collection
    built = {}
    for name, jobs, fast in (("plain", 1, False), ("fast1", 1, True), ("fast2", 2, True)):
        target = work / name
        target.mkdir()
        write_generation(cases, target, jobs=jobs, fast=fast)
        built[name] = target
    return built


def _segment_files(folder: Path) -> dict[str, bytes]:
    """Each file of the index's one segment by what follows the segment id (``.pst``, ...)."""
    ix = whoosh_index.open_dir(str(folder))
    segments = ix._segments()
    ix.close()
    assert len(segments) == 1
    prefix = segments[0].segment_id()
    return {path.name[len(prefix):]: path.read_bytes()
            for path in folder.iterdir() if path.name.startswith(prefix)}


def test_in_one_process_the_segment_files_are_the_same_bytes(indexes):
    plain, fast = _segment_files(indexes["plain"]), _segment_files(indexes["fast1"])
    assert {".pst", ".trm", "._stored.col", "._body_len.col", ".year.col"} <= set(plain)
    assert sorted(fast) == sorted(plain)
    for suffix in plain:
        assert fast[suffix] == plain[suffix], f"{suffix} differs"


def _contents(folder: Path) -> dict:
    """Everything a search can read: every term's postings and statistics, stored fields and
    field lengths, by global document number."""
    ix = whoosh_index.open_dir(str(folder))
    with ix.reader() as reader:
        found = {"segments": len(ix._segments()), "docs": reader.doc_count_all()}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            found[fieldname, text] = (info.weight(), info.doc_frequency(), info.min_length(),
                                      info.max_length(), info.max_weight())
            postings = reader.postings(fieldname, text)
            rows = []
            while postings.is_active():
                rows.append((postings.id(), postings.weight(), postings.value()))
                postings.next()
            found[fieldname, text, "postings"] = rows
        found["stored"] = list(reader.all_stored_fields())
        for fieldname in ix.schema.scorable_names():
            found[fieldname, "lengths"] = [reader.doc_field_length(doc, fieldname)
                                           for doc in range(reader.doc_count_all())]
            found[fieldname, "total"] = reader.field_length(fieldname)
    ix.close()
    return found


def test_in_two_processes_every_posting_and_stored_field_is_the_same(indexes):
    plain, fast = _contents(indexes["plain"]), _contents(indexes["fast2"])
    assert (plain.pop("segments"), fast.pop("segments")) == (1, 2)
    assert len(plain) > 10_000
    assert fast.keys() == plain.keys()
    different = [key for key in plain if fast[key] != plain[key]]
    assert different == []


def _searches(folder: Path) -> dict:
    ix = whoosh_index.open_dir(str(folder))
    with ix.searcher() as searcher:
        parser = MultifieldParser([*TEXT_FIELDS, "parts", "exact", "summary_en"], ix.schema)
        found = {query: [(hit["slug"], round(hit.score, 9))
                         for hit in searcher.search(parser.parse(query), limit=None)]
                 for query in QUERIES}
    ix.close()
    return found


def test_searches_find_the_same_cases_in_the_same_order_with_the_same_scores(indexes):
    plain = _searches(indexes["plain"])
    assert sum(map(bool, plain.values())) >= 10
    assert _searches(indexes["fast1"]) == plain
    assert _searches(indexes["fast2"]) == plain


def test_each_text_field_is_analysed_as_whoosh_analyses_it(collection):
    _, _, cases = collection
    schema = build_schema(["pleje", "centre", "lokal", "aeldre", "omrade", "handicap"])
    texts = [to_document(case) for case in cases[:120]]
    texts.append({name: "Pleje- og lokalcentre, ældre- og handicapområdet: og i 1,7 mio. "
                        "33.000 kr. The children's lives" for name in schema.names()})
    checked = set()
    for name, field in schema.items():
        fast = compat.fast_analysis(field)
        if fast is None:
            continue
        checked.add(name)
        for document in texts:
            value = document.get(name)
            if isinstance(value, str) and value:
                assert sorted(fast.index(value)) == sorted(field.index(value)), (name, value[:80])
    assert {"title", "body", "parts", "exact", "title_exact", "spell", "summary_en"} <= checked


def test_a_filter_the_fast_path_does_not_know_is_run_as_it_is():
    field = TEXT(analyzer=RegexTokenizer() | LowercaseFilter() | SubstitutionFilter("a", "b")
                 | StopFilter())
    fast = compat.fast_analysis(field)
    text = "A saga of an Aarhus harbour: the bay, a map and a man"
    assert sorted(fast.index(text)) == sorted(field.index(text))


def test_a_tokenizer_the_fast_path_does_not_know_is_left_to_whoosh():
    assert compat.fast_analysis(TEXT(analyzer=NgramTokenizer(3) | LowercaseFilter())) is None


def test_a_failing_fast_build_leaves_the_live_generation_serving(tmp_path, monkeypatch):
    work = tmp_path
    shutil.copytree(REAL_CASES, work / "cases")
    settings = make_settings(work, work / "cases")
    first = build_index(settings, jobs=1).generation
    monkeypatch.setattr(build, "PARALLEL_WRITE_FROM", 1)

    def broken(case):
        if case.slug == sorted(p.stem for p in (work / "cases").glob("*.yaml"))[-1]:
            raise RuntimeError("disk full")
        return to_document(case)

    monkeypatch.setattr(build, "to_document", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        build_index(settings, jobs=2)
    assert generations.current_generation(settings.index_dir) == first
    assert [p for p in settings.index_dir.iterdir() if p.is_dir()] == [first]
