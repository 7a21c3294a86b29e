"""Cases that arrive as web pages exported from an old CMS (``cases/<slug>.html``).

We decode the bytes ourselves, then parse the text: parsers guessing from bytes gave mojibake for
pages without a charset, and pages that say iso-8859-1 hold windows-1252 bytes (browsers treat
the two as one, and so do we). The page's chrome (navigation, scripts, forms, footers) is dropped;
what remains is sanitised later, with every other case body.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from .rendering import sanitise

CHROME_TAGS = (
    "script", "style", "nav", "form", "footer", "header", "noscript", "iframe", "aside",
    "button", "input", "select", "textarea", "svg", "object", "embed", "template", "link", "meta",
)
CONTENT_SELECTORS = ("article", "main", "div.content", "div#content", "body")
FACT_LABELS = {
    "organisation": "organisation",
    "år": "year",
    "aar": "year",
    "kilde": "source_urls",
    "kilder": "source_urls",
    "kontakt": "contact",
    "hjemmeside": "contact_url",
}
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_LATIN1_NAMES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "iso_8859-1"}


class HtmlProblem(Exception):
    """The page cannot be read as a case (the message says why)."""


@dataclass
class Decoded:
    text: str
    encoding: str
    declared: str | None = None
    notes: list[str] = field(default_factory=list)


def decode_page(data: bytes) -> Decoded:
    """Text of an HTML page: BOM, then declared charset, then UTF-8, then windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8")
    match = _CHARSET_RE.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace").lower() if match else None
    notes = []
    candidates = []
    if declared:
        if declared in _LATIN1_NAMES:
            candidates.append("cp1252")
        else:
            try:
                candidates.append(codecs.lookup(declared).name)
            except LookupError:
                notes.append(f"the page declares an unknown encoding '{declared}'; read as UTF-8 or windows-1252")
    candidates += ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return Decoded(data.decode(encoding), encoding, declared, notes)
        except (UnicodeDecodeError, LookupError):
            continue
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252", declared, notes)


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t") or ch == "\ufffd")
    return bad / len(sample) > 0.02


def _text(tag: Tag | None) -> str:
    return " ".join(tag.get_text(" ", strip=True).split()) if tag else ""


def _facts_list(content: Tag) -> dict:
    facts: dict = {}
    for dl in content.select("dl.case-facts"):
        label = None
        for child in dl.find_all(["dt", "dd"]):
            if child.name == "dt":
                label = FACT_LABELS.get(_text(child).lower().rstrip(":"))
                continue
            if label == "source_urls":
                facts.setdefault("source_urls", []).extend(
                    a["href"] for a in child.find_all("a", href=True)
                )
            elif label == "contact":
                facts.setdefault("contact", {})["organisation"] = _text(child)
                link = child.find("a", href=True)
                if link and link["href"].startswith("http"):
                    facts["contact"]["url"] = link["href"]
            elif label == "contact_url":
                link = child.find("a", href=True)
                url = link["href"] if link else _text(child)
                facts.setdefault("contact", {})["url"] = url
            elif label == "year":
                year = _text(child)
                facts["year"] = int(year) if year.isdigit() else year
            elif label:
                facts[label] = _text(child)
        dl.decompose()
    return facts


def _meta_tags(soup: BeautifulSoup) -> dict:
    found: dict = {}
    for meta in soup.find_all("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        content = (meta.get("content") or "").strip()
        if name.startswith("case:") and content:
            key = name[5:]
            if key == "year":
                found[key] = int(content) if content.isdigit() else content
            elif key == "source_url":
                found.setdefault("source_urls", []).append(content)
            elif key == "contact":
                found["contact"] = {"organisation": content}
            else:
                found[key] = content
    return found


def extract_case(data: bytes) -> dict:
    """The case fields a legacy page holds (title, lead, body as HTML, metadata)."""
    decoded = decode_page(data)
    if _looks_binary(decoded.text):
        raise HtmlProblem("the file is not a text page (binary data)")
    soup = BeautifulSoup(decoded.text, "lxml")
    head_title = _text(soup.find("title"))
    description = ""
    meta_desc = soup.find("meta", attrs={"name": re.compile("^description$", re.I)})
    if meta_desc:
        description = (meta_desc.get("content") or "").strip()
    fields = _meta_tags(soup)

    for tag in soup.find_all(CHROME_TAGS):
        tag.decompose()
    content = next((soup.select_one(sel) for sel in CONTENT_SELECTORS if soup.select_one(sel)), None)
    if content is None:
        raise HtmlProblem("the page has no content (no <article>, <main> or <body>)")
    fields.update({k: v for k, v in _facts_list(content).items() if k not in fields or k == "source_urls"})

    h1 = content.find("h1") or soup.find("h1")
    title = _text(h1) or re.split(r"\s+[|–-]\s+", head_title)[0].strip()
    if h1:
        h1.decompose()
    lead_tag = content.select_one("p.lead, .lead, .intro, .teaser")
    lead = _text(lead_tag) or description
    if lead_tag:
        lead_tag.decompose()

    body = sanitise(content.decode_contents())
    fields.update({"title": title, "lead": lead, "body": body})
    fields["_encoding"] = decoded.encoding
    fields["_notes"] = decoded.notes
    return {k: v for k, v in fields.items() if v not in ("", None, [])}
