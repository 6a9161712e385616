"""Disjoint cohort parts, so that overlapping levers are applied exactly.

Levers on nested or overlapping cohorts of one activity (65+, 75+ and 80+ of unplanned admissions) cannot
be applied exactly to the activity's total: after a lever on the over-65s has removed a share ``x`` of
their admissions, the over-75s have lost ``x`` of theirs too, not ``x`` times their share of the
over-65s. So the engine splits every activity that some lever acts on into **parts**: the sets of
(age, sex) cells that belong to exactly the same levers (for 65+, 75+ and 80+: 65-74, 75-79 and 80+;
cells no lever covers, here the under-65s, need no part of their own). Every lever acts on whole
parts, uniformly within each, so carrying parts is exact for any stack of levers; localities are an
axis of the engine arrays, so a lever's localities are a 0/1 mask.

Part ``j`` of activity ``a`` starts (after demography and non-demographic growth, which act on the
whole activity alike) at its base-year-rates share of the activity,

    part_share[a, j, v, y, l] = sum_{g,s in j} P[v, y, l, g, s] r[a, l, g, s] / U0[a, v, y, l]

(and likewise for bed days), and each lever changes the parts it covers and the activity's total by the
same amounts. Activity shifted to a target that is itself split arrives in the same part (a patient's
age and sex do not change when their care moves).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from careshift.datapack.pack import DataPack, FloatArray
from careshift.model.demand import BaseDemand, cohort_mask
from careshift.model.scenario import Lever

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Partition:
    """The parts of the split activities: ``members[k, j]`` is True when lever ``k`` covers part ``j``;
    ``unit_share`` and ``bed_share`` are ``[split activity, part, variant, year, locality]``."""

    activities: tuple[int, ...]  # split activities (pack indices)
    members: BoolArray  # [lever, part]
    unit_share: FloatArray
    bed_share: FloatArray

    @property
    def n_parts(self) -> int:
        return self.members.shape[1]

    def slot(self, activity: int) -> int:
        """Index of ``activity`` among the split activities, or -1."""
        return self.activities.index(activity) if activity in self.activities else -1


def age_sex_mask(pack: DataPack, lever: Lever) -> BoolArray:
    """The (age, sex) cells of a lever's cohort, ``[age, sex]``."""
    return cohort_mask(pack, lever.cohort).max(axis=(0, 1)) > 0


def partition(pack: DataPack, pop: FloatArray, base: BaseDemand, levers: list[Lever]) -> Partition:
    """Split every activity some lever acts on into parts with the same lever membership."""
    split = sorted({pack.activity_index(code) for lv in levers for code in lv.cohort.activities})
    if not levers:
        empty = np.zeros((0, 0, *base.units.shape[1:]))
        return Partition((), np.zeros((0, 0), bool), empty, empty)
    masks = np.stack([age_sex_mask(pack, lv) for lv in levers])  # [lever, age, sex]
    cells = masks.reshape(len(levers), -1)  # [lever, cell]
    signatures, part_of_cell = np.unique(cells.T, axis=0, return_inverse=True)  # [part, lever], [cell]
    part_of_cell = part_of_cell.reshape(-1)
    covered = np.flatnonzero(signatures.any(axis=1))  # parts no lever covers are never needed
    signatures = signatures[covered]
    part_of_cell = np.where(np.isin(part_of_cell, covered), np.searchsorted(covered, part_of_cell), -1)
    part_masks = (part_of_cell[None, :] == np.arange(len(signatures))[:, None]).astype(float)
    part_masks = part_masks.reshape(len(signatures), *masks.shape[1:])  # [part, age, sex]
    rates = pack.rates[split]  # [a, l, g, s]
    units = np.einsum("vylgs,algs,jgs->ajvyl", pop, rates, part_masks, optimize=True)
    bed_days = np.einsum("vylgs,algs,jgs->ajvyl", pop, rates * pack.los[split], part_masks, optimize=True)
    return Partition(
        tuple(split),
        signatures.T.astype(bool),
        _ratio(units, base.units[split][:, None]),
        _ratio(bed_days, base.bed_days[split][:, None]),
    )


def _ratio(part: FloatArray, whole: FloatArray) -> FloatArray:
    whole = np.broadcast_to(whole, part.shape)
    return np.divide(part, whole, out=np.zeros_like(part), where=whole > 0)


def locality_mask(pack: DataPack, lever: Lever) -> FloatArray | None:
    """``[locality]`` 1 where the lever applies, or None for every locality."""
    if not lever.cohort.localities:
        return None
    return np.isin(pack.localities, lever.cohort.localities).astype(float)
