"""The editor's pages: the case list, the case form (drafts, conflicts), preview, import.

Views only translate between HTTP and :class:`indexer.editing.CaseStore`; every rule lives in
the indexer, so the command line and the web editor behave the same.
"""
from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _

from indexer import editing
from indexer.case_files import case_data_from_html, slug_from_title, starting_body
from indexer.factcheck import load_case_facts
from indexer.html_source import HtmlProblem
from indexer.yaml_lines import YamlProblem

from .. import index_state, zero_results
from ..cases import themes_for_case
from ..params import SearchParams
from ..presenters import as_list, search_url
from . import changes
from .auth import current_editor
from .blueprint import bp
from .forms import (CaseForm, checklist_items, data_from_form, errors_by_field, facet_choices,
                    field_labels, form_from_data, form_from_post, preview_record)

STATE_LABELS = {"published": "Udgivet", "draft": "Kladde", "trashed": "I papirkurven"}
ACTION_LABELS = {
    "create": "Oprettet", "update": "Rettet", "rename": "Omdøbt", "restore": "Gendannet fra historik",
    "publish": "Udgivet", "unpublish": "Gjort til kladde", "delete": "Slettet (til papirkurven)",
    "undelete": "Hentet fra papirkurven", "conflict": "Gemning afvist (konflikt)",
}
CHOICE_LABELS = {"theirs": "Behold den gemte", "mine": "Brug min", "merge": "Flet begge"}


def danish_time(value) -> str:
    """A logged time as editors read it: Danish time (Europe/Copenhagen), to the second."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return format_datetime(value, "d. MMM y 'kl.' HH:mm:ss")


@bp.app_template_filter("danish_time")
def _danish_time_filter(value) -> str:
    return danish_time(value)


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


def labels() -> dict[str, str]:
    """The Danish names of the case's fields (facets by their labels in config.yaml)."""
    return field_labels(index_state.settings())


def value_label(name: str, value):
    """A facet value by its Danish label (other values as they are), for differences."""
    facet = index_state.settings().facets.get(name)
    if facet is None or isinstance(value, (bool, list)) or value is None:
        return value
    return facet.value_label(str(value), "da")


def _render_form(form: CaseForm, *, slug: str | None, stored: editing.StoredCase | None = None,
                 base_version: str = "", status: int = 200, notes: list[str] | None = None,
                 conflict: dict | None = None, checklist: list | None = None):
    return render_template(
        "editor/edit.html", form=form, slug=slug, stored=stored, base_version=base_version,
        facets=facet_choices(index_state.settings()), notes=notes or [],
        conflict=conflict, field_labels=labels(), checklist=checklist,
        choice_labels=CHOICE_LABELS,
        case_facts=load_case_facts(index_state.settings().cases_dir, slug) if slug else None,
    ), status


def _conflict_view(mine: dict, theirs: dict | None, conflict_base: str, slug: str, *,
                   moved_from: str | None = None) -> dict:
    """What the conflict section shows: per differing field the difference and the choices."""
    base = None
    if conflict_base:
        versions = store().versions(slug)
        base = versions.get(conflict_base)
    flat_base = changes.flatten(base) if base is not None else None
    flat_mine, flat_theirs = changes.flatten(mine), changes.flatten(theirs)
    fields = []
    for change in changes.field_changes(theirs, mine, labels(), value_label):
        fields.append({"change": change,
                       "default": changes.default_choice(change.name, flat_base, flat_mine, flat_theirs)})
    return {"fields": fields, "conflict_base": conflict_base, "moved_from": moved_from}


def _preview(data: dict, slug: str):
    """The whole public page for ``data`` as it stands in the form (saved or not)."""
    settings = index_state.settings()
    record = preview_record(data, slug)
    return render_template(
        "editor/preview.html", case=record, unsaved=True,
        case_facets=[(name, facet, as_list(record.get(name)))
                     for name, facet in settings.facets.items() if as_list(record.get(name))],
        related=[], themes=themes_for_case(settings, slug) if slug else [],
        facet_url=lambda name, value: search_url("site.search", SearchParams(filters={name: (value,)})),
    )


def _handle_post(slug: str | None, stored: editing.StoredCase | None):
    """Preview, or save as draft or published; answer with the form again on any problem."""
    action = request.form.get("action", "draft")
    form = form_from_post(request.form)
    data = data_from_form(request.form, published=action == "publish")
    base_version = request.form.get("base_version", "")
    typed_slug = (request.form.get("slug") or "").strip()
    new_slug = typed_slug or slug_from_title(data.get("title", ""))
    form.values["slug"] = new_slug
    if action == "preview":
        return _preview(data, new_slug or slug or "ny-case")
    if action == "resolve" and slug:
        return _resolve(slug, form, data, base_version)
    if not new_slug:  # no address and no title to make one from: the title is what is missing
        problems = store().problems(data) if action == "publish" else []
        form.errors = errors_by_field(problems)
        form.errors.setdefault("title", [_("Skal udfyldes")])
        return _render_form(form, slug=slug, stored=stored, base_version=base_version, status=422,
                            checklist=_checklist(new_slug, dict(data, published=True))
                            if action == "publish" else None)
    try:
        result = store().save(slug or new_slug, data, base_version=base_version,
                              editor=current_editor(), new_slug=new_slug)
    except editing.BadSlug as exc:
        form.errors = errors_by_field(store().problems(data))
        form.errors["slug"] = [str(exc)[:1].upper() + str(exc)[1:]]
        return _render_form(form, slug=slug, stored=stored, base_version=base_version, status=422)
    except editing.InvalidCase as exc:
        form.errors = errors_by_field(exc.problems)
        return _render_form(form, slug=slug, stored=stored, base_version=base_version, status=422,
                            checklist=_checklist(new_slug, dict(data, published=True))
                            if action == "publish" else None)
    except editing.CaseGone as exc:
        return _gone(slug, exc, form, data)
    except editing.Conflict as exc:
        if slug is None:  # a new case whose address is taken: never offer to overwrite
            form.errors = {"slug": [_("Der findes allerede en case med adressen “%(slug)s”.", slug=new_slug)]}
            return _render_form(form, slug=None, status=422)
        theirs = store().read(slug).data if exc.current_version else None
        conflict = _conflict_view(data, theirs, base_version, slug)
        return _render_form(form, slug=slug, stored=stored, base_version=exc.current_version,
                            status=409, conflict=conflict)
    if result.published:
        flash(_("Casen er gemt og udgivet."))
    else:
        flash(_("Casen er gemt som kladde. Den vises ikke offentligt."))
    if not result.indexed:
        flash(_("Søgeindekset kunne ikke opdateres lige nu; casen kommer med ved næste indeksering."))
    return redirect(url_for("editor.edit_case", slug=result.slug))


def _checklist(slug: str, data: dict | None) -> list[dict]:
    return checklist_items(store().checklist(slug or "ny-case", data), data or {}, labels())


def _gone(slug: str, exc: editing.CaseGone, form: CaseForm, mine: dict):
    """A save of a case renamed or deleted meanwhile: never a 404, and the text is kept."""
    if exc.moved_to:
        current = store().read(exc.moved_to)
        form.values["slug"] = exc.moved_to
        conflict = _conflict_view(mine, current.data, exc.base_version, exc.moved_to, moved_from=slug)
        return _render_form(form, slug=exc.moved_to, stored=current, base_version=current.version,
                            status=409, conflict=conflict)
    info = store().trash.info(exc.trash_entry)
    return render_template("editor/gone.html", slug=slug, form=form, trash_entry=exc.trash_entry,
                           deleted=info or {}, kept_as=exc.kept_as, text=exc.attempted_text,
                           field_labels=labels()), 409


def _resolve(slug: str, form: CaseForm, mine: dict, base_version: str):
    """Take theirs, mine or both per field (the conflict page's choices) into the form to review."""
    try:
        current = store().read(slug)
    except (editing.CaseNotFound, editing.BadSlug):
        abort(404, _("Der findes ingen case med adressen “%(slug)s”.", slug=slug))
    conflict_base = request.form.get("conflict_base", "")
    base = store().versions(slug).get(conflict_base) if conflict_base else None
    choices = {k.removeprefix("take-"): v for k, v in request.form.items() if k.startswith("take-")}
    mine = dict(mine, published=request.form.get("was_published") == "true")
    resolved = changes.resolve(base, mine, current.data or {}, choices)
    resolved_form = form_from_data(resolved)
    resolved_form.values["slug"] = slug
    notes = [_("Dine valg er sat ind i formularen. Intet er gemt endnu: gennemse felterne, og gem.")]
    if any(changes.MERGE_MARK in str(v) for v in resolved.values()):
        notes.append(_("Nogle tekster kunne ikke flettes automatisk: begge står i feltet, adskilt af "
                       "linjen »%(mark)s«. Ret teksten til, og slet linjen.", mark=changes.MERGE_MARK))
    return _render_form(resolved_form, slug=slug, stored=current, base_version=current.version, notes=notes)


@bp.route("/cases/new", methods=["GET", "POST"])
def new_case():
    if request.method == "POST":
        return _handle_post(None, None)
    return _render_form(form_from_data({"partner": [], "body": starting_body()}), slug=None)


@bp.route("/cases/<slug>/edit", methods=["GET", "POST"])
def edit_case(slug: str):
    if request.method == "POST":
        try:
            stored = store().read(slug)
        except editing.BadSlug:
            abort(404, _("Der findes ingen case med adressen “%(slug)s”.", slug=slug))
        except editing.CaseNotFound:
            stored = None  # renamed or deleted meanwhile: the save says where, and keeps the text
        return _handle_post(slug, stored)
    try:
        stored = store().read(slug)
    except editing.BadSlug:
        abort(404, _("Der findes ingen case med adressen “%(slug)s”.", slug=slug))
    except editing.CaseNotFound:
        moved_to, _entry = store().whereabouts(slug)
        if moved_to:
            flash(_("Casen er flyttet til adressen “%(slug)s”.", slug=moved_to))
            return redirect(url_for("editor.edit_case", slug=moved_to))
        abort(404, _("Der findes ingen case med adressen “%(slug)s”.", slug=slug))
    form = form_from_data(stored.data)
    form.values["slug"] = slug
    form.errors = errors_by_field(stored.problems)
    checklist = _checklist(slug, stored.data) if stored.data is not None and not stored.problems else None
    return _render_form(form, slug=slug, stored=stored, base_version=stored.version,
                        notes=stored.notes, checklist=checklist)


@bp.get("/cases/<slug>/preview")
def preview_case(slug: str):
    """The saved case exactly as the public page shows it, drafts included (editors only)."""
    stored = _case_or_404(slug)
    if stored.case is None and stored.data is not None and not stored.problems:
        return _preview(stored.data, slug)  # an unfinished draft: as far as it goes
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


@bp.get("/zero-results")
def zero_result_searches():
    rows = zero_results.most_frequent(index_state.settings().data_dir)
    return render_template("editor/zero_results.html", rows=rows,
                           search_link=lambda q: url_for("site.search", q=q))
