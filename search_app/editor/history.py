"""The editor's pages for what happened to a case: its history with differences, restoring a
version, deleting to the trash and back, and the audit log.

Like :mod:`.views`, they only translate between HTTP and :class:`indexer.editing.CaseStore`.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from indexer import editing

from . import changes
from .auth import current_editor
from .blueprint import bp
from .views import ACTION_LABELS, labels, store, value_label


def _timeline(slug: str, entries: list, log: list[dict]) -> list[dict]:
    """Each logged change of the case with who, what, when and the difference it made."""
    versions = store().versions(slug)
    by_version = {e.version: e for e in entries if e.kind != "rejected"}
    rows = []
    for event in log:
        mentioned = [event.get(k) for k in ("old_version", "new_version", "kept_as") if event.get(k)]
        if mentioned and not any(v in versions for v in mentioned):
            continue  # another case that had this address once: it keeps its own history
        old = versions.get(event.get("old_version", ""))
        if event.get("action") == "conflict":
            new = versions.get(event.get("kept_as", ""))
        else:
            new = versions.get(event.get("new_version", ""))
        known = (event.get("old_version", "") in versions or not event.get("old_version")) and \
            (event.get("kept_as", event.get("new_version", "")) in versions)
        diff = changes.field_changes(old, new, labels(), value_label) if known else None
        before = by_version.get(event.get("old_version", ""))
        rows.append({"event": event, "changes": diff, "before": before})
    return rows


@bp.get("/cases/<slug>/history")
def history(slug: str):
    try:
        entries = store().history(slug)
        current = store().version(slug)
    except editing.BadSlug:
        abort(404)
    log = store().audit_log(100, slug)
    return render_template("editor/history.html", slug=slug, entries=entries, current=current,
                           log=log, timeline=_timeline(slug, entries, log), action_labels=ACTION_LABELS)


@bp.get("/cases/<slug>/history/<name>")
def history_entry(slug: str, name: str):
    try:
        text = store().history_text(slug, name)
        entry = next(e for e in store().history(slug) if e.name == name)
        old = store().entry_data(slug, name)
    except (editing.CaseNotFound, editing.BadSlug, StopIteration):
        abort(404, _("Den version findes ikke."))
    try:
        now = store().read(slug).data
    except editing.CaseNotFound:
        now = None
    diff = changes.field_changes(now, old, labels(), value_label) if old is not None and now is not None else None
    return render_template("editor/history_entry.html", slug=slug, entry=entry, text=text,
                           current=store().version(slug), changes=diff)


@bp.post("/cases/<slug>/history/<name>/restore")
def restore_version(slug: str, name: str):
    try:
        result = store().restore_version(slug, name, base_version=request.form.get("base_version", ""),
                                         editor=current_editor())
    except (editing.CaseNotFound, editing.BadSlug):
        abort(404, _("Den version findes ikke."))
    except editing.InvalidCase as exc:
        flash(_("Versionen kan ikke gendannes, fordi den ikke overholder reglerne: %(why)s", why=str(exc)))
        return redirect(url_for("editor.history_entry", slug=slug, name=name))
    except editing.Conflict:
        flash(_("Casen er ændret, siden du åbnede historikken. Se den nyeste version, og prøv igen."))
        return redirect(url_for("editor.history", slug=slug))
    flash(_("Den valgte version er gendannet. Den version, den erstattede, ligger i historikken."))
    return redirect(url_for("editor.edit_case", slug=result.slug))


@bp.post("/cases/<slug>/delete")
def delete_case(slug: str):
    try:
        store().delete(slug, base_version=request.form.get("base_version", ""), editor=current_editor())
    except (editing.CaseNotFound, editing.BadSlug):
        abort(404)
    except editing.Conflict:
        flash(_("Casen er ændret, siden du åbnede den. Se den nyeste version, før du sletter."))
        return redirect(url_for("editor.edit_case", slug=slug))
    flash(_("Casen “%(slug)s” er lagt i papirkurven. Du kan hente den tilbage herfra.", slug=slug))
    return redirect(url_for("editor.case_list", state="trashed"))


@bp.post("/trash/<entry>/restore")
def undelete_case(entry: str):
    """Bring back one deletion (``entry``; a bare address brings back its latest deletion)."""
    try:
        result = store().restore_deleted(entry, editor=current_editor())
    except (editing.CaseNotFound, editing.BadSlug):
        abort(404)
    except editing.EditError as exc:
        flash(str(exc)[:1].upper() + str(exc)[1:])
        return redirect(url_for("editor.case_list", state="trashed"))
    flash(_("Casen er hentet tilbage fra papirkurven."))
    slug = result.slug if result else entry.split(".", 1)[0]
    return redirect(url_for("editor.edit_case", slug=slug))


@bp.get("/audit")
def audit_log():
    return render_template("editor/audit.html", log=store().audit_log(500),
                           action_labels=ACTION_LABELS)
