"""Highlighting with remembered tokens: Whoosh's highlighter, minus the repeated analysis.

Whoosh highlights a hit by analysing its stored text again (tokenise, fold, split compounds,
stem) and marking the tokens that equal a matched word. The analysis was most of a search's
time (about 1 ms per text at 150 words, several texts per hit), and it does not depend on the
query: a case's body gives the same tokens for every search. So each (case, field, text) is
analysed once per index state and its tokens replayed for the next search that shows the case;
marking, fragments and formatting stay Whoosh's own, so the snippet is the same.
"""
from __future__ import annotations

from whoosh.analysis import Token
from whoosh.highlight import Highlighter, set_matched_filter, top_fragments

from .index_access import IndexView


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


def highlight(view: IndexView, hit, fieldname: str, source: str, text: str, top: int = 2) -> str:
    """What ``hit.highlights(fieldname, text=text, top=top)`` returns, for a field that stores
    no character positions; ``source`` names the stored text (it keys the remembered tokens)."""
    results = hit.results
    field = results.searcher.schema[fieldname]
    words = frozenset(field.from_bytes(term) for name, term in results.matched_terms()
                      if name == fieldname)
    highlighter: Highlighter = results.highlighter
    tokens = set_matched_filter(_replay(_tokens(view, hit.docnum, fieldname, source, text)), words)
    tokens = highlighter._merge_matched_tokens(tokens)
    fragments = highlighter.fragmenter.fragment_tokens(text, tokens)
    fragments = top_fragments(fragments, top, highlighter.scorer, highlighter.order, minscore=1)
    return highlighter.formatter.format(fragments)
