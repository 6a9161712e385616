"""Population by locality, 5-year age band and sex, base year 2023 to 2040, with projection variants.

Method (docs/background/data.md):

1. District mid-2023 estimates (MYE) by single year of age and sex, summed to 5-year bands.
2. Growth from the ONS 2018-based SNPP by district, band and sex: ``P(y) / P(2023)`` where the SNPP
   starts at 2024, so ``P(2023) = P(2024)^2 / P(2025)`` (one year back at the 2024-25 growth rate).
   Projected population = MYE 2023 x growth: 2023 equals the MYE exactly.
3. Variants: each variant's ratio to the principal (band x sex x district), rebased the same way so
   that every variant equals the MYE in 2023.
4. District -> small area: each LSOA's share of its district's Census 2021 residents in the census
   age group covering the band (CENSUS_GROUP); the sex split follows the district.
5. Small area -> locality: sum of the LSOAs in the locality (LOCALITY_RULE).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from careshift.datapack.build.geography import DISTRICTS
from careshift.datapack.pack import AGE_BANDS

BASE_YEAR = 2023
LAST_YEAR = 2040
YEARS = list(range(BASE_YEAR, LAST_YEAR + 1))

#: 5-year band -> Census 2021 age group (TS007A 6 groups) used for its small-area shares. A band that
#: straddles two groups takes the group holding most of its ages (15-19: 16-24 holds 16-19).
CENSUS_GROUP = {
    **{b: "Aged 15 years and under" for b in ("0-4", "5-9", "10-14")},
    **{b: "Aged 16 to 24 years" for b in ("15-19", "20-24")},
    **{b: "Aged 25 to 34 years" for b in ("25-29", "30-34")},
    **{b: "Aged 35 to 49 years" for b in ("35-39", "40-44", "45-49")},
    **{b: "Aged 50 to 64 years" for b in ("50-54", "55-59", "60-64")},
    **{b: "Aged 65 years and over" for b in AGE_BANDS[13:]},
}


def age_band(age: pd.Series) -> pd.Series:
    """'0'..'89', '90+' -> 5-year band label."""
    years = age.astype(str).str.rstrip("+").astype(int)
    index = np.minimum(years // 5, len(AGE_BANDS) - 1)
    return pd.Series(np.asarray(AGE_BANDS)[index], index=age.index)


def mye_sya(src: Path, year: int = BASE_YEAR) -> pd.DataFrame:
    """MYE by area, single year of age (0..89, '90+') and sex, for one year (long: area, age, sex, people)."""
    mye = pd.read_csv(src / "population_mye_2000_2023_sya_sex_oxon_lads_icb_england.csv", dtype={"age": str})
    return mye[mye["year"] == year].reset_index(drop=True)


def _band_sex(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum female/male to (keys..., age_band)."""
    df = df.assign(age_band=age_band(df["age"])) if "age_band" not in df else df
    return df.groupby([*keys, "age_band"], sort=False)[["female", "male"]].sum()


def _by_year(var: pd.DataFrame) -> pd.DataFrame:
    """Variants file -> rows (variant, area_code, age_band, sex), columns years 2024.."""
    long = var.melt(
        id_vars=["variant", "area_code", "year", "age_band"], value_vars=["female", "male"], var_name="sex"
    )
    return long.pivot_table(index=["variant", "area_code", "age_band", "sex"], columns="year", values="value")


def _with_base_year(wide: pd.DataFrame) -> pd.DataFrame:
    """Add the year before the first column: x(t0-1) = x(t0)^2 / x(t0+1) (geometric back-extrapolation)."""
    first, second = int(wide.columns[0]), int(wide.columns[1])
    prior = (wide[first] ** 2 / wide[second]).where(wide[second] > 0, wide[first])
    out = wide.copy()
    out.insert(0, first - 1, prior)
    return out


def _variant_codes(variants: pd.DataFrame) -> list[str]:
    codes = variants["variant"].drop_duplicates().tolist()
    return sorted(codes, key=lambda c: int(c[1:]))


def _variant(wide: pd.DataFrame, code: str) -> pd.DataFrame:
    out = wide.xs(code, level="variant")
    assert isinstance(out, pd.DataFrame)
    return out


def district_projection(src: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """District population by variant, year, band and sex; and the variants (code, label) table."""
    var = pd.read_csv(src / "population_snpp2018_variants_2024_2043_age5_sex_oxon_lads_icb_england.csv")
    var = var[var["area_code"].isin(list(DISTRICTS))]
    mye = mye_sya(src)
    mye = mye[mye["area_code"].isin(list(DISTRICTS))]
    base = _band_sex(mye, ["area_code"]).stack().rename_axis(["area_code", "age_band", "sex"])
    wide = _by_year(var)
    principal = _with_base_year(_variant(wide, "v1"))
    growth = principal[YEARS].div(principal[BASE_YEAR], axis=0)
    frames = []
    for v in _variant_codes(var):
        ratio = _with_base_year(_variant(wide, v) / _variant(wide, "v1"))
        rebased = ratio[YEARS].div(ratio[BASE_YEAR], axis=0)
        people = (growth * rebased).mul(base.reindex(growth.index), axis=0)
        frames.append(people.assign(variant=v).set_index("variant", append=True))
    long = pd.Series(pd.concat(frames).stack(), name="people").rename_axis([*frames[0].index.names, "year"])
    pop = long.unstack("sex").reset_index()
    labels = var[["variant", "variant_name"]].drop_duplicates().set_index("variant")["variant_name"]
    codes = _variant_codes(var)
    table = pd.DataFrame({"code": codes, "label": [labels[c] for c in codes]})
    return pop[["variant", "year", "area_code", "age_band", "female", "male"]], table


def small_area_shares(src: Path, lsoa: pd.DataFrame) -> pd.DataFrame:
    """Share of its district's band population living in each LSOA: columns lsoa21cd, age_band, share."""
    census = pd.read_csv(src / "population_lsoa21_census2021_age6_persons.csv").set_index("lsoa21_code")
    lad = lsoa.set_index("lsoa21cd")["lad_code"].reindex(census.index)
    groups = sorted(set(CENSUS_GROUP.values()))
    share = census[groups] / census[groups].groupby(lad).transform("sum")
    rows = [
        pd.DataFrame({"lsoa21cd": share.index, "age_band": band, "share": share[group].to_numpy()})
        for band, group in CENSUS_GROUP.items()
    ]
    return pd.concat(rows, ignore_index=True)


def allocate(
    district_pop: pd.DataFrame, shares: pd.DataFrame, lsoa: pd.DataFrame, by: list[str]
) -> pd.DataFrame:
    """District population -> LSOA (by=['lsoa21cd']) or locality (by=['locality']), or both with district."""
    geo = lsoa[["lsoa21cd", "lad_code", "locality"]].rename(columns={"lad_code": "area_code"})
    s = shares.merge(geo, on="lsoa21cd")
    merged = district_pop.merge(s, on=["area_code", "age_band"])
    for sex in ("female", "male"):
        merged[sex] = merged[sex] * merged["share"]
    keys = [k for k in ("variant", "year") if k in merged.columns]
    out = merged.groupby([*keys, *by, "age_band"], sort=False)[["female", "male"]].sum().reset_index()
    return out


def sort_bands(df: pd.DataFrame, keys: list[str], orders: dict[str, list]) -> pd.DataFrame:
    """Sort rows by the given key columns in the given category orders (age bands in band order)."""
    orders = {**orders, "age_band": list(AGE_BANDS)}
    sort_cols = {
        k: df[k].map({v: i for i, v in enumerate(orders[k])}) if k in orders else df[k] for k in keys
    }
    order = pd.DataFrame(sort_cols).sort_values(keys).index
    return df.loc[order].reset_index(drop=True)
