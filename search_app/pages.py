"""The site's information pages: about the collection, contact, privacy, open data for people,
and the icon browsers ask for at /favicon.ico."""
from __future__ import annotations

from flask import current_app, send_from_directory

from . import index_state
from .params import SearchParams
from .site import bp, render_timed
from .zero_results import MAX_ROWS


def _contact() -> dict:
    site = index_state.settings().section("site")
    return {"email": str(site.get("contact_email") or ""), "name": str(site.get("name") or "Casesamlingen")}


@bp.get("/om")
def about():
    return render_timed("about.html", contact=_contact(), total=index_state.engine().count(SearchParams()),
                        themes=len(index_state.settings().themes))


@bp.get("/kontakt")
def contact():
    return render_timed("contact.html", contact=_contact())


@bp.get("/privatliv")
def privacy():
    return render_timed("privacy.html", contact=_contact(), zero_result_rows=MAX_ROWS)


@bp.get("/aabne-data")
def open_data():
    return render_timed("open_data.html")


@bp.get("/favicon.ico")
def favicon():
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=86400)
