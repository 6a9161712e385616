"""Places API: localities (with population by year), small areas (with IMD), sites, boundaries."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.http import HttpRequest
from ninja import Router, Schema

from careshift.apps.accounts.api_auth import require
from careshift.apps.places import data
from careshift.site.api_errors import ErrorOut

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
    series = {
        code: dict(zip(g["year"].astype(int), g["population"].astype(float), strict=True))
        for code, g in by_year.groupby("locality")
    }
    summary = data.localities_summary()
    return [
        {"code": code, "name": name, "small_areas": small, "population": series.get(code, {})}
        for code, name, small in zip(
            summary["code"], summary["name"], summary["small_areas"].astype(int), strict=True
        )
    ]


@router.get(
    "/small-areas", response={200: list[SmallAreaOut], 404: ErrorOut}, summary="Small areas (LSOAs) with IMD"
)
def small_areas(request: HttpRequest, locality: str | None = None) -> list[dict[str, Any]]:
    require(request, "view")
    return _records(data.small_areas(locality), list(SmallAreaOut.model_fields))


@router.get("/sites", response={200: list[SiteOut], 404: ErrorOut}, summary="Hospitals and GP practices")
def sites(request: HttpRequest, kind: str | None = None) -> list[dict[str, Any]]:
    require(request, "view")
    return _records(data.sites(kind), list(SiteOut.model_fields))


@router.get("/boundaries/{level}", summary="GeoJSON boundaries: level is 'locality' or 'small_area'")
def boundaries(request: HttpRequest, level: str) -> dict[str, Any]:
    require(request, "view")
    return data.boundaries(level)
