"""Cases that arrive as web pages exported from an old CMS (``cases/<slug>.html``).

One extraction serves ``python -m indexer import-html``, the web editor's import page and the HTML
cases in ``cases/``: the bytes are decoded as a browser would (:mod:`indexer.html_decoding`), the
content block is found by text and link density (:mod:`indexer.html_content`), then the title,
lead, metadata and body are read from it. Links are made absolute against the page's original
address, or left as plain text when it is unknown. The body is sanitised later, with every other
case body.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from .html_content import Choice, choose_content
from .html_title import find_lead, first_paragraph, title_from_head
from .html_decoding import Decoded, decode_page
from .html_text import BLOCK_TAGS, describe, text_of
from .rendering import sanitise

__all__ = ["HtmlProblem", "Decoded", "decode_page", "extract_case", "page_address", "sidecar_path",
           "slug_from_file_name", "with_page_address"]

FACT_LABELS = {
    "organisation": "organisation",
    "år": "year",
    "aar": "year",
    "kilde": "source_urls",
    "kilder": "source_urls",
    "kontakt": "contact",
    "hjemmeside": "contact_url",
}
LIST_META_FIELDS = ("innovation_type", "value", "partner", "area", "source_urls", "aliases")
_BOOLEANS = {"ja": True, "true": True, "nej": False, "false": False}
_XML_PROLOG_RE = re.compile(r"^\ufeff?\s*<\?xml[^>]*>", re.I)
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_CONTAINERS = frozenset(BLOCK_TAGS - {"p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "table",
                                      "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "pre",
                                      "br", "h1", "h5", "h6"})
_WORD_RE = re.compile(r"\w{4,}")


class HtmlProblem(Exception):
    """The page cannot be read as a case (the message says why)."""


# ---- file names --------------------------------------------------------------------------------

def page_stem(name: str) -> str:
    """The whole file name without its page suffix: ``nyhed.asp@id=1043.html`` -> ``nyhed.asp@id=1043``."""
    lower = name.lower()
    for suffix in _PAGE_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def sidecar_path(page):
    """Where a page's sidecar sits: beside it, named after the whole file name."""
    from .collection import SIDECAR_SUFFIX
    return page.with_name(page_stem(page.name) + SIDECAR_SUFFIX)


def slug_from_file_name(name: str) -> str:
    """A case address from a saved page's whole file name (mirror names included, ``%3A`` read
    as ``:``): ``nyhed.asp@id=1043.html`` -> ``nyhed-asp-id-1043``."""
    from .case_files import slug_from_title
    return slug_from_title(unquote(page_stem(name)).replace("_", "-"), max_length=100)


def page_address(sidecar: dict) -> str | None:
    """The page's original address from its sidecar (``source_url``), taken out of the fields."""
    value = sidecar.pop("source_url", None)
    return str(value).strip() if isinstance(value, str) and value.strip() else None


def with_page_address(fields: dict, sidecar: dict, address: str | None = None) -> dict:
    """The page's fields with its original address as the first source (unless the sidecar
    lists the sources itself)."""
    address = address or fields.get("_address")
    if address and "source_urls" not in sidecar:
        sources = [u for u in fields.get("source_urls", []) if u != address]
        fields["source_urls"] = [address, *sources]
    return fields


# ---- metadata ----------------------------------------------------------------------------------

def _facts_list(soup: BeautifulSoup) -> dict:
    facts: dict = {}
    for dl in soup.select("dl.case-facts"):
        label = None
        for child in dl.find_all(["dt", "dd"]):
            if child.name == "dt":
                label = FACT_LABELS.get(text_of(child).lower().rstrip(":"))
                continue
            if label == "source_urls":
                facts.setdefault("source_urls", []).extend(
                    a["href"] for a in child.find_all("a", href=True)
                )
            elif label == "contact":
                facts.setdefault("contact", {})["organisation"] = text_of(child)
                link = child.find("a", href=True)
                if link and link["href"].startswith("http"):
                    facts["contact"]["url"] = link["href"]
            elif label == "contact_url":
                link = child.find("a", href=True)
                url = link["href"] if link else text_of(child)
                facts.setdefault("contact", {})["url"] = url
            elif label == "year":
                year = text_of(child)
                facts["year"] = int(year) if year.isdigit() else year
            elif label:
                facts[label] = text_of(child)
        dl.decompose()
    return facts


def _meta_value(key: str, content: str) -> Any:
    if key == "year":
        return int(content) if content.isdigit() else content
    if key in LIST_META_FIELDS:
        return [item.strip() for item in content.split(",") if item.strip()]
    if key == "employee_driven":
        value = _BOOLEANS.get(content.lower())
        if value is None:
            raise HtmlProblem(f'<meta name="case:employee_driven" content="{content}">: write ja, nej, '
                              "true or false")
        return value
    if key == "contact":
        return {"organisation": content}
    return content


def _meta_tags(soup: BeautifulSoup) -> dict:
    """Fields from ``<meta name="case:FIELD" content="…">`` (lists comma-separated)."""
    found: dict = {}
    for meta in soup.find_all("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower().strip()
        content = " ".join((meta.get("content") or "").split())
        if not name.startswith("case:") or not content:
            continue
        key = name[5:]
        if key == "source_url":
            key = "source_urls"
        value = _meta_value(key, content)
        if isinstance(value, list) and isinstance(found.get(key), list):
            found[key] += value
        else:
            found[key] = value
    return found


def _page_address(soup: BeautifulSoup) -> tuple[str | None, str]:
    """The page's original address as the page itself gives it, and where from."""
    candidates = (
        ("<base href>", soup.find("base", href=True), "href"),
        ('<link rel="canonical">', soup.find("link", rel=lambda r: r and "canonical" in r, href=True), "href"),
        ('<meta property="og:url">', soup.find("meta", attrs={"property": "og:url"}), "content"),
    )
    for label, tag, attr in candidates:
        value = (tag.get(attr) or "").strip() if tag else ""
        if urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc:
            return value, label
    return None, ""


def _description(soup: BeautifulSoup) -> str:
    meta = soup.find("meta", attrs={"name": re.compile("^description$", re.I)})
    return " ".join((meta.get("content") or "").split()) if meta else ""


# ---- the body ----------------------------------------------------------------------------------

def _resolve_links(root: Tag, base: str | None, notes: list[str]) -> None:
    """Absolute links stay; relative ones are resolved against ``base``, else become plain text."""
    unlinked = 0
    for a in root.find_all("a"):
        href = (a.get("href") or "").strip()
        scheme = urlsplit(href).scheme.lower()
        if scheme in ("http", "https", "mailto"):
            continue
        if href and not scheme and not href.startswith("#") and base:
            a["href"] = urljoin(base, href)
            continue
        if href and not scheme and not href.startswith("#"):
            unlinked += 1
        a.unwrap()
    if unlinked:
        notes.append(f"{unlinked} relative link(s) became plain text: the page's original address is "
                     "unknown (give it as source_url in the sidecar)")


def _blockify(root: Tag, soup: BeautifulSoup) -> None:
    """Text directly in ``div``s and other containers becomes paragraphs, so no words run together
    when the sanitiser drops the containers; headings fit under the case page's own ``h1``."""
    for tag in root.find_all(["font", "span", "center", "nobr", "small", "big", "u"]):
        tag.unwrap()
    for tag in [*reversed(root.find_all(True)), root]:
        if tag.name == "h1":
            tag.name = "h2"
        elif tag.name in ("h5", "h6"):
            tag.name = "h4"
        if tag.name not in _CONTAINERS and tag is not root:
            continue
        runs, run = [], []
        breaks = 0
        for child in list(tag.children):
            if isinstance(child, Tag) and child.name == "br":
                breaks += 1
                if breaks >= 2 and run:
                    runs.append(run)
                    run = []
                child.extract()
                continue
            if isinstance(child, Tag) and child.name in BLOCK_TAGS:
                if run:
                    runs.append(run)
                run, breaks = [], 0
                continue
            if run and breaks == 1:
                br = soup.new_tag("br")
                child.insert_before(br)
                run.append(br)
            breaks = 0
            run.append(child)
        if run:
            runs.append(run)
        for run in runs:
            if not "".join(text_of(n) if isinstance(n, Tag) else str(n) for n in run).strip():
                continue
            paragraph = soup.new_tag("p")
            run[0].insert_before(paragraph)
            for node in run:
                paragraph.append(node.extract())
        if tag is not root:
            tag.unwrap()


def _is_own_description(description: str, content_text: str) -> bool:
    """Whether the meta description describes this page (not the whole site)."""
    words = {w.lower() for w in _WORD_RE.findall(description)}
    if len(words) < 3:
        return False
    present = {w.lower() for w in _WORD_RE.findall(content_text)}
    return len(words & present) / len(words) >= 0.6


def _marked_lead(choice: Choice, notes: list[str]) -> str:
    """The lead the CMS marked (``manchet``, ``ingress``, ``lead``, …), taken out of the page."""
    near = choice.title_tag.parent if choice.title_tag is not None and not choice.title_tag.decomposed \
        else None
    tag = find_lead(choice.root, near)
    if tag is None:
        return ""
    return _take_lead(tag, f"lead from {describe(tag)}", notes)


def _take_lead(tag, why: str, notes: list[str]) -> str:
    """``tag``'s text as the lead, with the reason noted; the tag leaves the body."""
    notes.append(why)
    lead = text_of(tag)
    tag.decompose()
    return lead


def _unmarked_lead(choice: Choice, description: str, notes: list[str]) -> str:
    """The page's own meta description, else its first paragraph (taken out of the body)."""
    if description and _is_own_description(description, text_of(choice.root)):
        notes.append('lead from <meta name="description"> (its words are in the content)')
        for p in choice.root.find_all("p"):
            if text_of(p) == description:
                p.decompose()
        return description
    if description:
        notes.append('<meta name="description"> left out: its words are not in the content '
                      "(a description for the whole site)")
    tag = first_paragraph(choice.root)
    if tag is None:
        return ""
    return _take_lead(tag, f"lead from the first paragraph: {text_of(tag)[:50]!r}", notes)


def _parse(text: str) -> BeautifulSoup:
    # An XML declaration means nothing to an HTML parser (the encoding was read from it already);
    # without it, bs4 has no reason to warn that XML is being parsed as HTML.
    return BeautifulSoup(_XML_PROLOG_RE.sub("", text, count=1), "lxml")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t\f") or ch == "\ufffd")
    return bad / len(sample) > 0.02


def extract_case(data: bytes, base_url: str | None = None) -> dict:
    """The case fields a legacy page holds (title, lead, body as HTML, metadata).

    ``base_url`` is the page's original address when known from outside the page (the sidecar's
    ``source_url``); relative links are resolved against it. Keys starting with ``_`` are for
    people, not the case: ``_encoding``, ``_notes`` (worth telling the editor) and ``_explain``
    (how the content was found).
    """
    decoded = decode_page(data)
    if _looks_binary(decoded.text):
        raise HtmlProblem("the file is not a text page (binary data)")
    soup = _parse(decoded.text)
    head_title = text_of(soup.find("title"))
    description = _description(soup)
    fields = _meta_tags(soup)
    address, address_from = (base_url, "the sidecar's source_url") if base_url else _page_address(soup)
    for key, value in _facts_list(soup).items():
        if key == "source_urls":
            fields["source_urls"] = fields.get("source_urls", []) + value
        elif key not in fields:
            fields[key] = value
    if soup.body is None or not text_of(soup.body):
        raise HtmlProblem("the page has no content (its <body> is empty)")

    choice = choose_content(soup, head_title)
    explain = [f"encoding: {decoded.encoding} ({decoded.source}"
               + (f": {decoded.declared}" if decoded.declared else "") + ")"]
    explain += choice.explanation
    title = choice.title
    lead = _marked_lead(choice, explain)
    if title:
        if choice.title_tag is not None and not choice.title_tag.decomposed:
            choice.title_tag.decompose()
    else:
        title = title_from_head(head_title, choice.site_text)
        explain.append(f"title from <title>: {head_title!r}")
    notes = list(decoded.notes)
    _resolve_links(choice.root, address, notes)
    if address:
        explain.append(f"links resolved against {address} (from {address_from})")
    _blockify(choice.root, soup)
    lead = lead or _unmarked_lead(choice, description, explain)
    body = sanitise(choice.root.decode_contents())
    fields.update({"title": title, "lead": lead, "body": body})
    fields["_encoding"] = decoded.encoding
    fields["_address"] = address if address_from != "<base href>" else None
    fields["_notes"] = notes
    fields["_explain"] = explain + [f"note: {n}" for n in notes]
    return {k: v for k, v in fields.items() if v not in ("", None, [])}
