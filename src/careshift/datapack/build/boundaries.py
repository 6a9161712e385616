"""GeoJSON boundaries for the pack: LSOA 2021 (rounded coordinates) and localities dissolved from them.

Uses shapely (a dev dependency) at build time only; the loader reads plain GeoJSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

DECIMALS = 5  # about 1 m


def _round(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), DECIMALS)
    return [_round(c) for c in coords]


def _feature(properties: dict[str, Any], geometry: dict[str, Any]) -> dict[str, Any]:
    geometry = {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def small_area_boundaries(src: Path, small: pd.DataFrame) -> dict[str, Any]:
    """LSOA features with code, name, district, locality, population (base year), IMD decile and score."""
    raw = json.loads((src / "boundaries_lsoa21_oxfordshire.geojson").read_text(encoding="utf-8"))
    info = small.set_index("code")
    features = []
    for f in sorted(raw["features"], key=lambda f: f["properties"]["LSOA21CD"]):
        code = f["properties"]["LSOA21CD"]
        row = info.loc[code]
        props = {
            "code": code,
            "name": str(row["name"]),
            "district": str(row["parent"]),
            "locality": str(row["locality"]),
            "population": round(float(row["population"]), 1),
            "imd_decile": int(row["imd_decile"]),
            "imd_score": float(row["imd_score"]),
        }
        features.append(_feature(props, f["geometry"]))
    return {"type": "FeatureCollection", "features": features}


def locality_boundaries(small_fc: dict[str, Any], localities: pd.DataFrame) -> dict[str, Any]:
    """Dissolve LSOA polygons into one (multi)polygon per locality."""
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    features = []
    for row in localities.itertuples():
        parts = [
            shape(f["geometry"]).buffer(0)
            for f in small_fc["features"]
            if f["properties"]["locality"] == row.code
        ]
        merged = unary_union(parts).buffer(1e-6).buffer(-1e-6).simplify(1e-5)
        props = {"code": row.code, "name": row.name, "population": round(float(row.population), 1)}  # type: ignore[arg-type]
        features.append(_feature(props, dict(mapping(merged))))
    return {"type": "FeatureCollection", "features": features}


def write_geojson(fc: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(fc, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
