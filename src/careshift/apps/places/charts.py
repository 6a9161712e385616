"""Places charts as Vega-Lite specs, all from the shared builders (careshift.site.charts.builders): the
map (choropleth with outlines and sites), the pyramid (stacked bars), the projection (lines) and
deprivation (normalised bars).

Each function takes the tidy table from :mod:`careshift.apps.places.data` and returns a spec dict; the
map is drawn from GeoJSON with ``geoshape`` marks (no tile server).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from careshift.apps.places import data
from careshift.site.charts import builders, palette
from careshift.site.charts.titles import ChartTitle

SITE_SIZES = [160, 90, 25, 60]  # acute, community, GP practice, other (area in square pixels)
MAP_COLOURINGS = {
    "locality": "Locality",
    "imd": "Deprivation (IMD decile)",
    "population": "Population",
}


AREA_TOOLTIP = (
    ("name", "Small area"),
    ("locality_name", "Locality"),
    ("imd_decile", "IMD decile (1 = most deprived)"),
)


def _area_columns() -> tuple[str, ...]:
    columns: tuple[str, ...] = ("name", "locality_name", "imd_decile")
    if "population" in data.small_areas().columns:
        columns += ("population",)
    return columns


def _colouring(colour_by: str) -> dict[str, Any]:
    """The map builder's arguments that colour the areas as ``colour_by`` says."""
    if colour_by == "imd":
        return {
            "colour": "imd_decile",
            "unit": "IMD decile",
            "colour_type": "ordinal",
            "scheme": palette.DEPRIVATION_SCHEME,
            "reverse": True,
            "domain": list(range(1, 11)),
        }
    if colour_by == "population":
        return {
            "colour": "population",
            "unit": "Residents",
            "kind": "count",
            "scheme": palette.SEQUENTIAL_SCHEME,
        }
    names = list(data.localities()["name"])
    return {
        "colour": "locality_name",
        "unit": "Locality",
        "colour_type": "nominal",
        "domain": names,
        "colours": dict(zip(names, palette.categorical(len(names)), strict=True)),
    }


def _sites() -> dict[str, Any]:
    """The map builder's ``points``: every site, one shape and size per kind, in the warning red."""
    columns = ["name", "kind_label", "lat", "lon", "list_size"]
    points = [
        {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
        for row in builders.rows_of(data.sites()[columns])
    ]
    return {
        "points": points,
        "kind": "kind_label",
        "kinds": list(data.SITE_KIND_LABELS.values()),
        "sizes": SITE_SIZES,
        "colour": palette.RED,
        "tooltip": [
            {"field": "list_size", "type": "quantitative", "title": "Registered patients", "format": ","}
        ],
    }


def map_spec(colour_by: str) -> dict[str, Any]:
    """Small areas coloured by locality, deprivation decile or residents (localities when the pack has no
    small-area population), locality outlines and the sites, on the shared map builder."""
    colouring = _colouring(colour_by)
    areas: tuple[dict[str, Any], ...]
    tooltip: tuple[tuple[str, str], ...] = AREA_TOOLTIP
    if colour_by == "population" and "population" not in _area_columns():
        areas, tooltip = data.features_with("locality", ("name", "population")), (("name", "Locality"),)
    else:
        areas = data.features_with("small_area", _area_columns())
    title = ChartTitle(
        f"Localities and small areas, coloured by {MAP_COLOURINGS[colour_by].lower()}", where="Oxfordshire"
    )
    return builders.choropleth_spec(
        areas,
        title=title,
        tooltip=tooltip,
        outlines=data.features_with("locality", ("name", "population")),
        points=_sites(),
        **colouring,
    )


def pyramid_spec(table: pd.DataFrame, title: ChartTitle) -> dict[str, Any]:
    """Males to the left, females to the right, by age band; the axis and the tooltips read residents
    (the bars are drawn on a signed value)."""
    signed = table.assign(signed=table["population"].where(table["sex"] == "female", -table["population"]))
    spec = builders.bars_spec(
        builders.rows_of(signed),
        title=title,
        unit="Residents (males left, females right)",
        category="age_band",
        value="signed",
        series="sex",
        mode="stacked",
        colours=palette.SEX,
        order=list(reversed(data.AGE_BANDS)),
        category_title="Age band",
        series_title="Sex",
    )
    spec["encoding"]["x"]["axis"]["labelExpr"] = "format(abs(datum.value), ',')"
    tooltip = [t for t in spec["encoding"]["tooltip"] if t["field"] != "signed"]
    spec["encoding"]["tooltip"] = [
        *tooltip,
        {"field": "population", "type": "quantitative", "title": "Residents", "format": ","},
    ]
    return spec


def projection_spec(table: pd.DataFrame, title: ChartTitle) -> dict[str, Any]:
    """Lines per variant; the principal projection (the pack's first variant) is drawn thickest, and
    variants beyond the palette's eight colours are dashed."""
    order = list(data.pack().variant_labels)
    return builders.lines_spec(
        builders.rows_of(table),
        title=title,
        unit="Residents",
        x="year",
        x_title="Year",
        value="population",
        series="variant",
        order=order,
        emphasise=order[0],
        zero=False,
        height=360,
    )


def deprivation_spec(table: pd.DataFrame, title: ChartTitle) -> dict[str, Any]:
    """Each locality's small areas as shares by IMD decile, decile 1 (most deprived) darkest."""
    rows = builders.rows_of(table)
    return builders.bars_spec(
        rows,
        title=title,
        unit="Share of the locality's small areas",
        kind="share",
        category="locality_name",
        value="share",
        series="imd_decile",
        mode="normalize",
        scheme=palette.DEPRIVATION_SCHEME,
        reverse=True,
        category_title="Locality",
        series_title="IMD decile (1 = most deprived)",
        extra_tooltip=[{"field": "small_areas", "type": "quantitative", "title": "Small areas"}],
    )
