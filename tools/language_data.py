"""Derive the committed Danish language data in ``indexer/data/`` from Debian's packages.

    apt-get install hunspell-da mythes-da     # once, as root
    make language-data                        # = .venv/bin/python tools/language_data.py

Reads Stavekontrolden's Danish dictionary as packaged in ``hunspell-da`` (``da_DK.dic`` with
the suffix rules of ``da_DK.aff``) and the Danish thesaurus in ``mythes-da`` (``th_da_DK.dat``) and
writes small files the site reads at run time, so running it needs neither root nor network:

- ``da_words.txt.gz``: the dictionary's base forms, lowercase, three letters or more: real words
  for compound splitting ("klima|tilpasning" when the cases never say "tilpasning") and for
  telling a correctly spelled word from a typo;
- ``da_homographs.tsv``: the forms of a few words (:data:`HOMOGRAPHS`) that the Snowball
  stemmer joins to an unrelated word, so the analyzer gives them a term of their own;
- ``da_synonyms.tsv.gz``: single-word synonyms from the thesaurus (``word<TAB>syn,syn,...``),
  listed both ways, for words with at most three (see :func:`thesaurus_synonyms`); the search
  filters them further against the collection (see ``search_app/engine/expansion.py``);
- ``SOURCES.md`` with the package versions, and the licence texts under ``LICENSES/``.

The output is deterministic (sorted, gzip without a time stamp): running it twice gives the same
bytes, so a diff shows when a package update changed the data.
"""
from __future__ import annotations

import argparse
import gzip
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "indexer" / "data"
DIC = Path("/usr/share/hunspell/da_DK.dic")
THESAURUS = Path("/usr/share/mythes/th_da_DK.dat")
PACKAGES = ("hunspell-da", "mythes-da")
LICENCES = ("LGPL-2.1", "GPL-2", "MPL-1.1")
"""Stavekontrolden's dictionary and thesaurus are tri-licensed LGPL 2.1 / GPL 2 / MPL 1.1."""

WORD = re.compile(r"[a-zæøåéü]{3,}")


def package_version(name: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True,
                         text=True, check=False)
    if out.returncode != 0 or not out.stdout:
        sys.exit(f"{name} is not installed: apt-get install {' '.join(PACKAGES)}")
    return out.stdout


def dictionary_words(dic: Path = DIC) -> list[str]:
    """The dictionary's entries (base forms) that are plain lowercase words."""
    words = set()
    for line in dic.read_text(encoding="utf-8").splitlines()[1:]:
        head = line.split("/", 1)[0].split()
        if head and WORD.fullmatch(head[0]):
            words.add(head[0])
    return sorted(words)


AFF = Path("/usr/share/hunspell/da_DK.aff")

HOMOGRAPHS = {"ledig": ("ledelse", "ledig"), "ledighed": ("ledelse", "ledig"),
              "veje": ("vej", "veje"), "lægge": ("læge", "lægge")}
"""Words (with the word they are confused with, and their own term) whose forms the Snowball stemmer gives the stem
of an unrelated word, so they get a term of their own: "ledige" (unemployed) and "ledelse"
(management) both become "led"; "vejer" (weighs) "vej" (road); "lægger" (lays) "læg" as
"læger" (doctors) does. Chosen by hand: the stemmer's joining of related words (hjælp/hjælpe,
cykel/cykle) helps search, and nothing in the dictionary tells related from unrelated."""


def suffix_rules(aff: Path = AFF) -> dict[str, list[tuple[str, str, list[str], re.Pattern]]]:
    """The affix file's suffix rules per flag: (strip, add, continuation flags, condition)."""
    rules: dict[str, list] = {}
    for line in aff.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) < 5 or fields[0] != "SFX":
            continue
        flag, strip, add, condition = fields[1], fields[2], fields[3], fields[4]
        add, _, more = add.partition("/")
        rules.setdefault(flag, []).append((
            "" if strip == "0" else strip, "" if add == "0" else add,
            more.split(",") if more else [], re.compile(f"(?:{condition})$")))
    return rules


def dictionary_forms(dic: Path = DIC, aff: Path = AFF) -> dict[str, set[str]]:
    """Every inflected form of every plain lowercase entry, with the entries it comes from:
    the entry's suffix rules applied, and the rules those forms continue with (two levels)."""
    rules = suffix_rules(aff)
    forms: dict[str, set[str]] = {}

    def expand(word: str, flags: list[str], root: str, depth: int) -> None:
        for flag in flags:
            for strip, add, more, condition in rules.get(flag, ()):
                if condition.search(word) and word.endswith(strip):
                    form = word[: len(word) - len(strip)] + add
                    if WORD.fullmatch(form):
                        forms.setdefault(form, set()).add(root)
                        if depth < 1 and more:
                            expand(form, more, root, depth + 1)

    for line in dic.read_text(encoding="utf-8").splitlines()[1:]:
        head = line.split()
        if not head:
            continue
        word, _, flags = head[0].partition("/")
        if WORD.fullmatch(word):
            forms.setdefault(word, set()).add(word)
            expand(word, flags.split(",") if flags else [], word, 0)
    return forms


def homograph_forms(forms: dict[str, set[str]], words=HOMOGRAPHS) -> dict[str, str]:
    """The forms of each word in ``words`` that are not also forms of the word it is confused
    with, with their term: "vejer" and "vejede" -> veje, but not "veje", which is also the
    plural of "vej" and keeps the shared stem; "ledige" and "ledigheden" -> ledig."""
    return {form: term for form, roots in sorted(forms.items())
            for lemma, (other, term) in words.items() if lemma in roots and other not in roots}


MAX_SYNONYMS = 3
"""A word with more synonyms than this is vague or has several senses ("skole": disciplin, fag,
retning, udvikling ...): it gets none."""


def thesaurus_synonyms(dat: Path = THESAURUS, known: set[str] | None = None) -> dict[str, list[str]]:
    """Single-word synonyms per single word, kept only when the thesaurus lists them both ways
    (sygehus -> hospital and hospital -> sygehus) and the word has at most MAX_SYNONYMS of them;
    a meaning's broader/narrower terms ("(overbegreb)", "(underbegreb)") and "(lignende)" are
    left out, and with ``known`` both words must be dictionary words."""
    lines = dat.read_text(encoding="utf-8").splitlines()[1:]
    listed: dict[str, set[str]] = {}
    i = 0
    while i < len(lines):
        entry, _, count = lines[i].rpartition("|")
        meanings = lines[i + 1:i + 1 + int(count)]
        i += 1 + int(count)
        if not WORD.fullmatch(entry) or (known is not None and entry not in known):
            continue
        for meaning in meanings:
            for syn in meaning.split("|")[1:]:
                syn = syn.strip()
                if WORD.fullmatch(syn) and syn != entry and (known is None or syn in known):
                    listed.setdefault(entry, set()).add(syn)
    both_ways = {w: sorted(s for s in syns if w in listed.get(s, ())) for w, syns in listed.items()}
    return {w: s for w, s in sorted(both_ways.items()) if 0 < len(s) <= MAX_SYNONYMS}


def write_gzip(path: Path, text: str) -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as f:
        f.write(text.encode("utf-8"))
    path.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write (default: indexer/data)")
    out = parser.parse_args(argv).out
    versions = {name: package_version(name) for name in PACKAGES}
    out.mkdir(parents=True, exist_ok=True)
    words = dictionary_words()
    write_gzip(out / "da_words.txt.gz", "".join(w + "\n" for w in words))
    homographs = homograph_forms(dictionary_forms())
    (out / "da_homographs.tsv").write_text(
        "# Forms that get a term of their own (see tools/language_data.py, HOMOGRAPHS): form<TAB>term\n"
        + "".join(f"{form}\t{term}\n" for form, term in homographs.items()), encoding="utf-8")
    synonyms = thesaurus_synonyms(known=set(words))
    write_gzip(out / "da_synonyms.tsv.gz",
               "".join(f"{w}\t{','.join(s)}\n" for w, s in synonyms.items()))
    licences = out / "LICENSES"
    licences.mkdir(exist_ok=True)
    for name in LICENCES:
        shutil.copyfile(Path("/usr/share/common-licenses") / name, licences / name)
    shutil.copyfile(Path("/usr/share/doc/hunspell-da/copyright"), licences / "copyright-debian")
    (out / "SOURCES.md").write_text(SOURCES.format(**{k.replace("-", "_"): v for k, v in versions.items()},
                                                   words=len(words), synonyms=len(synonyms)),
                                    encoding="utf-8")
    print(f"{len(words)} words, {len(synonyms)} words with synonyms -> {out}")
    return 0


SOURCES = """\
# Danish language data: sources and licences

Derived by `make language-data` (`tools/language_data.py`) from Debian's packages; the site
reads only the files here, so it needs neither these packages nor the network.

| file | from | what |
|---|---|---|
| `da_words.txt.gz` | `hunspell-da` {hunspell_da} (`/usr/share/hunspell/da_DK.dic`) | {words} base forms, lowercase, 3+ letters |
| `da_homographs.tsv` | `hunspell-da` {hunspell_da} (`da_DK.dic` with the suffix rules of `da_DK.aff`) | the inflected forms of a few words the stemmer confuses with others (`ledig`/`ledighed`, `veje`, `lægge`) |
| `da_synonyms.tsv.gz` | `mythes-da` {mythes_da} (`/usr/share/mythes/th_da_DK.dat`) | single-word synonyms of {synonyms} words: listed both ways, both words in the dictionary, at most 3 a word |

Both packages are built from LibreOffice's dictionaries (`libreoffice-dictionaries`), whose Danish
dictionary and thesaurus come from Stavekontrolden: Copyright 2007-2014 Foreningen for frit
tilgængelige sprogværktøjer <info@stavekontrolden.dk>, http://www.stavekontrolden.dk. Licence: LGPL-2.1 or GPL-2 or MPL-1.1, at your choice;
the texts are in `LICENSES/`, with Debian's copyright file (`LICENSES/copyright-debian`).
`compound_short_parts.txt` is our own list.
"""

if __name__ == "__main__":
    sys.exit(main())
