"""The Whoosh schema and how a case becomes a document.

Everything the result list and the case page show is stored, so the web app never opens a case
file. Compound parts go in their own low-weight field (``parts``), so "skat" finds "restskat" but
ranks it below cases that say "skat". The English summary has its own field with an English
analyzer (``summary_en``), so English words find the cases; the case record stores its text.
"""
from __future__ import annotations

import json
import re
from typing import Iterable

from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import (
    compound_parts_analyzer,
    danish_analyzer,
    english_analyzer,
    exact_analyzer,
    spelling_analyzer,
)
from .record import BODY_HEADINGS, FACET_FIELDS, Case

TEXT_FIELDS = ("title", "lead", "organisation", "body")
"""Searchable text fields in the order of their weight."""


def build_schema(vocabulary: Iterable[str]) -> Schema:
    """The schema; ``vocabulary`` drives compound splitting (see :mod:`indexer.analysis`)."""
    main = danish_analyzer()
    facets = {
        name: KEYWORD(stored=True, commas=True, scorable=False)
        for name in FACET_FIELDS
    }
    return Schema(
        slug=ID(stored=True, unique=True),
        title=TEXT(analyzer=main, stored=True),
        lead=TEXT(analyzer=main, stored=True),
        organisation=TEXT(analyzer=main, stored=True),
        body=TEXT(analyzer=main, stored=True),
        summary_en=TEXT(analyzer=english_analyzer()),
        parts=TEXT(analyzer=compound_parts_analyzer(vocabulary)),
        exact=TEXT(analyzer=exact_analyzer()),
        title_exact=TEXT(analyzer=exact_analyzer(), phrase=False),
        spell=TEXT(analyzer=spelling_analyzer(), spelling=True, phrase=False),
        year=NUMERIC(stored=True, sortable=True, signed=False, bits=32),
        title_sort=ID(sortable=True),
        updated=ID(stored=True, sortable=True),
        published=BOOLEAN(stored=True),
        record=STORED(),
        **facets,
    )


HEADING_LINE = re.compile(r"^(?:%s)[ \t]*(?:\n|\Z)" % "|".join(map(re.escape, BODY_HEADINGS)), re.M)


def searchable_body(body_text: str) -> str:
    """``body_text`` without the lines that are only one of the section headings every case
    has ("Udfordringen", "Resultater"): such a heading says nothing about the case, so it is
    neither a word the case is found by nor text a snippet shows. A heading's word in the
    text itself ("resultaterne viste …") stays."""
    return HEADING_LINE.sub("", body_text)


def to_document(case: Case) -> dict:
    """The fields of ``case`` as the index stores them (the body without its section headings,
    see :func:`searchable_body`; the case page shows the stored record's own body)."""
    body = searchable_body(case.body_text)
    all_text = "\n".join([case.title, case.lead, case.organisation, body])
    doc = {
        "slug": case.slug,
        "title": case.title,
        "lead": case.lead,
        "organisation": case.organisation,
        "body": body,
        "summary_en": case.summary_en or "",
        "parts": all_text,
        "exact": all_text,
        "title_exact": f"{case.title}\n{case.organisation}",
        "spell": all_text,
        "title_sort": case.title.lower(),
        "updated": case.updated.isoformat() if case.updated else "",
        "published": case.published,
        "record": json.dumps(case.model_dump(mode="json"), ensure_ascii=False),
    }
    if case.year is not None:
        doc["year"] = case.year
    for name in FACET_FIELDS:
        doc[name] = ",".join(case.facet_values(name))
    return doc
