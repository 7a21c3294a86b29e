"""The word list in memory answers as Whoosh's on-disk term table does.

Typo tolerance and "Mente du" read the index's words from memory (search_app/engine/lexicon.py); a
visitor must get the same near spellings and corrections as from Whoosh's own Levenshtein
automaton and spelling corrector. Checked on the real collection's words, misspelt on purpose.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from whoosh import index as whoosh_index

from indexer import generations
from search_app.engine.lexicon import WordList
from search_app.engine.spelling import spelling_candidates

from .conftest import real_collection

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "benchmarks" / "relevance" / "queries.yaml"
LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    settings = real_collection(tmp_path_factory.mktemp("words"))
    ix = whoosh_index.open_dir(str(generations.current_generation(settings.index_dir)))
    searcher = ix.searcher()
    yield searcher.reader()
    searcher.close()
    ix.close()


def misspelt(words: list[str], count: int, seed: int = 7) -> list[str]:
    """Words with one or two letters dropped, changed, added or swapped."""
    rng = random.Random(seed)
    out = []
    for word in rng.sample(words, min(count, len(words))):
        for _ in range(rng.randint(1, 2)):
            if len(word) < 2:
                break
            i = rng.randrange(1, len(word))
            kind = rng.choice(("drop", "change", "add", "swap"))
            if kind == "drop":
                word = word[:i] + word[i + 1:]
            elif kind == "change":
                word = word[:i] + rng.choice(LETTERS) + word[i + 1:]
            elif kind == "add":
                word = word[:i] + rng.choice(LETTERS) + word[i:]
            elif i + 1 < len(word):
                word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        out.append(word)
    return out


def probe_words(reader, fieldname: str) -> list[str]:
    typed = []
    for item in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]:
        typed += [w.strip('"-').lower() for w in str(item["q"]).split()]
    known = [w.decode() if isinstance(w, bytes) else w for w in reader.lexicon(fieldname)]
    return sorted(set(typed + misspelt(known, 400) + known[::25]) - {""})


@pytest.mark.parametrize("fieldname", ["exact", "spell"])
def test_near_spellings_match_whooshs_automaton(reader, fieldname):
    words = WordList.of(reader, fieldname)
    probes = probe_words(reader, fieldname)
    for maxdist in (1, 2):
        for word in probes:
            expected = sorted(reader.terms_within(fieldname, word, maxdist, prefix=1))
            assert words.within(word, maxdist) == expected, (word, maxdist)


def test_corrections_match_whooshs_spelling_corrector(reader):
    corrector = reader.corrector("spell")
    words = WordList.of(reader, "spell")
    for word in probe_words(reader, "spell"):
        assert spelling_candidates(words, word) == corrector.suggest(word, limit=5, maxdist=2,
                                                                     prefix=1), word


def test_frequencies_and_affixes_match_the_reader(reader):
    words = WordList.of(reader, "exact")
    known = [w.decode() for w in reader.lexicon("exact")]
    assert words.sorted == known
    for word in known[::7]:
        assert words.doc_frequency[word] == reader.doc_frequency("exact", word)
        head = word[:4]
        assert words.starting_with(head, 2000) == [w.decode() for w in reader.expand_prefix("exact", head)]
        tail = word[-4:]
        assert sorted(words.ending_with(tail, 2000)) == [w for w in known if w.endswith(tail)]
    assert words.doc_frequency.get("ikke-et-ord-i-samlingen") is None


def test_word_list_adds_up_segments_as_the_reader_does(tmp_path):
    """After editors' saves the index has several segments; the word list must give the
    frequencies Whoosh's reader gives for the whole index."""
    from indexer.build import update_case
    from indexer.collection import load_collection

    settings = real_collection(tmp_path)
    for case in load_collection(settings).cases[:3]:
        update_case(settings, case.model_copy(update={"lead": f"{case.lead} Kvantepingvin."}))
    ix = whoosh_index.open_dir(str(generations.current_generation(settings.index_dir)))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) > 1
        for fieldname in ("exact", "spell"):
            words = WordList(reader, fieldname)
            known = [w.decode() for w in reader.lexicon(fieldname)]
            assert words.sorted == known
            for word in known[::5] + ["kvantepingvin"]:
                assert words.doc_frequency[word] == reader.doc_frequency(fieldname, word), word
                assert words.frequency[word] == reader.frequency(fieldname, word), word
    ix.close()
