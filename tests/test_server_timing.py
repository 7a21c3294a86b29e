"""The Server-Timing header: where a search's time went, per request, for browsers' dev tools."""
from __future__ import annotations

import pytest


def timings(response) -> dict[str, float]:
    parts = [p.strip().split(";dur=") for p in response.headers["Server-Timing"].split(",")]
    return {name: float(ms) for name, ms in parts}


@pytest.mark.parametrize("url", ["/api/search?q=restskat", "/?q=restskat&sector=stat"])
def test_a_search_reports_each_step_and_the_total(shared_client, url):
    found = timings(shared_client.get(url))
    assert {"search", "snippets", "facets", "suggest", "total"} <= set(found)
    assert all(ms >= 0 for ms in found.values())
    steps = found["search"] + found["snippets"] + found["facets"] + found["suggest"]
    assert steps <= found["total"] + 0.2  # the steps happen within the request (rounding aside)


def test_the_page_reports_its_rendering(shared_client):
    found = timings(shared_client.get("/?q=restskat"))
    assert "render" in found
    assert found["render"] <= found["total"] + 0.1
