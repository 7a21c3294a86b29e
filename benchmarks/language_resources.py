"""What each Danish language resource does to search quality: the relevance figures with all of
them, and with each one left out in turn.

Each line runs ``benchmarks/relevance.py --short`` (with the arguments given here, e.g.
``--queries`` or ``--half``) in a fresh process in which one resource is switched off before the
index is built, and prints that run's "our search" figures:

- short parts: the curated short compound parts (``indexer/data/compound_short_parts.txt``);
- dictionary splits: a query word no case uses may end in a dictionary word ("klima|tilpasning");
- homographs: ``indexer/data/da_homographs.tsv`` (ledige/ledelse, vejer/vejene, lægger/læger);
- thesaurus: synonyms from ``indexer/data/da_synonyms.tsv.gz`` for words few cases use;
- real words: a Danish word spelled right gets no near spellings and no "Mente du";
- simplemma before/instead of Snowball: the dictionary lemmatizer ``simplemma`` (not a
  dependency: ``.venv/bin/pip install simplemma`` to include these two lines).

    .venv/bin/python benchmarks/language_resources.py
    .venv/bin/python benchmarks/language_resources.py --queries benchmarks/relevance/english.yaml
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

PATCHES = {
    "all resources": "",
    "- short parts": "import indexer.analysis as A; A.short_parts = lambda path=None: (frozenset(), frozenset())",
    "- dictionary splits": (
        "import indexer.analysis as A; split = A.CompoundPartsFilter.split\n"
        "A.CompoundPartsFilter.split = lambda self, word, dictionary=False, short=True: split(self, word, False, short)"),
    "- homographs": (
        "import indexer.analysis as A; A.homograph_table = lambda path=None: {}\n"
        "import search_app.engine.expansion as E; E.HOMOGRAPH_TERMS = frozenset()"),
    "- thesaurus": "import search_app.engine.expansion as E; E.QueryBuilder.thesaurus_synonyms = lambda self, word: []",
    "- real words": (
        "import search_app.engine.expansion as E, search_app.engine.spelling as S\n"
        "E.is_danish_word = S.is_danish_word = lambda word: False"),
}

SIMPLEMMA = """
import simplemma, indexer.analysis as A, indexer.schema as S
from whoosh.analysis import Filter, MultiFilter, PassFilter, RegexTokenizer
class LemmaFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            t.text = simplemma.lemmatize(t.text, lang="da").lower()
            yield t
def stems(instead):
    return (LemmaFilter(), *A._fold_filters()) if instead else (LemmaFilter(), *A._fold_filters(), *A._stem_filters())
def parts(instead):
    tail = (LemmaFilter(), *A._fold_filters()) if instead else (LemmaFilter(), *A._stem_filters())
    return lambda vocabulary: (A._danish_chain(RegexTokenizer(A.PARTS_TOKEN_PATTERN)) | A.WordMemo(*A._fold_filters())
        | MultiFilter(index=A.CompoundPartsFilter(vocabulary), query=PassFilter()) | A.WordMemo(*tail))
S.danish_analyzer = lambda: A._danish_chain() | A.WordMemo(*stems(INSTEAD))
S.compound_parts_analyzer = parts(INSTEAD)
"""
if importlib.util.find_spec("simplemma") is not None:
    PATCHES["simplemma before Snowball"] = "INSTEAD = False\n" + SIMPLEMMA
    PATCHES["simplemma instead of Snowball"] = "INSTEAD = True\n" + SIMPLEMMA


def run(patch: str, args: list[str]) -> tuple[str, str]:
    """The header line and "our search" line of relevance.py's summary, with ``patch`` applied."""
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r})\n{patch}\n"
            f"import relevance; sys.exit(relevance.main({['--short', *args]!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=HERE.parent).stdout.splitlines()
    header = next(line for line in out if line.startswith("engine"))
    ours = next(line for line in out if line.startswith("our search"))
    return header[len("engine"):], ours[len("our search"):]


def main(argv: list[str]) -> int:
    for i, (name, patch) in enumerate(PATCHES.items()):
        header, figures = run(patch, argv)
        if i == 0:
            print(f"{'':<28}{header}")
        print(f"{name:<32}{figures}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
