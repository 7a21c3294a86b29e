"""The peer: Datasette serving the same cases from SQLite with FTS5, facets on the same fields.

Datasette runs from its own virtual environment (``/tmp/casesamlingen-datasette``, created on
first use with pip), so it never enters the app's dependencies. The database holds one row per
case; multi-valued facets are JSON arrays (faceted with ``_facet_array``, filtered with
``__arraycontains``), single-valued ones plain text, and the text fields sit in an FTS5 index
(``unicode61``, diacritics kept) that Datasette's ``_search`` uses.

Settings chosen so that Datasette does the same work we do and no more: facet suggestions off
(we suggest none), time limits raised so that no facet is dropped at 10,000 cases.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

from indexer.record import FACET_FIELDS, Case
from indexer.settings import load_settings

VENV = Path(os.environ.get("CASESAMLINGEN_DATASETTE_VENV", "/tmp/casesamlingen-datasette"))
REQUIREMENT = "datasette>=0.65,<0.66"
DATABASE = "bench"
TABLE = "cases"
MULTI_VALUED = tuple(name for name, facet in load_settings().facets.items() if facet.multiple)
"""The facets a case may have several values of (or none: "reuse"), as config.yaml says."""
SETTINGS = {
    "suggest_facets": "off",
    "facet_time_limit_ms": "5000",
    "sql_time_limit_ms": "10000",
    "default_page_size": "20",
    "default_facet_size": "30",
}


def datasette_command() -> list[str]:
    """The datasette executable, installed into its own venv when missing."""
    executable = VENV / "bin" / "datasette"
    if not executable.exists():
        print(f"installing {REQUIREMENT} into {VENV} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", REQUIREMENT], check=True)
    return [str(executable)]


def write_database(cases: list[Case], path: Path) -> Path:
    """One table of the published cases plus an FTS5 index over title, lead, organisation, body."""
    if path.exists():
        path.unlink()
    db = sqlite3.connect(path)
    facet_columns = ", ".join(f"{name} TEXT" for name in FACET_FIELDS)
    db.execute(f"CREATE TABLE {TABLE} (slug TEXT PRIMARY KEY, title TEXT, lead TEXT, "
               f"organisation TEXT, body TEXT, year INTEGER, {facet_columns})")
    rows = []
    for case in cases:
        if not case.published:
            continue
        facets = []
        for name in FACET_FIELDS:
            values = case.facet_values(name)
            facets.append(json.dumps(values, ensure_ascii=False) if name in MULTI_VALUED else values[0])
        rows.append((case.slug, case.title, case.lead, case.organisation, case.body_text, case.year,
                     *facets))
    marks = ", ".join("?" * (6 + len(FACET_FIELDS)))
    db.executemany(f"INSERT INTO {TABLE} VALUES ({marks})", rows)
    db.execute(f'CREATE VIRTUAL TABLE {TABLE}_fts USING fts5(title, lead, organisation, body, '
               f'content="{TABLE}", tokenize="unicode61")')
    db.execute(f"INSERT INTO {TABLE}_fts (rowid, title, lead, organisation, body) "
               f"SELECT rowid, title, lead, organisation, body FROM {TABLE}")
    for name in ("year", "sector", "region", "employee_driven"):
        db.execute(f"CREATE INDEX {TABLE}_{name} ON {TABLE} ({name})")
    db.commit()
    db.execute("VACUUM")
    db.close()
    return path


def start(database: Path, port: int, log: Path) -> subprocess.Popen:
    command = datasette_command() + ["serve", str(database), "--host", "127.0.0.1",
                                     "--port", str(port)]
    for name, value in SETTINGS.items():
        command += ["--setting", name, value]
    return subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def search_path(q: str, filters: dict[str, str], next_token: str | None = None) -> str:
    """Datasette's table JSON for the same search: words, facet filters, all seven facets."""
    args: list[tuple[str, str]] = []
    if q:
        args.append(("_search", q))
    else:
        args.append(("_sort_desc", "year"))
    for name in FACET_FIELDS:
        args.append(("_facet_array" if name in MULTI_VALUED else "_facet", name))
    for name, value in filters.items():
        args.append((f"{name}__arraycontains" if name in MULTI_VALUED else name, value))
    args += [("_size", "20"), ("_shape", "objects")]
    if next_token:
        args.append(("_next", next_token))
    return f"/{DATABASE}/{TABLE}.json?{urlencode(args)}"
