"""The trash (``data_dir/trash/``): deleted cases, each deletion in an entry of its own.

An entry is named ``<slug>.<UTC time>`` and holds the case's files as they were plus
``deleted.json`` (when, who, the title, the version and the case's history folder). Entries are
never overwritten: an address deleted twice has two entries, each restorable. Folders named by
a bare slug (written before entries had a time) are read as entries too.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .safe_files import atomic_write

ENTRY_RE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)(\.\d{8}T\d{12}Z)?$")
INFO_FILE = "deleted.json"


class NotInTrash(LookupError):
    """No deleted case by that name."""


@dataclass
class TrashEntry:
    name: str  # the entry's folder
    slug: str  # the address the case had
    info: dict[str, Any]  # what deleted.json says


class CaseTrash:
    """The trash folder; callers hold the case's lock and check slugs before they get here."""

    def __init__(self, folder: Path):
        self.folder = folder

    def put(self, slug: str, files: list[Path], info: dict[str, Any]) -> str:
        """Move ``files`` into a new entry with ``info``; the entry's name."""
        now = dt.datetime.now(dt.timezone.utc)
        name = f"{slug}.{now.strftime('%Y%m%dT%H%M%S%fZ')}"
        entry = self.folder / name
        entry.mkdir(parents=True)  # a new entry every time: an older deletion stays restorable
        for path in files:
            path.replace(entry / path.name)
        info = {"time": now.isoformat(timespec="seconds"), "slug": slug, **info}
        atomic_write(entry / INFO_FILE, json.dumps(info, ensure_ascii=False).encode("utf-8"))
        return name

    def info(self, name: str | None) -> dict[str, Any] | None:
        """What ``deleted.json`` of entry ``name`` says (None when there is no such entry)."""
        if not ENTRY_RE.match(name or ""):
            return None
        try:
            return json.loads((self.folder / name / INFO_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def entries(self) -> list[TrashEntry]:
        """Every deleted case, newest deletion first."""
        found = []
        for folder in self.folder.iterdir() if self.folder.is_dir() else []:
            info = self.info(folder.name)
            if info is not None:
                found.append(TrashEntry(folder.name, ENTRY_RE.match(folder.name).group(1), info))
        return sorted(found, key=lambda e: (e.info.get("time", ""), ENTRY_RE.match(e.name).group(2) or ""),
                      reverse=True)

    def find(self, name: str) -> TrashEntry:
        """The entry ``name``, or for a bare slug its newest deletion; NotInTrash otherwise."""
        match = ENTRY_RE.match(name)
        if match is None:
            raise NotInTrash(name)
        if match.group(2) is None:
            name = next((e.name for e in self.entries() if e.slug == name), name)
        info = self.info(name)
        if info is None:
            raise NotInTrash(name)
        return TrashEntry(name, match.group(1), info)

    def take_out(self, entry: TrashEntry, into: Path) -> list[Path]:
        """Move the entry's files back into ``into``; the entry is gone afterwards."""
        moved = []
        folder = self.folder / entry.name
        for path in folder.iterdir():
            if path.name != INFO_FILE:
                path.replace(into / path.name)
                moved.append(into / path.name)
        shutil.rmtree(folder)
        return moved
