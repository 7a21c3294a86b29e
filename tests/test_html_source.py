"""Legacy HTML pages: decoded right, chrome dropped, metadata read, content sanitised."""
import warnings
from pathlib import Path

import pytest

from indexer.case_files import case_data_from_html
from indexer.collection import load_collection
from indexer.html_source import HtmlProblem, decode_page, extract_case, sidecar_path, slug_from_file_name
from indexer.rendering import markdown_to_html
from tests.conftest import FIXTURE_CASES, FIXTURES

PAGE = FIXTURE_CASES / "kulturrygsaek-holbaek.html"


def test_windows_1252_page_declared_as_latin1_reads_right():
    fields = extract_case(PAGE.read_bytes())
    assert fields["title"] == "Kulturrygsækken giver børn kunst – også i Holbæk"
    assert "“kulturoplevelser”" in fields["body"]
    assert "æbler, øer og åer" in fields["body"]


@pytest.mark.parametrize("declaration", ["", '<meta charset="utf-8">'])
def test_pages_without_or_with_utf8_charset(declaration):
    text = f"<html><head>{declaration}<title>Ældre på Ærø</title></head><body><h1>Ældre på Ærø</h1></body></html>"
    for encoding in ("utf-8", "cp1252"):
        if declaration and encoding == "cp1252":
            continue
        assert "Ældre på Ærø" in decode_page(text.encode(encoding)).text


def test_chrome_is_dropped_and_content_sanitised():
    body = extract_case(PAGE.read_bytes())["body"]
    for gone in ("Tilmeld", "cookies", "Forside", "tracker", "font-family", "onclick", "javascript:"):
        assert gone not in body
    assert "<h2>Løsningen</h2>" in body


def test_metadata_from_meta_tags_and_facts_list():
    fields = extract_case(PAGE.read_bytes())
    assert fields["organisation"] == "Holbæk Kommune"
    assert fields["year"] == 2020
    assert fields["source_urls"] == ["https://www.holbaek.dk/kultur"]
    assert fields["lead"].startswith("Holbæk Kommune genbrugte")


def test_sidecar_supplies_the_facets(settings):
    report = load_collection(settings)
    case = next(c for c in report.cases if c.slug == "kulturrygsaek-holbaek")
    assert case.source_format == "html"
    assert case.area == ["kultur-fritid", "uddannelse"]
    assert "æbler, øer og åer" in case.body_text


def test_a_page_without_sidecar_says_what_is_missing(cases_dir, settings):
    (cases_dir / "kulturrygsaek-holbaek.meta.yaml").unlink()
    report = load_collection(settings)
    problems = [p for p in report.problems if "kulturrygsaek" in p.file]
    assert any(p.field == "sector" and "meta.yaml" in p.message for p in problems)


def test_binary_junk_is_an_error_not_a_crash(cases_dir, settings):
    (cases_dir / "junk.html").write_bytes(bytes(range(256)) * 50)
    report = load_collection(settings)
    assert any(p.file.endswith("junk.html") for p in report.problems)
    assert len(report.cases) == 7


# ---- decoding as a browser does --------------------------------------------------------------

def test_declared_utf8_page_with_stray_windows_1252_bytes_keeps_its_utf8_text():
    page = ('<meta charset="utf-8"><h1>Ældre på Ærø får hjælp</h1>'.encode("utf-8")
            + "<p>Åbent på øen</p>".encode("cp1252"))
    decoded = decode_page(page)
    assert "Ældre på Ærø får hjælp" in decoded.text and "Åbent på øen" in decoded.text
    assert decoded.encoding == "utf-8"
    assert "3 byte(s) were not valid utf-8" in decoded.notes[0]


@pytest.mark.parametrize("page, expected", [
    ('<?xml version="1.0" encoding="iso-8859-15"?><html><p>Pris: 10 €</p></html>'.encode("iso-8859-15"),
     "10 €"),
    (b"\xff\xfe" + "<html><p>Søg på Ærø</p></html>".encode("utf-16-le"), "Søg på Ærø"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>Færre klager på Ærø</p>'
     .encode("utf-8"), "Færre klager på Ærø"),
])
def test_encoding_from_bom_meta_xml_prolog_or_the_bytes(page, expected):
    assert expected in decode_page(page).text


def test_xhtml_with_an_xml_prolog_parses_without_warnings():
    page = (FIXTURES / "legacy" / "index.php@id=238.html").read_bytes()
    assert page.startswith(b"<?xml")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert extract_case(page)["title"] == "Fælles madordning på plejecentrene"


def test_check_refuses_garbled_text(cases_dir, settings):
    path = cases_dir / "skat-i-balance.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: PÃ¥ vej ", 1), encoding="utf-8")
    problems = [p for p in load_collection(settings).problems if p.file.endswith("skat-i-balance.yaml")]
    assert [p.field for p in problems] == ["title"]
    assert "'PÃ¥' (probably 'På')" in problems[0].message and problems[0].line == 1


# ---- finding the content -----------------------------------------------------------------------

def page(body: str, head: str = "<title>Sundhedsbussen kører ud til øerne | Lolland Kommune</title>") -> bytes:
    return f'<html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'.encode("utf-8")


TEXT = ("<p>Lolland Kommune sender en sundhedsbus rundt til Fejø, Femø og Askø, så borgerne kan få målt "
        "blodtryk uden at tage færgen.</p><p>Idéen kom fra medarbejderne i hjemmeplejen, der så, at ældre på "
        "øerne udskød lægebesøg, fordi turen tog en hel dag.</p><p>Forsøget løber et år og følges af "
        "ældrerådet, der mødes med sygeplejerskerne hver måned.</p>")
MENU = ('<ul><li><a href="/a">Forside</a></li><li><a href="/b">Borger</a></li><li><a href="/c">Erhverv</a>'
        '</li><li><a href="/d">Politik</a></li></ul>')


def test_a_page_inside_an_aspnet_form_keeps_its_content():
    fields = extract_case(page(f'<form id="aspnetForm" method="post"><input type="hidden" name="__VIEWSTATE">'
                               f'<div id="menu">{MENU}</div><div id="ctl00_pnlContent"><h1>Sundhedsbussen kører '
                               f'ud til øerne</h1>{TEXT}</div></form>'))
    assert fields["title"] == "Sundhedsbussen kører ud til øerne"
    assert "ældrerådet" in fields["body"] and "Forside" not in fields["body"]


def test_a_layout_table_becomes_paragraphs_and_its_menu_column_goes():
    fields = extract_case(page(f'<table width="980" border="0"><tr><td width="180">{MENU}</td>'
                               f'<td><span class="overskrift">Sundhedsbussen kører ud til øerne</span><br><br>'
                               f'{TEXT}</td><td><b>Genveje</b><br><a href="/x">Affald</a><br>'
                               f'<a href="/y">Skoleindskrivning</a><br><a href="/z">Pas</a></td></tr></table>'))
    assert "<table" not in fields["body"] and "<td" not in fields["body"]
    for chrome in ("Forside", "Genveje", "Skoleindskrivning"):
        assert chrome not in fields["body"]
    assert fields["title"] == "Sundhedsbussen kører ud til øerne"


def test_the_articles_own_header_keeps_the_title_and_a_site_title_h1_does_not_win():
    fields = extract_case(page(
        '<header id="branding" role="banner"><h1 id="site-title"><a href="/">Nyt fra Lolland</a></h1></header>'
        '<article><header class="entry-header"><h1 class="entry-title">Sundhedsbussen kører ud til øerne</h1>'
        '<div class="entry-meta">Udgivet den 7. marts 2012 af redaktionen</div></header>'
        f'<div class="entry-content">{TEXT}</div></article>',
        head="<title>Nyt fra Lolland - Sundhedsbussen kører ud til øerne</title>"))
    assert fields["title"] == "Sundhedsbussen kører ud til øerne"
    assert "Udgivet den" not in fields["body"]


def test_drupal_content_block_in_the_header_does_not_win():
    fields = extract_case(page(
        '<div id="header"><div class="content"><p>Lolland Kommune – Jernbanegade 7, 4930 Maribo – Telefon '
        '5467 6767 – åbent alle hverdage</p></div></div>'
        f'<div id="content"><h1 class="title">Sundhedsbussen kører ud til øerne</h1><div class="node">'
        f'<div class="content">{TEXT}</div></div></div>'))
    assert "Jernbanegade" not in fields["body"] and "ældrerådet" in fields["body"]


def test_title_from_the_title_element_keeps_a_dash_of_its_own():
    fields = extract_case(page(TEXT, head="<title>Træning i eget hjem - også for de svageste - Hjemmeplejen"
                                          "</title>"))
    assert fields["title"] == "Træning i eget hjem - også for de svageste"


def test_danish_lead_classes_win_over_a_description_for_the_whole_site():
    head = ('<title>Sundhedsbussen kører ud til øerne</title><meta name="description" content="Lolland Kommunes '
            'officielle hjemmeside med selvbetjening til borgere og virksomheder">')
    for lead_class in ("manchet", "ingress"):
        fields = extract_case(page(f'<h1>Sundhedsbussen kører ud til øerne</h1><div class="{lead_class}">'
                                   f'Borgerne på øerne får nu besøg af en sundhedsbus hver uge.</div>{TEXT}', head))
        assert fields["lead"] == "Borgerne på øerne får nu besøg af en sundhedsbus hver uge."
    fields = extract_case(page(f"<h1>Sundhedsbussen kører ud til øerne</h1>{TEXT}", head))
    assert fields["lead"].startswith("Lolland Kommune sender en sundhedsbus")


def test_inline_elements_do_not_get_spaces():
    fields = extract_case(page(f'<h1>Sundhedsbussen kører ud til øerne</h1><p class="lead"><em>Madmod</em>s-'
                               f'projektet lærer eleverne at smage på nye grøntsager.</p>{TEXT}'))
    assert fields["lead"].startswith("Madmods-projektet lærer")


def test_a_paragraph_starting_with_a_date_stays_text():
    data, _ = case_data_from_html(page(f"<h1>Sundhedsbussen kører ud til øerne</h1><p class='manchet'>Borgerne "
                                       f"på øerne får nu besøg af en sundhedsbus.</p><p>17. september 2009 "
                                       f"holdt kommunen det første møde med borgerne på Fejø.</p>{TEXT}"))
    html = markdown_to_html(data["body"])
    assert "<ol>" not in html and "<p>17. september 2009 holdt" in html


LINKED = (f'<h1>Sundhedsbussen kører ud til øerne</h1>{TEXT}<p>Se tiderne på '
          f'<a href="/nyheder.php?id=5">nyhedssiden</a> og på <a href="https://www.fejoe.dk/">fejoe.dk</a>.</p>')


def test_relative_links_without_the_pages_address_become_plain_text():
    body = extract_case(page(LINKED))["body"]
    assert "nyhedssiden" in body and 'href="/nyheder.php' not in body
    assert 'href="https://www.fejoe.dk/"' in body


@pytest.mark.parametrize("head, sidecar, expected", [
    ('<base href="http://www.lolland.dk/">', None, "http://www.lolland.dk/nyheder.php?id=5"),
    ('<link rel="canonical" href="http://www.lolland.dk/nyt/bus.php">', None, "http://www.lolland.dk/nyheder.php?id=5"),
    ("", "source_url: http://gammel.lolland.dk/nyhed.asp?id=1043\n", "http://gammel.lolland.dk/nyheder.php?id=5"),
])
def test_relative_links_resolve_against_the_pages_original_address(head, sidecar, expected):
    data, _ = case_data_from_html(page(LINKED, head=f"<title>Sundhedsbussen</title>{head}"), sidecar)
    assert f"[nyhedssiden]({expected})" in data["body"]
    if sidecar:
        assert data["source_urls"][0] == "http://gammel.lolland.dk/nyhed.asp?id=1043"
        assert "source_url" not in data


# ---- metadata from meta tags --------------------------------------------------------------------

def test_meta_tags_set_list_facets_and_employee_driven():
    head = ('<title>Sundhedsbussen</title><meta name="case:area" content="aeldre, sundhed">'
            '<meta name="case:value" content="quality,efficiency"><meta name="case:employee_driven" content="Ja">')
    fields = extract_case(page(f"<h1>Sundhedsbussen kører ud til øerne</h1>{TEXT}", head))
    assert fields["area"] == ["aeldre", "sundhed"] and fields["value"] == ["quality", "efficiency"]
    assert fields["employee_driven"] is True


def test_a_meta_tag_with_a_yes_no_field_that_is_neither_is_an_error_naming_the_tag():
    head = '<title>Sundhedsbussen</title><meta name="case:employee_driven" content="måske">'
    with pytest.raises(HtmlProblem, match='case:employee_driven" content="måske".*ja, nej, true or false'):
        extract_case(page(f"<h1>Sundhedsbussen kører ud til øerne</h1>{TEXT}", head))


# ---- file names from mirrors --------------------------------------------------------------------

@pytest.mark.parametrize("name, slug, sidecar", [
    ("nyhed.asp@id=1043.html", "nyhed-asp-id-1043", "nyhed.asp@id=1043.meta.yaml"),
    ("nyhed.asp?id=1044.html", "nyhed-asp-id-1044", "nyhed.asp?id=1044.meta.yaml"),
    ("index.php@option=com_content&id=58.htm", "index-php-option-com-content-id-58",
     "index.php@option=com_content&id=58.meta.yaml"),
    ("index.php@id=41%3Agroen-skolegaard.html", "index-php-id-41-groen-skolegaard",
     "index.php@id=41%3Agroen-skolegaard.meta.yaml"),
    ("kulturrygsaek-holbaek.html", "kulturrygsaek-holbaek", "kulturrygsaek-holbaek.meta.yaml"),
])
def test_slug_and_sidecar_come_from_the_whole_file_name(name, slug, sidecar):
    assert slug_from_file_name(name) == slug
    assert sidecar_path(Path("saved") / name) == Path("saved") / sidecar


def test_text_a_cms_stored_garbled_is_put_back_letter_by_letter():
    decoded = decode_page('<meta charset="utf-8"><h1>PÃ¥ vej til Ã†rÃ¸ â€“ med fÃ¦rgen</h1>'.encode("utf-8"))
    assert "På vej til Ærø – med færgen" in decoded.text
    assert "5 letter(s) had been stored as UTF-8 read as windows-1252" in decoded.notes[0]
