"""Workforce: whole-time equivalents (WTE) from capacity.

``WTE[setting, staff] = capacity[setting] x ratio[setting, staff]``, where capacity is the beds needed
at the target occupancy for bed settings and thousands of units a year for contact settings, and the
ratio is the data pack's ``wte_per_capacity``. Both maps are linear and increasing, so the P10/P50/P90 of
WTE are the ratio times the quantiles of capacity.
"""

from __future__ import annotations

import numpy as np

from careshift.datapack.pack import FloatArray


def wte_all_settings(
    activity: FloatArray, bed_days: FloatArray, contact_ratio: FloatArray, bed_ratio: FloatArray
) -> FloatArray:
    """WTE ``[staff, ...]`` summed over settings for every iteration.

    ``contact_ratio[setting, staff]`` is WTE per unit (zero rows for bed settings) applied to
    ``activity[setting, ...]``; ``bed_ratio[bed setting, staff]`` is WTE per bed day a year at the target
    occupancy (ratio / (365 x occupancy)) applied to ``bed_days[bed setting, ...]``.
    """
    out = contact_ratio.T @ activity.reshape(len(activity), -1)  # one product each, no transposed copies
    out += bed_ratio.T @ bed_days.reshape(len(bed_days), -1)
    return np.asarray(out.reshape((contact_ratio.shape[1], *activity.shape[1:])), float)
