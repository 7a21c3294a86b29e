"""Slugs made from Danish titles, as the old case collection made its addresses.

The old site (co-pi.dk, before it coi.dk) gave each case the address
``/cases/samling/<slug of the Danish title>/``. Links to those addresses live on in the statistics'
theme pages, newsletters and bookmarks, so the cases keep them as aliases.
"""
from __future__ import annotations

import re
import unicodedata

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

LEGACY_CASE_PREFIX = "/cases/samling/"


def legacy_title_slug(title: str) -> str:
    """The old collection's slug for ``title``.

    Lowercase; æ, ø and å are spelled ae, oe and aa; other accented letters lose their accent
    (Idéklinikken -> ideklinikken, as the old CMS wrote it); every other run of characters
    outside a-z and 0-9 becomes one '-', and none is left at either end.
    """
    text = title.lower().translate(_DANISH_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_SLUG.sub("-", text).strip("-")


def legacy_case_address(title: str) -> str:
    """The old address of the case with this title: ``/cases/samling/<slug>/``."""
    return f"{LEGACY_CASE_PREFIX}{legacy_title_slug(title)}/"
