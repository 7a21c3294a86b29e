"""The audit log: who changed which case, how and when (``data_dir/audit.jsonl``).

One JSON object a line, appended under a lock, so several workers and the command line can write
at once without interleaving. Entries are never rewritten; reading takes the newest first.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from collections import deque
from pathlib import Path
from typing import Any

from .safe_files import file_lock

FILE_NAME = "audit.jsonl"


def audit_path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def record(data_dir: Path, *, editor: str, action: str, slug: str,
           old_version: str = "", new_version: str = "", **details: Any) -> dict:
    """Append one entry and return it."""
    entry = {
        "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "editor": editor,
        "action": action,
        "slug": slug,
        "old_version": old_version,
        "new_version": new_version,
        **details,
    }
    path = audit_path(data_dir)
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    with file_lock(path.with_name(FILE_NAME + ".lock")):
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
    return entry


def entries(data_dir: Path, limit: int = 500, slug: str | None = None) -> list[dict]:
    """The newest ``limit`` entries (of one case when ``slug`` is given), newest first."""
    path = audit_path(data_dir)
    if not path.exists():
        return []
    kept: deque[dict] = deque(maxlen=limit)
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a crash; the others still count
            if slug is None or entry.get("slug") == slug or entry.get("from_slug") == slug:
                kept.append(entry)
    return list(reversed(kept))
