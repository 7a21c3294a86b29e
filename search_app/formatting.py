"""Numbers, dates and titles as the page's language writes them (template filters).

Numbers and dates go through flask-babel's formatters, so Danish pages say "1.877" and
"27. november 2026", English ones "1,877" and "27 November 2026". Times are shown in
Europe/Copenhagen, whatever the server's clock says.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint
from flask_babel import format_date, format_datetime, format_number

TIMEZONE = ZoneInfo("Europe/Copenhagen")


def number(value) -> str:
    """ "1.877" in Danish, "1,877" in English; anything not a number is shown as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    return format_number(value)


def long_date(value) -> str:
    """A date (or an ISO date text) as the language writes it in full: "27. november 2026"."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return format_datetime(aware.astimezone(TIMEZONE).replace(tzinfo=None), "long", rebase=False)
    if isinstance(value, dt.date):
        return format_date(value, "long")
    return "" if value is None else str(value)


def sentence(text: str) -> str:
    """A title in sentence case: "LAV NYE SERVICES" -> "Lav nye services". Titles already
    written in sentence case (with names in capitals) are left as they are."""
    text = str(text or "")
    if text.isupper():
        return text[:1] + text[1:].lower()
    return text


def register(bp: Blueprint) -> None:
    bp.add_app_template_filter(number, "number")
    bp.add_app_template_filter(long_date, "long_date")
    bp.add_app_template_filter(sentence, "sentence")
