""""Mente du": a better spelling of what was typed, from the published cases' own words.

Only words of published cases count (:func:`published_words`): a word that only a draft uses
is never offered, nor does it make a typed word count as known. A correction is offered only
when it is likely to find something better:

- a word with æ/ø/å written without them ("Tonder", "aeldre") gets the cases' spelling;
- another word gets the nearest spelling the cases use, within the edits typo tolerance allows
  for its length, unless the word is an inflection of a word the cases use ("læsegruppe" beside
  "læsegrupper", "hjemløs" beside "hjemløse"): it already finds those cases; nor when it is a
  word of the Danish dictionary spelled right ("vejede" is no typo for "vejene");
- the corrected query must find cases, at least as many as the typed one.

Words, phrases and exclusions are corrected each in its place (:meth:`.query.UserQuery.corrected`),
so ``Tonder -skolr`` becomes ``Tønder -skole``, never ``Tønder skole``.
"""
from __future__ import annotations

import time

from whoosh.support.levenshtein import distance

from indexer.analysis import analyse, fold_danish, is_danish_word

from .compat import whoosh_corrections
from .expansion import INFLECTED_TAILS, uninflected
from .lexicon import WordList
from .matching import match
from .query import UserQuery
from .snapshot import IndexView

FIELD = "spell"


class OutOfTime(Exception):
    """The time for "Mente du" ran out: the page goes without it."""


def published_words(view: IndexView) -> WordList:
    """The spelling field's words with how many published cases use them (and how often): the
    index's own counts, with the words drafts use counted again over published cases only."""
    return view.memo(("published words", FIELD), lambda: _published_words(view),
                     weigh=lambda words: 200 * len(words.sorted), pool="words")


def _published_words(view: IndexView) -> WordList:
    reader = view.searcher.reader()
    words = WordList.of(reader, FIELD)
    drafts = view.derived.live - view.derived.published
    if not drafts:
        return words
    analyzer = view.searcher.schema[FIELD].analyzer
    in_drafts: set[str] = set()
    for docnum in drafts:
        stored = view.searcher.stored_fields(docnum)
        text = "\n".join(str(stored.get(f, "")) for f in ("title", "lead", "organisation", "body"))
        in_drafts.update(t.text for t in analyzer(text))
    doc_frequency, frequency = dict(words.doc_frequency), dict(words.frequency)
    published = view.derived.published
    for word in in_drafts & doc_frequency.keys():
        cases, weight = 0, 0.0
        matcher = reader.postings(FIELD, word)
        while matcher.is_active():
            if matcher.id() in published:
                cases += 1
                weight += matcher.weight()
            matcher.next()
        if cases:
            doc_frequency[word], frequency[word] = cases, weight
        else:
            del doc_frequency[word], frequency[word]
    return WordList(None, FIELD, counts=(doc_frequency, frequency))


def spelling_candidates(words: WordList, word: str, limit: int = 5, maxdist: int = 2) -> list[str]:
    """What Whoosh's ``corrector("spell").suggest(word, limit, maxdist, prefix=1)`` returns,
    from the word list in memory: words within ``maxdist`` edits, the ``limit`` most frequent
    (Whoosh scores every candidate with ``maxdist``, not its own distance), alphabetically
    among equals."""
    scored = sorted(((-(maxdist + 0.5 / (words.frequency.get(w) or 1)), w)
                     for w in words.within(word, maxdist)), reverse=True)[:limit]
    return [w for _, w in sorted(scored, key=lambda item: (-item[0], item[1]))]


def _candidates(view: IndexView, words: WordList, word: str) -> list[str]:
    if view.reference:  # Whoosh's corrector, kept to the published cases' words
        return [c for c in whoosh_corrections(view.searcher.reader(), FIELD, word, 5, 2)
                if words.doc_frequency.get(c)]
    return spelling_candidates(words, word)


def _inflection_known(view: IndexView, words: WordList, word: str) -> bool:
    """Whether the cases use another form of ``word``, spelled as typed up to its ending:
    the word with a Danish ending ("hjemløs" -> "hjemløse"), another ending in place of its
    own ("læsegruppe" -> "læsegrupper"), or the same stem with the same letters before the
    ending."""
    bases = {word, *uninflected(word)}
    if any(words.doc_frequency.get(base + tail) for base in bases for tail in INFLECTED_TAILS
           if base + tail != word):
        return True
    analyzer = view.searcher.schema["body"].analyzer
    stems = analyse(analyzer, word)
    if len(stems) != 1:
        return False
    head = word[:max(3, len(word) - 2)]
    return any(other != word and analyse(analyzer, other) == stems
               for other in words.starting_with(head, 200))


def correction(view: IndexView, words: WordList, word: str) -> str | None:
    """A spelling the published cases use for ``word``, or None when it is fine or nothing
    better is close."""
    bare = word.lower()
    if len(bare) < 3 or words.frequency.get(bare):
        return None
    candidates = [c for c in _candidates(view, words, bare) if c != bare]
    folded = fold_danish(bare)
    chosen = next((c for c in candidates if fold_danish(c) == folded), None)
    if chosen is None:
        if _inflection_known(view, words, bare) or is_danish_word(bare):
            return None  # an inflection of a word the cases use, or a Danish word spelled right
        allowed = view.relevance.max_edits(folded)
        chosen = next((c for c in candidates if distance(c, bare) <= allowed), None)
    if chosen is None:
        return None
    return chosen[:1].upper() + chosen[1:] if word[:1].isupper() else chosen


def did_you_mean(view: IndexView, parsed: UserQuery, found: int, deadline: float) -> str | None:
    """The corrected query, offered when it finds at least as many cases as the typed one (and
    some): "Mente du Tønder?" for "Tonder". OutOfTime past ``deadline`` (``perf_counter``)."""
    words = published_words(view)

    def fix(word: str) -> str | None:
        if time.perf_counter() > deadline:
            raise OutOfTime
        return view.memo(("correction", word), lambda: correction(view, words, word))

    corrected = parsed.corrected(fix)
    if corrected.parts == parsed.parts:
        return None
    if time.perf_counter() > deadline:
        raise OutOfTime
    docs = match(view, corrected).docs
    return corrected.text() if docs and len(docs) >= found else None
