"""Signing editors in and out, and keeping everything else under ``/editor`` behind the sign-in.

A session is Flask's signed cookie (HttpOnly, SameSite=Lax; Secure and named ``__Host-session``
in production) holding the editor's name, the account's session key, when they signed in and
when they last made a request. It ends:

- after ``editor.idle_minutes`` without a request;
- ``editor.session_hours`` after signing in, however busy it is (so a copied cookie that is
  kept in use still runs out);
- everywhere at once when the editor signs out, their password is changed or their account is
  removed: each of these draws a new session key for the account (:mod:`search_app.security_store`,
  shared by all workers), and a cookie with the old key is refused on its next request.

A form posted after the session ended is not lost: the sign-in page carries its fields along,
and after signing in again the editor sends them on with one click. Signing in starts a fresh
session, with a fresh CSRF token. Failed sign-ins are limited by :mod:`.sign_in_limits`.
"""
from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from flask import (current_app, flash, g, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _

from .. import accounts, index_state, security_store
from .blueprint import bp
from .sign_in_limits import wait_seconds

log = logging.getLogger(__name__)

PUBLIC_ENDPOINTS = {"editor.sign_in", "editor.static"}
RESUMABLE_ENDPOINTS = {"editor.new_case", "editor.edit_case"}
CARRY_PREFIX = "carry-"


def current_editor() -> str | None:
    return getattr(g, "editor", None)


def _data_dir():
    return index_state.settings().data_dir


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


def new_session(name: str) -> dict:
    """The session fields of ``name`` signing in now."""
    now = int(time.time())
    return {"editor": name, "key": security_store.session_key(_data_dir(), name), "since": now, "seen": now}


def _session_editor() -> str | None:
    """The signed-in editor, when the session is live; else None (and why, flashed)."""
    name = session.get("editor")
    if not name:
        return None
    now, config = time.time(), current_app.config
    idle, lifetime = config["EDITOR_IDLE_SECONDS"], config["EDITOR_SESSION_SECONDS"]
    if now - session.get("seen", 0) > idle:
        flash(_("Du blev logget ud efter %(minutes)d minutter uden aktivitet.", minutes=idle // 60))
    elif now - session.get("since", 0) > lifetime:
        flash(_("Du har været logget ind længe, så du blev logget ud for en sikkerheds skyld. Log ind igen."))
    elif (session.get("key") != security_store.session_key(_data_dir(), name)
          or not accounts.exists(_data_dir(), name)):
        flash(_("Du er logget ud."))
    else:
        if now - session.get("seen", 0) >= 60:  # the cookie changes at most once a minute
            session["seen"] = int(now)
        return name
    return None


@bp.before_request
def require_editor():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    name = _session_editor()
    if name:
        g.editor = name
        return None
    _end_session()
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
    for field in ("editor", "key", "since", "seen"):
        session.pop(field, None)


def _limits_apply() -> bool:
    """The sign-in limits are on unless RATELIMIT_ENABLED is False (most tests turn them off)."""
    return current_app.config.get("RATELIMIT_ENABLED", True)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    resume = _safe_target(request.form.get("resume"))
    carried = [(k[len(CARRY_PREFIX):], v) for k, v in request.form.items(multi=True)
               if k.startswith(CARRY_PREFIX)]
    if request.method == "GET":
        return render_template("editor/sign_in.html", next=_safe_target(request.args.get("next")))
    tried, address = accounts.normalise_name(request.form.get("name")), request.remote_addr or "-"
    again = dict(resume=resume, carried=carried, carry_prefix=CARRY_PREFIX,
                 next=_safe_target(request.form.get("next")))
    wait = wait_seconds(_data_dir(), current_app.config["EDITOR_SIGN_IN_LIMITS"], tried, address) \
        if _limits_apply() else 0
    if wait:
        log.warning("editor sign-in for %r from %s refused for %d s after failures", tried, address, wait)
        page = render_template("editor/sign_in.html", wait=wait, **again)
        return page, 429, {"Retry-After": str(wait)}
    name = accounts.verify(_data_dir(), tried, request.form.get("password", ""))
    if name is None:
        log.warning("failed editor sign-in for %r from %s", tried, address)
        security_store.record_failure(_data_dir(), tried, address)
        return render_template("editor/sign_in.html", failed=True, **again), 401
    security_store.record_success(_data_dir(), name, address)
    session.clear()  # a new session, and with it a new CSRF token (the resume page gets it)
    session.update(new_session(name))
    log.info("editor %s signed in", name)
    if resume and carried:
        return render_template("editor/resume.html", resume=resume, carried=carried)
    return redirect(_safe_target(request.form.get("next")) or url_for("editor.case_list"))


@bp.post("/sign-out")
def sign_out():
    """Sign out here and in every other browser and device signed in to this account."""
    log.info("editor %s signed out", current_editor())
    security_store.end_sessions(_data_dir(), current_editor())
    session.clear()
    flash(_("Du er logget ud."))
    return redirect(url_for("editor.sign_in"))

