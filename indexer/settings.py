"""The site's settings and taxonomy, read from ``config.yaml`` and checked on load.

One loader for the indexer, the web app and the tests. ``CASESAMLINGEN_CONFIG`` names another
file. Every error names the file and line, so a typo in the taxonomy is found before it reaches
a case or a page.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .settings_model import ConfigModel, section_defaults
from .yaml_lines import LocatedYaml, YamlProblem, load_located

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config.yaml"
CONFIG_ENV = "CASESAMLINGEN_CONFIG"
SLUG_RE = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z: "$" would let a trailing newline through


class ConfigError(Exception):
    """config.yaml is not usable; the message names file and line."""


@dataclass(frozen=True)
class Facet:
    name: str
    label: dict[str, str]
    values: dict[str, dict[str, str]]
    multiple: bool
    required: bool

    def value_label(self, value: str, lang: str = "da") -> str:
        labels = self.values.get(value) or {}
        return labels.get(lang) or labels.get("da") or value


@dataclass(frozen=True)
class ThemeEdition:
    figure: int
    period: str
    n: int
    source_url: str


def search_filters(search: dict[str, Any] | None) -> dict[str, tuple[str, ...]]:
    """A theme's ``search`` or a front-page entry's ``params`` as the filters of a search:
    facet -> its values as URLs write them (strings: ``employee_driven: ["true"]``). A ``q``
    among them holds words, not a filter."""
    return {facet: tuple(map(str, values)) for facet, values in (search or {}).items()
            if facet != "q"}


@dataclass(frozen=True)
class Theme:
    slug: str
    title: str
    statement: str
    editions: tuple[ThemeEdition, ...]
    examples: tuple[str, ...]
    search: dict[str, list[str]]
    query: str = ""  # words of the "more examples" search, beside its facet filters
    intro: str = ""

    @property
    def filters(self) -> dict[str, tuple[str, ...]]:
        """The facet filters of the theme's "more examples" search."""
        return search_filters(self.search)

    @property
    def example_case(self) -> str | None:
        """The first of the cases the editors chose to illustrate the theme (its lead example)."""
        return self.examples[0] if self.examples else None


@dataclass
class Settings:
    path: Path
    raw: dict[str, Any]
    facets: dict[str, Facet]
    themes: dict[str, Theme]
    entry_points: list[dict[str, Any]] = field(default_factory=list)
    doc: LocatedYaml | None = field(default=None, repr=False, compare=False)
    model: ConfigModel | None = field(default=None, repr=False, compare=False)
    """The file as checked, frozen (see settings_model.py); ``section`` reads the same keys."""

    def line_of(self, where: tuple) -> int:
        """The line of the config file that holds ``where`` (a key path), or of its nearest
        parent that is there (1 when unknown)."""
        return self.doc.line_of(where) if self.doc is not None else 1

    @property
    def root(self) -> Path:
        return self.path.parent

    def section(self, name: str) -> dict[str, Any]:
        """A section's keys: the file's values over the declared defaults."""
        return {**section_defaults(name), **(self.raw.get(name) or {})}

    def resolve(self, value: str | os.PathLike) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(value)
        return p if p.is_absolute() else (self.root / p)

    @property
    def cases_dir(self) -> Path:
        return self.resolve(self.section("paths")["cases_dir"])

    @property
    def index_dir(self) -> Path:
        return self.resolve(self.section("paths")["index_dir"])

    @property
    def data_dir(self) -> Path:
        return self.resolve(self.section("paths")["data_dir"])

    def synonyms(self) -> dict[str, list[str]]:
        return {
            str(k).lower(): [str(v).lower() for v in vs]
            for k, vs in (self.raw.get("synonyms") or {}).items()
        }


def config_path() -> Path:
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def _fail(path: Path, doc: LocatedYaml, where: tuple, message: str):
    raise ConfigError(f"{path}:{doc.line_of(where)}: {'.'.join(map(str, where))}: {message}")


LANGUAGE_CODES = ("da", "en")


def _labels(path, doc, where, value) -> dict[str, str]:
    """Labels per language. A stray key means a comma split a label: quote labels with commas."""
    if not isinstance(value, dict) or "da" not in value:
        _fail(path, doc, where, "needs labels as {da: ..., en: ...}")
    stray = [k for k in value if k not in LANGUAGE_CODES]
    if stray:
        _fail(path, doc, where, f"unknown language key(s) {', '.join(map(str, stray))}: "
              'a label with a comma must be quoted, e.g. {da: "Børn, unge og dagtilbud", en: ...}')
    return {str(k): str(v) for k, v in value.items()}


def _parse_facets(path: Path, doc: LocatedYaml) -> dict[str, Facet]:
    facets = doc.data.get("facets")
    if not isinstance(facets, dict) or not facets:
        _fail(path, doc, ("facets",), "must map each facet name to its label and values")
    result = {}
    for name, spec in facets.items():
        where = ("facets", name)
        if not isinstance(spec, dict) or not isinstance(spec.get("values"), dict):
            _fail(path, doc, where, "needs 'label' and 'values'")
        values = {
            str(v): _labels(path, doc, where + ("values", v), labels)
            for v, labels in spec["values"].items()
        }
        result[name] = Facet(
            name=name,
            label=_labels(path, doc, where + ("label",), spec.get("label")),
            values=values,
            multiple=bool(spec.get("multiple", True)),
            required=bool(spec.get("required", False)),
        )
    return result


def _parse_themes(path: Path, doc: LocatedYaml, facets: dict[str, Facet]) -> dict[str, Theme]:
    themes = doc.data.get("themes") or {}
    result = {}
    for slug, spec in themes.items():
        where = ("themes", slug)
        if not SLUG_RE.match(str(slug)):
            _fail(path, doc, where, "a theme slug uses a-z, 0-9 and '-'")
        if not isinstance(spec, dict):
            _fail(path, doc, where, "must be a mapping")
        for key in ("title", "statement", "editions"):
            if not spec.get(key):
                _fail(path, doc, where + (key,), "is required")
        editions = []
        for i, e in enumerate(spec["editions"]):
            try:
                editions.append(
                    ThemeEdition(int(e["figure"]), str(e["period"]), int(e["n"]), str(e["source_url"]))
                )
            except (KeyError, TypeError, ValueError):
                _fail(path, doc, where + ("editions", i),
                      "needs figure (number), period, n (number) and source_url")
        examples = spec.get("examples")
        if examples is None:
            examples = [spec["example_case"]] if spec.get("example_case") else []
        if not isinstance(examples, list) or not all(isinstance(e, str) and SLUG_RE.match(e) for e in examples):
            _fail(path, doc, where + ("examples",), "must be a list of case slugs")
        search = dict(spec.get("search") or {})
        query = search.pop("q", "")
        if not isinstance(query, str):
            _fail(path, doc, where + ("search", "q"), "must be the words of a search, as text")
        for facet, values in search.items():
            if facet not in facets:
                _fail(path, doc, where + ("search", facet), f"unknown facet (one of {', '.join(facets)})")
            for v in values:
                if str(v) not in facets[facet].values:
                    _fail(path, doc, where + ("search", facet), f"'{v}' is not a value of {facet}")
        result[str(slug)] = Theme(
            slug=str(slug),
            title=str(spec["title"]),
            statement=str(spec["statement"]),
            editions=tuple(editions),
            examples=tuple(examples),
            search={k: [str(v) for v in vs] for k, vs in search.items()},
            query=query,
            intro=str(spec.get("intro") or ""),
        )
    return result


def load_settings(path: str | os.PathLike | None = None) -> Settings:
    """Read and check the config file (``path``, else ``$CASESAMLINGEN_CONFIG``, else the default)."""
    path = Path(path) if path else config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror}") from None
    try:
        doc = load_located(text)
    except YamlProblem as exc:
        raise ConfigError(f"{path}:{exc.line}: {exc.message}") from None
    if not isinstance(doc.data, dict):
        raise ConfigError(f"{path}:1: the config file must be a mapping of sections")
    facets = _parse_facets(path, doc)
    model = _check_model(path, doc)
    for i, point in enumerate(doc.data.get("entry_points") or []):
        for key in ("label", "text"):
            if key in point:
                _labels(path, doc, ("entry_points", i, key), point[key])
    return Settings(
        path=path.resolve(),
        raw=doc.data,
        facets=facets,
        themes=_parse_themes(path, doc, facets),
        entry_points=list(doc.data.get("entry_points") or []),
        doc=doc,
        model=model,
    )


def _check_model(path: Path, doc: LocatedYaml) -> ConfigModel:
    """The file against :class:`ConfigModel`; the first problem names file, line and key."""
    try:
        return ConfigModel.model_validate(doc.data)
    except ValidationError as exc:
        error = exc.errors()[0]
    where = tuple(error["loc"])
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        parent = ConfigModel
        for key in where[:-1]:
            found = getattr(parent, "model_fields", {}).get(key)
            parent = found.annotation if found is not None else None
        known = ", ".join(getattr(parent, "model_fields", {}))
        message = f"unknown key (known: {known}); see docs/config.md"
    _fail(path, doc, where, message)
