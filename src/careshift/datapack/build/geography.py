"""Oxfordshire places for the pack: localities by a documented rule, neighbourhoods, small areas, sites.

Locality rule (docs/decisions/0002-localities.md): every LSOA 2021 takes its district's locality,
except that Cherwell splits at latitude 51.95 N of its MSOA 2021 centroid (north: Banbury area = North;
south: Bicester and Kidlington = North East), and the South Oxfordshire MSOAs whose House of Commons
Library name starts with "Didcot" plan with South West. GP practices and hospitals take the locality
of the nearest LSOA centroid.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

COUNTY = ("E10000025", "Oxfordshire")
DISTRICTS = {
    "E07000177": "Cherwell",
    "E07000178": "Oxford",
    "E07000179": "South Oxfordshire",
    "E07000180": "Vale of White Horse",
    "E07000181": "West Oxfordshire",
}
LOCALITIES = {
    "north": "North",
    "north_east": "North East",
    "city": "Oxford City",
    "west": "West",
    "south_west": "South West",
    "south_east": "South East",
}
DISTRICT_LOCALITY = {
    "E07000178": "city",
    "E07000179": "south_east",
    "E07000180": "south_west",
    "E07000181": "west",
}
CHERWELL_SPLIT_LAT = 51.95
LOCALITY_RULE = (
    "Each LSOA 2021 takes its district's locality: Oxford -> city, West Oxfordshire -> west, "
    "Vale of White Horse -> south_west, South Oxfordshire -> south_east, except (1) Cherwell LSOAs "
    f"whose MSOA 2021 centroid lies north of latitude {CHERWELL_SPLIT_LAT} N (Banbury and the rural "
    "north: MSOAs Cherwell 001-010) -> north and the rest (Bicester, Kidlington, Islip, Begbroke: "
    "Cherwell 011-019) -> north_east; (2) South Oxfordshire LSOAs in MSOAs whose House of Commons "
    "Library name starts with 'Didcot' (Didcot Ladygrove, West, South East, South West) -> "
    "south_west. GP practices and hospitals take the locality of the nearest LSOA centroid."
)
NEIGHBOURHOOD_MIN, NEIGHBOURHOOD_MAX = 4, 6


def assign_localities(lsoa: pd.DataFrame, msoa: pd.DataFrame) -> pd.Series:
    """Locality code for each LSOA (rows of lsoa21_oxfordshire.csv), by LOCALITY_RULE."""
    m = msoa.set_index("msoa21cd")
    msoa_lat = lsoa["msoa21cd"].map(m["centre_lat"])
    msoa_name = lsoa["msoa21cd"].map(m["msoa_hcl_name"]).fillna("")
    locality = lsoa["lad_code"].map(DISTRICT_LOCALITY)
    cherwell = lsoa["lad_code"] == "E07000177"
    locality[cherwell] = np.where(msoa_lat[cherwell] >= CHERWELL_SPLIT_LAT, "north", "north_east")
    didcot = (lsoa["lad_code"] == "E07000179") & msoa_name.str.startswith("Didcot")
    locality[didcot] = "south_west"
    if locality.isna().any():
        raise ValueError(f"LSOAs without a locality: {lsoa.loc[locality.isna(), 'lsoa21cd'].tolist()}")
    return locality


def nearest(lat: np.ndarray, lon: np.ndarray, to_lat: np.ndarray, to_lon: np.ndarray) -> np.ndarray:
    """Index into ``to_*`` of the nearest point for each (lat, lon), equirectangular distance."""
    scale = math.cos(math.radians(float(np.mean(to_lat))))
    d = (lat[:, None] - to_lat[None, :]) ** 2 + ((lon[:, None] - to_lon[None, :]) * scale) ** 2
    return np.argmin(d, axis=1)


def _partition_sizes(n: int) -> bool:
    """Can ``n`` practices be split into groups of NEIGHBOURHOOD_MIN..MAX?"""
    return any(
        k * NEIGHBOURHOOD_MIN <= n <= k * NEIGHBOURHOOD_MAX for k in range(1, n // NEIGHBOURHOOD_MIN + 1)
    )


def _bisect(points: pd.DataFrame) -> list[pd.DataFrame]:
    """Recursive bisection along the wider axis until each group has at most NEIGHBOURHOOD_MAX members."""
    n = len(points)
    if n <= NEIGHBOURHOOD_MAX:
        return [points]
    spread_lat = points["lat"].max() - points["lat"].min()
    spread_lon = (points["lon"].max() - points["lon"].min()) * math.cos(math.radians(points["lat"].mean()))
    axis = "lat" if spread_lat >= spread_lon else "lon"
    ordered = points.sort_values([axis, "code"])
    cuts = [c for c in range(NEIGHBOURHOOD_MIN, n - NEIGHBOURHOOD_MIN + 1) if _partition_sizes(c)]
    cuts = [c for c in cuts if _partition_sizes(n - c)] or [n // 2]
    cut = min(cuts, key=lambda c: (abs(c - n / 2), c))
    return _bisect(ordered.iloc[:cut]) + _bisect(ordered.iloc[cut:])


def neighbourhoods(practices: pd.DataFrame) -> pd.DataFrame:
    """Group practices into neighbourhoods of 4-6 within each locality (derived; not PCNs).

    Returns one row per practice: code, neighbourhood. Groups are numbered north to south.
    """
    rows = []
    for locality in LOCALITIES:
        members = practices[practices["locality"] == locality]
        if members.empty:
            continue
        groups = _bisect(members[["code", "lat", "lon"]])
        groups.sort(key=lambda g: -g["lat"].mean())
        for i, group in enumerate(groups, start=1):
            rows += [{"code": c, "neighbourhood": f"{locality}_{i}"} for c in group["code"]]
    return pd.DataFrame(rows)


def read_geography(src: Path) -> pd.DataFrame:
    """LSOA 2021 with locality, centroid and IMD 2025."""
    lsoa = pd.read_csv(src / "lsoa21_oxfordshire.csv")
    msoa = pd.read_csv(src / "msoa21_oxfordshire.csv")
    imd = pd.read_csv(src / "imd2025_lsoa21_oxfordshire.csv").set_index("lsoa21_code")
    lsoa["locality"] = assign_localities(lsoa, msoa)
    lsoa["imd_decile"] = lsoa["lsoa21cd"].map(imd["IMD_decile"])
    lsoa["imd_score"] = lsoa["lsoa21cd"].map(imd["IMD_score"])
    return lsoa.sort_values("lsoa21cd").reset_index(drop=True)
