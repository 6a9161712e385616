"""Log in, open Places, see the map drawn, change its colouring through HTMX."""

from __future__ import annotations

from typing import Any


def test_places_map_renders_and_recolours(analyst_page: Any, live_server: Any) -> None:
    page = analyst_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.click("a.nhsuk-header__navigation-link:has-text('Places')")
    page.wait_for_url(f"{live_server.url}/places/")
    map_chart = page.locator("#places-map .careshift-chart[data-vega-state=rendered]")
    map_chart.wait_for(timeout=30_000)
    assert map_chart.locator("svg path").count() > 100  # small areas drawn as geoshapes
    assert page.locator("#places-pyramid .careshift-chart svg").count() >= 1
    page.select_option("#colour", "imd")
    page.locator(
        "#places-map .careshift-chart[data-vega-spec*='colour=imd'][data-vega-state=rendered]"
    ).wait_for(timeout=30_000)
    assert "IMD decile" in page.locator("#places-map").inner_text()
    assert errors == []
