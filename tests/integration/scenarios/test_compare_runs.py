"""A comparison names the runs it uses (issue 9): runs asked for in the address, else each scenario's
pinned run, else its latest finished run; the page lists them, and a link to it keeps showing them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.scenarios import pinning, services
from careshift.apps.scenarios.models import Run

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(succeeded_run: Run, run_scenario: Callable[..., Any]) -> tuple[Run, Run]:
    from careshift.model.scenario import sample_scenarios

    nothing = services.create_scenario(
        None, name="Do nothing", spec=sample_scenarios()["do-nothing"].model_dump(mode="json")
    )
    return run_scenario(nothing), succeeded_run


def _query(*runs: Run, **extra: str) -> dict[str, Any]:
    slugs = [run.scenario.slug for run in runs]
    return {"scenarios": slugs, "order": ",".join(slugs), "measure": "cost", **extra}


def test_an_agreed_scenario_is_compared_through_its_pinned_run_after_a_rerun(
    viewer_client: Client, two: tuple[Run, Run], run_scenario: Callable[..., Any]
) -> None:
    nothing, care = two
    pinning.pin_run(None, care.scenario, care, reason="agreed")
    rerun = run_scenario(care.scenario)
    newer_nothing = run_scenario(nothing.scenario)
    response = viewer_client.get("/scenarios/compare/", _query(nothing, care))
    comparison = response.context["comparison"]
    assert [(s.name, r.pk) for s, r in comparison.runs] == [
        ("Do nothing", newer_nothing.pk),  # a draft: its latest finished run
        ("Care closer to home", care.pk),  # agreed: the pinned run, not the rerun
    ]
    assert rerun.pk not in [r.pk for _, r in comparison.runs]
    html = response.content.decode()
    assert 'id="compare-runs"' in html
    assert f'href="/scenarios/runs/{care.pk}/results/">Run {care.pk}</a>' in html
    assert "Pinned (agreed scenario)" in html and "Latest finished (draft)" in html
    assert f'<td class="nhsuk-table__cell">{care.seed}</td>' in html


def test_runs_named_in_the_address_are_used_and_the_link_keeps_them(
    viewer_client: Client, two: tuple[Run, Run], run_scenario: Callable[..., Any]
) -> None:
    nothing, care = two
    later = run_scenario(care.scenario)
    response = viewer_client.get("/scenarios/compare/", _query(nothing, care, runs=str(care.pk)))
    comparison = response.context["comparison"]
    assert [r.pk for _, r in comparison.runs] == [nothing.pk, care.pk]  # not the later run
    assert comparison.why[care.pk] == "chosen" and later.pk
    link = comparison.permalink
    assert f"runs={nothing.pk}%2C{care.pk}" in link

    run_scenario(nothing.scenario)  # more runs later: the link still shows the same two
    again = viewer_client.get(link).context["comparison"]
    assert [r.pk for _, r in again.runs] == [nothing.pk, care.pk]
    assert again.rows == comparison.rows


@pytest.mark.parametrize(
    ("runs", "message"),
    [
        ("abc", "Give run numbers separated by commas"),
        ("999999", "There is no run number 999999"),
    ],
)
def test_a_bad_run_number_is_explained_beside_the_field(
    viewer_client: Client, two: tuple[Run, Run], runs: str, message: str
) -> None:
    response = viewer_client.get("/scenarios/compare/", _query(*two, runs=runs))
    assert response.context["comparison"] is None
    assert message in response.context["form"].errors["runs"][0]
    assert 'id="id_runs-error"' in response.content.decode()


def test_a_run_must_be_finished_and_of_a_ticked_scenario(
    viewer_client: Client, two: tuple[Run, Run], sample_spec: dict[str, Any], run_scenario: Callable[..., Any]
) -> None:
    care = two[1]

    def error(runs: str) -> str:
        return str(
            viewer_client.get("/scenarios/compare/", _query(*two, runs=runs))
            .context["form"]
            .errors["runs"][0]
        )

    queued = services.start_run(None, care.scenario, iterations=2, seed=1)
    assert "has no results: it is queued" in error(str(queued.pk))
    other = run_scenario(services.create_scenario(None, name="Other", spec=sample_spec))
    assert "tick its scenario too" in error(str(other.pk))
    second = run_scenario(care.scenario)
    assert "name one run per scenario" in error(f"{care.pk},{second.pk}")
