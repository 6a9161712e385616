"""Comparisons that stay put, in Chromium (issue 9): a programme lead marks a sample agreed with its run
pinned; a later rerun does not move what the comparison shows; the comparison is saved as a named view,
listed with its link, and opening the link brings back the same comparison; axe finds nothing serious."""

from __future__ import annotations

from typing import Any

from tests.e2e.test_accessibility_e2e import AXE_JS, CHARTS_SETTLED, FAILING_IMPACTS, RUN_AXE
from tests.e2e.test_headline_e2e import sample_runs  # noqa: F401  (fixture)
from tests.e2e.test_scenario_flow import _synthetic_pack  # noqa: F401  (autouse fixture)


def _rerun(scenario: Any) -> Any:
    from careshift.apps.jobs import worker
    from careshift.apps.scenarios import services

    run = services.start_run(None, scenario, iterations=20, seed=3)
    worker.run_forever(once=True)
    run.refresh_from_db()
    assert run.status == "succeeded", run.error_message
    return run


def test_a_pinned_comparison_survives_a_rerun_and_a_saved_view_brings_it_back(
    signed_in_page: Any,
    live_server: Any,
    sample_runs: tuple[Any, Any],  # noqa: F811
) -> None:
    closer, nothing = sample_runs
    url = live_server.url
    page = signed_in_page("programme_lead")
    page.context.add_init_script(path=AXE_JS)

    page.goto(f"{url}/scenarios/{closer.scenario.slug}/")
    page.click("summary:has-text('Mark as agreed and pin a run')")
    page.select_option("#id_run", str(closer.pk))
    page.fill("#id_reason", "Agreed at the December board")
    page.click("button:has-text('Mark as agreed')")
    page.locator("#pinning-heading:has-text('Agreed')").wait_for()
    assert f"run {closer.pk}" in page.inner_text("#quoted-run") and "pinned" in page.inner_text("#quoted-run")

    later = _rerun(closer.scenario)  # someone runs it again: the agreed figures must not move
    assert later.pk != closer.pk

    query = f"scenarios={nothing.scenario.slug}&scenarios={closer.scenario.slug}&measure=cost&setting=all"
    page.goto(f"{url}/scenarios/compare/?{query}")
    runs_used = page.locator("#compare-runs")
    row = runs_used.locator("tr", has_text=closer.scenario.name)
    assert f"Run {closer.pk}" in row.inner_text() and "Pinned (agreed scenario)" in row.inner_text()
    assert f"Run {later.pk}" not in runs_used.inner_text()
    page.wait_for_function(CHARTS_SETTLED)
    assert page.evaluate(RUN_AXE, list(FAILING_IMPACTS)) == []
    compared = page.url

    page.click("summary:has-text('Save this view')")
    page.fill("#id_save_view_name", "Cost: agreed option against doing nothing")
    page.click("button:has-text('Save view')")
    page.wait_for_url(compared)
    message = page.locator("main").inner_text()
    assert "Saved as 'Cost: agreed option against doing nothing'" in message
    assert "/scenarios/views/" in message

    page.goto(f"{url}/scenarios/")
    page.click("#saved-views ~ table a:has-text('Cost: agreed option against doing nothing')")
    page.wait_for_url(compared)
    assert f"Run {closer.pk}" in page.locator("#compare-runs").inner_text()
