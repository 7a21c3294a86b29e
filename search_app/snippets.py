"""Highlighting with remembered tokens: Whoosh's highlighter, minus the repeated analysis.

Whoosh highlights a hit by analysing its stored text again (tokenise, fold, split compounds,
stem) and marking the tokens that equal a matched word. The analysis was most of a search's
time (about 1 ms per text at 150 words, several texts per hit), and it does not depend on the
query: a case's body gives the same tokens for every search. So each (case, field, text) is
analysed once per index state and its tokens replayed for the next search that shows the case;
marking, fragments and formatting stay Whoosh's own. The words to mark are those through which
the query matched this case (see :meth:`.scoring.Scorer.matched_words`).
"""
from __future__ import annotations

from whoosh.analysis import Token
from whoosh.highlight import ContextFragmenter, Highlighter, HtmlFormatter, set_matched_filter, top_fragments

from .index_access import IndexView


def snippet_highlighter(maxchars: int) -> Highlighter:
    """Fragments of about ``maxchars`` around the marked words, joined by an ellipsis (one
    highlighter per request: its formatter keeps state while formatting)."""
    return Highlighter(fragmenter=ContextFragmenter(maxchars=maxchars, surround=50),
                       formatter=HtmlFormatter(tagname="mark", between=" … "))


def _tokens(view: IndexView, docnum: int, fieldname: str, source: str, text: str) -> tuple:
    """(text, pos, startchar, endchar, stopped) of every token, as Whoosh's highlighter sees them."""
    def analyse() -> tuple:
        analyzer = view.searcher.schema[fieldname].analyzer
        return tuple(
            (t.text, t.pos, t.startchar, t.endchar, t.stopped)
            for t in analyzer(text, positions=True, chars=True, mode="index", removestops=False)
        )

    return view.memo(("tokens", docnum, fieldname, source), analyse,
                     weigh=lambda found: 150 * len(found), pool="tokens")


def _replay(tokens: tuple):
    token = Token(positions=True, chars=True, removestops=False, mode="index")
    for text, pos, startchar, endchar, stopped in tokens:
        token.text, token.pos, token.startchar, token.endchar = text, pos, startchar, endchar
        token.stopped, token.boost = stopped, 1.0
        yield token


def highlight(view: IndexView, highlighter: Highlighter, docnum: int, fieldname: str, source: str,
              text: str, words: frozenset, top: int = 2) -> str:
    """``text`` (the stored field ``source`` of ``docnum``, analysed as ``fieldname``) cut to the
    ``top`` fragments with the most of ``words``, those marked; "" when none is found."""
    if not words:
        return ""
    tokens = set_matched_filter(_replay(_tokens(view, docnum, fieldname, source, text)), words)
    tokens = highlighter._merge_matched_tokens(tokens)
    fragments = highlighter.fragmenter.fragment_tokens(text, tokens)
    fragments = top_fragments(fragments, top, highlighter.scorer, highlighter.order, minscore=1)
    highlighter.formatter.seen = {}  # mark classes (term0, term1, …) count within one snippet
    return highlighter.formatter.format(fragments)
