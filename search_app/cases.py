"""The themes a case illustrates (cases themselves come from the engine: ``Engine.case``)."""
from __future__ import annotations

from indexer.settings import Settings, Theme


def themes_for_case(settings: Settings, slug: str, record: dict | None = None) -> list[Theme]:
    """The themes whose editors chose this case as an example (``themes.<slug>.examples``).
    A case that merely fits a theme's "more examples" search is not called its example."""
    return [theme for theme in settings.themes.values() if slug in theme.examples]
