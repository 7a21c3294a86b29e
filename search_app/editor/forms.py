"""The case form: from posted fields to case data and back, and problems placed by field.

The form only collects; the rules are the indexer's (:func:`indexer.validation.validate_case`),
so the editor and ``python -m indexer check`` can never disagree. Values that do not parse (a year
written as words, a date in another format) are passed on as text, so the validator names them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from indexer.record import FACET_FIELDS
from indexer.rendering import html_to_text, preview_html
from indexer.settings import Settings
from indexer.validation import Problem

TEXT_FIELDS = ("title", "lead", "body", "organisation", "summary_en")
LINE_FIELDS = ("source_urls", "aliases")
CONTACT_FIELDS = ("organisation", "role", "url")
MULTI_FACETS = ("innovation_type", "value", "partner", "reuse", "region", "area")
SINGLE_FACETS = ("sector",)

FIELD_LABELS = {
    "title": "Titel", "slug": "Adresse", "lead": "Indledning", "body": "Brødtekst",
    "organisation": "Organisation", "year": "År", "source_urls": "Kilder",
    "contact_organisation": "Kontakt: organisation", "contact_role": "Kontakt: afdeling eller rolle",
    "contact_url": "Kontakt: webadresse", "aliases": "Gamle adresser", "updated": "Opdateret",
    "summary_en": "Resumé på engelsk", "published": "Udgivet", "_form": "Casen",
}


@dataclass
class CaseForm:
    """What the template needs to show the form: values as strings/lists, errors by field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)

    def has(self, name: str, choice: str) -> bool:
        current = self.values.get(name)
        return choice in current if isinstance(current, list) else current == choice


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _year(text: str) -> Any:
    text = text.strip()
    return int(text) if text.isdigit() else text


def _date(text: str) -> Any:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return text.strip()


def data_from_form(form: MultiDict, published: bool) -> dict[str, Any]:
    """Case data from the posted form; empty fields are left out so "required" names them."""
    data: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        text = (form.get(name) or "").strip()
        if text:
            data[name] = text
    if (form.get("year") or "").strip():
        data["year"] = _year(form["year"])
    for name in MULTI_FACETS:
        chosen = [v for v in form.getlist(name) if v]
        if chosen or name in ("partner", "reuse"):
            data[name] = chosen
    for name in SINGLE_FACETS:
        if form.get(name):
            data[name] = form[name]
    if form.get("employee_driven") in ("true", "false"):
        data["employee_driven"] = form["employee_driven"] == "true"
    for name in LINE_FIELDS:
        lines = _lines(form.get(name, ""))
        if lines:
            data[name] = lines
    contact = {k: form.get(f"contact_{k}", "").strip() for k in CONTACT_FIELDS}
    contact = {k: v for k, v in contact.items() if v}
    if contact:
        data["contact"] = contact
    data["published"] = published
    if (form.get("updated") or "").strip():
        data["updated"] = _date(form["updated"])
    return data


def form_from_data(data: dict[str, Any] | None) -> CaseForm:
    """The form's values for case data (read from a file, an import or a history entry)."""
    data = data or {}
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        values[name] = str(data.get(name) or "")
    values["year"] = "" if data.get("year") is None else str(data["year"])
    for name in MULTI_FACETS:
        raw = data.get(name) or []
        values[name] = [str(v) for v in (raw if isinstance(raw, list) else [raw])]
    for name in SINGLE_FACETS:
        values[name] = str(data.get(name) or "")
    if isinstance(data.get("employee_driven"), bool):
        values["employee_driven"] = "true" if data["employee_driven"] else "false"
    for name in LINE_FIELDS:
        raw = data.get(name) or []
        values[name] = "\n".join(str(v) for v in (raw if isinstance(raw, list) else [raw]))
    contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
    for key in CONTACT_FIELDS:
        values[f"contact_{key}"] = str(contact.get(key) or "")
    values["updated"] = str(data.get("updated") or "")
    values["published"] = data.get("published", True) is not False
    return CaseForm(values)


def form_from_post(form: MultiDict) -> CaseForm:
    """The form as the editor sent it (shown again with errors, never retyped)."""
    values: dict[str, Any] = {k: form.get(k, "") for k in form if k not in MULTI_FACETS}
    for name in MULTI_FACETS:
        values[name] = form.getlist(name)
    return CaseForm(values)


def field_of(problem: Problem) -> str:
    """The form field a problem belongs to: ``contact.url`` -> ``contact_url``, ``area[1]`` -> ``area``."""
    name = problem.field
    if not name:
        return "slug" if "file name" in problem.message else "_form"
    if name == "contact":
        return "contact_organisation"
    if name.startswith("contact."):
        return "contact_" + name.split(".", 1)[1].split("[", 1)[0]
    return name.split("[", 1)[0].split(".", 1)[0]


def errors_by_field(problems: list[Problem]) -> dict[str, list[str]]:
    """Danish messages per form field; list items name their line (``Linje 2: …``)."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        name = field_of(problem)
        message = problem.message_da
        if name in LINE_FIELDS and "[" in problem.field:
            index = int(problem.field.split("[", 1)[1].split("]", 1)[0])
            message = f"Linje {index + 1}: {message}"
        message = message[:1].upper() + message[1:]
        errors.setdefault(name, []).append(message)
    return errors


def facet_choices(settings: Settings, lang: str = "da") -> list[dict]:
    """The taxonomy as the form shows it: checkboxes for lists, radio buttons for one value."""
    out = []
    for name in FACET_FIELDS:
        facet = settings.facets.get(name)
        if facet is None:
            continue
        out.append({
            "name": name,
            "label": facet.label.get(lang) or facet.label["da"],
            "multiple": facet.multiple,
            "required": facet.required,
            "choices": [(value, facet.value_label(value, lang)) for value in facet.values],
        })
    return out


def field_labels(settings: Settings, lang: str = "da") -> dict[str, str]:
    """Danish names of the form's fields, for the list of errors above the form."""
    labels = dict(FIELD_LABELS)
    for name, facet in settings.facets.items():
        labels[name] = facet.label.get(lang) or facet.label["da"]
    return labels


CHECKLIST = ("title", "lead", "body", "organisation", "innovation_type", "value", "sector", "region",
             "area", "employee_driven", "source_urls", "contact_organisation")
"""What every published case has, in the order of the form: the draft's checklist."""


def checklist_items(problems: list[Problem], data: dict[str, Any], labels: dict[str, str]) -> list[dict]:
    """Each thing publishing needs, done or not, with what is missing (links go to the field)."""
    errors = errors_by_field(problems)
    names = list(CHECKLIST) + [n for n in errors if n not in CHECKLIST]
    return [{"field": name, "label": labels.get(name, name), "done": name not in errors,
             "messages": errors.get(name, [])} for name in names]


def preview_record(data: dict[str, Any], slug: str) -> dict[str, Any]:
    """The public page's case record for form data, finished or not (never saved or indexed)."""
    body_html = preview_html(str(data.get("body") or ""))  # bounded: the longest body a case may have
    contact = dict(data.get("contact")) if isinstance(data.get("contact"), dict) else {}
    if not _web_address(contact.get("url")):
        contact.pop("url", None)  # not checked yet: only web addresses become links
    record: dict[str, Any] = {
        "slug": slug, "source_format": "yaml", "title": str(data.get("title") or ""),
        "lead": str(data.get("lead") or ""), "body_html": body_html, "body_text": html_to_text(body_html),
        "organisation": str(data.get("organisation") or ""),
        "year": data.get("year") if isinstance(data.get("year"), int) else None,
        "employee_driven": data.get("employee_driven") is True,
        "source_urls": [str(u) for u in data.get("source_urls") or [] if _web_address(u)],
        "contact": {k: str(v) for k, v in contact.items()}, "aliases": list(data.get("aliases") or []),
        "published": data.get("published") is True,
        "updated": str(data["updated"]) if data.get("updated") else None,
        "summary_en": data.get("summary_en"),
    }
    for name in MULTI_FACETS:
        record[name] = [str(v) for v in data.get(name) or []]
    for name in SINGLE_FACETS:
        record[name] = str(data.get(name) or "")
    return record


def _web_address(value: Any) -> bool:
    return str(value or "").lower().startswith(("http://", "https://"))
