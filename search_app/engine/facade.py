"""The engine's front door: what the web layer may ask of the search engine.

Views, feeds, exports and the sitemap call an :class:`Engine` and get plain data back (search
outcomes, case records, slugs); no Whoosh object crosses this line. Each call works on the
index as it is now (a save or a build shows on the next call).
"""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from typing import Any, Callable, Iterator

from indexer.settings import Settings

from .facets import SearchState
from .related_by_topic import Related, related_to
from .zero_help import ZeroHelp, help_for
from .search import SearchOutcome, budget_ms, count_matches, ordered_matches, run_search, warm_up
from .snapshot import IndexAccess, IndexView
from .stored import find_case, record, resolve_alias, updated_days
from .suggest import DEFAULT_LIMIT, Suggestion, suggest


class Engine:
    """Search, count, cases, related cases and suggestions over the live index."""

    def __init__(self, settings: Settings, reference: bool | None = None):
        self.settings = settings
        self.access = IndexAccess(settings, reference)
        self.relevance = self.access.relevance

    def snapshot(self) -> IndexView:
        """The index state calls work on (for the engine's own tools and tests)."""
        return self.access.view()

    def search(self, params: SearchState, lang: str = "da") -> SearchOutcome:
        """A page of results, facet counts, "Mente du" and timings for ``params``."""
        return run_search(self.snapshot(), params, lang)

    def count(self, params: SearchState) -> int:
        """How many published cases ``params`` finds."""
        return count_matches(self.snapshot(), params)

    def case(self, slug: str, include_drafts: bool = False) -> dict | None:
        """The case's record; None when unknown or a draft (unless ``include_drafts``)."""
        return find_case(self.snapshot(), slug, include_drafts)

    def alias(self, path: str) -> str | None:
        """The slug an old address leads to, or None."""
        return resolve_alias(self.snapshot(), path)

    def related(self, slug: str, count: int | None = None, lang: str = "da") -> list[Related]:
        """Published cases related to ``slug`` (``search.related_cases`` of them by default):
        those sharing its topics first, each with its reason; the text match is dropped when it
        takes longer than the extras' time budget."""
        view = self.snapshot()
        record = find_case(view, slug)
        if record is None:
            return []
        if count is None:
            count = int(self.settings.section("search")["related_cases"])
        return related_to(view, self.settings, slug, record, count, lang, budget_ms(view))

    def zero_help(self, params: SearchState, lang: str = "da", budget: float | None = None) -> ZeroHelp:
        """For a search that found nothing: searches that do find cases, the closest themes
        (within the extras' time budget, or ``budget`` ms)."""
        view = self.snapshot()
        return help_for(view, self.settings, params, lang, budget_ms(view) if budget is None else budget)

    def suggest(self, typed: str, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
        """Completions while typing: published cases, organisations and words."""
        view = self.snapshot()
        return suggest(view, typed, limit, budget_ms(view))

    def records(self, params: SearchState, limit: int) -> tuple[int, Iterator[dict]]:
        """How many cases ``params`` matches, and the records of the first ``limit`` in its
        order, read one at a time as the caller consumes them (an export of 10,000 cases starts
        at once and never holds them all)."""
        view = self.snapshot()
        docnums = ordered_matches(view, params)
        return len(docnums), (record(view, d) for d in docnums[:limit])

    def newest_changes(self, params: SearchState, limit: int,
                       stamp: Callable[[str | None], str]) -> list[tuple[str, dict]]:
        """(stamp, record) of the ``limit`` matching cases changed last: ``stamp`` turns a
        case's ``updated`` day (None when it has none) into a sortable time. Only the ``updated``
        column is read to order them; just the records returned are loaded."""
        view = self.snapshot()
        updated = _day_list(view)
        dated = [(stamp(updated[d] or None), d) for d in ordered_matches(view, params)]
        dated.sort(reverse=True)
        return [(when, record(view, d)) for when, d in dated[:limit]]

    def published(self) -> list[tuple[str, str | None]]:
        """(slug, updated day or None) of every published case, by slug."""
        return list(self.iter_published())

    def iter_published(self) -> Iterator[tuple[str, str | None]]:
        """:meth:`published`, read as the caller consumes it: the slugs are sorted now, each
        case's ``updated`` day is read when its turn comes (a sitemap of 10,000 cases starts at
        once and never holds them all)."""
        view = self.snapshot()
        updated = updated_days(view)
        slug_docs = view.derived.slug_docs
        published = view.derived.published
        slugs = sorted(slug for slug, docnum in slug_docs.items() if docnum in published)
        return ((slug, updated[slug_docs[slug]] or None) for slug in slugs)

    def built_at(self) -> datetime:
        """When the live index generation was built."""
        return datetime.fromtimestamp(self.snapshot().path.stat().st_mtime, tz=timezone.utc)

    def remembered(self, key: tuple) -> Any:
        """What :meth:`remember` kept under ``key`` for the index as it is now, or None."""
        return self.snapshot().remembered(key)

    def remember(self, key: tuple, value: Any, size: int) -> None:
        """Keep ``value`` (about ``size`` bytes) until the index changes (see .memory)."""
        self.snapshot().remember(key, value, size)

    def warm_up(self, budget_s: float) -> tuple[int, int]:
        """Prepare the first searches (see :func:`.search.warm_up`); (words, cases) done."""
        return warm_up(self.snapshot(), budget_s)

    def close(self) -> None:
        self.access.close()


def _day_list(view: IndexView) -> list[str]:
    """Every document's ``updated`` day ("" when it has none), read from the column once per
    index state: the feed orders all matching cases by it, and 10,000 reads through Whoosh's
    column reader cost tens of milliseconds before the feed's first byte."""
    return view.memo(("updated days",), lambda: list(updated_days(view)),
                     weigh=lambda days: sys.getsizeof(days) + sum(map(sys.getsizeof, days)))
