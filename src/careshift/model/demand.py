"""Deterministic demand: the base projection and each lever's cohort, computed once per run.

For activity ``a`` with base-year rate ``r[a, l, g, s]`` (units per head per year) and length of stay
``los[a, l, g, s]`` (bed days per unit), projected population ``P[v, y, l, g, s]`` gives

    units[a, v, y, l]    = sum_{g, s} P[v, y, l, g, s] * r[a, l, g, s]
    bed_days[a, v, y, l] = sum_{g, s} P[v, y, l, g, s] * r[a, l, g, s] * los[a, l, g, s]

i.e. rates held at base-year values, so change comes from demography alone (the "demographic
projection" of e.g. the NHP demand model, The Strategy Unit 2023). A cohort (activities, age bands,
sexes, localities) is a 0/1 mask ``m[a, l, g, s]``; its share of each cell is

    share[a, v, y, l] = sum_{g, s} P * r * m / units     (and likewise for bed days)

Because levers act uniformly within a cohort, carrying these shares at locality level is exact.
Arrays are laid out activity-first (``[activity, variant, year, locality]``) so the engine touches each
activity as one contiguous block.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from careshift.datapack.pack import AGE_BAND_LOWER, SEXES, DataPack, FloatArray
from careshift.model.scenario import Cohort


@dataclass(frozen=True)
class BaseDemand:
    """Units and bed days ``[activity, variant, year, locality]`` from demography alone."""

    units: FloatArray
    bed_days: FloatArray

    def mean_los(self, activity: int) -> FloatArray:
        """Mean bed days per unit ``[variant, year, locality]`` (0 where there is no activity)."""
        u, d = self.units[activity], self.bed_days[activity]
        return np.divide(d, u, out=np.zeros_like(d), where=u > 0)


def base_demand(pack: DataPack, pop: FloatArray) -> BaseDemand:
    units = np.einsum("vylgs,algs->avyl", pop, pack.rates, optimize=True)
    bed_days = np.einsum("vylgs,algs->avyl", pop, pack.rates * pack.los, optimize=True)
    return BaseDemand(units=units, bed_days=bed_days)


def cohort_mask(pack: DataPack, cohort: Cohort) -> FloatArray:
    """The cohort as a 0/1 array ``[activity, locality, age, sex]``."""
    acts = np.isin([a.code for a in pack.activities], cohort.activities)
    locs = (
        np.isin(pack.localities, cohort.localities)
        if cohort.localities
        else np.ones(len(pack.localities), bool)
    )
    lower = np.array(AGE_BAND_LOWER)
    top = cohort.ages.max_age if cohort.ages.max_age is not None else 200
    ages = (lower >= cohort.ages.min_age) & (lower <= top)
    sexes = np.isin(SEXES, cohort.sexes)
    return (
        acts[:, None, None, None]
        & locs[None, :, None, None]
        & ages[None, None, :, None]
        & sexes[None, None, None, :]
    ).astype(np.float64)


def _ratio(part: FloatArray, whole: FloatArray) -> FloatArray:
    return np.divide(part, whole, out=np.zeros_like(part), where=whole > 0)


def cohort_shares(
    pack: DataPack, pop: FloatArray, cohort: Cohort, base: BaseDemand, activities: list[int]
) -> tuple[FloatArray, FloatArray]:
    """The cohort's share of units and of bed days, each ``[k, variant, year, locality]`` for the
    cohort's activities ``k`` (in the order of ``activities``)."""
    mask = cohort_mask(pack, cohort)[activities]
    rates = pack.rates[activities] * mask
    units = np.einsum("vylgs,algs->avyl", pop, rates, optimize=True)
    bed_days = np.einsum("vylgs,algs->avyl", pop, rates * pack.los[activities], optimize=True)
    return _ratio(units, base.units[activities]), _ratio(bed_days, base.bed_days[activities])
