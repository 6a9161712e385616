"""A project's planned saving beside the model's P10-P90 for the levers it delivers (the scenarios app's
stored run summary and waterfall; the rule is careshift.analysis.programme.model_range)."""

from __future__ import annotations

from careshift.analysis.programme import model_range
from careshift.apps.programme.models import Project


def checks_for(project: Project, plan_by_year: dict[int, float]) -> tuple[list[model_range.RangeCheck], str]:
    """The range checks for the project's linked levers, and a sentence saying where they come from
    (or why there are none)."""
    if project.scenario is None or not project.levers:
        return [], "Link this project to a scenario's levers to see the model's range beside the plan."
    from careshift.apps.scenarios.models import RunSummaryRow, RunWaterfallRow

    run = project.scenario.runs.latest_succeeded()
    if run is None:
        return [], f"Scenario '{project.scenario.name}' has no finished run yet."
    effects = dict(
        RunWaterfallRow.objects.filter(run=run, locality="county", setting="all", measure="cost").values_list(
            "step", "value"
        )
    )
    unknown = sorted(set(project.levers) - set(effects))
    share = model_range.lever_share(
        {
            k: v
            for k, v in effects.items()
            if k not in ("baseline", "final", "demography", "non_demographic_growth")
        },
        project.levers,
    )
    rows = RunSummaryRow.objects.filter(
        run=run, locality="county", setting="all", measure="savings_vs_do_nothing"
    )
    model = {r.year: (r.p10, r.p50, r.p90) for r in rows}
    checks = model_range.compare(plan_by_year, model, share)
    note = (
        f"Run {run.pk} of '{project.scenario.name}': the linked levers ({', '.join(project.levers)}) make "
        f"{share:.0%} of its levers' cost reduction in the horizon year; the range is that share of the "
        "scenario's P10-P90 saving against doing nothing (model calendar year beside the financial year "
        "starting in it)."
    )
    if unknown:
        note += f" Not in the scenario: {', '.join(unknown)}."
    return checks, note
