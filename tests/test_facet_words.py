"""Every facet label, Danish and English, typed as words (inflected too), finds the cases filed
under it, on the real collection: "medarbejderdrevne" finds the employee-driven cases, "North
Denmark" those in Region Nordjylland. A label that says "not" ("Ikke medarbejderdrevet") is
never matched by the word it negates."""
import pytest

from indexer.settings import load_settings
from search_app.engine.matching import NEGATIONS


def found(client, **query) -> tuple[int, set[str]]:
    answer = client.get("/api/search", query_string={**query, "per_page": 100}).get_json()
    return answer["total"], {r["slug"] for r in answer["results"]}


def carrying(client, facet, value) -> set[str]:
    total, slugs = found(client, **{facet: value})
    assert total == len(slugs)
    return slugs


def every_label():
    settings = load_settings()
    for name, facet in settings.facets.items():
        for value in facet.values:
            for lang in ("da", "en"):
                label = facet.value_label(value, lang)
                if label.split()[0].lower() not in NEGATIONS:
                    yield pytest.param(label, name, value, id=f"{name}={value}:{lang}")


@pytest.mark.parametrize("label, facet, value", list(every_label()))
def test_every_facet_label_typed_as_words_finds_every_case_filed_under_it(real_client, label, facet, value):
    cases = carrying(real_client, facet, value)
    if not cases:
        pytest.skip("no case carries it")
    _, hits = found(real_client, q=label)
    assert cases <= hits, f"{label!r} misses {sorted(cases - hits)}"


@pytest.mark.parametrize("typed, facet, value", [
    ("medarbejderdrevet", "employee_driven", "true"),
    ("medarbejderdreven", "employee_driven", "true"),
    ("medarbejderdrevne", "employee_driven", "true"),
    ("Medarbejderdrevne innovationer", "employee_driven", "true"),
    ("employee-driven", "employee_driven", "true"),
    ("tværoffentlig", "sector", "tværoffentlig"),
    ("tværoffentlige", "sector", "tværoffentlig"),
    ("nordjylland", "region", "nordjylland"),
    ("North Denmark", "region", "nordjylland"),
    ("Region Midtjylland", "region", "midtjylland"),
    ("kommunerne", "sector", "kommune"),
    ("elderly care", "area", "aeldre"),
    # The word a label's noun is made of: "Digitalisering", "Effektivitet", "Beskæftigelse".
    ("digitale", "area", "digitalisering"),
    ("effektiv", "value", "efficiency"),
    ("beskæftiget", "area", "beskaeftigelse"),
])
def test_a_label_in_the_visitors_own_form_finds_the_cases_filed_under_it(real_client, typed, facet, value):
    cases = carrying(real_client, facet, value)
    assert len(cases) >= 3
    _, hits = found(real_client, q=typed)
    assert cases <= hits, f"{typed!r} misses {sorted(cases - hits)}"


def test_the_employee_driven_word_does_not_find_the_cases_labelled_not_employee_driven(real_client):
    not_driven = carrying(real_client, "employee_driven", "false")
    total, hits = found(real_client, q="medarbejderdrevet")
    assert total == len(carrying(real_client, "employee_driven", "true"))
    assert not hits & not_driven


def test_a_word_all_the_regions_share_does_not_name_every_region(real_client):
    """"region" names the regional sector (the label "Region"), not every case located in a
    region ("Region Hovedstaden", "Region Sjælland", …)."""
    regional = carrying(real_client, "sector", "region")
    total, hits = found(real_client, q="region")
    assert regional <= hits
    assert total < len(regional) + 15


def several_word_labels():
    for label in every_label():
        if len(label.values[0].split()) > 1:
            yield label


@pytest.mark.parametrize("label, facet, value", list(several_word_labels()))
def test_a_label_of_several_words_lists_the_cases_filed_under_it_first(real_client, label, facet, value):
    """"Region Sjælland" lists Region Sjælland's cases before Nordsjællands Hospital's (Region
    Hovedstaden), whose texts say "Sjælland"; "Region Midtjylland" its own before a nationwide
    case that names the regions."""
    cases = carrying(real_client, facet, value)
    if not cases:
        pytest.skip("no case carries it")
    answer = real_client.get("/api/search", query_string={"q": label, "per_page": 100}).get_json()
    ranked = [r["slug"] for r in answer["results"]]
    assert set(ranked[:len(cases)]) == cases, f"{label!r}: {ranked[:len(cases)]}"
