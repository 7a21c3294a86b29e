"""Keeping the live index in step with saved case files, even while a full build holds it.

A save writes the file first, then updates the index for that one case. A full build can hold
the index's write lock for longer than a save may wait (a web request must answer). Then the
slug is noted in ``data_dir/pending-index/`` and a background thread finishes the job as soon as
the lock is free, from the file as it is then, so the newest text always wins. Any later save
finishes pending ones too, and a full build reads every file anyway.

Each slug is handled under the case's own lock (the one saves take), so a save and the catch-up
of the same case can never overtake each other.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from .build import remove_case, update_case
from .collection import case_files, load_case
from .generations import IndexBusy
from .record import Case
from .safe_files import LockTimeout, file_lock
from .settings import Settings

log = logging.getLogger(__name__)

PENDING = "pending-index"
SAVE_WAIT_SECONDS = 20.0
"""How long a save waits for the index (below gunicorn's 30 s worker timeout)."""
CATCH_UP_SECONDS = 900.0
"""How long the background thread keeps trying before it leaves the rest to the next build."""

_drainer_lock = threading.Lock()
_drainers: set[Path] = set()


def slug_lock(settings: Settings, slug: str, timeout: float = 30.0):
    """The lock every writer of one case holds (``data_dir/locks/<slug>.lock``)."""
    return file_lock(settings.data_dir / "locks" / f"{slug}.lock", timeout=timeout)


def _pending_dir(settings: Settings) -> Path:
    return settings.data_dir / PENDING


def pending(settings: Settings) -> list[str]:
    folder = _pending_dir(settings)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _apply(settings: Settings, case: Case | None, removed: str | None, wait: float) -> None:
    if removed:
        remove_case(settings, removed, lock_timeout=wait)
    if case is not None:
        update_case(settings, case, lock_timeout=wait)


def sync_case(settings: Settings, case: Case | None, *, removed: str | None = None,
              wait: float = SAVE_WAIT_SECONDS) -> bool:
    """Index ``case`` and/or drop ``removed`` now (call with the case's lock held).

    False when the index was busy or missing: the slugs are then noted and caught up later.
    """
    try:
        _apply(settings, case, removed, wait)
    except FileNotFoundError as exc:  # no index yet (a fresh checkout): the first build adds it
        log.warning("case saved, no index to update yet: %s", exc)
        return False
    except IndexBusy:
        for slug in {s for s in (removed, case.slug if case else None) if s}:
            folder = _pending_dir(settings)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / slug).touch()
        log.warning("index busy; %s will be indexed when it is free", case.slug if case else removed)
        start_catch_up(settings)
        return False
    return True


def _current_case(settings: Settings, slug: str) -> Case | None:
    for path in case_files(settings.cases_dir):
        if path.stem == slug:
            return load_case(path, settings)[0]
    return None


def catch_up(settings: Settings, wait: float = 1.0) -> list[str]:
    """Index every pending slug from its current file; the slugs still pending afterwards."""
    for slug in pending(settings):
        marker = _pending_dir(settings) / slug
        try:
            with slug_lock(settings, slug, timeout=wait):
                case = _current_case(settings, slug)
                # No valid case (deleted, an unfinished draft, broken by hand): out of the index,
                # as a full build would leave it, so nothing unpublished stays public.
                _apply(settings, case, None if case else slug, wait)
                marker.unlink(missing_ok=True)
        except (IndexBusy, LockTimeout):
            continue
        except FileNotFoundError:
            break
    return pending(settings)


def start_catch_up(settings: Settings) -> None:
    """Catch up in a background thread (one per index folder and process)."""
    key = settings.index_dir.resolve()
    with _drainer_lock:
        if key in _drainers:
            return
        _drainers.add(key)

    def run():
        try:
            deadline = time.monotonic() + CATCH_UP_SECONDS
            while catch_up(settings) and time.monotonic() < deadline:
                time.sleep(0.5)
        except Exception:  # a thread must not die silently: say so, the next save retries
            log.exception("catching up the index failed; the next save or build will")
        finally:
            with _drainer_lock:
                _drainers.discard(key)

    threading.Thread(target=run, name="casesamlingen-index-catch-up", daemon=True).start()
