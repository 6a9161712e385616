"""Places, sites, boundaries and small-area population of a pack, for the web app's Places pages.

Pure pandas; no Django. Every function takes an optional pack folder (``None``: the shipped pack).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from careshift.datapack.loader import load_pack, read_tables, resolve
from careshift.datapack.manifest import read_manifest
from careshift.errors import DataPackError

BoundaryLevel = Literal["small_area", "locality"]


@functools.lru_cache(maxsize=8)
def _frames(folder: Path) -> dict[str, pd.DataFrame]:
    load_pack(folder)  # validates the whole pack (cached)
    return read_tables(folder).frames


def load_places(path: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(places, sites)`` as DataFrames.

    places: code, name, kind, parent, locality, lat, lon, imd_decile, imd_score, population (base year,
    principal projection; small areas and localities). sites: code, name, kind, lat, lon, locality,
    neighbourhood, list_size.
    """
    frames = _frames(resolve(path))
    places = frames["places"].copy()
    population = _base_population(frames)
    places["population"] = places["code"].map(population)
    return places, frames["sites"].copy()


def _base_population(frames: dict[str, pd.DataFrame]) -> pd.Series:
    pop = frames["population"]
    first_variant = frames["variants"]["code"].iloc[0]
    base = pop[(pop["variant"] == first_variant) & (pop["year"] == pop["year"].min())]
    by_locality = base.groupby("locality")[["female", "male"]].sum().sum(axis=1)
    if "small_area_population" not in frames:
        return by_locality
    small = frames["small_area_population"].groupby("small_area")[["female", "male"]].sum().sum(axis=1)
    return pd.concat([by_locality, small])


def small_area_population(path: str | Path | None = None) -> pd.DataFrame:
    """Base-year residents by small area, age band and sex (columns small_area, age_band, female, male)."""
    frames = _frames(resolve(path))
    if "small_area_population" not in frames:
        raise DataPackError(
            "This pack has no small_area_population table.",
            hint="Add small_area_population.csv to the pack (see docs/reference/datapack.md).",
        )
    return frames["small_area_population"].copy()


def population_by_locality(path: str | Path | None = None, variant: str | None = None) -> pd.DataFrame:
    """Projected residents: year, locality, age_band, female, male for one variant (default: principal)."""
    frames = _frames(resolve(path))
    pop = frames["population"]
    variant = variant or str(frames["variants"]["code"].iloc[0])
    if variant not in set(frames["variants"]["code"]):
        raise DataPackError(
            f"Unknown population variant {variant!r}.",
            hint=f"Use one of: {', '.join(frames['variants']['code'])}.",
        )
    return pop[pop["variant"] == variant].drop(columns="variant").reset_index(drop=True)


def small_area_projection(path: str | Path | None = None, variant: str | None = None) -> pd.DataFrame:
    """Residents by small area, year, age band and sex (columns small_area, locality, year, age_band,
    female, male): each small area's base-year population grown by its locality's growth in that band
    and sex. Exact where a locality lies in one district (the pack's allocation holds small-area shares
    fixed within districts); an approximation for localities spanning districts.
    """
    places, _ = load_places(path)
    small = small_area_population(path)
    small = small.merge(places[["code", "locality"]], left_on="small_area", right_on="code").drop(
        columns="code"
    )
    loc = population_by_locality(path, variant)
    base = loc[loc["year"] == loc["year"].min()].drop(columns="year")
    growth = loc.merge(base, on=["locality", "age_band"], suffixes=("", "_base"))
    for sex in ("female", "male"):
        growth[sex] = (growth[sex] / growth[f"{sex}_base"]).where(growth[f"{sex}_base"] > 0, 1.0)
    growth = growth[["locality", "year", "age_band", "female", "male"]]
    out = small.merge(growth, on=["locality", "age_band"], suffixes=("", "_growth"))
    for sex in ("female", "male"):
        out[sex] = out[sex] * out[f"{sex}_growth"]
    columns = ["small_area", "locality", "year", "age_band", "female", "male"]
    return out[columns].sort_values(["small_area", "year"], kind="stable").reset_index(drop=True)


def load_boundaries(level: BoundaryLevel, path: str | Path | None = None) -> dict[str, Any]:
    """GeoJSON FeatureCollection for ``level`` ("small_area" or "locality").

    Small-area properties: code, name, district, locality, population, imd_decile, imd_score.
    Locality properties: code, name, population.
    """
    data: dict[str, Any] = json.loads(_boundary_text(resolve(path), level))  # a fresh copy per call
    return data


@functools.lru_cache(maxsize=16)
def _boundary_text(folder: Path, level: str) -> str:
    files = read_manifest(folder).boundaries
    if level not in files:
        known = ", ".join(sorted(files)) or "none"
        raise DataPackError(
            f"This pack has no boundaries for level {level!r} (it has: {known}).",
            hint="Use 'small_area' or 'locality', or list the file under 'boundaries' in manifest.yaml.",
        )
    file = folder / files[level]
    if not file.is_file():
        raise DataPackError(
            f"{files[level]}: file missing (listed under 'boundaries').",
            hint="Restore the file, or rebuild the pack with scripts/build_datapack.py.",
        )
    text = file.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataPackError(f"{files[level]}: not valid GeoJSON ({err}).") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataPackError(
            f"{files[level]}: not a GeoJSON FeatureCollection.",
            hint="Write the boundaries as a GeoJSON FeatureCollection.",
        )
    return text
