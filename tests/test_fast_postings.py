"""The fast ways of reading the index give Whoosh's own numbers.

Words' postings are read from each segment's postings file (else a block at a time) and scored
with each document's part of BM25F worked out once per field; phrases are found from the positions of the documents that have all their
words. Both must give exactly what Whoosh's matchers and phrase search give (same documents, same
scores within 1e-9, same order), on the real collection and on a generated one whose common
words fill many posting blocks and whose editors' saves left deleted documents and several
segments behind.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from whoosh import query as wq

from benchmarks.generate import write_collection
from indexer.build import build_index, update_case
from indexer.collection import load_collection
from search_app.engine.compat import phrase_found
from search_app.engine.docsets import BitSet, from_bits, to_bits
from search_app.engine.matching import matched
from search_app.engine.postings import read_phrase, read_postings, read_word
from search_app.engine.postings_file import of_segment
from search_app.engine.scoring import SCORED_FIELDS, Scorer
from search_app.engine.search import ranked_top
from search_app.engine.snapshot import IndexAccess

from .conftest import make_settings, real_collection

QUERIES = Path(__file__).resolve().parent.parent / "benchmarks" / "relevance" / "queries.yaml"
EXTRA = ['"kunstig intelligens"', '"Holbæk-modellen"', "it-projekt", "Ringkøbing-Skjern",
         "ældrepleje -robot", "borgerinddragelse frivillige", "hjemmeplje"]


def typed() -> list[str]:
    return [str(item["q"]) for item in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]] + EXTRA


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    access = IndexAccess(real_collection(tmp_path_factory.mktemp("fast-real")))
    yield access.view()
    access.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """400 cases made from the real ones (benchmarks/generate.py), then three editors' saves."""
    tmp = tmp_path_factory.mktemp("fast-generated")
    settings = make_settings(tmp, write_collection(tmp / "cases", 400, seed=11))
    build_index(settings, jobs=1)
    cases = load_collection(settings).cases
    for case in cases[:3]:
        update_case(settings, case.model_copy(update={"lead": f"{case.lead} Kunstig intelligens i ældreplejen."}))
    access = IndexAccess(settings)
    view = access.view()
    assert len(view.searcher.reader().leaf_readers()) > 1
    assert len(view.derived.live) < view.searcher.doc_count_all()  # deleted versions remain
    yield view
    access.close()


@pytest.fixture(params=["real", "generated"])
def view(request):
    return request.getfixturevalue(request.param)


def whoosh_word(view, fieldname: str, btext: bytes) -> tuple[dict[int, float], int]:
    """Whoosh's scores for a word in its live documents, and all its documents as a bitset."""
    searcher = view.searcher
    matcher = searcher.postings(fieldname, btext)
    scores = {}
    while matcher.is_active():
        scores[matcher.id()] = matcher.score()
        matcher.next()
    every = to_bits(searcher.reader().postings(fieldname, btext).all_ids())
    return {d: s for d, s in scores.items() if d in view.derived.live}, every


def test_word_scores_read_a_block_at_a_time_equal_whooshs(view):
    reader = view.searcher.reader()
    rng = random.Random(3)
    compared = many_blocks = 0
    for fieldname in SCORED_FIELDS:
        if fieldname not in view.searcher.schema:
            continue
        field = view.searcher.schema[fieldname]
        words = list(reader.lexicon(fieldname))
        # The most common words (many blocks each) and a sample of the rest.
        common = sorted(words, key=lambda w: -reader.doc_frequency(fieldname, w))[:15]
        for btext in common + rng.sample(words, min(60, len(words))):
            expected, every = whoosh_word(view, fieldname, btext)
            found = read_word(view, fieldname, field.from_bytes(btext))
            assert list(found.docnums) == sorted(expected), (fieldname, btext)
            assert all(abs(score - expected[d]) <= 1e-9 for d, score in zip(found.docnums, found.scores)), \
                (fieldname, btext)
            assert found.bits == every, (fieldname, btext)
            compared += 1
            many_blocks += reader.doc_frequency(fieldname, btext) > 128
    assert compared > 300
    assert many_blocks > 10 or view.searcher.doc_count_all() < 128  # a block holds 128 postings


def test_postings_files_hold_whooshs_postings(view):
    """Every segment (the build's and the editors' saves') has its postings file, the common
    words are in it, and each word read through the files is the word read from Whoosh's
    blocks: the same documents (deleted ones left out) and the same weights."""
    reader = view.searcher.reader()
    assert all(of_segment(view.folder, leaf) is not None for leaf, _ in reader.leaf_readers())
    compared = 0
    for fieldname in view.searcher.schema.names():
        if not view.searcher.schema[fieldname].indexed:
            continue
        for btext in reader.lexicon(fieldname):
            assert read_postings(reader, fieldname, btext, view.folder) == read_postings(reader, fieldname, btext), \
                (fieldname, btext)
            compared += 1
    assert not of_segment(view.folder, reader.leaf_readers()[0][0]).read("title", b"no such word")
    assert compared > 1000
    stored = of_segment(view.folder, reader.leaf_readers()[0][0])
    common = [b for b in reader.lexicon("body") if reader.doc_frequency("body", b) >= 300]
    assert all(stored.read("body", b) is not None for b in common)
    assert common or view.searcher.doc_count_all() < 300


def whoosh_phrase(view, q) -> dict[int, float]:
    return {docnum: score for score, docnum in view.searcher.search(q, limit=None).top_n}


def phrases_of(q) -> list:
    found = []
    if isinstance(q, wq.Phrase):
        found.append(q)
    for child in (q.children() if q is not None and not q.is_leaf() else []):
        found.extend(phrases_of(child))
    return found


def text_phrases(view, count: int, rng: random.Random) -> list:
    """Runs of two or three words as they stand in the cases' texts (so that most are found),
    with the slops and boosts a typed phrase may get."""
    phrases = []
    analyzer = view.searcher.schema["body"].analyzer
    for docnum in rng.sample(sorted(view.derived.live), count):
        stored = view.searcher.stored_fields(docnum)
        for fieldname, text in (("body", stored["body"]), ("lead", stored["lead"]), ("title", stored["title"])):
            terms = [t.text for t in analyzer(text, removestops=True)]
            if len(terms) < 3:
                continue
            at = rng.randrange(len(terms) - 2)
            size = rng.choice((2, 3))
            phrases.append(wq.Phrase(fieldname, terms[at:at + size], slop=rng.choice((1, 1, 2)),
                                     boost=rng.choice((1.0, 0.5, 3.0))))
    return phrases


def test_phrases_found_from_positions_equal_whooshs_phrase_search(view):
    rng = random.Random(8)
    phrases = [p for text in typed() for p in phrases_of(matched(view, text).query)]
    phrases += text_phrases(view, 40, rng)
    compared = found = 0
    for q in phrases:
        ours = read_phrase(view, q)
        if ours is None:
            continue
        expected = whoosh_phrase(view, q)
        assert list(ours.docnums) == sorted(expected), q
        assert all(abs(score - expected[d]) <= 1e-9 for d, score in zip(ours.docnums, ours.scores)), q
        compared += 1
        found += bool(expected)
    assert compared > 60 and found > 30


def test_a_phrase_needs_its_words_in_order_and_next_to_each_other():
    assert phrase_found([[3, 9], [4]], 1)
    assert not phrase_found([[3, 9], [5]], 1)  # a word between
    assert not phrase_found([[4], [3]], 1)  # the wrong order
    assert phrase_found([[3], [5]], 2)
    assert phrase_found([[1], [2], [3]], 1) and not phrase_found([[1], [2], [4]], 1)


def test_rankings_and_scores_equal_the_reference_path(view):
    """Every judged query: the same cases, in the same order, with the same scores (1e-9) as
    Whoosh's own search over the same cases."""
    ranked = 0
    for text in typed():
        found = matched(view, text)
        if found.query is None or not found.docs:
            continue
        ours = Scorer(view).scores(found.query, set(found.docs))
        hits = view.searcher.search(found.query, filter=set(found.docs), limit=None)
        expected = {hit.docnum: hit.score for hit in hits}
        assert sorted(ours) == sorted(expected), text
        assert all(abs(ours[d] - expected[d]) <= 1e-9 for d in ours), text
        assert Scorer(view).ranked(found.query, found.docs) == [hit.docnum for hit in hits], text
        ranked += 1
    assert ranked > 100


def test_the_top_of_a_ranking_equals_the_top_of_the_whole_ranking(view):
    """Every judged query, alone and within facet values: the first 1, 5 and 20 cases worked
    out without scoring every case (Scorer.top, as a page is) are the first of the whole
    ranking, in order."""
    values = view.derived.value_bits
    rng = random.Random(5)
    pruned = 0
    for text in typed():
        found = matched(view, text)
        if found.query is None or not found.docs:
            continue
        among = [set(found.docs)]
        for _ in range(2):
            name = rng.choice(sorted(values))
            among.append(among[0] & set(from_bits(values[name][rng.choice(sorted(values[name]))])))
        for docs in among:
            whole = found.ranked(view, docs)
            for count in (1, 5, 20):
                assert ranked_top(view, found, docs, count) == whole[:count], (text, count)
                pruned += count * 4 < len(docs) and not found.coverage
    assert pruned > 100 or view.searcher.doc_count_all() < 100


def test_a_remembered_match_keeps_its_cases_as_a_bitset(real):
    found = matched(real, "kommune")
    assert isinstance(found.docs, BitSet) and len(found.docs) == found.bits.bit_count() > 20
    assert set(found.docs) == {d for d in real.derived.published if found.bits >> d & 1}
    # Weighed as the bytes it takes: not tens of bytes per case.
    _, weight = real.derived.memory["results"].entries[("match", "kommune")]
    assert weight < 1_000 + 300 * 40 + 20 * len(found.docs)
