"""The current search as a file: CSV for spreadsheets, JSON for other systems.

``/api/search.csv?…`` and ``/api/search.json?…`` take the search page's parameters and return
every matching case, not one page of them (``page`` and ``per_page`` are checked but not used).
The CSV starts with a byte order mark, so Excel opens æ, ø and å correctly, and uses the facet
labels of the chosen language; the JSON keeps the machine values that the rest of the API uses.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from typing import Iterable, Iterator

from flask import Blueprint, Response, current_app, request, stream_with_context, url_for

from indexer.record import FACET_FIELDS
from indexer.settings import Settings

from . import index_state
from .i18n import current_language
from .params import SearchParams, parse_search_args
from .presenters import as_list, search_url

MAX_ROWS = 10_000
ROWS_PER_CHUNK = 100
CSV_COLUMNS = ("slug", "title", "organisation", "year", "url", *FACET_FIELDS, "lead", "updated")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

bp = Blueprint("exports", __name__, url_prefix="/api")


def absolute_url(path: str, settings: Settings) -> str:
    """``path`` on the public site (``site.base_url``), for links that leave the site."""
    base = str(settings.section("site").get("base_url") or request.host_url).rstrip("/")
    return base + path


def matching_records(params: SearchParams) -> tuple[int, Iterator[dict]]:
    """How many cases the search matches, and the stored records of the first ``MAX_ROWS``,
    read one at a time as the answer is written."""
    return index_state.engine().records(params, MAX_ROWS)


def _safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, - or @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_row(record: dict, settings: Settings, lang: str) -> list[str]:
    row = {
        "slug": record["slug"],
        "title": record["title"],
        "organisation": record["organisation"],
        "year": record.get("year"),
        "url": absolute_url(url_for("site.case", slug=record["slug"], lang=None), settings),
        "lead": record["lead"],
        "updated": record.get("updated"),
    }
    for name in FACET_FIELDS:
        facet = settings.facets.get(name)
        values = as_list(record.get(name))
        row[name] = "; ".join(facet.value_label(v, lang) if facet else v for v in values)
    return [_safe_cell(row[column]) for column in CSV_COLUMNS]


def records_as_csv(records: Iterable[dict], settings: Settings, lang: str) -> str:
    """UTF-8 CSV text with a byte order mark, one row per case, Excel's line endings (the whole
    file at once: the reference :func:`csv_chunks` is compared against)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(_csv_row(record, settings, lang))
    return out.getvalue()


def csv_chunks(records: Iterable[dict], settings: Settings, lang: str) -> Iterator[bytes]:
    """The text of :func:`records_as_csv` as UTF-8, a few rows at a time."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    yield _drain(out)  # the header at once: a client sees the download start
    for number, record in enumerate(records, 1):
        writer.writerow(_csv_row(record, settings, lang))
        if number % ROWS_PER_CHUNK == 0:
            yield _drain(out)
    yield _drain(out)


def _drain(out: io.StringIO) -> bytes:
    chunk = out.getvalue().encode("utf-8")
    out.seek(0)
    out.truncate()
    return chunk


def record_as_json(record: dict, settings: Settings) -> dict:
    return {
        "slug": record["slug"],
        "title": record["title"],
        "lead": record["lead"],
        "organisation": record["organisation"],
        "year": record.get("year"),
        "url": absolute_url(url_for("site.case", slug=record["slug"], lang=None), settings),
        "updated": record.get("updated"),
        **{name: as_list(record.get(name)) for name in FACET_FIELDS},
    }


@bp.get("/search.csv")
def search_csv():
    settings = index_state.settings()
    params = parse_search_args(request.args, settings)
    _, records = matching_records(params)
    body = csv_chunks(records, settings, current_language())
    response = Response(stream_with_context(body), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="casesamlingen.csv"'
    return response


def json_chunks(total: int, records: Iterable[dict], settings: Settings,
                search_address: str) -> Iterator[str]:
    """The export as JSON text, a few cases at a time: the same text as the app's ``jsonify``
    of the whole answer, which the tests compare it with."""
    def dumps(value) -> str:
        return current_app.json.dumps(value, separators=(",", ":"))

    head = {"generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "search_url": search_address, "total": total}
    yield dumps(head)[:-1] + ',"results":['
    batch: list[str] = []
    first = True
    for record in records:
        batch.append(dumps(record_as_json(record, settings)))
        if len(batch) == ROWS_PER_CHUNK:
            yield ("" if first else ",") + ",".join(batch)
            first, batch = False, []
    if batch:
        yield ("" if first else ",") + ",".join(batch)
    yield "]}\n"


@bp.get("/search.json")
def search_json():
    settings = index_state.settings()
    params = parse_search_args(request.args, settings)
    total, records = matching_records(params)
    address = absolute_url(search_url("site.search", params.with_page(1)), settings)
    body = json_chunks(total, records, settings, address)
    return Response(stream_with_context(body), content_type="application/json")
