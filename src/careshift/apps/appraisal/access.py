"""Access to an option's sites from every small area, from the data pack (methods in analysis.access).

A small area counts as rural when it has fewer than :data:`RURAL_DENSITY` residents per km² of its
boundary: an assumption standing in for the ONS rural-urban classification, which the pack does not
carry (range 500-2,000 per km²; labelled on the access page).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from careshift.analysis import access
from careshift.errors import ValidationError

RURAL_DENSITY = 1000.0
RURAL_DENSITY_RANGE = (500.0, 2000.0)
OVER_75_BANDS = ("75-79", "80-84", "85-89", "90+")
KM_PER_DEGREE = 111.32


def _ring_area_km2(ring: list[list[float]]) -> float:
    """Area of a lon/lat ring by the shoelace formula on an equirectangular projection (good to well
    under 1% at the size of a small area)."""
    points = np.asarray(ring, dtype=float)
    lat0 = np.radians(points[:, 1].mean())
    x = points[:, 0] * KM_PER_DEGREE * np.cos(lat0)
    y = points[:, 1] * KM_PER_DEGREE
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def _feature_area(geometry: dict[str, Any]) -> float:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return sum(_ring_area_km2(p[0]) - sum(_ring_area_km2(h) for h in p[1:]) for p in polygons)


@lru_cache(maxsize=2)
def small_areas() -> pd.DataFrame:
    """Every small area: code, locality, lat, lon, population, over_75, imd_quintile, area_km2, rural."""
    from careshift.apps.places import data
    from careshift.datapack.places import load_boundaries, small_area_population

    areas = data.small_areas().dropna(subset=["lat", "lon"]).copy()
    ages = small_area_population(data._pack_path())
    old = ages[ages["age_band"].isin(OVER_75_BANDS)]
    over_75 = (old["female"] + old["male"]).groupby(old["small_area"]).sum()
    areas["over_75"] = areas["code"].map(over_75).fillna(0.0)
    areas["population"] = areas["population"].fillna(0.0)
    areas["imd_quintile"] = ((areas["imd_decile"].fillna(5).astype(int) + 1) // 2).map(
        lambda q: f"Quintile {q}" + (" (most deprived)" if q == 1 else " (least deprived)" if q == 5 else "")
    )
    boundaries = load_boundaries("small_area", data._pack_path())
    area_km2 = {f["properties"]["code"]: _feature_area(f["geometry"]) for f in boundaries["features"]}
    areas["area_km2"] = areas["code"].map(area_km2)
    density = areas["population"] / areas["area_km2"].where(areas["area_km2"] > 0)
    areas["rural"] = (density < RURAL_DENSITY).fillna(False)
    return areas.reset_index(drop=True)


@dataclass(frozen=True)
class OptionAccess:
    """Access measures for one option's open sites, by car."""

    minutes: np.ndarray  # per small area, to the nearest open site
    county: access.Coverage
    county_over_75: access.Coverage
    by_locality: dict[str, access.Coverage]
    by_quintile: dict[str, access.Coverage]
    sites: list[str]


def option_sites(site_codes: list[str]) -> pd.DataFrame:
    from careshift.apps.places import data

    sites = data.sites()
    chosen = sites[sites["code"].isin(site_codes)]
    missing = sorted(set(site_codes) - set(chosen["code"]))
    if missing:
        raise ValidationError(
            f"Unknown site code(s): {', '.join(missing)}.",
            hint="Choose sites from the list on the option page.",
        )
    return chosen


def option_access(site_codes: list[str], mode: str = "car") -> OptionAccess:
    if not site_codes:
        raise ValidationError("This option keeps no sites open.", hint="Choose at least one site.")
    areas = small_areas()
    sites = option_sites(site_codes)
    minutes = access.estimate_travel_minutes(
        areas["lat"], areas["lon"], areas["rural"].to_numpy(), sites["lat"], sites["lon"], mode
    )
    nearest = access.nearest_minutes(minutes, list(range(len(sites))))
    people = areas["population"].to_numpy()
    return OptionAccess(
        minutes=nearest,
        county=access.coverage(nearest, people),
        county_over_75=access.coverage(nearest, areas["over_75"].to_numpy()),
        by_locality=access.coverage_by_group(nearest, people, areas["locality_name"].tolist()),
        by_quintile=access.coverage_by_group(nearest, people, areas["imd_quintile"].tolist()),
        sites=list(sites["code"]),
    )


def access_rows(options: list[Any]) -> list[dict[str, Any]]:
    """Access measures of every option that keeps sites open, with its groups sorted for tables."""
    rows = []
    for option in options:
        if not option.site_codes:
            continue
        result = option_access(list(option.site_codes))
        rows.append(
            {
                "option": option,
                "result": result,
                "quintiles": sorted(result.by_quintile.items()),
                "localities": sorted(result.by_locality.items()),
            }
        )
    return rows
