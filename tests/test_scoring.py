"""Ranking from remembered word scores gives Whoosh's own ranking, and snippets mark what matched.

search_app/engine/scoring.py combines each word's remembered BM25F scores the way Whoosh's matchers
do. If it drifted (a new kind of query part, a changed boost), visitors would see a different
order than the ranking tuned on the relevance set. So every judged query, alone and with facet
filters, is ranked both ways on the real collection and must come out in the same order.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from indexer.build import build_index
from search_app.engine.snapshot import IndexAccess
from search_app.params import SearchParams
from search_app.engine.scoring import Scorer
from search_app.engine.matching import matched
from search_app.engine.search import run_search

from .conftest import make_settings, real_collection

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "benchmarks" / "relevance" / "queries.yaml"
EXTRA = ['"kunstig intelligens"', "ældrepleje -robot", "Tonder", "hjemmeplje", "sorteringsrobot",
         "borgerinddragelse frivillige", "digitalsering kommune", "cykelstier"]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    settings = real_collection(tmp_path_factory.mktemp("scoring"))
    access = IndexAccess(settings)
    yield settings, access.view()
    access.close()


def typed_queries() -> list[str]:
    data = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    return [str(item["q"]) for item in data["queries"]] + EXTRA


def whoosh_ranking(view, q, docs) -> list[int]:
    return [hit.docnum for hit in view.searcher.search(q, filter=set(docs), limit=None)]


def assert_rankings_equal_whooshs(view, settings) -> None:
    """Every typed query (that finds something) ranks the same both ways."""
    ranked_queries = 0
    for text in typed_queries():
        found = matched(view, text)
        q, base = found.query, found.docs
        if q is None or not base:
            continue
        assert Scorer(view).ranked(q, base) == whoosh_ranking(view, q, base), text
        ranked_queries += 1
    assert ranked_queries > 100


def test_rankings_equal_whooshs_for_every_judged_query(real):
    settings, view = real
    assert_rankings_equal_whooshs(view, settings)


@pytest.mark.parametrize("facet,value", [("sector", "kommune"), ("innovation_type", "process"),
                                         ("area", "sundhed"), ("partner", "citizens")])
def test_rankings_within_a_facet_filter_equal_whooshs(real, facet, value):
    settings, view = real
    chosen = view.derived.value_bits[facet][value]
    for text in typed_queries():
        found = matched(view, text)
        q, base = found.query, found.docs
        within = {d for d in base if chosen >> d & 1}
        if q is None or not within:
            continue
        assert Scorer(view).ranked(q, within) == whoosh_ranking(view, q, within), (text, value)


def snippets(view, settings, **params) -> dict[str, str]:
    outcome = run_search(view, SearchParams(**params))
    return {r.slug: re.sub(r' class="[^"]*"', "", r.snippet) for r in outcome.results}


def test_every_listed_case_gets_a_snippet_with_a_query_word(real):
    settings, view = real
    # "ældrepleje" also finds cases through their policy area (Ældre og pleje) and through
    # "ældre" or "pleje" alone; each that has the words must still show where they are.
    found = snippets(view, settings, q="ældrepleje", per_page=50)
    assert len(found) >= 10
    with_words = 0
    for slug, snippet in found.items():
        stored = view.searcher.stored_fields(view.derived.slug_docs[slug])
        if not re.search(r"\b(ældre|ældres|pleje|plejen)\b", stored["lead"] + stored["body"], re.I):
            continue  # e.g. found by its policy area alone
        with_words += 1
        assert "<mark>" in snippet, slug
        marked = re.findall(r"<mark>([^<]*)</mark>", snippet)
        assert all(re.search("ældre|pleje", word, re.I) for word in marked), (slug, marked)
    assert with_words >= 10


def test_a_case_gets_the_same_snippet_whatever_else_is_on_the_page(real, tmp_path):
    settings, view = real
    whole = snippets(view, settings, q="borgerinddragelse", per_page=50)
    # A fresh worker that first sees the second page, then a filtered page.
    settings2 = make_settings(tmp_path, Path(settings.raw["paths"]["cases_dir"]))
    build_index(settings2)
    access = IndexAccess(settings2)
    try:
        other = access.view()
        seen = {}
        seen.update(snippets(other, settings2, q="borgerinddragelse", per_page=5, page=2))
        seen.update(snippets(other, settings2, q="borgerinddragelse", filters={"sector": ("stat",)}))
        seen.update(snippets(other, settings2, q="borgerinddragelse", per_page=5))
    finally:
        access.close()
    assert seen
    for slug, snippet in seen.items():
        assert snippet == whole[slug], slug


def test_remembered_word_forms_give_whooshs_tokens(real):
    """Snippets look words up in a table of analysed words instead of running every text
    through the analyzer; the tokens (term and characters: all the fragmenter reads of them)
    must be the same."""
    from search_app.engine.snippets import _text_tokens, _whole, _word_by_word

    _, view = real
    searcher = view.searcher
    compared = 0
    for fieldname in ("body", "lead", "exact", "title"):
        analyzer = searcher.schema[fieldname].analyzer
        forms: dict = {}
        for _ in range(2):  # words learnt on the first pass are looked up on the second
            for docnum in sorted(view.derived.live):
                stored = searcher.stored_fields(docnum)
                for source in ("body", "lead", "title"):
                    assert _word_by_word(analyzer, forms, stored[source]) == \
                        _text_tokens(_whole(analyzer, stored[source])), (fieldname, stored["slug"], source)
                    compared += 1
    assert _word_by_word(searcher.schema["parts"].analyzer, {}, "pleje- og lokalcentre") is None
    assert compared > 1000


def whoosh_highlight(highlighter, tokens: tuple, text: str, words: frozenset) -> str:
    """Whoosh's own highlighting pipeline over the same tokens."""
    from whoosh.analysis import Token
    from whoosh.highlight import set_matched_filter, top_fragments

    def replay():
        for term, pos, start, end, stopped in tokens:
            yield Token(positions=True, chars=True, removestops=False, mode="index", text=term,
                        pos=pos, startchar=start, endchar=end, stopped=stopped, boost=1.0)

    marked = highlighter._merge_matched_tokens(set_matched_filter(replay(), words))
    fragments = highlighter.fragmenter.fragment_tokens(text, marked)
    fragments = top_fragments(fragments, 2, highlighter.scorer, highlighter.order, minscore=1)
    highlighter.formatter.seen = {}
    return highlighter.formatter.format(fragments)


@pytest.mark.parametrize("maxchars", [220, 60, 25])
def test_snippets_equal_whooshs_highlighter(real, maxchars):
    """Snippets are cut by our port of Whoosh's fragmenter loop (which skips the text between
    fragments); for every case, text and field (compound parts too, whose tokens overlap),
    with the site's fragment length and short ones, the snippet must be Whoosh's."""
    import random

    from search_app.engine.snippets import SNIPPET_TEXTS, _whole, highlight, snippet_highlighter

    _, view = real
    rng = random.Random(5)
    compared = marked = 0
    for docnum in sorted(view.derived.live):
        stored = view.searcher.stored_fields(docnum)
        for fieldname, source in SNIPPET_TEXTS:
            text = stored[source]
            tokens = _whole(view.searcher.schema[fieldname].analyzer, text)
            terms = sorted({t[0] for t in tokens if not t[4]})
            for size in (1, 2, 4, 12):
                words = frozenset(rng.sample(terms, min(size, len(terms))) + ["ikkeetord"])
                ours = highlight(view, snippet_highlighter(maxchars), docnum, fieldname, source,
                                 text, words)
                assert ours == whoosh_highlight(snippet_highlighter(maxchars), tokens, text,
                                                words), (stored["slug"], fieldname, sorted(words))
                compared += 1
                marked += "<mark" in ours
    assert compared > 1000 and marked > 1000


def test_rankings_equal_whooshs_after_editors_saves(tmp_path):
    """Editors' saves add segments and delete the old versions of cases; scores read segment
    by segment must still give Whoosh's ranking."""
    from indexer.build import update_case
    from indexer.collection import load_collection

    settings = real_collection(tmp_path)
    cases = {c.slug: c for c in load_collection(settings).cases}
    for slug in ("skat-i-balance", "dna-aalborg", "hverdagsrehabilitering-fredericia"):
        case = cases[slug]
        update_case(settings, case.model_copy(update={"lead": f"{case.lead} Robotter og ældrepleje."}))
    access = IndexAccess(settings)
    try:
        view = access.view()
        assert len(view.searcher.reader().leaf_readers()) > 1  # more than one segment
        assert_rankings_equal_whooshs(view, settings)
    finally:
        access.close()
