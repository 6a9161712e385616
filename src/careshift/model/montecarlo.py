"""The run-parameter table: every random draw of a Monte Carlo run, made up front from one master seed.

Row ``i`` holds iteration ``i``'s projection variant, annual non-demographic growth rate per activity,
each lever's value (share, growth or LOS change) and conversion, and the multipliers of the data pack's
own assumptions (``careshift.model.assumptions``): activity rate, LOS and unit cost per activity, bed-day
cost per setting. Row 0 is the central case: every distribution at its central value (``Interval``: the
median; ``Triangular``: the mode; every pack multiplier 1).

Within a block the draws are made in that order, the multipliers last, so switching the pack's
assumptions on or off (``uncertainty.assumptions``) leaves every other draw unchanged.

Rows are drawn in fixed blocks of ``BLOCK`` iterations; block ``b`` uses its own generator
``numpy.random.default_rng(SeedSequence(seed, spawn_key=(b,)))``. So the first ``n`` rows are the same
whatever the total number of iterations, and the engine, which only slices this table, gives the same
numbers whatever the chunk size, the number of workers or the order chunks finish in (the practice of
the NHP model's ``generate_run_params``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from careshift.datapack.pack import DataPack
from careshift.model.assumptions import assumption_distributions
from careshift.model.distributions import Distribution, Fixed
from careshift.model.scenario import Lever, Scenario, to_distribution

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BLOCK = 1024
_LIMITS = {"avoid": (0.0, 1.0), "shift": (0.0, 1.0), "growth": (-1.0, np.inf), "efficiency": (-1.0, np.inf)}


@dataclass(frozen=True)
class RunParams:
    """Per-iteration parameters: ``variant[i]``, ``growth[i, activity]``, ``lever_value[i, lever]``,
    ``lever_conversion[i, lever]``, and the pack multipliers ``rate[i, activity]``, ``los[i, activity]``,
    ``unit_cost[i, activity]``, ``bed_day_cost[i, setting]``."""

    variant: IntArray
    growth: FloatArray
    lever_value: FloatArray
    lever_conversion: FloatArray
    rate: FloatArray
    los: FloatArray
    unit_cost: FloatArray
    bed_day_cost: FloatArray

    def __len__(self) -> int:
        return len(self.variant)

    def rows(self, start: int, stop: int) -> RunParams:
        return RunParams(
            *(getattr(self, f.name)[start:stop] for f in fields(self))  # type: ignore[arg-type]
        )


def growth_distributions(scenario: Scenario, pack: DataPack) -> list[Distribution]:
    """Annual non-demographic growth per activity (``'*'`` for unlisted activities, else 0)."""
    table = scenario.non_demographic_growth
    default = to_distribution(table["*"]) if "*" in table else Fixed(0.0)
    return [to_distribution(table[a.code]) if a.code in table else default for a in pack.activities]


def _lever_value(lever: Lever) -> Distribution:
    value = lever.los_change if lever.kind == "efficiency" else lever.share
    return to_distribution(value if value is not None else 0.0)


def _columns(scenario: Scenario, pack: DataPack) -> list[list[Distribution]]:
    """The table's columns in drawing order: scenario draws, then the pack's multipliers."""
    pack_dists = assumption_distributions(pack)
    return [
        growth_distributions(scenario, pack),
        [_lever_value(lv) for lv in scenario.levers],
        [to_distribution(lv.conversion) for lv in scenario.levers],
        pack_dists.rate,
        pack_dists.los,
        pack_dists.unit_cost,
        pack_dists.bed_day_cost,
    ]


def _draw(dists: list[Distribution], rng: np.random.Generator, size: int) -> FloatArray:
    if not dists:
        return np.zeros((size, 0))
    return np.stack([d.sample(rng, size) for d in dists], axis=1)


def _central(dists: list[Distribution]) -> FloatArray:
    return np.array([d.central for d in dists], dtype=float)


def run_params(scenario: Scenario, pack: DataPack, iterations: int, seed: int) -> RunParams:
    """The run-parameter table for ``iterations`` runs from the master ``seed``."""
    columns = _columns(scenario, pack)
    variant0 = pack.variants.index(scenario.projection.variant) if scenario.projection.variant else 0
    parts = []
    for block in range(-(-iterations // BLOCK)):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))
        variant = rng.integers(0, len(pack.variants), BLOCK)
        parts.append((variant, *(_draw(dists, rng, BLOCK) for dists in columns)))
    variant, *drawn = (np.concatenate([p[k] for p in parts])[:iterations] for k in range(len(columns) + 1))
    if not scenario.projection.sample_variants:
        variant[:] = variant0
    switches = [scenario.uncertainty.parameter_uncertainty] * 3 + [scenario.uncertainty.assumptions] * 4
    for values, dists, on in zip(drawn, columns, switches, strict=True):
        if not on:
            values[:] = _central(dists)
        values[0] = _central(dists)
    variant[0] = variant0
    g, v, c, *multipliers = drawn
    return RunParams(
        variant.astype(np.int64),
        np.clip(g, -0.99, None),
        _clip_levers(scenario.levers, v),
        np.clip(c, 0.0, None),
        *(np.clip(m, 0.0, None) for m in multipliers),
    )


def _clip_levers(levers: list[Lever], values: FloatArray) -> FloatArray:
    """Keep sampled values meaningful: shares in [0, 1]; growth and LOS changes no lower than -1."""
    lo = np.array([_LIMITS[lv.kind][0] for lv in levers])
    hi = np.array([_LIMITS[lv.kind][1] for lv in levers])
    return np.clip(values, lo, hi) if levers else values
