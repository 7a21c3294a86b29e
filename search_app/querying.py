"""From what a user typed to a Whoosh query.

We do not hand user input to Whoosh's query parser: its syntax (``field:``, ``*``, ``~``,
``AND``) would let a visitor run queries we cannot bound. Instead we read words, "quoted
phrases" and -excluded words, and build the query ourselves:

- each word matches its stem in title, lead, organisation and body (weighted in that order),
  as a part of a compound (low weight), as a synonym from config, and, for longer words, within
  a small edit distance of a written word (lowest weight, so exact and stemmed hits come first);
- phrases match in order; excluded words must not match.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from whoosh import query as wq

from indexer.analysis import CompoundPartsFilter, analyse

MAX_WORDS = 12
MAX_EXPANSIONS = 50
"""At most this many index words stand in for one fuzzy or prefix word, however large the index."""
FIELD_BOOSTS = {"title": 6.0, "lead": 3.0, "organisation": 2.5, "body": 1.0}
_TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


@dataclass
class UserQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases)


def parse_user_query(text: str) -> UserQuery:
    """Words, "phrases" and -excluded words; an unclosed quote counts as plain words."""
    if text.count('"') % 2:
        text = text.replace('"', " ")
    parsed = UserQuery()
    for neg_phrase, phrase, neg_word, word in _TOKEN_RE.findall(text):
        if phrase:
            (parsed.excluded if neg_phrase else parsed.phrases).append(phrase)
        elif word:
            word = word.strip(".,;:!?()[]{}'`´^*~+&|<>=\\/")
            if not word:
                continue
            (parsed.excluded if neg_word and parsed.words else parsed.words).append(word)
    parsed.words = parsed.words[:MAX_WORDS]
    parsed.phrases = parsed.phrases[:4]
    parsed.excluded = parsed.excluded[:4]
    return parsed


class CappedFuzzyTerm(wq.FuzzyTerm):
    """A near-spelling match that expands to at most MAX_EXPANSIONS words (Whoosh has no cap)."""

    def _btexts(self, ixreader):
        return itertools.islice(super()._btexts(ixreader), MAX_EXPANSIONS)


class CappedPrefix(wq.Prefix):
    """A prefix match that expands to at most MAX_EXPANSIONS words ("ko" matches thousands)."""

    def _btexts(self, ixreader):
        return itertools.islice(super()._btexts(ixreader), MAX_EXPANSIONS)


def _find_splitter(schema) -> CompoundPartsFilter | None:
    """The compound splitter inside the index's ``parts`` analyzer (it holds the vocabulary)."""
    analyzer = schema["parts"].analyzer if "parts" in schema else None
    for item in getattr(analyzer, "items", []):
        candidate = getattr(item, "filters", {}).get("index") if hasattr(item, "filters") else item
        if isinstance(candidate, CompoundPartsFilter):
            return candidate
    return None


def _max_edits(word: str) -> int:
    return 0 if len(word) < 5 else (1 if len(word) < 9 else 2)


class QueryBuilder:
    """Builds Whoosh queries against one index's schema (its analyzers) and settings."""

    def __init__(self, schema, boosts: dict[str, float] | None = None,
                 synonyms: dict[str, list[str]] | None = None):
        self.schema = schema
        boosts = boosts or {}
        self.field_boosts = {f: float(boosts.get(f, b)) for f, b in FIELD_BOOSTS.items()}
        self.exact_boost = float(boosts.get("title_exact", 4.0))
        self.parts_boost = float(boosts.get("parts", 0.4))
        self.synonyms = synonyms or {}
        self._splitter = _find_splitter(schema)

    def _terms(self, fieldname: str, text: str) -> list[str]:
        return analyse(self.schema[fieldname].analyzer, text)

    def _word_alternatives(self, word: str, fuzzy: bool, boost: float = 1.0) -> list[wq.Query]:
        alts: list[wq.Query] = []
        stems = self._terms("body", word)
        if not stems:
            return alts
        for fieldname, weight in self.field_boosts.items():
            alts.append(self._all_of(fieldname, stems, weight * boost))
        alts.append(self._all_of("parts", stems, self.parts_boost * boost))
        exact = self._terms("title_exact", word)
        if exact:
            alts.append(self._all_of("title_exact", exact, self.exact_boost * boost))
        parts = self._compound_parts(exact)
        if parts:
            stems_of_parts = [t for part in parts for t in self._terms("body", part)]
            for fieldname in ("title", "lead", "body"):
                alts.append(self._all_of(fieldname, stems_of_parts,
                                         0.5 * self.field_boosts[fieldname] * boost))
        if fuzzy and len(exact) == 1 and not exact[0].isdigit():
            edits = _max_edits(exact[0])
            if edits:
                alts.append(CappedFuzzyTerm("exact", exact[0], boost=0.15 * boost,
                                                maxdist=edits, prefixlength=1))
        return alts

    def _compound_parts(self, exact: list[str]) -> list[str]:
        """The parts of a compound query word ("ældrepleje" -> ældre, pleje), else []."""
        if len(exact) != 1 or self._splitter is None:
            return []
        return self._splitter.split(exact[0])

    @staticmethod
    def _all_of(fieldname: str, terms: list[str], boost: float) -> wq.Query:
        if len(terms) == 1:
            return wq.Term(fieldname, terms[0], boost=boost)
        return wq.And([wq.Term(fieldname, t) for t in terms], boost=boost)

    def word_query(self, word: str, fuzzy: bool = True) -> wq.Query | None:
        alts = self._word_alternatives(word, fuzzy)
        for synonym in self.synonyms.get(word.lower(), []):
            alts.extend(self._word_alternatives(synonym, fuzzy=False, boost=0.7))
        return wq.Or(alts) if alts else None

    def phrase_query(self, phrase: str) -> wq.Query | None:
        stems = self._terms("body", phrase)
        if not stems:
            return None
        if len(stems) == 1:
            return self.word_query(phrase, fuzzy=False)
        return wq.Or([wq.Phrase(f, stems, boost=w) for f, w in self.field_boosts.items()])

    def build(self, parsed: UserQuery, require_all: bool = True) -> wq.Query | None:
        """The query for ``parsed``; None when nothing searchable is left (only stopwords)."""
        parts = [self.word_query(w) for w in parsed.words]
        parts += [self.phrase_query(p) for p in parsed.phrases]
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        combined = wq.And(parts) if require_all else wq.Or(parts)
        excluded = [self.word_query(w, fuzzy=False) for w in parsed.excluded]
        excluded = [e for e in excluded if e is not None]
        if excluded:
            combined = wq.AndNot(combined, wq.Or(excluded))
        return combined

    def prefix_query(self, prefix: str) -> wq.Query | None:
        """Words that start with ``prefix`` (search as you type)."""
        terms = self._terms("title_exact", prefix)
        if len(terms) != 1 or len(terms[0]) < 2:
            return None
        return CappedPrefix("exact", terms[0])
