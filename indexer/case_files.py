"""Case data as the text of a case file, and legacy pages as case data.

Editors read these files, so the YAML we write looks like the ones they write by hand: the fields
in the order of docs/cases.md, the body as a ``|`` block, facet lists on one line. Everything
written here must read back to the same data (a test checks the round trip).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import yaml

from .html_markdown import html_to_markdown
from .html_source import extract_case, page_address, with_page_address
from .record import FACET_FIELDS, CaseFile
from .settings import Settings
from .yaml_lines import load_located

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


def skeleton(title: str, settings: Settings) -> str:
    """A valid draft case with ``title``: placeholders to replace, allowed values in comments.

    The placeholders are instructions, not facts; the draft stays out of public view
    (``published: false``) until an editor has written the case and sets ``published: true``.
    """
    first = {name: next(iter(settings.facets[name].values)) for name in ("sector", "region")}
    data = {
        "title": title.strip(),
        "lead": "Skriv 1-3 sætninger, der får læseren til at læse videre (40-600 tegn).",
        "body": "## Udfordringen\n\nSkriv her.\n\n## Løsningen\n\nSkriv her.\n\n"
                "## Samarbejdet\n\nSkriv her (eller slet afsnittet).\n\n## Resultater\n\nSkriv her.\n",
        "organisation": "Skriv organisationens navn",
        "innovation_type": [next(iter(settings.facets["innovation_type"].values))],
        "value": [next(iter(settings.facets["value"].values))],
        "partner": [],
        "sector": first["sector"],
        "region": first["region"],
        "area": [next(iter(settings.facets["area"].values))],
        "employee_driven": False,
        "source_urls": ["https://example.org/skriv-kildens-adresse"],
        "contact": {"organisation": "Skriv organisationens navn"},
        "published": False,
        "updated": dt.date.today(),
    }
    lines = []
    for line in to_yaml(data).splitlines():
        name = line.split(":", 1)[0]
        if name in FACET_FIELDS and name != "employee_driven" and name in settings.facets:
            line += "  # " + ", ".join(settings.facets[name].values)
        lines.append(line)
    return "\n".join(lines) + "\n"
