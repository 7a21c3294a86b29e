"""Pictures of the numbers, built on the server: no JavaScript, no inline styles.

Each function turns numbers into a small plain structure that a template draws: bar lengths as
one of ``STEPS`` + 1 classes (``w-0`` … ``w-20``, ``h-0`` … ``h-20`` in style.css, because the
Content-Security-Policy forbids ``style=""``), SVG geometry as attributes. Every chart carries its
numbers as text too (link names, ``<title>``/``<desc>``), so it reads without being seen.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

from indexer.settings import Facet, Theme

from .params import SearchParams
from .presenters import search_url
from .engine import FacetGroup

STEPS = 20


def step(count: int, largest: int) -> int:
    """``count`` as a share of ``largest`` in steps of 1/STEPS; any count above 0 shows (>= 1)."""
    if count <= 0 or largest <= 0:
        return 0
    return max(1, round(STEPS * count / largest))


def facet_steps(group: FacetGroup) -> dict[str, int]:
    """Bar length per value of a facet, relative to the value with most cases."""
    largest = max((v.count for v in group.values), default=0)
    return {v.value: step(v.count, largest) for v in group.values}


@dataclass(frozen=True)
class YearBar:
    year: int
    count: int
    step: int
    selected: bool
    params: SearchParams | None  # the search for this year alone; None when it has no cases


def year_bars(years: list[tuple[int, int]], params: SearchParams) -> list[YearBar]:
    """One bar per year from the first to the last year with cases (empty years included, so
    the gaps show), each a link to the search narrowed to that year."""
    if not years:
        return []
    counts = dict(years)
    first, last = min(counts), max(counts)
    largest = max(counts.values())
    low = params.year_from if params.year_from is not None else first
    high = params.year_to if params.year_to is not None else last
    narrowed = params.year_from is not None or params.year_to is not None
    bars = []
    for year in range(first, last + 1):
        count = counts.get(year, 0)
        bars.append(YearBar(
            year=year,
            count=count,
            step=step(count, largest),
            selected=narrowed and low <= year <= high,
            params=params.with_years(year, year) if count else None,
        ))
    return bars


@dataclass(frozen=True)
class RegionTile:
    value: str
    label_lines: tuple[str, ...]
    label: str
    count: int
    shade: int
    selected: bool
    params: SearchParams | None  # None when the region has no cases in this search
    x: int
    y: int


# A tile map: Jutland's three regions on the left from north to south, Zealand's on the right,
# nationwide cases in the corner that is sea on a real map.
TILE_WIDTH, TILE_HEIGHT, GAP = 160, 64, 8
TILE_PLACES = {
    "nordjylland": (0, 0), "national": (1, 0),
    "midtjylland": (0, 1), "hovedstaden": (1, 1),
    "syddanmark": (0, 2), "sjaelland": (1, 2),
}
MAP_WIDTH = 2 * TILE_WIDTH + GAP
MAP_HEIGHT = 3 * TILE_HEIGHT + 2 * GAP
SHADES = 4


def region_tiles(group: FacetGroup | None, facet: Facet | None = None, lang: str = "da") -> list[RegionTile]:
    """The region facet as map tiles, darker with more cases, each toggling its region. Regions
    without cases in this search (the facet leaves them out) are drawn empty, so the map keeps
    its shape."""
    if group is None:
        return []
    counted = {v.value: v for v in group.values}
    values = list(facet.values) if facet is not None else list(counted)
    largest = max((v.count for v in group.values), default=0)
    tiles = []
    for value in values:
        if value not in TILE_PLACES:
            continue
        found = counted.get(value)
        label = found.label if found else facet.value_label(value, lang)
        count = found.count if found else 0
        column, row = TILE_PLACES[value]
        tiles.append(RegionTile(
            value=value,
            label_lines=tuple(textwrap.wrap(label, 16)) or (label,),
            label=label,
            count=count,
            shade=0 if not count else max(1, round(SHADES * count / largest)),
            selected=bool(found and found.selected),
            params=found.params if found else None,
            x=column * (TILE_WIDTH + GAP),
            y=row * (TILE_HEIGHT + GAP),
        ))
    return tiles


@dataclass(frozen=True)
class EditionBar:
    period: str
    figure: int
    n: int
    y: int
    width: float

    @property
    def percent(self) -> int:
        """The bar's length in whole percent (a ``pct-N`` class in style.css)."""
        return max(0, min(int(round(self.figure)), 100))

    @property
    def text_y(self) -> int:
        """The baseline of the bar's labels, about two thirds down the bar."""
        return self.y + (EDITION_BAR_HEIGHT * 2) // 3


EDITION_BAR_HEIGHT, EDITION_GAP, EDITION_LABEL_WIDTH, EDITION_PLOT_WIDTH = 28, 12, 90, 300


def edition_bars(theme: Theme) -> list[EditionBar]:
    """The theme's headline figure, one horizontal bar per edition (0–100 %), oldest first."""
    editions = sorted(theme.editions, key=lambda e: e.period)
    return [
        EditionBar(e.period, e.figure, e.n, i * (EDITION_BAR_HEIGHT + EDITION_GAP),
                   EDITION_PLOT_WIDTH * max(0, min(e.figure, 100)) / 100)
        for i, e in enumerate(editions)
    ]


def edition_chart_height(bars: list[EditionBar]) -> int:
    return len(bars) * (EDITION_BAR_HEIGHT + EDITION_GAP) + 24


def chart_globals() -> dict:
    """Names the chart templates use."""
    return {
        "search_url": search_url,
        "facet_steps": facet_steps,
        "year_bars": year_bars,
        "region_tiles": region_tiles,
        "edition_bars": edition_bars,
        "edition_chart_height": edition_chart_height,
        "chart": {
            "tile_width": TILE_WIDTH, "tile_height": TILE_HEIGHT,
            "map_width": MAP_WIDTH, "map_height": MAP_HEIGHT,
            "bar_height": EDITION_BAR_HEIGHT, "label_width": EDITION_LABEL_WIDTH,
            "plot_width": EDITION_PLOT_WIDTH,
        },
    }


def init_app(app) -> None:
    app.jinja_env.globals.update(chart_globals())
