"""Case text to safe HTML and to plain text.

Everything a page shows as HTML passes through :func:`sanitise` on its way into the index, so
templates can mark it safe. The allowlist is explicit: nh3's defaults keep images, which a case
page does not need and which would leak visitors to other hosts.
"""
from __future__ import annotations

import html
import re

import markdown
import nh3

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


def markdown_to_html(text: str) -> str:
    """A case body (Markdown) as sanitised HTML; headings start at h2 under the page's h1."""
    rendered = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    rendered = re.sub(r"<(/?)h1>", r"<\1h2>", rendered)
    return sanitise(rendered)


_TAG_RE = re.compile(r"<[^>]+>")
_BLOCK_RE = re.compile(r"</(p|h\d|li|dd|dt|tr|blockquote|pre)>|<br\s*/?>", re.I)
_SPACE_RE = re.compile(r"[ \t\r\f\v]+")


def html_to_text(fragment: str) -> str:
    """Plain text of sanitised HTML, one block a line (for indexing and snippets)."""
    text = _BLOCK_RE.sub("\n", fragment)
    text = html.unescape(_TAG_RE.sub("", text))
    lines = (_SPACE_RE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
