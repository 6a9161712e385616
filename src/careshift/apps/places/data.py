"""The Places figures, read from the data pack through ``careshift.datapack`` only and cached in process.

Every function returns a tidy ``pandas.DataFrame`` (or GeoJSON dict) ready for a chart, a table, a CSV
and the API. ``locality="county"`` means all localities together.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings

from careshift.datapack.pack import AGE_BANDS, SEXES, DataPack
from careshift.errors import NotFound

COUNTY = "county"
BOUNDARY_LEVELS = ("locality", "small_area")


def _pack_path() -> str | None:
    return settings.DATAPACK_PATH or None


def pack() -> DataPack:
    from careshift.datapack import load_pack

    return load_pack(_pack_path())


@lru_cache(maxsize=4)
def _tables(path: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    from careshift.datapack.places import load_places

    result: Any = load_places(path)
    if isinstance(result, tuple):
        places, sites = result
    else:  # an object with .places and .sites
        places, sites = result.places, result.sites
    return places, sites


def places_table() -> pd.DataFrame:
    return _tables(_pack_path())[0]


def localities() -> pd.DataFrame:
    """Columns ``code, name`` in the pack's locality order."""
    p = pack()
    return pd.DataFrame({"code": list(p.localities), "name": list(p.locality_names)})


def locality_name(code: str) -> str:
    if code == COUNTY:
        return "Oxfordshire (all localities)"
    names = dict(zip(pack().localities, pack().locality_names, strict=True))
    if code not in names:
        raise NotFound(f"There is no locality {code!r}.", hint=f"Choose one of: {', '.join(names)}.")
    return names[code]


def small_areas(locality: str | None = None) -> pd.DataFrame:
    return _small_areas(locality).copy()


@lru_cache(maxsize=64)
def _small_areas(locality: str | None) -> pd.DataFrame:
    """Columns ``code, name, locality, locality_name, imd_decile, imd_score, lat, lon`` (+ ``population``
    when the pack has small-area population)."""
    table = places_table()
    areas = table[table["kind"] == "small_area"].copy()
    names = dict(zip(pack().localities, pack().locality_names, strict=True))
    areas["locality_name"] = areas["locality"].map(names)
    keep = [
        c
        for c in (
            "code",
            "name",
            "locality",
            "locality_name",
            "imd_decile",
            "imd_score",
            "lat",
            "lon",
            "population",
        )
        if c in areas.columns
    ]
    areas = areas[keep].reset_index(drop=True)
    if locality and locality != COUNTY:
        locality_name(locality)
        areas = areas[areas["locality"] == locality].reset_index(drop=True)
    return areas


SITE_KIND_LABELS = {
    "acute_hospital": "Acute hospital",
    "community_hospital": "Community hospital",
    "gp_practice": "GP practice",
    "other_hospital": "Other hospital",
}


def sites(kind: str | None = None) -> pd.DataFrame:
    """Columns ``code, name, kind, kind_label, lat, lon, locality, list_size``."""
    table = _tables(_pack_path())[1].copy()
    table["kind_label"] = table["kind"].map(SITE_KIND_LABELS).fillna(table["kind"])
    keep = [
        c
        for c in ("code", "name", "kind", "kind_label", "lat", "lon", "locality", "list_size")
        if c in table.columns
    ]
    table = table[keep]
    if kind:
        if kind not in SITE_KIND_LABELS:
            raise NotFound(
                f"There is no kind of site {kind!r}.", hint=f"Use one of: {', '.join(SITE_KIND_LABELS)}."
            )
        table = table[table["kind"] == kind]
    return table.reset_index(drop=True)


def boundaries(level: str) -> dict[str, Any]:
    """GeoJSON FeatureCollection for ``level`` (``locality`` or ``small_area``)."""
    if level not in BOUNDARY_LEVELS:
        raise NotFound(
            f"There are no boundaries for {level!r}.", hint=f"Use one of: {', '.join(BOUNDARY_LEVELS)}."
        )
    return _boundaries(level)


@lru_cache(maxsize=4)
def _boundaries(level: str) -> dict[str, Any]:
    from careshift.datapack.places import load_boundaries

    collection: dict[str, Any] = load_boundaries(level)  # type: ignore[arg-type]
    return collection


def feature_code(feature: dict[str, Any]) -> str:
    """The place code of a GeoJSON feature (``code`` property, else the first ``*cd`` property)."""
    props = feature.get("properties") or {}
    if "code" in props:
        return str(props["code"])
    for key, value in props.items():
        if key.lower().endswith("cd"):
            return str(value)
    return str(feature.get("id", ""))


@lru_cache(maxsize=8)
def features_with(level: str, columns: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    """Boundary features whose properties carry ``columns`` from the small-area (or locality) table."""
    table = small_areas() if level == "small_area" else localities_summary()
    lookup = table.set_index("code")[list(columns)].to_dict("index")
    out = []
    for feature in boundaries(level).get("features", []):
        code = feature_code(feature)
        item = copy.copy(feature)
        item["properties"] = {
            **(feature.get("properties") or {}),
            "code": code,
            **_json_safe(lookup.get(code, {})),
        }
        out.append(item)
    return tuple(out)


def _json_safe(values: dict[Any, Any]) -> dict[str, Any]:
    return {
        k: (None if isinstance(v, float) and np.isnan(v) else v.item() if hasattr(v, "item") else v)
        for k, v in values.items()
    }


def population_by_year(variant: int = 0) -> pd.DataFrame:
    """Columns ``locality, locality_name, year, population`` for one projection variant."""
    p = pack()
    totals = p.population[variant].sum(axis=(2, 3))  # [year, locality]
    years, locs = np.meshgrid(np.array(p.years), np.arange(len(p.localities)), indexing="ij")
    return pd.DataFrame(
        {
            "locality": np.array(p.localities)[locs.ravel()],
            "locality_name": np.array(p.locality_names)[locs.ravel()],
            "year": years.ravel(),
            "population": totals.ravel().round(0),
        }
    )


@lru_cache(maxsize=1)
def localities_summary() -> pd.DataFrame:
    """One row per locality: ``code, name, population`` (base year), ``small_areas``, ``mean_imd_score``."""
    p = pack()
    by_year = population_by_year()
    base = by_year[by_year["year"] == p.base_year].set_index("locality")["population"]
    areas = small_areas()
    frame = localities()
    frame["population"] = frame["code"].map(base).astype(float)
    frame["small_areas"] = frame["code"].map(areas.groupby("locality").size()).fillna(0).astype(int)
    if "imd_score" in areas.columns:
        frame["mean_imd_score"] = frame["code"].map(areas.groupby("locality")["imd_score"].mean()).round(1)
    return frame


def _locality_slice(locality: str) -> slice | int:
    if locality == COUNTY:
        return slice(None)
    locality_name(locality)
    return pack().locality_index(locality)


def pyramid(locality: str, year: int) -> pd.DataFrame:
    """Columns ``age_band, sex, population`` (principal projection) for one locality (or the county)."""
    p = pack()
    if year not in p.years:
        raise NotFound(
            f"The data pack has no year {year}.", hint=f"Choose a year from {p.years[0]} to {p.years[-1]}."
        )
    block = p.population[0, p.year_index(year), _locality_slice(locality)]  # [(locality,) age, sex]
    if block.ndim == 3:
        block = block.sum(axis=0)
    rows = [
        {"age_band": band, "sex": sex, "population": round(float(block[a, s]))}
        for a, band in enumerate(AGE_BANDS)
        for s, sex in enumerate(SEXES)
    ]
    return pd.DataFrame(rows)


def projection(locality: str) -> pd.DataFrame:
    """Columns ``year, variant, population`` for every projection variant."""
    p = pack()
    block = p.population[:, :, _locality_slice(locality)]  # [variant, year, (locality,) age, sex]
    totals = block.sum(axis=tuple(range(2, block.ndim)))  # [variant, year]
    rows = [
        {"year": year, "variant": label, "population": round(float(totals[v, y]))}
        for v, label in enumerate(p.variant_labels)
        for y, year in enumerate(p.years)
    ]
    return pd.DataFrame(rows)


def deprivation() -> pd.DataFrame:
    """Columns ``locality_name, imd_decile, small_areas, share`` (share of the locality's small areas)."""
    areas = small_areas()
    counts = areas.groupby(["locality_name", "imd_decile"]).size().rename("small_areas").reset_index()
    counts["share"] = (
        counts["small_areas"] / counts.groupby("locality_name")["small_areas"].transform("sum")
    ).round(3)
    counts["imd_decile"] = counts["imd_decile"].astype(int)
    return counts


def clear_caches() -> None:
    """Forget cached tables (tests switching packs call this)."""
    _tables.cache_clear()
    _boundaries.cache_clear()
    features_with.cache_clear()
    localities_summary.cache_clear()
    _small_areas.cache_clear()
