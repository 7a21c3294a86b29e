"""Browser tests: the real site served by gunicorn on loopback, driven in Debian's Chromium.

They run whenever /usr/bin/chromium, Playwright and axe-core are present and are skipped with a
clear reason otherwise. With CASESAMLINGEN_REQUIRE_BROWSER=1 (CI) a missing browser is a failure.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from search_app import accounts
from tests.conftest import built_collection, stop_server

CHROMIUM = Path(os.environ.get("CASESAMLINGEN_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ROOT = Path(__file__).resolve().parents[2]
EDITOR = ("redaktoer", "browser-test-adgangskode")
"""The editor account the ``site`` fixture creates (name, password)."""
LAUNCH_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-quic",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (run `make browser-deps`)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    if not AXE.exists():
        return f"axe-core not found at {AXE} (run `make browser-deps`)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    if reason is None:
        return
    required = os.environ.get("CASESAMLINGEN_REQUIRE_BROWSER") == "1"
    for item in items:
        if "tests/browser" in str(item.fspath):
            if required:
                item.add_marker(pytest.mark.xfail(reason=reason, run=False, strict=True))
            else:
                item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


def pytest_terminal_summary(terminalreporter):
    reason = _missing()
    if reason:
        terminalreporter.write_line(f"NOTE: browser tests did not run: {reason}", yellow=True)
        if os.environ.get("CASESAMLINGEN_REQUIRE_BROWSER") == "1":
            terminalreporter.write_line("CASESAMLINGEN_REQUIRE_BROWSER=1: this is a failure", red=True)


def pytest_sessionfinish(session, exitstatus):
    if _missing() and os.environ.get("CASESAMLINGEN_REQUIRE_BROWSER") == "1":
        session.exitstatus = 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not answer in {timeout} s")


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """A real gunicorn server on the fixture collection; yields (base_url, settings)."""
    tmp = tmp_path_factory.mktemp("site")
    settings = built_collection(tmp)
    cases = tmp / "cases"
    accounts.add_account(settings.data_dir, *EDITOR)
    config = tmp / "config.yaml"
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("cases_dir: cases", f"cases_dir: {cases}")
    text = text.replace("index_dir: var/index", f"index_dir: {tmp / 'index'}")
    text = text.replace("data_dir: var/data", f"data_dir: {tmp / 'data'}")
    config.write_text(with_theme_examples(text), encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, CASESAMLINGEN_CONFIG=str(config), CASESAMLINGEN_BIND=f"127.0.0.1:{port}",
               CASESAMLINGEN_WORKERS="2", CASESAMLINGEN_SECRET_KEY="browser-test-secret")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/", proc)
        yield base, settings
    finally:
        stop_server(proc)


THEME_EXAMPLES = {"lav-nye-services": ["skat-i-balance", "akuttelefonen-1813", "delebus-froeen-jungshoved"]}
"""Example cases from the fixture collection for theme pages (config.yaml names real cases)."""
CONTACT_EMAIL = "redaktion@example.org"


def with_theme_examples(text: str) -> str:
    """config.yaml's text with THEME_EXAMPLES as the themes' examples and an editors' address."""
    data = yaml.safe_load(text)
    for slug, examples in THEME_EXAMPLES.items():
        theme = data["themes"][slug]
        theme.pop("example_case", None)
        theme["examples"] = examples
    data["site"]["contact_email"] = CONTACT_EMAIL
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=["js", "nojs"])
def page(request, browser):
    """A fresh page, once with JavaScript and once without: every journey must work in both."""
    context = browser.new_context(java_script_enabled=request.param == "js", locale="da-DK")
    page = context.new_page()
    page.js_enabled = request.param == "js"
    yield page
    context.close()


def sign_in_as_editor(page, base: str) -> None:
    """Sign in through the form with the ``EDITOR`` account; ends on the editor's case list."""
    page.goto(base + "/editor/sign-in")
    page.get_by_label("Navn").fill(EDITOR[0])
    page.get_by_label("Adgangskode").fill(EDITOR[1])
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(base + "/editor/")
