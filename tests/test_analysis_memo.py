"""Remembered word analysis gives exactly the tokens of the plain filter chain.

An index is built with :class:`indexer.analysis.WordMemo` (each distinct word analysed once) and
compound splits remembered per word; the plain chain, every filter run on every token, is the
reference. Compared on the real collection's texts, at index and at query time.
"""
from __future__ import annotations

import pickle

import pytest
from whoosh.analysis import CompositeAnalyzer

from indexer.analysis import WordMemo
from indexer.build import curated_words
from indexer.collection import load_collection
from indexer.schema import build_schema, to_document
from indexer.analysis import vocabulary_from_texts

from .conftest import REAL_CASES, make_settings

FIELDS = ("title", "lead", "organisation", "body", "parts", "exact", "title_exact", "spell")


def plain(analyzer):
    """The same analyzer with every WordMemo replaced by the filters it runs."""
    items = []
    for item in analyzer.items:
        items.extend(item.steps if isinstance(item, WordMemo) else [item])
    return CompositeAnalyzer(*items)


def tokens(analyzer, text, mode):
    return [(t.text, t.pos, t.startchar, t.endchar, t.stopped)
            for t in analyzer(text, positions=True, chars=True, mode=mode, removestops=False)]


@pytest.fixture(scope="module")
def documents_and_schema(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("memo")
    cases = load_collection(make_settings(tmp, REAL_CASES), jobs=1).cases
    vocabulary = vocabulary_from_texts(
        (f"{c.title} {c.lead} {c.organisation} {c.body_text}" for c in cases), curated_words())
    return [to_document(c) for c in cases], build_schema(vocabulary)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("mode", ["index", "query"])
def test_remembered_analysis_equals_the_plain_chain(documents_and_schema, field, mode):
    documents, schema = documents_and_schema
    analyzer = schema[field].analyzer
    reference = plain(analyzer)
    for _ in range(2):  # the second round reads every word from memory
        for doc in documents:
            assert tokens(analyzer, doc[field], mode) == tokens(reference, doc[field], mode)


def test_the_memory_is_not_stored_in_the_index(documents_and_schema):
    documents, schema = documents_and_schema
    analyzer = schema["body"].analyzer
    list(analyzer(documents[0]["body"]))
    memo = next(item for item in analyzer.items if isinstance(item, WordMemo))
    assert memo._memo
    copy = pickle.loads(pickle.dumps(schema))["body"].analyzer
    assert next(item for item in copy.items if isinstance(item, WordMemo))._memo == {}
