"""The editor's list of every case file with its check result, cheap to show again and again.

Checking one case (parse the YAML, validate, render) takes a few milliseconds; for 10,000 cases
that is far longer than a web request may take. So results are kept in
``data_dir/case-list.json``, keyed by each file's size and modification time, shared by every
worker and kept across restarts: only new and changed files are checked again, and only within a
time budget per request. Files not checked yet are listed as such and checked on the next visit.
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .collection import SIDECAR_SUFFIX, case_files, load_case
from .safe_files import atomic_write
from .settings import Settings
from .validation import Problem, check_slug
from .yaml_lines import YamlProblem, load_located

CACHE_FILE = "case-list.json"
CACHE_FORMAT = 1
BUDGET_SECONDS = 5.0


@dataclass
class CaseSummary:
    slug: str
    title: str
    state: str  # "published", "draft", "trashed" or "unchecked"
    source_format: str
    problems: list[Problem] = field(default_factory=list)


def _stamp(path: Path) -> list[int]:
    """Size and modification time of a case's file(s): when they change, check again."""
    stamp = []
    for p in (path, path.with_name(path.stem + SIDECAR_SUFFIX)):
        try:
            st = p.stat()
        except OSError:
            continue
        stamp += [st.st_size, st.st_mtime_ns]
    return stamp


def _loose_data(path: Path) -> dict:
    """What an invalid YAML file still says (its title, whether it is a draft), if anything."""
    if path.suffix not in (".yaml", ".yml"):
        return {}
    try:
        data = load_located(path.read_text(encoding="utf-8")).data
    except (YamlProblem, UnicodeDecodeError, OSError):
        return {}
    return data if isinstance(data, dict) else {}


def summarise(path: Path, settings: Settings) -> CaseSummary:
    """One file's title, state and problems (the rules of ``indexer check``)."""
    case, problems = load_case(path, settings)
    if case is not None:
        title, published = case.title, case.published
    else:
        data = _loose_data(path)
        title = str(data.get("title") or path.stem)
        published = data.get("published", True) is not False
    return CaseSummary(path.stem, title, "published" if published else "draft",
                       "yaml" if path.suffix in (".yaml", ".yml") else "html", problems)


def _load_cache(path: Path) -> dict:
    try:
        cache = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return cache.get("files", {}) if cache.get("format") == CACHE_FORMAT else {}


def _from_cache(entry: dict) -> CaseSummary:
    return CaseSummary(entry["slug"], entry["title"], entry["state"], entry["source_format"],
                       [Problem(**p) for p in entry["problems"]])


def list_cases(settings: Settings, budget: float = BUDGET_SECONDS) -> list[CaseSummary]:
    """Every case file in ``cases/`` (not the trash), checked ones from the cache."""
    cache_path = settings.data_dir / CACHE_FILE
    cache = _load_cache(cache_path)
    fresh: dict[str, dict] = {}
    out = []
    deadline = time.monotonic() + budget
    for path in case_files(settings.cases_dir):
        if check_slug(path.stem):
            continue
        stamp = _stamp(path)
        entry = cache.get(path.name)
        if entry and entry.get("stamp") == stamp:
            summary = _from_cache(entry)
        elif time.monotonic() < deadline:
            summary = summarise(path, settings)
        else:
            out.append(CaseSummary(path.stem, path.stem, "unchecked",
                                   "yaml" if path.suffix in (".yaml", ".yml") else "html"))
            continue
        fresh[path.name] = dict(asdict(summary), stamp=stamp)
        out.append(summary)
    if fresh != cache:
        text = json.dumps({"format": CACHE_FORMAT, "files": fresh}, ensure_ascii=False)
        atomic_write(cache_path, text.encode("utf-8"))
    return out
