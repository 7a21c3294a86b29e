"""The editor's pages: the case list, the case form, preview, import, history, trash and logs.

Views only translate between HTTP and :class:`indexer.editing.CaseStore`; every rule lives in
the indexer, so the command line and the web editor behave the same.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from indexer import editing
from indexer.case_files import case_data_from_html, slug_from_title
from indexer.html_source import HtmlProblem
from indexer.rendering import preview_html as render_preview
from indexer.yaml_lines import YamlProblem

from .. import index_state, zero_results
from ..cases import themes_for_case
from ..params import SearchParams
from ..presenters import as_list, search_url
from .auth import current_editor
from .blueprint import bp
from .forms import (CaseForm, data_from_form, errors_by_field, facet_choices, field_labels,
                    form_from_data, form_from_post)

STATE_LABELS = {"published": "Udgivet", "draft": "Kladde", "trashed": "I papirkurven"}
ACTION_LABELS = {
    "create": "Oprettet", "update": "Rettet", "rename": "Omdøbt", "restore": "Gendannet fra historik",
    "publish": "Udgivet", "unpublish": "Gjort til kladde", "delete": "Slettet (til papirkurven)",
    "undelete": "Hentet fra papirkurven", "conflict": "Gemning afvist (konflikt)",
}


def store() -> editing.CaseStore:
    return editing.CaseStore(index_state.settings())


def _case_or_404(slug: str) -> editing.StoredCase:
    try:
        return store().read(slug)
    except (editing.CaseNotFound, editing.BadSlug):
        abort(404, _("Der findes ingen case med adressen “%(slug)s”.", slug=slug))


@bp.get("/")
def case_list():
    query = request.args.get("q", "").strip()
    state = request.args.get("state", "")
    rows = store().summaries()
    if query:
        needle = query.casefold()
        rows = [r for r in rows if needle in r.title.casefold() or needle in r.slug]
    if state in STATE_LABELS:
        rows = [r for r in rows if r.state == state]
    rows.sort(key=lambda r: (r.state == "trashed", r.title.casefold()))
    return render_template("editor/list.html", rows=rows, query=query, state=state,
                           state_labels=STATE_LABELS,
                           unchecked=sum(1 for r in rows if r.state == "unchecked"))


def _render_form(form: CaseForm, *, slug: str | None, stored: editing.StoredCase | None = None,
                 base_version: str = "", status: int = 200, preview_html: str | None = None,
                 notes: list[str] | None = None, conflict: editing.Conflict | None = None):
    return render_template(
        "editor/edit.html", form=form, slug=slug, stored=stored, base_version=base_version,
        facets=facet_choices(index_state.settings()), preview_html=preview_html, notes=notes or [],
        conflict=conflict, field_labels=field_labels(index_state.settings()),
    ), status


def _handle_post(slug: str | None, stored: editing.StoredCase | None):
    """Preview, or save as draft or published; answer with the form again on any problem."""
    action = request.form.get("action", "draft")
    form = form_from_post(request.form)
    data = data_from_form(request.form, published=action == "publish")
    base_version = request.form.get("base_version", "")
    new_slug = (request.form.get("slug") or "").strip() or slug_from_title(data.get("title", ""))
    form.values["slug"] = new_slug
    if action == "preview":
        html = render_preview(data.get("body", ""))
        return _render_form(form, slug=slug, stored=stored, base_version=base_version, preview_html=html)
    try:
        result = store().save(slug or new_slug, data, base_version=base_version,
                              editor=current_editor(), new_slug=new_slug)
    except editing.BadSlug as exc:
        form.errors = errors_by_field(store().problems(data))
        form.errors["slug"] = [str(exc)[:1].upper() + str(exc)[1:]]
        return _render_form(form, slug=slug, stored=stored, base_version=base_version, status=422)
    except editing.InvalidCase as exc:
        form.errors = errors_by_field(exc.problems)
        return _render_form(form, slug=slug, stored=stored, base_version=base_version, status=422)
    except editing.Conflict as exc:
        if slug is None:  # a new case whose address is taken: never offer to overwrite
            form.errors = {"slug": [_("Der findes allerede en case med adressen “%(slug)s”.", slug=new_slug)]}
            return _render_form(form, slug=None, status=422)
        return _render_form(form, slug=slug, stored=stored, base_version=exc.current_version,
                            status=409, conflict=exc)
    if result.case.published:
        flash(_("Casen er gemt og udgivet."))
    else:
        flash(_("Casen er gemt som kladde. Den vises ikke offentligt."))
    if not result.indexed:
        flash(_("Søgeindekset kunne ikke opdateres lige nu; casen kommer med ved næste indeksering."))
    return redirect(url_for("editor.edit_case", slug=result.slug))


@bp.route("/cases/new", methods=["GET", "POST"])
def new_case():
    if request.method == "POST":
        return _handle_post(None, None)
    return _render_form(form_from_data({"partner": []}), slug=None)


@bp.route("/cases/<slug>/edit", methods=["GET", "POST"])
def edit_case(slug: str):
    stored = _case_or_404(slug)
    if request.method == "POST":
        return _handle_post(slug, stored)
    form = form_from_data(stored.data)
    form.values["slug"] = slug
    form.errors = errors_by_field(stored.problems)
    return _render_form(form, slug=slug, stored=stored, base_version=stored.version,
                        notes=stored.notes)


@bp.get("/cases/<slug>/preview")
def preview_case(slug: str):
    """The saved case exactly as the public page shows it, drafts included (editors only)."""
    stored = _case_or_404(slug)
    if stored.case is None:
        return render_template("editor/problems.html", stored=stored), 422
    settings = index_state.settings()
    record = stored.case.model_dump(mode="json")
    return render_template(
        "editor/preview.html",
        case=record,
        case_facets=[(name, facet, as_list(record.get(name)))
                     for name, facet in settings.facets.items() if as_list(record.get(name))],
        related=[],
        themes=themes_for_case(settings, slug),
        facet_url=lambda name, value: search_url("site.search", SearchParams(filters={name: (value,)})),
    )


@bp.route("/import", methods=["GET", "POST"])
def import_html():
    """A saved web page (uploaded or pasted) fills the new-case form for the editor to review."""
    if request.method == "GET":
        return render_template("editor/import.html")
    upload = request.files.get("page")
    page = upload.read() if upload and upload.filename else request.form.get("html", "").encode("utf-8")
    if not page.strip():
        return render_template("editor/import.html", error=_("Vælg en fil, eller indsæt sidens HTML.")), 422
    try:
        data, notes = case_data_from_html(page)
    except (HtmlProblem, YamlProblem) as exc:
        return render_template("editor/import.html", error=_("Siden kan ikke læses: %(why)s", why=str(exc))), 422
    data.setdefault("partner", [])
    form = form_from_data(data)
    form.values["slug"] = slug_from_title(data.get("title", ""))
    notes = notes + [_("Siden er læst. Gennemgå felterne, og udfyld det, siden ikke sagde (fx facetterne), før du gemmer.")]
    return _render_form(form, slug=None, notes=notes)


@bp.get("/cases/<slug>/history")
def history(slug: str):
    try:
        entries = store().history(slug)
        current = store().version(slug)
    except editing.BadSlug:
        abort(404)
    return render_template("editor/history.html", slug=slug, entries=entries, current=current,
                           log=store().audit_log(100, slug), action_labels=ACTION_LABELS)


@bp.get("/cases/<slug>/history/<name>")
def history_entry(slug: str, name: str):
    try:
        text = store().history_text(slug, name)
        entry = next(e for e in store().history(slug) if e.name == name)
    except (editing.CaseNotFound, editing.BadSlug, StopIteration):
        abort(404, _("Den version findes ikke."))
    return render_template("editor/history_entry.html", slug=slug, entry=entry, text=text,
                           current=store().version(slug))


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


@bp.post("/trash/<slug>/restore")
def undelete_case(slug: str):
    try:
        store().restore_deleted(slug, editor=current_editor())
    except (editing.CaseNotFound, editing.BadSlug):
        abort(404)
    except editing.EditError as exc:
        flash(str(exc)[:1].upper() + str(exc)[1:])
        return redirect(url_for("editor.case_list", state="trashed"))
    flash(_("Casen er hentet tilbage fra papirkurven."))
    return redirect(url_for("editor.edit_case", slug=slug))


@bp.get("/audit")
def audit_log():
    return render_template("editor/audit.html", log=store().audit_log(500),
                           action_labels=ACTION_LABELS)


@bp.get("/zero-results")
def zero_result_searches():
    rows = zero_results.most_frequent(index_state.settings().data_dir)
    return render_template("editor/zero_results.html", rows=rows,
                           search_link=lambda q: url_for("site.search", q=q))
