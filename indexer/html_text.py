"""Small helpers shared by the legacy-page modules: which tags are blocks, and an element's text.

Text is joined the way a browser lays it out: block elements (and ``<br>``) separate words,
inline elements do not, so ``<em>Madmod</em>s`` reads "Madmods", not "Madmod s".
"""
from __future__ import annotations

import re

from bs4 import NavigableString, Tag
from bs4.element import Comment, ProcessingInstruction, Declaration, Doctype, CData

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu", "nav", "noframes",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    "caption", "legend", "br",
})
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SPACES = re.compile(r"\s+")
_SKIPPED_STRINGS = (Comment, ProcessingInstruction, Declaration, Doctype, CData)


def is_block(node) -> bool:
    return isinstance(node, Tag) and node.name in BLOCK_TAGS


def text_of(node) -> str:
    """The visible text of ``node``, words separated only where blocks or ``<br>`` separate them."""
    if node is None:
        return ""
    if isinstance(node, NavigableString):
        return "" if isinstance(node, _SKIPPED_STRINGS) else _SPACES.sub(" ", str(node)).strip()
    parts: list[str] = []
    _collect(node, parts)
    return _SPACES.sub(" ", "".join(parts)).strip()


def _collect(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, Tag):
            block = child.name in BLOCK_TAGS
            if block:
                parts.append(" ")
            _collect(child, parts)
            if block:
                parts.append(" ")
        elif not isinstance(child, _SKIPPED_STRINGS):
            parts.append(str(child))


def attr_words(tag: Tag) -> str:
    """The element's class and id as one lowercase string (for chrome and content patterns)."""
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    # Drupal's field-type-* and field-label-* name a field's data type and label, not its role.
    classes = [c for c in classes if not c.startswith(("field-type-", "field-label-"))]
    return " ".join([*classes, tag.get("id") or ""]).lower()


def describe(tag: Tag) -> str:
    """``<div id="indhold" class="a b">`` as people would recognise it in the page source."""
    if not isinstance(tag, Tag):
        return "(text)"
    bits = [tag.get("data-was") or tag.name]
    if tag.get("id"):
        bits.append(f'id="{tag["id"]}"')
    classes = tag.get("class")
    if classes:
        bits.append('class="' + (" ".join(classes) if isinstance(classes, list) else classes) + '"')
    return "<" + " ".join(bits) + ">"


def levels_above(ancestor: Tag, tag: Tag) -> int | None:
    """How many levels ``ancestor`` sits above ``tag`` (0: its parent), or None if it does not."""
    for n, parent in enumerate(tag.parents):
        if parent is ancestor:
            return n
    return None


def common_ancestor(a: Tag, b: Tag) -> Tag:
    """The lowest element holding both ``a`` and ``b``."""
    chain = {id(a): a, **{id(p): p for p in a.parents}}
    if id(b) in chain:
        return b
    for parent in b.parents:
        if id(parent) in chain:
            return parent
    return b
