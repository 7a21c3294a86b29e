"""Validation of case data: one set of rules for the CLI, the build and the web editor.

Every problem names the file, the line, the field, what is wrong and what is allowed, in English
(for the command line) and in Danish (for the editor's form).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable
from urllib.parse import urlsplit

from pydantic import ValidationError

from .html_decoding import garbled_text_problems
from .record import FACET_FIELDS, Case, CaseFile
from .rendering import html_to_text, markdown_to_html, sanitise
from .settings import SLUG_RE, Settings
from .yaml_lines import LocatedYaml

ALL_FIELDS = tuple(CaseFile.model_fields)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one case file."""

    file: str
    line: int
    field: str
    message: str
    message_da: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def _messages(error: dict) -> tuple[str, str]:
    """English and Danish text for one pydantic error."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "is required", "skal udfyldes"
    if kind == "extra_forbidden":
        allowed = ", ".join(ALL_FIELDS)
        return (f"unknown field (allowed: {allowed})", f"ukendt felt (tilladte felter: {allowed})")
    if kind == "string_too_short":
        n = ctx.get("min_length")
        return f"is too short: at least {n} characters", f"er for kort: mindst {n} tegn"
    if kind == "string_too_long":
        n = ctx.get("max_length")
        return f"is too long: at most {n} characters", f"er for lang: højst {n} tegn"
    if kind == "too_short":
        n = ctx.get("min_length")
        return f"needs at least {n} value(s)", f"skal have mindst {n} værdi(er)"
    if kind == "too_long":
        n = ctx.get("max_length")
        return f"takes at most {n} values", f"må højst have {n} værdier"
    if kind == "string_type":
        return "must be text", "skal være tekst"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "must be a whole number, e.g. 2013", "skal være et helt tal, fx 2013"
    if kind in ("greater_than_equal", "less_than_equal"):
        return ("must be a year from 1950 to 2100", "skal være et årstal fra 1950 til 2100")
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false", "skal være true eller false"
    if kind == "list_type":
        return "must be a list, e.g. [a, b]", "skal være en liste, fx [a, b]"
    if kind.startswith("url") or kind == "url_type":
        return ("must be a web address starting with http:// or https://",
                "skal være en webadresse, der begynder med http:// eller https://")
    if kind.startswith("date"):
        return "must be a date as YYYY-MM-DD", "skal være en dato som ÅÅÅÅ-MM-DD"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return ("must be a mapping with organisation (and optionally role and url)",
                "skal angive organisation (og evt. rolle og webadresse)")
    if kind == "string_pattern_mismatch":
        return ("must be a path on this site starting with /, e.g. /cases/samling/old-title/",
                "skal være en adresse på sitet, der begynder med /")
    return error.get("msg", "is not valid"), error.get("msg", "er ikke gyldig")


def _field_name(loc: Iterable) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _taxonomy_problems(data: dict, settings: Settings) -> list[tuple[tuple, str, str]]:
    found = []
    for name in FACET_FIELDS:
        facet = settings.facets.get(name)
        if facet is None or name not in data:
            continue
        raw = data[name]
        if name == "employee_driven":
            continue  # a bool, checked by the model
        items = raw if isinstance(raw, list) else [raw]
        allowed = ", ".join(facet.values)
        seen = set()
        for i, item in enumerate(items):
            loc = (name, i) if isinstance(raw, list) else (name,)
            if not isinstance(item, str):
                continue  # the model reports the type
            if item not in facet.values:
                found.append((loc, f"'{item}' is not one of {allowed}",
                              f"'{item}' er ikke en af: {allowed}"))
            elif item in seen:
                found.append((loc, f"'{item}' is listed twice", f"'{item}' står der to gange"))
            seen.add(item)
    for rule in STANDS_ALONE:
        found.extend(_stands_alone_problems(rule, data.get(rule[0])))
    return found


STANDS_ALONE = (
    ("region", "national", "the whole country", "hele landet",
     "list the regions", "angiv regionerne"),
    ("region", "not_stated", "the source names no place", "kilden nævner intet sted",
     "list the regions the source names", "angiv de regioner, kilden nævner"),
    ("value", "not_stated", "the source names no value", "kilden nævner ingen værdi",
     "keep the values the source names", "behold de værdier, kilden nævner"),
)
"""Values that cannot be combined with others in their facet: (facet, value, meaning, do instead)."""


def _stands_alone_problems(rule: tuple, raw) -> list[tuple[tuple, str, str]]:
    name, value, meaning, meaning_da, instead, instead_da = rule
    if not isinstance(raw, list) or value not in raw or len(raw) < 2:
        return []
    return [((name,), f"'{value}' ({meaning}) cannot be combined with other values: "
                      f"{instead}, or write only {value}",
             f"'{value}' ({meaning_da}) kan ikke kombineres med andre værdier: "
             f"{instead_da}, eller skriv kun {value}")]


SUMMARY_SENTENCES = (2, 4)
"""How many sentences ``summary_en`` has: enough to say what was done, short enough for a list."""

_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"'(]?[A-Z0-9]|\s*$)")


def count_sentences(text: str) -> int:
    """Sentences in an English text: a full stop, ! or ? before a capital, a digit or the end
    ("1.7 billion" and "e.g. the" do not end one)."""
    return len(_SENTENCE_END.findall(text.strip()))


def _summary_problems(record: CaseFile, file: str, line_of) -> list[Problem]:
    """A published case needs its English summary of two to four sentences; a draft may wait."""
    if not record.published:
        return []
    low, high = SUMMARY_SENTENCES
    if not record.summary_en:
        return [Problem(file, line_of(("lead",)), "summary_en",
                        f"is required for a published case: {low} to {high} sentences in English, "
                        "written after lead (or set published: false to keep the case a draft)",
                        f"skal udfyldes, før casen udgives: {low} til {high} sætninger på engelsk")]
    found = count_sentences(record.summary_en)
    if not low <= found <= high:
        return [Problem(file, line_of(("summary_en",)), "summary_en",
                        f"has {found} sentence(s); write {low} to {high}",
                        f"har {found} sætning(er); skriv {low} til {high}")]
    return []


def check_slug(slug: str) -> str | None:
    """Why ``slug`` cannot name a case, or None when it can."""
    if not SLUG_RE.match(slug) or len(slug) > 100:
        return "the file name must use lowercase a-z, 0-9 and '-' (write æ as ae, ø as oe, å as aa)"
    return None


def validate_case(
    slug: str,
    data: Any,
    settings: Settings,
    *,
    file: str,
    located: LocatedYaml | None = None,
    source_format: str = "yaml",
) -> tuple[Case | None, list[Problem]]:
    """Check one case's data; return the case when it is valid, and every problem found."""
    def line_of(loc) -> int:
        return located.line_of(tuple(loc)) if located else 0

    problems: list[Problem] = []
    slug_error = check_slug(slug)
    if slug_error:
        problems.append(Problem(file, 0, "", slug_error,
                                "filnavnet må kun bruge små bogstaver a-z, 0-9 og '-'"))
    if not isinstance(data, dict):
        problems.append(Problem(file, 1, "", "a case file must be a mapping of fields (field: value)",
                                "en case skal bestå af felter (felt: værdi)"))
        return None, problems

    for loc, en, da in _taxonomy_problems(data, settings):
        problems.append(Problem(file, line_of(loc), _field_name(loc), en, da))
    for loc, en, da in garbled_text_problems(data):
        problems.append(Problem(file, line_of(loc), _field_name(loc), en, da))
    try:
        record = CaseFile.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = error["loc"]
            if any(p.field == _field_name(loc) for p in problems):
                continue
            en, da = _messages(error)
            problems.append(Problem(file, line_of(loc), _field_name(loc), en, da))
        record = None
    draft = data.get("published") is False
    if draft:
        # A draft may be unfinished: what is missing or too short only blocks publishing
        # (see publishing_problems), while a wrong value is still wrong.
        problems = [p for p in problems if p.field not in _unfinished_fields(data, settings, problems)]
        if record is None and not problems:
            return None, []
    if record is not None:
        problems.extend(_summary_problems(record, file, line_of))
    if not draft and isinstance(data, dict):
        problems.extend(placeholder_problems(data, file, line_of))
    if problems or record is None:
        return None, sorted(problems, key=lambda p: p.line)

    if source_format == "html":
        body_html = sanitise(record.body)
    else:
        body_html = markdown_to_html(record.body)
    case = Case(
        slug=slug,
        source_format=source_format,
        body_html=body_html,
        body_text=html_to_text(body_html),
        source_urls=[str(u) for u in record.source_urls],
        contact=record.contact.model_dump(mode="json", exclude_none=True),
        **record.model_dump(exclude={"body", "source_urls", "contact"}),
    )
    return case, []


_ALIAS_SLASHES = re.compile(r"/+$")


def normalise_alias(path: str) -> str:
    """An alias as looked up: without trailing slashes, lowercase."""
    return _ALIAS_SLASHES.sub("", path.strip()).lower() or "/"


PLACEHOLDER_TEXTS = {
    "lead": "Skriv 1-3 sætninger, der får læseren til at læse videre (40-600 tegn).",
    "summary_en": "Write 2-4 sentences in English from the same facts: who did what, with what result.",
    "organisation": "Skriv organisationens navn",
    "contact.organisation": "Skriv organisationens navn",
}
"""What ``python -m indexer new`` writes where the editor must write the case's own words."""
PLACEHOLDER_PARAGRAPH = "Skriv her."
"""A body paragraph ``new`` writes under each heading (``Skriv her (eller slet afsnittet).`` too)."""
PLACEHOLDER_URL = "https://example.org/skriv-kildens-adresse"
_RESERVED_HOSTS = {"example.org", "example.com", "example.net"}  # where "new" points at /skriv-…
_UNFINISHED_KINDS = ("is required", "is too short", "needs at least")


def _value_at(data: Any, field: str) -> Any:
    value = data
    for part in re.findall(r"[^.\[\]]+", field):
        try:
            value = value[int(part)] if part.isdigit() else value[part]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return value


def _unfinished_fields(data: dict, settings: Settings, problems: list[Problem]) -> set[str]:
    """The fields of ``problems`` that are empty, missing or too short: unfinished, not wrong."""
    return {p.field for p in problems
            if p.message.startswith(_UNFINISHED_KINDS) or _value_at(data, p.field) in (None, "", [])}


def _placeholders(data: dict) -> list[tuple[tuple, str, str]]:
    found = []
    for name, text in PLACEHOLDER_TEXTS.items():
        if str(_value_at(data, name) or "").strip() == text:
            found.append((tuple(name.split(".")), f"still holds the placeholder '{text}'",
                          f"indeholder stadig pladsholderen »{text}«"))
    body = str(data.get("body") or "")
    if any(line.strip().startswith(PLACEHOLDER_PARAGRAPH[:-1] + " (") or line.strip() == PLACEHOLDER_PARAGRAPH
           for line in body.splitlines()):
        found.append((("body",), f"still holds the placeholder '{PLACEHOLDER_PARAGRAPH}' under a heading",
                      f"indeholder stadig pladsholderen »{PLACEHOLDER_PARAGRAPH}« under en overskrift"))
    text_lines = [line for line in body.splitlines() if line.strip()]
    if text_lines and all(line.lstrip().startswith("#") for line in text_lines):
        found.append((("body",), "has only the headings: write the text under them",
                      "har kun overskrifterne: skriv teksten under dem"))
    urls = [(("source_urls", i), u) for i, u in enumerate(data.get("source_urls") or [])]
    contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
    urls.append((("contact", "url"), contact.get("url")))
    for loc, url in urls:
        parts = urlsplit(str(url or ""))
        host = (parts.hostname or "").removeprefix("www.")
        if host in _RESERVED_HOSTS and parts.path.lower().startswith("/skriv"):
            found.append((loc, f"'{url}' is a placeholder, not a source", f"»{url}« er en pladsholder, ikke en kilde"))
    return found


def placeholder_problems(data: dict, file: str, line_of=lambda loc: 0) -> list[Problem]:
    """Placeholders left from ``python -m indexer new``: fine in a draft, an error when published."""
    return [Problem(file, line_of(loc), _field_name(loc), en, da) for loc, en, da in _placeholders(data)]


def publishing_problems(slug: str, data: Any, settings: Settings, *, file: str = "",
                        located: LocatedYaml | None = None) -> list[Problem]:
    """Everything that stops ``data`` from being published (a draft's checklist); [] when ready."""
    if not isinstance(data, dict):
        return validate_case(slug, data, settings, file=file or f"cases/{slug}.yaml")[1]
    published = {**data, "published": True}
    return validate_case(slug, published, settings, file=file or f"cases/{slug}.yaml", located=located)[1]
