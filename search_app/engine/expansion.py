"""From a :class:`.query.UserQuery` to Whoosh queries: the Danish expansions of each word.

- question and filler words ("hvordan", "kan", "man") and the section headings every case has
  are left out of a query that has other words;
- each word matches its stem in title, lead, organisation and body (weighted in that order),
  its English stem in the English summary (weighted as the body), as a part of a compound (low
  weight), as a facet label (Danish or English, inflected), as a synonym from config, and, for
  longer words, its nearest known spellings and the longer words that start or end with it
  (lowest weights, so exact and stemmed hits come first);
- phrases match in order; excluded words must not match.

Every weight and threshold comes from :class:`.relevance.Relevance`.
"""
from __future__ import annotations

from typing import NamedTuple

from rapidfuzz.distance import Levenshtein
from whoosh import query as wq

from indexer.analysis import (ENGLISH_STOPWORDS, CompoundPartsFilter, analyse, dictionary_words,
                               fold_danish, homograph_table, is_danish_word, thesaurus)
from indexer.record import BODY_HEADINGS

from .compat import CappedFuzzyTerm, CappedPrefix, index_time_filter
from .lexicon import Lexicon
from .memory import LIMITS, BoundedTable
from .query import UserQuery
from .relevance import DEFAULT, Relevance


class RankingBonus(wq.Term):
    """A term that only raises the score of documents found otherwise (see ``matching_form``)."""


def matching_form(q: wq.Query) -> wq.Query:
    """``q`` without its ranking bonuses: the same documents, found with fewer look-ups."""
    return q.accept(lambda node: wq.NullQuery if isinstance(node, RankingBonus) else node)


def _find_splitter(schema) -> CompoundPartsFilter | None:
    """The compound splitter inside the index's ``parts`` analyzer (it holds the vocabulary)."""
    analyzer = schema["parts"].analyzer if "parts" in schema else None
    for item in getattr(analyzer, "items", []):
        candidate = index_time_filter(item)
        if isinstance(candidate, CompoundPartsFilter):
            return candidate
    return None


# The dictionary and the thesaurus are read when the engine is imported (about a second), so
# the first search after a worker starts does not wait for them.
dictionary_words(folded=True), dictionary_words(folded=False), thesaurus()

HOMOGRAPH_TERMS = frozenset(homograph_table().values())
"""The terms the analyzer gives the forms of words the stemmer confuses ("ledig", "veje")."""

INFLECTED_TAILS = ("", "e", "n", "en", "er", "et", "ne", "erne", "s", "ens", "ets", "ernes")
"""Endings a compound may carry after the visitor's word: "cykelstier" in "supercykelstierne"."""


def uninflected(word: str, least: int = 3) -> list[str]:
    """``word`` without each of INFLECTED_TAILS it ends in, where at least ``least`` letters
    remain, in INFLECTED_TAILS' order: "universiteterne" -> universitetern, universiteter,
    universitet."""
    return [word[:-len(tail)] for tail in INFLECTED_TAILS
            if tail and word.endswith(tail) and len(word) - len(tail) >= least]


DERIVING_TAILS = ("ningerne", "ningen", "ninger", "ning", "ingerne", "ingen", "inger", "ing",
                  "elserne", "elsen", "elser", "else")
"""Endings that make a noun of a verb ("genoptræn|ing", "planlæg|ning", "forebygg|else"),
inflected, longest first."""

LABEL_DERIVATIONS = (("isering", ""), ("itet", ""), ("else", "e"), ("ning", "e"))
"""Endings that make a label's noun of another word, and what the word ends in."""

VERB_FORMS = ("", "e", "er", "es", "et", "ede", "te", "t")
"""Endings of a verb's forms, looked for when a noun made of it is not used."""


def _fold_key(word: str) -> str:
    return fold_danish(word.lower())


class Topic(NamedTuple):
    """A facet value as a visitor's words may name it: its label's stems in one language."""

    facet: str
    value: str
    field: str
    """The field whose analyzer made ``stems``: "body" (Danish) or "summary_en" (English)."""
    stems: frozenset
    """The label's words that name this value."""
    full: frozenset
    """All the label's words, those it shares with the facet's other labels included."""


class NamedSearch(NamedTuple):
    """The search a theme page or a front-page entry opens, named by its title: visitors who
    come from the statistics pages type "genbrug og del" or "medarbejderdrevne innovationer"."""

    filters: tuple[tuple[str, tuple[str, ...]], ...]
    """(facet, values): a case has one of the values of every facet."""
    words: str = ""
    """Words the cases must also have (a theme's ``search.q``)."""
    theme: str = ""
    """The theme page's slug ("" for a front-page entry)."""


class QueryBuilder:
    """Builds Whoosh queries against one index's schema (its analyzers) and settings.

    ``lexicon`` (the index's own words) enables typo correction to known words and compound
    heads and tails; ``topic_labels`` ((facet, value) -> Danish label) lets a word match the
    facet values the editors chose. Both are optional, so a bare schema still gives a working
    builder.
    """

    def __init__(self, schema, relevance: Relevance = DEFAULT,
                 synonyms: dict[str, list[str]] | None = None,
                 lexicon: Lexicon | None = None,
                 topic_labels: dict[tuple[str, str], str] | None = None,
                 named_searches: list[tuple[str, str, NamedSearch]] | None = None):
        self.schema = schema
        self.relevance = relevance
        self.field_boosts = relevance.field_boosts.model_dump()
        self.weights = relevance.weights.model_dump()
        self.synonyms = {_fold_key(k): vs for k, vs in (synonyms or {}).items()}
        self._synonym_stems: dict[tuple[str, ...], list[str]] | None = None  # made when first needed
        self.lexicon = lexicon
        self._splitter = _find_splitter(schema)
        self._analysed = BoundedTable(LIMITS["analysed"])
        self._topic_matches = BoundedTable(LIMITS["analysed"])
        self._topics = self._topic_stems(topic_labels or {})
        self._stem_topics: dict[tuple[str, str], list[int]] = {}
        for i, topic in enumerate(self._topics):
            for stem in topic.stems:
                self._stem_topics.setdefault((topic.field, stem), []).append(i)
        self._named = self._named_stems(named_searches or [])
        self._named_first = {(field, stems[0]) for field, stems in self._named}
        self._named_longest = max((len(title.split()) for title, _, _ in named_searches or []), default=0)
        self._fillers = frozenset(_fold_key(w) for w in relevance.filler_words)
        self._filler_stems = frozenset(t for w in relevance.filler_words for t in self._terms("body", w)) \
            if "body" in schema else frozenset()
        self._heading_stems = frozenset(t for h in BODY_HEADINGS for t in self._terms("body", h)) \
            if "body" in schema else frozenset()

    def _terms(self, fieldname: str, text: str) -> list[str]:
        """``text`` analysed as ``fieldname`` is (remembered: a builder lives as long as its
        index state, and the same words come back in search after search)."""
        key = (fieldname, text)
        terms = self._analysed.get(key)
        if terms is None:
            terms = analyse(self.schema[fieldname].analyzer, text)
            self._analysed.put(key, terms)
        return list(terms)

    def _topic_stems(self, labels: dict[tuple[str, str], str | tuple[str, ...]]) -> list[Topic]:
        """Each label's words as the words of a query are analysed (Danish stems; English
        stems for the English label), without the words that half or more of a facet's labels
        share ("region" in "Region Nordjylland", "innovation" in "Service innovation"): such a
        word names no value of its own. Its label still matches as a whole word ("Region")."""
        analysed = []
        for (facet, value), texts in labels.items():
            if facet not in self.schema:
                continue
            for lang, text in enumerate((texts,) if isinstance(texts, str) else texts):
                field = "body" if lang == 0 else "summary_en"
                if field in self.schema:
                    stems = self._terms(field, text)
                    if field == "body":
                        stems += [t for word in text.split() for t in self._label_base(word)]
                    analysed.append((facet, value, field, frozenset(stems)))
        shared: dict[tuple[str, str, str], int] = {}
        sizes: dict[tuple[str, str], int] = {}
        for facet, _, field, stems in analysed:
            sizes[facet, field] = sizes.get((facet, field), 0) + 1
            for stem in stems:
                shared[facet, field, stem] = shared.get((facet, field, stem), 0) + 1
        topics = []
        for facet, value, field, stems in analysed:
            own = frozenset(t for t in stems if len(stems) == 1
                            or shared[facet, field, t] < max(2, sizes[facet, field] / 2))
            if own:
                topics.append(Topic(facet, value, field, own, stems))
        return topics

    def _label_base(self, word: str) -> list[str]:
        """The stem of the word a label's noun is made of: "digital" of "Digitalisering",
        "effektiv" of "Effektivitet", "beskæftige" of "Beskæftigelse". A base of six letters at
        least: "mobil" (a phone) is no word of "Mobilitet"."""
        folded = word.lower()
        for tail, base_tail in LABEL_DERIVATIONS:
            base = folded[:-len(tail)]
            if folded.endswith(tail) and len(base) >= 6:
                return self._terms("body", base + base_tail)
        return []

    def _named_stems(self, named: list[tuple[str, str, NamedSearch]]) -> dict:
        """(field, the title's stems) -> its search; Danish titles by Danish stems, English by
        English. A title of several words whose stems are one word is left out ("Gør noget
        helt nyt" must not take over every search for "nyt")."""
        found = {}
        for title, lang, search in named:
            field = "body" if lang == "da" else "summary_en"
            if field not in self.schema:
                continue
            stems = tuple(self._terms(field, title))
            if len(stems) >= 2 or (stems and len(title.split()) == 1):
                found.setdefault((field, stems), search)
        return found

    def _named_search(self, words: list[str]) -> NamedSearch | None:
        """The search ``words`` name as a whole, by stems (inflected, stopwords aside). Only
        words that start as a title does are analysed together: most queries name no theme,
        and analysing every run of a query's words in two languages cost a first search some
        milliseconds."""
        text = " ".join(words)
        for field in ("body", "summary_en"):
            if field in self.schema and any((field, t) in self._named_first
                                            for t in self._terms(field, words[0])):
                search = self._named.get((field, tuple(self._terms(field, text))))
                if search is not None:
                    return search
        return None

    def named_themes(self, labels: list[str]) -> tuple[str, ...]:
        """The slugs of the theme pages whose titles the query's parts name (``labels``, as
        :meth:`labelled_parts` gives them), in its order."""
        named = (self._named_search(label.split()) for label in labels if not label.startswith('"'))
        return tuple(dict.fromkeys(search.theme for search in named if search is not None and search.theme))

    def _named_query(self, group: list[str], search: NamedSearch) -> wq.Query:
        """The cases of a named search, ranked above any case that only has its words (with
        a constant above any text score), then the cases with all its words."""
        chosen: list[wq.Query] = [wq.Or([wq.Term(facet, v) for v in values])
                                  for facet, values in search.filters if facet in self.schema]
        chosen += [q for q in (self.word_query(w) for w in search.words.split()) if q is not None]
        alts: list[wq.Query] = []
        if chosen:
            alts.append(wq.ConstantScoreQuery(chosen[0] if len(chosen) == 1 else wq.And(chosen),
                                              score=self.weights["theme"]))
        each = [q for q in (self.word_query(w) for w in group) if q is not None]
        if each:
            alts.append(wq.And(each) if len(each) > 1 else each[0])
        return wq.Or(alts)

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
        alts.extend(self._match(f, [derived], w * self.weights["derived"] * boost)
                    for derived in self._derived_stems(word, stems) for f, w in self.field_boosts.items())
        alts.append(self._all_of("parts", stems, self.weights["parts"] * boost))
        exact = self._terms("title_exact", word)
        if len(exact) == 1:
            # The word as written: it adds to the score but finds nothing the stems do not.
            alts.append(RankingBonus("title_exact", exact[0], boost=self.weights["title_exact"] * boost))
            alts.append(RankingBonus("exact", exact[0], boost=self.weights["exact"] * boost))
        parts = self._compound_parts(exact)
        if parts:
            alts.append(self._parts_query(parts, self.weights["compound"] * boost))
        topics = self._topic_query(word, stems, parts, boost)
        if topics is not None:
            alts.append(topics)
        if expand and len(exact) == 1 and not exact[0].isdigit():
            alts.extend(self._expansions(exact[0], stems, boost, typed=word.lower()))
        return alts

    def _derived_stems(self, word: str, stems: list[str]) -> list[str]:
        """For a noun made of a verb that no case uses ("genoptræning", "pendling",
        "planlægningen"), the stems of the verb's forms that cases use ("genoptrænede",
        "pendlere", "planlægge"); else []. The verb keeps four letters or more."""
        if self.lexicon is None or len(stems) != 1 or self._stem_used(stems[0]):
            return []
        folded = word.lower()
        for tail in DERIVING_TAILS:
            base = folded[:-len(tail)]
            if folded.endswith(tail) and len(base) >= 4:
                found = [t for form in VERB_FORMS for t in self._terms("body", base + form)
                         if t != stems[0] and self._stem_used(t)]
                if found:
                    return list(dict.fromkeys(found))
        return []

    def _english_stopword(self, word: str, stems: list[str]) -> bool:
        """An English stopword no case uses in Danish ("the", "what"): no part of the query, as
        Danish stopwords are not. A Danish word that is an English stopword stays when a case
        uses it or it names a facet label ("by": By, bolig og landdistrikter)."""
        if "summary_en" not in self.schema or self.lexicon is None or len(stems) != 1:
            return False
        return (not self._terms("summary_en", word) and not self.lexicon.known(_fold_key(word))
                and self._topic_query(word, stems, [], 1.0) is None)

    def _english(self, text: str, boost: float) -> list[wq.Query]:
        """``text`` in the English summary, analysed as English ("elderly" -> elder)."""
        if "summary_en" not in self.schema:
            return []
        terms = self._terms("summary_en", text)
        return [self._match("summary_en", terms, self.weights["summary_en"] * boost)] if terms else []

    def _compound_parts(self, exact: list[str]) -> list[str]:
        """The parts of a compound query word ("ældrepleje" -> ældre, pleje), else []. A word
        no case uses may also end in a word of the Danish dictionary ("klima|tilpasning")."""
        if len(exact) != 1 or self._splitter is None:
            return []
        unknown = self.lexicon is not None and not self.lexicon.known(exact[0])
        return self._splitter.split(exact[0], dictionary=unknown, short=False)

    def _parts_query(self, parts: list[str], boost: float) -> wq.Query:
        """Every part of a compound query word as words of one field: "ældre" and "pleje" in
        the same lead. Parts scattered over a case ("tand", "læge" and "vagt" in three places,
        or inside three other compounds) do not make a "tandlægevagt"."""
        stems = [t for part in parts for t in self._terms("body", part)]
        ways = [stems]
        if len(stems) == len(parts):
            for i, part in enumerate(parts):
                # A part no case uses, made of a verb: "cykel|pendling" as cykel + pendlere.
                ways += [stems[:i] + [derived] + stems[i + 1:]
                         for derived in self._derived_stems(part, [stems[i]])]
        return wq.Or([self._all_of(f, way, w) for way in ways for f, w in self.field_boosts.items()],
                     boost=boost)

    def _topic_query(self, word: str, stems: list[str], parts: list[str],
                     boost: float) -> wq.Query | None:
        """Facet values whose label names this word: "ældre", "ældrepleje" as ældre + pleje,
        "medarbejderdrevne" as an inflection of "Medarbejderdrevet", "North" of "North Denmark
        Region" (the English label, by English stems)."""
        topics = self._topics_of(word, stems, parts)
        terms = [wq.Term(facet, value) for facet, value in topics]
        if not terms:
            return None
        return wq.ConstantScoreQuery(wq.Or(terms), score=self.weights["topic"] * boost)

    def _topics_of(self, word: str, stems: list[str] | None = None,
                   parts: list[str] | None = None) -> tuple[tuple[str, str], ...]:
        """(facet, value) of the labels that name ``word`` (see :meth:`_topic_query`)."""
        if stems is None:
            known = self._topic_matches.get((word,))
            if known is not None:
                return known
            stems = self._terms("body", word)
            parts = self._compound_parts(self._terms("title_exact", word))
            topics = self._topics_of(word, stems, parts)
            self._topic_matches.put((word,), topics)
            return topics
        key = (word, tuple(stems), tuple(parts or ()))
        topics = self._topic_matches.get(key)
        if topics is None:
            topics = tuple(dict.fromkeys(self._named_topics(word, stems, parts or [])))
            self._topic_matches.put(key, topics)
        return topics

    def _label_neighbours(self, word: str, neighbours: list[str]) -> wq.Query | None:
        """The facet values another word of the query names when ``word`` is one of the words
        their label shares with the facet's other labels: "Denmark" in "North Denmark" (North
        Denmark Region), "Region" in "Region Midtjylland"."""
        named = {t for n in neighbours for t in self._topics_of(n)}
        if not named:
            return None
        danish = frozenset(self._terms("body", word))
        english = frozenset(self._terms("summary_en", word)) if "summary_en" in self.schema else frozenset()
        found = []
        for topic in self._topics:
            own = danish if topic.field == "body" else english
            if (topic.facet, topic.value) in named and own and own <= topic.full \
                    and not own <= topic.stems:
                found.append(wq.Term(topic.facet, topic.value))
        if not found:
            return None
        return wq.ConstantScoreQuery(wq.Or(found), score=self.weights["topic"])

    def _named_topics(self, word: str, stems: list[str], parts: list[str]):
        wanted = [("body", frozenset(stems))]
        if parts:
            wanted.append(("body", frozenset(t for part in parts for t in self._terms("body", part))))
        if "summary_en" in self.schema:
            wanted.append(("summary_en", frozenset(self._terms("summary_en", word))))
        folded = _fold_key(word)
        # A label's stem that the word is, inflected: "medarbejderdrevne" of "medarbejderdrev".
        inflected = uninflected(folded, least=4)
        found = set()
        for field, words in wanted:
            for stem in words:
                found.update(i for i in self._stem_topics.get((field, stem), ())
                             if words <= self._topics[i].stems)
        for stem in inflected:
            found.update(self._stem_topics.get(("body", stem), ()))
        for i in sorted(found):
            yield self._topics[i].facet, self._topics[i].value

    def _expansions(self, exact: str, stems: list[str], boost: float,
                    typed: str = "") -> list[wq.Query]:
        """Typo corrections and longer compounds, from the index's own words (``exact`` is the
        word folded, ``typed`` as the visitor wrote it)."""
        edits = self.relevance.max_edits(exact)
        cap = self.relevance.max_expansions
        if self.lexicon is None:
            if not edits:
                return []
            return [CappedFuzzyTerm("exact", exact, boost=self.weights["fuzzy"] * boost,
                                    maxdist=edits, prefixlength=1).capped(cap)]
        alts: list[wq.Query] = []
        # A word no case uses gets the nearest words the cases do use, unless it is a Danish
        # word spelled right: "vejer" (weighs) is no typo for "veje" (roads).
        if edits and not self.lexicon.known(exact) and not is_danish_word(typed or exact):
            for near in self.lexicon.nearest(exact, edits) + self._near_synonym_keys(exact, edits):
                alts.extend(self._with_synonyms(near, expand=False, thesaurus=False,
                                                boost=self.weights["near"] * boost))
        if len(exact) >= 5 and self.lexicon.frequency(exact) <= self.relevance.affix_max_cases:
            longer = self.lexicon.starting_with(exact, cap)
            for tail in INFLECTED_TAILS:
                longer += self.lexicon.ending_with(exact + tail, cap)
            words = [w for w in dict.fromkeys(longer) if self._terms("body", w) != stems]
            if words:
                alts.append(wq.Or([wq.Term("exact", w) for w in words[:cap]],
                                  boost=self.weights["affix"] * boost))
        return alts

    def _near_synonym_keys(self, exact: str, edits: int) -> list[str]:
        """Words config gives synonyms for that ``exact`` (folded) is a typo of: "selvbetjenning"
        for "selvbetjening", a word visitors use that no case does."""
        return [key for key in self.synonyms
                if " " not in key and key != exact and not self.lexicon.known(key)
                and Levenshtein.distance(key, exact, score_cutoff=edits) <= edits]

    @staticmethod
    def _all_of(fieldname: str, terms: list[str], boost: float) -> wq.Query:
        if len(terms) == 1:
            return wq.Term(fieldname, terms[0], boost=boost)
        return wq.And([wq.Term(fieldname, t) for t in terms], boost=boost)

    def _with_synonyms(self, word: str, expand: bool, boost: float = 1.0,
                       thesaurus: bool = True) -> list[wq.Query]:
        """The word's own matches and its synonyms': from config when it has any there (they
        win), else (for a word the visitor typed, not a near spelling of it) from the Danish
        thesaurus (:meth:`thesaurus_synonyms`)."""
        alts = self._word_alternatives(word, expand=expand, boost=boost)
        synonyms = self.synonyms_of(word)
        weight = self.weights["synonym"]
        if synonyms is None:
            synonyms = self.thesaurus_synonyms(word) if thesaurus else []
            weight = self.weights["thesaurus"]
        for synonym in synonyms:
            alts.extend(self._word_alternatives(synonym, expand=False, boost=weight * boost))
        return alts

    def synonyms_of(self, word: str) -> list[str] | None:
        """The synonyms config gives ``word``, also inflected: "universiteterne" has those of
        "universitet" (a word whose Danish stem is the stem of a one-word entry, or the entry
        with an inflection's ending: Snowball stems "universiteter" and "universitet" apart).
        None when config gives none."""
        key = _fold_key(word)
        found = self.synonyms.get(key)
        if found is None:
            found = next((self.synonyms[b] for b in uninflected(key) if b in self.synonyms), None)
        if found is None and "body" in self.schema:
            if self._synonym_stems is None:
                self._synonym_stems = {}
                for key, values in self.synonyms.items():
                    stems = tuple(self._terms("body", key))
                    if " " not in key and len(stems) == 1:
                        self._synonym_stems.setdefault(stems, values)
            found = self._synonym_stems.get(tuple(self._terms("body", word)))
        return found

    def thesaurus_synonyms(self, word: str) -> list[str]:
        """Synonyms from the Danish thesaurus, kept from flooding the results: only for a word
        (not a stopword) whose stem at most ``thesaurus_max_cases`` cases use, and only
        synonyms the cases use that are no stopwords ("sygehus" -> hospital). The thesaurus
        lists single words, both ways, for words with at most three synonyms (see
        tools/language_data.py)."""
        if self.lexicon is None:
            return []
        stems = self._terms("body", word)
        if len(stems) != 1 or self._cases_with("body", stems[0]) > self.relevance.thesaurus_max_cases:
            return []
        key = _fold_key(word)
        table = thesaurus()
        found = next((table[b] for b in [key, *uninflected(key)] if b in table), ())
        return [s for s in found if self._terms("body", s) and self._used(_fold_key(s))]

    def _stem_used(self, stem: str) -> bool:
        """Whether some case has the Danish stem in one of the searched fields."""
        return any(self._cases_with(f, stem) for f in self.field_boosts)

    def _cases_with(self, fieldname: str, term: str) -> int:
        return self.lexicon.reader.doc_frequency(fieldname, term)

    def _used(self, word: str) -> bool:
        """Whether some case uses ``word`` (folded), maybe inflected."""
        return any(self.lexicon.known(word + tail) for tail in INFLECTED_TAILS)

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
            head = self.lexicon.longest_known_tail(exact[0]) or self.lexicon.known_last_part(exact[0])
        if head is None or len(head) < 4:
            return None
        # The head and its inflections as written (robot, robotter, robotten), not its stem:
        # the stem of "opgørelse" is also the stem of the verb "opgør".
        start = head[:-1] if head.endswith("e") and len(head) > 4 else head
        cap = self.relevance.max_expansions
        if self.lexicon is not None:
            # ... but not the forms of another word that only look alike: "lægge" for "læge".
            longer = self.lexicon.starting_with(start, cap)
            own = self._terms("body", head)
            foreign = {w for w in longer if self._terms("body", w) != own
                       and set(self._terms("body", w)) & HOMOGRAPH_TERMS}
            if foreign:
                words = [w for w in [start, *longer] if self.lexicon.known(w) and w not in foreign]
                return wq.Or([wq.Term("exact", w) for w in words[:cap]],
                             boost=self.weights["head"]) if words else None
        return CappedPrefix("exact", start, boost=self.weights["head"]).capped(cap)

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
        return [query for _, query in self.labelled_parts(parsed, widen)]

    def labelled_parts(self, parsed: UserQuery, widen: bool = False) -> list[tuple[str, wq.Query]]:
        """(the words as typed, their query) per word and per phrase (see :meth:`part_queries`).

        Question and filler words ("hvordan", "kan", "man", see ``Relevance.filler_words``) and
        the section headings every case has ("Udfordringen", "resultater") are left out when
        other words remain: "hvordan kan man få ledige i job" searches for "ledige job". A query
        of only such words is searched as typed."""
        parts = []
        groups = self._synonym_groups(parsed.words)
        if any(len(g) > 1 or not self.is_filler(g[0]) for g in groups):
            groups = [g for g in groups if len(g) > 1 or not self.is_filler(g[0])]
        words = [w for g in groups for w in g]
        at = 0
        for group in groups:
            at += len(group)
            named = self._named_search(group)
            if named is not None:
                parts.append((" ".join(group), self._named_query(group, named)))
                continue
            if len(group) > 1:
                parts.append((" ".join(group), self._group_query(group)))
                continue
            word = group[0]
            query = self.word_query(word)
            label = self._label_neighbours(word, words[:at - 1] + words[at:])
            if label is not None:
                query = wq.Or([query, label]) if query is not None else label
            head = self.head_query(word) if widen and query is not None else None
            parts.append((word, wq.Or([query, head]) if head is not None else query))
        parts += [(f'"{p}"', self.phrase_query(p)) for p in parsed.phrases]
        return [(label, query) for label, query in parts if query is not None]

    def is_weak(self, label: str) -> bool:
        """An English stopword a case happens to use ("in", "to"): not required, and it never
        decides a widened search (see matching.widened). A Danish word that names a facet
        label ("by": By, bolig og landdistrikter) is not weak."""
        return label.lower() in ENGLISH_STOPWORDS and not any(
            topic.field == "body" for topic in self._topics
            if (topic.facet, topic.value) in self._topics_of(label))

    def names_organisation(self, label: str, cases: int) -> bool:
        """Whether a word of the query, which ``cases`` cases have, is mostly a word of their
        organisation ("aalborg", "kriminalforsorgen"; not "ældre", which one organisation's
        name has and 18 cases' texts): it names where a need is met, not the need."""
        if "organisation" not in self.schema or self.lexicon is None or " " in label:
            return False
        stems = self._terms("organisation", label)
        return len(stems) == 1 and 2 * self._cases_with("organisation", stems[0]) >= max(cases, 1)

    def is_filler(self, word: str) -> bool:
        """A question or filler word, or a word for a section heading every case has."""
        if _fold_key(word) in self._fillers:
            return True
        stems = self._terms("body", word)
        return bool(stems) and (set(stems) <= self._heading_stems or set(stems) <= self._filler_stems)

    def _synonym_groups(self, words: list[str]) -> list[list[str]]:
        """The words, with runs that form a several-word synonym ("kunstig intelligens") or
        name a theme ("genbrug og del") kept together, longest run first."""
        longest = max([key.count(" ") + 1 for key in self.synonyms if " " in key]
                      + [self._named_longest, 1])
        groups, i = [], 0
        while i < len(words):
            for size in range(min(longest, len(words) - i), 1, -1):
                run = words[i:i + size]
                if _fold_key(" ".join(run)) in self.synonyms or self._named_search(run) is not None:
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
        return CappedPrefix("exact", terms[0]).capped(self.relevance.max_expansions)
