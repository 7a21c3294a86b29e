"""Two languages: Danish by default, English by choice (``?lang=en``), kept by every link.

Texts come from flask-babel catalogues (search_app/translations), facet labels from config.yaml;
case texts stay Danish (and say so with lang="da") unless a case has an English summary.
"""
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "search_app" / "translations" / "en" / "LC_MESSAGES"


def _link(html: str, text: str) -> str:
    match = re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(text)}</a>', html)
    assert match, f"no link '{text}'"
    return match.group(1).replace("&amp;", "&")


def _showing(html: str) -> str:
    return re.search(r'<p class="result-count" role="status">([^<]*)</p>', html).group(1)


def test_switching_to_english_keeps_the_filters_and_back(shared_client):
    danish_url = "/?q=borger&innovation_type=service&sector=kommune&year_from=2010&sort=newest"
    danish = shared_client.get(danish_url).get_data(as_text=True)
    assert '<html lang="da">' in danish

    english_url = _link(danish, "English")
    for part in ("q=borger", "innovation_type=service", "sector=kommune", "year_from=2010", "sort=newest", "lang=en"):
        assert part in english_url, part
    english = shared_client.get(english_url).get_data(as_text=True)
    assert '<html lang="en">' in english
    assert _showing(english).startswith("Showing ")
    assert "Type of innovation" in english and "Municipality" in english

    # links on the English page stay English: facets, sorting, the year chart, pagination
    facet_links = re.findall(r'<a class="facet-value[^"]*" href="([^"]+)"', english)
    assert facet_links and all("lang=en" in href for href in facet_links)
    assert 'name="lang" value="en"' in english  # the forms keep it too

    back_url = _link(english, "Dansk")
    assert "lang=" not in back_url
    for part in ("q=borger", "innovation_type=service", "sector=kommune", "year_from=2010", "sort=newest"):
        assert part in back_url, part
    back = shared_client.get(back_url).get_data(as_text=True)
    assert '<html lang="da">' in back
    assert _showing(back) == _showing(danish)


def test_english_counts_the_same_cases(shared_client):
    da = shared_client.get("/api/search?area=aeldre").get_json()
    en = shared_client.get("/api/search?area=aeldre&lang=en").get_json()
    assert da["total"] == en["total"]
    assert [r["slug"] for r in da["results"]] == [r["slug"] for r in en["results"]]
    assert {v["label"] for v in en["facets"]["area"]} >= {"Elderly care"}
    assert {v["label"] for v in da["facets"]["area"]} >= {"Ældre og pleje"}


def test_case_text_stays_danish_and_says_so(shared_client):
    html = shared_client.get("/cases/skat-i-balance?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert re.search(r'<h1 lang="da">Skat sparer danskerne', html)
    assert '<div class="case-body" lang="da">' in html
    assert "The case is in Danish." in html
    assert "Would you like to reuse the solution?" in html
    assert "Sector" in html and "State" in html


def test_english_summary_is_shown_when_a_case_has_one(cases_dir, request):
    path = cases_dir / "skat-i-balance.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    + "summary_en: The Danish tax agency helps people avoid a tax bill after the year.\n",
                    encoding="utf-8")
    client = request.getfixturevalue("client")
    english = client.get("/cases/skat-i-balance?lang=en").get_data(as_text=True)
    assert '<section class="summary-en" lang="en">' in english
    assert "helps people avoid a tax bill" in english
    assert "The case is in Danish." not in english
    danish = client.get("/cases/skat-i-balance").get_data(as_text=True)
    assert "helps people avoid a tax bill" not in danish


def test_result_titles_are_marked_danish_on_the_english_site(shared_client):
    html = shared_client.get("/?lang=en").get_data(as_text=True)
    assert html.count('<li class="result" lang="da">') >= 1


def test_theme_page_in_english(shared_client):
    html = shared_client.get("/tema/lav-nye-services?lang=en").get_data(as_text=True)
    assert "Find more good examples" in html
    assert '<h1 lang="da">Lav nye services</h1>' in html
    assert "lang=en" in re.search(r'<a class="button" href="([^"]+)">Find more good examples', html).group(1)


def test_old_address_and_errors_in_english(shared_client):
    response = shared_client.get("/cases/findes-ikke?lang=en")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_every_public_text_has_an_english_translation():
    """New Danish texts need an English twin: run `make translations`, translate, run it again."""
    catalogue = read_po((CATALOGUE / "messages.po").open("rb"))
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalogue if m.id}
    method_map = [("search_app/editor/**", "ignore"), ("search_app/templates/editor/**", "ignore"),
                  ("search_app/**.py", "python"), ("search_app/templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}
    missing = []
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, keywords=keywords):
        msgid = message if isinstance(message, str) else message[0]
        string = translated.get(msgid)
        if not string or (isinstance(string, tuple) and not all(string)):
            missing.append(msgid)
    assert not missing, f"not translated in {CATALOGUE / 'messages.po'}: {missing}"


def test_compiled_catalogue_matches_the_source():
    """The .mo the site reads is compiled from the committed .po (run `make translations`)."""
    def entries(catalogue):
        return {_key(m.id): _key(m.string) for m in catalogue if m.id}

    po = entries(read_po((CATALOGUE / "messages.po").open("rb")))
    mo = entries(read_mo((CATALOGUE / "messages.mo").open("rb")))
    assert po == mo


def _key(value):
    return value if isinstance(value, str) else tuple(value)
