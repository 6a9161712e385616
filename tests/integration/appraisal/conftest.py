"""Fixtures for the appraisal app: the demonstration appraisal with finished runs behind its options."""

from __future__ import annotations

from typing import Any

import pytest

# Medians at 2040 for the county: (cost, savings vs do nothing, acute beds for the risk target, p turned
# away, WTE). Written as rows so the tests do not depend on the engine's numbers.
MEDIANS = {
    "do-nothing": (1.60e9, 0.0, 1300.0, 0.05, 20000.0),
    "care-closer-to-home": (1.52e9, 4.1e7, 1200.0, 0.04, 20400.0),
}
MEASURES = (
    ("cost", "all"),
    ("savings_vs_do_nothing", "all"),
    ("beds_for_risk", "acute_beds"),
    ("p_turned_away", "acute_beds"),
    ("wte_total", "all"),
)


def _finished_run(scenario: Any, values: tuple[float, ...]) -> Any:
    from django.utils import timezone

    from careshift.apps.jobs.models import Job
    from careshift.apps.scenarios.models import Run, RunSummaryRow

    job = Job.objects.create(kind="scenario.run", status="succeeded", finished_at=timezone.now())
    run = Run.objects.create(job=job, scenario=scenario, spec=scenario.spec, iterations=100, seed=1)
    RunSummaryRow.objects.bulk_create(
        RunSummaryRow(
            run=run,
            year=2040,
            locality="county",
            setting=setting,
            measure=measure,
            p10=v * 0.9,
            p50=v,
            p90=v * 1.1,
        )
        for (measure, setting), v in zip(MEASURES, values, strict=True)
    )
    return run


@pytest.fixture
def demo(db: None, user_factory: Any) -> Any:
    from careshift.apps.appraisal import demo as demo_data
    from careshift.apps.appraisal.models import Appraisal
    from careshift.apps.scenarios import services
    from careshift.model.scenario import sample_scenarios

    user_factory("administrator", username="admin")
    for slug, spec in sample_scenarios().items():
        scenario = services.create_scenario(
            None, name=spec.name, spec=spec.model_dump(mode="json"), slug=slug
        )
        _finished_run(scenario, MEDIANS[slug])
    demo_data.load()
    return Appraisal.objects.get(slug="community-services-options")
