"""Compare shows the levers side by side as well as the results, and ranges rounded to what the precision
supports, never "-0 to -0" (issue 9); the scenario page shows every lever in words."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.scenarios import services
from careshift.apps.scenarios.models import Run

pytestmark = pytest.mark.django_db

NEGATIVE_ZERO = re.compile(r"[-\u2212]£?0+(?:[.,]0+)*(?![.,]?\d)")


@pytest.fixture
def two(succeeded_run: Run, run_scenario: Callable[..., Any]) -> tuple[Run, Run]:
    from careshift.model.scenario import sample_scenarios

    nothing = services.create_scenario(
        None, name="Do nothing", spec=sample_scenarios()["do-nothing"].model_dump(mode="json")
    )
    return run_scenario(nothing), succeeded_run


def _compare(client: Client, *runs: Run, **extra: str) -> Any:
    slugs = [run.scenario.slug for run in runs]
    query = {"scenarios": slugs, "order": ",".join(slugs), "measure": "cost", "setting": "all", **extra}
    return client.get("/scenarios/compare/", query)


def _rows(side: Any, lever: str) -> dict[str, list[str]]:
    return dict(next(group for group in side.levers if group.name == lever).rows)


def test_compare_shows_each_lever_in_words_side_by_side(viewer_client: Client, two: tuple[Run, Run]) -> None:
    nothing, care = two
    response = _compare(viewer_client, nothing, care)
    side = response.context["comparison"].levers
    assert side.columns == [f"Do nothing (run {nothing.pk})", f"Care closer to home (run {care.pk})"]
    names = [group.name for group in side.levers]
    assert (
        names[:2] == ["Prevention for over-65s", "Virtual wards"] and "20 more reablement packages" in names
    )
    wards = _rows(side, "Virtual wards")
    assert list(wards) == ["What", "Size", "Cohort", "Timing", "Conversion", "Cost", "Evidence"]
    assert wards["Size"] == ["—", "5% to 12% of the cohort"]  # do-nothing has no such lever
    assert wards["Timing"][1] == "From 2026, full effect by 2029"
    assert wards["Cost"][1] == "£2m one-off"
    assert wards["Conversion"][1].startswith("0.8 to 1 units of ")
    assert "ages 65+" in wards["Cohort"][1] and "NHS England (2022)" in wards["Evidence"][1]
    assert _rows(side, "Shorter acute stays")["Size"][1] == "Stays 5% to 15% shorter"
    assumptions = dict(side.assumptions)
    assert assumptions["Savings target"] == ["None set", "£10m by 2027, £30m by 2030, £50m by 2035"]
    policy = next(cells for label, cells in side.assumptions if label.startswith("Capacity policy: "))
    assert policy[1].startswith("Plan at 92% occupancy; at most a 5% risk")
    assert assumptions["Illustrative"][1] == "Yes"
    html = response.content.decode()
    assert 'id="compare-levers"' in html and "Lever: Virtual wards" in html
    assert '<th scope="row" class="nhsuk-table__header">Conversion</th>' in html


def test_the_levers_are_those_the_run_used_not_a_later_edit(
    viewer_client: Client, two: tuple[Run, Run]
) -> None:
    nothing, care = two
    before = care.scenario.spec
    kept = {"Prevention for over-65s", "Faster care-home assessments"}
    finance = {
        **before["finance"],
        "implementation_cost": {
            k: v for k, v in before["finance"]["implementation_cost"].items() if k in kept
        },
    }
    spec = {**before, "levers": before["levers"][:1], "finance": finance}
    services.update_scenario(None, care.scenario, name=care.scenario.name, description="", spec=spec)
    care.scenario.refresh_from_db()
    assert "Virtual wards" not in [lever["name"] for lever in care.scenario.spec["levers"]]
    side = _compare(viewer_client, nothing, care).context["comparison"].levers
    assert "Virtual wards" in [group.name for group in side.levers]  # still in the run's spec


def test_compare_ranges_are_rounded_and_never_negative_zero(
    viewer_client: Client, two: tuple[Run, Run]
) -> None:
    nothing, care = two
    for measure, setting in (("cost", "all"), ("activity", "acute_beds"), ("savings_vs_do_nothing", "all")):
        comparison = _compare(viewer_client, nothing, care, measure=measure, setting=setting).context[
            "comparison"
        ]
        cells = [cell for row in comparison.rows for cell in row[2:]]
        assert cells and not [c for c in cells if NEGATIVE_ZERO.search(c) or "-" in c], cells
        if measure == "cost":
            assert all(c.startswith(("£", "\u2212£")) for c in cells if c and c[0] != "(" and "%" not in c)
            assert not [c for c in cells if re.search(r"\d{4,}", c.replace(",", ""))]  # £38m, not 38,234,567


def test_the_scenario_page_shows_every_lever_in_words(viewer_client: Client, scenario: Any) -> None:
    html = viewer_client.get(scenario.get_absolute_url()).content.decode()
    assert ">Virtual wards</h3>" in html and "5% to 12% of the cohort" in html
    assert "Unplanned admission; ages 65+; both sexes; all localities" in html  # its cohort
    assert "From 2026, full effect by 2029" in html  # its timing
    assert "0.8 to 1 units of Virtual ward admission per unit moved" in html  # its conversion
    assert "£500k one-off, £1.5m a year" in html  # the lever's implementation cost
    assert '<a href="https://www.england.nhs.uk/virtual-wards/">' in html  # evidence with its link
    assert "Add downstream places on pathway 1" in html  # discharge levers too
    assert 'id="scenario-policy"' in html and "Plan at 92% occupancy" in html
    assert "£10m by 2027, £30m by 2030, £50m by 2035" in html


def test_the_lever_words_doctests_hold() -> None:
    import doctest

    from careshift.apps.scenarios import lever_words

    assert doctest.testmod(lever_words).attempted and not doctest.testmod(lever_words).failed
