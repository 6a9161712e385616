"""Places charts as Vega-Lite specs: the map, the pyramid and the projection built with Altair; deprivation
with the shared bar builder (careshift.site.charts.builders).

Each function takes the tidy table from :mod:`careshift.apps.places.data` and returns a spec dict; the
map is drawn from GeoJSON with ``geoshape`` marks (no tile server).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from careshift.apps.places import data
from careshift.site.charts import builders, palette
from careshift.site.charts.titles import ChartTitle

WIDTH = "container"
SITE_SIZES = [160, 90, 25, 60]  # acute, community, GP practice, other (area in square pixels)
MAP_COLOURINGS = {
    "locality": "Locality",
    "imd": "Deprivation (IMD decile)",
    "population": "Population",
}


def _scheme(name: str, **options: Any) -> alt.Scale:
    """A colour scale on one of the palette's Vega schemes (Altair types ``scheme`` as a literal)."""
    return alt.Scale(scheme=name, **options)  # type: ignore[arg-type]


def _area_columns() -> tuple[str, ...]:
    columns: tuple[str, ...] = ("name", "locality_name", "imd_decile")
    if "population" in data.small_areas().columns:
        columns += ("population",)
    return columns


def _area_layer(colour_by: str) -> alt.Chart:
    columns = _area_columns()
    base = alt.Chart(alt.Data(name="small_areas")).mark_geoshape(stroke="white", strokeWidth=0.3)
    tooltip = [
        alt.Tooltip("properties.name:N", title="Small area"),
        alt.Tooltip("properties.locality_name:N", title="Locality"),
        alt.Tooltip("properties.imd_decile:O", title="IMD decile (1 = most deprived)"),
    ]
    if colour_by == "imd":
        colour = alt.Color(
            "properties.imd_decile:O",
            title="IMD decile",
            scale=_scheme(palette.DEPRIVATION_SCHEME, reverse=True, domain=list(range(1, 11))),
        )
    elif colour_by == "population" and "population" in columns:
        colour = alt.Color(
            "properties.population:Q", title="Residents", scale=_scheme(palette.SEQUENTIAL_SCHEME)
        )
        tooltip.append(alt.Tooltip("properties.population:Q", title="Residents", format=","))
    elif colour_by == "population":
        return _locality_population_layer()
    else:
        names = list(data.localities()["name"])
        colour = alt.Color(
            "properties.locality_name:N",
            title="Locality",
            scale=alt.Scale(domain=names, range=palette.categorical(len(names))),
        )
    return base.encode(color=colour, tooltip=tooltip)


def _locality_population_layer() -> alt.Chart:
    features = list(data.features_with("locality", ("name", "population")))
    return (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="white", strokeWidth=1)
        .encode(
            color=alt.Color(
                "properties.population:Q",
                title="Residents",
                scale=_scheme(palette.SEQUENTIAL_SCHEME),
            ),
            tooltip=[
                alt.Tooltip("properties.name:N", title="Locality"),
                alt.Tooltip("properties.population:Q", title="Residents", format=","),
            ],
        )
    )


def _outline_layer() -> alt.Chart:
    # Decorative (the localities are named by the areas' tooltips and the tables): hidden from assistive
    # technology, as an unnamed graphic would be announced with no text (axe: svg-img-alt).
    return alt.Chart(alt.Data(name="localities")).mark_geoshape(
        fill=None, stroke=palette.OUTLINE, strokeWidth=1.2, aria=False
    )


def _sites_layer(sites: pd.DataFrame) -> alt.Chart:
    kinds = list(data.SITE_KIND_LABELS.values())
    return (
        alt.Chart(sites)
        .mark_point(filled=True, opacity=0.9, stroke="white", strokeWidth=0.5)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            shape=alt.Shape("kind_label:N", title="Sites", scale=alt.Scale(domain=kinds)),
            size=alt.Size("kind_label:N", title="Sites", scale=alt.Scale(domain=kinds, range=SITE_SIZES)),
            color=alt.value(palette.RED),
            tooltip=[
                alt.Tooltip("name:N", title="Site"),
                alt.Tooltip("kind_label:N", title="Kind"),
                alt.Tooltip("list_size:Q", title="Registered patients", format=","),
            ],
        )
    )


def map_spec(colour_by: str) -> dict[str, Any]:
    layers = [_area_layer(colour_by), _outline_layer(), _sites_layer(data.sites())]
    chart = alt.layer(*layers).properties(width=WIDTH, height=560).project(type="mercator")
    spec: dict[str, Any] = chart.resolve_scale(color="independent").to_dict()
    # The boundaries (~700 KB of GeoJSON) join the spec as named datasets after Altair has validated the
    # layers: passing them through Altair would walk every coordinate (seconds per map).
    spec.setdefault("datasets", {}).update(
        small_areas=list(data.features_with("small_area", _area_columns())),
        localities=list(data.features_with("locality", ("name", "population"))),
    )
    return spec


def pyramid_spec(table: pd.DataFrame, title: str) -> dict[str, Any]:
    signed = table.assign(signed=table["population"].where(table["sex"] == "female", -table["population"]))
    order = list(reversed(data.AGE_BANDS))
    chart = (
        alt.Chart(signed, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("age_band:N", sort=order, title="Age band"),
            x=alt.X(
                "signed:Q",
                title="Residents (males left, females right)",
                axis=alt.Axis(labelExpr="abs(datum.value)"),
            ),
            color=alt.Color(
                "sex:N",
                title="Sex",
                scale=alt.Scale(domain=list(palette.SEX), range=list(palette.SEX.values())),
            ),
            tooltip=["age_band:N", "sex:N", alt.Tooltip("population:Q", format=",")],
        )
        .properties(width=WIDTH, height=420)
    )
    return chart.to_dict()


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
