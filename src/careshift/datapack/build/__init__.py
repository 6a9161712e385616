"""Build the Oxfordshire data pack from the public reference data (``scripts/build_datapack.py``).

Deterministic: the same source folder gives byte-identical files. Build-time only (pandas, shapely).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from careshift.datapack.build import (
    boundaries,
    calibration,
    discharge,
    population,
    published,
    rates,
    seasonality,
    tables,
)
from careshift.datapack.build.geography import LOCALITIES, LOCALITY_RULE, read_geography
from careshift.datapack.build.places import places_table, read_practices, sites_table
from careshift.datapack.build.sources import TABLES, sources_markdown
from careshift.datapack.manifest import Manifest, TableSpec, write_manifest
from careshift.datapack.pack import AGE_BANDS
from careshift.datapack.published import PublishedFigures
from careshift.datapack.schema import FORMAT, KEYS

NAME = "oxfordshire"
VERSION = "2026.11.1"
FLOAT_FORMAT = "%.7g"
BOUNDARY_FILES = {"small_area": "boundaries_small_area.geojson", "locality": "boundaries_locality.geojson"}


def build(src: Path, out: Path) -> dict[str, pd.DataFrame]:
    """Build every table from ``src`` and write the pack to ``out``; return the tables."""
    out.mkdir(parents=True, exist_ok=True)
    frames = make_tables(src)
    for name, df in frames.items():
        write_csv(df[[c.name for c in FORMAT[name]]], out / f"{name}.csv")
    write_manifest(make_manifest(frames), out)
    (out / "SOURCES.md").write_text(sources_markdown(frames), encoding="utf-8")
    small_fc = boundaries.small_area_boundaries(src, _small_areas(frames))
    boundaries.write_geojson(small_fc, out / BOUNDARY_FILES["small_area"])
    loc_fc = boundaries.locality_boundaries(small_fc, _localities(frames))
    boundaries.write_geojson(loc_fc, out / BOUNDARY_FILES["locality"])
    return frames


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """CSV with 7 significant figures, lower-case booleans and Unix line endings."""
    df = df.copy()
    for column in df.columns:
        if df[column].dtype == bool:
            df[column] = df[column].map({True: "true", False: "false"})
    df.to_csv(path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")


def make_tables(src: Path) -> dict[str, pd.DataFrame]:
    lsoa = read_geography(src)
    practices = read_practices(src, lsoa)
    district_pop, variants = population.district_projection(src)
    shares = population.small_area_shares(src, lsoa)
    loc_pop = population.allocate(district_pop, shares, lsoa, ["locality"])
    base = district_pop[(district_pop["variant"] == "v1") & (district_pop["year"] == population.BASE_YEAR)]
    small_pop = population.allocate(base.drop(columns=["variant", "year"]), shares, lsoa, ["lsoa21cd"])
    loc_district = population.allocate(
        base.drop(columns=["variant", "year"]), shares, lsoa, ["locality", "area_code"]
    )
    adults = rates.locality_rates(src, loc_district)
    base_loc = loc_district.groupby(["locality", "age_band"])[["female", "male"]].sum().reset_index()
    community = tables.community_rates(adults, base_loc, _pop_groups(src))
    figures = _published_figures(src)
    all_ages = calibration.add_minor_injury(calibration.add_children(adults, _share_15_17(src)))
    acute, factors = calibration.calibrate(all_ages, base_loc, figures)
    orders = {
        "variant": list(variants["code"]),
        "locality": list(LOCALITIES),
        "activity": list(tables.activities_table()["code"]),
        "lsoa21cd": sorted(lsoa["lsoa21cd"]),
    }
    return {
        "places": places_table(lsoa, practices),
        "sites": sites_table(src, lsoa, practices),
        "variants": variants,
        "population": population.sort_bands(loc_pop, ["variant", "year", "locality", "age_band"], orders),
        "small_area_population": population.sort_bands(small_pop, ["lsoa21cd", "age_band"], orders).rename(
            columns={"lsoa21cd": "small_area"}
        ),
        "settings": tables.settings_table(),
        "activities": tables.activities_table(),
        "rates": population.sort_bands(
            pd.concat([acute, community], ignore_index=True), ["activity", "locality", "age_band"], orders
        ),
        "unit_costs": tables.unit_costs_table(),
        "bed_day_costs": tables.bed_day_costs_table(),
        "staff_groups": tables.staff_groups_table(),
        "workforce": tables.workforce_table(),
        "assumptions": pd.concat(
            [
                tables.assumptions_table(),
                pd.DataFrame(seasonality.assumption_rows(src)),
                pd.DataFrame(discharge.assumption_rows(src)),
            ],
            ignore_index=True,
        ),
        "housing_growth": tables.housing_growth_table(),
        "organisations": figures.organisations,
        "ae_monthly": figures.ae_monthly,
        "beds_monthly": figures.beds_monthly,
        "discharges_daily": figures.discharges_daily,
        "calibration": factors,
    }


def _published_figures(src: Path) -> PublishedFigures:
    return PublishedFigures(
        published.organisations_table(),
        published.ae_monthly(src),
        published.beds_monthly(src),
        published.discharges_daily(src),
    )


def _share_15_17(src: Path) -> dict[str, float]:
    """By sex, the county's share of 15-17 year-olds among 15-19 year-olds (MYE 2023, five districts)."""
    mye = population.mye_sya(src)
    mye = mye[mye["area_code"].str.startswith("E07")]
    age = population.single_age(mye["age"])
    band = mye[(age >= 15) & (age <= 19)]
    young = mye[(age >= 15) & (age <= 17)]
    return {sex: float(young[sex].sum() / band[sex].sum()) for sex in ("female", "male")}


def _pop_groups(src: Path) -> dict[str, float]:
    """County base-year residents: all ages, 18+ and 65+ (sum of the five districts' MYE)."""
    mye = population.mye_sya(src)
    mye = mye[mye["area_code"].str.startswith("E07")]
    age = mye["age"].str.rstrip("+").astype(int)
    people = mye["female"] + mye["male"]
    return {
        "all": float(people.sum()),
        "18+": float(people[age >= 18].sum()),
        "65+": float(people[age >= 65].sum()),
    }


def _small_areas(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    places = frames["places"]
    small = places[places["kind"] == "small_area"].copy()
    pop = frames["small_area_population"].groupby("small_area")[["female", "male"]].sum().sum(axis=1)
    small["population"] = small["code"].map(pop)
    return small


def _localities(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    places = frames["places"]
    loc = places[places["kind"] == "locality"].copy()
    p = frames["population"]
    p = p[(p["variant"] == "v1") & (p["year"] == population.BASE_YEAR)]
    loc["population"] = loc["code"].map(p.groupby("locality")[["female", "male"]].sum().sum(axis=1))
    return loc


def make_manifest(frames: dict[str, pd.DataFrame]) -> Manifest:
    specs = [
        TableSpec(
            name=name,
            file=f"{name}.csv",
            description=TABLES[name][0],
            columns=FORMAT[name],
            key=KEYS[name],
            source=TABLES[name][1],
        )
        for name in frames
    ]
    return Manifest(
        name=NAME,
        version=VERSION,
        description=(
            "Oxfordshire (E10000025) health and social care data pack: six planning localities, "
            f"population {population.BASE_YEAR}-{population.LAST_YEAR} in {len(AGE_BANDS)} age bands, "
            "acute activity rates (2023, all ages) calibrated to the published 2023-24 OUH and Oxford Health "
            "figures, the published figures themselves, and labelled assumptions for the settings care "
            "shifts into."
        ),
        base_year=population.BASE_YEAR,
        years=population.YEARS,
        locality_rule=LOCALITY_RULE,
        licence="Open Government Licence v3.0 for the public data; assumptions MIT with careshift.",
        tables=specs,
        boundaries=BOUNDARY_FILES,
    )
