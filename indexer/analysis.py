"""Danish text analysis for the search index.

The schema pickles these classes into the index, so this module's import path is part of the
index format: moving it means rebuilding the index.

Order matters (measured): tokenise, lowercase, drop stopwords, fold æ/ø/å and their ASCII
spellings to one form, strip other accents, then stem with the Danish Snowball stemmer.
Folding before stemming lets "forskudsopgorelse", "forskudsopgoerelse" and "forskudsopgørelse"
meet in one term.
"""
from __future__ import annotations

import bisect
import functools
import gzip
import re
from array import array
from pathlib import Path
from typing import Iterable

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

TOKEN_PATTERN = r"\w+(?:[.,]\d+)*"
"""Words, and numbers with Danish decimal or thousands separators ("1,7", "33.000")."""

PARTS_TOKEN_PATTERN = TOKEN_PATTERN + r"(?:-(?=[\s,]))?"
"""As TOKEN_PATTERN, keeping the hyphen of a word that waits for its tail ("pleje- og ...")."""

MIN_PART = 4
"""Shortest compound part we trust; shorter parts ("is", "tid") split too eagerly."""

INFLECTIONS = ("ernes", "erne", "enes", "ene", "ens", "ets", "en", "et", "er", "ne", "e", "s", "n", "r", "t")
"""Endings a compound's last part may carry (plejen, skatten, borgerne)."""


def fold_danish(text: str) -> str:
    """Fold æ/ø/å and their ASCII spellings to one form: ældre/aeldre, Århus/Aarhus/Arhus."""
    text = text.replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return text.replace("oe", "o").replace("aa", "a")


class DanishFoldFilter(Filter):
    """Applies :func:`fold_danish` to every token (at index and at query time)."""

    per_token = True  # its output for a token depends on that token alone (full builds use it)

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold_danish(t.text)
            yield t


DATA = Path(__file__).with_name("data")
SHORT_PARTS = DATA / "compound_short_parts.txt"
DICTIONARY = DATA / "da_words.txt.gz"

DICTIONARY_PART = 5
"""Shortest last part taken from the dictionary alone (it also lists "erne", "ager", "koler")."""


def data_lines(path: Path) -> list[str]:
    """The lines of a data file (plain or gzip), without blank lines and # comments."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            return [line.strip() for line in f if line.strip() and not line.startswith("#")]
    except OSError:
        return []


def short_parts(path: Path = SHORT_PARTS) -> tuple[frozenset[str], frozenset[str]]:
    """The curated short compound parts, folded: (first parts, last parts)."""
    lines = [fold_danish(line.lower()) for line in data_lines(path)]
    return (frozenset(line.rstrip("-") for line in lines if line.endswith("-")),
            frozenset(line for line in lines if not line.endswith("-")))


class WordSet:
    """A large, fixed set of words in little memory: the sorted hashes of the words (8 bytes a
    word, against some 120 for a set of strings), looked up by binary search. Hashes are this
    process's own, computed when the words are read, so nothing about them is stored."""

    def __init__(self, words: Iterable[str]):
        self._hashes = array("q", sorted(set(map(hash, words))))

    def __contains__(self, word: str) -> bool:
        h = hash(word)
        i = bisect.bisect_left(self._hashes, h)
        return i < len(self._hashes) and self._hashes[i] == h

    def __len__(self) -> int:
        return len(self._hashes)


def dictionary_words(folded: bool = True) -> WordSet:
    """The Danish dictionary's base forms (``indexer/data/da_words.txt.gz``, derived from
    hunspell-da by ``make language-data``), folded (as compound parts are) or as spelled; read
    once per process, on first use, however the call is written."""
    return _dictionary_words(bool(folded))


@functools.lru_cache(maxsize=None)
def _dictionary_words(folded: bool) -> WordSet:
    words = data_lines(DICTIONARY)
    return WordSet(fold_danish("\n".join(words)).split() if folded else words)  # one fold, not 115,000


VERB_ENDINGS = ("ende", "ede", "de", "te")
"""Past tense and participle endings of a verb whose base form ends in e (veje|de, hjælpe|nde)."""


def is_danish_word(word: str) -> bool:
    """Whether ``word`` (lowercase, as typed) is a word of the Danish dictionary spelled right,
    maybe with an ending: "vejer", "vejede", "tandlæger", "hundeluftning"; not "hjemmeplege",
    "ensomhet" or "forskudsopgorelse" (which wants its ø)."""
    words = dictionary_words(folded=False)
    if word in words:
        return True
    for suffix in (*INFLECTIONS, *VERB_ENDINGS):
        base = word[: len(word) - len(suffix)]
        if not word.endswith(suffix) or len(base) < 3:
            continue
        if base in words or (suffix in VERB_ENDINGS and base + "e" in words):  # købte: købe
            return True
    return False


THESAURUS = DATA / "da_synonyms.tsv.gz"


@functools.lru_cache(maxsize=None)
def thesaurus() -> dict[str, tuple[str, ...]]:
    """Single-word synonyms from the Danish thesaurus (``indexer/data/da_synonyms.tsv.gz``,
    derived from mythes-da by ``make language-data``: listed both ways, at most three a word),
    keyed by the folded word; read once per process, on first use."""
    table = {}
    for line in data_lines(THESAURUS):
        word, _, synonyms = line.partition("\t")
        table[fold_danish(word)] = tuple(synonyms.split(","))
    return table


class CompoundPartsFilter(Filter):
    """Replaces a compound word by its parts, so "skat" can find "restskat".

    A first part must be a word of ``vocabulary`` (folded, unstemmed words of the collection
    plus a curated list) of at least ``min_part`` letters, maybe with a linking "s" or "e"
    (velfærds|teknologi, arbejds|tid for arbejde), or a curated short first part ("el" in
    elcykel). A last part is a word of the vocabulary or a curated short last part ("tid",
    "hus"), maybe inflected (ældre|plejen). For a query word only, when that gives no split,
    the last part may be a word of the Danish dictionary (:func:`dictionary_words`:
    "klima|tilpasning" although no case says "tilpasning"), but not for an inflected form of a
    known word ("brugerne" is no "brug|erne"). Words that do not split are dropped: this filter
    feeds a separate low-weight field, so a part match ranks below a match on the whole word.
    """

    def __init__(self, vocabulary: Iterable[str] = (), min_part: int = MIN_PART,
                 short: tuple[frozenset, frozenset] | None = None):
        self.vocabulary = frozenset(vocabulary)
        self.min_part = min_part
        self.short_heads, self.short_tails = short if short is not None else short_parts()

    def __eq__(self, other):
        return (isinstance(other, CompoundPartsFilter)
                and self.__getstate__() == other.__getstate__())

    def __getstate__(self):
        return {"vocabulary": self.vocabulary, "min_part": self.min_part,
                "short_heads": self.short_heads, "short_tails": self.short_tails}

    def __setstate__(self, state):
        self.vocabulary = state["vocabulary"]
        self.min_part = state["min_part"]
        # An index built before the short parts splits as it always did.
        self.short_heads = state.get("short_heads", frozenset())
        self.short_tails = state.get("short_tails", frozenset())

    def parts_of(self, word: str) -> list[str]:
        """:meth:`split`, remembered per word (a collection repeats its compounds)."""
        memo = self.__dict__.setdefault("_memo", {})
        parts = memo.get(word)
        if parts is None:
            if len(memo) >= WordMemo.MAX_WORDS:
                memo.clear()
            parts = memo[word] = self.split(word)
        return parts

    def _is_word(self, part: str, dictionary: bool = False, short: bool = True) -> bool:
        """Whether ``part`` can end a compound: a word of the collection or (with ``short``) a
        short last part, or (with ``dictionary``) a dictionary word of DICTIONARY_PART letters
        or more; maybe inflected."""
        for suffix in ("", *INFLECTIONS):
            if suffix and not part.endswith(suffix):
                continue
            base = part[: len(part) - len(suffix)]
            if short and base in self.short_tails:
                return True
            if len(base) >= self.min_part and base in self.vocabulary:
                return True
            if dictionary and len(base) >= DICTIONARY_PART and base in dictionary_words():
                return True
        return False

    def _inflected(self, word: str) -> bool:
        """Whether ``word`` is a known word with an ending ("brugerne", not "brug|erne")."""
        words = dictionary_words()
        for suffix in INFLECTIONS:
            if word.endswith(suffix):
                base = word[: -len(suffix)]
                if base in self.vocabulary or base in words:
                    return True
        return False

    def _heads(self, head: str, first: bool) -> list[str]:
        """The first-part words ``head`` may be: itself, or without its linking s/e. A
        preposition or adverb is no first part ("under|visning", "over|tog"); a short first
        part only starts a word (``first``)."""
        if first and head in self.short_heads:
            return [head]
        if len(head) < self.min_part:
            return []
        heads = [head]
        if head.endswith(("s", "e")) and len(head) - 1 >= self.min_part:
            heads.append(head[:-1])
        if head.endswith("s"):
            heads.append(head[:-1] + "e")  # arbejds|tid: arbejde
        return [h for h in heads if h in self.vocabulary and h not in PARTICLES]

    def split(self, word: str, dictionary: bool = False, short: bool = True) -> list[str]:
        """The parts of ``word``, or [] when it is not a compound of known words. With
        ``dictionary`` (query words only: the dictionary also splits "fort|ælling"), a last
        part may be a dictionary word when the collection's words give no split. Without
        ``short``, no short last part ("tid"): a query for "arbejdstid" should not ask for
        "arbejde" and "tid" anywhere in a case."""
        parts = self._split(word, 0, False, short)
        if (not parts and dictionary and len(word) >= self.min_part + DICTIONARY_PART
                and not self._inflected(word)):
            parts = self._split(word, 0, True, short)
        return parts

    def _split(self, word: str, depth: int, dictionary: bool, short: bool = True) -> list[str]:
        if depth > 3 or len(word) < 4:
            return []
        for i in range(len(word) - 2, 1, -1):
            head, tail = word[:i], word[i:]
            for h in self._heads(head, depth == 0):
                if self._is_word(tail, dictionary, short):
                    return [h, tail]
                rest = self._split(tail, depth + 1, dictionary, short)
                if rest:
                    return [h, *rest]
        return []

    def __call__(self, tokens):
        waiting: list[str] = []  # "pleje-" in "pleje- og lokalcentre", until "lokalcentre" comes
        for t in tokens:
            if t.text.endswith("-"):
                waiting.append(t.text.rstrip("-"))
                t.text = waiting[-1]
                yield t
                continue
            compound = t.text
            parts = self.parts_of(compound)
            if waiting and parts:
                # A Danish coordination shares the last word's tail: "pleje- og lokalcentre"
                # means plejecentre and lokalcentre, "ældre- og handicapområdet" ældreområdet.
                tail = "".join(parts[1:])
                for head in waiting:
                    t.text = head + tail
                    yield t
            waiting = []
            for part in parts:
                t.text = part
                yield t
            t.text = compound


DANISH_STOPWORDS = frozenset(stopwords_for_language("da"))
"""Danish stopwords only. ``StopFilter(lang="da")`` would add Whoosh's English list too and
drop Danish words such as "by" (town), "is" (ice) and "it" (as in "it-projekt")."""


PARTICLES = frozenset(fold_danish(w) for w in (DANISH_STOPWORDS - {"selv"}) | {
    "frem", "gennem", "mellem", "bag", "imod", "omkring", "ingen", "intet", "nogen", "andre",
    "andet", "hver", "samme", "sammen", "egen", "eget", "ellers"})
"""Stopwords, prepositions, adverbs and pronouns: as first parts they make verbs and adverbs
(underskrev, undervejs, fremtiden, skal|eringer), not compounds; "selv" stays (selvhjælp). Nor
do they name what a compound is ("xyz|ingen")."""


class DanishSyncopeFilter(Filter):
    """Gives the short and long forms of -el words one stem: fængsel/fængsler, cykel/cyklen.

    The Snowball stemmer keeps "fængsel" but cuts "fængsler" to "fængsl"; dropping the e of a
    final consonant + "el" brings them together (checked on the collection: it only merged
    forms of the same word).
    """

    per_token = True

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if len(text) >= 5 and text.endswith("el") and text[-3] not in "aeiouy":
                t.text = text[:-2] + "l"
            yield t


HOMOGRAPHS = DATA / "da_homographs.tsv"


def homograph_table(path: Path = HOMOGRAPHS) -> dict[str, str]:
    """Folded form -> folded term for the few words the stemmer confuses with unrelated ones
    (``indexer/data/da_homographs.tsv``, derived from hunspell-da by ``make language-data``)."""
    table = {}
    for line in data_lines(path):
        form, _, term = line.partition("\t")
        table[fold_danish(form)] = fold_danish(term)
    return table


class HomographStemFilter(StemFilter):
    """The Danish Snowball stemmer, except for the forms of a few words it joins to unrelated
    ones: "ledige" (unemployed) would share "led" with "ledelse" (management), "vejer" (weighs)
    "vej" with "veje" (roads), "lægger" (lays) "læg" with "læger" (doctors). Those forms get
    their word's own term ("ledig", "veje", "laegge"), which the stemmer never makes (it drops a
    final e). A form of both words ("veje", also the plural of "vej") keeps the shared stem.

    The table is stored with the index (part of its format), so searches analyse as the build
    did."""

    def __init__(self, homographs: dict[str, str] | None = None, **kwargs):
        super().__init__(lang="da", **kwargs)
        self.homographs = homograph_table() if homographs is None else dict(homographs)

    def __eq__(self, other):
        return (isinstance(other, HomographStemFilter) and self.lang == other.lang
                and self.homographs == other.homographs)

    def __call__(self, tokens):
        stem, table = self._stem, self.homographs
        for t in tokens:
            if not t.stopped:
                lemma = table.get(t.text)
                t.text = lemma if lemma is not None else stem(t.text)
            yield t


class WordMemo(Filter):
    """Runs filters that turn each word into one word, whatever its neighbours, once per word.

    Folding, accent stripping, stemming and the -el rule look at one token at a time, so a word
    that comes back (most words in a collection do) reuses its result: one dictionary look-up
    instead of four generator steps per token. The results are the chain's own (tests compare).
    """

    per_token = True
    MAX_WORDS = 200_000  # then forget and start again: a bound on memory, not a tuning knob

    def __init__(self, *filters):
        self.steps = filters
        self._memo: dict[str, str] = {}

    def __eq__(self, other):
        return isinstance(other, WordMemo) and self.steps == other.steps

    def __getstate__(self):
        return {"steps": self.steps}

    def __setstate__(self, state):
        self.steps = state["steps"]
        self._memo = {}

    def word(self, token) -> str:
        """What the filters make of ``token``'s text (computed, not remembered)."""
        stream = [token.copy()]
        for f in self.steps:
            stream = list(f(iter(stream)))
        if len(stream) != 1:
            raise ValueError("WordMemo needs filters that give one token per token")
        return stream[0].text

    def __call__(self, tokens):
        memo = self._memo
        for t in tokens:
            if t.stopped:  # a kept stopword (query mode): filters treat it differently
                t.text = self.word(t)
                yield t
                continue
            text = t.text
            done = memo.get(text)
            if done is None:
                done = self.word(t)
                if len(memo) >= self.MAX_WORDS:
                    memo.clear()
                memo[text] = done
            t.text = done
            yield t


def _danish_chain(tokenizer=None):
    tokenizer = tokenizer or RegexTokenizer(TOKEN_PATTERN)
    return tokenizer | LowercaseFilter() | StopFilter(stoplist=DANISH_STOPWORDS)


def _stem_filters():
    return HomographStemFilter(cachesize=50000), DanishSyncopeFilter()


def _fold_filters():
    return DanishFoldFilter(), CharsetFilter(accent_map)


def danish_analyzer():
    """The analyzer of the main text fields: folded and stemmed Danish."""
    return _danish_chain() | WordMemo(*_fold_filters(), *_stem_filters())


def exact_analyzer():
    """Folded but unstemmed: for names and titles, and typo-tolerant matching."""
    return _danish_chain() | WordMemo(*_fold_filters())


def spelling_analyzer():
    """Lowercased words as written, with æ/ø/å: the spellings "Mente du" may propose."""
    return RegexTokenizer(r"[^\W\d_]{3,}") | LowercaseFilter()


def compound_parts_analyzer(vocabulary: Iterable[str]):
    """Index time: the stemmed parts of compound words. Query time: like the main fields.

    Splitting only at index time keeps phrase queries intact (measured).
    """
    from whoosh.analysis import MultiFilter, PassFilter

    splitter = MultiFilter(index=CompoundPartsFilter(vocabulary), query=PassFilter())
    return (
        _danish_chain(RegexTokenizer(PARTS_TOKEN_PATTERN))
        | WordMemo(*_fold_filters())
        | splitter
        | WordMemo(*_stem_filters())
    )


ENGLISH_STOPWORDS = frozenset(stopwords_for_language("en"))


ENGLISH_IRREGULAR = {"children": "child", "people": "person", "women": "woman", "men": "man",
                     "teeth": "tooth", "feet": "foot", "lives": "life"}
"""Plurals a stemmer cannot join to their singular ("school children" must find "every child")."""


class EnglishIrregularFilter(Filter):
    """Replaces an irregular plural with its singular before stemming."""

    per_token = True

    def __call__(self, tokens):
        for t in tokens:
            t.text = ENGLISH_IRREGULAR.get(t.text, t.text)
            yield t


def english_analyzer():
    """The English summary (``summary_en``): Whoosh's StemmingAnalyzer with the English Snowball
    stemmer and English stopwords ("unemployed" and "unemployment" meet), and irregular plurals
    made singular first."""
    analyzer = StemmingAnalyzer(stoplist=ENGLISH_STOPWORDS, stemfn=stemmer_for_language("en"))
    analyzer.items.insert(len(analyzer.items) - 1, EnglishIrregularFilter())
    return analyzer


WORD_RE = re.compile(r"[^\W\d_]{%d,}" % MIN_PART)


def vocabulary_from_texts(texts: Iterable[str], extra: Iterable[str] = ()) -> set[str]:
    """Folded, lowercased words seen in ``texts`` (plus a curated list) for compound splitting."""
    seen: set[str] = set(extra)
    for text in texts:
        seen.update(WORD_RE.findall(text))
    return {fold_danish(w.lower()) for w in seen}  # each distinct spelling folded once


def analyse(analyzer, text: str, mode: str = "query") -> list[str]:
    """The terms ``analyzer`` makes of ``text`` (helper for query building and tests)."""
    return [t.text for t in analyzer(text, mode=mode)]
