"""Signing editors in and out, and keeping everything else under ``/editor`` behind the sign-in.

A session is Flask's signed cookie (HttpOnly, SameSite=Lax, Secure in production) holding the
editor's name and the time of their last request; it ends after ``editor.idle_minutes`` without
a request. A form posted after that is not lost: the sign-in page carries its fields along, and
after signing in again the editor sends them on with one click.
"""
from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from flask import (current_app, flash, g, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _

from .. import accounts, index_state
from .blueprint import bp, limiter

log = logging.getLogger(__name__)

PUBLIC_ENDPOINTS = {"editor.sign_in", "editor.static"}
RESUMABLE_ENDPOINTS = {"editor.new_case", "editor.edit_case"}
CARRY_PREFIX = "carry-"


def current_editor() -> str | None:
    return getattr(g, "editor", None)


def _data_dir():
    return index_state.settings().data_dir


def _editor_disabled() -> bool:
    """In production the editor refuses to run with the built-in (public) secret key."""
    from .. import DEFAULT_SECRET

    return (current_app.config.get("ENV_NAME") == "production"
            and current_app.config.get("SECRET_KEY") == DEFAULT_SECRET)


def _safe_target(target: str | None) -> str | None:
    """``target`` when it is a path inside the editor (never another site, never a control
    character such as CR or LF, which cannot go into a Location header)."""
    if not target:
        return None
    parts = urlsplit(target)
    if (parts.scheme or parts.netloc or not parts.path.startswith("/editor/") or "\\" in target
            or ".." in parts.path or "//" in parts.path or not target.isprintable()):
        return None
    return target


@bp.before_request
def require_editor():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    name, seen = session.get("editor"), session.get("seen", 0)
    idle = current_app.config["EDITOR_IDLE_SECONDS"]
    if name and time.time() - seen <= idle and accounts.exists(_data_dir(), name):
        session["seen"] = int(time.time())
        g.editor = name
        return None
    expired = bool(name)
    _end_session()
    if expired:
        flash(_("Du blev logget ud efter %(minutes)d minutter uden aktivitet.", minutes=idle // 60))
    if request.method == "POST" and request.endpoint in RESUMABLE_ENDPOINTS:
        carried = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
        return render_template("editor/sign_in.html", resume=request.path, carried=carried,
                               carry_prefix=CARRY_PREFIX), 401
    return redirect(url_for("editor.sign_in", next=request.full_path.rstrip("?")))


@bp.after_request
def private_pages(response):
    """Editor pages are personal and often drafts: never cached, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _end_session() -> None:
    session.pop("editor", None)
    session.pop("seen", None)


def _account_key() -> str:
    return "account:" + (request.form.get("name") or "").strip().lower()[:60]


def _failed(response) -> bool:
    return response.status_code == 401


def _sign_in_limit() -> str:
    return current_app.config["EDITOR_SIGN_IN_LIMIT"]


_TOO_MANY = "For mange mislykkede forsøg på at logge ind. Vent et minut, og prøv igen."


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=_failed, error_message=_TOO_MANY)
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=_failed, error_message=_TOO_MANY,
               key_func=_account_key)
def sign_in():
    if _editor_disabled():
        return render_template("editor/sign_in.html", disabled=True), 503
    resume = _safe_target(request.form.get("resume"))
    carried = [(k[len(CARRY_PREFIX):], v) for k, v in request.form.items(multi=True)
               if k.startswith(CARRY_PREFIX)]
    if request.method == "GET":
        return render_template("editor/sign_in.html", next=_safe_target(request.args.get("next")))
    name = accounts.verify(_data_dir(), request.form.get("name", ""), request.form.get("password", ""))
    if name is None:
        log.warning("failed editor sign-in for %r from %s", (request.form.get("name") or "")[:60],
                    request.remote_addr)
        return render_template("editor/sign_in.html", failed=True, resume=resume, carried=carried,
                               carry_prefix=CARRY_PREFIX,
                               next=_safe_target(request.form.get("next"))), 401
    token = session.get("csrf_token")
    session.clear()
    if token:
        session["csrf_token"] = token  # so a form carried through the sign-in still posts
    session["editor"], session["seen"] = name, int(time.time())
    log.info("editor %s signed in", name)
    if resume and carried:
        return render_template("editor/resume.html", resume=resume, carried=carried)
    return redirect(_safe_target(request.form.get("next")) or url_for("editor.case_list"))


@bp.post("/sign-out")
def sign_out():
    log.info("editor %s signed out", current_editor())
    session.clear()
    flash(_("Du er logget ud."))
    return redirect(url_for("editor.sign_in"))

