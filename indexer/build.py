"""Building the index: full builds into a new generation, and single-case updates in place.

This module is the only way a case enters the index: the CLI's ``build`` and the web editor's
saves both come through here.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from whoosh import index as whoosh_index

from . import generations
from .analysis import vocabulary_from_texts
from .collection import case_files, default_jobs, load_case, load_collection
from .progress import Progress, wanted
from .record import Case
from .schema import build_schema, to_document
from .settings import Settings
from .validation import Problem

CURATED_WORDS = Path(__file__).with_name("compound_words.txt")

COMPOUND_SEGMENTS = False
"""Whoosh's ``compound`` option, off: a segment's parts stay separate files. A reader
copies every part of a compound segment file into its own memory (about 50 MB per web worker
at 10,000 cases, measured); separate files are read through the shared page cache instead."""


@dataclass
class BuildSummary:
    indexed: int
    skipped_files: list[str]
    problems: list[Problem]
    seconds: float
    generation: Path | None = None
    removed: list[str] = field(default_factory=list)
    read_seconds: float = 0.0  # reading and validating the files
    jobs: int = 1


WRITER_MB = 128
"""Memory for postings before Whoosh's plain writer spills them to disk."""

MAX_UNMERGED_SEGMENTS = 8
"""A single-case save commits without merging (a merge costs most of a save) until this many
segments have piled up; then the next save merges the small ones."""


def commit_safely(writer, merge: bool = True) -> None:
    """Commit, or cancel so the write lock is released (whoosh-reloaded keeps it on failure)."""
    try:
        writer.commit(merge=merge)
    except BaseException:
        writer.cancel()
        raise


def curated_words() -> list[str]:
    try:
        lines = CURATED_WORDS.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


PARALLEL_WRITE_FROM = 1000
"""Fewer cases than this are indexed by Whoosh's own writer in this process."""


def write_generation(cases: list[Case], target: Path, progress: Progress | bool = False,
                     jobs: int = 1, fast: bool | None = None) -> None:
    """Write ``cases`` as a new Whoosh index in the empty folder ``target``.

    ``jobs=1`` (and any small collection) is Whoosh's plain single writer: the reference path.
    A large collection with ``jobs`` > 1 takes the fast path (``fast=True`` forces it): the
    cases are cut into ``jobs`` runs in order, each written as one segment by a worker process
    with a writer that analyses each distinct word once per field and sorts the postings in
    memory (``compat.write_terms_segment``); the segments are not merged (a search reads them
    side by side, with the same scores) and become the index in one commit.
    """
    vocabulary = vocabulary_from_texts(
        (f"{c.title} {c.lead} {c.organisation} {c.body_text}" for c in cases), curated_words()
    )
    ix = whoosh_index.create_in(str(target), build_schema(vocabulary))
    if not isinstance(progress, Progress):
        progress = Progress("Indekserer", len(cases), enabled=bool(progress))
    if fast is None:
        fast = jobs > 1 and len(cases) >= PARALLEL_WRITE_FROM
    try:
        if fast:
            _write_fast(ix, cases, progress, max(1, jobs))
        else:
            _write_plain(ix, cases, progress)
        write_postings_files(ix)
    finally:
        ix.close()
    progress.finish()


def write_postings_files(ix) -> None:
    """Beside each new segment, its postings without positions, which searches read far faster
    than Whoosh's blocks (see search_app.engine.postings_file)."""
    from search_app.engine.postings_file import write_missing

    write_missing(ix)


def _write_plain(ix, cases: list[Case], progress: Progress) -> None:
    writer = ix.writer(limitmb=WRITER_MB, compound=COMPOUND_SEGMENTS)
    try:
        for case in cases:
            writer.add_document(**to_document(case))
            progress.advance()
    except BaseException:
        writer.cancel()
        raise
    commit_safely(writer)


_parts: list[list[Case]] = []  # the runs of cases, inherited by forked writer processes
_done = None  # cases written so far, shared with them


def _documents(cases: list[Case], counted: Callable[[int], None]):
    for n, case in enumerate(cases, 1):
        yield to_document(case)
        if n % 50 == 0 or n == len(cases):
            counted(50 if n % 50 == 0 else n % 50)


def _write_part(args) -> object:
    from search_app.engine.compat import write_terms_segment

    part, folder = args

    def counted(n: int) -> None:
        with _done.get_lock():
            _done.value += n

    ix = whoosh_index.open_dir(folder)
    try:
        return write_terms_segment(ix, _documents(_parts[part], counted))
    finally:
        ix.close()


def _write_fast(ix, cases: list[Case], progress: Progress, jobs: int) -> None:
    global _parts, _done
    from search_app.engine.compat import commit_segments, write_terms_segment

    if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
        # one segment in this process (the workers inherit the cases by forking, nothing else)
        segments = [write_terms_segment(ix, _documents(cases, progress.advance))]
    else:
        size = -(-len(cases) // jobs)
        context = multiprocessing.get_context("fork")
        _parts = [cases[i:i + size] for i in range(0, len(cases), size)]
        _done = context.Value("l", 0)
        try:
            with context.Pool(len(_parts)) as pool:
                result = pool.map_async(_write_part, [(i, ix.storage.folder) for i in range(len(_parts))],
                                        chunksize=1)
                while not result.ready():
                    result.wait(0.2)
                    progress.advance(_done.value - progress.done)
                segments = result.get()
        finally:
            _parts, _done = [], None
        progress.advance(len(cases) - progress.done)
    commit_segments(ix, segments)


def build_index(
    settings: Settings,
    *,
    cases_dir: Path | None = None,
    index_dir: Path | None = None,
    progress: bool | None = None,
    lock_timeout: float = 30.0,
    jobs: int | None = None,
) -> BuildSummary:
    """Validate the collection, index the valid cases into a new generation and switch to it.

    Invalid cases are skipped and reported. Until the switch the previous generation serves;
    after it, the previous one is kept for rollback and older ones are removed.
    """
    started = time.perf_counter()
    index_dir = index_dir or settings.index_dir
    cases_dir = cases_dir or settings.cases_dir
    # Read the files under the lock: a save that lands after the read then waits for the lock and
    # updates the new generation, instead of updating the old one just before it is replaced.
    with generations.write_lock(index_dir, timeout=lock_timeout):
        before = _file_states(cases_dir)
        jobs = default_jobs() if jobs is None else jobs
        show = wanted(progress, len(before))
        reading = Progress("Læser og tjekker", 0, enabled=show)
        report = load_collection(settings, cases_dir, jobs=jobs, progress=reading)
        reading.finish()
        read_seconds = time.perf_counter() - started
        target, removed = _build_locked(
            report.cases, index_dir, Progress("Indekserer", len(report.cases), enabled=show),
            before_switch=lambda target: _catch_up(settings, cases_dir, target, before),
            jobs=jobs,
        )
    return BuildSummary(
        indexed=len(report.cases),
        skipped_files=report.invalid_files,
        problems=report.problems,
        seconds=time.perf_counter() - started,
        generation=target,
        removed=removed,
        read_seconds=read_seconds,
        jobs=jobs,
    )


def _build_locked(cases: list[Case], index_dir: Path, progress: Progress | bool,
                  before_switch: Callable[[Path], object] | None = None,
                  jobs: int = 1) -> tuple[Path, list[str]]:
    """Write a new generation and make it live (the caller holds the write lock)."""
    target = generations.new_generation(index_dir)
    try:
        write_generation(cases, target, progress, jobs=jobs)
        if before_switch is not None:
            before_switch(target)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    generations.switch_to(index_dir, target)
    return target, generations.prune(index_dir)


def _file_states(cases_dir: Path) -> dict[str, tuple[int, int, int]]:
    """Each file's (inode, mtime, size) in ``cases_dir``: a save replaces its file, changing them."""
    states = {}
    with contextlib.suppress(OSError):
        for path in cases_dir.iterdir():
            if not path.name.startswith("."):
                with contextlib.suppress(OSError):
                    st = path.stat()
                    states[path.name] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return states


def _catch_up(settings: Settings, cases_dir: Path, target: Path,
              before: dict[str, tuple[int, int, int]]) -> list[str]:
    """Put into ``target`` the cases whose files changed while it was being written.

    A save writes its file and then waits for the write lock to update the index; when a long
    build makes it give up, the build must carry the change, or it would be missing from search
    until the next build. Returns the slugs brought up to date.
    """
    after = _file_states(cases_dir)
    slugs = sorted({name.split(".", 1)[0] for name in before.keys() | after.keys()
                    if before.get(name) != after.get(name)})
    if not slugs:
        return []
    files = {path.stem: path for path in case_files(cases_dir)}
    with _index_writer(target) as writer:
        for slug in slugs:
            case = load_case(files[slug], settings)[0] if slug in files else None
            if case is None:
                writer.delete_by_term("slug", slug)
            else:
                writer.update_document(**_document(writer, case))
    return slugs


def ensure_index(settings: Settings) -> Path:
    """The live generation; builds one first when there is none (a fresh checkout).

    Several workers may start at once: the check and the build happen under the write lock, so
    only the first builds and the others find its result.
    """
    live = generations.current_generation(settings.index_dir)
    if live is not None:
        return live
    with generations.write_lock(settings.index_dir, timeout=300):
        live = generations.current_generation(settings.index_dir)
        if live is None:
            # one process: this runs inside a starting web worker, which must not fork
            report = load_collection(settings, jobs=1)
            live, _ = _build_locked(report.cases, settings.index_dir, progress=False)
    return live


def _live(index_dir: Path) -> Path:
    live = generations.current_generation(index_dir)
    if live is None:
        raise FileNotFoundError(f"no index in {index_dir}; run 'python -m indexer build' first")
    return live


@contextlib.contextmanager
def _index_writer(path: Path):
    """A writer on the index at ``path``: committed when the block ends, cancelled if it fails."""
    ix = whoosh_index.open_dir(str(path))
    try:
        merge = len(ix._segments()) >= MAX_UNMERGED_SEGMENTS
        writer = ix.writer(compound=COMPOUND_SEGMENTS)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        commit_safely(writer, merge=merge)
        write_postings_files(ix)
    finally:
        ix.close()


def _document(writer, case: Case) -> dict:
    """``case`` as a document of the index ``writer`` writes to: a field added to the schema
    since that index was built (``summary_en``) waits for the next full build."""
    return {name: value for name, value in to_document(case).items() if name in writer.schema}


def update_case(settings: Settings, case: Case, *, lock_timeout: float = 10.0) -> None:
    """Put one case (new or changed) into the live index, searchable once committed."""
    with generations.write_lock(settings.index_dir, timeout=lock_timeout):
        with _index_writer(_live(settings.index_dir)) as writer:
            writer.update_document(**_document(writer, case))


def remove_case(settings: Settings, slug: str, *, lock_timeout: float = 10.0) -> None:
    """Take one case out of the live index."""
    with generations.write_lock(settings.index_dir, timeout=lock_timeout):
        with _index_writer(_live(settings.index_dir)) as writer:
            writer.delete_by_term("slug", slug)
