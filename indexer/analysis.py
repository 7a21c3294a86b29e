"""Danish text analysis for the search index.

The schema pickles these classes into the index, so this module's import path is part of the
index format: moving it means rebuilding the index.

Order matters (measured): tokenise, lowercase, drop stopwords, fold æ/ø/å and their ASCII
spellings to one form, strip other accents, then stem with the Danish Snowball stemmer.
Folding before stemming lets "forskudsopgorelse", "forskudsopgoerelse" and "forskudsopgørelse"
meet in one term.
"""
from __future__ import annotations

import re
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


class CompoundPartsFilter(Filter):
    """Replaces a compound word by its parts, so "skat" can find "restskat".

    Parts are looked up in ``vocabulary`` (folded, unstemmed words of the collection plus a
    curated list). A part may carry a linking "s" or "e" (velfærds|teknologi) and the last part
    may be inflected (ældre|plejen). Words that do not split are dropped: this filter feeds a
    separate low-weight field, so a part match ranks below a match on the whole word.
    """

    def __init__(self, vocabulary: Iterable[str] = (), min_part: int = MIN_PART):
        self.vocabulary = frozenset(vocabulary)
        self.min_part = min_part

    def __eq__(self, other):
        return (
            isinstance(other, CompoundPartsFilter)
            and self.vocabulary == other.vocabulary
            and self.min_part == other.min_part
        )

    def __getstate__(self):
        return {"vocabulary": self.vocabulary, "min_part": self.min_part}

    def __setstate__(self, state):
        self.vocabulary = state["vocabulary"]
        self.min_part = state["min_part"]

    def parts_of(self, word: str) -> list[str]:
        """:meth:`split`, remembered per word (a collection repeats its compounds)."""
        memo = self.__dict__.setdefault("_memo", {})
        parts = memo.get(word)
        if parts is None:
            if len(memo) >= WordMemo.MAX_WORDS:
                memo.clear()
            parts = memo[word] = self.split(word)
        return parts

    def _is_word(self, part: str) -> bool:
        if part in self.vocabulary:
            return True
        for suffix in INFLECTIONS:
            if part.endswith(suffix) and part[: -len(suffix)] in self.vocabulary:
                return len(part) - len(suffix) >= self.min_part
        return False

    def split(self, word: str, depth: int = 0) -> list[str]:
        """The parts of ``word``, or [] when it is not a compound of known words."""
        n = len(word)
        if depth > 3 or n < 2 * self.min_part:
            return []
        for i in range(n - self.min_part, self.min_part - 1, -1):
            head, tail = word[:i], word[i:]
            heads = [head]
            if head.endswith(("s", "e")) and len(head) - 1 >= self.min_part:
                heads.append(head[:-1])
            for h in heads:
                if h not in self.vocabulary:
                    continue
                if self._is_word(tail):
                    return [h, tail]
                rest = self.split(tail, depth + 1)
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
    return StemFilter(lang="da", cachesize=50000), DanishSyncopeFilter()


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
