"""Case data as the text of a case file, and legacy pages as case data.

Editors read these files, so the YAML we write looks like the ones they write by hand: the fields
in the order of docs/cases.md, the body as a ``|`` block, facet lists on one line. Everything
written here must read back to the same data (a test checks the round trip).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RoundTripError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from .html_markdown import html_to_markdown
from .html_source import extract_case, page_address, with_page_address
from .record import BODY_HEADINGS, FACET_FIELDS, CaseFile
from .settings import Settings
from .validation import PLACEHOLDER_PARAGRAPH, PLACEHOLDER_TEXTS, PLACEHOLDER_URL
from .yaml_lines import YamlProblem, load_located

FIELD_ORDER = tuple(CaseFile.model_fields)
"""The fields in the order docs/cases.md describes them (the model keeps the same order)."""

LIST_FIELDS = ("innovation_type", "value", "partner", "area", "source_urls", "aliases")
_ONE_LINE_LISTS = ("innovation_type", "value", "partner", "area")
_FOLD_AT = 80


class _FlowList(list):
    """A list written on one line: ``area: [aeldre, sundhed]``."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Block lists indented under their key, as people write them.
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, text: str):
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    if len(text) > _FOLD_AT:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


def _represent_flow_list(dumper: yaml.SafeDumper, items: list):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_FlowList, _represent_flow_list)


def _clean_body(text: str) -> str:
    """Unix line ends and no trailing spaces, so the body can be written as a ``|`` block."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def to_yaml(data: dict[str, Any]) -> str:
    """The text of ``cases/<slug>.yaml`` for ``data`` (fields in the documented order)."""
    ordered: dict[str, Any] = {}
    for name in FIELD_ORDER + tuple(k for k in data if k not in FIELD_ORDER):
        if name not in data:
            continue
        value = data[name]
        if name == "body" and isinstance(value, str):
            value = _clean_body(value)
        elif name in _ONE_LINE_LISTS and isinstance(value, list):
            value = _FlowList(value)
        ordered[name] = value
    return yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


def _round_trip() -> YAML:
    rt = YAML(typ="rt")
    rt.width = 100
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.allow_unicode = True
    return rt


def _round_trip_value(name: str, value: Any) -> Any:
    """``value`` as the round-trip writer should lay it out (the same layout as :func:`to_yaml`)."""
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        return FoldedScalarString(value) if len(value) > _FOLD_AT else value
    if isinstance(value, list):
        seq = CommentedSeq(_round_trip_value(name, v) for v in value)
        if name in _ONE_LINE_LISTS:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        return CommentedMap((k, _round_trip_value(k, v)) for k, v in value.items())
    return value


def update_yaml(text: str, data: dict[str, Any]) -> str:
    """``text`` (a case file) changed to hold ``data``, keeping its comments and layout.

    Only the fields whose values changed are rewritten; comments, the order of fields and the
    layout of the others stay as the editor wrote them. When the file is not a mapping, or the
    result would not read back as ``data`` with the loader ``indexer check`` uses, the file is
    written afresh with :func:`to_yaml` (then without comments).
    """
    fresh = to_yaml(data)
    wanted = from_yaml(fresh)
    try:
        old = from_yaml(text)
        doc = _round_trip().load(text)
    except Exception:  # noqa: BLE001 (any unreadable text: write it afresh)
        return fresh
    if not isinstance(doc, CommentedMap) or not isinstance(old, dict):
        return fresh
    for key in [k for k in doc if k not in wanted]:
        del doc[key]
    order = list(FIELD_ORDER) + [k for k in wanted if k not in FIELD_ORDER]
    for key, value in wanted.items():
        if key in old and old[key] == value and key in doc:
            continue
        laid_out = _round_trip_value(key, value)
        if key in doc:
            doc[key] = laid_out
            continue
        before = [k for k in order[:order.index(key)] if k in doc]
        doc.insert(list(doc).index(before[-1]) + 1 if before else 0, key, laid_out)
    out = io.StringIO()
    try:
        _round_trip().dump(doc, out)
        result = out.getvalue()
        return result if from_yaml(result) == wanted else fresh
    except (RoundTripError, ValueError, YamlProblem):
        return fresh


def from_yaml(text: str) -> Any:
    """The data of a case file's text (the same safe loader as ``indexer check``)."""
    return load_located(text).data


_FOLDS = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa", "ß": "ss"}


def slug_from_title(title: str, max_length: int = 60) -> str:
    """A case address from a title: ``Ældre får hjælp`` -> ``aeldre-faar-hjaelp``."""
    text = "".join(_FOLDS.get(ch, ch) for ch in title)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "")


def case_data_from_html(page: bytes, sidecar_text: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """The fields of a legacy page (body as Markdown), the sidecar's fields winning; and notes.

    A sidecar's ``source_url`` (the page's original address) resolves the page's relative links
    and becomes its first source. Raises :class:`indexer.html_source.HtmlProblem` when the page
    cannot be read as a case.
    """
    extra = from_yaml(sidecar_text) if sidecar_text else None
    extra = dict(extra) if isinstance(extra, dict) else {}
    fields = with_page_address(extract_case(page, base_url=page_address(extra)), extra)
    notes = list(fields.get("_notes") or [])
    fields = {k: v for k, v in fields.items() if not k.startswith("_")}
    fields.update(extra)
    if isinstance(fields.get("body"), str):
        fields["body"] = html_to_markdown(fields["body"])
    return fields, notes


def starting_body(placeholder: str = "") -> str:
    """A new case's body: the four headings, each with ``placeholder`` (or nothing) below it."""
    parts = []
    for heading in BODY_HEADINGS:
        text = placeholder
        if placeholder and heading == "Samarbejdet":
            text = placeholder[:-1] + " (eller slet afsnittet)."
        parts.append(f"## {heading}\n\n{text}\n" if text else f"## {heading}\n")
    return "\n".join(parts)


def skeleton(title: str, settings: Settings) -> str:
    """A draft case with ``title``: placeholders to replace, allowed values in comments.

    The placeholders are instructions, not facts: ``indexer check`` refuses them in a published
    case, and the facets start empty, so nothing is published with values nobody chose. The draft
    stays out of public view (``published: false``) until an editor has written the case and
    sets ``published: true``.
    """
    data = {
        "title": title.strip(),
        "lead": PLACEHOLDER_TEXTS["lead"],
        "summary_en": PLACEHOLDER_TEXTS["summary_en"],
        "body": starting_body(PLACEHOLDER_PARAGRAPH),
        "organisation": PLACEHOLDER_TEXTS["organisation"],
        "innovation_type": [],
        "value": [],
        "partner": [],
        "sector": None,
        "region": None,
        "area": [],
        "employee_driven": None,
        "source_urls": [PLACEHOLDER_URL],
        "contact": {"organisation": PLACEHOLDER_TEXTS["contact.organisation"]},
        "published": False,
        "updated": dt.date.today(),
    }
    lines = []
    for line in to_yaml(data).splitlines():
        name = line.split(":", 1)[0]
        if line.endswith(": null"):
            line = line[: -len(" null")]
        if name == "employee_driven":
            line += "  # true or false"
        elif name in FACET_FIELDS and name in settings.facets:
            line += "  # " + ", ".join(settings.facets[name].values)
        lines.append(line)
    return "\n".join(lines) + "\n"
