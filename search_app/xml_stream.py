"""XML written piece by piece, byte for byte as ElementTree writes the same document whole.

The sitemap and the feed are sent as they are written (a sitemap of 10,000 cases starts at once
and is never held whole). Each piece is a string made by the functions below, which escape text
and attributes exactly as ``xml.etree.ElementTree`` does (``&``, ``<``, ``>`` in text; also
``"``, CR, LF and tab in attributes), so the document is well-formed and identical to the one
ElementTree builds; the tests parse both and compare them byte for byte.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from flask import Response, stream_with_context

DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
"""What ``ElementTree.tostring(..., encoding="utf-8", xml_declaration=True)`` starts with."""


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str) -> str:
    return (escape_text(value).replace('"', "&quot;").replace("\r", "&#13;")
            .replace("\n", "&#10;").replace("\t", "&#09;"))


def _attributes(attributes: dict[str, str]) -> str:
    return "".join(f' {name}="{escape_attribute(value)}"' for name, value in attributes.items())


def start(tag: str, attributes: dict[str, str] | None = None) -> str:
    """The start tag ``<tag a="…">`` (its children and end tag follow)."""
    return f"<{tag}{_attributes(attributes or {})}>"


def empty(tag: str, attributes: dict[str, str] | None = None) -> str:
    """An element without content, written as ElementTree does: ``<tag a="…" />``."""
    return f"<{tag}{_attributes(attributes or {})} />"


def element(tag: str, text: str | None, attributes: dict[str, str] | None = None) -> str:
    """``<tag>text</tag>``; an empty or missing text gives ``<tag />`` as in ElementTree."""
    if not text:
        return empty(tag, attributes)
    return f"{start(tag, attributes)}{escape_text(text)}</{tag}>"


def encoded(pieces: Iterable[str]) -> bytes:
    """The pieces as UTF-8, characters UTF-8 cannot hold as references (as ElementTree does)."""
    return "".join(pieces).encode("utf-8", "xmlcharrefreplace")


def streamed(chunks: Iterator[bytes], content_type: str) -> Response:
    """A response sent as ``chunks`` are made. The first chunk is made before the response is
    returned, so a failure there is still answered with the site's usual error page (not a
    document cut off after its headers)."""
    first = next(chunks)

    def resumed() -> Iterator[bytes]:
        yield first
        yield from chunks

    return Response(stream_with_context(resumed()), content_type=content_type)
