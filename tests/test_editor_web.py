"""The web editor: sign-in, forms with Danish errors, drafts, conflicts, history and trash."""
from __future__ import annotations

import io
import re
import secrets
import shutil
import sqlite3
import time

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from search_app import accounts, create_app
from search_app.editor.auth import new_session
from tests.conftest import app_config

PASSWORD = "korrekt-hest-batteri"


@pytest.fixture(scope="module")
def accounts_file(tmp_path_factory):
    """Two accounts, hashed once per module (a strong hash takes a while on purpose)."""
    folder = tmp_path_factory.mktemp("accounts")
    accounts.add_account(folder, "anna", PASSWORD)
    accounts.add_account(folder, "bo", PASSWORD)
    return accounts.accounts_path(folder)


def make_editor_app(settings, accounts_file, **config):
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(accounts_file, accounts.accounts_path(settings.data_dir))
    return create_app(dict(app_config(settings), **config))


@pytest.fixture
def editor_app(settings, index, accounts_file):
    return make_editor_app(settings, accounts_file)


def signed_in(app, name: str = "anna"):
    """A client with an editor's session (signing in through the form is tested on its own)."""
    client = app.test_client()
    with app.test_request_context():
        fields = new_session(name)
    with client.session_transaction() as session:
        session.update(fields)
    return client


@pytest.fixture
def editor(editor_app):
    return signed_in(editor_app)


def case_form(**changes) -> dict:
    form = {
        "title": "Testby giver ældre robotstøvsugere med hjem",
        "slug": "",
        "lead": "Testby Kommune lånte robotstøvsugere ud til ældre borgere, så de kunne klare sig selv længere.",
        "body": "## Udfordringen\n\nÆldre borgere fik hjælp til rengøring.\n\n## Løsningen\n\nRobotstøvsugere.\n",
        "organisation": "Testby Kommune",
        "year": "2022",
        "innovation_type": ["product", "service"],
        "value": ["quality"],
        "partner": ["companies"],
        "sector": "kommune",
        "region": "midtjylland",
        "area": ["aeldre"],
        "employee_driven": "true",
        "source_urls": "https://example.org/robotter",
        "contact_organisation": "Testby Kommune",
        "contact_role": "Ældreområdet",
        "contact_url": "",
        "aliases": "",
        "updated": "",
        "summary_en": "Testby lent robot vacuum cleaners to older residents. They could manage on their own for longer.",
        "base_version": "",
        "action": "publish",
    }
    form.update(changes)
    return form


def version_on_page(html: str) -> str:
    return re.search(r'name="base_version" value="([0-9a-f]*)"', html).group(1)


EDITOR_PAGES = ["/editor/", "/editor/cases/new", "/editor/cases/skat-i-balance/edit",
                "/editor/cases/kladde-eksempel/preview", "/editor/cases/skat-i-balance/history",
                "/editor/import", "/editor/audit", "/editor/zero-results"]


def test_editor_pages_need_sign_in_and_are_never_cached(editor_app, editor):
    visitor = editor_app.test_client()
    for url in EDITOR_PAGES:
        response = visitor.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/editor/sign-in"), url
        page = editor.get(url)
        assert page.status_code == 200, url
        assert page.headers["Cache-Control"] == "no-store" and "noindex" in page.headers["X-Robots-Tag"]


def test_wrong_password_ten_times_is_rate_limited(settings, index, accounts_file):
    app = make_editor_app(settings, accounts_file, RATELIMIT_ENABLED=True)
    client = app.test_client()
    statuses = [client.post("/editor/sign-in", data={"name": "anna", "password": f"forkert-{i}"}).status_code
                for i in range(10)]
    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429] * 5
    refused = client.post("/editor/sign-in", data={"name": "anna", "password": PASSWORD})
    assert refused.status_code == 429
    assert "For mange mislykkede forsøg" in refused.get_data(as_text=True)
    # The guesses from one address do not lock the account: from another, the right password works.
    other = app.test_client().post("/editor/sign-in", data={"name": "anna", "password": PASSWORD},
                                   environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 302


def test_failed_sign_in_is_logged(editor_app, caplog):
    with caplog.at_level("WARNING"):
        editor_app.test_client().post("/editor/sign-in", data={"name": "anna", "password": "forkert"})
    assert "failed editor sign-in for 'anna'" in caplog.text
    assert PASSWORD not in caplog.text and "forkert" not in caplog.text


def test_form_post_without_csrf_token_is_refused(settings, index, accounts_file):
    app = make_editor_app(settings, accounts_file, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert client.post("/editor/sign-in", data={"name": "anna", "password": PASSWORD}).status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/editor/sign-in").get_data(as_text=True))
    signed = client.post("/editor/sign-in", data={"name": "anna", "password": PASSWORD, "csrf_token": token.group(1)})
    assert signed.status_code == 302
    assert client.post("/editor/cases/new", data=case_form()).status_code == 400
    assert not (settings.cases_dir / "testby-giver-aeldre-robotstoevsugere-med-hjem.yaml").exists()
    page = client.get("/editor/cases/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/editor/cases/new", data=case_form(csrf_token=token)).status_code == 302


def test_session_cookie_is_httponly_samesite_and_secure_in_production(settings, index, accounts_file):
    app = make_editor_app(settings, accounts_file, ENV_NAME="production", SECRET_KEY=secrets.token_urlsafe(48))
    response = app.test_client().post("/editor/sign-in", data={"name": "anna", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_idle_session_ends_and_sign_out_ends_it(editor_app, editor):
    assert editor.get("/editor/").status_code == 200
    with editor.session_transaction() as session:
        session["seen"] = time.time() - editor_app.config["EDITOR_IDLE_SECONDS"] - 1
    response = editor.get("/editor/", follow_redirects=True)
    assert "uden aktivitet" in response.get_data(as_text=True)
    assert editor.get("/editor/").status_code == 302
    again = editor_app.test_client()
    landed = again.post("/editor/sign-in", data={"name": "Anna ", "password": PASSWORD, "next": "/editor/audit"})
    assert landed.headers["Location"] == "/editor/audit"
    assert again.get("/editor/audit").status_code == 200
    assert again.post("/editor/sign-out").status_code == 302
    assert again.get("/editor/").status_code == 302


def test_validation_errors_stand_next_to_their_fields_in_danish(editor, settings):
    response = editor.post("/editor/cases/new", data=case_form(lead="For kort.", innovation_type=[],
                                                               contact_url="ikke-en-adresse"))
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "lxml")
    lead = soup.find(id="f-lead")
    assert lead["aria-invalid"] == "true"
    assert "lead-error" in lead["aria-describedby"].split()
    assert soup.find(id="lead-error").get_text(strip=True) == "Er for kort: mindst 40 tegn"
    assert soup.find(id="innovation_type-error").get_text(strip=True) == "Skal udfyldes"
    assert "webadresse" in soup.find(id="contact_url-error").get_text()
    assert soup.find(id="f-title")["value"] == case_form()["title"]  # nothing retyped
    assert list(settings.cases_dir.glob("testby-*")) == []


def test_publishing_needs_the_english_summary_and_a_draft_does_not(editor, settings):
    refused = editor.post("/editor/cases/new", data=case_form(summary_en=""))
    assert refused.status_code == 422
    soup = BeautifulSoup(refused.get_data(as_text=True), "lxml")
    assert soup.find(id="f-summary_en")["aria-invalid"] == "true"
    assert "skal udfyldes, før casen udgives" in soup.find(id="summary_en-error").get_text().lower()
    assert list(settings.cases_dir.glob("testby-*")) == []
    saved = editor.post("/editor/cases/new", data=case_form(summary_en="", action="draft"))
    assert saved.status_code == 302
    assert len(list(settings.cases_dir.glob("testby-*"))) == 1


def test_saved_case_is_searchable_through_the_public_api(editor):
    response = editor.post("/editor/cases/new", data=case_form())
    assert response.status_code == 302
    found = editor.get("/api/search?q=robotstøvsugere").get_json()
    assert [r["slug"] for r in found["results"]] == ["testby-giver-aeldre-robotstoevsugere-med-hjem"]


def test_draft_is_previewable_by_editors_and_nowhere_public(editor_app, editor):
    editor.post("/editor/cases/new", data=case_form(action="draft", slug="robot-kladde"))
    preview = editor.get("/editor/cases/robot-kladde/preview")
    assert preview.status_code == 200 and "Robotstøvsugere" in preview.get_data(as_text=True)
    public = editor_app.test_client()
    assert public.get("/api/search?q=robotstøvsugere").get_json()["total"] == 0
    assert "robotstøvsugere" not in public.get("/?q=robotstøvsugere").get_data(as_text=True).lower().split("søgning")[-1]
    assert public.get("/cases/robot-kladde").status_code == 404
    assert public.get("/api/cases/robot-kladde").status_code == 404
    assert public.get("/editor/cases/robot-kladde/preview").status_code == 302
    for rule in editor_app.url_map.iter_rules():
        if not rule.arguments and ("sitemap" in rule.rule or "feed" in rule.rule):
            assert "robot-kladde" not in public.get(rule.rule).get_data(as_text=True), rule.rule


HOSTILE_BODY = """## Udfordringen

<script>alert('x1')</script>
[klik her](javascript:alert('x2'))
<a href="JaVaScRiPt:alert('x3')">eller her</a>
<img src="x" onerror="alert('x4')">
<p onclick="alert('x5')" onmouseover="alert('x6')">Et afsnit med attributter.</p>
<svg onload="alert('x7')"></svg><iframe src="javascript:alert('x8')"></iframe>
"""


def _executable(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    body = soup.select_one(".case-body") or soup
    found = [str(t)[:60] for t in body.find_all(["script", "iframe", "svg", "img", "object", "embed"])]
    for tag in body.find_all(True):
        found += [f"{tag.name}[{a}]" for a in tag.attrs if a.lower().startswith("on")]
        for attr in ("href", "src"):
            if tag.get(attr, "").strip().lower().startswith("javascript:"):
                found.append(f"{tag.name}[{attr}]={tag[attr]}")
    return found


def test_hostile_body_is_rendered_harmless_on_the_public_page(editor_app, editor):
    response = editor.post("/editor/cases/new", data=case_form(slug="fjendtlig", body=HOSTILE_BODY))
    assert response.status_code == 302
    page = editor_app.test_client().get("/cases/fjendtlig")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Et afsnit med attributter." in html
    assert _executable(html) == []
    preview = editor.post("/editor/cases/new", data=case_form(body=HOSTILE_BODY, action="preview"))
    assert "Et afsnit med attributter." in preview.get_data(as_text=True)
    assert _executable(preview.get_data(as_text=True)) == []


def test_concurrent_edits_give_a_conflict_page_with_both_versions(editor_app, editor, settings):
    other = signed_in(editor_app, "bo")
    version = version_on_page(editor.get("/editor/cases/skat-i-balance/edit").get_data(as_text=True))
    assert version_on_page(other.get("/editor/cases/skat-i-balance/edit").get_data(as_text=True)) == version
    stored = case_form(slug="skat-i-balance", base_version=version)
    first = editor.post("/editor/cases/skat-i-balance/edit", data=dict(stored, title="Annas titel om skat i balance"))
    assert first.status_code == 302
    second = other.post("/editor/cases/skat-i-balance/edit", data=dict(stored, title="Bos titel om skat i balance"))
    assert second.status_code == 409
    html = second.get_data(as_text=True)
    assert "<del>Annas</del><ins>Bos</ins> titel om skat i balance" in html  # theirs -> mine, word by word
    assert BeautifulSoup(html, "lxml").find(id="f-title")["value"] == "Bos titel om skat i balance"
    assert "Annas titel" in (settings.cases_dir / "skat-i-balance.yaml").read_text(encoding="utf-8")
    history = editor.get("/editor/cases/skat-i-balance/history").get_data(as_text=True)
    assert "afvist ved en konflikt" in history
    # Saving again from the conflict page knowingly replaces the newest version.
    third = other.post("/editor/cases/skat-i-balance/edit",
                       data=dict(stored, title="Bos titel om skat i balance", base_version=version_on_page(html)))
    assert third.status_code == 302


def test_history_restore_and_trash_through_the_web(editor, settings):
    edit = editor.get("/editor/cases/skat-i-balance/edit").get_data(as_text=True)
    original_title = BeautifulSoup(edit, "lxml").find(id="f-title")["value"]
    form = case_form(slug="skat-i-balance", base_version=version_on_page(edit), title="En ny titel, der skal fortrydes")
    assert editor.post("/editor/cases/skat-i-balance/edit", data=form).status_code == 302
    history = editor.get("/editor/cases/skat-i-balance/history").get_data(as_text=True)
    entry_url = re.search(r'href="(/editor/cases/skat-i-balance/history/[^"]+)"', history).group(1)
    entry = editor.get(entry_url).get_data(as_text=True)
    assert original_title in entry
    restored = editor.post(entry_url + "/restore", data={"base_version": version_on_page(entry)},
                           follow_redirects=True)
    assert original_title in restored.get_data(as_text=True)
    assert editor.get("/api/search?q=fortrydes").get_json()["total"] == 0

    version = version_on_page(editor.get("/editor/cases/skat-i-balance/edit").get_data(as_text=True))
    editor.post("/editor/cases/skat-i-balance/delete", data={"base_version": version})
    assert editor.get("/cases/skat-i-balance").status_code == 404
    trash = editor.get("/editor/?state=trashed").get_data(as_text=True)
    assert "I papirkurven" in trash and "skat-i-balance" in trash
    editor.post("/editor/trash/skat-i-balance/restore")
    assert editor.get("/cases/skat-i-balance").status_code == 200


def test_path_traversal_in_addresses_is_refused(editor, settings):
    for bad in ["../../etc/passwd", "..", "a/b", "x%2F..%2F..%2Fy", "/etc/passwd"]:
        response = editor.post("/editor/cases/new", data=case_form(slug=bad))
        assert response.status_code == 422, bad
        assert "ikke en gyldig adresse" in response.get_data(as_text=True)
        assert editor.get(f"/editor/cases/{bad}/edit").status_code == 404, bad
        assert editor.get(f"/editor/cases/skat-i-balance/history/{bad}").status_code == 404, bad
    assert sorted(p.name for p in settings.cases_dir.parent.iterdir()) == ["cases", "data", "index"]


def test_import_from_html_fills_the_form_for_review(editor, settings):
    page = (settings.cases_dir / "kulturrygsaek-holbaek.html").read_bytes()
    response = editor.post("/editor/import", data={"page": (io.BytesIO(page), "side.html")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "lxml")
    assert soup.find(id="f-title")["value"].startswith("Kulturrygsækken giver børn kunst")
    assert "## Løsningen" in soup.find(id="f-body").get_text()
    assert soup.find(id="f-slug")["value"] == "kulturrygsaekken-giver-boern-kunst-ogsaa-i-holbaek"
    assert soup.find(id="f-organisation")["value"] == "Holbæk Kommune"
    assert not (settings.cases_dir / "kulturrygsaekken-giver-boern-kunst-ogsaa-i-holbaek.yaml").exists()


def test_form_posted_after_idle_time_out_survives_a_new_sign_in(editor_app, editor, settings):
    with editor.session_transaction() as session:
        session["seen"] = 0
    expired = editor.post("/editor/cases/new", data=case_form(slug="efter-pause"))
    assert expired.status_code == 401
    soup = BeautifulSoup(expired.get_data(as_text=True), "lxml")
    carried = [(i["name"], i["value"]) for i in soup.select("input[type=hidden]") if i["name"].startswith("carry-")]
    assert ("carry-slug", "efter-pause") in carried
    signed = editor.post("/editor/sign-in", data=MultiDict(carried + [
        ("name", "anna"), ("password", PASSWORD), ("resume", "/editor/cases/new")]))
    resume = BeautifulSoup(signed.get_data(as_text=True), "lxml").find("form", action="/editor/cases/new")
    fields = MultiDict([(i["name"], i["value"]) for i in resume.select("input[type=hidden]")])
    assert editor.post("/editor/cases/new", data=fields).status_code == 302
    assert (settings.cases_dir / "efter-pause.yaml").exists()


def test_zero_result_searches_are_counted_without_personal_data(editor_app, editor, settings):
    public = editor_app.test_client()
    public.get("/?q=Hvordan+laver+man+flyvende+biler")
    public.get("/api/search?q=hvordan laver man  FLYVENDE biler")
    public.get("/?q=min+cpr+010203-1234+mail+a@b.dk+zzqx")
    public.get("/?q=restskat")  # found something: not counted
    page = editor.get("/editor/zero-results").get_data(as_text=True)
    rows = re.findall(r"<tr><td><a [^>]+>([^<]+)</a></td><td>(\d+)</td></tr>", page)
    assert ("hvordan laver man flyvende biler", "2") in rows
    assert ("min cpr [tal] mail [e-mail] zzqx", "1") in rows
    assert not any("restskat" in q for q, _ in rows)
    with sqlite3.connect(settings.data_dir / "zero_results.sqlite3") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(zero_results)")]
    assert columns == ["query", "count"]


def test_audit_log_page_lists_who_changed_what(editor):
    editor.post("/editor/cases/new", data=case_form(slug="til-loggen"))
    page = editor.get("/editor/audit").get_data(as_text=True)
    assert re.search(r"<td>anna</td>\s*<td>Oprettet", page)
    assert "til-loggen" in page


def test_case_list_shows_drafts_and_validation_state(editor, settings):
    (settings.cases_dir / "i-stykker.yaml").write_text("title: Kort\n", encoding="utf-8")
    (settings.cases_dir / "ulaeselig.yaml").write_text("title: [ikke lukket\n", encoding="utf-8")
    broken = editor.get("/editor/cases/ulaeselig/edit").get_data(as_text=True)
    assert "Filen kan ikke læses som en case" in broken and "title: [ikke lukket" in broken
    page = editor.get("/editor/").get_data(as_text=True)
    assert "Kladde" in page and "Udgivet" in page
    assert re.search(r"i-stykker.*?fejl", page, re.S)
    filtered = editor.get("/editor/?q=skat").get_data(as_text=True)
    assert "skat-i-balance" in filtered and "akuttelefonen-1813" not in filtered


def test_sign_in_sends_editors_on_only_within_the_editor(editor_app):
    for target, expected in [("/editor/audit", "/editor/audit"), ("https://evil.example/", "/editor/"),
                             ("//evil.example/editor/", "/editor/"), ("/editor/..//evil.example", "/editor/"),
                             ("/cases/skat-i-balance", "/editor/")]:
        response = editor_app.test_client().post(
            "/editor/sign-in", data={"name": "anna", "password": PASSWORD, "next": target})
        assert response.headers["Location"] == expected, target


# ---- renamed or deleted while open, unfinished drafts, differences ----------------------------

def _open(client, slug: str) -> tuple[dict, str]:
    """The case form as an editor opens it: its fields as they would be posted, and the version."""
    html = client.get(f"/editor/cases/{slug}/edit").get_data(as_text=True)
    soup = BeautifulSoup(html, "lxml")
    form = soup.find("form", class_="case-form")
    fields = MultiDict()
    for tag in form.find_all(["input", "textarea"]):
        name, kind = tag.get("name"), tag.get("type", "")
        if not name or kind == "submit":
            continue
        if kind in ("checkbox", "radio"):
            if tag.has_attr("checked"):
                fields.add(name, tag["value"])
        elif tag.name == "textarea":
            fields.add(name, tag.get_text())
        else:
            fields.add(name, tag.get("value", ""))
    return fields, version_on_page(html)


def test_saving_a_case_renamed_meanwhile_lands_on_the_conflict_page_with_the_text_kept(editor_app, editor):
    other = signed_in(editor_app, "bo")
    mine, _ = _open(editor, "skat-i-balance")
    theirs, _ = _open(other, "skat-i-balance")
    theirs["slug"] = "skat-i-balance-flyttet"
    theirs["action"] = "publish"
    assert other.post("/editor/cases/skat-i-balance/edit", data=theirs).status_code == 302
    mine["lead"] = "Annas nye indledning om, hvordan Skat i balance hjælper danskerne med forskudsopgørelsen."
    mine["action"] = "publish"
    response = editor.post("/editor/cases/skat-i-balance/edit", data=mine)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    soup = BeautifulSoup(html, "lxml")
    assert "flyttet til /cases/skat-i-balance-flyttet" in soup.find(id="conflict-heading").get_text()
    assert soup.find("form", class_="case-form")["action"] == "/editor/cases/skat-i-balance-flyttet/edit"
    assert soup.find(id="f-slug")["value"] == "skat-i-balance-flyttet"
    history = editor.get("/editor/cases/skat-i-balance-flyttet/history").get_data(as_text=True)
    assert "afvist ved en konflikt" in history
    rejected = re.search(r'href="(/editor/cases/skat-i-balance-flyttet/history/[^"]+\.rejected)"', history).group(1)
    assert "Annas nye indledning" in editor.get(rejected).get_data(as_text=True)
    # Saving from the conflict page saves at the new address, never back at the old one.
    again, _ = _open(editor, "skat-i-balance-flyttet")
    again["lead"] = mine["lead"]
    again["action"] = "publish"
    assert editor.post(soup.find("form", class_="case-form")["action"], data=again).status_code == 302
    assert editor_app.test_client().get("/cases/skat-i-balance").status_code == 301


def test_saving_a_case_deleted_meanwhile_keeps_the_text_and_offers_the_trash(editor_app, editor, settings):
    other = signed_in(editor_app, "bo")
    mine, version = _open(editor, "skat-i-balance")
    other.post("/editor/cases/skat-i-balance/delete", data={"base_version": version})
    mine["lead"] = "Annas indledning, skrevet mens casen blev slettet, og som ikke må gå tabt nogen steder."
    mine["action"] = "publish"
    response = editor.post("/editor/cases/skat-i-balance/edit", data=mine)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Casen blev slettet, mens du redigerede" in html and "Annas indledning, skrevet mens" in html
    restore = BeautifulSoup(html, "lxml").find("form", action=re.compile(r"^/editor/trash/"))
    assert editor.post(restore["action"]).status_code == 302
    history = editor.get("/editor/cases/skat-i-balance/history").get_data(as_text=True)
    rejected = re.search(r'href="(/editor/cases/skat-i-balance/history/[^"]+\.rejected)"', history).group(1)
    assert "Annas indledning, skrevet mens" in editor.get(rejected).get_data(as_text=True)


def test_conflict_page_lets_the_editor_take_theirs_mine_or_both_per_field(editor_app, editor, settings):
    other = signed_in(editor_app, "bo")
    mine, _ = _open(editor, "skat-i-balance")
    theirs, _ = _open(other, "skat-i-balance")
    theirs["lead"] = "Bos indledning: Skat i balance hjælper over en million danskere med forskudsopgørelsen."
    theirs.setlist("area", ["skat-oekonomi", "digitalisering"])
    theirs["action"] = "publish"
    assert other.post("/editor/cases/skat-i-balance/edit", data=theirs).status_code == 302
    mine["title"] = "Annas titel: Skat i balance sparer danskerne for restskat"
    mine.setlist("area", ["skat-oekonomi", "sundhed"])
    mine["action"] = "publish"
    conflict = editor.post("/editor/cases/skat-i-balance/edit", data=mine)
    assert conflict.status_code == 409
    soup = BeautifulSoup(conflict.get_data(as_text=True), "lxml")
    rows = {row.th.get_text(strip=True): row for row in soup.select(".conflict table.field-changes tbody tr")}
    assert {"Titel", "Indledning", "Område"} <= set(rows)
    assert rows["Indledning"].find("input", value="theirs").has_attr("checked")  # only they changed it
    assert rows["Titel"].find("input", value="mine").has_attr("checked")  # only I changed it
    assert rows["Område"].find("input", value="merge").has_attr("checked")  # both changed it
    posted = MultiDict(list(mine.items(multi=True)))
    posted["base_version"] = version_on_page(conflict.get_data(as_text=True))
    posted["conflict_base"] = soup.find("input", attrs={"name": "conflict_base"})["value"]
    for row in rows.values():
        chosen = row.find("input", checked=True)
        posted[chosen["name"]] = chosen["value"]
    posted["action"] = "resolve"
    resolved = editor.post("/editor/cases/skat-i-balance/edit", data=posted)
    assert resolved.status_code == 200
    form = BeautifulSoup(resolved.get_data(as_text=True), "lxml")
    assert form.find(id="f-title")["value"] == mine["title"]
    assert form.find(id="f-lead").get_text() == theirs["lead"]
    checked_areas = {i["value"] for i in form.select("input[name=area][checked]")}
    assert checked_areas == {"skat-oekonomi", "digitalisering", "sundhed"}  # both editors' additions
    _, current = _open(editor, "skat-i-balance")
    assert version_on_page(resolved.get_data(as_text=True)) == current  # saving now replaces theirs knowingly


def test_a_draft_saves_with_only_a_title_shows_a_checklist_and_is_never_public(editor_app, editor, settings):
    response = editor.post("/editor/cases/new", data={"title": "Kun en titel på en ny kladde", "action": "draft"})
    assert response.status_code == 302
    slug = "kun-en-titel-paa-en-ny-kladde"
    assert (settings.cases_dir / f"{slug}.yaml").is_file()
    page = BeautifulSoup(editor.get(response.headers["Location"]).get_data(as_text=True), "lxml")
    checklist = page.select_one(".checklist")
    assert checklist is not None and "Før casen kan udgives" in checklist.get_text()
    todo = [li.a.get_text(strip=True) for li in checklist.select("li.todo")]
    assert {"Indledning", "Brødtekst", "Organisation", "Kilder"} <= set(todo)
    assert "Titel" in checklist.select_one("li.done").get_text()
    assert not page.select(".error-summary")
    # Publishing is refused with the same checklist; the draft stays as it was.
    refused = editor.post(f"/editor/cases/{slug}/edit", data={
        "title": "Kun en titel på en ny kladde", "action": "publish", "slug": slug,
        "base_version": version_on_page(editor.get(f"/editor/cases/{slug}/edit").get_data(as_text=True))})
    assert refused.status_code == 422 and "Før casen kan udgives" in refused.get_data(as_text=True)
    public = editor_app.test_client()
    for url in ["/?q=kladde", "/api/search?q=kladde", "/api/search.json?q=kladde", "/api/search.csv?q=kladde",
                "/feed.xml", "/sitemap.xml"]:
        assert slug not in public.get(url).get_data(as_text=True), url
    assert public.get(f"/cases/{slug}").status_code == 404
    assert public.get(f"/api/cases/{slug}").status_code == 404
    assert editor.get(f"/editor/cases/{slug}/preview").status_code == 200


def test_a_new_case_form_starts_with_the_four_headings_like_the_command_line(editor):
    soup = BeautifulSoup(editor.get("/editor/cases/new").get_data(as_text=True), "lxml")
    body = soup.find(id="f-body").get_text()
    assert re.findall(r"^## (.+)$", body, re.M) == ["Udfordringen", "Løsningen", "Samarbejdet", "Resultater"]


def test_an_empty_optional_field_reports_no_error(editor):
    response = editor.post("/editor/cases/new", data={"title": "", "slug": "", "contact_url": "",
                                                       "year": "", "action": "draft"})
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "lxml")
    assert soup.find(id="title-error") is not None
    assert soup.find(id="slug-error") is None
    assert "er ikke en gyldig adresse" not in response.get_data(as_text=True)


def test_actions_stay_reachable_and_preview_shows_the_whole_public_page(editor):
    soup = BeautifulSoup(editor.get("/editor/cases/skat-i-balance/edit").get_data(as_text=True), "lxml")
    bar = soup.select_one("form.case-form .sticky-actions")
    assert [b["value"] for b in bar.find_all("button")] == ["preview", "draft", "publish"]
    assert bar.find("button", value="preview")["formtarget"] == "_blank"  # the form stays where it was
    preview = editor.post("/editor/cases/skat-i-balance/edit", data=case_form(slug="skat-i-balance", action="preview"))
    page = BeautifulSoup(preview.get_data(as_text=True), "lxml")
    assert page.find("h1").get_text(strip=True) == case_form()["title"]
    assert case_form()["lead"] in page.select_one(".lead").get_text()
    assert "Robotstøvsugere" in page.select_one(".case-body").get_text()
    assert "example.org/robotter" in page.get_text() and "Testby Kommune" in page.get_text()
    assert "ikke gemt" in page.select_one(".preview-banner").get_text()


def test_history_shows_each_change_as_a_diff_with_who_what_and_danish_time(editor, settings):
    form, version = _open(editor, "skat-i-balance")
    form["title"] = "Skat i balance sparer danskerne for restskat"
    form.setlist("area", ["skat-oekonomi", "digitalisering"])
    form["action"] = "publish"
    assert editor.post("/editor/cases/skat-i-balance/edit", data=form).status_code == 302
    page = BeautifulSoup(editor.get("/editor/cases/skat-i-balance/history").get_data(as_text=True), "lxml")
    change = page.select_one(".timeline > li")
    heading = change.find("h3").get_text(" ", strip=True)
    assert "Rettet af anna" in heading
    stamp = change.find("time")["datetime"]
    import datetime as dt
    from zoneinfo import ZoneInfo
    local = dt.datetime.fromisoformat(stamp).astimezone(ZoneInfo("Europe/Copenhagen"))
    assert local.strftime("%H:%M:%S") in heading and "UTC" not in heading
    rows = {r.th.get_text(strip=True): r.td for r in change.select("table.field-changes tbody tr")}
    assert rows["Titel"].find("del").get_text() == "ærgrelser over "  # word by word
    assert "Digitalisering" in rows["Område"].find("ins").get_text()
    assert "Lead" not in rows and "Indledning" not in rows  # unchanged fields are not listed


def test_web_save_keeps_the_comments_in_the_case_file(editor, settings):
    path = settings.cases_dir / "skat-i-balance.yaml"
    path.write_text("# Tallene er fra årsrapporten 2019.\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    form, _ = _open(editor, "skat-i-balance")
    form["title"] = "Skat i balance sparer danskerne for restskat"
    form["action"] = "publish"
    assert editor.post("/editor/cases/skat-i-balance/edit", data=form).status_code == 302
    assert path.read_text(encoding="utf-8").startswith("# Tallene er fra årsrapporten 2019.\n")


def test_a_body_with_only_the_starting_headings_cannot_be_published(editor, settings):
    headings = BeautifulSoup(editor.get("/editor/cases/new").get_data(as_text=True), "lxml").find(id="f-body").get_text()
    response = editor.post("/editor/cases/new", data=case_form(body=headings, slug="kun-overskrifter"))
    assert response.status_code == 422
    assert "Har kun overskrifterne" in BeautifulSoup(response.get_data(as_text=True), "lxml").find(id="body-error").get_text()
    assert editor.post("/editor/cases/new", data=case_form(body=headings, slug="kun-overskrifter",
                                                           action="draft")).status_code == 302


def test_restoring_a_version_from_before_a_rename_keeps_the_old_address_working(editor_app, editor):
    form, _ = _open(editor, "skat-i-balance")
    form["slug"] = "skat-i-balance-omdoebt"
    form["action"] = "publish"
    assert editor.post("/editor/cases/skat-i-balance/edit", data=form).status_code == 302
    public = editor_app.test_client()
    assert public.get("/cases/skat-i-balance").status_code == 301
    history = editor.get("/editor/cases/skat-i-balance-omdoebt/history").get_data(as_text=True)
    entry_url = re.search(r'href="(/editor/cases/skat-i-balance-omdoebt/history/[^"]+)"', history).group(1)
    entry = editor.get(entry_url).get_data(as_text=True)
    restored = editor.post(entry_url + "/restore", data={"base_version": version_on_page(entry)})
    assert restored.status_code == 302
    assert public.get("/cases/skat-i-balance").status_code == 301
    assert public.get("/cases/skat-i-balance").headers["Location"].endswith("/cases/skat-i-balance-omdoebt")


def test_an_address_deleted_twice_keeps_two_trash_entries_each_with_its_own_history(editor):
    first, version = _open(editor, "skat-i-balance")
    first["title"] = "Skat i balance, den første case på adressen"
    first["action"] = "publish"
    editor.post("/editor/cases/skat-i-balance/edit", data=first)
    editor.post("/editor/cases/skat-i-balance/delete", data={"base_version": _open(editor, "skat-i-balance")[1]})
    second, _ = _open(editor, "akuttelefonen-1813")
    second["slug"] = "skat-i-balance"
    second["action"] = "publish"
    assert editor.post("/editor/cases/akuttelefonen-1813/edit", data=second).status_code == 302
    editor.post("/editor/cases/skat-i-balance/delete", data={"base_version": _open(editor, "skat-i-balance")[1]})
    trash = BeautifulSoup(editor.get("/editor/?state=trashed").get_data(as_text=True), "lxml")
    buttons = trash.select("form[action^='/editor/trash/skat-i-balance']")
    assert len(buttons) == 2
    oldest = next(f for f in buttons if "første case" in f.find_parent("tr").get_text())
    assert editor.post(oldest["action"]).status_code == 302
    page = BeautifulSoup(editor.get("/editor/cases/skat-i-balance/edit").get_data(as_text=True), "lxml")
    assert page.find(id="f-title")["value"] == "Skat i balance, den første case på adressen"
    history = editor.get("/editor/cases/skat-i-balance/history").get_data(as_text=True)
    assert "akuttelefonen" not in history.lower()  # the other case's history stayed with it
