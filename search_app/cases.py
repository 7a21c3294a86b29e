"""The themes a case illustrates (cases themselves come from the engine: ``Engine.case``)."""
from __future__ import annotations

from indexer.settings import Settings, Theme

from .presenters import as_list


def themes_for_case(settings: Settings, slug: str, record: dict | None = None) -> list[Theme]:
    """The themes a case illustrates: it is their example, or it fits their search. A theme
    whose search has no filter (it would fit every case) counts only through its example."""
    def fits(theme: Theme) -> bool:
        if record is None or not theme.search:
            return False
        return all(set(values) & set(as_list(record.get(facet))) for facet, values in theme.search.items())

    return [theme for theme in settings.themes.values() if theme.example_case == slug or fits(theme)]
