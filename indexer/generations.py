"""Index generations: build aside, switch atomically, keep the previous one for rollback.

Layout of the index folder::

    CURRENT            the name of the live generation (replaced atomically)
    PREVIOUS           the generation before it (for rollback)
    gen-<time>-<id>/   one Whoosh index per build
    write.lock         held by whoever writes (a build or an editor's save)

Readers never lock: they read CURRENT and open that generation. A build that dies leaves CURRENT
untouched, so the site goes on serving the previous index; the half-built folder is removed by
the next build.
"""
from __future__ import annotations

import contextlib
import secrets
import shutil
import time
from pathlib import Path

from .safe_files import LockTimeout, atomic_write, file_lock

CURRENT = "CURRENT"
PREVIOUS = "PREVIOUS"
LOCK = "write.lock"
PREFIX = "gen-"


class IndexBusy(Exception):
    """Another process is writing the index and did not finish in time."""


def _read_pointer(index_dir: Path, name: str) -> str | None:
    try:
        value = (index_dir / name).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return value if value.startswith(PREFIX) and (index_dir / value).is_dir() else None


def current_generation(index_dir: Path) -> Path | None:
    """The live generation's folder, or None when no build has finished yet."""
    name = _read_pointer(index_dir, CURRENT)
    return index_dir / name if name else None


def previous_generation(index_dir: Path) -> Path | None:
    name = _read_pointer(index_dir, PREVIOUS)
    return index_dir / name if name else None


def new_generation(index_dir: Path) -> Path:
    """An empty folder for a new build (not yet live)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"{PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    path = index_dir / name
    path.mkdir()
    return path


def _write_pointer(index_dir: Path, name: str, value: str) -> None:
    atomic_write(index_dir / name, (value + "\n").encode("ascii"))


def switch_to(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` live; the one it replaces becomes PREVIOUS."""
    old = current_generation(index_dir)
    if old is not None and old.name != generation.name:
        _write_pointer(index_dir, PREVIOUS, old.name)
    _write_pointer(index_dir, CURRENT, generation.name)


def prune(index_dir: Path) -> list[str]:
    """Remove generations that are neither CURRENT nor PREVIOUS (call with the lock held)."""
    keep = {p.name for p in (current_generation(index_dir), previous_generation(index_dir)) if p}
    removed = []
    for path in index_dir.glob(PREFIX + "*"):
        if path.is_dir() and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def rollback(index_dir: Path) -> Path:
    """Make the previous generation live again (and the current one the previous)."""
    with write_lock(index_dir):
        current, previous = current_generation(index_dir), previous_generation(index_dir)
        if previous is None:
            raise FileNotFoundError("there is no previous index generation to roll back to")
        _write_pointer(index_dir, CURRENT, previous.name)
        if current is not None:
            _write_pointer(index_dir, PREVIOUS, current.name)
        return previous


@contextlib.contextmanager
def write_lock(index_dir: Path, timeout: float = 30.0):
    """Hold the index's write lock; wait up to ``timeout`` seconds, then raise IndexBusy.

    An OS file lock: it is released when the holder exits, even by SIGKILL.
    """
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(file_lock(index_dir / LOCK, timeout=timeout))
        except LockTimeout:
            raise IndexBusy(
                f"another build or save holds {index_dir / LOCK}; try again when it has finished"
            ) from None
        yield
