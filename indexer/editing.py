"""Changing the collection: the one write path for the web editor and the command line.

Every change goes the same way: validate with the rules of ``indexer check``, take the case's
lock, compare versions (optimistic locking), keep the previous files in history, write the new
file atomically, log who did it, then update the live index for that one case. Nothing is ever
thrown away: a save that loses a race is kept in history as a rejected version, and deleting
moves the files to the trash, from which they can be restored.

Layout under ``data_dir``::

    history/<case>/<time>-<version>.yaml          a previous version (.html + .meta.yaml for pages)
    history/<case>/<time>-<version>.rejected.yaml a save refused because of a conflict
    history/.slugs/<slug>                         which <case> folder the case at <slug> owns
    trash/<slug>.<time>/                          a deleted case's files and deleted.json (see indexer.case_trash)
    locks/<slug>.lock                             one writer per case at a time
    pending-index/<slug>                          saved, index not yet updated (see indexer.index_sync)
    audit.jsonl                                   who changed what, when (see indexer.audit)

A version is the SHA-256 of the case's file bytes, so any change by any means (an editor's save,
a hand edit, a git pull) is seen as a new version.

A draft (``published: false``) may be unfinished: it saves with what it has, and
:meth:`CaseStore.checklist` says what still stops it from being published. Saving keeps the
file's comments and layout where values did not change (:func:`indexer.case_files.update_yaml`).
"""
from __future__ import annotations

import hashlib
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import audit, index_sync
from .case_files import case_data_from_html, from_yaml, to_yaml, update_yaml
from .case_history import HTML_SUFFIXES, CaseHistory, EntryNotFound, HistoryEntry
from .case_list import CaseSummary, list_cases
from .case_trash import ENTRY_RE as TRASH_ENTRY_RE
from .case_trash import CaseTrash, NotInTrash
from .collection import SIDECAR_SUFFIX, load_case
from .html_source import HtmlProblem
from .record import Case
from .safe_files import atomic_write
from .settings import Settings
from .validation import Problem, check_slug, normalise_alias, publishing_problems, validate_case
from .yaml_lines import YamlProblem, load_located

YAML_SUFFIXES = (".yaml", ".yml")


class EditError(Exception):
    """A change that cannot be made; the message says why (in Danish, for editors)."""


class BadSlug(EditError):
    """The address is not a valid case slug (and could reach outside ``cases/``)."""


class CaseNotFound(EditError):
    """No case (or history entry, or trashed case) by that name."""


class InvalidCase(EditError):
    """The data breaks the rules of ``indexer check``; ``problems`` says where."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message_da for p in problems))
        self.problems = problems


class Conflict(EditError):
    """Someone saved the case after this editor opened it: both versions, nothing lost."""

    def __init__(self, slug: str, base_version: str, current_version: str,
                 current_text: str, attempted_text: str, kept_as: str):
        super().__init__(f"casen '{slug}' er ændret af en anden, mens du redigerede")
        self.slug = slug
        self.base_version = base_version
        self.current_version = current_version
        self.current_text = current_text
        self.attempted_text = attempted_text
        self.kept_as = kept_as


class CaseGone(Conflict):
    """The case was renamed or deleted while this editor had it open; their text is kept.

    ``moved_to`` is the case's address now (renamed), ``trash_entry`` its entry in the trash
    (deleted); the refused text is in that case's history either way.
    """

    def __init__(self, slug: str, base_version: str, attempted_text: str, kept_as: str, *,
                 moved_to: str | None = None, trash_entry: str | None = None):
        super().__init__(slug, base_version, "", "", attempted_text, kept_as)
        self.moved_to = moved_to
        self.trash_entry = trash_entry


@dataclass
class StoredCase:
    """A case as it is on disk now, read for editing."""

    slug: str
    source_format: str
    version: str
    text: str
    data: dict[str, Any] | None
    case: Case | None
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return bool((self.data or {}).get("published", True))


@dataclass
class SaveResult:
    slug: str
    version: str
    previous_version: str
    case: Case | None  # None for an unfinished draft (not in the index until it is complete)
    action: str
    indexed: bool

    @property
    def published(self) -> bool:
        return self.case is not None and self.case.published


@dataclass
class TrashedSummary(CaseSummary):
    """A case in the trash; ``entry`` names it there (one address may have been deleted twice)."""

    entry: str = ""
    deleted: str = ""


def version_of(blobs: list[bytes]) -> str:
    digest = hashlib.sha256()
    for i, blob in enumerate(blobs):
        if i:
            digest.update(b"\0--next file--\0")
        digest.update(blob)
    return digest.hexdigest()


class CaseStore:
    """The collection on disk, changed safely. One instance per settings; cheap to create."""

    def __init__(self, settings: Settings, *, lock_timeout: float = 30.0,
                 index_wait: float = index_sync.SAVE_WAIT_SECONDS):
        self.settings = settings
        self.cases_dir = settings.cases_dir
        self.data_dir = settings.data_dir
        self.kept = CaseHistory(self.data_dir / "history")
        self.trash = CaseTrash(self.data_dir / "trash")
        self.lock_timeout = lock_timeout
        self.index_wait = index_wait

    # ---- paths and versions -------------------------------------------------------------------

    @staticmethod
    def checked_slug(slug: str) -> str:
        """``slug`` when it can name a case file; raises BadSlug otherwise (no path tricks)."""
        if not isinstance(slug, str) or check_slug(slug):
            raise BadSlug(f"'{slug}' er ikke en gyldig adresse: brug små bogstaver a-z, 0-9 og '-'")
        return slug

    def files(self, slug: str) -> list[Path]:
        """The files holding ``slug`` now: the YAML file, or the page and its sidecar."""
        self.checked_slug(slug)
        found = [self.cases_dir / f"{slug}{s}" for s in YAML_SUFFIXES + HTML_SUFFIXES]
        found = [p for p in found if p.is_file()]
        if any(p.suffix in HTML_SUFFIXES for p in found):
            sidecar = self.cases_dir / f"{slug}{SIDECAR_SUFFIX}"
            if sidecar.is_file():
                found.append(sidecar)
        return found

    def version(self, slug: str) -> str:
        """The case's current version, or '' when there is no such case."""
        files = self.files(slug)
        return version_of([p.read_bytes() for p in files]) if files else ""

    def _lock(self, slug: str):
        return index_sync.slug_lock(self.settings, slug, timeout=self.lock_timeout)

    # ---- reading ------------------------------------------------------------------------------

    def read(self, slug: str) -> StoredCase:
        """The case as it is now, as form data (legacy pages converted, body as Markdown)."""
        files = self.files(slug)
        if not files:
            raise CaseNotFound(f"der findes ingen case med adressen '{slug}'")
        main = files[0]
        case, problems = load_case(main, self.settings)
        version = version_of([p.read_bytes() for p in files])
        if main.suffix in HTML_SUFFIXES:
            sidecar = next((p for p in files if p.name.endswith(SIDECAR_SUFFIX)), None)
            try:
                data, notes = case_data_from_html(
                    main.read_bytes(), sidecar.read_text(encoding="utf-8") if sidecar else None)
            except (HtmlProblem, YamlProblem) as exc:
                return StoredCase(slug, "html", version, "", None, None, problems, [str(exc)])
            return StoredCase(slug, "html", version, to_yaml(data), data, case, problems, notes)
        text = main.read_bytes().decode("utf-8", errors="replace")
        try:
            data = load_located(text).data
        except YamlProblem:
            data = None
        return StoredCase(slug, "yaml", version, text, data if isinstance(data, dict) else None,
                          case, problems)

    def summaries(self) -> list[CaseSummary]:
        """Every case, valid or not, published, draft or in the trash, for the editor's list."""
        out: list[CaseSummary] = list_cases(self.settings)
        for entry in self.trash.entries():
            out.append(TrashedSummary(entry.slug, entry.info.get("title") or entry.slug, "trashed",
                                      entry.info.get("source_format", "yaml"), entry=entry.name,
                                      deleted=entry.info.get("time", "")))
        return out

    def checklist(self, slug: str, data: dict[str, Any] | None) -> list[Problem]:
        """What still stops the case from being published ([] when it could be published now)."""
        if data is None:
            return []
        return publishing_problems(slug, data, self.settings)

    # ---- saving -------------------------------------------------------------------------------

    def save(self, slug: str, data: dict[str, Any], *, base_version: str, editor: str,
             new_slug: str | None = None) -> SaveResult:
        """Validate ``data`` and write it as ``cases/<new_slug or slug>.yaml``.

        ``base_version`` is the version the editor started from ('' for a new case). Renaming an
        existing case adds its old address as an alias, so old links keep working.
        """
        target = self.checked_slug(slug if new_slug is None else new_slug)
        self.checked_slug(slug)
        data = dict(data)
        if target != slug and base_version:
            data["aliases"] = _with_aliases(data.get("aliases"), [f"/cases/{slug}"])
        current = next((p for p in self.files(slug) if p.suffix in YAML_SUFFIXES), None)
        try:
            text = update_yaml(current.read_text(encoding="utf-8"), data) if current else to_yaml(data)
        except (OSError, UnicodeDecodeError):
            text = to_yaml(data)
        return self._commit(slug, target, text, base_version=base_version, editor=editor)

    def save_text(self, slug: str, text: str, *, base_version: str, editor: str,
                  action: str | None = None) -> SaveResult:
        """Write ``text`` as it is (comments kept) when it is a valid case."""
        self.checked_slug(slug)
        return self._commit(slug, slug, text, base_version=base_version, editor=editor, action=action)

    def problems(self, data: dict[str, Any]) -> list[Problem]:
        """What is wrong with ``data`` as a case, without saving it (empty when it is valid)."""
        try:
            self._validate("preview", to_yaml(data))
        except InvalidCase as exc:
            return exc.problems
        return []

    def _validate(self, slug: str, text: str) -> Case | None:
        """The case in ``text``; None for an unfinished draft; InvalidCase when something is wrong."""
        label = f"cases/{slug}.yaml"
        try:
            located = load_located(text)
        except YamlProblem as exc:
            raise InvalidCase([Problem(label, exc.line, "", exc.message, exc.message)]) from None
        case, problems = validate_case(slug, located.data, self.settings, file=label, located=located)
        if problems:
            raise InvalidCase(problems)
        if case is None and not (isinstance(located.data, dict) and str(located.data.get("title") or "").strip()):
            raise InvalidCase([Problem(label, 1, "title", "is required", "skal udfyldes")])
        return case

    def _commit(self, slug: str, target: str, text: str, *, base_version: str, editor: str,
                action: str | None = None) -> SaveResult:
        case = self._validate(target, text)
        blob = text.encode("utf-8")
        with ExitStack() as stack:
            for name in sorted({slug, target}):
                stack.enter_context(self._lock(name))
            old_files = self.files(slug)
            current = version_of([p.read_bytes() for p in old_files]) if old_files else ""
            if current != base_version:
                raise self._conflict(slug, base_version, current, text, editor)
            if target != slug and self.files(target):
                raise InvalidCase([Problem(f"cases/{target}.yaml", 0, "slug",
                                           f"a case with the address '{target}' already exists",
                                           f"der findes allerede en case med adressen '{target}'")])
            if old_files:
                self.kept.keep(slug, old_files, current)
            destination = self.cases_dir / f"{target}.yaml"
            atomic_write(destination, blob)
            for path in old_files:
                if path != destination:
                    path.unlink(missing_ok=True)
            if target != slug:
                self.kept.move(slug, target)
            new_version = version_of([blob])
            published = case is not None and case.published
            if action is None:
                action = "create" if not old_files else ("rename" if target != slug else "update")
            details = {"from_slug": slug} if target != slug else {}
            if any(p.suffix in HTML_SUFFIXES for p in old_files):
                details["converted_from"] = "html"
            audit.record(self.data_dir, editor=editor, action=action, slug=target,
                         old_version=current, new_version=new_version,
                         published=published, **details)
            if case is None:  # an unfinished draft: whatever the index had at either address goes
                indexed = all([self._reindex(None, removed=name) for name in dict.fromkeys((slug, target))])
            else:
                indexed = self._reindex(case, removed=slug if target != slug else None)
        if indexed and index_sync.pending(self.settings):
            index_sync.start_catch_up(self.settings)
        return SaveResult(target, new_version, current, case, action, indexed)

    def _conflict(self, slug: str, base: str, current: str, attempted: str, editor: str) -> Conflict:
        """Keep the refused text in history, log it, and describe both versions."""
        version = version_of([attempted.encode("utf-8")])
        if base and not current:
            return self._gone(slug, base, attempted, version, editor)
        kept = self.kept.keep_rejected(slug, attempted, version)
        audit.record(self.data_dir, editor=editor, action="conflict", slug=slug,
                     old_version=base, new_version=current, kept_as=kept)
        try:
            current_text = self.read(slug).text if current else ""
        except CaseNotFound:
            current_text = ""
        return Conflict(slug, base, current, current_text, attempted, kept)

    def _gone(self, slug: str, base: str, attempted: str, version: str, editor: str) -> CaseGone:
        """A save of a case that was renamed or deleted meanwhile: kept in that case's history."""
        moved_to, trash_entry = self.whereabouts(slug)
        folder = None
        if moved_to:
            folder = self.kept.owner(moved_to, create=True)
        elif trash_entry:
            folder = (self.trash.info(trash_entry) or {}).get("history")
        kept = self.kept.keep_rejected(slug, attempted, version, folder=folder)
        audit.record(self.data_dir, editor=editor, action="conflict", slug=moved_to or slug,
                     old_version=base, kept_as=kept, gone_from=slug,
                     **({"trash": trash_entry} if trash_entry else {}))
        return CaseGone(slug, base, attempted, kept, moved_to=moved_to, trash_entry=trash_entry)

    def whereabouts(self, slug: str) -> tuple[str | None, str | None]:
        """Where the case that was at ``slug`` went: (its address now, None) after renames, or
        (None, its trash entry) after a delete; (None, None) when the log does not say."""
        for _ in range(20):  # follow a case renamed again and again, never forever
            event = next((e for e in audit.entries(self.data_dir, 100_000, slug)
                          if (e.get("action") == "rename" and e.get("from_slug") == slug)
                          or (e.get("action") == "delete" and e.get("slug") == slug)
                          or (e.get("slug") == slug and e.get("action") in ("create", "undelete"))), None)
            if event is None or event["action"] in ("create", "undelete"):
                return None, None
            if event["action"] == "delete":
                return None, event.get("trash") or (slug if self.trash.info(slug) else None)
            slug = event["slug"]
            if self.files(slug):
                return slug, None
        return None, None

    def _reindex(self, case: Case | None, removed: str | None = None) -> bool:
        """Bring the live index up to date for one case (see :mod:`indexer.index_sync`)."""
        return index_sync.sync_case(self.settings, case, removed=removed, wait=self.index_wait)

    # ---- history ------------------------------------------------------------------------------

    def history(self, slug: str) -> list[HistoryEntry]:
        """The kept versions of a case, newest first (the current file is not among them)."""
        return self.kept.entries(self.checked_slug(slug))

    def _entry_files(self, slug: str, name: str) -> tuple[HistoryEntry, Path, Path | None]:
        try:
            return self.kept.files(self.checked_slug(slug), name)
        except EntryNotFound as exc:
            raise CaseNotFound(str(exc)) from None

    def history_text(self, slug: str, name: str) -> str:
        """The text of one kept version (a page's sidecar follows its HTML)."""
        self._entry_files(slug, name)
        return self.kept.text(slug, name)

    def entry_data(self, slug: str, name: str) -> dict[str, Any] | None:
        """The case data of one kept version (None when it does not read as case data)."""
        entry, main, sidecar = self._entry_files(slug, name)
        try:
            if entry.kind == "html":
                data = case_data_from_html(main.read_bytes(),
                                           sidecar.read_text(encoding="utf-8") if sidecar else None)[0]
            else:
                data = from_yaml(main.read_text(encoding="utf-8", errors="replace"))
        except (HtmlProblem, YamlProblem, OSError):
            return None
        return data if isinstance(data, dict) else None

    def versions(self, slug: str) -> dict[str, dict[str, Any] | None]:
        """Every version of the case there is text for (kept and current), by version, as data;
        a refused save by the name of its history entry."""
        out: dict[str, dict[str, Any] | None] = {}
        for entry in self.history(slug):
            out[entry.name if entry.kind == "rejected" else entry.version] = self.entry_data(slug, entry.name)
        try:
            current = self.read(slug)
            out[current.version] = current.data
        except CaseNotFound:
            pass
        return out

    def restore_version(self, slug: str, name: str, *, base_version: str, editor: str) -> SaveResult:
        """Make a kept version the current one (the version it replaces goes to history)."""
        entry, main, sidecar = self._entry_files(slug, name)
        if entry.kind == "html":
            try:
                data, _ = case_data_from_html(main.read_bytes(),
                                              sidecar.read_text(encoding="utf-8") if sidecar else None)
            except (HtmlProblem, YamlProblem) as exc:
                raise EditError(f"den gamle side kan ikke læses: {exc}") from None
            text = to_yaml(data)
        else:
            text = main.read_text(encoding="utf-8", errors="replace")
        text = self._keep_current_aliases(slug, text)
        return self.save_text(slug, text, base_version=base_version, editor=editor, action="restore")

    def _keep_current_aliases(self, slug: str, text: str) -> str:
        """``text`` with the current file's aliases added: old addresses that lead to the case
        now (a rename since that version added one) keep leading to it."""
        try:
            current = self.read(slug).data or {}
            data = from_yaml(text)
        except (CaseNotFound, YamlProblem):
            return text
        if not isinstance(data, dict) or not current.get("aliases"):
            return text
        merged = _with_aliases(data.get("aliases"), current["aliases"])
        if merged == list(data.get("aliases") or []):
            return text
        return update_yaml(text, {**data, "aliases": merged})

    # ---- delete and restore -------------------------------------------------------------------

    def delete(self, slug: str, *, base_version: str, editor: str) -> None:
        """Move the case to the trash and take it out of the index (restorable)."""
        with self._lock(self.checked_slug(slug)):
            files = self.files(slug)
            if not files:
                raise CaseNotFound(f"der findes ingen case med adressen '{slug}'")
            current = version_of([p.read_bytes() for p in files])
            if current != base_version:
                stored = self.read(slug)
                raise Conflict(slug, base_version, current, stored.text, "", "")
            self.kept.keep(slug, files, current)
            info = {"editor": editor, "version": current, "title": self._title_of(slug),
                    "history": self.kept.detach(slug),
                    "source_format": "html" if any(p.suffix in HTML_SUFFIXES for p in files) else "yaml"}
            entry = self.trash.put(slug, files, info)
            audit.record(self.data_dir, editor=editor, action="delete", slug=slug, old_version=current,
                         trash=entry)
            self._reindex(None, removed=slug)

    def _title_of(self, slug: str) -> str:
        try:
            stored = self.read(slug)
        except CaseNotFound:
            return slug
        return str((stored.data or {}).get("title") or slug)

    def restore_deleted(self, name: str, *, editor: str) -> SaveResult | None:
        """Bring a deleted case back from the trash, as it was, with its own history.

        ``name`` is a trash entry, or a slug (then its most recent deletion).
        """
        match = TRASH_ENTRY_RE.match(name if isinstance(name, str) else "")
        if match is None:
            raise BadSlug(f"'{name}' er ikke en gyldig adresse: brug små bogstaver a-z, 0-9 og '-'")
        slug = self.checked_slug(match.group(1))
        with self._lock(slug):
            try:
                found = self.trash.find(name)
            except NotInTrash:
                raise CaseNotFound(f"casen '{slug}' ligger ikke i papirkurven") from None
            if self.files(slug):
                raise EditError(f"der findes allerede en case med adressen '{slug}'; "
                                "omdøb eller slet den først")
            moved = self.trash.take_out(found, self.cases_dir)
            legacy = slug if (self.kept.folder / slug).is_dir() else None
            self.kept.attach(slug, found.info.get("history") or legacy)
            entry = found.name
            version = self.version(slug)
            main = next((p for p in moved if not p.name.endswith(SIDECAR_SUFFIX)), None)
            case = load_case(main, self.settings)[0] if main else None
            audit.record(self.data_dir, editor=editor, action="undelete", slug=slug, new_version=version,
                         trash=entry)
            indexed = self._reindex(case)
        if case is None:
            return None
        return SaveResult(slug, version, "", case, "undelete", indexed)

    def audit_log(self, limit: int = 500, slug: str | None = None) -> list[dict]:
        return audit.entries(self.data_dir, limit, slug)


def _with_aliases(aliases: Any, more: list[str]) -> list[str]:
    """``aliases`` with each of ``more`` added unless it is there already (as looked up)."""
    out = [str(a) for a in (aliases or [])]
    seen = {normalise_alias(a) for a in out}
    for alias in more:
        if normalise_alias(str(alias)) not in seen:
            out.append(str(alias))
            seen.add(normalise_alias(str(alias)))
    return out
