"""The Danish language data the search reads: present, licensed, sourced, and derivable again.

The files in indexer/data/ come from Debian's hunspell-da and mythes-da through
``make language-data``; the site must run without those packages, so the files, their licence
texts and their sources are committed, and deriving them again gives the same bytes.
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.analysis import dictionary_words, fold_danish

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "indexer" / "data"
FILES = ["da_words.txt.gz", "da_synonyms.tsv.gz", "da_homographs.tsv", "compound_short_parts.txt"]


@pytest.mark.parametrize("name", FILES)
def test_data_file_is_committed_beside_its_sources(name):
    assert (DATA / name).is_file()
    assert f"`{name}`" in (DATA / "SOURCES.md").read_text(encoding="utf-8")


def test_sources_name_the_packages_with_versions_and_the_licence_texts_are_there():
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert re.search(r"`hunspell-da` \d\S+", sources)
    assert re.search(r"`mythes-da` \d\S+", sources)
    assert "LGPL-2.1 or GPL-2 or MPL-1.1" in sources
    for licence in ("LGPL-2.1", "GPL-2", "MPL-1.1"):
        assert (DATA / "LICENSES" / licence).stat().st_size > 10_000
    assert "Foreningen for frit tilgængelige sprogværktøjer" in (DATA / "LICENSES" / "copyright-debian").read_text(encoding="utf-8")


def test_the_derivation_command_is_documented():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "language-data:" in makefile and "tools/language_data.py" in makefile
    assert "make language-data" in (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert "make language-data" in (ROOT / "docs" / "search.md").read_text(encoding="utf-8")


def test_the_word_list_holds_real_danish_words_and_no_inflected_forms_are_needed():
    words = dictionary_words()
    assert len(words) > 100_000
    for word in ("klimatilpasning", "tilpasning", "sygehus", "cykel", "ældre", "tandlæge"):
        assert fold_danish(word) in words, word
    assert "xylofonspilq" not in words


@pytest.mark.skipif(shutil.which("dpkg-query") is None or not Path("/usr/share/hunspell/da_DK.dic").exists()
                    or not Path("/usr/share/mythes/th_da_DK.dat").exists(),
                    reason="hunspell-da and mythes-da are not installed")
def test_deriving_again_gives_the_committed_bytes(tmp_path):
    names = ("da_words.txt.gz", "da_synonyms.tsv.gz", "da_homographs.tsv", "SOURCES.md")
    subprocess.run([sys.executable, str(ROOT / "tools" / "language_data.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in names:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_the_dictionary_is_read_once_however_the_call_is_written():
    from indexer.analysis import dictionary_words

    assert dictionary_words() is dictionary_words(folded=True) is dictionary_words(True)
    assert dictionary_words(folded=False) is dictionary_words(False)
