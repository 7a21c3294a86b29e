"""Old addresses keep working: links to the old case collection lead to the case, permanently.

The old collection published each case at ``/cases/samling/<slug of its Danish title>/`` (æ→ae,
ø→oe, å→aa, spaces and punctuation → -; see ``indexer.slugs``). Links out there spell accented
letters both ways: the old site itself linked Idéklinikken as ``/cases/samling/id%C3%A9klinikken-…``,
so both spellings must arrive. Only addresses with a reason are kept: those the facts name, and
those made by that pattern from a title the old theme pages showed (guesses, listed in
docs/cases.md). These tests run on the REAL collection.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from indexer import factcheck
from indexer.collection import load_collection
from indexer.settings import PROJECT_ROOT, load_settings
from indexer.slugs import legacy_title_slug

# (slug, old address) the facts name: a case's source_url or the old collection's example URLs.
FROM_THE_FACTS = [
    ("delebus-froeen-jungshoved", "/cases/samling/frivillige-borgere-koerer-delebus-og-hjaelper-de-lokale/"),
    ("nordre-faelled-randers",
     "/cases/samling/borgere-og-frivillige-foreninger-giver-tidligere-oevelsesterraen-nyt-liv/"),
    ("kollegier-hjemloese-unge", "/cases/samling/fonde-og-kommuner-finder-nye-hjem-til-hjemloese-unge/"),
    ("ideklinikken-region-nordjylland", "/cases/samling/ideklinikken-goer-gode-ideer-til-virkelighed/"),
    ("ideklinikken-region-nordjylland", "/cases/samling/idéklinikken-goer-gode-ideer-til-virkelighed/"),
]
# (slug, old address) made by the old site's pattern from the case title an old theme page showed;
# the address itself was never seen. Listed as guesses in docs/cases.md.
GUESSED = [
    ("skat-i-balance", "/cases/samling/skat-sparer-danskerne-for-aergrelser-over-restskat/"),
    ("tryk-politi-sms", "/cases/samling/sms-fra-politiet-giver-uventet-sidegevinst/"),
    ("kolding-innovationsmodel",
     "/cases/samling/innovationsmodel-sikrer-fokus-paa-borgerne-og-fremdrift-i-projekterne/"),
    ("holbaek-modellen-randers",
     "/cases/samling/7-ud-af-10-overvaegtige-boern-taber-sig-med-sundhedsmodel-fra-holbaek/"),
    ("tandpleje-udeblivelser", "/cases/samling/tandlaege-har-knaekket-kurven-for-udeblivelser/"),
    ("ringkoebing-skjern-innovationsstrategi", "/cases/samling/en-samlet-strategi-baner-vejen-for-innovation/"),
]
OLD_ADDRESSES = FROM_THE_FACTS + GUESSED
# Addresses once kept that were built from working labels or translated titles: gone.
DROPPED = [
    "/cases/samling/park-og-vejmedarbejdere-er-ogsaa-turistguider/",
    "/cases/samling/sammen-om-emissionsfrie-arbejdsmaskiner-skaleringsproces/",
    "/cases/samling/kulturrygsaekken-genbrug-fra-faaborg-midtfyn/",
    "/cases/samling/spredningsguiden-spreading-innovation/",
    "/cases/samling/frivillige-vaagere-sikrer-at-ingen-skal-doe-alene/",
]
REAL_CASES = PROJECT_ROOT / "cases"


def _facts_addresses() -> set[str]:
    """Every /cases/samling/ path the facts name, spelled as aliases are."""
    folder = factcheck.DEFAULT_FACTS
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml")))
    found = set()
    for word in text.split():
        if "co-pi.dk/cases/samling/" in word:
            last = unquote(word.split("co-pi.dk", 1)[1].rstrip("/")).rsplit("/", 1)[1]
            found.add(f"/cases/samling/{legacy_title_slug(last)}/")
    return found


def test_every_kept_address_is_named_by_the_facts_or_documented_as_a_guess():
    aliases = {a for case in load_collection(load_settings(), REAL_CASES).cases for a in case.aliases
               if a.startswith("/cases/samling/")}
    named = _facts_addresses()
    docs = (PROJECT_ROOT / "docs" / "cases.md").read_text(encoding="utf-8")
    for slug, address in FROM_THE_FACTS:
        assert f"/cases/samling/{legacy_title_slug(address.rstrip('/').rsplit('/', 1)[1])}/" in named
    for slug, address in GUESSED:
        assert address not in named and address in docs, address
    assert aliases == {a for _, a in OLD_ADDRESSES if a.isascii()}


@pytest.mark.parametrize("address", DROPPED)
def test_an_address_built_from_a_working_label_is_not_kept(real_client, address):
    assert real_client.get(address).status_code == 404


def _variants(address: str) -> list[str]:
    """The address as links carry it: with and without the trailing slash, percent-encoded."""
    encoded = quote(address)
    return [encoded, encoded.rstrip("/")]


@pytest.mark.parametrize("slug, address", OLD_ADDRESSES, ids=[address for _, address in OLD_ADDRESSES])
def test_old_address_redirects_permanently_to_its_case(real_client, slug, address):
    for url in _variants(address):
        response = real_client.get(url)
        assert response.status_code == 301, f"{url} answered {response.status_code}"
        assert response.headers["Location"] == f"/cases/{slug}"
        assert real_client.get(response.headers["Location"]).status_code == 200


def test_case_address_with_trailing_slash_redirects(real_client):
    response = real_client.get("/cases/skat-i-balance/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/cases/skat-i-balance"


def test_old_address_keeps_the_chosen_language(real_client):
    response = real_client.get("/cases/samling/skat-sparer-danskerne-for-aergrelser-over-restskat/?lang=en")
    assert response.status_code == 301
    assert response.headers["Location"] == "/cases/skat-i-balance?lang=en"


def test_unknown_old_address_is_a_helpful_404(real_client):
    response = real_client.get("/cases/samling/denne-case-har-aldrig-eksisteret/")
    assert response.status_code == 404
    assert "prøv at søge" in response.get_data(as_text=True)
