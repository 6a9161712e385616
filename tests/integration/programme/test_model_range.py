"""A project linked to a scenario's levers shows the model's P10-P90 saving for those levers beside its
ledger plan, year by year, and flags a plan outside the range (from the stored run rows)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from careshift.analysis.programme import savings
from careshift.apps.jobs.models import Job
from careshift.apps.scenarios import services as scenario_services
from careshift.apps.scenarios.models import Run, RunSummaryRow, RunWaterfallRow
from careshift.model.scenario import sample_scenarios
from tests.integration.programme.conftest import TODAY, Small


def _finished_run(scenario: Any, year: int) -> Run:
    job = Job.objects.create(kind="scenario.run", status="succeeded", finished_at=timezone.now())
    run = Run.objects.create(scenario=scenario, job=job, spec=scenario.spec, iterations=10, seed=1)
    steps = [("baseline", 100.0), ("Virtual wards", -30.0), ("Hubs", -10.0), ("final", 60.0)]
    RunWaterfallRow.objects.bulk_create(
        RunWaterfallRow(
            run=run, locality="county", setting="all", measure="cost", position=k, step=s, value=v
        )
        for k, (s, v) in enumerate(steps)
    )
    # the model year equal to the plan's financial year, and the next: the levers are 75% of the reduction
    RunSummaryRow.objects.bulk_create(
        RunSummaryRow(
            run=run,
            year=y,
            locality="county",
            setting="all",
            measure="savings_vs_do_nothing",
            p10=a,
            p50=b,
            p90=c,
        )
        for y, (a, b, c) in ((year, (80_000, 160_000, 320_000)), (year + 1, (400_000, 800_000, 1_200_000)))
    )
    return run


def test_the_plan_beside_the_model_range_with_a_plan_outside_flagged(
    small: Small, viewer_client: Client
) -> None:
    spec = sample_scenarios()["care-closer-to-home"].model_dump(mode="json")
    scenario = scenario_services.create_scenario(None, name="Linked", spec=spec)
    url = f"/programme/projects/{small.project.pk}/"
    small.project.scenario, small.project.levers = scenario, ["Virtual wards"]
    small.project.save()
    assert "has no finished run yet" in viewer_client.get(url).content.decode()

    year = savings.financial_year(TODAY)
    _finished_run(scenario, year)
    html = viewer_client.get(url).content.decode()
    # plan £120,000 this year; model 75% of 80k-320k = £60,000 to £240,000: within, not flagged
    assert f"{savings.fy_label(year)}: plan £120,000, model £60,000 to £240,000 — within the model" in html
    assert 'nhsuk-tag--red">' not in html.split("The model's range")[1].split("Benefits register")[0]
    # the model now says at most 75% of 120k: the plan is above its P90, flagged
    RunSummaryRow.objects.filter(year=year).update(p10=40_000, p50=80_000, p90=120_000)
    html = viewer_client.get(url).content.decode()
    assert f"{savings.fy_label(year)}: plan £120,000, model £30,000 to £90,000" in html
    assert 'nhsuk-tag--red">above the model' in html
    assert "make 75% of its levers&#x27; cost reduction" in html

    csv = viewer_client.get(f"/programme/projects/{small.project.pk}/chart/model-range.csv")
    assert csv.status_code == 200 and "above the model" in csv.content.decode()
