"""The case record: the fields a case file may have, and their types.

Taxonomy membership (which facet values exist) is checked in :mod:`indexer.validation`, because
the values live in config.yaml; this model checks shape and types only.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, field_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True)]

FACET_FIELDS = (
    "innovation_type",
    "value",
    "partner",
    "reuse",
    "sector",
    "region",
    "area",
    "employee_driven",
)
"""Case fields whose values come from the taxonomy in config.yaml, in page order."""


class Contact(BaseModel):
    """Who to ask to reuse the solution: an organisation, never an invented person."""

    model_config = ConfigDict(extra="forbid", strict=True)

    organisation: Annotated[Text, StringConstraints(min_length=2, max_length=200)]
    role: Annotated[Text, StringConstraints(max_length=200)] | None = None
    url: HttpUrl | None = None


class CaseFile(BaseModel):
    """What an editor writes in ``cases/<slug>.yaml``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: Annotated[Text, StringConstraints(min_length=10, max_length=160)]
    lead: Annotated[Text, StringConstraints(min_length=40, max_length=600)]
    summary_en: Annotated[Text, StringConstraints(max_length=1200)] | None = None
    body: Annotated[Text, StringConstraints(min_length=40, max_length=40000)]
    organisation: Annotated[Text, StringConstraints(min_length=2, max_length=300)]
    year: Annotated[int, Field(ge=1950, le=2100)] | None = None
    innovation_type: list[str] = Field(min_length=1)
    value: list[str] = Field(min_length=1)
    partner: list[str] = Field(default_factory=list)
    reuse: list[str] = Field(default_factory=list)
    sector: str
    region: list[str] = Field(min_length=1)
    area: list[str] = Field(min_length=1, max_length=4)
    employee_driven: bool
    source_urls: list[HttpUrl] = Field(min_length=1)
    contact: Contact
    aliases: list[Annotated[str, StringConstraints(pattern=r"^/[^\s]*$", max_length=300)]] = Field(
        default_factory=list
    )
    published: bool = True
    updated: dt.date | None = None

    @field_validator("region", mode="before")
    @classmethod
    def _one_region_as_a_list(cls, value):
        """``region: sjaelland`` (one value, as older files write it) means ``[sjaelland]``."""
        return [value] if isinstance(value, str) else value


class Case(BaseModel):
    """A valid case, ready for the index: the file's fields plus where it came from."""

    model_config = ConfigDict(extra="forbid")

    slug: str
    source_format: Literal["yaml", "html"]
    title: str
    lead: str
    body_html: str
    body_text: str
    organisation: str
    year: int | None
    innovation_type: list[str]
    value: list[str]
    partner: list[str]
    reuse: list[str] = []
    sector: str
    region: list[str]
    area: list[str]
    employee_driven: bool
    source_urls: list[str]
    contact: dict
    aliases: list[str]
    published: bool
    updated: dt.date | None
    summary_en: str | None = None

    def facet_values(self, facet: str) -> list[str]:
        value = getattr(self, facet)
        if isinstance(value, bool):
            return ["true" if value else "false"]
        if isinstance(value, list):
            return value
        return [value]


BODY_HEADINGS = ("Udfordringen", "Løsningen", "Samarbejdet", "Resultater")
"""The four headings every new case starts with, on the command line and in the web editor."""


def as_list(value) -> list:
    """A stored facet value as a list: one value, several, or none (a boolean as "true"/"false",
    the machine values of ``employee_driven``)."""
    if value is None:
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return value if isinstance(value, list) else [value]
