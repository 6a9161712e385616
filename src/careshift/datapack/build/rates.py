"""Acute activity rates per head (2023) by locality, 5-year band and sex, from the Strategy Unit rates.

The source gives rates per head by district, single year of age 18..89 and 90+, and sex. For each
district and band: activity = sum(rate x MYE 2023 population) over the ages 18+ in the band, divided by
the whole band's population (so 15-19 = activity of ages 18-19 / population 15-19); bands under 15
have no public rate and are 0 (acute activity here covers adults). A locality's rate is the
population-weighted mean of the rates of the districts its small areas lie in. Mean length of stay =
bed days / admissions, computed the same way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from careshift.datapack.build.geography import DISTRICTS
from careshift.datapack.build.population import age_band, mye_sya

SOURCE_FILE = "activity_rates_per_head_by_age_sex_2023_oxon_lads_icb_england.csv"

#: activity code -> (source groups summed for the count, source groups for bed days or None)
ACUTE: dict[str, tuple[list[str], list[str] | None]] = {
    "ae_walkin": (["walkin"], None),
    "ae_ambulance": (["amb"], None),
    "unplanned_admission": (["emer_n"], ["emer_bds"]),
    "elective_admission": (["ordelec_n"], ["ordelec_bds"]),
    "day_case": (["daycase_n"], None),
    "outpatient_first": (["surg_first", "non-surg_first"], None),
    "outpatient_followup": (["surg_fup", "non-surg_fup"], None),
    "outpatient_procedure": (["surg_proc", "non-surg_proc"], None),
}


def district_counts(src: Path) -> pd.DataFrame:
    """Activity counts by district, source group, band and sex (rate x MYE 2023 population)."""
    rates = pd.read_csv(src / SOURCE_FILE, dtype={"age": str})
    rates = rates[rates["area_code"].isin(list(DISTRICTS))]
    pop = mye_sya(src)[["area_code", "age", "female", "male"]]
    merged = rates.merge(pop, on=["area_code", "age"], how="left", validate="many_to_one")
    merged["female"] = merged["rate_female"] * merged["female"]
    merged["male"] = merged["rate_male"] * merged["male"]
    merged["age_band"] = age_band(merged["age"])
    return merged.groupby(["area_code", "group", "age_band"])[["female", "male"]].sum().reset_index()


def district_band_population(src: Path) -> pd.DataFrame:
    pop = mye_sya(src)
    pop = pop[pop["area_code"].isin(list(DISTRICTS))].assign(age_band=lambda d: age_band(d["age"]))
    return pop.groupby(["area_code", "age_band"])[["female", "male"]].sum().reset_index()


def locality_rates(src: Path, loc_district_pop: pd.DataFrame) -> pd.DataFrame:
    """Rates and los by activity, locality, band (columns rate_female, rate_male, los_female, los_male).

    ``loc_district_pop``: base-year population by locality, area_code (district), band, sex.
    """
    counts = district_counts(src)
    dpop = district_band_population(src).set_index(["area_code", "age_band"])
    weights = loc_district_pop.set_index(["locality", "area_code", "age_band"])
    frames = []
    for code, (groups, bed_groups) in ACUTE.items():
        rate = _locality_rate(counts, groups, dpop, weights)
        los = _locality_los(counts, groups, bed_groups, dpop, weights, rate)
        frames.append(_combine(code, rate, los))
    return pd.concat(frames, ignore_index=True)


def _district_rate(counts: pd.DataFrame, groups: list[str], dpop: pd.DataFrame) -> pd.DataFrame:
    c = counts[counts["group"].isin(groups)].groupby(["area_code", "age_band"])[["female", "male"]].sum()
    return (c.reindex(dpop.index).fillna(0.0) / dpop).fillna(0.0)


def _locality_rate(
    counts: pd.DataFrame, groups: list[str], dpop: pd.DataFrame, weights: pd.DataFrame
) -> pd.DataFrame:
    """Population-weighted mean of district rates over the locality's residents: [locality, band]."""
    rate = _district_rate(counts, groups, dpop)
    w = weights.reset_index()
    r = rate.reset_index().rename(columns={"female": "rf", "male": "rm"})
    m = w.merge(r, on=["area_code", "age_band"])
    m["cf"], m["cm"] = m["rf"] * m["female"], m["rm"] * m["male"]
    g = m.groupby(["locality", "age_band"])[["cf", "cm", "female", "male"]].sum()
    out = pd.DataFrame({"female": g["cf"] / g["female"], "male": g["cm"] / g["male"]})
    return out.fillna(0.0)


def _locality_los(
    counts: pd.DataFrame,
    groups: list[str],
    bed_groups: list[str] | None,
    dpop: pd.DataFrame,
    weights: pd.DataFrame,
    rate: pd.DataFrame,
) -> pd.DataFrame:
    if bed_groups is None:
        return rate * 0.0
    bed_rate = _locality_rate(counts, bed_groups, dpop, weights)
    los = bed_rate / rate.where(rate > 0)
    return los.replace([np.inf, -np.inf], np.nan).fillna(0.0)


def _combine(code: str, rate: pd.DataFrame, los: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "rate_female": rate["female"],
            "rate_male": rate["male"],
            "los_female": los["female"],
            "los_male": los["male"],
        }
    ).reset_index()
    return out.assign(activity=code)
