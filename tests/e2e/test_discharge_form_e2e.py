"""The scenario form's "Flow out of hospital" in headless Chromium: a discharge lever added by HTMX, its
kind's boxes shown and the other kind's hidden, its summary kept up to date, axe clean with the rows open
and with an error shown, and the save reaching the stored scenario."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_accessibility_e2e import AXE_JS, FAILING_IMPACTS, RUN_AXE
from tests.e2e.test_scenario_flow import _synthetic_pack  # noqa: F401  (autouse fixture)


@pytest.fixture
def plan(transactional_db: None) -> Any:
    """An editable copy of the care-closer-to-home sample (two discharge levers, one of each kind)."""
    from careshift.apps.scenarios import services
    from careshift.model.scenario import sample_scenarios

    spec = sample_scenarios()["care-closer-to-home"].model_dump(mode="json")
    return services.create_scenario(None, name="Flow plan", spec=spec)


def _axe(page: Any) -> list[dict[str, Any]]:
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE, list(FAILING_IMPACTS))
    return violations


def test_a_discharge_lever_is_added_checked_and_saved_in_the_browser(
    analyst_page: Any, live_server: Any, plan: Any
) -> None:
    page = analyst_page
    page.context.add_init_script(path=AXE_JS)
    page.goto(f"{live_server.url}/scenarios/{plan.slug}/edit/")
    first = page.locator("#discharge-lever-0 [data-lever-summary]")
    assert first.inner_text() == (
        "Discharge lever 1: 20 more reablement packages — add places, 15–25 places, P1 home with support"
    )
    page.click("#add-discharge-lever")
    page.locator("#id_discharge-2-name").wait_for()
    assert page.input_value("#id_discharge-TOTAL_FORMS") == "3"
    assert page.evaluate("document.activeElement.id") == "id_discharge-2-name"
    page.fill("#id_discharge-2-name", "Quicker home")
    page.select_option("#id_discharge-2-kind", "faster_discharge")
    page.select_option("#id_discharge-2-pathway", "p0")
    row = page.locator("#discharge-lever-2")
    assert row.locator('[data-kinds="add_capacity"]').is_hidden()
    page.fill("#id_discharge-2-los_change_low", "-30")
    page.fill("#id_discharge-2-los_change_high", "-10")
    page.fill("#id_discharge-2-start_year", "2026")
    page.fill("#id_discharge-2-full_effect_year", "2028")
    summary = row.locator("[data-lever-summary]").inner_text()
    assert (
        summary
        == "Discharge lever 3: Quicker home — faster discharge, −30% to −10% stay, P0 home (internal waits)"
    )
    assert _axe(page) == []

    page.click("#discharge-lever-0 summary")  # saved levers start closed
    page.fill("#id_discharge-0-places_low", "40")  # more than its high (25): refused beside the field
    page.click("button[type=submit]:has-text('Save scenario')")
    page.locator("#id_discharge-0-places_low-error").wait_for()
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert page.input_value("#id_discharge-2-name") == "Quicker home"  # kept
    assert _axe(page) == []

    page.fill("#id_discharge-0-places_low", "15")
    page.click("button[type=submit]:has-text('Save scenario')")
    page.wait_for_url(f"{live_server.url}/scenarios/{plan.slug}/")
    plan.refresh_from_db()
    added = plan.spec["discharge"]["levers"][2]
    assert added["name"] == "Quicker home" and added["pathway"] == "p0"
    assert added["los_change"] == {"low": -0.3, "high": -0.1, "coverage": 0.8, "shape": "normal"}
