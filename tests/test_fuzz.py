"""Hostile and random search requests: always 200 or 400, never 500, and bounded work.

Hypothesis generates the query string and every parameter of ``/`` and ``/api/search`` (and of
the suggestions, exports and feed that share their grammar): any
Unicode (control characters included), 10,000-character queries, unbalanced quotes and
parentheses, Whoosh syntax (``field:``, ``*``, ``~``, ``^``, ``AND OR NOT``), huge and malformed
numbers, invalid percent-encoded bytes and repeated parameters.

Time is bounded by construction rather than measured here (timings on a shared machine are
noise): a query has at most MAX_WORDS words, each expanding to a bounded number of index terms.
``benchmarks/fuzz.py`` runs the same requests at scale and prints counts and latencies.
``CASESAMLINGEN_FUZZ_EXAMPLES`` sets the number of examples per test (default 100).
"""
from __future__ import annotations

import os
import string
from urllib.parse import quote, quote_from_bytes, urlencode

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from indexer.build import build_index
from indexer.settings import load_settings
from search_app import create_app
from search_app.hygiene import MAX_ADDRESS_BYTES, address_bytes
from search_app.params import ParamError, parse_search_args
from search_app.engine.compat import CappedFuzzyTerm
from search_app.engine.expansion import QueryBuilder
from search_app.engine.query import parse_user_query
from search_app.engine.relevance import DEFAULT

MAX_EXPANSIONS, MAX_WORDS = DEFAULT.max_expansions, DEFAULT.max_words
from tests.conftest import app_config
from werkzeug.datastructures import MultiDict

EXAMPLES = int(os.environ.get("CASESAMLINGEN_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

_TAXONOMY = load_settings().facets
FACETS = list(_TAXONOMY)
FACET_VALUES = sorted({v for f in _TAXONOMY.values() for v in f.values} | {"true", "false"})
NUMERIC = ["page", "per_page", "year_from", "year_to", "limit"]
PATHS = ["/", "/api/search", "/api/suggest", "/api/search.csv", "/api/search.json", "/feed.xml"]
PARAMS = ["q", "sort", "lang", *NUMERIC, *FACETS]
WORDS = ["skat", "restskat", "ældrepleje", "Ældre", "kommune", "Fredericia", "aarhus", "Århus",
         "borgerservice", "velfærdsteknologi", "og", "i", "den", "1813", "2015", "hjemmepleje",
         "skatteforvaltning", "ko", "sa", "a", "ø"]
WHOOSH_SYNTAX = ["title:", "body:", "slug:", "published:false", "*", "?", "~", "~2", "~1/3", "^3",
                 "^1e308", "AND", "OR", "NOT", "ANDNOT", "(", ")", "((((", "))))", "[", "]", "{",
                 "}", '"', "'", "-", "--", "+", ":", "\\", "/", "TO", "[a TO z]", "<", ">", "=",
                 "*:*", "%", "&", "|", "!", "#", "\x00", "\u200b", "\ufeff", "\u202e", "\ud7ff",
                 "\U0001f600", "e\u0301", "ﬁ", "ß", "İ", "\t", "\r\n"]
NUMBERS = ["0", "-1", "1", "2", "100", "101", "10000", "10001", "9" * 30, "-" + "9" * 30, "1e3",
           "0x10", "1_000", " 7 ", "٣", "²", "NaN", "inf", "", "1.5", "++1", "2015", "1949", "2101"]

token = st.one_of(st.sampled_from(WORDS), st.sampled_from(WHOOSH_SYNTAX), st.text(max_size=12))
query_text = st.one_of(
    st.text(max_size=60),
    st.lists(token, max_size=25).map(" ".join),
    st.lists(token, max_size=25).map("".join),
    st.builds(lambda t, n: (t + " ") * n, st.sampled_from(WORDS + WHOOSH_SYNTAX), st.integers(1, 2000)),
    st.integers(490, 10_000).map(lambda n: "ø" * n),
)
any_value = st.one_of(
    query_text,
    st.sampled_from(FACET_VALUES),
    st.sampled_from(NUMBERS),
    st.integers(-(10**40), 10**40).map(str),
    st.sampled_from(["relevance", "newest", "oldest", "title", "da", "en", "DA", "Service"]),
)
pairs = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMS), st.sampled_from(PARAMS), st.text(max_size=8)), any_value),
    max_size=8,
)


def _encode(items: list[tuple[str, str]]) -> str:
    return urlencode(items, quote_via=quote)


query_string = st.one_of(
    pairs.map(_encode),
    st.binary(max_size=80).map(lambda b: "q=" + quote_from_bytes(b)),
    st.binary(max_size=80).map(quote_from_bytes),
    st.tuples(st.sampled_from(PARAMS), st.sampled_from(FACET_VALUES + NUMBERS), st.integers(2, 50)).map(
        lambda t: "&".join(f"{t[0]}={quote(t[1])}" for _ in range(t[2]))),  # repeated, same value
)
request = st.tuples(st.sampled_from(PATHS), query_string)


def check_answer(response, path: str) -> None:
    """What every answer must be: 200 or 400, in the format asked for (414 past the length limit;
    the search page may also send a page number past the end to the last page, on this site)."""
    if response.status_code == 414:
        assert address_bytes(response.request.environ) > MAX_ADDRESS_BYTES, path
        return
    if path == "/" and response.status_code == 302:
        assert response.headers["Location"].startswith("/?") or response.headers["Location"].startswith("/#")
        return
    assert response.status_code in (200, 400), (path, response.status_code)
    if path.startswith("/api/") and response.status_code == 400:
        assert response.get_json()["error"]
    elif path in ("/api/search", "/api/search.json"):
        assert "results" in response.get_json()
    elif path == "/":
        assert response.mimetype == "text/html"


@FUZZ
@given(request)
def test_search_never_fails(shared_app, req):
    path, qs = req
    response = shared_app.test_client().get(path, query_string=qs)
    check_answer(response, path)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(PARAMS), any_value), min_size=1, max_size=6),
       st.sampled_from(PATHS))
def test_valid_looking_parameters_never_fail(shared_app, items, path):
    response = shared_app.test_client().get(path, query_string=_encode(items))
    check_answer(response, path)


@FUZZ
@given(query_text)
def test_a_query_is_bounded_by_construction(shared_app, text):
    """However long or odd the words, a query has few clauses and each expands to few terms."""
    with shared_app.app_context():
        from search_app import index_state

        app_settings = index_state.settings()
        try:
            params = parse_search_args(MultiDict({"q": text}), app_settings)
        except ParamError:
            assert len(" ".join(text.split())) > int(app_settings.section("search")["max_query_length"])
            return
        view = index_state.engine().snapshot()
        parsed = parse_user_query(params.q)
        assert len(parsed.words) <= MAX_WORDS and len(parsed.phrases) <= 4 and len(parsed.excluded) <= 4
        builder = QueryBuilder(view.searcher.schema, synonyms=app_settings.synonyms())
        query = builder.build(parsed)
        if query is None:
            return
        leaves = list(query.leaves())
        assert len(leaves) <= 1000
        reader = view.searcher.reader()
        for leaf in leaves:
            if isinstance(leaf, wq.MultiTerm):
                assert len(list(leaf._btexts(reader))) <= MAX_EXPANSIONS


def test_expansion_is_capped_on_a_word_with_hundreds_of_neighbours(cases_dir, settings, index):
    """A case that holds 676 words one or two letters from "kommuneaa": near-spelling and
    prefix matches stop at MAX_EXPANSIONS, and the search still answers."""
    neighbours = " ".join(f"kommune{a}{b}" for a in string.ascii_lowercase for b in string.ascii_lowercase)
    case = yaml.safe_load((cases_dir / "skat-i-balance.yaml").read_text(encoding="utf-8"))
    case.pop("aliases", None)
    case["body"] = f"## Udfordringen\n\nMange ord: {neighbours}\n"
    (cases_dir / "mange-ord.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    build_index(settings)
    app = create_app(app_config(settings))
    with app.app_context():
        from search_app import index_state

        view = index_state.engine().snapshot()
        reader = view.searcher.reader()
        builder = QueryBuilder(view.searcher.schema)
        fuzzy = [leaf for leaf in builder.build(parse_user_query("kommuneqq")).leaves()
                 if isinstance(leaf, wq.FuzzyTerm)]
        assert fuzzy and all(isinstance(leaf, CappedFuzzyTerm) for leaf in fuzzy)
        uncapped = wq.FuzzyTerm("exact", "kommuneqq", maxdist=2, prefixlength=1)
        assert len(list(uncapped._btexts(reader))) > 600
        assert len(list(fuzzy[0]._btexts(reader))) == MAX_EXPANSIONS
        assert len(list(wq.Prefix("exact", "ko")._btexts(reader))) > 600
        assert len(list(builder.prefix_query("ko")._btexts(reader))) == MAX_EXPANSIONS
    client = app.test_client()
    assert client.get("/api/search?q=kommuneqq").get_json()["total"] >= 1
    assert client.get("/?q=kommunexx+kommuneyy+kommunezz").status_code == 200


def test_known_nasty_requests(shared_client):
    """Cases found by fuzzing or known from other search engines, kept as plain examples."""
    nasty = [
        "/?q=" + "a" * 10_000, "/api/search?q=" + "(" * 499, '/?q="unbalanced', '/?q="""',
        "/?q=title:*", "/?q=*:*", "/?q=skat~99", "/?q=skat^1e308", "/?q=NOT+AND+OR",
        "/?q=%00%01%02", "/?q=%ff%fe", "/?q=%ed%a0%80", "/?page=" + "9" * 40, "/?page=-1",
        "/?per_page=0", "/?per_page=101", "/?year_from=2020&year_to=2010", "/?sort=random",
        "/?page=10000&per_page=100", "/?q=a&q=b", "/?q=a&q=a", "/?sector=stat&sector=stat",
        "/?lang=xx", "/?lang=", "/?q=-", "/?q=--skat", '/?q=-"', "/?q=" + "skat+" * 300,
        "/?q=" + "%22a%22+" * 60, "/api/search?q=%E2%80%AE%E2%80%AE", "/?employee_driven=TRUE",
        "/?q=" + "velfærdsteknologiskatteforvaltningsældreplejebørneunge" * 9,
    ]
    for url in nasty:
        response = shared_client.get(url)
        check_answer(response, url.split("?")[0])
