"""The list of searches that found nothing keeps no personal data and cannot be flooded."""
from __future__ import annotations

import sqlite3
from urllib.parse import quote

import pytest

from search_app import zero_results

DISGUISES = [
    ("anna.hansen @example.dk", ["anna", "hansen", "example"]),
    ("anna.hansen@ example.dk", ["anna", "hansen", "example"]),
    ("anna.hansen @ example . dk", ["anna", "hansen", "example"]),
    ("anna.hansen＠example.dk", ["anna", "hansen", "example"]),
    ("anna.hansen﹫example.dk", ["anna", "hansen", "example"]),
    ("anna.hansen(at)example.dk", ["anna", "hansen", "example"]),
    ("anna.hansen [at] example [dot] dk", ["anna", "hansen", "example"]),
    ("anna.hansen snabel-a example punktum dk", ["anna", "hansen", "example"]),
    ("Anna.Hansen@Kommune.DK", ["anna", "hansen", "kommune"]),
    ("010203-1234", ["0102", "1234"]),
    ("010203/1234", ["0102", "1234"]),
    ("01.02.03-1234", ["01.02", "1234"]),
    ("010203 1234", ["0102", "1234"]),
    ("0102031234", ["0102", "1234"]),
    ("010203\u20101234", ["0102", "1234"]),  # Unicode hyphen
    ("010203\u20131234", ["0102", "1234"]),  # en dash
    ("010203\u22121234", ["0102", "1234"]),  # minus sign
    ("０１０２０３－１２３４", ["0102", "1234", "０１"]),  # full width
    ("٠١٠٢٠٣-١٢٣٤", ["٠١٠٢", "١٢٣٤"]),  # Arabic-Indic digits
    ("+45 12 34 56 78", ["12 34", "5678", "56 78"]),
    ("12345678", ["1234", "5678"]),
    ("0045-1234-5678", ["1234", "5678"]),
]


@pytest.mark.parametrize("personal, pieces", DISGUISES)
def test_personal_data_in_any_disguise_is_never_stored(app, client, settings, personal, pieces):
    client.get("/?q=" + quote(f"zzqx {personal} zzqy"))
    stored = zero_results.most_frequent(settings.data_dir)
    assert len(stored) == 1
    query = stored[0][0]
    assert query.startswith("zzqx [") and query.endswith("] zzqy"), query
    for piece in pieces:
        assert piece.lower() not in query, (personal, query)


@pytest.mark.parametrize("ordinary", ["hjemmepleje 2019", "akuttelefonen 1813", "hvad er at gøre",
                                      "møde at kl. 10", "ældrepleje i århus"])
def test_ordinary_searches_are_kept_as_typed(ordinary):
    assert zero_results.normalise(ordinary) == ordinary


def test_one_address_cannot_fill_the_list(app, settings):
    flooder = app.test_client()
    for i in range(zero_results.MAX_PER_ADDRESS + 30):
        flooder.get(f"/?q=zzqxspam{i}", environ_base={"REMOTE_ADDR": "198.51.100.9"})
    app.test_client().get("/?q=zzqxvisitor", environ_base={"REMOTE_ADDR": "192.0.2.1"})
    stored = dict(zero_results.most_frequent(settings.data_dir, limit=1000))
    assert sum(1 for q in stored if q.startswith("zzqxspam")) == zero_results.MAX_PER_ADDRESS
    assert stored["zzqxvisitor"] == 1
    with sqlite3.connect(settings.data_dir / zero_results.FILE_NAME) as db:
        dump = "\n".join(db.iterdump())
    assert "198.51.100.9" not in dump and "192.0.2.1" not in dump


def test_one_address_cannot_push_a_query_up_the_list(app, settings):
    flooder = app.test_client()
    for _ in range(zero_results.MAX_PER_ADDRESS * 2):
        flooder.get("/?q=zzqxreklame", environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert dict(zero_results.most_frequent(settings.data_dir))["zzqxreklame"] == zero_results.MAX_PER_ADDRESS


def test_a_full_list_keeps_counting_and_drops_the_query_counted_longest_ago(app, settings, monkeypatch):
    monkeypatch.setattr(zero_results, "MAX_ROWS", 5)
    visitor = app.test_client()
    for word in ("zzqxa", "zzqxb", "zzqxc", "zzqxd", "zzqxe"):
        visitor.get(f"/?q={word}")
        zero_results.flush()
    visitor.get("/?q=zzqxa")  # counted again: now the most recent
    zero_results.flush()
    visitor.get("/?q=zzqxnew")
    stored = dict(zero_results.most_frequent(settings.data_dir))
    assert stored == {"zzqxa": 2, "zzqxc": 1, "zzqxd": 1, "zzqxe": 1, "zzqxnew": 1}
