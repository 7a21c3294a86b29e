"""Highlighting with remembered tokens: Whoosh's highlighter, minus the repeated analysis.

Whoosh highlights a hit by analysing its stored text again (tokenise, fold, split compounds,
stem) and marking the tokens that equal a matched word. The analysis is most of the work, and
it does not depend on the query: a case's body gives the same tokens for every search. So each (case, field, text) is
analysed once per index state and its tokens kept for the next search that shows the case. The
fragments are cut by Whoosh's ContextFragmenter loop run on those tokens (Token objects
only for the marked words); scoring and formatting the fragments stay
Whoosh's own, and tests/test_scoring.py checks the result equals Whoosh's highlighter. The words
to mark are those through which the query matched the case (:meth:`.scoring.Scorer.matched_words`).
"""
from __future__ import annotations

import re
import sys
from array import array
from typing import NamedTuple

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter, Token
from whoosh.highlight import ContextFragmenter, Highlighter, HtmlFormatter

from indexer.analysis import DanishFoldFilter, DanishSyncopeFilter, WordMemo

from .compat import format_fragments, fragment_limits, make_fragment, whoosh_highlight
from .scoring import Scorer
from .snapshot import IndexView
from .stored import stored_texts

CONTEXT_FREE_FILTERS = (LowercaseFilter, StopFilter, DanishFoldFilter, CharsetFilter, StemFilter,
                        DanishSyncopeFilter, WordMemo)
"""Filters that turn each token into a term without looking at the tokens around it."""


SNIPPET_TEXTS = (("body", "body"), ("lead", "lead"), ("parts", "body"), ("exact", "body"),
                 ("parts", "lead"), ("exact", "lead"))
"""(field whose words are marked, stored text), in the order a snippet is looked for: a direct
match in the body or lead first, then compound parts and near spellings."""


def snippet_highlighter(maxchars: int) -> Highlighter:
    """Fragments of about ``maxchars`` around the marked words, joined by an ellipsis (one
    highlighter per request: its formatter keeps state while formatting)."""
    return Highlighter(fragmenter=ContextFragmenter(maxchars=maxchars, surround=50),
                       formatter=HtmlFormatter(tagname="mark", between=" … "))


class TextTokens(NamedTuple):
    """A text's tokens as Whoosh's highlighter sees them, each token's term, start and end
    character in three sequences (the fragmenter needs no more of them: not their positions,
    nor which are stopwords)."""

    terms: tuple
    starts: array
    ends: array

    def hits(self, words) -> list[int]:
        """The numbers of the tokens that are ``words``, in order."""
        return [number for number, term in enumerate(self.terms) if term in words]


def _tokens(view: IndexView, docnum: int, fieldname: str, source: str, text: str) -> TextTokens:
    def analyse() -> TextTokens:
        analyzer = view.searcher.schema[fieldname].analyzer
        forms = view.memo(("word forms", fieldname), dict, weigh=lambda found: WORD_FORMS_BYTES,
                          pool="tokens")
        found = _word_by_word(analyzer, forms, text)
        return found if found is not None else _text_tokens(_whole(analyzer, text))

    return view.memo(("tokens", docnum, fieldname, source), analyse,
                     weigh=lambda found: 200 + TOKEN_BYTES * len(found.terms), pool="tokens")


TOKEN_BYTES = 24
"""Bytes a token takes in :class:`TextTokens`: a reference to its term (one string per word,
shared) and two 4-byte numbers, rounded up."""


def _text_tokens(tokens: tuple) -> TextTokens:
    """:class:`TextTokens` of tokens as :func:`_whole` gives them (their terms interned: one
    string per word, as in the table of analysed words)."""
    return TextTokens(tuple(sys.intern(token[0]) for token in tokens),
                      array("I", (token[2] for token in tokens)), array("I", (token[3] for token in tokens)))


def _whole(analyzer, text: str) -> tuple:
    return tuple(
        (t.text, t.pos, t.startchar, t.endchar, t.stopped)
        for t in analyzer(text, positions=True, chars=True, mode="index", removestops=False)
    )


WORD_FORMS_BYTES = 1_000_000
"""Room counted for one field's table of analysed words (a few thousand words)."""


def _word_by_word(analyzer, forms: dict[str, str], text: str,
                  matches: list | None = None) -> TextTokens | None:
    """The tokens :func:`_whole` gives, with each distinct word analysed once per analyzer.

    Most of the analysis is the chain of filters run on every token (lowercase, stopwords,
    folding, stemming). Where every filter treats a token on its own, a word always becomes
    the same term, so the tokenizer's matches are looked up in a table of words already
    analysed; a text with a new word is analysed whole, and its words learnt. Analyzers whose
    filters look at neighbours (the compound splitter, which joins "pleje- og lokalcentre")
    are not context-free: None, and the caller analyses them whole. ``forms`` (word -> term) is
    the field's table.
    """
    if matches is None:
        tokenizer = _context_free_tokenizer(analyzer)
        if tokenizer is None:
            return None
        matches = list(tokenizer.expression.finditer(text))
    terms = tuple(map(forms.get, map(MATCHED, matches)))
    if None in terms:
        return _learn(analyzer, forms, text, matches)
    return TextTokens(terms, array("I", map(START, matches)), array("I", map(END, matches)))


MATCHED, START, END = re.Match.group, re.Match.start, re.Match.end


def _learn(analyzer, forms: dict[str, str], text: str, matches: list) -> TextTokens:
    """``text``'s tokens, its new words analysed and added to ``forms``.

    The filters are context-free (see :func:`_word_by_word`), so a word becomes the same term
    wherever it stands: only the words not seen before are analysed, all in one call, one
    after another with a space between (a case first shown on a large index has a few new
    words among a hundred known ones). Should that not give one token per word, exactly where
    each word stands, the whole text is analysed instead."""
    new = list(dict.fromkeys(m.group(0) for m in matches if m.group(0) not in forms))
    joined = " ".join(new)
    tokens = _whole(analyzer, joined)
    start = 0
    if len(tokens) == len(new):
        for word, token in zip(new, tokens):
            if token[2] != start or token[3] != start + len(word):
                break
            start += len(word) + 1
        else:
            for word, token in zip(new, tokens):
                forms[word] = sys.intern(token[0])
            return _word_by_word(analyzer, forms, text, matches)
    tokens = _whole(analyzer, text)
    if len(tokens) == len(matches):
        for match, token in zip(matches, tokens):
            forms[match.group(0)] = sys.intern(token[0])
    return _text_tokens(tokens)


def _context_free_tokenizer(analyzer) -> RegexTokenizer | None:
    """The analyzer's regex tokenizer when every later step treats tokens one by one."""
    items = getattr(analyzer, "items", None)
    if not items or not isinstance(items[0], RegexTokenizer) or items[0].gaps:
        return None
    if not all(type(item) in CONTEXT_FREE_FILTERS for item in items[1:]):
        return None
    return items[0]


def _merged(found: TextTokens, words: frozenset, start: int = 0):
    """The tokens from ``start`` as Whoosh's ``set_matched_filter`` and
    ``Highlighter._merge_matched_tokens`` pass them on (matched tokens that touch or overlap, as
    a compound's parts share its characters, joined into one): (next, startchar, endchar,
    matched, text, clean), where ``next`` is the token to read after this one and ``clean``
    says the stream from ``next`` on is the same as from a fresh start there."""
    group = None  # [text, startchar, endchar] of a run of matched tokens
    terms, starts, ends = found
    count = len(terms)
    for index in range(start, count):
        term, begin, end = terms[index], starts[index], ends[index]
        if term not in words:
            if group is not None:
                yield index, group[1], group[2], True, group[0], True
                group = None
            yield index + 1, begin, end, False, term, True
        elif group is None:
            group = [term, begin, end]
        elif begin <= group[2]:
            if end > group[2]:
                group[0] += term[group[2] - end:]
                group[2] = end
        else:
            yield index, group[1], group[2], True, group[0], False
            group = None
            yield index + 1, begin, end, True, term, True  # as Whoosh: not the start of a run
    if group is not None:
        yield count, group[1], group[2], True, group[0], True


def _fragments(text: str, found: TextTokens, words: frozenset, fragmenter: ContextFragmenter,
               hits: list[int]) -> list:
    """What ``fragmenter.fragment_tokens(text, merged tokens)`` yields (Whoosh's
    ContextFragmenter), worked out on the tokens' terms and characters, and only near the
    matches.

    Whoosh walks every token: outside a fragment it only keeps the starts of the tokens within
    ``surround`` characters (where a fragment would begin); inside one it counts characters
    down to the fragment's end. Here the walk jumps from the end of a fragment to the next
    matched token and works out the starts kept before it from the tokens just before; inside
    fragments it is Whoosh's loop, unchanged. Same fragments (tests/test_scoring.py), a
    fraction of the work on a long text with few matches. ``hits``: the numbers of the tokens
    that are ``words``, in order.
    """
    maxchars, surround, charlimit = fragment_limits(fragmenter)
    _, starts, ends = found
    fragments: list = []
    first = None
    countdown = -1
    matches: list = []
    endchar = None
    currentlen = 0
    resume = 0  # the next token to read
    kept_from = 0  # tokens from here on count for where a fragment begins (since the last one)
    hit = 0
    while True:
        while hit < len(hits) and hits[hit] < resume:
            hit += 1
        if hit == len(hits):
            break
        matched_at = hits[hit]
        if charlimit and ends[matched_at] > charlimit:
            break
        earliest = None  # the first start Whoosh's "firsts" would hold before this match
        if matched_at > kept_from:
            bound = ends[matched_at - 1] - surround
            index = matched_at - 1
            while index >= kept_from and starts[index] >= bound:
                earliest = starts[index]
                index -= 1
        stopped = True
        for resume, startchar, endchar, matched, term, clean in _merged(found, words, matched_at):
            length = endchar - startchar
            if charlimit and endchar > charlimit:
                break
            if currentlen + length > maxchars:
                countdown = 0
            elif matched:
                countdown = surround
                if first is None:
                    if earliest is not None:
                        first = earliest
                    else:
                        first = startchar
                        countdown += surround
                matches.append(Token(text=term, startchar=startchar, endchar=endchar, boost=1.0,
                                     matched=True))
            if countdown >= 0:
                currentlen += length
                countdown -= length
                if countdown <= 0:
                    fragments.append(make_fragment(text, matches, startchar=first, endchar=endchar))
                    matches, first, earliest, currentlen = [], None, None, 0
                    kept_from = resume
            if countdown < 0 and clean:
                stopped = False
                break
        if stopped:
            break
    if matches:
        fragments.append(make_fragment(text, matches, startchar=first, endchar=endchar))
    return fragments


def highlight(view: IndexView, highlighter: Highlighter, docnum: int, fieldname: str, source: str,
              text: str, words: frozenset, top: int = 2) -> str:
    """``text`` (the stored field ``source`` of ``docnum``, analysed as ``fieldname``) cut to the
    ``top`` fragments with the most of ``words``, those marked; "" when none is found. The same
    as Whoosh's ``Highlighter`` with a ContextFragmenter gives (tests/test_scoring.py)."""
    if not words:
        return ""
    if view.reference:
        return whoosh_highlight(highlighter, view.searcher.schema[fieldname].analyzer, text, words, top)
    found = _tokens(view, docnum, fieldname, source, text)
    hits = found.hits(words)
    if not hits:
        return ""
    fragments = _fragments(text, found, words, highlighter.fragmenter, hits)
    return format_fragments(highlighter, fragments, top)


def page_snippets(view: IndexView, text: str, q, page_docs: list[int]) -> dict[int, str]:
    """Snippets for the page's documents (remembered per query text and document)."""
    snippets = {d: view.remembered(("snippet", text, d)) for d in page_docs}
    missing = [d for d, snippet in snippets.items() if snippet is None]
    if missing:
        scorer = Scorer(view)
        highlighter = snippet_highlighter(int(view.settings.section("search")["snippet_chars"]))
        matched_words = scorer.matched_words(q, missing)
        for docnum in missing:
            snippet = (_snippet(view, highlighter, docnum, matched_words[docnum])
                       or _snippet(view, highlighter, docnum, scorer.words_in(q, docnum)))
            snippets[docnum] = snippet
            view.remember(("snippet", text, docnum), snippet, 200 + 2 * len(snippet))
    return {d: snippet or "" for d, snippet in snippets.items()}


def _snippet(view: IndexView, highlighter, docnum: int, words: set[tuple[str, str]]) -> str:
    """Highlighted text around the matches: a direct match in the body or lead first, then
    compound parts and near spellings found in the body."""
    body, lead = stored_texts(view, docnum)
    # A field in which the case matched no word would be analysed to find nothing.
    matched_fields = {fieldname for fieldname, _ in words}
    for fieldname, source in SNIPPET_TEXTS:
        text = body if source == "body" else lead
        if fieldname not in matched_fields:
            continue
        field_words = frozenset(word for name, word in words if name == fieldname)
        try:
            snippet = highlight(view, highlighter, docnum, fieldname, source, text, field_words)
        except (KeyError, ValueError):
            snippet = ""
        if snippet:
            return snippet
    return ""


def warm_case(view: IndexView, docnum: int, body: str, lead: str) -> None:
    """Analyse a case's texts for snippets ahead of its first search (see search.warm_up)."""
    for fieldname, source in SNIPPET_TEXTS:
        _tokens(view, docnum, fieldname, source, body if source == "body" else lead)
