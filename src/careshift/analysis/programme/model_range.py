"""A project's planned saving beside the system model's P10-P90 for the levers it delivers.

The scenarios app stores, per run, the P10/P50/P90 of ``savings_vs_do_nothing`` by year for the whole
scenario, and the horizon year's waterfall (each lever's effect on cost in the central run). A project
linked to some of the scenario's levers is credited with their share of the levers' total cost effect
(:func:`lever_share`), and its model range for a year is that share of the scenario's P10-P90. This is an
approximation: it assumes the linked levers' share of the saving is the same in every year and every
iteration as in the central run's horizon year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def lever_share(lever_effects: Mapping[str, float], linked: Iterable[str]) -> float:
    """The linked levers' share (0-1) of all levers' cost reductions (effects are changes in cost)."""
    savings = {name: max(-effect, 0.0) for name, effect in lever_effects.items()}
    total = sum(savings.values())
    if total <= 0:
        return 0.0
    return sum(savings.get(name, 0.0) for name in set(linked)) / total


@dataclass(frozen=True)
class RangeCheck:
    year: int
    plan: float
    p10: float
    p50: float
    p90: float

    @property
    def outside(self) -> bool:
        return not (self.p10 <= self.plan <= self.p90)

    @property
    def verdict(self) -> str:
        if self.plan < self.p10:
            return "below the model's P10"
        if self.plan > self.p90:
            return "above the model's P90"
        return "within the model's range"


def compare(
    plan_by_year: Mapping[int, float], model_by_year: Mapping[int, tuple[float, float, float]], share: float
) -> list[RangeCheck]:
    """One check per year that has both a plan and a model figure (the model scaled by ``share``)."""
    checks = []
    for year in sorted(set(plan_by_year) & set(model_by_year)):
        p10, p50, p90 = (share * v for v in model_by_year[year])
        checks.append(RangeCheck(year, plan_by_year[year], min(p10, p90), p50, max(p10, p90)))
    return checks
