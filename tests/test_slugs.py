"""Old case addresses: the slug rule of the old collection's /cases/samling/<title-slug>/."""
import pytest

from indexer.slugs import legacy_case_address, legacy_title_slug


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Skat sparer danskerne for ærgrelser over restskat",
         "skat-sparer-danskerne-for-aergrelser-over-restskat"),
        ("Frivillige borgere kører delebus og hjælper de lokale",
         "frivillige-borgere-koerer-delebus-og-hjaelper-de-lokale"),
        ("Borgere og frivillige foreninger giver tidligere øvelsesterræn nyt liv",
         "borgere-og-frivillige-foreninger-giver-tidligere-oevelsesterraen-nyt-liv"),
        ("Fonde og kommuner finder nye hjem til hjemløse unge",
         "fonde-og-kommuner-finder-nye-hjem-til-hjemloese-unge"),
        ("ÆBLER, ØL OG ÅER", "aebler-oel-og-aaer"),
        ("7 ud af 10 overvægtige børn taber sig", "7-ud-af-10-overvaegtige-boern-taber-sig"),
        ("Sammen om emissionsfrie arbejdsmaskiner (skaleringsproces)",
         "sammen-om-emissionsfrie-arbejdsmaskiner-skaleringsproces"),
        ("Innovationsbarometeret – verdens første statistik",
         "innovationsbarometeret-verdens-foerste-statistik"),
        ("Idéklinikken gør gode ideer til virkelighed",
         "ideklinikken-goer-gode-ideer-til-virkelighed"),
        ("  --Park- og vejmedarbejdere!--  ", "park-og-vejmedarbejdere"),
    ],
)
def test_legacy_title_slug(title, slug):
    assert legacy_title_slug(title) == slug


def test_legacy_case_address_is_under_cases_samling():
    assert (legacy_case_address("Skat sparer danskerne for ærgrelser over restskat")
            == "/cases/samling/skat-sparer-danskerne-for-aergrelser-over-restskat/")
