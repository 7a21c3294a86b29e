"""The title and lead of a legacy page.

The title is the heading that best matches the page's ``<title>``, preferring one inside or next
to the content block, never a site logo; else the ``<title>`` without the site's name. The lead is
what the CMS marked as one (Danish sites say ``manchet`` or ``ingress``), else the first paragraph.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from .html_text import attr_words, common_ancestor, describe, levels_above, text_of

_LEAD_WORDS = re.compile(r"lead|manchet|ingress|intro|introduction|teaser|summary|resume|resumé|"
                         r"underrubrik|subheader|standfirst|excerpt|abstract|description")
_DATE_LINE_RE = re.compile(r"^\s*\d{1,2}\.\s*\w+\.?\s*\d{2,4}\s*$|^\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\s*$")
_LOGO_RE = re.compile(r"logo|brand|site-?name|site-?title|sitetitle|header-?title|masthead")
_HEADING_CLASS_RE = re.compile(r"(?:^|[\s_-])(?:overskrift|rubrik|headline|heading|"
                               r"contentheading|title|entry-title|pagetitle|page-title)(?:$|[\s_-])")
_TITLE_SEPARATORS = (" | ", " :: ", " » ", " · ", " / ", " - ", " – ", " — ", " : ")
_WORD_RE = re.compile(r"\w+")


def _tokens(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text)}


def title_from_head(head_title: str, site_text: str = "") -> str:
    """A page's ``<title>`` without the site's name.

    The name sits after the last separator (``Titel | Kommune``) unless the text before the first
    one is what the page's chrome (logo, header, footer) says: ``Kommune - Titel``. Only the
    strongest separator present is used, so a dash inside the title itself stays.
    """
    text = " ".join(head_title.split())
    site = site_text.lower()
    for sep in _TITLE_SEPARATORS:
        if sep in text:
            first, last = text.find(sep), text.rfind(sep)
            head, tail = text[:first].strip(), text[last + len(sep):].strip()
            if site and head.lower() in site and tail.lower() not in site:
                return text[first + len(sep):].strip()
            return text[:last].strip()
    return text


def _looks_like_heading(tag: Tag) -> bool:
    """A paragraph that is all bold or big type and reads like a heading (old editors' headings)."""
    if tag.name not in ("p", "div", "td") or tag.find(["p", "div", "table", "br"]):
        return False
    text = text_of(tag)
    if not 3 <= len(text) <= 150 or text.endswith((".", ":", ",")):
        return False
    strong = tag.find(["b", "strong", "font"])
    if strong is None or text_of(strong) != text:
        return False
    return strong.name != "font" or str(strong.get("size", "")).strip("+") in ("4", "5", "6", "7")


def _heading_candidates(soup: BeautifulSoup) -> list[Tag]:
    found = []
    for tag in soup.find_all(True):
        if tag.name in ("h1", "h2", "h3") or _looks_like_heading(tag) or (
                tag.name not in ("body", "html", "a", "table", "ul", "ol", "form")
                and _HEADING_CLASS_RE.search(attr_words(tag)) and len(text_of(tag)) <= 250
                and not tag.find(["p", "h1", "h2", "h3", "table", "ul"])):
            text = text_of(tag)
            if 3 <= len(text) <= 300:
                found.append(tag)
    return found


def _menu_texts(chrome: list[tuple[Tag, str, bool]]) -> set[str]:
    """The link texts of the site's menus (a section's name, such as "Nyheder")."""
    return {text_of(a).lower() for tag, _, _ in chrome for a in tag.find_all("a") if text_of(a)}


def _next_text_is_a_heading(tag: Tag) -> bool:
    """Whether the next text after ``tag`` is another heading (a section name above an article)."""
    inside = set(map(id, tag.descendants))
    for node in tag.next_elements:
        if id(node) in inside or isinstance(node, Tag) or not str(node).strip():
            continue
        return any(isinstance(p, Tag) and p.name in ("h1", "h2", "h3", "h4") for p in node.parents)
    return False


def choose_title(soup: BeautifulSoup, block: Tag, head_title: str,
                 chrome: list[tuple[Tag, str, bool]], notes: list[str]) -> Tag | None:
    """The heading that is the page's title (``notes`` says why), or None."""
    wanted = _tokens(head_title)
    chrome_ids = {id(t) for t, _, _ in chrome}
    menus = _menu_texts(chrome)
    best, best_score, best_why = None, 1.0, ""
    for tag in _heading_candidates(soup):
        heading = _tokens(text_of(tag))
        inside = tag is block or block in tag.parents
        if not heading or (not inside and _looks_like_heading(tag)):
            continue  # bold type outside the content is a banner, not the title
        score, why = 0.0, []
        if wanted:
            common = len(heading & wanted)
            match = 3 * common / len(wanted) + common / len(heading)
            score += match
            why.append(f"matches <title> {match / 4:.0%}")
        if inside:
            score += 1.5
            why.append("inside the content block")
        else:
            above = levels_above(common_ancestor(tag, block), block)
            if above is not None and above <= 6:
                score += 0.75
                why.append("next to the content block")
            else:
                score -= 1
        score += {"h1": 0.5, "h2": 0.3}.get(tag.name, 0.0)
        if _LOGO_RE.search(attr_words(tag)) or any(_LOGO_RE.search(attr_words(p)) for p in tag.parents
                                                   if isinstance(p, Tag) and p.name != "body"):
            score -= 2
            why.append("looks like a site logo")
        if any(id(p) in chrome_ids for p in [tag, *tag.parents]) and block not in tag.parents:
            score -= 0.5
        if text_of(tag).lower() in menus and _next_text_is_a_heading(tag):
            score -= 3
            why.append("a section's name (in the menu, another heading follows)")
        if score > best_score:
            best, best_score, best_why = tag, score, ", ".join(why)
    if best is not None:
        notes.append(f"title from {describe(best)} ({best_why}; score {best_score:.2f})")
    return best


def _is_lead(tag: Tag) -> bool:
    for token in attr_words(tag).split():
        parts = [p for p in re.split(r"[-_]", token) if p]
        if parts and (_LEAD_WORDS.fullmatch(parts[-1]) or _LEAD_WORDS.fullmatch(token)):
            return True
    return False


def find_lead(root: Tag, near: Tag | None) -> Tag | None:
    """An element the CMS marked as the lead (``manchet``, ``ingress``, ``lead``, …)."""
    for scope in (root, near):
        if scope is None:
            continue
        for tag in scope.find_all(True):
            if tag.name in ("body", "html") or not _is_lead(tag):
                continue
            text = text_of(tag)
            if 20 <= len(text) <= 600:
                return tag
    return None


def first_paragraph(root: Tag) -> Tag | None:
    """The first paragraph of running text that can serve as the lead (not a date line)."""
    for tag in root.find_all(["p", "div", "td"]):
        if tag.find(["p", "div", "table", "ul", "ol", "h1", "h2", "h3"]):
            continue
        text = text_of(tag)
        if _DATE_LINE_RE.match(text) or not 40 <= len(text) <= 600:
            continue
        links = sum(len(text_of(a)) for a in tag.find_all("a"))
        if links < len(text) / 3:
            return tag
    return None
