"""The winter profile: monthly indices of beds occupied and emergency admissions from the published
monthly data, with their year-to-year spread (rows of the assumptions table, ``seasonality:*``).

Built from the pack's own ``beds_monthly`` and ``ae_monthly`` tables (``careshift.datapack.build.published``).

* ``seasonality:occupancy:MM``: general and acute beds occupied in calendar month ``MM`` over the mean of
  its financial year (OUH, NHS England UEC sitrep), averaged over the complete financial years
  2022-23 to 2024-25 and rescaled so that the day-weighted mean over a year is exactly 1; low and high are
  the lowest and highest of the three years.
* ``seasonality:admissions:MM``: emergency admissions a day in month ``MM`` over the year's mean (OUH,
  NHS England A&E attendances and emergency admissions), 2021-22 to 2024-25, the same way.
* ``seasonality:amplitude``: how strong a winter is, as a multiple of the average winter: for each year
  ``k = sum_m (s_m - 1)(c_m - 1) / sum_m (c_m - 1)^2`` (the least-squares scale of that year's swing
  ``s`` on the average swing ``c``); the range is the lowest and highest year (a winter like 2022-23 is
  ``k`` below 1, like 2023-24 above).
* ``seasonality:setting:CODE``: the share of the acute swing a bed setting carries (1 for acute beds, by
  the data; assumed for the others).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from careshift.datapack.build import published
from careshift.datapack.build.assumptions import Assumed

SITREP = (
    "NHS England, Urgent and emergency care daily situation reports: monthly general and acute beds "
    "occupied, Oxford University Hospitals (RTH), 2022-23 to 2024-25 (via humaniverse/healthyr)"
)
AE = (
    "NHS England, A&E attendances and emergency admissions: monthly emergency admissions, Oxford "
    "University Hospitals (RTH), 2021-22 to 2024-25 (via humaniverse/healthyr)"
)
URL = "https://www.england.nhs.uk/statistics/statistical-work-areas/"
DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)  # January first
OCCUPANCY_YEARS = (2022, 2023, 2024)  # financial years starting in April
ADMISSION_YEARS = (2021, 2022, 2023, 2024)
EXPOSURE = {
    "acute_beds": Assumed(
        1.0, 1.0, 1.0, "share of the acute winter swing", SITREP, "The profile is measured on these beds."
    ),
    "virtual_ward": Assumed(
        1.0,
        0.5,
        1.0,
        "share of the acute winter swing",
        "careshift assumption",
        "Virtual wards take step-up and step-down patients from the same emergency flow; assumed to "
        "follow the acute swing (at least half of it).",
    ),
    "community_beds": Assumed(
        1.0,
        0.5,
        1.0,
        "share of the acute winter swing",
        "careshift assumption",
        "Community hospital beds take step-down patients from the acute wards (discharge to assess, "
        "pathway 2); assumed to follow the acute swing (at least half of it).",
    ),
    "care_home": Assumed(
        0.0,
        0.0,
        0.25,
        "share of the acute winter swing",
        "careshift assumption",
        "Permanent care home places turn over in years, not weeks; assumed flat through the year.",
    ),
}


def _per_day(df: pd.DataFrame, value: str) -> pd.DataFrame:
    """``[financial year (first calendar year) x calendar month]`` of ``value`` for OUH (RTH)."""
    rth = df[df["organisation"] == "RTH"]
    out = pd.DataFrame(
        {
            "fy": rth["financial_year"].str[:4].astype(int).to_numpy(),
            "month": rth["month"].str[5:7].astype(int).to_numpy(),
            "value": rth[value].to_numpy(dtype=float),
        }
    )
    return out.pivot(index="fy", columns="month", values="value").sort_index(axis=1)


def _indices(per_day: pd.DataFrame, years: tuple[int, ...]) -> np.ndarray:
    """Each year's months over its day-weighted mean: ``[year, month]``."""
    table = per_day.loc[list(years)].to_numpy(dtype=float)
    if np.isnan(table).any():
        raise ValueError(f"a month is missing in financial years {years}")
    return table / ((table @ DAYS) / DAYS.sum())[:, None]


def occupancy_indices(src: Path) -> np.ndarray:
    """From the pack's ``beds_monthly`` table (monthly means of the daily sitrep)."""
    return _indices(_per_day(published.beds_monthly(src), "ga_occupied"), OCCUPANCY_YEARS)


def admission_indices(src: Path) -> np.ndarray:
    """From the pack's ``ae_monthly`` table (monthly totals, divided by the days in the month)."""
    monthly = _per_day(published.ae_monthly(src), "emergency_admissions")
    return _indices(monthly / DAYS[monthly.columns.to_numpy() - 1], ADMISSION_YEARS)


def central(indices: np.ndarray) -> np.ndarray:
    """The mean over years, rescaled to a day-weighted mean of exactly 1."""
    mean = indices.mean(axis=0)
    return mean / ((mean @ DAYS) / DAYS.sum())


def amplitudes(indices: np.ndarray) -> np.ndarray:
    """Each year's swing as a multiple of the average swing (least squares, day-weighted)."""
    c = central(indices) - 1
    return ((indices - 1) * c * DAYS).sum(axis=1) / (c * c * DAYS).sum()


def assumption_rows(src: Path) -> list[dict[str, object]]:
    """``seasonality:*`` rows of the assumptions table."""
    occ, adm = occupancy_indices(src), admission_indices(src)
    rows = []
    for name, indices, citation, what in (
        ("occupancy", occ, SITREP, "general and acute beds occupied"),
        ("admissions", adm, AE, "emergency admissions a day"),
    ):
        mid, lo, hi = central(indices), indices.min(axis=0), indices.max(axis=0)
        for m in range(12):
            rows.append(
                _row(
                    f"seasonality:{name}:{m + 1:02d}",
                    f"{what} in month {m + 1} over the year's mean",
                    "index (year = 1)",
                    (float(mid[m]), float(min(lo[m], mid[m])), float(max(hi[m], mid[m]))),
                    False,
                    "Mean over the financial years; range: lowest and highest year.",
                    citation,
                )
            )
    k = amplitudes(occ)
    rows.append(
        _row(
            "seasonality:amplitude",
            "strength of a winter, as a multiple of the average winter's swing in beds occupied",
            "multiple of the average swing",
            (1.0, float(min(k.min(), 1.0)), float(max(k.max(), 1.0))),
            False,
            "Least-squares scale of each financial year's swing on the average: "
            + ", ".join(f"{y}-{(y + 1) % 100:02d} {v:.2f}" for y, v in zip(OCCUPANCY_YEARS, k, strict=True))
            + "; range: lowest and highest year.",
            SITREP,
        )
    )
    for code, a in EXPOSURE.items():
        rows.append(
            _row(
                f"seasonality:setting:{code}",
                f"share of the acute winter swing carried by {code}",
                a.unit,
                (a.value, a.low, a.high),
                code != "acute_beds",
                a.basis,
                a.citation,
            )
        )
    return rows


def _row(
    key: str,
    description: str,
    unit: str,
    value: tuple[float, float, float],
    assumption: bool,
    basis: str,
    citation: str,
) -> dict[str, object]:
    return {
        "key": key,
        "description": description,
        "unit": unit,
        "value": round(value[0], 4),
        "low": round(value[1], 4),
        "high": round(value[2], 4),
        "assumption": assumption,
        "basis": basis,
        "citation": citation,
        "url": URL if citation in (SITREP, AE) else "",
    }
