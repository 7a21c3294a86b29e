"""Finding the case in a page made by an old CMS: the block that holds the text, without the chrome.

Pages from 2005-2015 rarely say where their content is: table layouts, ``<div id="col2">``,
a whole page inside ASP.NET's ``<form id="aspnetForm">``. So, as readability-style extractors do,
every paragraph of running text scores points for the blocks around it (its container fully, the
next ones up less), and a block's score shrinks with its share of link text: menus, breadcrumbs
and link lists are almost all links, an article almost none. The best block wins; when the page's
title heading sits just outside it (WordPress's ``entry-header``), the block holding both is taken.

Chrome is removed by what it is, not only by its tag: landmarks (``nav``, ``footer``,
``role="navigation"``, …), class and id names that old CMSs gave menus, breadcrumbs, cookie
banners and share buttons (in English and Danish), and, inside the chosen block, lists and boxes
that are mostly links. Layout tables become plain blocks; data tables (with ``th`` or a caption,
no blocks in their cells) stay tables.

Every decision is written to :attr:`Choice.explanation` (``import-html --explain`` prints it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment

from .html_prepare import prepare
from .html_text import BLOCK_TAGS, HEADING_TAGS, attr_words, common_ancestor, describe, levels_above, text_of
from .html_title import choose_title

CHROME_TAGS = ("nav", "aside", "footer", "header", "menu")
CHROME_ROLES = ("navigation", "banner", "contentinfo", "search", "complementary", "menu",
                "menubar", "toolbar", "dialog", "alertdialog")
# Class and id names of chrome, as old Danish and international CMSs named it. A class is read by
# its last part ("entry-meta" is meta, "entry-content" content), else as a whole ("topmenu").
_CHROME_WORDS = re.compile(
    r"nav|navi|navigation|menu|menus|topmenu|leftmenu|venstremenu|megamenu|submenu|mainmenu|"
    r"servicemenu|breadcrumbs?|breadcrumb-?trail|crumbs?|stinavigation|cookies?|cookie-?bar|"
    r"cookie-?banner|cookie-?info|cookieinfo|consent|footer|sidefod|bund|masthead|banner|"
    r"topbar|toplinks|toolbar|sidebar|sidebars|sidekolonne|hoejrekolonne|right-?col|left-?col|"
    r"leftcolumn|rightcolumn|skip|skip-?links?|genveje|quicklinks|quick-?links|share|sharing|social|"
    r"addthis|print|udskriv|sitemap|login|logind|search|searchbox|searchform|soeg|sog|newsletter|"
    r"nyhedsbrev|rss|related|relaterede|relateret|popular|tagcloud|pagination|pager|paging|"
    r"advert|advertisement|reklame|sponsor|widget|widgets|widget-area|byline|utility|"
    r"postmetadata|tipafriend|tip-en-ven|logo|branding|site-?name|site-?title|sitetitle|colophon|"
    r"copyright|last-?updated|lastupdated|opdateret|senest-?opdateret|sidst-?opdateret|updated|modified|"
    r"pagetools|page-?tools|toolbox|sidevaerktoejer|backlink|readmore|moduletable|comments?|"
    r"kommentarer|respond|createdate|modifydate|submitted|meta|dateline|author|posted|postinfo|"
    r"article-info|iteminfo|timestamp|buttonheading|article_separator|forward|subnav|actions|bottom|"
    r"print-?icon|email-?icon|icons|hits")
# Names of chrome around a page that also name parts of an article (TYPO3's "csc-header" wraps
# a subheading): chrome only outside the content block.
_WEAK_CHROME_WORDS = re.compile(
    r"header|sidehoved|top|path|sti|service|del|ad|ads|tools|language|sprog|metadata|"
    r"contact-?box|kontaktboks|lix|a11y|accessibility|readspeaker|rating|vote|feedback|tags|info|"
    r"links")
_CONTENT_WORDS = re.compile(
    r"article|artikel|body|bodytext|brodtekst|broedtekst|content|contents|entry|hentry|indhold|"
    r"main|maincontent|page|post|story|text|tekst|blog|nyhed|news|rte")


# Run-together names: "hovedmenu", "topnavigation", "pagefooter", "CookieInformation", "navbar".
_CHROME_AFFIX = re.compile(r"(?:cookie|breadcrumb|navbar|navigation|sidebar|footer).*|"
                           r".*(?:menu|menus|navigation|footer|sidebar|breadcrumbs?|crumbs?)")


def _token_kind(token: str) -> str | None:
    parts = [p for p in re.split(r"[-_]", token) if p]
    head = re.sub(r"\d+$", "", parts[-1]) if parts else ""
    whole = re.sub(r"\d+$", "", token)
    for kind, words in (("content", _CONTENT_WORDS), ("chrome", _CHROME_WORDS)):
        if words.fullmatch(head) or words.fullmatch(whole):
            return kind
    if _CHROME_AFFIX.fullmatch(whole) or any(_CHROME_AFFIX.fullmatch(p) for p in parts):
        return "chrome"
    if _WEAK_CHROME_WORDS.fullmatch(head) or _WEAK_CHROME_WORDS.fullmatch(whole):
        return "weak"
    return None


def _class_kind(tag: Tag) -> tuple[str, str] | None:
    """("content" | "chrome" | "weak", the class or id) by the element's class and id names."""
    kinds = [(kind, token) for token in attr_words(tag).split() if (kind := _token_kind(token))]
    for wanted in ("content", "chrome", "weak"):
        for kind, token in kinds:
            if kind == wanted:
                return kind, token
    return None



MIN_PARAGRAPH = 25
PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote", "dd", "li", "dt", "address", "th", "caption"})


@dataclass
class Choice:
    """The content block chosen in a page, the title heading, the lead, and why."""

    root: Tag
    title: str
    title_tag: Tag | None
    site_text: str = ""
    explanation: list[str] = field(default_factory=list)


@dataclass
class _Stats:
    text: int = 0
    links: int = 0
    count: int = 0  # number of <a href>


def _measure(root: Tag) -> dict[int, _Stats]:
    """Text and link-text length of every element under ``root`` (one pass, bottom up)."""
    stats: dict[int, _Stats] = {}

    def walk(tag: Tag, in_link: bool) -> _Stats:
        own = _Stats()
        is_link = tag.name == "a" and tag.get("href") is not None
        weight = 0.3 if is_link and str(tag.get("href", "")).startswith("#") else 1.0
        for child in tag.children:
            if isinstance(child, Tag):
                sub = walk(child, in_link or is_link)
                own.text += sub.text
                own.links += sub.links
                own.count += sub.count
            elif not isinstance(child, Comment):
                n = len(str(child).strip())
                own.text += n
                if in_link or is_link:
                    own.links += int(n * weight)
        if is_link and not in_link:
            own.count += 1
        stats[id(tag)] = own
        return own

    walk(root, False)
    return stats


def _density(stats: dict[int, _Stats], tag: Tag) -> float:
    s = stats.get(id(tag))
    return s.links / s.text if s and s.text else 0.0


# ---- preparing the page ------------------------------------------------------------------------
def _chrome_reason(tag: Tag) -> tuple[str, bool] | None:
    """Why ``tag`` is page chrome (by tag, role, class or id), and whether that is only a weak
    sign (a class like "header"); or None."""
    if tag.name in CHROME_TAGS:
        return f"<{tag.name}>", tag.name == "header"
    role = (tag.get("role") or "").lower()
    if role in CHROME_ROLES:
        return f'role="{role}"', False
    if tag.name in ("body", "html", "a", "h1", "h2", "h3", "li", "span", "em", "strong", "b", "i"):
        return None
    kind = _class_kind(tag)
    if kind and kind[0] == "chrome" or (kind and kind[0] == "weak" and tag.name != "p"):
        return f'its class/id "{kind[1]}"', kind[0] == "weak"
    return None


def _chrome_elements(body: Tag, stats: dict[int, _Stats]) -> list[tuple[Tag, str, bool]]:
    """The outermost chrome elements of the page, each with its reason and weakness.

    An element named like chrome but holding 40 % or more of the page's text is not chrome
    (``<div class="page-with-sidebar">`` around everything)."""
    total = stats[id(body)]
    page_text = max(total.text - total.links, 1)
    found: list[tuple[Tag, str, bool]] = []
    marked: set[int] = set()
    for tag in body.find_all(True):
        found_reason = _chrome_reason(tag)
        if not found_reason:
            continue
        reason, weak = found_reason
        own = stats.get(id(tag), _Stats())
        if reason.startswith("its class") and (own.text - own.links) >= 0.4 * page_text:
            continue
        found.append((tag, reason, weak))
        marked.add(id(tag))
    return found


# ---- scoring -----------------------------------------------------------------------------------

def _inline_runs(tag: Tag):
    """Runs of inline content directly inside ``tag`` (text between its block children)."""
    run: list = []
    breaks = 0
    for child in tag.children:
        if isinstance(child, Tag) and child.name == "br":
            breaks += 1
            if breaks >= 2 and run:
                yield run
                run = []
            continue
        if isinstance(child, Tag) and child.name in BLOCK_TAGS:
            if run:
                yield run
            run, breaks = [], 0
            continue
        if isinstance(child, Comment):
            continue
        if str(child).strip() if not isinstance(child, Tag) else True:
            breaks = 0
        run.append(child)
    if run:
        yield run


def _run_text(run: list) -> tuple[str, int]:
    text, links = [], 0
    for node in run:
        piece = text_of(node) if isinstance(node, Tag) else " ".join(str(node).split())
        text.append(piece)
        if isinstance(node, Tag):
            links += sum(len(text_of(a)) for a in ([node] if node.name == "a" else node.find_all("a")))
    joined = " ".join(t for t in text if t)
    return joined, links


def _score(body: Tag, chrome: set[int], stats: dict[int, _Stats]) -> dict[int, tuple[Tag, float, int]]:
    """Each candidate block's score and number of paragraphs (before the link-density factor)."""
    scores: dict[int, list] = {}
    for tag in [body, *body.find_all(True)]:
        if tag.name not in BLOCK_TAGS or tag.name in HEADING_TAGS or id(tag) in chrome or any(id(p) in chrome for p in tag.parents):
            continue
        for run in _inline_runs(tag):
            text, links = _run_text(run)
            if len(text) < MIN_PARAGRAPH or links > len(text) / 2:
                continue
            points = 1 + text.count(",") + min(len(text) // 100, 3)
            start = tag.parent if tag.name in PARAGRAPH_TAGS else tag
            ancestor, level = start, 0
            while isinstance(ancestor, Tag) and level < 5 and ancestor.name != "html":
                entry = scores.setdefault(id(ancestor), [ancestor, _initial(ancestor), 0])
                entry[1] += points / (1 if level == 0 else 2 if level == 1 else level * 3)
                if level == 0:
                    entry[2] += 1
                ancestor, level = ancestor.parent, level + 1
    return {k: (v[0], v[1] * (1 - _density(stats, v[0])), v[2]) for k, v in scores.items()}


def _initial(tag: Tag) -> float:
    score = {"div": 5, "article": 10, "main": 10, "section": 3, "td": 3, "blockquote": 3,
             "pre": 3, "form": -3, "ol": -3, "ul": -3, "li": -3, "dl": -3, "body": -5}.get(tag.name, 0)
    kind = _class_kind(tag)
    if kind:
        score += 25 if kind[0] == "content" else -25
    return score


# ---- the title ---------------------------------------------------------------------------------
# ---- cleaning the chosen block -----------------------------------------------------------------

_NAV_LINK_RE = re.compile(r"^[«»‹›<>\s]*(?:tilbage|back|til toppen|top|udskriv|print|luk vindue|"
                          r"se alle nyheder|flere nyheder|nyhedsoversigt|tip en ven|del|del på \w+|"
                          r"læs op|læs højt)\b", re.I)


def _remove_link_lists(root: Tag, notes: list[str]) -> None:
    """Inside the content: lists, boxes and tables that are mostly links are navigation, and so are
    links standing alone that only move around the site ("« Tilbage", "Udskriv")."""
    for a in root.find_all("a"):
        text = text_of(a)
        if _NAV_LINK_RE.match(text) and len(text) < 60:
            notes.append(f"removed the link {text!r}")
            a.decompose()
    stats = _measure(root)
    for tag in root.find_all(["ul", "ol", "div", "table", "dl", "section", "p", "span", "font"]):
        if tag.decomposed:
            continue
        s = stats.get(id(tag))
        if not s or not s.count:
            continue
        density = s.links / s.text if s.text else 1.0
        if _is_link_list(tag.name, s, density):
            notes.append(f"removed {describe(tag)} ({s.count} links, link density {density:.2f}): "
                         f"{text_of(tag)[:50]!r}")
            tag.decompose()


def _is_link_list(name: str, s: _Stats, density: float) -> bool:
    if name in ("p", "span", "font"):  # a sentence with two links in it is text; a row of links is not
        return s.count >= 3 and density > 0.7
    return (s.count >= 3 and density > 0.5) or (s.count >= 2 and density > 0.8 and s.text < 300)


def _merge_siblings(top: Tag, scores: dict, title_tag: Tag | None, notes: list[str]) -> Tag:
    """The top block, or its parent when siblings carry content too (others removed)."""
    parent = top.parent
    if not isinstance(parent, Tag) or parent.name in ("html", "[document]"):
        return top
    top_score = scores[id(top)][1]
    threshold = max(10.0, top_score * 0.2)
    keep, drop = [], []
    for sibling in parent.find_all(True, recursive=False):
        if sibling is top:
            continue
        entry = scores.get(id(sibling))
        if entry and (entry[1] >= threshold or (
                entry[1] >= top_score * 0.2 and entry[2] and len(text_of(sibling)) >= 100)):
            keep.append(sibling)
        elif title_tag is not None and (sibling is title_tag or sibling in title_tag.parents):
            continue
        else:
            drop.append(sibling)
    if not keep:
        return top
    for sibling in drop:
        text = text_of(sibling)
        if sibling.name in ("p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ol", "dl",
                            "table") and text:
            continue  # content between the scored blocks
        if text:
            notes.append(f"left out {describe(sibling)} beside the content: {text[:50]!r}")
        sibling.decompose()
    notes.append(f"joined {len(keep)} sibling block(s) of {describe(top)} with content")
    return parent


def _remove_chrome(tag: Tag, reason: str, site_text: list[str], notes: list[str]) -> None:
    text = text_of(tag)
    site_text.append(text)
    if text:
        notes.append(f"removed {describe(tag)} as chrome ({reason}): {text[:50]!r}")
    tag.decompose()


def choose_content(soup: BeautifulSoup, head_title: str) -> Choice:
    """Pick the content block and title heading in ``soup`` (modified: chrome is removed)."""
    notes: list[str] = []
    prepare(soup, notes)
    body = soup.body or soup
    stats = _measure(body)
    chrome = _chrome_elements(body, stats)
    chrome_ids = {id(t) for t, _, _ in chrome}
    scores = _score(body, chrome_ids, stats)
    ranked = sorted(scores.values(), key=lambda e: e[1], reverse=True)
    if ranked and ranked[0][1] > 0:
        top, top_score, paragraphs = ranked[0]
        s = stats[id(top)]
        notes.insert(0, f"content: {describe(top)} scored {top_score:.1f} ({paragraphs} paragraph(s), "
                        f"{s.text:,} characters, link density {_density(stats, top):.2f})")
        for other, score, _ in ranked[1:4]:
            notes.append(f"  runner-up {describe(other)} scored {score:.1f} "
                         f"(link density {_density(stats, other):.2f}): {text_of(other)[:50]!r}")
        climbed = False
        while isinstance(top.parent, Tag) and id(top.parent) in scores \
                and scores[id(top.parent)][1] >= 0.95 * scores[id(top)][1]:
            notes.append(f"took {describe(top.parent)} around it: it scores about as high "
                         f"({scores[id(top.parent)][1]:.1f})")
            top, climbed = top.parent, True
    else:
        climbed = False
        top = body
        notes.insert(0, "content: the whole <body> (no block of running text found)")

    title_tag = choose_title(soup, top, head_title, chrome, notes)
    keep_ids = {id(p) for p in title_tag.parents} | {id(title_tag)} if title_tag else set()
    keep_ids |= {id(top)} | {id(p) for p in top.parents}
    site_text = []
    for tag, reason, weak in chrome:
        if id(tag) in keep_ids or tag.decomposed or weak:
            continue
        _remove_chrome(tag, reason, site_text, notes)

    root = top
    if top is not body and id(top) in scores and not climbed:
        root = _merge_siblings(top, scores, title_tag, notes)
    if title_tag is not None and not title_tag.decomposed and root is not title_tag \
            and root not in title_tag.parents:
        common = common_ancestor(title_tag, root)
        above = levels_above(common, root)
        extra = len(text_of(common)) - len(text_of(root)) - len(text_of(title_tag))
        if above is not None and above <= 6 and extra <= max(300, len(text_of(root)) // 3):
            notes.append(f"took {describe(common)}, which holds the title heading and the content "
                         f"({extra} characters more)")
            root = common
    for tag, reason, weak in chrome:
        if weak and not tag.decomposed and id(tag) not in keep_ids and root not in tag.parents \
                and tag is not root:
            _remove_chrome(tag, reason, site_text, notes)
    _remove_link_lists(root, notes)
    title = text_of(title_tag) if title_tag is not None and not title_tag.decomposed else ""
    outside = text_of(soup.body or soup).replace(text_of(root), " ")
    return Choice(root=root, title=title, title_tag=title_tag,
                  site_text=" ".join([*site_text, outside]),
                  explanation=notes)
