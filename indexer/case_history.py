"""Kept versions of each case (``data_dir/history/<case>/``): every version a change replaced.

Entries are named ``<UTC time>-<version>`` and never rewritten. A YAML case is kept as
``.yaml``; a legacy page as ``.html`` beside its ``.meta.yaml`` sidecar; a save refused by a
conflict as ``.rejected.yaml``, so the losing editor's text is never lost either.

A case keeps its own history when it changes address: its folder is named once
(``<first slug>.<random>``) and ``history/.slugs/<slug>`` says which folder the case now at
``<slug>`` owns. Renaming moves that pointer, deleting takes it away (the trash entry remembers
the folder), so a later case at the same address starts a history of its own. Folders named by
a bare slug (written before pointers existed) are read as they are and given a name of their
own the first time their case changes address or is deleted.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from .collection import SIDECAR_SUFFIX
from .safe_files import atomic_write

HTML_SUFFIXES = (".html", ".htm")
ENTRY_RE = re.compile(r"^(\d{8}T\d{12}Z)-([0-9a-f]{64})(\.rejected)?$")
_TIME_FORMAT = "%Y%m%dT%H%M%S%fZ"
FOLDER_RE = re.compile(r"^[a-z0-9-]+(\.[0-9a-f]{12})?$")
POINTERS = ".slugs"


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

    # ---- which folder holds which case's history ---------------------------------------------

    def _pointer(self, slug: str) -> Path:
        return self.folder / POINTERS / slug

    def owner(self, slug: str, *, create: bool = False) -> str | None:
        """The history folder of the case now at ``slug`` (made, or given its own name, with ``create``)."""
        try:
            name = self._pointer(slug).read_text(encoding="utf-8").strip()
            if FOLDER_RE.match(name):
                return name
        except OSError:
            pass
        legacy = self.folder / slug
        if not create:
            return slug if legacy.is_dir() else None
        name = f"{slug}.{secrets.token_hex(6)}"
        if legacy.is_dir():
            os.replace(legacy, self.folder / name)
        (self.folder / name).mkdir(parents=True, exist_ok=True)
        atomic_write(self._pointer(slug), name.encode("utf-8"))
        return name

    def move(self, old: str, new: str) -> None:
        """A renamed case takes its own history along (and only its own)."""
        name = self.owner(old, create=True)
        atomic_write(self._pointer(new), name.encode("utf-8"))
        self._pointer(old).unlink(missing_ok=True)

    def detach(self, slug: str) -> str:
        """The case at ``slug`` leaves it (deleted): its folder's name, to attach it again later."""
        name = self.owner(slug, create=True)
        self._pointer(slug).unlink(missing_ok=True)
        return name

    def attach(self, slug: str, name: str | None) -> None:
        """A case brought back to ``slug`` gets its own history back."""
        if name and FOLDER_RE.match(name):
            atomic_write(self._pointer(slug), name.encode("utf-8"))
        else:
            self._pointer(slug).unlink(missing_ok=True)

    # ---- entries ------------------------------------------------------------------------------

    def _write(self, slug: str, stem_suffix: str, parts: list[tuple[str, bytes]],
               folder: str | None = None) -> str:
        folder = folder or self.owner(slug, create=True)
        name = f"{dt.datetime.now(dt.timezone.utc).strftime(_TIME_FORMAT)}-{stem_suffix}"
        for suffix, blob in parts:
            atomic_write(self.folder / folder / f"{name}{suffix}", blob)
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

    def keep_rejected(self, slug: str, text: str, version: str, folder: str | None = None) -> str:
        """Keep a refused save in the history of ``slug``'s case (or of the case in ``folder``)."""
        return self._write(slug, f"{version}.rejected", [(".yaml", text.encode("utf-8"))], folder)

    def entries(self, slug: str) -> list[HistoryEntry]:
        """The kept versions, newest first (the current file is not among them)."""
        owner = self.owner(slug)
        if owner is None:
            return []
        folder = self.folder / owner
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
        folder = self.folder / self.owner(slug)
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
