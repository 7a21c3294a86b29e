"""Case text to safe HTML and to plain text.

Everything a page shows as HTML passes through :func:`sanitise` on its way into the index, so
templates can mark it safe. The allowlist is explicit: nh3's defaults keep images, which a case
page does not need and which would leak visitors to other hosts.

Markdown is read by markdown-it-py (CommonMark with tables), whose parser takes time in
proportion to the text however its brackets and emphasis marks nest; the earlier renderer took
99 s over a 40 KB body of nested brackets. The editor's preview renders at most
``MAX_PREVIEW_CHARS`` characters, the most a case body may hold.
"""
from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_block import list_block

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "a",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "code", "pre",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(fragment: str) -> str:
    """HTML that can be shown as is: only the allowlisted tags, links to http(s)/mailto only."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    ).strip()


MAX_PREVIEW_CHARS = 40_000
"""The longest body a case may have (``indexer/record.py``), and so the most a preview renders."""

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


def _list_after_blank_line(state, start_line: int, end_line: int, silent: bool) -> bool:
    """A list starts after a blank line only, as in the renderer the cases were written for: a
    line wrapped before a date ("1. november 2013") stays part of its paragraph. Inside a list,
    the next item still ends the one before."""
    if silent and state.parentType == "paragraph" and state.listIndent < 0:
        return False
    return list_block(state, start_line, end_line, silent)


_MARKDOWN.block.ruler.at("list", _list_after_blank_line,
                         {"alt": ["paragraph", "reference", "blockquote"]})


def markdown_to_html(text: str) -> str:
    """A case body (Markdown) as sanitised HTML; headings start at h2 under the page's h1."""
    rendered = _MARKDOWN.render(text)
    rendered = re.sub(r"<(/?)h1>", r"<\1h2>", rendered)
    return sanitise(rendered)


def preview_html(text: str) -> str:
    """What the editor's preview shows: the body as a page would, cut at ``MAX_PREVIEW_CHARS``."""
    return markdown_to_html(text[:MAX_PREVIEW_CHARS])


_TAG_RE = re.compile(r"<[^>]+>")
_BLOCK_RE = re.compile(r"</(p|h\d|li|dd|dt|tr|blockquote|pre)>|<br\s*/?>", re.I)
_SPACE_RE = re.compile(r"[ \t\r\f\v]+")


def html_to_text(fragment: str) -> str:
    """Plain text of sanitised HTML, one block a line (for indexing and snippets)."""
    text = _BLOCK_RE.sub("\n", fragment)
    text = html.unescape(_TAG_RE.sub("", text))
    lines = (_SPACE_RE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
