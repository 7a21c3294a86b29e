"""Dates, times and numbers as each language writes them, through flask-babel; times in
Europe/Copenhagen whatever the server's clock says."""
from __future__ import annotations

import datetime as dt

import pytest

from search_app.formatting import long_date, number, sentence


@pytest.mark.parametrize("lang, expected_date, expected_number", [
    ("da", "27. november 2026", "1.877"),
    ("en", "November 27, 2026", "1,877"),
])
def test_dates_and_numbers_per_language(shared_app, lang, expected_date, expected_number):
    with shared_app.test_request_context(f"/?lang={lang}"):
        assert long_date(dt.date(2026, 11, 27)) == expected_date
        assert long_date("2026-11-27") == expected_date
        assert number(1877) == expected_number


def test_times_are_shown_in_copenhagen(shared_app):
    with shared_app.test_request_context("/"):
        # 23:30 UTC on 27 November is already 28 November in Copenhagen (UTC+1)
        shown = long_date(dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.timezone.utc))
    assert shown.startswith("28. november 2026") and "00.30" in shown


def test_titles_in_sentence_case():
    assert sentence("LAV NYE SERVICES") == "Lav nye services"
    assert sentence("Høst borgernes ideer i Aarhus") == "Høst borgernes ideer i Aarhus"
