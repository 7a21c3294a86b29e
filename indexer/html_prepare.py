"""Preparing a saved page for reading: what a browser would not show goes, a form wrapping the
whole page is opened, and tables that only lay out the page become plain blocks.

A data table (with ``th``, a caption or a ``thead``, no blocks in its cells) stays a table.
"""
from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment

from .html_text import describe, text_of

INVISIBLE_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "link", "meta",
    "input", "select", "textarea", "button", "img", "map", "area", "canvas", "video", "audio",
    "frame", "frameset", "noframes", "applet", "param", "head",
)


def _drop_invisible(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(INVISIBLE_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        style = (tag.get("style") or "").replace(" ", "").lower()
        if tag.has_attr("hidden") or "display:none" in style or "visibility:hidden" in style:
            tag.decompose()


def _unwrap_forms(soup: BeautifulSoup, notes: list[str]) -> None:
    """A form wrapping the page (ASP.NET WebForms) is unwrapped; a small form is chrome."""
    for form in soup.find_all("form"):
        if form.decomposed:
            continue
        if len(text_of(form)) >= 400 or form.find(["p", "h1", "h2", "article", "table"]):
            form.unwrap()
        else:
            notes.append(f"removed {describe(form)} (a form: {text_of(form)[:40]!r})")
            form.decompose()


def _cells(row: Tag) -> list[Tag]:
    return [c for c in row.find_all(["td", "th"], recursive=False)]


def _own_rows(table: Tag) -> list[Tag]:
    rows = table.find_all("tr", recursive=False)
    for part in table.find_all(["tbody", "thead", "tfoot"], recursive=False):
        rows += part.find_all("tr", recursive=False)
    return rows


def _is_layout_table(table: Tag) -> str | None:
    """Why ``table`` lays out the page rather than holds data, or None for a data table."""
    if (table.get("role") or "").lower() == "presentation":
        return 'role="presentation"'
    if table.find("table"):
        return "it holds another table"
    rows = _own_rows(table)
    cells = [c for r in rows for c in _cells(r)]
    if any(c.find(["p", "div", "h1", "h2", "h3", "h4", "ul", "ol", "form", "blockquote", "dl"])
           for c in cells):
        return "its cells hold paragraphs, lists or headings"
    if table.find(["th", "caption", "thead"]):
        return None
    if len(rows) <= 1 or all(len(_cells(r)) <= 1 for r in rows):
        return "it has one row or one column"
    if any(len(text_of(c)) > 300 for c in cells):
        return "its cells hold long text"
    return None


def _flatten_layout_tables(soup: BeautifulSoup, notes: list[str]) -> None:
    for table in soup.find_all("table"):
        why = _is_layout_table(table)
        if not why:
            continue
        notes.append(f"flattened layout table {describe(table)} ({why})")
        for part in [table, *table.find_all(["tbody", "thead", "tfoot", "tr", "td", "th"])]:
            if part.find_parent("table") not in (None, table) and part is not table:
                continue  # a nested table decides for itself
            part["data-was"] = part.name
            part.name = "div"


def prepare(soup: BeautifulSoup, notes: list[str]) -> None:
    """Drop what is not shown, open page-wide forms, flatten layout tables (``notes`` says what)."""
    _drop_invisible(soup)
    _unwrap_forms(soup, notes)
    _flatten_layout_tables(soup, notes)
