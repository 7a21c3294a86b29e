"""What a visitor typed, read once: words, "quoted phrases" and -excluded words or phrases.

We do not hand user input to Whoosh's query parser: its syntax (``field:``, ``*``, ``~``,
``AND``) would let a visitor run queries we cannot bound. :func:`parse_user_query` reads the
text into a :class:`UserQuery` that keeps every part as typed, so a part can be corrected
("Mente du") and the query written back faithfully: a phrase keeps its quotes, an exclusion
its minus (:meth:`UserQuery.corrected`, :meth:`UserQuery.text`). The Danish expansions of each
word (stems, compounds, synonyms, near spellings) are made in :mod:`.expansion`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from .relevance import DEFAULT, Relevance

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
_STRIP = ".,;:!?()[]{}'`´^*~+&|<>=\\/"
_WORD_RE = re.compile(r"\S+")


@dataclass(frozen=True)
class Part:
    """One part of a query: a word or a phrase, wanted or excluded, as typed (``raw``) and as
    searched (``text``: a word without surrounding punctuation, a phrase without quotes)."""

    text: str
    raw: str
    phrase: bool = False
    excluded: bool = False

    def corrected(self, fix: Callable[[str], str | None]) -> "Part":
        """This part with each word ``fix`` corrects replaced (None: keep it); the quotes,
        the minus and the punctuation around a word stay."""
        if self.phrase:
            text = _WORD_RE.sub(lambda m: fix(m.group(0)) or m.group(0), self.text)
            return replace(self, text=text, raw=f'{"-" if self.excluded else ""}"{text}"')
        core = self.text.strip('-"')
        better = fix(core) if core else None
        if not better or better == core:
            return self
        at = self.raw.find(core)
        text = self.text.replace(core, better, 1)
        return replace(self, text=text, raw=self.raw[:at] + better + self.raw[at + len(core):])


@dataclass(frozen=True)
class UserQuery:
    parts: tuple[Part, ...] = ()
    relevance: Relevance = DEFAULT

    @property
    def words(self) -> list[str]:
        return [p.text for p in self.parts if not p.phrase and not p.excluded][:self.relevance.max_words]

    @property
    def phrases(self) -> list[str]:
        return [p.text for p in self.parts if p.phrase and not p.excluded][:self.relevance.max_phrases]

    @property
    def excluded(self) -> list[str]:
        return [p.text for p in self.parts if p.excluded][:self.relevance.max_excluded]

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases)

    def corrected(self, fix: Callable[[str], str | None]) -> "UserQuery":
        """The query with the words ``fix`` corrects (in phrases and exclusions too) replaced."""
        return replace(self, parts=tuple(p.corrected(fix) for p in self.parts))

    def text(self) -> str:
        """The query written back as a visitor would type it."""
        return " ".join(p.raw for p in self.parts)


def parse_user_query(text: str, relevance: Relevance = DEFAULT) -> UserQuery:
    """Words, "phrases" and -excluded words; an unclosed quote counts as plain words; a minus
    before the first word is no exclusion (nothing to exclude from)."""
    if text.count('"') % 2:
        text = text.replace('"', " ")
    parts: list[Part] = []
    has_words = False
    for neg_phrase, phrase, neg_word, word in _TOKEN_RE.findall(text):
        if phrase:
            parts.append(Part(phrase, f'{neg_phrase}"{phrase}"', phrase=True, excluded=bool(neg_phrase)))
        elif word:
            stripped = word.strip(_STRIP)
            if not stripped:
                continue
            excluded = bool(neg_word) and has_words
            parts.append(Part(stripped, neg_word + word, excluded=excluded))
            has_words = has_words or not excluded
    return UserQuery(tuple(parts), relevance)
