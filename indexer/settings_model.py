"""The shape of ``config.yaml``: every key, its type and its default, declared once.

:func:`indexer.settings.load_settings` validates the file against :class:`ConfigModel` (errors
name the file and line) and keeps the result, frozen, as ``Settings.model``; a section's
defaults fill in what the file leaves out (``Settings.section``). Adding a key is one line in a
section below and one row in docs/config.md (tests/test_docs.py checks every key is there).
The taxonomy (``facets``) and ``themes`` keep their own checks in :mod:`indexer.settings`;
``search.relevance`` and ``search.field_boosts`` are checked by the search engine's
``Relevance`` (search_app/engine/relevance.py).
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SiteSettings(Section):
    name: str = "Casesamlingen"
    base_url: str = ""
    accessibility_statement_url: str = "#"
    trusted_hosts: tuple[str, ...] = ()
    contact_email: str = ""


class PathSettings(Section):
    cases_dir: str = "cases"
    index_dir: str = "var/index"
    data_dir: str = "var/data"


class SearchSettings(Section):
    per_page: int = Field(20, ge=1)
    max_per_page: int = Field(100, ge=1)
    max_query_length: int = Field(500, ge=1)
    snippet_chars: int = Field(220, ge=20)
    suggestions_budget_ms: float = Field(150.0, ge=0)
    warm_up_s: float = Field(2.0, ge=0)
    related_cases: int = Field(4, ge=0)
    reference_path: bool = False
    field_boosts: dict[str, float] = {}
    relevance: dict[str, Any] = {}


class SecuritySettings(Section):
    headers: dict[str, str] = {}
    hsts: str = ""
    max_content_length: int = Field(2_097_152, ge=1)
    access_log_days: int = Field(7, ge=1)


class EditorSettings(Section):
    idle_minutes: int = Field(30, ge=1)
    session_hours: float = Field(12, gt=0)
    sign_in_limit: str = "5 per minute"
    sign_in_address_limit: str = "20 per minute"
    sign_in_slow_seconds: float = Field(30, ge=0)


class ConfigModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    site: SiteSettings = SiteSettings()
    paths: PathSettings = PathSettings()
    search: SearchSettings = SearchSettings()
    synonyms: dict[str, list[str]] = {}
    security: SecuritySettings = SecuritySettings()
    editor: EditorSettings = EditorSettings()
    facets: dict[str, Any]
    entry_points: list[dict[str, Any]] = []
    themes: dict[str, Any] = {}


SECTIONS = {name: field.annotation for name, field in ConfigModel.model_fields.items()
            if isinstance(field.annotation, type) and issubclass(field.annotation, Section)}
"""Sections with keys of their own (the rest are mappings or lists checked elsewhere)."""


def section_defaults(name: str) -> dict[str, Any]:
    """A section's keys with their defaults ({} for mappings such as ``synonyms``)."""
    model = SECTIONS.get(name)
    return model().model_dump() if model else {}
