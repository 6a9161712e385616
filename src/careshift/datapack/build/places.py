"""The places and sites tables of the Oxfordshire pack."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from careshift.datapack.build.geography import (
    COUNTY,
    DISTRICTS,
    LOCALITIES,
    nearest,
    neighbourhoods,
)

ACUTE = {"RTH08", "RTH02", "RTH05"}  # John Radcliffe, Churchill, Horton General
COMMUNITY = {"RNUDQ", "RNUDM", "RTH16", "RNUFF", "RNUCE", "RNUCK", "RNUDK", "RXQ62", "RTH13"}
EXCLUDED_SITES = {"RNU44"}  # Wykeham Park Day Hospital: same coordinates as Thame, a day hospital


def _centroid(lsoa: pd.DataFrame, by: str) -> pd.DataFrame:
    return lsoa.groupby(by)[["centre_lat", "centre_lon"]].mean()


def places_table(lsoa: pd.DataFrame, practices: pd.DataFrame) -> pd.DataFrame:
    """County, districts, localities, neighbourhoods and small areas (one row each)."""
    county = pd.DataFrame([{"code": COUNTY[0], "name": COUNTY[1], "kind": "county"}])
    dist_c = _centroid(lsoa, "lad_code")
    districts = pd.DataFrame(
        {
            "code": code,
            "name": name,
            "kind": "district",
            "parent": COUNTY[0],
            "lat": dist_c.loc[code, "centre_lat"],
            "lon": dist_c.loc[code, "centre_lon"],
        }
        for code, name in DISTRICTS.items()
    )
    loc_c = _centroid(lsoa, "locality")
    localities = pd.DataFrame(
        {
            "code": code,
            "name": name,
            "kind": "locality",
            "parent": COUNTY[0],
            "locality": code,
            "lat": loc_c.loc[code, "centre_lat"],
            "lon": loc_c.loc[code, "centre_lon"],
        }
        for code, name in LOCALITIES.items()
    )
    small = pd.DataFrame(
        {
            "code": lsoa["lsoa21cd"],
            "name": lsoa["lsoa21nm"],
            "kind": "small_area",
            "parent": lsoa["lad_code"],
            "locality": lsoa["locality"],
            "lat": lsoa["centre_lat"],
            "lon": lsoa["centre_lon"],
            "imd_decile": lsoa["imd_decile"],
            "imd_score": lsoa["imd_score"],
        }
    )
    frames = [county, districts, localities, _neighbourhood_places(practices), small]
    return pd.concat(frames, ignore_index=True)


def _neighbourhood_places(practices: pd.DataFrame) -> pd.DataFrame:
    groups = practices.groupby("neighbourhood")
    rows = []
    for code, group in groups:
        locality = str(group["locality"].iloc[0])
        number = str(code).rsplit("_", 1)[1]
        rows.append(
            {
                "code": code,
                "name": f"{LOCALITIES[locality]} neighbourhood {number}",
                "kind": "neighbourhood",
                "parent": locality,
                "locality": locality,
                "lat": group["lat"].mean(),
                "lon": group["lon"].mean(),
            }
        )
    return pd.DataFrame(rows)


def _locate(points: pd.DataFrame, lsoa: pd.DataFrame) -> pd.Series:
    idx = nearest(
        points["lat"].to_numpy(),
        points["lon"].to_numpy(),
        lsoa["centre_lat"].to_numpy(),
        lsoa["centre_lon"].to_numpy(),
    )
    return pd.Series(lsoa["locality"].to_numpy()[idx], index=points.index)


def read_practices(src: Path, lsoa: pd.DataFrame) -> pd.DataFrame:
    """GP practices with locality (nearest LSOA centroid) and derived neighbourhood."""
    gp = pd.read_csv(src / "gp_practices_oxfordshire.csv")
    gp = gp.rename(columns={"registered_patients_jan2021": "list_size"})
    gp["locality"] = _locate(gp, lsoa)
    gp = gp.merge(neighbourhoods(gp), on="code", how="left")
    return gp.sort_values("code").reset_index(drop=True)


def sites_table(src: Path, lsoa: pd.DataFrame, practices: pd.DataFrame) -> pd.DataFrame:
    """Hospitals (NHS Choices 2018) and GP practices, with coordinates and locality."""
    hosp = pd.read_csv(src / "hospitals_oxfordshire_nhs_choices_2018.csv")
    hosp = hosp[~hosp["site_code"].isin(EXCLUDED_SITES)].copy()
    hosp["kind"] = hosp["site_code"].map(
        lambda c: (
            "acute_hospital" if c in ACUTE else "community_hospital" if c in COMMUNITY else "other_hospital"
        )
    )
    hosp["name"] = hosp["name"].str.split(" - ").str[0].str.strip()
    hosp["locality"] = _locate(hosp, lsoa)
    hospitals = pd.DataFrame(
        {
            "code": hosp["site_code"],
            "name": hosp["name"],
            "kind": hosp["kind"],
            "lat": hosp["lat"],
            "lon": hosp["lon"],
            "locality": hosp["locality"],
        }
    )
    gps = pd.DataFrame(
        {
            "code": practices["code"],
            "name": practices["name"].str.title(),
            "kind": "gp_practice",
            "lat": practices["lat"],
            "lon": practices["lon"],
            "locality": practices["locality"],
            "neighbourhood": practices["neighbourhood"],
            "list_size": practices["list_size"],
        }
    )
    return pd.concat([hospitals, gps], ignore_index=True).sort_values(["kind", "code"]).reset_index(drop=True)
