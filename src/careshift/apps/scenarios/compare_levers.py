"""The levers and assumptions of compared runs side by side: each lever in words (what, size, cohort,
timing, conversion, cost, evidence) with a column per run, "—" where a run's scenario does not have the
lever; then each setting's capacity policy (the data pack's defaults where a scenario sets none), the
savings target and whether the numbers are illustrative.

Levers are matched by name and read from each **run's** scenario as it was run (``Run.spec``), so the
table describes the figures beside it even if the scenario has been edited since.
"""

from __future__ import annotations

from dataclasses import dataclass

from careshift.apps.scenarios.lever_words import (
    NONE,
    LeverWords,
    all_levers,
    pack_labels,
    policy_words,
    target_words,
)
from careshift.apps.scenarios.models import Run, Scenario

PACK_DEFAULT = "The data pack's defaults"
Row = tuple[str, list[str]]  # a label and one cell per run


@dataclass(frozen=True)
class LeverGroup:
    name: str
    rows: list[Row]


@dataclass(frozen=True)
class LeversSideBySide:
    columns: list[str]  # one per run: "Scenario (run 12)"
    levers: list[LeverGroup]
    assumptions: list[Row]


def _lever_group(name: str, found: list[LeverWords | None]) -> LeverGroup:
    labels = [label for label, _ in next(w for w in found if w is not None).rows()]
    cells = [[value for _, value in w.rows()] if w else [NONE] * len(labels) for w in found]
    return LeverGroup(name, [(label, [column[i] for column in cells]) for i, label in enumerate(labels)])


def side_by_side(runs: list[tuple[Scenario, Run]]) -> LeversSideBySide:
    """The levers and assumptions of each run, in the order of ``runs``."""
    labels = pack_labels()
    specs = [run.spec or {} for _, run in runs]
    by_run = [{w.name: w for w in all_levers(spec, labels)} for spec in specs]
    names = list(dict.fromkeys(name for levers in by_run for name in levers))
    groups = [_lever_group(name, [levers.get(name) for levers in by_run]) for name in names]
    policies = [policy_words(spec, labels) for spec in specs]
    settings = list(dict.fromkeys(code for policy in policies for code in policy))
    assumptions: list[Row] = [
        (f"Capacity policy: {setting}", [policy.get(setting, PACK_DEFAULT) for policy in policies])
        for setting in settings
    ]
    assumptions.append(("Savings target", [target_words(spec) for spec in specs]))
    assumptions.append(("Illustrative", ["Yes" if spec.get("illustrative") else "No" for spec in specs]))
    columns = [f"{scenario.name} (run {run.pk})" for scenario, run in runs]
    return LeversSideBySide(columns, groups, assumptions)
