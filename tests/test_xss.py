"""Cross-site scripting: hostile text in case files and URLs never reaches a page as code.

Case HTML (Markdown bodies and legacy pages) is sanitised with nh3 on its way into the index, and
everything else is escaped by the templates. These tests put known XSS payloads everywhere text
can enter (YAML bodies and fields, legacy HTML pages, search words, facet values, unknown
parameters, addresses) and read every answer as a browser would: no inline script, no event
handler attributes, no javascript: links, no frames, no <base> or <meta refresh>.
"""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
import yaml

from indexer.build import build_index
from indexer.collection import case_files, load_collection
from search_app import create_app
from tests.conftest import FIXTURE_CASES, app_config, make_settings

PAYLOADS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=alert('x2')>",
    "<svg/onload=alert('x3')>",
    "<a href=\"javascript:alert('x4')\">klik her</a>",
    "[klik her](javascript:alert('x5'))",
    "<a href=\"JaVaScRiPt:alert('x6')\">klik her</a>",
    "<a href=\"&#106;avascript:alert('x7')\">klik her</a>",
    "<a href=\"java\tscript:alert('x8')\">klik her</a>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<object data=\"javascript:alert('x9')\"></object><embed src=\"javascript:alert(1)\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('x10')>",
    "<p style=\"background:url(javascript:alert('x11'))\">stil</p>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('x12')\">",
    "<base href=\"https://evil.example/\">",
    "<form action=\"https://evil.example/\"><button formaction=\"javascript:alert(1)\">send</button></form>",
    "<details open ontoggle=alert('x13')>detaljer</details>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('x14')>\">",
    "`<script>alert('x15')</script>`",
    "![billede](javascript:alert('x16'))",
    "<textarea><script>alert('x17')</script></textarea>",
    "<!--<script>alert('x18')</script>-->",
    "<<script>script>alert('x19')<</script>/script>",
    "\"><script>alert('x20')</script>",
    "'><svg onload=alert('x21')>",
    "<a href=\"  javascript:alert('x22')\" title=\"x\" onmouseover=\"alert(1)\">klik</a>",
]
BODY = "## Udfordringen\n\nPayloadtest for sikker visning af tekst på siden.\n\n{payload}\n\n## Resultater\n\nIntet kører."
DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "style", "textarea"}
FOREIGN_TAGS = {"svg", "math", "img"}  # our own charts draw SVG; case text must not (mXSS)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset"}
OUR_SCRIPTS = ("/static/",)


class _Executable(HTMLParser):
    """What a browser could run, found the way a browser parses (entities decoded)."""

    def __init__(self, forbidden: set[str]):
        super().__init__(convert_charrefs=True)
        self.forbidden = forbidden
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not (names.get("src") or "").startswith(OUR_SCRIPTS):
            self.found.append(f"<script {names}>")
        if tag in self.forbidden:
            self.found.append(f"<{tag}>")
        if tag == "meta" and (names.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag == "form" and not (names.get("action") or "/").startswith("/"):
            self.found.append(f"<form action={names.get('action')}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if name == "style":
                self.found.append(f"style= on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                bare = "".join(ch for ch in value if ch not in "\t\n\r").strip().lower()
                if bare.startswith(("javascript:", "vbscript:", "data:")):
                    self.found.append(f"{name}={value[:40]!r} on <{tag}>")

    handle_startendtag = handle_starttag


def executable(html: str, case_text: bool = False) -> list[str]:
    """What could run in ``html`` (a page; with ``case_text``, a sanitised case body or snippet)."""
    parser = _Executable(DANGEROUS_TAGS | FOREIGN_TAGS if case_text else DANGEROUS_TAGS)
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_checker_catches_what_it_looks_for():
    assert executable("<p>ok <a href='/cases/x'>x</a></p><script src='/static/site.js'></script>") == []
    for raw in PAYLOADS[:4] + [PAYLOADS[6], PAYLOADS[7], PAYLOADS[11], PAYLOADS[13]]:
        assert executable(raw), raw


def _case(**overrides) -> dict:
    data = yaml.safe_load((FIXTURE_CASES / "skat-i-balance.yaml").read_text(encoding="utf-8"))
    data.pop("aliases", None)
    data.update(overrides)
    return data


LEGACY_PAGE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">
<title>Ondsindet side om borgerservice | Gammelt site</title>
<meta http-equiv="refresh" content="0;url=javascript:alert('h1')">
<base href="https://evil.example/"><script>alert('h2')</script>
</head><body onload="alert('h3')"><main><article>
<h1>Ondsindet side om borgerservice <img src=x onerror=alert('h4')></h1>
<p class="lead">En legacy-side fyldt med forsøg på at køre kode i besøgendes browsere, som skal fjernes.</p>
<h2 onclick="alert('h5')">Løsningen</h2>
<p>Tekst med <a href="javascript:alert('h6')">et link</a> og <a href="https://example.org/ok">et godt link</a>.
<div><p>Brudt <b>nesting <i>her</b> og der</i>
<iframe src="https://evil.example/"></iframe><svg><script>alert('h7')</script></svg>
<table><tr><td style="x:expression(alert('h8'))">celle<td>celle 2</table>
<form action="https://evil.example/"><input name=x></form>
</article></main></body></html>
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """An app on the fixture collection plus one case per payload, a hostile-fields case and a
    hostile legacy page."""
    tmp = tmp_path_factory.mktemp("xss")
    cases = tmp / "cases"
    shutil.copytree(FIXTURE_CASES, cases)
    for i, payload in enumerate(PAYLOADS, 1):
        case = _case(title=f"Payloadtest nummer {i} for sikker visning", body=BODY.format(payload=payload))
        (cases / f"xss-{i}.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    fields = _case(
        title="<script>alert('t1')</script> felter med payloads",
        lead="<img src=x onerror=alert('t2')> et lead med en payload, der skal vises som tekst i siden",
        organisation="<svg onload=alert('t3')> Kommune",
        contact={"organisation": "<script>alert('t4')</script> Kommune", "role": "\"><script>alert('t5')</script>"},
        summary_en="<script>alert('t6')</script> A summary with a payload. It must show as text.",
    )
    (cases / "xss-felter.yaml").write_text(yaml.safe_dump(fields, allow_unicode=True), encoding="utf-8")
    (cases / "xss-legacy.html").write_text(LEGACY_PAGE, encoding="utf-8")
    meta = {k: v for k, v in _case().items() if k not in ("title", "lead", "body")}
    (cases / "xss-legacy.meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    settings = make_settings(tmp, cases)
    summary = build_index(settings)
    app = create_app(app_config(settings))
    return app.test_client(), summary, settings


def test_every_hostile_case_is_indexed(hostile):
    _, summary, _ = hostile
    assert summary.problems == []
    assert summary.indexed == len(case_files(FIXTURE_CASES)) + len(PAYLOADS) + 2


def _assert_safe(response):
    assert response.status_code in (200, 400, 404), response.status_code
    html = response.get_data(as_text=True)
    assert executable(html) == [], response.request.url
    return html


@pytest.mark.parametrize("number", range(1, len(PAYLOADS) + 1))
def test_payload_in_a_yaml_body_does_not_execute(hostile, number):
    client, _, _ = hostile
    html = _assert_safe(client.get(f"/cases/xss-{number}"))
    assert "Payloadtest for sikker visning" in html  # the page itself is shown
    data = client.get(f"/api/cases/xss-{number}").get_json()
    assert executable(data["body_html"], case_text=True) == []


@pytest.mark.parametrize("lang", ["da", "en"])
def test_payloads_in_titles_and_fields_are_shown_as_text(hostile, lang):
    client, _, _ = hostile
    html = _assert_safe(client.get(f"/cases/xss-felter?lang={lang}"))
    assert "&lt;script&gt;alert(&#39;t1&#39;)&lt;/script&gt; felter med payloads" in html
    assert "&lt;svg onload=alert(&#39;t3&#39;)&gt; Kommune" in html


def test_legacy_html_page_is_sanitised(hostile):
    client, _, _ = hostile
    html = _assert_safe(client.get("/cases/xss-legacy"))
    assert 'href="https://example.org/ok"' in html
    assert "et link" in html and "celle 2" in html
    body = client.get("/api/cases/xss-legacy").get_json()["body_html"]
    assert executable(body, case_text=True) == []
    assert "alert" not in body


@pytest.mark.parametrize("words", ["payloadtest", "alert", "script", "onerror", "felter med payloads",
                                   "borgerservice"])
def test_search_results_and_snippets_hold_no_code(hostile, words):
    client, _, _ = hostile
    html = _assert_safe(client.get("/?" + f"q={quote(words)}"))
    assert "result" in html
    for result in client.get(f"/api/search?q={quote(words)}").get_json()["results"]:
        assert executable(result["snippet"], case_text=True) == []
        assert "<" not in re.sub(r"</?mark( class=\"[a-z0-9 ]+\")?>", "", result["snippet"])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_query_echoed_in_pages_is_escaped(hostile, payload):
    client, _, _ = hostile
    for url in (f"/?q={quote(payload)}", f"/?q={quote(payload)}&lang=en", f"/?q={quote(payload)}&page=2",
                f"/?q={quote(payload)}&sort=title&innovation_type=service"):
        _assert_safe(client.get(url, follow_redirects=True))
    response = client.get(f"/api/search?q={quote(payload)}")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("payload", PAYLOADS[:6] + PAYLOADS[23:])
@pytest.mark.parametrize("template", [
    "/?sector={p}", "/?innovation_type=service&innovation_type={p}", "/?year_from={p}",
    "/?sort={p}", "/?page={p}", "/?lang={p}", "/?utm_source={p}", "/?{p}=1", "/cases/{p}",
    "/tema/{p}", "/api/search?region={p}", "/api/cases/{p}", "/findes/{p}",
])
def test_hostile_parameters_and_addresses_are_escaped(hostile, template, payload):
    client, _, _ = hostile
    response = client.get(template.format(p=quote(payload, safe="")))
    if response.mimetype == "application/json":
        assert response.status_code in (200, 400, 404)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    else:
        _assert_safe(response)


@pytest.mark.parametrize("field, value", [
    ("source_urls", ["javascript:alert(1)"]),
    ("source_urls", ["data:text/html,<script>alert(1)</script>"]),
    ("contact", {"organisation": "Kommune", "url": "javascript:alert(1)"}),
    ("contact", {"organisation": "Kommune", "url": "vbscript:msgbox(1)"}),
])
def test_links_that_are_not_web_addresses_are_refused(cases_dir, settings, field, value):
    (cases_dir / "ondsindet-link.yaml").write_text(
        yaml.safe_dump(_case(**{field: value}), allow_unicode=True), encoding="utf-8")
    report = load_collection(settings)
    problems = [p for p in report.problems if "ondsindet-link" in p.file]
    assert problems and field in problems[0].field
    assert "http" in problems[0].message
