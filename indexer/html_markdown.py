"""A legacy page's body (sanitised HTML) as Markdown, for the editor to review and keep.

Markdown reads some plain text as markup: a paragraph starting with a date ("17. september 2009")
would become a numbered list showing "1. september 2009", one starting with "- " a bullet. Such
starts are escaped, so the text stays text.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString
from markdownify import markdownify

_LIST_START_RE = re.compile(r"^(\s*)(\d+)\.(\s)|^(\s*)([-+*])(\s)")
_TEXT_BLOCKS = ("p", "h2", "h3", "h4", "dd", "dt", "td", "th", "blockquote")


def _clean(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def _escape(match: re.Match) -> str:
    if match.group(2):
        return f"{match.group(1)}{match.group(2)}\\.{match.group(3)}"
    return f"{match.group(4)}\\{match.group(5)}{match.group(6)}"


def _escape_list_starts(fragment: str) -> str:
    soup = BeautifulSoup(fragment, "html.parser")
    for block in soup.find_all(_TEXT_BLOCKS):
        first = next((s for s in block.descendants if isinstance(s, NavigableString) and s.strip()), None)
        if first is not None and _LIST_START_RE.match(first):
            first.replace_with(_LIST_START_RE.sub(_escape, str(first), count=1))
    return str(soup)


def html_to_markdown(fragment: str) -> str:
    """A legacy page's (sanitised) body as Markdown for the editor to review."""
    text = markdownify(_escape_list_starts(fragment), heading_style="ATX", bullets="-",
                       strip=["span", "div"])
    text = re.sub(r"\n{3,}", "\n\n", text)
    return _clean(text)
