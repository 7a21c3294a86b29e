"""Every case's facets follow from its facts by the written mapping, except where listed and why.

The mapping and its exceptions are data (``cases/facts/_classification.yaml``); this checks the
real collection against it and shows that a default or invented classification is caught.
"""
from __future__ import annotations

import pytest

from indexer import classification, factcheck
from indexer.collection import case_files, load_collection
from indexer.settings import PROJECT_ROOT, load_settings

REAL_CASES = PROJECT_ROOT / "cases"


@pytest.fixture(scope="module")
def collection():
    return {case.slug: case for case in load_collection(load_settings(), REAL_CASES).cases}


@pytest.fixture(scope="module")
def facts():
    return factcheck.load_facts(factcheck.DEFAULT_FACTS)


@pytest.fixture(scope="module")
def mapping():
    return classification.load_mapping(factcheck.DEFAULT_FACTS)


@pytest.mark.parametrize("slug", sorted(p.stem for p in case_files(REAL_CASES)))
def test_the_facets_of_a_real_case_follow_from_its_facts(slug, collection, facts, mapping):
    mismatches = classification.compare(collection[slug], facts[slug], mapping)
    assert not mismatches, "\n".join(map(str, mismatches))


def test_every_wording_in_the_facts_has_a_mapping(facts, mapping):
    for entry in facts.values():
        classification.expected_facets(entry, mapping)  # raises KeyError naming the word


def test_every_exception_gives_a_reason_and_names_a_real_case(facts, mapping):
    for exception in mapping["exceptions"]:
        assert exception["case"] in facts, exception
        assert exception["facet"] in classification.COMPARED, exception
        assert len(exception["reason"].strip()) > 10, exception


def test_a_value_the_source_does_not_name_is_caught(collection, facts, mapping):
    case = collection["nemid"].model_copy(update={"value": ["quality"]})
    [mismatch] = classification.compare(case, facts["nemid"], mapping)
    assert (mismatch.facet, mismatch.expected) == ("value", ["not_stated"])


def test_a_foreign_partner_the_facts_do_not_name_is_caught(collection, facts, mapping):
    case = collection["kaffe-foerst-haderslev"].model_copy(update={"partner": ["abroad"]})
    [mismatch] = classification.compare(case, facts["kaffe-foerst-haderslev"], mapping)
    assert (mismatch.facet, mismatch.expected, mismatch.actual) == ("partner", [], ["abroad"])


def test_an_exception_pins_the_values_it_allows(collection, facts, mapping):
    case = collection["kollegier-hjemloese-unge"].model_copy(update={"region": ["national"]})
    [mismatch] = classification.compare(case, facts["kollegier-hjemloese-unge"], mapping)
    assert mismatch.facet == "region" and "its exception says" in mismatch.message


def test_reuse_needs_the_words_of_the_facts(collection, facts, mapping):
    changed = {**mapping, "reuse": {"abroad": {"kaffe-foerst-haderslev": "inspireret af Sverige"}}}
    mismatches = classification.compare(collection["kaffe-foerst-haderslev"],
                                        facts["kaffe-foerst-haderslev"], changed)
    assert any("not in the facts: 'inspireret af Sverige'" in m.message for m in mismatches)


def test_the_factcheck_command_reports_a_classification_that_leaves_its_facts(tmp_path, capsys):
    import shutil

    from indexer import cli

    cases = tmp_path / "cases"
    shutil.copytree(REAL_CASES, cases)
    path = cases / "nemid.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: [not_stated]", "value: [quality]"),
                    encoding="utf-8")
    assert cli.main(["factcheck", "--cases", str(cases)]) == 1
    assert "nemid: value: the facts give ['not_stated'], the case has ['quality']" in capsys.readouterr().out
