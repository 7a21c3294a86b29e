"""The production pair, as ``make serve-production`` starts it: nginx in front of gunicorn.

gunicorn's sync workers serve one connection each from its first byte to its last, so a few
clients sending their headers slowly used to hold every worker and take the site down. nginx
reads whole requests before passing them on. These tests run the real pair on loopback.

They need Debian's nginx; without it they are skipped with the reason, and with
CASESAMLINGEN_REQUIRE_NGINX=1 (CI, ``.ci/run``) a missing nginx is a failure.
"""
from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from deploy.production import find_nginx, nginx_config
from search_app import accounts
from tests.conftest import built_collection, stop_server

ROOT = Path(__file__).resolve().parent.parent
SLOW_CLIENTS = 20
PER_ACCOUNT, PER_ADDRESS = 5, 20
"""Failed sign-ins allowed per account and address, and per address (per 10 minutes here, so a
slow run never sees the window move)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def served_config(tmp: Path, settings) -> Path:
    """config.yaml with the paths of ``settings`` (a built collection in ``tmp``)."""
    paths = settings.raw["paths"]
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("cases_dir: cases", f"cases_dir: {paths['cases_dir']}")
    text = text.replace("index_dir: var/index", f"index_dir: {paths['index_dir']}")
    text = text.replace("data_dir: var/data", f"data_dir: {paths['data_dir']}")
    text = re.sub(r"sign_in_limit: .*", f"sign_in_limit: {PER_ACCOUNT} per 10 minutes", text)
    text = re.sub(r"sign_in_address_limit: .*", f"sign_in_address_limit: {PER_ADDRESS} per 10 minutes", text)
    config = tmp / "config.yaml"
    config.write_text(text, encoding="utf-8")
    return config


def wait_for(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            assert process.poll() is None, f"the server stopped (exit code {process.returncode})"
            assert time.monotonic() < deadline, f"{url} did not answer within {timeout} s"
            time.sleep(0.2)


def require_nginx() -> str:
    nginx = find_nginx()
    if nginx:
        return nginx
    reason = "nginx is not installed (apt-get install nginx; .ci/run installs it)"
    if os.environ.get("CASESAMLINGEN_REQUIRE_NGINX") == "1":
        pytest.fail(f"CASESAMLINGEN_REQUIRE_NGINX=1 but {reason}")
    pytest.skip(reason)


class Pair:
    """The started pair: nginx's address, gunicorn's, and the log the launcher printed."""

    def __init__(self, front: str, app: str, var: Path, settings, log: Path):
        self.front, self.app, self.var, self.settings, self.log = front, app, var, settings, log

    def url(self, path: str) -> str:
        return f"http://{self.front}{path}"


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    require_nginx()
    tmp = tmp_path_factory.mktemp("pair")
    settings = built_collection(tmp)
    front, app = f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"
    env = dict(os.environ, CASESAMLINGEN_CONFIG=str(served_config(tmp, settings)),
               CASESAMLINGEN_SECRET_KEY=secrets.token_urlsafe(48), CASESAMLINGEN_WORKERS="2")
    log = tmp / "launcher.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "deploy" / "production.py"), "--listen", front,
             "--app-bind", app, "--var", str(tmp / "var")],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://{front}/healthz", process)
        yield Pair(front, app, tmp / "var", settings, log)
    finally:
        stop_server(process)
        assert process.returncode == 0, log.read_text(errors="replace")[-3000:]


def slow_client(address: str, stop: threading.Event, sent: list[int]) -> None:
    """Send a request's headers one byte at a time, never finishing them."""
    host, port = address.rsplit(":", 1)
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: " + b"x" * 500
    try:
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            for byte in request:
                if stop.is_set():
                    return
                sock.sendall(bytes([byte]))
                sent.append(1)
                stop.wait(0.2)
    except OSError:
        pass  # cut off by the server: just what a slow client deserves


def healthz_times_with_slow_clients(address: str, checks: int = 5) -> list[float]:
    """Seconds /healthz took for another visitor, measured while SLOW_CLIENTS dribble headers."""
    stop, sent = threading.Event(), []
    clients = [threading.Thread(target=slow_client, args=(address, stop, sent), daemon=True)
               for _ in range(SLOW_CLIENTS)]
    for client in clients:
        client.start()
    times = []
    try:
        time.sleep(1.0)  # every slow client is connected and sending
        for _ in range(checks):
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"http://{address}/healthz", timeout=10) as answer:
                    assert answer.status == 200
                times.append(time.monotonic() - started)
            except OSError:
                times.append(float("inf"))
            time.sleep(0.3)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=5)
    assert len(sent) >= SLOW_CLIENTS * 3, "the slow clients did not get to send"
    return times


def test_twenty_slow_clients_do_not_delay_healthz_for_others(pair):
    times = healthz_times_with_slow_clients(pair.front)
    assert max(times) < 2.0, times


class Browser:
    """A client that keeps the session cookie itself: it is ``Secure`` (``__Host-session``) and
    the pair here speaks plain HTTP on loopback, where a cookie jar would not send it."""

    def __init__(self, pair: Pair, cookie: str = ""):
        self.pair, self.cookie = pair, cookie

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(self.pair.front, timeout=30)
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        sent = dict(headers or {}, Cookie=self.cookie) if self.cookie else dict(headers or {})
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name_value = header.split(";", 1)[0]
            if name_value.startswith("__Host-session="):
                self.cookie = name_value
        connection.close()
        return response.status, text

    def token(self, path: str) -> str:
        status, page = self.request("GET", path)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def sign_in(self, name: str, password: str, headers: dict | None = None) -> int:
        form = {"name": name, "password": password, "csrf_token": self.token("/editor/sign-in")}
        return self.request("POST", "/editor/sign-in", form, headers)[0]


def test_signing_out_ends_a_copied_session_in_every_worker(pair):
    accounts.add_account(pair.settings.data_dir, "anna", "korrekt-hest-batteri")
    browser = Browser(pair)
    assert browser.sign_in("anna", "korrekt-hest-batteri") == 302
    assert browser.cookie.startswith("__Host-session=")
    stolen = Browser(pair, browser.cookie)
    assert all(stolen.request("GET", "/editor/")[0] == 200 for _ in range(6))  # both workers
    assert browser.request("POST", "/editor/sign-out", {"csrf_token": browser.token("/editor/")})[0] == 302
    assert [stolen.request("GET", "/editor/")[0] for _ in range(6)] == [302] * 6


def test_failed_sign_ins_count_once_for_all_workers_whatever_x_forwarded_for_says(pair):
    """Two gunicorn workers, one count; and the address is the one nginx saw, not one the client
    claims (each attempt here claims another)."""
    attacker = Browser(pair)
    statuses = [attacker.sign_in("anna", f"gæt-{i}", {"X-Forwarded-For": f"203.0.113.{i}"})
                for i in range(PER_ACCOUNT + 2)]
    assert statuses == [401] * PER_ACCOUNT + [429, 429]
    statuses = [attacker.sign_in(f"navn{i}", "et-gæt-mere", {"X-Forwarded-For": f"198.51.100.{i}"})
                for i in range(PER_ADDRESS - PER_ACCOUNT + 2)]
    assert statuses == [401] * (PER_ADDRESS - PER_ACCOUNT) + [429, 429]


def test_nginx_serves_static_files_itself(pair):
    with urllib.request.urlopen(pair.url("/static/style.css"), timeout=10) as answer:
        assert answer.status == 200 and answer.headers["Content-Type"] == "text/css"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert "Server-Timing" not in answer.headers  # the app never saw this request
    with urllib.request.urlopen(pair.url("/"), timeout=10) as answer:
        assert "Server-Timing" in answer.headers and "Content-Security-Policy" in answer.headers


def test_bodies_over_the_limit_stop_at_nginx(pair):
    limit = int(pair.settings.section("security")["max_content_length"])
    request = urllib.request.Request(pair.url("/editor/sign-in"), data=b"x" * (limit + 1), method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 413
    assert "nginx" in refused.value.headers.get("Server", "")


def test_the_access_log_is_kept_under_var_and_rotated_as_configured(pair):
    with urllib.request.urlopen(pair.url("/?q=hjemmepleje"), timeout=10):
        pass
    time.sleep(0.5)
    assert "GET /?q=hjemmepleje" in (pair.var / "log" / "access.log").read_text(encoding="utf-8")
    days = pair.settings.section("security")["access_log_days"]
    assert f"rotate {days}" in (pair.var / "logrotate.conf").read_text(encoding="utf-8")
    assert (pair.var / "nginx" / "nginx.pid").exists()


def test_the_config_nginx_is_given_is_one_nginx_accepts(tmp_path):
    nginx = require_nginx()
    for folder in ("log", "nginx"):
        (tmp_path / folder).mkdir()
    conf = tmp_path / "nginx" / "nginx.conf"
    conf.write_text(nginx_config(tmp_path, listen="127.0.0.1:8080", app_address="127.0.0.1:8000",
                                 max_body=2097152), encoding="utf-8")
    checked = subprocess.run([nginx, "-t", "-p", str(tmp_path / "nginx"), "-c", str(conf),
                              "-e", str(tmp_path / "log" / "error.log")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    text = conf.read_text(encoding="utf-8")
    for directive in ("client_header_timeout", "client_body_timeout", "send_timeout",
                      "proxy_request_buffering on", "proxy_buffering on", "client_max_body_size 2097152",
                      "X-Forwarded-For $remote_addr", "X-Forwarded-Proto $scheme"):
        assert directive in text
    for path in re.findall(r"^\s*(?:pid|error_log|access_log|\w+_temp_path)\s+(\S+?);?$", text, re.M):
        assert path.startswith(str(tmp_path)), path  # nothing nginx writes lies outside var/
