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

from flask import Blueprint, Response, jsonify, request, url_for

from indexer.record import FACET_FIELDS
from indexer.settings import Settings

from . import index_state
from .i18n import current_language
from .params import SearchParams, parse_search_args
from .presenters import as_list, search_url

MAX_ROWS = 10_000
CSV_COLUMNS = ("slug", "title", "organisation", "year", "url", *FACET_FIELDS, "lead", "updated")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

bp = Blueprint("exports", __name__, url_prefix="/api")


def absolute_url(path: str, settings: Settings) -> str:
    """``path`` on the public site (``site.base_url``), for links that leave the site."""
    base = str(settings.section("site").get("base_url") or request.host_url).rstrip("/")
    return base + path


def matching_records(params: SearchParams) -> tuple[int, list[dict]]:
    """How many cases the search matches, and the stored records of the first ``MAX_ROWS``."""
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


def records_as_csv(records: list[dict], settings: Settings, lang: str) -> str:
    """UTF-8 CSV text with a byte order mark, one row per case, Excel's line endings."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(_csv_row(record, settings, lang))
    return out.getvalue()


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
    body = records_as_csv(records, settings, current_language())
    response = Response(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="casesamlingen.csv"'
    return response


@bp.get("/search.json")
def search_json():
    settings = index_state.settings()
    params = parse_search_args(request.args, settings)
    total, records = matching_records(params)
    return jsonify({
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "search_url": absolute_url(search_url("site.search", params.with_page(1)), settings),
        "total": total,
        "results": [record_as_json(r, settings) for r in records],
    })
