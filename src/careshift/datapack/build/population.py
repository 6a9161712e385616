"""Population by locality, 5-year age band and sex, base year 2023 to 2040, with projection variants.

Method (docs/background/baseline.md, "Demography"): everything is projected by single year of age
(0..89 and 90+) and district, and summed to the 5-year bands the rates need at the very end.

1. **Base** ``M[d, a, s]``: the district mid-2023 estimates (MYE), the latest published, by single year
   of age and sex.
2. **Principal growth** ``G[d, y, a] = S22[d, y, a] / S22[d, 2023, a]`` from the ONS 2022-based SNPP
   (migration category variant), persons by single year of age. The projection is *rebased*:
   ``P[d, y, a, s] = M[d, a, s] x G[d, y, a]``, so 2023 equals the MYE exactly and the SNPP's growth
   applies from there. Applying persons growth to both sexes keeps each age's sex ratio at the MYE's
   (the labelled sex-split assumption; the 2018-based SNPP's own sex ratios give its range).
3. **Variants** ``v`` (the 2018-based SNPP variants, 5-year bands by sex): each one's ratio to the
   2018-based principal, ``R[v, d, y, b, s] = V[v]/V[principal]``, rebased to 1 in 2023 (the 2018
   series start in 2024; the year before is ``x(2024)^2 / x(2025)``, geometric back-extrapolation),
   times the rebased 2022-based principal: the 2018-based spread of uncertainty, scaled to the newer
   projection. The 2018-based principal itself is one more variant: ``M x S18[y] / S18[2023]``
   (single year of age and sex).
4. **Probabilities**: each variant's weight when a scenario samples variants (``VARIANT_WEIGHTS``, a
   labelled assumption; ONS publishes none).
5. District -> small area: each LSOA's share of its district's Census 2021 residents in the census
   age group covering the band (CENSUS_GROUP); the sex split follows the district.
6. Small area -> locality: sum of the LSOAs in the locality (LOCALITY_RULE).
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
MYE_FILE = "population_mye_2000_2023_sya_sex_oxon_lads_icb_england.csv"
SNPP22_FILE = "population_snpp2022_migcat_2022_2047_sya_persons_oxon_lads.csv"
SNPP18_FILE = "population_snpp2018_principal_2024_2043_sya_sex_oxon_lads_icb_england.csv"
VARIANTS18_FILE = "population_snpp2018_variants_2024_2043_age5_sex_oxon_lads_icb_england.csv"
PRINCIPAL = "v1"
OLD_PRINCIPAL = "v2018"

#: code -> (label, probability). ONS attaches no probabilities to its variants; these weights are a
#: careshift assumption (docs/background/baseline.md): the newest principal projection is the most
#: likely single path; the variants that move one component (fertility, life expectancy, migration)
#: share most of the rest; those that move several at once (high/low population, young/old age
#: structure) and the superseded 2018-based principal carry the least. They sum to 1.
VARIANT_WEIGHTS: dict[str, tuple[str, float]] = {
    PRINCIPAL: ("Principal (ONS 2022-based SNPP, migration category)", 0.40),
    "v2": ("High fertility (2018-based variant, scaled)", 0.06),
    "v3": ("Low fertility (2018-based variant, scaled)", 0.06),
    "v4": ("High life expectancy (2018-based variant, scaled)", 0.06),
    "v5": ("Low life expectancy (2018-based variant, scaled)", 0.06),
    "v6": ("High migration (2018-based variant, scaled)", 0.08),
    "v7": ("Low migration (2018-based variant, scaled)", 0.08),
    "v8": ("High population (2018-based variant, scaled)", 0.04),
    "v9": ("Low population (2018-based variant, scaled)", 0.04),
    "v10": ("Young age structure (2018-based variant, scaled)", 0.03),
    "v11": ("Old age structure (2018-based variant, scaled)", 0.03),
    OLD_PRINCIPAL: ("Principal, 2018-based (superseded; ONS 2018-based SNPP growth)", 0.06),
}
VARIANT_BASIS = (
    "ONS publishes no probabilities for its projection variants. careshift assumption: the 2022-based "
    "principal 0.40; single-component variants (fertility, life expectancy 0.06 each; migration 0.08 "
    "each, as migration drives most local error); multi-component variants (high/low population 0.04, "
    "young/old age structure 0.03) and the superseded 2018-based principal (0.06) least. Change the "
    "probability column to weight them otherwise; equal weights are 1/12 each."
)

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


def single_age(age: pd.Series) -> pd.Series:
    """'0'..'89', '90+' (or 90) -> whole years 0..90 (90 is 90 and over)."""
    return age.astype(str).str.rstrip("+").astype(int)


def age_band(age: pd.Series) -> pd.Series:
    """'0'..'89', '90+' -> 5-year band label."""
    index = np.minimum(single_age(age) // 5, len(AGE_BANDS) - 1)
    return pd.Series(np.asarray(AGE_BANDS)[index], index=age.index)


def mye_sya(src: Path, year: int = BASE_YEAR) -> pd.DataFrame:
    """MYE by area, single year of age (0..89, '90+') and sex, for one year (area, age, female, male)."""
    mye = pd.read_csv(src / MYE_FILE, dtype={"age": str})
    return mye[mye["year"] == year].reset_index(drop=True)


def _districts(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["area_code"].isin(list(DISTRICTS))].assign(age=lambda d: single_age(d["age"]))


def base_population(src: Path) -> pd.Series:
    """District MYE 2023 people, indexed (area_code, age 0..90, sex)."""
    mye = _districts(mye_sya(src)).set_index(["area_code", "age"])[["female", "male"]]
    people = pd.Series(mye.stack(), dtype=float)
    return people.rename_axis(["area_code", "age", "sex"])


def with_base_year(wide: pd.DataFrame) -> pd.DataFrame:
    """Add the year before the first column: x(t0-1) = x(t0)^2 / x(t0+1) (geometric back-extrapolation)."""
    first, second = int(wide.columns[0]), int(wide.columns[1])
    prior = (wide[first] ** 2 / wide[second]).where(wide[second] > 0, wide[first])
    out = wide.copy()
    out.insert(0, first - 1, prior)
    return out


def principal_growth(src: Path) -> pd.DataFrame:
    """2022-based SNPP growth since 2023, ``S22[y] / S22[2023]``: index (area_code, age), columns YEARS."""
    snpp = _districts(pd.read_csv(src / SNPP22_FILE, dtype={"age": str}))
    wide = snpp.pivot_table(index=["area_code", "age"], columns="year", values="persons", aggfunc="sum")
    return wide[YEARS].div(wide[BASE_YEAR], axis=0)


def old_principal_growth(src: Path) -> pd.DataFrame:
    """2018-based SNPP growth since 2023 (2023 back-extrapolated): index (area_code, age, sex), YEARS."""
    snpp = _districts(pd.read_csv(src / SNPP18_FILE, dtype={"age": str}))
    long = snpp.melt(id_vars=["area_code", "year", "age"], value_vars=["female", "male"], var_name="sex")
    wide = with_base_year(long.pivot_table(index=["area_code", "age", "sex"], columns="year", values="value"))
    return wide[YEARS].div(wide[BASE_YEAR], axis=0)


def variant_ratios(src: Path) -> pd.DataFrame:
    """Each 2018-based variant's ratio to the 2018-based principal, rebased to 1 in 2023:
    index (variant, area_code, age_band, sex), columns YEARS (v1 itself is all ones)."""
    var = pd.read_csv(src / VARIANTS18_FILE)
    var = var[var["area_code"].isin(list(DISTRICTS))]
    long = var.melt(
        id_vars=["variant", "area_code", "year", "age_band"], value_vars=["female", "male"], var_name="sex"
    )
    wide = long.pivot_table(index=["variant", "area_code", "age_band", "sex"], columns="year", values="value")
    principal = wide.xs(PRINCIPAL, level="variant")
    ratio = with_base_year(wide.div(principal, axis=0).fillna(1.0))
    return ratio[YEARS].div(ratio[BASE_YEAR], axis=0)


def _to_bands(sya: pd.DataFrame) -> pd.DataFrame:
    """(area_code, age, sex) x YEARS -> long (year, area_code, age_band, female, male)."""
    index = sya.index.to_frame(index=False)
    keys = [index["area_code"], age_band(index["age"]).rename("age_band"), index["sex"]]
    bands = sya.reset_index(drop=True).groupby(keys).sum()
    long = bands.melt(ignore_index=False, var_name="year", value_name="people").reset_index()
    wide = long.pivot_table(index=["year", "area_code", "age_band"], columns="sex", values="people")
    return wide.reset_index()


def projection_sya(src: Path) -> dict[str, pd.DataFrame]:
    """People by variant: index (area_code, age, sex), columns YEARS (single year of age, rebased)."""
    base = base_population(src)
    ages = pd.MultiIndex.from_arrays([base.index.get_level_values(0), base.index.get_level_values(1)])
    growth = principal_growth(src).reindex(ages)
    principal = growth.set_axis(base.index).mul(base, axis=0)
    out = {PRINCIPAL: principal}
    ratios = variant_ratios(src)
    bands = age_band(principal.index.get_level_values("age").to_series()).to_numpy()
    keys = pd.MultiIndex.from_arrays(
        [principal.index.get_level_values("area_code"), bands, principal.index.get_level_values("sex")]
    )
    for code in VARIANT_WEIGHTS:
        if code in (PRINCIPAL, OLD_PRINCIPAL):
            continue
        ratio = ratios.xs(code, level="variant").reindex(keys).set_axis(principal.index)
        out[code] = principal * ratio
    old = old_principal_growth(src).reindex(base.index)
    out[OLD_PRINCIPAL] = old.mul(base, axis=0)
    return out


def district_projection(src: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """District population by variant, year, band and sex; and the variants table (code, label,
    probability)."""
    frames = [_to_bands(sya).assign(variant=code) for code, sya in projection_sya(src).items()]
    pop = pd.concat(frames, ignore_index=True)
    table = pd.DataFrame(
        [{"code": c, "label": label, "probability": p} for c, (label, p) in VARIANT_WEIGHTS.items()]
    )
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
