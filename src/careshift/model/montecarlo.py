"""The run-parameter table: every random draw of a Monte Carlo run, made up front from one master seed.

Row ``i`` holds iteration ``i``'s projection variant, annual non-demographic growth rate per activity,
and each lever's value (share, growth or LOS change) and conversion. Row 0 is the central case: every
distribution at its central value (``Interval``: the median; ``Triangular``: the mode).

Rows are drawn in fixed blocks of ``BLOCK`` iterations; block ``b`` uses its own generator
``numpy.random.default_rng(SeedSequence(seed, spawn_key=(b,)))``. So the first ``n`` rows are the same
whatever the total number of iterations, and the engine, which only slices this table, gives the same
numbers whatever the chunk size, the number of workers or the order chunks finish in (the practice of
the NHP model's ``generate_run_params``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from careshift.datapack.pack import DataPack
from careshift.model.distributions import Distribution, Fixed
from careshift.model.scenario import Lever, Scenario, to_distribution

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BLOCK = 1024
_LIMITS = {"avoid": (0.0, 1.0), "shift": (0.0, 1.0), "growth": (-1.0, np.inf), "efficiency": (-1.0, np.inf)}


@dataclass(frozen=True)
class RunParams:
    """Per-iteration parameters: ``variant[i]``, ``growth[i, activity]``, ``lever_value[i, lever]``,
    ``lever_conversion[i, lever]``."""

    variant: IntArray
    growth: FloatArray
    lever_value: FloatArray
    lever_conversion: FloatArray

    def __len__(self) -> int:
        return len(self.variant)

    def rows(self, start: int, stop: int) -> RunParams:
        return RunParams(
            self.variant[start:stop],
            self.growth[start:stop],
            self.lever_value[start:stop],
            self.lever_conversion[start:stop],
        )


def growth_distributions(scenario: Scenario, pack: DataPack) -> list[Distribution]:
    """Annual non-demographic growth per activity (``'*'`` for unlisted activities, else 0)."""
    table = scenario.non_demographic_growth
    default = to_distribution(table["*"]) if "*" in table else Fixed(0.0)
    return [to_distribution(table[a.code]) if a.code in table else default for a in pack.activities]


def _lever_value(lever: Lever) -> Distribution:
    value = lever.los_change if lever.kind == "efficiency" else lever.share
    return to_distribution(value if value is not None else 0.0)


def _columns(
    scenario: Scenario, pack: DataPack
) -> tuple[list[Distribution], list[Distribution], list[Distribution]]:
    return (
        growth_distributions(scenario, pack),
        [_lever_value(lv) for lv in scenario.levers],
        [to_distribution(lv.conversion) for lv in scenario.levers],
    )


def _draw(dists: list[Distribution], rng: np.random.Generator, size: int) -> FloatArray:
    if not dists:
        return np.zeros((size, 0))
    return np.stack([d.sample(rng, size) for d in dists], axis=1)


def _central(dists: list[Distribution]) -> FloatArray:
    return np.array([d.central for d in dists], dtype=float)


def run_params(scenario: Scenario, pack: DataPack, iterations: int, seed: int) -> RunParams:
    """The run-parameter table for ``iterations`` runs from the master ``seed``."""
    growth, values, conversions = _columns(scenario, pack)
    variant0 = pack.variants.index(scenario.projection.variant) if scenario.projection.variant else 0
    n_blocks = -(-iterations // BLOCK)
    parts = []
    for block in range(n_blocks):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))
        variant = rng.integers(0, len(pack.variants), BLOCK)
        parts.append(
            (variant, _draw(growth, rng, BLOCK), _draw(values, rng, BLOCK), _draw(conversions, rng, BLOCK))
        )
    variant, g, v, c = (np.concatenate([p[k] for p in parts])[:iterations] for k in range(4))
    if not scenario.projection.sample_variants:
        variant[:] = variant0
    if not scenario.uncertainty.parameter_uncertainty:
        g[:], v[:], c[:] = _central(growth), _central(values), _central(conversions)
    variant[0], g[0], v[0], c[0] = variant0, _central(growth), _central(values), _central(conversions)
    return RunParams(
        variant.astype(np.int64),
        np.clip(g, -0.99, None),
        _clip_levers(scenario.levers, v),
        np.clip(c, 0.0, None),
    )


def _clip_levers(levers: list[Lever], values: FloatArray) -> FloatArray:
    """Keep sampled values meaningful: shares in [0, 1]; growth and LOS changes no lower than -1."""
    lo = np.array([_LIMITS[lv.kind][0] for lv in levers])
    hi = np.array([_LIMITS[lv.kind][1] for lv in levers])
    return np.clip(values, lo, hi) if levers else values
