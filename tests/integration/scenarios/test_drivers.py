"""The results page's 'What drives the spread': tornado charts from the run's own draws, and its CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from careshift.apps.scenarios import sensitivity


@pytest.fixture
def ranked_run(scenario: Any, run_scenario: Any) -> Any:
    run = run_scenario(scenario, iterations=60)
    assert run.status == "succeeded"
    return run


def test_a_run_with_too_few_iterations_says_so(viewer_client: Client, succeeded_run: Any) -> None:
    html = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/drivers/").content.decode()
    assert "needs at least 30" in html


def test_the_results_page_loads_the_drivers_panel(viewer_client: Client, succeeded_run: Any) -> None:
    page = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/results/").content.decode()
    assert f'hx-get="/scenarios/runs/{succeeded_run.pk}/drivers/"' in page


def test_the_drivers_rank_the_runs_inputs_per_measure(viewer_client: Client, ranked_run: Any) -> None:
    response = viewer_client.get(f"/scenarios/runs/{ranked_run.pk}/drivers/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    charts = response.context["charts"]
    assert {c.id for c in charts} >= {"drivers-cost", "drivers-acute_beds"}
    assert "What drives the spread of cost" in charts[0].title and "Care closer to home" in charts[0].title
    frame = sensitivity.table(ranked_run, int(ranked_run.spec["horizon_year"]))
    assert frame["rho"].abs().max() <= 1 and set(frame["measure"]) <= {"cost", "savings", "acute_beds"}
    full = viewer_client.get(f"/scenarios/runs/{ranked_run.pk}/drivers/?year=2030")
    assert "<html" in full.content.decode() and "in 2030" in full.content.decode()


def test_the_drivers_csv_has_readable_headers(viewer_client: Client, ranked_run: Any) -> None:
    response = viewer_client.get(f"/scenarios/runs/{ranked_run.pk}/drivers/?csv=cost")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and set(rows[0]) == {"Measure", "Uncertain input", "Stream", "Rank correlation"}


def test_a_bad_or_missing_year_is_explained(viewer_client: Client, ranked_run: Any) -> None:
    bad = viewer_client.get(f"/scenarios/runs/{ranked_run.pk}/drivers/?year=soon")
    assert bad.status_code == 400 and "is not a year" in bad.content.decode()
    missing = viewer_client.get(f"/scenarios/runs/{ranked_run.pk}/drivers/?year=1990")
    assert missing.status_code == 422 and "no results for 1990" in missing.content.decode()
