"""Faults found by trying the workbench as a new planning analyst (issue 9), each reproduced through the
Django test client before it was fixed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.scenarios.models import Scenario
from tests.integration.scenarios.test_forms import form_data

pytestmark = pytest.mark.django_db


def _edit(client: Client, scenario: Scenario, **changes: Any) -> Any:
    return client.post(f"/scenarios/{scenario.slug}/edit/", form_data(scenario.spec, **changes))


def test_a_wrong_capacity_value_is_shown_beside_its_field_and_keeps_what_was_typed(
    analyst_client: Client, scenario: Scenario
) -> None:
    response = _edit(
        analyst_client,
        scenario,
        name="Kept name",
        **{"capacity-acute_beds__max_turn_away_risk": "150", "capacity-acute_beds__planned_beds": "-3"},
    )
    assert response.status_code == 200  # was a 500: the error class was added to a field with no class
    html = response.content.decode()
    editor = response.context["editor"]
    assert "acute_beds__max_turn_away_risk" in editor.capacity.errors
    assert "acute_beds__planned_beds" in editor.capacity.errors
    assert 'id="id_capacity-acute_beds__max_turn_away_risk-error"' in html
    assert 'value="Kept name"' in html and 'value="150"' in html and 'value="-3"' in html
    assert Scenario.objects.get(pk=scenario.pk).name == "Care closer to home"


def test_target_occupancy_typed_as_a_percentage_is_taken_as_one(
    analyst_client: Client, scenario: Scenario
) -> None:
    response = _edit(analyst_client, scenario, **{"capacity-acute_beds__target_occupancy": "92"})
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = Scenario.objects.get(pk=scenario.pk).spec["capacity"]["acute_beds"]
    assert policy["target_occupancy"] == pytest.approx(0.92)
    page = analyst_client.get(f"/scenarios/{scenario.slug}/edit/").content.decode()
    assert 'name="capacity-acute_beds__target_occupancy" value="92"' in page  # shown as typed


def test_target_occupancy_typed_as_a_fraction_is_explained_beside_the_field(
    analyst_client: Client, scenario: Scenario
) -> None:
    response = _edit(analyst_client, scenario, **{"capacity-acute_beds__target_occupancy": "0.92"})
    assert response.status_code == 200
    error = response.context["editor"].capacity.errors["acute_beds__target_occupancy"][0]
    assert "percentage" in error and "Type 92 for 92%" in error
    assert 'value="0.92"' in response.content.decode()


@pytest.fixture
def two_runs(succeeded_run: Any, run_scenario: Callable[..., Any]) -> tuple[Any, Any]:
    """'Care closer to home' and 'Do nothing', each with a finished run of the same seed."""
    from careshift.apps.scenarios import services
    from careshift.model.scenario import sample_scenarios

    nothing = services.create_scenario(
        None, name="Do nothing", spec=sample_scenarios()["do-nothing"].model_dump(mode="json")
    )
    return succeeded_run, run_scenario(nothing)


def test_compare_takes_the_first_ticked_scenario_as_the_reference(
    viewer_client: Client, two_runs: tuple[Any, Any]
) -> None:
    care, nothing = two_runs
    # a browser sends ticked boxes in page (alphabetical) order; the page's script records the ticking
    # order in the hidden "order" field: Do nothing was ticked first
    query = {
        "scenarios": [care.scenario.slug, nothing.scenario.slug],
        "order": f"{nothing.scenario.slug},{care.scenario.slug}",
        "measure": "cost",
        "setting": "all",
        "locality": "county",
    }
    response = viewer_client.get("/scenarios/compare/", query)
    comparison = response.context["comparison"]
    assert [s.name for s, _run in comparison.runs] == ["Do nothing", "Care closer to home"]
    assert "Differences from Do nothing" in response.content.decode()
    html = viewer_client.get("/scenarios/compare/").content.decode()
    assert 'name="order"' in html and "scenarios/compare.js" in html


def test_compare_defaults_give_results(viewer_client: Client, two_runs: tuple[Any, Any]) -> None:
    care, nothing = two_runs
    form = viewer_client.get("/scenarios/compare/").context["form"]
    # what a browser submits untouched: each select's initial value, else its first option
    defaults = {
        name: form[name].value() or form.fields[name].choices[0][0]
        for name in ("measure", "setting", "locality")
    }
    slugs = [nothing.scenario.slug, care.scenario.slug]
    response = viewer_client.get("/scenarios/compare/", {"scenarios": slugs, **defaults})
    assert response.context["comparison"].spec is not None, defaults
    assert "has results for this measure" not in response.content.decode()


def test_compare_of_a_per_setting_measure_over_all_settings_shows_a_setting_and_says_which(
    viewer_client: Client, two_runs: tuple[Any, Any]
) -> None:
    care, nothing = two_runs
    query = {"scenarios": [nothing.scenario.slug, care.scenario.slug], "measure": "activity"}
    response = viewer_client.get("/scenarios/compare/", {**query, "setting": "all", "locality": "county"})
    comparison = response.context["comparison"]
    assert comparison.spec is not None and comparison.setting_used == "acute_beds"
    assert "Activity is counted per setting" in response.content.decode()


def test_the_form_and_the_method_say_the_same_about_blank_planned_beds(analyst_client: Client) -> None:
    from pathlib import Path

    html = analyst_client.get("/scenarios/new/").content.decode()
    assert "the beds the model needs" not in html
    assert "blank for today&#x27;s beds (the published bed stock" in html
    method = (Path(__file__).parents[3] / "docs/background/method.md").read_text()
    assert "else **today's beds**:\n  the published bed stock" in method


def test_the_beds_chart_shows_planned_and_mean_occupied_beds(
    viewer_client: Client, succeeded_run: Any
) -> None:
    from careshift.apps.scenarios.models import RunSummaryRow

    response = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/results/", {"setting": "acute_beds"})
    beds = next(p for p in response.context["panels"]() if p.key == "beds")
    measures = {row[1] for row in beds.rows}
    assert {"Planned beds", "Mean occupied beds", "Beds at target occupancy"} <= measures
    row = RunSummaryRow.objects.get(
        run=succeeded_run, locality="county", setting="acute_beds", measure="occupancy", year=2030
    )
    load = RunSummaryRow.objects.get(
        run=succeeded_run, locality="county", setting="acute_beds", measure="mean_occupied_beds", year=2030
    )
    planned = next(r for r in beds.rows if r[0] == "2030" and r[1] == "Planned beds")
    assert planned[3] == f"{round(load.p50 / row.p50):,}"
    assert load.p90 / row.p90 == pytest.approx(load.p50 / row.p50)  # the same beds at every quantile
