"""Winter: the monthly profile of bed use, and its year-to-year spread as uncertainty.

The data pack carries, as ``seasonality:*`` estimates (``careshift.datapack.build.seasonality``):

* ``c_m``, the mean beds occupied in calendar month ``m`` over the mean of its year (from the published
  monthly sitrep; day-weighted mean exactly 1), and ``a_m``, the same for emergency admissions a day;
* ``e_s``, the share of that swing a bed setting ``s`` carries (1 for acute beds; 0 for a flat setting);
* the strength of a winter ``k``, a multiple of the average swing with an 80% range from the lowest to
  the highest year observed.

In iteration ``i`` the load of setting ``s`` in month ``m`` is

    A[s, m, i] = A[s, i] (1 + e_s k_i (c_m - 1))

where ``A[s, i]`` is the mean occupied beds over the year (bed days / 365), so the year's bed days are
unchanged (the day-weighted mean of ``c`` is 1) and a hard winter (``k > 1``) is hard in every winter
month at once. ``k`` is drawn from its own stream keyed ``seasonality:amplitude`` under the master seed
(``careshift.model.montecarlo``); run 0 uses ``k = 1``. Month weights for a year's risk are the shares of
arrivals, ``w_m = days_m a_m / sum(days a)``. A pack without these estimates has a flat year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from careshift.datapack.pack import DataPack, FloatArray
from careshift.model.assumptions import multiplier
from careshift.model.distributions import Distribution, Fixed

DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)  # January first
MONTHS = tuple(range(1, 13))
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
AMPLITUDE = "seasonality:amplitude"


@dataclass(frozen=True)
class Seasonality:
    """A pack's winter profile: ``occupancy[m]``, ``admissions[m]`` (indices, year = 1), ``exposure[s]``
    per setting, and the distribution of the winter's strength ``amplitude`` (median 1)."""

    occupancy: FloatArray
    admissions: FloatArray
    exposure: FloatArray
    amplitude: Distribution

    @property
    def peak_month(self) -> int:
        """Index (0 = January) of the month with the highest mean load."""
        return int(np.argmax(self.occupancy))

    @property
    def arrival_weights(self) -> FloatArray:
        """Each month's share of a year's arrivals, ``days_m a_m / sum(days a)``."""
        w = DAYS * self.admissions
        return np.asarray(w / w.sum(), float)

    def index(self, setting: int, strength: FloatArray) -> FloatArray:
        """``1 + e_s k_i (c_m - 1)``: ``[month, iteration]`` for winter strengths ``k[i]``."""
        swing = self.exposure[setting] * (self.occupancy - 1.0)
        return np.asarray(1.0 + swing[:, None] * np.asarray(strength, float)[None, :], float)

    def is_flat(self, setting: int) -> bool:
        return bool(self.exposure[setting] == 0 or np.allclose(self.occupancy, 1.0))


def _months(pack: DataPack, name: str) -> FloatArray | None:
    keys = [f"seasonality:{name}:{m:02d}" for m in MONTHS]
    if not all(k in pack.estimates for k in keys):
        return None
    values = np.array([pack.estimates[k].value for k in keys], float)
    return np.asarray(values / ((values @ DAYS) / DAYS.sum()), float)


def seasonality(pack: DataPack) -> Seasonality:
    """The pack's profile; a flat year (every index 1) where the pack has none."""
    occupancy = _months(pack, "occupancy")
    admissions = _months(pack, "admissions")
    flat = np.ones(12)
    exposure = np.array(
        [
            pack.estimates[f"seasonality:setting:{s.code}"].value
            if f"seasonality:setting:{s.code}" in pack.estimates
            else (1.0 if s.capacity_kind == "beds" else 0.0)
            for s in pack.settings
        ],
        float,
    )
    amplitude = (
        multiplier(AMPLITUDE, pack.estimates[AMPLITUDE]) if AMPLITUDE in pack.estimates else Fixed(1.0)
    )
    return Seasonality(
        occupancy if occupancy is not None else flat,
        admissions if admissions is not None else flat,
        exposure,
        amplitude,
    )
