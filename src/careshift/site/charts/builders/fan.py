"""Fan chart: the P10-P90 band shaded and the median (P50) drawn as a line, over the years.

One band per series (scenarios in a comparison, measures on one chart) in the palette's order; a target
is a dashed red step line. The y axis and the tooltips write numbers as the measure's kind says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from careshift.site.charts import palette
from careshift.site.charts.blocks import ChartBlock
from careshift.site.charts.builders.common import (
    NumberKind,
    block,
    colour_scale,
    finite,
    frame,
    label_transforms,
    number_tooltip,
    value_axis,
)
from careshift.site.charts.titles import ChartTitle

QUANTILES = ("p10", "p50", "p90")
QUANTILE_TITLES = {"p10": "P10", "p50": "Median (P50)", "p90": "P90"}


def fan_values(
    rows: Sequence[Mapping[str, Any]],
    *,
    x: str = "year",
    series: str | None = None,
    target: Sequence[Mapping[str, Any]] | None = None,
    order: str | None = None,
) -> list[dict[str, Any]]:
    """The rows as the spec's data: ``x``, the series, p10/p50/p90 (NaN as null) and the target by ``x``."""
    targets = {t[x]: finite(t["target"], "target") for t in target or []}
    values = []
    for row in rows:
        value: dict[str, Any] = {x: row[x], **({order: row[order]} if order else {})}
        if series:
            value[series] = str(row[series])
        value |= {q: finite(row[q], q) for q in QUANTILES}
        if target:
            value["target"] = targets.get(row[x])
        values.append(value)
    return values


def fan_spec(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    unit: str,
    kind: NumberKind = "count",
    series: str | None = None,
    target: Sequence[Mapping[str, Any]] | None = None,
    x: str = "year",
    x_title: str = "Year",
    order: str | None = None,
    colours: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The fan chart's Vega-Lite spec (see :func:`fan`)."""
    values = fan_values(rows, x=x, series=series, target=target, order=order)
    x_enc: dict[str, Any] = {"field": x, "type": "ordinal", "title": x_title}
    if order:
        x_enc["sort"] = {"field": order}
    if series:
        domain = [v[series] for v in values]
        colour: dict[str, Any] = {
            "field": series,
            "type": "nominal",
            "title": None,
            "scale": colour_scale(domain, colours),
        }
    else:
        colour = {"value": palette.BLUE}
    tooltip = [
        {"field": x, "type": "ordinal", "title": x_title},
        *([{"field": series, "type": "nominal", "title": "Series"}] if series else []),
        *(number_tooltip(q, QUANTILE_TITLES[q], kind) for q in QUANTILES),
    ]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "area", "opacity": palette.BAND_OPACITY},
            "encoding": {
                "x": x_enc,
                "y": {"field": "p10", "type": "quantitative", "axis": value_axis(kind, unit)},
                "y2": {"field": "p90"},
                "color": colour,
            },
        },
        {
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": x_enc,
                "y": {"field": "p50", "type": "quantitative"},
                "color": colour,
                "tooltip": tooltip,
            },
        },
    ]
    if target:
        layers.append(
            {
                "mark": {
                    "type": "line",
                    "strokeDash": [6, 4],
                    "color": palette.TARGET,
                    "interpolate": "step-after",
                },
                "encoding": {
                    "x": x_enc,
                    "y": {"field": "target", "type": "quantitative"},
                    "tooltip": [
                        {"field": x, "type": "ordinal", "title": x_title},
                        number_tooltip("target", "Target", kind),
                    ],
                },
            }
        )
    fields = [*QUANTILES, *(["target"] if target else [])]
    transforms = label_transforms(fields, kind)
    return {**frame(title, values), **({"transform": transforms} if transforms else {}), "layer": layers}


def fan(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    series: str | None = None,
    target: Sequence[Mapping[str, Any]] | None = None,
    x: str = "year",
    x_title: str = "Year",
    id: str = "",
    csv_url: str = "",
    **options: Any,
) -> ChartBlock:
    """A fan chart block (other ``options`` are :func:`fan_spec`'s: ``unit``, ``kind``, ``order``,
    ``colours``). ``rows`` have ``year`` (or ``x``), ``p10``, ``p50``, ``p90`` and, when ``series`` names
    a column, one band per value of it; ``target`` rows (``year, target``) draw a dashed red line.
    ``order`` names a column that sorts the x axis (months by number). ``kind`` is ``money``, ``share``,
    ``count`` or ``number``."""
    spec = fan_spec(rows, title=title, series=series, target=target, x=x, x_title=x_title, **options)
    columns = {x: x_title, **({series: "Series"} if series else {}), **QUANTILE_TITLES}
    table = pd.DataFrame(spec["data"]["values"], columns=[*columns, *(["target"] if target else [])])
    table = table.rename(columns={**columns, "target": "Target"})
    return block(title, spec, table, id=id, csv_url=csv_url)
