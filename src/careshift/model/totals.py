"""Per-iteration county totals of the headline measures, kept for paired comparisons.

The summary keeps only three quantiles per cell; a comparison of two options needs each iteration's
value, because with common random numbers (``careshift.model.montecarlo``) iteration ``i`` of two
scenarios run with the same seed shares every draw they have in common, and the spread of the
**paired** difference ``other[i] - base[i]`` is what the comparison is about (not the difference of
the two spreads).

Kept for the county, every year and every iteration of the ensemble (``[year, iteration]`` per
series): activity by setting, bed days by bed setting, cost, savings against doing nothing and the
total WTE; beds (mean occupied, at target occupancy), each setting's total WTE and savings against the
target follow from these exactly. (The turn-away risk and the beds for a risk target are Erlang maps
evaluated on quantiles only, so they are not paired.) That is about a sixth of the ensemble arrays
the summary already holds (the county is one of ``L + 1`` locality columns), so memory grows by a
fraction, not a multiple.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from careshift.datapack.pack import DataPack, FloatArray
from careshift.model import capacity, finance, workforce
from careshift.model.pipeline import EngineContext
from careshift.model.scenario import Scenario

ALL = "all"
DERIVED_BED = ("mean_occupied_beds", "beds_at_target_occupancy")


@dataclass(frozen=True)
class IterationTotals:
    """County values per iteration of the ensemble: ``activity[setting, year, i]``,
    ``bed_days[bed setting, year, i]``, ``cost``, ``savings`` (against doing nothing) and
    ``wte_total`` ``[year, i]``, and the savings ``target[year]``."""

    years: tuple[int, ...]
    settings: tuple[str, ...]
    bed_settings: tuple[str, ...]
    occupancy: FloatArray  # [bed setting]
    wte_ratio: FloatArray  # [setting]: total WTE per bed at target occupancy, or per 1,000 units
    activity: FloatArray
    bed_days: FloatArray
    cost: FloatArray
    savings: FloatArray
    wte_total: FloatArray
    target: FloatArray

    @property
    def iterations(self) -> int:
        return int(self.cost.shape[-1])

    def series(self) -> Iterator[tuple[str, str, FloatArray]]:
        """Every ``(setting, measure, values[year, i])``."""
        for s, code in enumerate(self.settings):
            yield code, "activity", self.activity[s]
        for b, code in enumerate(self.bed_settings):
            yield code, "bed_days", self.bed_days[b]
            yield code, "mean_occupied_beds", capacity.mean_occupied_beds(self.bed_days[b])
            yield (
                code,
                "beds_at_target_occupancy",
                capacity.beds_at_occupancy(self.bed_days[b], float(self.occupancy[b])),
            )
        yield ALL, "wte_total", self.wte_total
        yield ALL, "cost", self.cost
        yield ALL, "savings_vs_do_nothing", self.savings
        yield ALL, "savings_vs_target", self.savings - self.target[:, None]

    def values(self, setting: str, measure: str) -> FloatArray | None:
        """One series ``[year, i]``, or None when it is not kept."""
        return next((v for s, m, v in self.series() if (s, m) == (setting, measure)), None)

    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.activity, self.bed_days, self.cost, self.savings, self.wte_total))

    def to_bytes(self) -> bytes:
        """A compressed ``.npz`` (no pickles), values as float32 (7 significant figures: equal values
        stay equal, so differences that are exactly 0 stay 0)."""
        buffer = io.BytesIO()
        arrays = {name: getattr(self, name) for name in _ARRAYS}
        np.savez_compressed(
            buffer,
            years=np.asarray(self.years),
            settings=np.asarray(self.settings, dtype=str),
            bed_settings=np.asarray(self.bed_settings, dtype=str),
            **{k: v.astype(np.float32) if k in _PER_ITERATION else v for k, v in arrays.items()},
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> IterationTotals:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            return cls(
                years=tuple(int(y) for y in z["years"]),
                settings=tuple(str(s) for s in z["settings"]),
                bed_settings=tuple(str(s) for s in z["bed_settings"]),
                **{name: z[name].astype(np.float64) for name in _ARRAYS},
            )


_PER_ITERATION = ("activity", "bed_days", "cost", "savings", "wte_total")
_ARRAYS = ("occupancy", "wte_ratio", *_PER_ITERATION, "target")


def county_totals(
    ctx: EngineContext, scenario: Scenario, pack: DataPack, arrays: dict[str, FloatArray], occ: FloatArray
) -> IterationTotals:
    """Copy the county column of the collected ensemble ``arrays`` (before the summary reorders
    them); ``occ`` is the target occupancy by setting."""
    activity = np.ascontiguousarray(arrays["activity"][:, :, -1])
    bed_days = np.ascontiguousarray(arrays["bed_days"][:, :, -1])
    cost = np.ascontiguousarray(arrays["cost"][:, -1])
    savings = arrays["cost_do_nothing"][:, -1] - cost
    savings -= finance.implementation_cost(scenario, ctx.years)[:, None]
    contact, beds, used = staff_ratios(ctx, pack, occ)
    wte = workforce.wte_all_settings(activity, bed_days, contact[:, used], beds[:, used]).sum(axis=0)
    bed_idx = list(ctx.bed_settings)
    return IterationTotals(
        years=ctx.years,
        settings=tuple(s.code for s in pack.settings),
        bed_settings=tuple(pack.settings[b].code for b in bed_idx),
        occupancy=np.asarray(occ, float)[bed_idx],
        wte_ratio=pack.wte_per_capacity.sum(axis=1),
        activity=activity,
        bed_days=bed_days,
        cost=cost,
        savings=savings,
        wte_total=wte,
        target=finance.savings_target(scenario, ctx.years),
    )


def staff_ratios(ctx: EngineContext, pack: DataPack, occ: FloatArray) -> tuple[FloatArray, FloatArray, list]:
    """WTE per unit of activity (contact settings) and per bed day (bed settings, at target
    occupancy), and the staff groups any setting uses."""
    bed_idx = list(ctx.bed_settings)
    contact = pack.wte_per_capacity / 1000
    contact[bed_idx] = 0
    beds = pack.wte_per_capacity[bed_idx] / (capacity.DAYS_PER_YEAR * occ[bed_idx, None])
    used = list(np.flatnonzero(pack.wte_per_capacity.sum(axis=0) > 0))
    return contact, beds, used
