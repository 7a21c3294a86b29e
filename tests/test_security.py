"""Web security: headers from config, trusted hosts, cookies, the production secret, path traversal.

The site is public and run by the public sector: a browser must be told not to run inline code,
not to frame us and not to sniff types; a forged Host header must not reach a page; and no
address, however it is spelled, may read a file outside what the site serves.
"""
from __future__ import annotations

import io
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import request, session

from indexer.validation import check_slug
from search_app import create_app
from search_app.hygiene import UnsafeConfiguration
from tests.conftest import FIXTURE_CASES, app_config, stop_server
from tests.test_editor_web import accounts_file  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "search_app" / "templates"
PAGES = ["/", "/?q=restskat", "/cases/skat-i-balance", "/cases/kulturrygsaek-holbaek", "/tema/",
         "/tema/lav-nye-services", "/cases/findes-ikke", "/?page=0", "/api/search?q=skat",
         "/api/cases/findes-ikke"]


@pytest.mark.parametrize("url", PAGES)
def test_security_headers_on_every_kind_of_answer(shared_client, url):
    response = shared_client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert re.search(r"script-src 'self'(;|$)", csp)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


def test_hsts_only_over_https(shared_client):
    secure = shared_client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in shared_client.get("/").headers


@pytest.mark.parametrize("host, status", [("localhost", 200), ("127.0.0.1:8000", 200),
                                          ("evil.example", 400), ("localhost.evil.example", 400)])
@pytest.mark.parametrize("url", ["/", "/api/search", "/cases/skat-i-balance"])
def test_only_trusted_host_names_are_answered(shared_client, host, status, url):
    response = shared_client.get(url, headers={"Host": host})
    assert response.status_code == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    if status == 400:
        assert "Skat" not in response.get_data(as_text=True)


class _InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts and styles, handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if name == "style":
                self.found.append(f"style= on <{tag}>")
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith(("javascript:", "data:text/html", "vbscript:")):
                self.found.append(f"{name}={value[:30]} on <{tag}>")


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_hold_no_inline_script_or_style(template):
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    source = re.sub(r"{%.*?%}|{#.*?#}", "", source, flags=re.S)
    source = re.sub(r"{{.*?}}", "value", source, flags=re.S)
    assert inline_code(source) == []
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source)
    assert not re.search(r"\sstyle\s*=", source)


@pytest.mark.parametrize("url", [u for u in PAGES if not u.startswith("/api/")])
def test_rendered_pages_hold_no_inline_script_or_style(shared_client, url):
    assert inline_code(shared_client.get(url).get_data(as_text=True)) == []


def _app_with_session_route(settings, **overrides):
    app = create_app({**app_config(settings), **overrides})

    @app.get("/_remember")
    def remember():
        session["seen"] = True
        return "ok"

    return app


def test_session_cookie_is_httponly_and_samesite_in_development(settings, index):
    app = _app_with_session_route(settings)
    cookie = app.test_client().get("/_remember").headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain-HTTP development must keep working


def test_session_cookie_is_secure_in_production(settings, index):
    app = _app_with_session_route(settings, ENV_NAME="production", SECRET_KEY=secrets.token_urlsafe(48))
    cookie = app.test_client().get("/_remember", base_url="https://localhost").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # __Host-: only over HTTPS, for this host alone, so no subdomain can set or replace it.
    assert cookie.startswith("__Host-session=") and "Path=/" in cookie and "Domain" not in cookie


WEAK_SECRETS = [None, "", "x", "dev-only-not-secret", "a-real-secret-" * 3, "0" * 64,
                "abcdefghijklmnopqrstuvwxyz012345", "correcthorsebatterystaple" * 2,
                "7f2c9e0d4b1a8f6e"]


@pytest.mark.parametrize("secret", WEAK_SECRETS)
def test_production_refuses_a_weak_secret_and_says_how_to_make_one(settings, index, monkeypatch, secret):
    monkeypatch.setenv("CASESAMLINGEN_ENV", "production")
    monkeypatch.delenv("CASESAMLINGEN_SECRET_KEY", raising=False)
    config = {k: v for k, v in app_config(settings).items() if k != "SECRET_KEY"}
    if secret is not None:
        config["SECRET_KEY"] = secret
    with pytest.raises(UnsafeConfiguration, match="CASESAMLINGEN_SECRET_KEY") as refused:
        create_app(config)
    assert "secrets.token_urlsafe(48)" in str(refused.value)


@pytest.mark.parametrize("secret", [secrets.token_urlsafe(48), secrets.token_hex(32), secrets.token_urlsafe(24)])
def test_production_starts_with_a_real_secret(settings, index, monkeypatch, secret):
    monkeypatch.setenv("CASESAMLINGEN_ENV", "production")
    monkeypatch.setenv("CASESAMLINGEN_SECRET_KEY", secret)
    config = {k: v for k, v in app_config(settings).items() if k != "SECRET_KEY"}
    app = create_app(config)
    assert app.test_client().get("/").status_code == 200


def test_request_bodies_over_the_limit_are_refused(settings, index):
    app = create_app(app_config(settings))

    @app.post("/_echo")
    def echo():
        return str(len(request.get_data()))

    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit and limit <= 10_000_000
    client = app.test_client()
    assert client.post("/_echo", data=b"x" * 1000).get_data(as_text=True) == "1000"
    assert client.post("/_echo", data=b"x" * (limit + 1)).status_code == 413


TRAVERSALS = [
    "/cases/../../etc/passwd",
    "/cases/..%2f..%2f..%2fetc%2fpasswd",
    "/cases/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/cases/%2e%2e%2f%2e%2e%2fconfig.yaml",
    "/cases/..%5c..%5cconfig.yaml",
    "/cases//etc/passwd",
    "/cases/%00",
    "/cases/skat-i-balance%00.yaml",
    "/cases/skat-i-balance.yaml",
    "/cases/..",
    "/api/cases/..%2f..%2fconfig.yaml",
    "/api/cases/%2e%2e",
    "/api/cases/%00",
    "/tema/..%2f..%2fconfig.yaml",
    "/static/../config.yaml",
    "/static/%2e%2e/config.yaml",
    "/static/..%2f..%2fconfig.yaml",
    "/static/%2e%2e%2f%2e%2e%2fconfig.yaml",
    "/static//etc/passwd",
    "/static/%00",
]


@pytest.mark.parametrize("url", TRAVERSALS)
def test_no_address_reads_files_outside_the_site(shared_client, url):
    response = shared_client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code in (301, 308, 400, 404), (url, response.status_code)
    assert "root:" not in body  # /etc/passwd
    assert "trusted_hosts" not in body and "field_boosts" not in body  # config.yaml
    assert "innovation_type: [" not in body  # a case file's source
    if response.status_code in (301, 308):
        location = response.headers["Location"]
        assert ".." not in location and "%2e" not in location.lower()


@pytest.mark.parametrize("slug", [
    "../../etc/passwd", "..", ".", "%2e%2e", "/etc/passwd", "skat\x00.yaml", "skat/../x",
    "..\\config", "C:\\windows", "skat-i-balance.yaml", "", "-", "a" * 101, "Skat", "skat\n",
])
def test_check_slug_refuses_anything_that_is_not_a_plain_name(slug):
    assert check_slug(slug) is not None


@pytest.mark.parametrize("slug", ["skat-i-balance", "akuttelefonen-1813", "a"])
def test_check_slug_accepts_plain_names(slug):
    assert check_slug(slug) is None


EDITOR_SLUGS = ["..%2f..%2fetc%2fpasswd", "%2e%2e", "%2e%2e%2f%2e%2e%2fconfig", "skat-i-balance%00",
                "skat-i-balance%0a", "..%5c..%5cconfig", "%2fetc%2fpasswd", "skat-i-balance.yaml"]
EDITOR_GETS = ["/editor/cases/{s}/edit", "/editor/cases/{s}/preview", "/editor/cases/{s}/history",
               "/editor/cases/skat-i-balance/history/{s}"]
EDITOR_POSTS = ["/editor/cases/{s}/edit", "/editor/cases/{s}/delete", "/editor/trash/{s}/restore",
                "/editor/cases/skat-i-balance/history/{s}/restore"]


def _files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and "locks" not in p.parts and p.name != "audit.jsonl"}


def test_editor_addresses_and_uploads_cannot_reach_outside_the_collection(settings, index, accounts_file):
    from tests.test_editor_web import case_form, make_editor_app, signed_in

    editor = signed_in(make_editor_app(settings, accounts_file))
    root = settings.cases_dir.parent
    before = _files_under(root)
    for slug in EDITOR_SLUGS:
        for template in EDITOR_GETS:
            assert editor.get(template.format(s=slug)).status_code in (400, 404), (template, slug)
        for template in EDITOR_POSTS:
            response = editor.post(template.format(s=slug), data={"base_version": ""})
            assert response.status_code in (400, 404, 422), (template, slug, response.status_code)
    for slug in ["../../etc/evil", "ny\ncase", "ny-case\x00", "/tmp/evil", "..", "ny\\..\\case"]:
        response = editor.post("/editor/cases/new", data=case_form(slug=slug))
        assert response.status_code == 422, repr(slug)
    page = (FIXTURE_CASES / "kulturrygsaek-holbaek.html").read_bytes()
    for name in ["../../evil.yaml", "/etc/passwd", "..\\..\\evil.html", "a\x00.html"]:
        response = editor.post("/editor/import", data={"page": (io.BytesIO(page), name)},
                               content_type="multipart/form-data")
        assert response.status_code == 200, name
    huge = io.BytesIO(b"<p>" + b"x" * (3 * 1024 * 1024))
    assert editor.post("/editor/import", data={"page": (huge, "stor.html")},
                       content_type="multipart/form-data").status_code == 413
    assert _files_under(root) == before  # nothing written, changed or removed anywhere
    assert not Path("/tmp/evil").exists()


def _gunicorn(tmp_path: Path, cases_dir: Path, bind: str, **env_vars: str) -> tuple[list[str], dict]:
    """The command and environment that serve ``cases_dir`` with gunicorn.conf.py."""
    config = tmp_path / "config.yaml"
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("cases_dir: cases", f"cases_dir: {cases_dir}")
    text = text.replace("index_dir: var/index", f"index_dir: {tmp_path / 'index'}")
    config.write_text(text.replace("data_dir: var/data", f"data_dir: {tmp_path / 'data'}"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CASESAMLINGEN_SECRET_KEY", "CASESAMLINGEN_ENV")}
    env.update(CASESAMLINGEN_CONFIG=str(config), CASESAMLINGEN_BIND=bind, CASESAMLINGEN_WORKERS="1", **env_vars)
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "--access-logfile", "/dev/null"]
    return command, env


def test_behind_a_tls_proxy_gunicorn_sends_hsts_and_refuses_unknown_hosts(tmp_path, cases_dir):
    """gunicorn trusts X-Forwarded-Proto from loopback (a proxy on the same machine)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command, env = _gunicorn(tmp_path, cases_dir, f"127.0.0.1:{port}")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def get(headers: dict) -> tuple[int, dict]:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers)

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers = get({})
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert status == 200 and "Strict-Transport-Security" not in headers
        status, headers = get({"X-Forwarded-Proto": "https"})
        assert status == 200 and headers["Strict-Transport-Security"].startswith("max-age=")
        assert get({"Host": "evil.example"})[0] == 400
    finally:
        stop_server(server)


def test_gunicorn_in_production_without_a_secret_stops_with_a_clear_message(tmp_path, cases_dir):
    command, env = _gunicorn(tmp_path, cases_dir, "127.0.0.1:0", CASESAMLINGEN_ENV="production")
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "no secret key is set: set CASESAMLINGEN_SECRET_KEY" in done.stderr
    assert not (tmp_path / "index").exists()  # it stopped before doing any work


def test_server_timing_gives_no_cache_hints_in_production(settings, index):
    development = create_app(app_config(settings)).test_client()
    development.get("/api/search?q=restskat")
    assert "cache;dur=" in development.get("/api/search?q=restskat").headers["Server-Timing"]
    production = create_app(dict(app_config(settings), ENV_NAME="production",
                                 SECRET_KEY=secrets.token_urlsafe(48))).test_client()
    for url in ("/api/search?q=restskat", "/api/search?q=restskat", "/?q=restskat", "/?q=restskat"):
        timing = production.get(url, base_url="https://localhost").headers["Server-Timing"]
        assert [part.split(";")[0].strip() for part in timing.split(",")] == ["total"], (url, timing)


def _files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_gunicorn_writes_nothing_outside_the_checkout_and_instances_keep_apart(tmp_path, cases_dir):
    """gunicorn 25+ opens a control socket in the home folder by default, where a second server
    of the same user takes it over (and deletes it when it stops)."""
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    servers = []
    try:
        for _ in range(2):
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            command, env = _gunicorn(tmp_path, cases_dir, f"127.0.0.1:{port}", HOME=str(home), TMPDIR=str(temp))
            env.pop("XDG_RUNTIME_DIR", None)
            servers.append((port, subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.DEVNULL)))
        for port, server in servers:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                        assert answer.status == 200
                    break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
    finally:
        for _, server in servers:
            stop_server(server)
    assert _files_in(home) == [] and _files_in(temp) == []
