"""The text of a saved web page, decoded the way a browser decodes it, and a check for garbled text.

Order (the WHATWG encoding rules for a page without an HTTP header): a byte order mark; then a
``<meta charset>`` or ``<meta http-equiv="Content-Type">`` in the page's head; then an XML
declaration's ``encoding`` (XHTML pages); then detection: UTF-8 when the bytes are valid UTF-8,
else windows-1252, the browsers' default for Danish. Labels are mapped as the standard maps them:
iso-8859-1, latin1 and ascii mean windows-1252.

Bytes that are invalid in the chosen encoding are replaced one by one, never the whole page: a page
declared UTF-8 with a few windows-1252 bytes (a footer written by another program) keeps its UTF-8
text, and each stray byte is read as the windows-1252 character it almost always is (``\\xe5`` ->
``å``), with a note saying how many there were. Text a CMS stored garbled (UTF-8 read as
windows-1252 before it was saved: ``pÃ¥``) is put back letter by letter, also with a note;
``indexer check`` refuses garbled text that is left in a case.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

_META_RE = re.compile(rb"<meta\s[^>]*>", re.I)
_CHARSET_ATTR_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.I)
_HEAD_END_RE = re.compile(rb"<body[\s>]|</head\s*>", re.I)
_PRESCAN_BYTES = 8192

# The WHATWG Encoding Standard's mapping for the labels old pages use.
_LABELS = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252", "latin1": "cp1252",
    "latin-1": "cp1252", "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "windows-1252": "cp1252", "cp1252": "cp1252", "x-cp1252": "cp1252", "cp819": "cp1252",
    "ibm819": "cp1252", "iso-ir-100": "cp1252", "x-user-defined": "cp1252",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",  # a meta tag cannot mean UTF-16
    "unicode-1-1-utf-8": "utf-8", "utf8": "utf-8",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass
class Decoded:
    """A page's text, the encoding it was read with, and how that was decided."""

    text: str
    encoding: str
    declared: str | None = None
    source: str = "detected"
    notes: list[str] = field(default_factory=list)


def _label(name: str) -> str | None:
    name = name.strip().lower()
    if name in _LABELS:
        return _LABELS[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared(data: bytes) -> tuple[str | None, str]:
    """The charset a page declares in its head, and where ("meta", "xml" or "")."""
    head = data[:_PRESCAN_BYTES]
    end = _HEAD_END_RE.search(head)
    if end:
        head = head[:end.start()]
    for meta in _META_RE.finditer(head):
        match = _CHARSET_ATTR_RE.search(meta.group(0))
        if match:
            return match.group(1).decode("ascii", "replace"), "meta"
    match = _XML_DECL_RE.match(data[:200])
    if match:
        return match.group(1).decode("ascii", "replace"), "xml"
    return None, ""


_ESCAPED_RE = re.compile("[\udc80-\udcff]")


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    """``data`` in ``encoding``, each invalid byte read as windows-1252; and how many there were."""
    text = data.decode(encoding, errors="surrogateescape")
    stray = 0

    def as_cp1252(match: re.Match) -> str:
        nonlocal stray
        stray += 1
        return bytes([ord(match.group()) - 0xDC00]).decode("cp1252", errors="replace")

    return _ESCAPED_RE.sub(as_cp1252, text), stray


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(b >= 0x80 for b in data)


def decode_page(data: bytes) -> Decoded:
    """The text of a saved page (see the module docstring for the order of evidence)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(encoding, errors="replace"), encoding, None, "BOM")
    declared, where = _declared(data)
    notes: list[str] = []
    encoding = _label(declared) if declared else None
    if declared and encoding is None:
        notes.append(f"the page declares an unknown encoding '{declared}'; it was read by detection")
    source = {"meta": "declared in <meta>", "xml": "declared in <?xml?>"}.get(where, "detected")
    if encoding is None:
        source = "detected"
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    elif encoding == "cp1252" and _is_utf8_with_non_ascii(data):
        # A CMS moved to UTF-8 while its template still says iso-8859-1: read as a browser would,
        # every "å" would show as "Ã¥". Text in windows-1252 is practically never valid UTF-8.
        notes.append(f"the page says {declared} but its bytes are UTF-8; it was read as UTF-8")
        encoding, source = "utf-8", f"UTF-8 bytes, although {source}"
    text, stray = _decode_counting(data, encoding)
    text, repaired_count = repair_garbled(text)
    if repaired_count:
        notes.append(f"{repaired_count} letter(s) had been stored as UTF-8 read as windows-1252 "
                     "('pÃ¥' for 'på') and were repaired")
    if stray:
        notes.append(f"{stray} byte(s) were not valid {encoding} and were read as windows-1252 "
                     "(check æ, ø and å in the text)")
    return Decoded(text, encoding, declared, source, notes)


# ---- garbled text ------------------------------------------------------------------------------

# UTF-8 read as windows-1252: "på" -> "pÃ¥", "–" -> "â€“", a no-break space -> "Â ".
_MOJIBAKE_RE = re.compile("[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
                          "\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022"
                          "\u2026\u2030\u2039\u203a\u20ac\u2122]|â€[\u0080-\u00bf\u2122\u0153\u201c"
                          "\u201d\u2013\u2014\u02dc\u0161\u017e\u2020\u2021\u2022\u2026\u2030]")
_WORD_RE = re.compile(r"\S*")


_CP1252_UNDEFINED = "\x81\x8d\x8f\x90\x9d"
_GARBLED_RUN_RE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
                             "\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020"
                             "\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}")


def _as_cp1252_bytes(text: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        if ch in _CP1252_UNDEFINED:
            out.append(ord(ch))
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            return None
    return bytes(out)


def repair_garbled(text: str) -> tuple[str, int]:
    """``text`` with each letter that was UTF-8 read as windows-1252 (``Ã¥``) put back (``å``)."""
    if not _MOJIBAKE_RE.search(text):
        return text, 0
    count = 0

    def put_back(match: re.Match) -> str:
        nonlocal count
        raw = _as_cp1252_bytes(match.group())
        try:
            letter = raw.decode("utf-8") if raw else None
        except UnicodeDecodeError:
            letter = None
        if letter is None or len(letter) != 1:
            return match.group()
        count += 1
        return letter

    return _GARBLED_RUN_RE.sub(put_back, text), count


def repaired(text: str) -> str | None:
    """``text`` as it was before UTF-8 was read as windows-1252, or None when it cannot be."""
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def garbled_words(text: str, limit: int = 3) -> list[str]:
    """Words in ``text`` that look like mojibake (``pÃ¥``), at most ``limit`` of them."""
    found: list[str] = []
    for match in _MOJIBAKE_RE.finditer(text):
        start = text.rfind(" ", 0, match.start()) + 1
        end = _WORD_RE.match(text, match.end()).end()
        word = text[start:end].strip(".,;:()\"'")
        if word and word not in found:
            found.append(word)
        if len(found) >= limit:
            break
    return found


GARBLE_CHECKED_FIELDS = ("title", "lead", "body", "organisation", "summary_en")


def garbled_text_problems(data: dict) -> list[tuple[tuple, str, str]]:
    """(field location, English, Danish) for each text field holding mojibake such as ``pÃ¥``."""
    found = []
    for name in GARBLE_CHECKED_FIELDS:
        value = data.get(name)
        if not isinstance(value, str):
            continue
        words = garbled_words(value)
        if not words:
            continue
        def shown(probably: str) -> str:
            return ", ".join(f"'{w}'" + (f" ({probably} '{repaired(w)}')" if repaired(w) else "")
                             for w in words)

        found.append(((name,),
                      f"looks garbled: {shown('probably')}; the text was saved as UTF-8 and read as "
                      "windows-1252. Correct the letters (or import the page again)",
                      f"ser forkert ud: {shown('nok')}; teksten er gemt som UTF-8 og læst som "
                      "windows-1252. Ret bogstaverne (eller importér siden igen)"))
    return found
