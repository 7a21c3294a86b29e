"""Reading the collection: every case file in ``cases/``, each checked on its own.

A broken file is reported and skipped; it never stops the others. Sidecars
(``<slug>.meta.yaml``) belong to the HTML page of the same slug.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .html_source import HtmlProblem, extract_case, page_address, with_page_address
from .progress import Progress
from .record import Case
from .settings import Settings
from .validation import Problem, normalise_alias, validate_case
from .yaml_lines import YamlProblem, load_located

MAX_YAML_BYTES = 1_000_000
MAX_HTML_BYTES = 5_000_000
SIDECAR_SUFFIX = ".meta.yaml"


@dataclass
class CollectionReport:
    """The outcome of reading ``cases/``: valid cases and every problem, per file."""

    cases: list[Case] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def invalid_files(self) -> list[str]:
        return sorted({p.file for p in self.problems})


def _display(path: Path, settings: Settings) -> str:
    try:
        return str(path.resolve().relative_to(settings.root))
    except ValueError:
        return str(path)


def _too_big(path: Path, limit: int, label: str) -> Problem | None:
    size = path.stat().st_size
    if size > limit:
        return Problem(label, 0, "", f"the file is too large ({size:,} bytes; at most {limit:,})",
                       f"filen er for stor ({size:,} bytes; højst {limit:,})")
    return None


def _read_yaml(path: Path, label: str):
    """(LocatedYaml, None) or (None, Problem)."""
    too_big = _too_big(path, MAX_YAML_BYTES, label)
    if too_big:
        return None, too_big
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, Problem(label, 0, "", f"the file is not UTF-8 text (byte {exc.start})",
                             "filen er ikke UTF-8-tekst")
    try:
        return load_located(text), None
    except YamlProblem as exc:
        return None, Problem(label, exc.line, "", exc.message, exc.message)


def load_yaml_case(path: Path, settings: Settings) -> tuple[Case | None, list[Problem]]:
    label = _display(path, settings)
    located, problem = _read_yaml(path, label)
    if problem:
        return None, [problem]
    return validate_case(path.stem, located.data, settings, file=label, located=located)


def load_html_case(path: Path, settings: Settings) -> tuple[Case | None, list[Problem]]:
    label = _display(path, settings)
    too_big = _too_big(path, MAX_HTML_BYTES, label)
    if too_big:
        return None, [too_big]
    slug = path.stem
    sidecar = path.with_name(slug + SIDECAR_SUFFIX)
    located = None
    file_label = label
    extra: dict = {}
    if sidecar.exists():
        file_label = _display(sidecar, settings)
        located, problem = _read_yaml(sidecar, file_label)
        if problem:
            return None, [problem]
        if located.data is not None and not isinstance(located.data, dict):
            return None, [Problem(file_label, 1, "", "a sidecar must be a mapping of fields",
                                  "en sidefil skal bestå af felter")]
        extra = dict(located.data or {})
    try:
        fields = with_page_address(extract_case(path.read_bytes(), base_url=page_address(extra)), extra)
    except HtmlProblem as exc:
        return None, [Problem(label, 0, "", str(exc), str(exc))]
    except Exception as exc:  # a parser failure on a hostile page must not stop the build
        return None, [Problem(label, 0, "", f"the page cannot be parsed: {exc}", "siden kan ikke læses")]
    fields = {k: v for k, v in fields.items() if not k.startswith("_")}
    fields.update(extra)
    case, problems = validate_case(slug, fields, settings, file=file_label, located=located,
                                   source_format="html")
    if problems and not sidecar.exists():
        problems = [Problem(p.file, p.line, p.field, p.message + f" (add it in {_display(sidecar, settings)}, "
                            "a sidecar file beside the page)",
                            p.message_da) for p in problems]
    return case, problems


def case_files(cases_dir: Path) -> list[Path]:
    """The case files in ``cases_dir``: YAML cases and HTML pages (not sidecars), sorted."""
    if not cases_dir.is_dir():
        return []
    files = []
    for path in sorted(cases_dir.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        if path.name.endswith(SIDECAR_SUFFIX):
            continue
        if path.suffix in (".yaml", ".yml", ".html", ".htm"):
            files.append(path)
    return files


def load_case(path: Path, settings: Settings) -> tuple[Case | None, list[Problem]]:
    if path.suffix in (".html", ".htm"):
        return load_html_case(path, settings)
    return load_yaml_case(path, settings)


def _cross_checks(cases: list[Case], settings: Settings) -> tuple[list[Case], list[Problem]]:
    """Slugs and aliases must be unique across the collection.

    A clashing alias is reported and dropped; the case itself stays searchable.
    """
    owners: dict[str, str] = {}
    problems = []
    by_slug: dict[str, Case] = {}
    for case in cases:
        if case.slug in by_slug:
            problems.append(Problem(f"cases/{case.slug}.{case.source_format}", 0, "",
                                    f"two files describe the case '{case.slug}' (YAML and HTML); keep one",
                                    f"to filer beskriver casen '{case.slug}'; behold én"))
            continue
        by_slug[case.slug] = case
        owners[normalise_alias(f"/cases/{case.slug}")] = case.slug
    kept = []
    for case in by_slug.values():
        own = []
        for alias in case.aliases:
            owner = owners.setdefault(normalise_alias(alias), case.slug)
            if owner == case.slug:
                own.append(alias)
                continue
            problems.append(Problem(f"cases/{case.slug}.{case.source_format}", 0, "aliases",
                                    f"'{alias}' already leads to the case '{owner}'; it is ignored here",
                                    f"'{alias}' fører allerede til casen '{owner}' og bruges ikke her"))
        kept.append(case if own == case.aliases else case.model_copy(update={"aliases": own}))
    return kept, problems


PARALLEL_FROM = 400
"""Fewer files than this are read in this process: starting workers costs more than it saves."""

CHUNK = 100
"""Files per task handed to a worker process."""


def default_jobs() -> int:
    """Worker processes for reading and indexing: one per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def load_collection(settings: Settings, cases_dir: Path | None = None, *, jobs: int | None = None,
                    progress: Progress | None = None) -> CollectionReport:
    """Read and check every case in ``cases_dir`` (default: the configured folder).

    A large collection is read by ``jobs`` worker processes (default: one per CPU), each reading
    and validating whole files; results come back in file order, so the report is the same as
    when one process reads everything (``jobs=1``, the reference the tests compare against).
    """
    files = case_files(cases_dir or settings.cases_dir)
    jobs = default_jobs() if jobs is None else jobs
    if progress is not None:
        progress.total = len(files)
    if jobs > 1 and len(files) >= PARALLEL_FROM:
        loaded = _load_in_workers(files, settings, jobs, progress)
    else:
        loaded = _load_here(files, settings, progress)
    report = CollectionReport(files=len(files))
    valid = []
    for case, problems in loaded:
        report.problems.extend(problems)
        if case:
            valid.append(case)
    report.cases, cross = _cross_checks(valid, settings)
    report.problems.extend(cross)
    return report


def _load_here(files: list[Path], settings: Settings, progress: Progress | None):
    for path in files:
        result = load_case(path, settings)
        if progress is not None:
            progress.advance()
        yield result


_worker_settings: Settings | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings


def _load_chunk(paths: list[Path]) -> list[tuple[Case | None, list[Problem]]]:
    return [load_case(path, _worker_settings) for path in paths]


def _load_in_workers(files: list[Path], settings: Settings, jobs: int, progress: Progress | None):
    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                          else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=_start_worker, initargs=(settings,)) as pool:
        for results in pool.map(_load_chunk, chunks):
            if progress is not None:
                progress.advance(len(results))
            yield from results
