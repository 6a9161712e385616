"""The headline panel in Chromium (issue 9, 'The answer first'): the samples' results page answers first,
beds are paired with the do-nothing run, an alert leads to its setting, the year selector and the
setting filter change the headline, and axe finds nothing serious in it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_accessibility_e2e import AXE_JS, CHARTS_SETTLED, FAILING_IMPACTS, RUN_AXE
from tests.e2e.test_scenario_flow import _synthetic_pack  # noqa: F401  (autouse fixture)


@pytest.fixture
def sample_runs(transactional_db: None) -> tuple[Any, Any]:
    """Both samples run (same seed and iterations, as `careshift serve` leaves them)."""
    from careshift.apps.jobs import worker
    from careshift.apps.scenarios import services
    from careshift.apps.scenarios.models import Run

    services.ensure_sample_scenarios(run=True, iterations=20)
    worker.run_forever(once=True)
    runs = {r.scenario.slug: r for r in Run.objects.select_related("scenario", "job")}
    assert all(r.status == "succeeded" for r in runs.values()), [r.error_message for r in runs.values()]
    return runs["care-closer-to-home"], runs["do-nothing"]


def test_the_results_page_answers_first(
    signed_in_page: Any, live_server: Any, sample_runs: tuple[Any, Any]
) -> None:
    closer, nothing = sample_runs
    page = signed_in_page("viewer")
    page.context.add_init_script(path=AXE_JS)
    page.goto(f"{live_server.url}/scenarios/runs/{closer.pk}/results/")
    panel = page.locator("#headline")
    assert panel.locator("h2").inner_text() == "The answer in 2040 (the horizon year)"
    top = page.evaluate("() => document.querySelector('#headline').getBoundingClientRect().top")
    assert top < page.evaluate("() => document.querySelector('#results-charts').getBoundingClientRect().top")
    beds = panel.locator("#headline-beds").inner_text()
    assert "beds needed in 2040" in beds and "8 in 10 runs" in beds
    assert f"paired with run {nothing.pk} of Do nothing" in beds
    savings = panel.locator("#headline-savings").inner_text()
    assert "the probability of meeting it is" in savings and "of 20 runs save at least the target" in savings
    page.wait_for_function(CHARTS_SETTLED)
    assert page.evaluate(RUN_AXE, list(FAILING_IMPACTS)) == []

    # its method link lands on the method page's section
    panel.locator("#headline-workforce a").click()
    page.wait_for_url("**/scenarios/method/#6-*")
    assert page.locator(f"[id='{page.url.split('#')[1]}']").count() == 1
    page.go_back()

    # an alert leads to the results for its setting
    alert = panel.locator(".careshift-headline-alert").first
    setting = alert.get_attribute("data-setting")
    alert.locator("a").click()
    page.wait_for_url(f"**setting={setting}*")
    assert page.input_value("#id_setting") == setting

    # the year selector shows another year, and the filters keep it
    page.select_option("#id_year", "2030")
    page.click("button:has-text('Show this year')")
    page.wait_for_url("**year=2030*")
    assert page.locator("#headline h2").inner_text() == "The answer in 2030"
    with page.expect_response(lambda r: "/results/" in r.url and r.request.headers.get("hx-request")):
        page.select_option("#id_setting", "acute_beds")
    page.wait_for_function("() => location.search.includes('setting=acute_beds')")
    assert "year=2030" in page.url
    assert page.locator("#headline h2").inner_text() == "The answer in 2030"
    assert page.locator("#headline-beds dt").inner_text() == "Acute beds: beds needed in 2030"
    assert page.evaluate(RUN_AXE, list(FAILING_IMPACTS)) == []
