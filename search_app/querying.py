"""From what a user typed to a Whoosh query.

We do not hand user input to Whoosh's query parser: its syntax (``field:``, ``*``, ``~``,
``AND``) would let a visitor run queries we cannot bound. Instead we read words, "quoted
phrases" and -excluded words, and build the query ourselves:

- each word matches its stem in title, lead, organisation and body (weighted in that order),
  its English stem in the English summary (weighted as the body), as a part of a compound (low
  weight), as a synonym from config, and, for longer words, within a small edit distance of a
  written word (lowest weight, so exact and stemmed hits come first);
- phrases match in order; excluded words must not match.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from whoosh import query as wq

from indexer.analysis import CompoundPartsFilter, analyse, fold_danish

from .lexicon import Lexicon

MAX_WORDS = 12
MAX_ANALYSED = 20_000
"""Analysed (field, text) pairs a query builder remembers."""
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


class RankingBonus(wq.Term):
    """A term that only raises the score of documents found otherwise (see ``matching_form``)."""


def matching_form(q: wq.Query) -> wq.Query:
    """``q`` without its ranking bonuses: the same documents, found with fewer look-ups."""
    return q.accept(lambda node: wq.NullQuery if isinstance(node, RankingBonus) else node)


def _find_splitter(schema) -> CompoundPartsFilter | None:
    """The compound splitter inside the index's ``parts`` analyzer (it holds the vocabulary)."""
    analyzer = schema["parts"].analyzer if "parts" in schema else None
    for item in getattr(analyzer, "items", []):
        candidate = getattr(item, "filters", {}).get("index") if hasattr(item, "filters") else item
        if isinstance(candidate, CompoundPartsFilter):
            return candidate
    return None


def max_edits(word: str) -> int:
    """Edits allowed for a typo: none under 5 letters, one under 9, else two."""
    return 0 if len(word) < 5 else (1 if len(word) < 9 else 2)


INFLECTED_TAILS = ("", "e", "n", "en", "er", "et", "ne", "erne", "s", "ens", "ets", "ernes")
"""Endings a compound may carry after the visitor's word: "cykelstier" in "supercykelstierne"."""

AFFIX_MAX_CASES = 20
"""Longer words that start or end with a word are added only for a word this few cases use: a
rare word needs its compounds ("cykelstier" in "supercykelstier"), a common one has matches
enough, and on a large index its many compounds would cost more than they add."""

TOPIC_FACETS = ("area", "value", "partner", "innovation_type")
"""Facets whose Danish labels are topics a visitor may type ("Ældre og pleje", "Borgerinddragelse").
Sector and region are left out: place names are matched in the organisation text instead."""

DEFAULT_WEIGHTS = {
    "title_exact": 4.0,  # the word as written, in the title or organisation
    "exact": 1.0,  # the word as written (inflection and all), anywhere
    "parts": 0.4,  # the word as a part of a compound in the text ("skat" in "restskat")
    "compound": 0.5,  # the parts of a compound query word, each found somewhere
    "topic": 1.0,  # a facet label the editors gave the case (constant score)
    "synonym": 0.5,  # a synonym from config: a title hit through a synonym ties a lead hit
    "near": 0.8,  # the nearest known spelling of a word the index does not have
    "affix": 0.3,  # a longer word that starts or ends with the visitor's word
    "fuzzy": 0.15,  # near spellings when no word list is at hand
    "head": 0.3,  # the last part of a compound query word, when widening
    "summary_en": 1.0,  # the word in the English summary, stemmed as English (weighs as the body)
}


def _fold_key(word: str) -> str:
    return fold_danish(word.lower())


class QueryBuilder:
    """Builds Whoosh queries against one index's schema (its analyzers) and settings.

    ``lexicon`` (the index's own words) enables typo correction to known words and compound
    heads and tails; ``topic_labels`` ((facet, value) -> Danish label) lets a word match the
    facet values the editors chose. Both are optional, so a bare schema still gives a working
    builder.
    """

    def __init__(self, schema, boosts: dict[str, float] | None = None,
                 synonyms: dict[str, list[str]] | None = None,
                 lexicon: Lexicon | None = None,
                 topic_labels: dict[tuple[str, str], str] | None = None):
        self.schema = schema
        boosts = boosts or {}
        self.field_boosts = {f: float(boosts.get(f, b)) for f, b in FIELD_BOOSTS.items()}
        self.weights = {k: float(boosts.get(k, w)) for k, w in DEFAULT_WEIGHTS.items()}
        self.exact_boost = self.weights["title_exact"]
        self.parts_boost = self.weights["parts"]
        self.synonyms = {_fold_key(k): vs for k, vs in (synonyms or {}).items()}
        self.lexicon = lexicon
        self._splitter = _find_splitter(schema)
        self._analysed: dict[tuple[str, str], list[str]] = {}
        self._topic_matches: dict[tuple, tuple] = {}
        self._topics = self._topic_stems(topic_labels or {})

    def _terms(self, fieldname: str, text: str) -> list[str]:
        """``text`` analysed as ``fieldname`` is (remembered: a builder lives as long as its
        index state, and the same words come back in search after search)."""
        key = (fieldname, text)
        terms = self._analysed.get(key)
        if terms is None:
            terms = analyse(self.schema[fieldname].analyzer, text)
            if len(self._analysed) >= MAX_ANALYSED:
                self._analysed.clear()
            self._analysed[key] = terms
        return list(terms)

    def _topic_stems(self, labels: dict[tuple[str, str], str]) -> list[tuple[str, str, frozenset]]:
        topics = []
        for (facet, value), label in labels.items():
            if facet in self.schema:
                stems = frozenset(self._terms("body", label))
                if stems:
                    topics.append((facet, value, stems))
        return topics

    def _match(self, fieldname: str, terms: list[str], boost: float) -> wq.Query:
        """All ``terms`` in one field: in order where the field keeps positions ("it-projekt")."""
        if len(terms) > 1 and self.schema[fieldname].format.supports("positions"):
            return wq.Phrase(fieldname, terms, boost=boost)
        return self._all_of(fieldname, terms, boost)

    def _word_alternatives(self, word: str, expand: bool, boost: float = 1.0) -> list[wq.Query]:
        """The ways one word can match, strongest first in weight."""
        stems = self._terms("body", word)
        if not stems or self._english_stopword(word, stems):
            return []
        alts = [self._match(f, stems, w * boost) for f, w in self.field_boosts.items()]
        alts.extend(self._english(word, boost))
        alts.append(self._all_of("parts", stems, self.parts_boost * boost))
        exact = self._terms("title_exact", word)
        if len(exact) == 1:
            # The word as written: it adds to the score but finds nothing the stems do not.
            alts.append(RankingBonus("title_exact", exact[0], boost=self.exact_boost * boost))
            alts.append(RankingBonus("exact", exact[0], boost=self.weights["exact"] * boost))
        parts = self._compound_parts(exact)
        if parts:
            alts.append(self._parts_query(parts, self.weights["compound"] * boost))
        topics = self._topic_query(stems, parts, boost)
        if topics is not None:
            alts.append(topics)
        if expand and len(exact) == 1 and not exact[0].isdigit():
            alts.extend(self._expansions(exact[0], stems, boost))
        return alts

    def _english_stopword(self, word: str, stems: list[str]) -> bool:
        """An English stopword no case uses in Danish ("the", "what"): no part of the query, as
        Danish stopwords are not. A Danish word that is an English stopword stays when a case
        uses it or it names a facet label ("by": By, bolig og landdistrikter)."""
        if "summary_en" not in self.schema or self.lexicon is None or len(stems) != 1:
            return False
        return (not self._terms("summary_en", word) and not self.lexicon.known(_fold_key(word))
                and self._topic_query(stems, [], 1.0) is None)

    def _english(self, text: str, boost: float) -> list[wq.Query]:
        """``text`` in the English summary, analysed as English ("elderly" -> elder)."""
        if "summary_en" not in self.schema:
            return []
        terms = self._terms("summary_en", text)
        return [self._match("summary_en", terms, self.weights["summary_en"] * boost)] if terms else []

    def _compound_parts(self, exact: list[str]) -> list[str]:
        """The parts of a compound query word ("ældrepleje" -> ældre, pleje), else []."""
        if len(exact) != 1 or self._splitter is None:
            return []
        return self._splitter.split(exact[0])

    def _parts_query(self, parts: list[str], boost: float) -> wq.Query:
        """Every part of a compound query word as words of one field: "ældre" and "pleje" in
        the same lead. Parts scattered over a case ("tand", "læge" and "vagt" in three places,
        or inside three other compounds) do not make a "tandlægevagt"."""
        stems = [t for part in parts for t in self._terms("body", part)]
        return wq.Or([self._all_of(f, stems, w) for f, w in self.field_boosts.items()], boost=boost)

    def _topic_query(self, stems: list[str], parts: list[str], boost: float) -> wq.Query | None:
        """Facet values whose label names this word ("ældre", or "ældrepleje" as ældre + pleje)."""
        key = (tuple(stems), tuple(parts))
        topics = self._topic_matches.get(key)
        if topics is None:
            wanted = [frozenset(stems)]
            if parts:
                wanted.append(frozenset(t for part in parts for t in self._terms("body", part)))
            topics = tuple((facet, value) for facet, value, label in self._topics
                           if any(w and w <= label for w in wanted))
            if len(self._topic_matches) >= MAX_ANALYSED:
                self._topic_matches.clear()
            self._topic_matches[key] = topics
        terms = [wq.Term(facet, value) for facet, value in topics]
        if not terms:
            return None
        return wq.ConstantScoreQuery(wq.Or(terms), score=self.weights["topic"] * boost)

    def _expansions(self, exact: str, stems: list[str], boost: float) -> list[wq.Query]:
        """Typo corrections and longer compounds, from the index's own words."""
        edits = max_edits(exact)
        if self.lexicon is None:
            if not edits:
                return []
            return [CappedFuzzyTerm("exact", exact, boost=self.weights["fuzzy"] * boost,
                                    maxdist=edits, prefixlength=1)]
        alts: list[wq.Query] = []
        if edits and not self.lexicon.known(exact):
            for near in self.lexicon.nearest(exact, edits):
                alts.extend(self._with_synonyms(near, expand=False,
                                                boost=self.weights["near"] * boost))
        if len(exact) >= 5 and self.lexicon.frequency(exact) <= AFFIX_MAX_CASES:
            longer = self.lexicon.starting_with(exact, MAX_EXPANSIONS)
            for tail in INFLECTED_TAILS:
                longer += self.lexicon.ending_with(exact + tail, MAX_EXPANSIONS)
            words = [w for w in dict.fromkeys(longer) if self._terms("body", w) != stems]
            if words:
                alts.append(wq.Or([wq.Term("exact", w) for w in words[:MAX_EXPANSIONS]],
                                  boost=self.weights["affix"] * boost))
        return alts

    @staticmethod
    def _all_of(fieldname: str, terms: list[str], boost: float) -> wq.Query:
        if len(terms) == 1:
            return wq.Term(fieldname, terms[0], boost=boost)
        return wq.And([wq.Term(fieldname, t) for t in terms], boost=boost)

    def _with_synonyms(self, word: str, expand: bool, boost: float = 1.0) -> list[wq.Query]:
        alts = self._word_alternatives(word, expand=expand, boost=boost)
        for synonym in self.synonyms.get(_fold_key(word), []):
            alts.extend(self._word_alternatives(synonym, expand=False,
                                                boost=self.weights["synonym"] * boost))
        return alts

    def word_query(self, word: str, fuzzy: bool = True) -> wq.Query | None:
        """One word: its own matches, its expansions (when ``fuzzy``) and its synonyms."""
        alts = self._with_synonyms(word, expand=fuzzy)
        return wq.Or(alts) if alts else None

    def head_query(self, word: str) -> wq.Query | None:
        """The last part of a compound word, which names what it is: "robot" for
        "sorteringsrobot". Used only to widen a search that found almost nothing."""
        exact = self._terms("title_exact", word)
        parts = self._compound_parts(exact)
        head = parts[-1] if parts else None
        if head is None and len(exact) == 1 and self.lexicon is not None:
            head = self.lexicon.longest_known_tail(exact[0])
        if head is None or len(head) < 4:
            return None
        # The head and its inflections as written (robot, robotter, robotten), not its stem:
        # the stem of "opgørelse" is also the stem of the verb "opgør".
        start = head[:-1] if head.endswith("e") and len(head) > 4 else head
        return CappedPrefix("exact", start, boost=self.weights["head"])

    def phrase_query(self, phrase: str) -> wq.Query | None:
        stems = self._terms("body", phrase)
        if not stems:
            return None
        if len(stems) == 1:
            return self.word_query(phrase, fuzzy=False)
        return wq.Or([wq.Phrase(f, stems, boost=w) for f, w in self.field_boosts.items()]
                     + self._english(phrase, 1.0))

    def part_queries(self, parsed: UserQuery, widen: bool = False) -> list[wq.Query]:
        """One query per word and per phrase; a document must match some or all of them.
        ``widen`` lets a compound word match its last part as well."""
        parts = []
        for group in self._synonym_groups(parsed.words):
            if len(group) > 1:
                parts.append(self._group_query(group))
                continue
            word = group[0]
            query = self.word_query(word)
            head = self.head_query(word) if widen and query is not None else None
            parts.append(wq.Or([query, head]) if head is not None else query)
        parts += [self.phrase_query(p) for p in parsed.phrases]
        return [p for p in parts if p is not None]

    def _synonym_groups(self, words: list[str]) -> list[list[str]]:
        """The words, with runs that form a several-word synonym ("kunstig intelligens") kept
        together, longest run first."""
        longest = max((key.count(" ") + 1 for key in self.synonyms if " " in key), default=1)
        groups, i = [], 0
        while i < len(words):
            for size in range(min(longest, len(words) - i), 1, -1):
                if _fold_key(" ".join(words[i:i + size])) in self.synonyms:
                    groups.append(words[i:i + size])
                    i += size
                    break
            else:
                groups.append([words[i]])
                i += 1
        return groups

    def _group_query(self, group: list[str]) -> wq.Query | None:
        """Several words that have synonyms as a whole: all the words, or a synonym."""
        each = [self.word_query(w) for w in group]
        alts: list[wq.Query] = [wq.And([q for q in each if q is not None])]
        for synonym in self.synonyms.get(_fold_key(" ".join(group)), []):
            alts.extend(self._word_alternatives(synonym, expand=False,
                                                boost=self.weights["synonym"]))
        return wq.Or(alts)

    def excluded_query(self, parsed: UserQuery) -> wq.Query | None:
        excluded = [self.word_query(w, fuzzy=False) for w in parsed.excluded]
        excluded = [e for e in excluded if e is not None]
        return wq.Or(excluded) if excluded else None

    def ranking_query(self, parts: list[wq.Query], all_words: bool = True) -> wq.Query:
        """Scores documents: every matched word counts, in the fields it is found in. Which
        documents match is decided elsewhere; ``all_words`` says they have every word, so only
        the intersection is walked (far cheaper than the union on a large index)."""
        if len(parts) == 1:
            return parts[0]
        return wq.And(parts) if all_words else wq.Or(parts)

    def build(self, parsed: UserQuery, require_all: bool = True) -> wq.Query | None:
        """The query for ``parsed``; None when nothing searchable is left (only stopwords)."""
        parts = self.part_queries(parsed)
        if not parts:
            return None
        combined = wq.And(parts) if require_all else wq.Or(parts)
        excluded = self.excluded_query(parsed)
        if excluded is not None:
            combined = wq.AndNot(combined, excluded)
        return combined

    def prefix_query(self, prefix: str) -> wq.Query | None:
        """Words that start with ``prefix`` (search as you type)."""
        terms = self._terms("title_exact", prefix)
        if len(terms) != 1 or len(terms[0]) < 2:
            return None
        return CappedPrefix("exact", terms[0])
