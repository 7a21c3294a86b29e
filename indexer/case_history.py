"""Kept versions of each case (``data_dir/history/<slug>/``): every version a change replaced.

Entries are named ``<UTC time>-<version>`` and never rewritten. A YAML case is kept as
``.yaml``; a legacy page as ``.html`` beside its ``.meta.yaml`` sidecar; a save refused by a
conflict as ``.rejected.yaml``, so the losing editor's text is never lost either.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .collection import SIDECAR_SUFFIX
from .safe_files import atomic_write

HTML_SUFFIXES = (".html", ".htm")
ENTRY_RE = re.compile(r"^(\d{8}T\d{12}Z)-([0-9a-f]{64})(\.rejected)?$")
_TIME_FORMAT = "%Y%m%dT%H%M%S%fZ"


class EntryNotFound(LookupError):
    """No kept version by that name (or a name that could reach other files)."""


@dataclass
class HistoryEntry:
    slug: str
    name: str
    time: dt.datetime
    version: str
    kind: str  # "yaml", "html" (a legacy page) or "rejected" (a save that lost a conflict)


class CaseHistory:
    """The history folder; callers check slugs (``CaseStore.checked_slug``) before they get here."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _write(self, slug: str, stem_suffix: str, parts: list[tuple[str, bytes]]) -> str:
        name = f"{dt.datetime.now(dt.timezone.utc).strftime(_TIME_FORMAT)}-{stem_suffix}"
        for suffix, blob in parts:
            atomic_write(self.folder / slug / f"{name}{suffix}", blob)
        return name

    def keep(self, slug: str, files: list[Path], version: str) -> str:
        """Copy a case's current files into its history; the entry's name."""
        parts = []
        for path in files:
            if path.name.endswith(SIDECAR_SUFFIX):
                suffix = SIDECAR_SUFFIX
            elif path.suffix in HTML_SUFFIXES:
                suffix = ".html"
            else:
                suffix = ".yaml"
            parts.append((suffix, path.read_bytes()))
        return self._write(slug, version, parts)

    def keep_rejected(self, slug: str, text: str, version: str) -> str:
        return self._write(slug, f"{version}.rejected", [(".yaml", text.encode("utf-8"))])

    def move(self, old: str, new: str) -> None:
        """A renamed case takes its history along."""
        source = self.folder / old
        if not source.is_dir():
            return
        target = self.folder / new
        target.mkdir(parents=True, exist_ok=True)
        for path in source.iterdir():
            path.replace(target / path.name)
        source.rmdir()

    def entries(self, slug: str) -> list[HistoryEntry]:
        """The kept versions, newest first (the current file is not among them)."""
        folder = self.folder / slug
        found = {}
        for path in folder.iterdir() if folder.is_dir() else []:
            if path.name.endswith(SIDECAR_SUFFIX):
                continue
            rejected = ".rejected." in path.name
            match = ENTRY_RE.match(path.name.split(".", 1)[0] + (".rejected" if rejected else ""))
            if not match:
                continue
            kind = "rejected" if rejected else ("html" if path.suffix == ".html" else "yaml")
            when = dt.datetime.strptime(match.group(1), _TIME_FORMAT).replace(tzinfo=dt.timezone.utc)
            found[match.group(0)] = HistoryEntry(slug, match.group(0), when, match.group(2), kind)
        return sorted(found.values(), key=lambda e: e.name, reverse=True)

    def files(self, slug: str, name: str) -> tuple[HistoryEntry, Path, Path | None]:
        """An entry, its main file and (for a page) its sidecar."""
        entry = next((e for e in self.entries(slug) if e.name == name), None) if ENTRY_RE.match(name or "") else None
        if entry is None:
            raise EntryNotFound(f"ingen version '{name}' af casen '{slug}'")
        folder = self.folder / slug
        if entry.kind == "html":
            sidecar = folder / f"{name}{SIDECAR_SUFFIX}"
            return entry, folder / f"{name}.html", sidecar if sidecar.is_file() else None
        return entry, folder / f"{name}.yaml", None

    def text(self, slug: str, name: str) -> str:
        """The text of one kept version (a page's sidecar follows its HTML)."""
        _, main, sidecar = self.files(slug, name)
        text = main.read_bytes().decode("utf-8", errors="replace")
        if sidecar is not None:
            text += f"\n\n# {slug}{SIDECAR_SUFFIX}\n" + sidecar.read_text(encoding="utf-8", errors="replace")
        return text
