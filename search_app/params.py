"""The URL grammar of a search, shared by the HTML pages and the JSON API.

``/?q=…&innovation_type=service&innovation_type=product&year_from=2015`` and
``/api/search?<the same>`` describe the same state. Parsing checks every parameter and says
what is wrong and what is allowed; building turns a state back into query items, so every facet
value can carry a ready link that toggles it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from indexer.record import FACET_FIELDS
from indexer.settings import Settings
from indexer.settings_model import SearchSettings

SORTS = ("relevance", "newest", "oldest", "title")
YEAR_MIN, YEAR_MAX = 1950, 2100
MAX_PAGE = 10_000
_WHOLE_NUMBER = re.compile(r"(-?[0-9]{1,18})(?:\.0+)?")
"""ASCII digits only (Python's ``int()`` also reads ``٣``, ``１``, ``1_0`` and ``+1``); a zero
fraction (``10.0``) is the same whole number, as JSON Schema counts integers."""
DEFAULT_PER_PAGE = SearchSettings.model_fields["per_page"].default


class ParamError(ValueError):
    """A request parameter is not valid; the message says what is allowed."""


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str = "relevance"
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    year_missing: bool = False
    """With a year range: include the cases that have no year too (``year_missing=include``)."""
    default_per_page: int = field(default=DEFAULT_PER_PAGE, compare=False)
    """The site's page size (``search.per_page``): links leave ``per_page`` out when it is this."""

    @property
    def has_filters(self) -> bool:
        return bool(self.filters) or self.year_from is not None or self.year_to is not None

    @cached_property
    def key(self) -> tuple:
        """A hashable form of the whole state (for remembering what is made from it)."""
        return (self.q, self.page, self.per_page, self.sort,
                tuple((k, tuple(v)) for k, v in self.filters.items()), self.year_from, self.year_to,
                self.year_missing, self.default_per_page)

    def selected(self, facet: str) -> tuple[str, ...]:
        return self.filters.get(facet, ())

    def toggled(self, facet: str, value: str) -> "SearchParams":
        """This state with ``value`` of ``facet`` switched on or off, back on page 1."""
        current = self.selected(facet)
        values = tuple(v for v in current if v != value) if value in current else current + (value,)
        filters = {k: v for k, v in self.filters.items() if k != facet}
        if values:
            filters[facet] = values
        ordered = {k: filters[k] for k in FACET_FIELDS if k in filters}
        return replace(self, filters=ordered, page=1)

    def without_filters(self) -> "SearchParams":
        return replace(self, filters={}, year_from=None, year_to=None, year_missing=False, page=1)

    def with_years(self, year_from: int | None, year_to: int | None) -> "SearchParams":
        return replace(self, year_from=year_from, year_to=year_to, page=1)

    def with_page(self, page: int) -> "SearchParams":
        return replace(self, page=page)

    def with_sort(self, sort: str) -> "SearchParams":
        return replace(self, sort=sort, page=1)

    def with_query(self, q: str) -> "SearchParams":
        return replace(self, q=q, page=1)

    def to_args(self) -> dict[str, object]:
        """Query arguments for ``url_for``: only what differs from the defaults."""
        args: dict[str, object] = {}
        if self.q:
            args["q"] = self.q
        for facet in FACET_FIELDS:
            if facet in self.filters:
                args[facet] = list(self.filters[facet])
        if self.year_from is not None:
            args["year_from"] = self.year_from
        if self.year_to is not None:
            args["year_to"] = self.year_to
        if self.year_missing:
            args["year_missing"] = "include"
        if self.sort != "relevance":
            args["sort"] = self.sort
        if self.per_page != self.default_per_page:
            args["per_page"] = self.per_page
        if self.page != 1:
            args["page"] = self.page
        return args


def _one(args, name: str) -> str | None:
    values = [v for v in args.getlist(name)]
    if not values:
        return None
    if len(values) > 1 and len(set(values)) > 1:
        raise ParamError(f"'{name}' was given {len(values)} times with different values; give it once")
    return values[0].strip()


def whole_number(raw: str) -> int | None:
    """``raw`` as an integer when it is written with ASCII digits (and maybe a minus), else None."""
    match = _WHOLE_NUMBER.fullmatch(raw)
    return int(match.group(1)) if match else None


def _int(args, name: str, low: int, high: int, default: int | None) -> int | None:
    raw = _one(args, name)
    if raw is None or raw == "":
        return default
    value = whole_number(raw)
    if value is None:
        raise ParamError(f"'{name}' must be a whole number from {low} to {high}, not '{raw[:40]}'")
    if not low <= value <= high:
        raise ParamError(f"'{name}' must be a whole number from {low} to {high}, not {value}")
    return value


def parse_search_args(args, settings: Settings) -> SearchParams:
    """A :class:`SearchParams` from request args (a MultiDict); ParamError when invalid.

    Unknown parameters are ignored (links may carry tracking parameters); known ones are checked.
    """
    search = settings.section("search")
    max_len = int(search["max_query_length"])
    default_per_page = int(search["per_page"])
    max_per_page = int(search["max_per_page"])

    q = " ".join((_one(args, "q") or "").split())
    if len(q) > max_len:
        raise ParamError(f"'q' is too long: at most {max_len} characters, not {len(q)}")
    if any(ord(ch) < 32 for ch in q):
        q = "".join(ch for ch in q if ord(ch) >= 32)
    sort = _one(args, "sort") or "relevance"
    if sort not in SORTS:
        raise ParamError(f"'sort' must be one of {', '.join(SORTS)}, not '{sort[:40]}'")

    filters: dict[str, tuple[str, ...]] = {}
    for name in FACET_FIELDS:
        facet = settings.facets.get(name)
        raw_values = args.getlist(name)
        if not raw_values or facet is None:
            continue
        values: list[str] = []
        for raw in raw_values:
            value = raw.strip().lower() if name == "employee_driven" else raw.strip()
            if value not in facet.values:
                allowed = ", ".join(facet.values)
                raise ParamError(f"'{name}' must be one of {allowed}, not '{raw[:40]}'")
            if value not in values:
                values.append(value)
        filters[name] = tuple(values)

    year_from = _int(args, "year_from", YEAR_MIN, YEAR_MAX, None)
    year_to = _int(args, "year_to", YEAR_MIN, YEAR_MAX, None)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise ParamError(f"'year_from' ({year_from}) must not be after 'year_to' ({year_to})")
    year_missing = _one(args, "year_missing")
    if year_missing not in (None, "", "include"):
        raise ParamError(f"'year_missing' must be 'include' (cases without a year count as in the range), not '{year_missing[:40]}'")

    return SearchParams(
        q=q,
        page=_int(args, "page", 1, MAX_PAGE, 1),
        per_page=_int(args, "per_page", 1, max_per_page, default_per_page),
        sort=sort,
        filters=filters,
        year_from=year_from,
        year_to=year_to,
        year_missing=year_missing == "include",
        default_per_page=default_per_page,
    )

