"""Editors' sessions end when they should, everywhere; failed sign-ins cannot lock an editor out.

Several app instances sharing one data folder stand for gunicorn's workers: what one of them
decides (a sign-out, a count of failures) must hold in all of them.
"""
from __future__ import annotations

import re
import time

import pytest
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from search_app import accounts, create_app, secret_key
from search_app.editor.sign_in_limits import SignInLimits, parse_rate
from tests.conftest import app_config
from tests.test_editor_web import PASSWORD, accounts_file, make_editor_app  # noqa: F401  (a fixture)

ANNA_ADDRESS, ATTACKER, ELSEWHERE = "192.0.2.10", "198.51.100.66", "203.0.113.5"


def sign_in(app, name="anna", password=PASSWORD, address=ANNA_ADDRESS, client=None):
    client = client or app.test_client()
    response = client.post("/editor/sign-in", data={"name": name, "password": password},
                           environ_base={"REMOTE_ADDR": address})
    return client, response


def copy_of(client, app):
    """Another browser holding a copy of ``client``'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"],
                     client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value)
    return thief


def is_signed_in(client) -> bool:
    return client.get("/editor/").status_code == 200


@pytest.fixture
def workers(settings, index, accounts_file):
    """Three app instances on one data folder, with the sign-in limits on."""
    first = make_editor_app(settings, accounts_file, RATELIMIT_ENABLED=True)
    return [first] + [create_app(dict(app_config(settings), RATELIMIT_ENABLED=True)) for _ in range(2)]


# Sessions ------------------------------------------------------------------------------------

def test_signing_out_ends_a_copied_cookie_in_every_worker(workers):
    app, other = workers[0], workers[1]
    browser, response = sign_in(app)
    assert response.status_code == 302
    stolen = copy_of(browser, other)
    assert is_signed_in(stolen)
    assert browser.post("/editor/sign-out").status_code == 302
    assert not is_signed_in(stolen)
    assert not is_signed_in(copy_of(browser, workers[2]))


def test_signing_out_in_one_browser_ends_the_other_browsers_too(workers):
    office, _ = sign_in(workers[0])
    home, _ = sign_in(workers[1], address=ELSEWHERE)
    assert is_signed_in(office) and is_signed_in(home)
    home.post("/editor/sign-out")
    assert not is_signed_in(office)


def test_a_new_password_ends_every_session_of_the_account(workers, settings):
    browser, _ = sign_in(workers[0])
    stolen = copy_of(browser, workers[1])
    bo, _ = sign_in(workers[0], name="bo")
    accounts.add_account(settings.data_dir, "anna", "et-helt-nyt-kodeord-til-anna", replace=True)
    assert not is_signed_in(browser) and not is_signed_in(stolen)
    assert is_signed_in(bo)  # other accounts keep their sessions


def test_removing_and_recreating_an_account_does_not_revive_its_old_sessions(workers, settings):
    browser, _ = sign_in(workers[0])
    stolen = copy_of(browser, workers[2])
    accounts.remove_account(settings.data_dir, "anna")
    accounts.add_account(settings.data_dir, "anna", PASSWORD)
    assert not is_signed_in(stolen) and not is_signed_in(browser)


def test_a_session_in_constant_use_still_ends_after_its_lifetime(settings, index, accounts_file):
    app = make_editor_app(settings, accounts_file, EDITOR_SESSION_SECONDS=2, EDITOR_IDLE_SECONDS=60)
    browser, _ = sign_in(app)
    stolen = copy_of(browser, app)
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:  # used twice a second: never idle
        is_signed_in(stolen)
        time.sleep(0.5)
    response = stolen.get("/editor/", follow_redirects=True)
    assert "/editor/sign-in" in response.request.path
    assert "logget ud for en sikkerheds skyld" in response.get_data(as_text=True)
    assert not is_signed_in(browser)


def test_signing_in_gives_a_new_csrf_token(settings, index, accounts_file):
    app = make_editor_app(settings, accounts_file, WTF_CSRF_ENABLED=True)
    browser = app.test_client()
    before = re.search(r'name="csrf_token" value="([^"]+)"',
                       browser.get("/editor/sign-in").get_data(as_text=True)).group(1)
    signed = browser.post("/editor/sign-in", data={"name": "anna", "password": PASSWORD, "csrf_token": before})
    assert signed.status_code == 302
    # A token planted before the sign-in (or read from the sign-in page) is worthless after it.
    assert browser.post("/editor/sign-out", data={"csrf_token": before}).status_code == 400
    after = re.search(r'name="csrf_token" value="([^"]+)"',
                      browser.get("/editor/cases/new").get_data(as_text=True)).group(1)
    assert after != before
    assert browser.post("/editor/sign-out", data={"csrf_token": after}).status_code == 302


# The key that signs sessions ------------------------------------------------------------------

def forged_session(key: str, name: str = "anna") -> str:
    """A session cookie for ``name`` signed with ``key``, as Flask would make it."""
    interface = SecureCookieSessionInterface()
    serializer = URLSafeTimedSerializer(key, salt=interface.salt, serializer=interface.serializer,
                                        signer_kwargs={"key_derivation": "hmac", "digest_method": interface.digest_method})
    now = int(time.time())
    return serializer.dumps({"editor": name, "seen": now, "since": now})


def test_each_installation_makes_its_own_development_key(settings, index, accounts_file, tmp_path):
    config = {k: v for k, v in app_config(settings).items() if k != "SECRET_KEY"}
    first = make_editor_app(settings, accounts_file, SECRET_KEY=None)
    key_file = settings.data_dir / secret_key.FILE_NAME
    assert first.config["SECRET_KEY"] == key_file.read_text().strip() and len(first.config["SECRET_KEY"]) >= 60
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert create_app(config).config["SECRET_KEY"] == first.config["SECRET_KEY"]  # kept across restarts
    elsewhere = create_app(dict(config, DATA_DIR=str(tmp_path / "another-installation")))
    assert elsewhere.config["SECRET_KEY"] != first.config["SECRET_KEY"]
    # The key every installation used to share no longer opens the editor.
    visitor = first.test_client()
    visitor.set_cookie("session", forged_session("dev-only-not-secret"))
    assert not is_signed_in(visitor)


# Passwords ------------------------------------------------------------------------------------

@pytest.mark.parametrize("password", ["1234567890", "password123", "qwertyuiop", "anna-anna-anna",
                                      "casesamlingen1"])
def test_common_and_easily_guessed_passwords_are_refused(settings, password):
    with pytest.raises(accounts.AccountError, match="too easy to guess"):
        accounts.add_account(settings.data_dir, "anna", password)
    assert accounts.list_accounts(settings.data_dir) == []


def test_the_command_line_refuses_a_common_password_with_a_clear_message(settings, index):
    app = create_app(app_config(settings))
    result = app.test_cli_runner().invoke(args=["editor", "add", "anna", "--password-stdin"], input="1234567890\n")
    assert result.exit_code != 0 and "too easy to guess" in result.output
    assert "top-100 common password" in result.output


# Failed sign-ins ------------------------------------------------------------------------------

def test_failures_are_counted_once_for_all_app_instances(workers):
    """(Through gunicorn's workers: tests/test_front_server.py.)"""
    statuses = [sign_in(workers[i % 3], password=f"gæt-{i}", address=ATTACKER)[1].status_code
                for i in range(15)]
    assert statuses.count(401) == 5 and statuses[5:] == [429] * 10


def test_an_attacker_cannot_lock_an_editor_out(workers):
    sign_in(workers[0])  # Anna's office address is one she has used before
    for i in range(10):
        for spelling in ("ANNA", " anna", "Anna"):
            sign_in(workers[i % 3], name=spelling, password=f"gæt-{i}", address=f"198.51.100.{i}")
    browser, response = sign_in(workers[1])
    assert response.status_code == 302 and is_signed_in(browser)


def test_from_a_new_address_the_right_password_is_slowed_down_never_refused(settings, index, accounts_file):
    limits = SignInLimits(parse_rate("5 per minute"), parse_rate("20 per minute"), slow_seconds=1)
    app = make_editor_app(settings, accounts_file, RATELIMIT_ENABLED=True, EDITOR_SIGN_IN_LIMITS=limits)
    for i in range(10):
        sign_in(app, password=f"gæt-{i}", address=f"198.51.100.{i}")
    travelling = app.test_client()
    assert sign_in(app, password="tastefejl", address=ELSEWHERE, client=travelling)[1].status_code == 401
    slowed = sign_in(app, address=ELSEWHERE, client=travelling)[1]
    assert slowed.status_code == 429 and slowed.headers["Retry-After"] == "1"
    assert "Vent 1 sekunder" in slowed.get_data(as_text=True)
    time.sleep(1.1)
    assert sign_in(app, address=ELSEWHERE, client=travelling)[1].status_code == 302


def test_one_address_trying_many_names_is_stopped(workers):
    statuses = [sign_in(workers[i % 3], name=f"navn{i}", password="gæt-et-kodeord", address=ATTACKER)[1].status_code
                for i in range(22)]
    assert statuses[:20] == [401] * 20 and statuses[20:] == [429] * 2
    assert sign_in(workers[0], address=ANNA_ADDRESS)[1].status_code == 302  # others are not affected


def test_names_are_one_account_however_they_are_spelt(workers):
    for spelling in ("ANNA", " anna ", "Anna", "ＡＮＮＡ", "anna"):
        assert sign_in(workers[0], name=spelling, password="forkert-kodeord", address=ATTACKER)[1].status_code == 401
    assert sign_in(workers[1], name="anna", address=ATTACKER)[1].status_code == 429
    browser, response = sign_in(workers[2], name="ＡＮＮＡ")
    assert response.status_code == 302
    assert browser.get("/editor/").status_code == 200
