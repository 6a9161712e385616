"""Places API: localities (with population by year), small areas (with IMD), sites, boundaries."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.http import HttpRequest
from ninja import Router, Schema

from careshift.apps.accounts.api_auth import require
from careshift.apps.places import data

router = Router(tags=["places"])


class LocalityOut(Schema):
    code: str
    name: str
    population: dict[int, float]  # year -> residents (principal projection)
    small_areas: int


class SmallAreaOut(Schema):
    code: str
    name: str
    locality: str
    imd_decile: int | None = None
    imd_score: float | None = None
    lat: float | None = None
    lon: float | None = None


class SiteOut(Schema):
    code: str
    name: str
    kind: str
    lat: float
    lon: float
    locality: str | None = None
    list_size: int | None = None


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    present = [c for c in columns if c in frame.columns]
    clean = frame[present].astype(object).where(frame[present].notna(), None)
    return clean.to_dict("records")  # type: ignore[return-value]


@router.get("/localities", response=list[LocalityOut], summary="Localities with population by year")
def localities(request: HttpRequest) -> list[dict[str, Any]]:
    require(request, "view")
    by_year = data.population_by_year()
    summary = data.localities_summary()
    return [
        {"code": row.code, "name": row.name, "small_areas": int(row.small_areas),
         "population": {int(y): float(v) for y, v in by_year[by_year["locality"] == row.code][["year", "population"]]
                        .itertuples(index=False)}}
        for row in summary.itertuples(index=False)
    ]


@router.get("/small-areas", response=list[SmallAreaOut], summary="Small areas (LSOAs) with IMD")
def small_areas(request: HttpRequest, locality: str | None = None) -> list[dict[str, Any]]:
    require(request, "view")
    return _records(data.small_areas(locality), list(SmallAreaOut.model_fields))


@router.get("/sites", response=list[SiteOut], summary="Hospitals and GP practices")
def sites(request: HttpRequest, kind: str | None = None) -> list[dict[str, Any]]:
    require(request, "view")
    return _records(data.sites(kind), list(SiteOut.model_fields))


@router.get("/boundaries/{level}", summary="GeoJSON boundaries: level is 'locality' or 'small_area'")
def boundaries(request: HttpRequest, level: str) -> dict[str, Any]:
    require(request, "view")
    return data.boundaries(level)
