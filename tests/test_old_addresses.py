"""Old addresses keep working: links to the old case collection lead to the case, permanently.

The old collection published each case at ``/cases/samling/<slug of its Danish title>/`` (æ→ae,
ø→oe, å→aa, spaces and punctuation → -; see ``indexer.slugs``). Links out there spell accented
letters both ways: the old site itself linked Idéklinikken as ``/cases/samling/id%C3%A9klinikken-…``,
so both spellings must arrive. These tests run on the REAL collection.
"""
from __future__ import annotations

from urllib.parse import quote

import pytest

# (slug, old address): every case that came from the old collection, its address from the
# original title.
OLD_ADDRESSES = [
    ("skat-i-balance", "/cases/samling/skat-sparer-danskerne-for-aergrelser-over-restskat/"),
    ("tryk-politi-sms", "/cases/samling/sms-fra-politiet-giver-uventet-sidegevinst/"),
    ("kolding-innovationsmodel",
     "/cases/samling/innovationsmodel-sikrer-fokus-paa-borgerne-og-fremdrift-i-projekterne/"),
    ("delebus-froeen-jungshoved", "/cases/samling/frivillige-borgere-koerer-delebus-og-hjaelper-de-lokale/"),
    ("nordre-faelled-randers",
     "/cases/samling/borgere-og-frivillige-foreninger-giver-tidligere-oevelsesterraen-nyt-liv/"),
    ("kollegier-hjemloese-unge", "/cases/samling/fonde-og-kommuner-finder-nye-hjem-til-hjemloese-unge/"),
    ("holbaek-modellen-randers",
     "/cases/samling/7-ud-af-10-overvaegtige-boern-taber-sig-med-sundhedsmodel-fra-holbaek/"),
    ("billund-park-vej-turistguider", "/cases/samling/park-og-vejmedarbejdere-er-ogsaa-turistguider/"),
    ("tandpleje-udeblivelser", "/cases/samling/tandlaege-har-knaekket-kurven-for-udeblivelser/"),
    ("ringkoebing-skjern-innovationsstrategi", "/cases/samling/en-samlet-strategi-baner-vejen-for-innovation/"),
    ("emissionsfrie-arbejdsmaskiner", "/cases/samling/sammen-om-emissionsfrie-arbejdsmaskiner-skaleringsproces/"),
    ("centraliseret-respons-noedkald", "/cases/samling/sammen-om-ny-teknologi-og-centraliseret-respons/"),
    ("living-lab-vesthimmerland",
     "/cases/samling/living-lab-skal-hjaelpe-vesthimmerland-med-at-vaelge-fremtidens-velfaerdsteknologi/"),
    ("kulturrygsaek-holbaek", "/cases/samling/kulturrygsaekken-genbrug-fra-faaborg-midtfyn/"),
    ("spredningsguiden-coi", "/cases/samling/spredningsguiden-spreading-innovation/"),
    ("innovationsbarometeret",
     "/cases/samling/innovationsbarometeret-verdens-foerste-statistik-over-offentlig-innovation/"),
    ("styringslaboratorier-coi", "/cases/samling/styringslaboratorier/"),
    ("ideklinikken-region-nordjylland", "/cases/samling/ideklinikken-goer-gode-ideer-til-virkelighed/"),
    ("ideklinikken-region-nordjylland", "/cases/samling/idéklinikken-goer-gode-ideer-til-virkelighed/"),
    ("vaagetjeneste-bornholm", "/cases/samling/frivillige-vaagere-sikrer-at-ingen-skal-doe-alene/"),
]


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
