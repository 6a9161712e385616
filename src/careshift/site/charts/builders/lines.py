"""Line chart: one line per series over an ordered or time axis (population projections, a savings
trajectory), with the series that matter told apart by more than colour: dashed (a target) or thicker
(the principal projection), so a chart still reads with more series than the palette has colours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

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

XType = Literal["ordinal", "temporal", "quantitative"]
DASH, SOLID = [6, 3], [1, 0]
# Beyond the palette's eight colours each further eight series get the next dash pattern, so colour and
# dash together tell every series apart.
DASHES = (SOLID, DASH, [2, 2], [8, 3, 2, 3])
THICK, THIN = 3.5, 1.5


def lines_spec(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    unit: str,
    x: str,
    value: str,
    kind: NumberKind = "count",
    series: str | None = None,
    x_type: XType = "ordinal",
    x_title: str | None = None,
    order: Sequence[str] | None = None,
    colours: Mapping[str, str] | None = None,
    dashed: Sequence[str] = (),
    emphasise: str | None = None,
    zero: bool = True,
    height: int = 300,
) -> dict[str, Any]:
    """The line chart's Vega-Lite spec (see :func:`lines`). Rows whose value is missing are left out
    (a line stops there rather than falling to zero)."""
    values = [
        {**row, value: number, **({series: str(row[series])} if series else {})}
        for row in rows
        if (number := finite(row[value], value)) is not None
    ]
    x_enc: dict[str, Any] = {"field": x, "type": x_type, "title": x_title}
    if x_type == "temporal":
        x_enc["axis"] = {"format": "%b %Y"}
    y_enc = {
        "field": value,
        "type": "quantitative",
        "axis": value_axis(kind, unit),
        "scale": {"zero": zero},
    }
    encoding: dict[str, Any] = {"x": x_enc, "y": y_enc}
    x_tip: dict[str, Any] = {"field": x, "type": x_type, "title": x_title or x}
    if x_type == "temporal":
        x_tip["format"] = "%b %Y"
    tooltip = [x_tip]
    if series:
        names = list(dict.fromkeys([*(order or []), *(v[series] for v in values)]))
        encoding["color"] = {
            "field": series,
            "type": "nominal",
            "title": None,
            "sort": names,
            "scale": colour_scale(names, colours),
        }
        colour_count = len(palette.CATEGORICAL)
        if dashed or len(names) > colour_count:
            dashes = [
                DASH if n in dashed else DASHES[(i // colour_count) % len(DASHES)]
                for i, n in enumerate(names)
            ]
            encoding["strokeDash"] = {
                "field": series,
                "type": "nominal",
                "sort": names,
                "scale": {"domain": names, "range": dashes},
                "legend": None,
            }
        if emphasise:
            encoding["strokeWidth"] = {
                "field": series,
                "type": "nominal",
                "sort": names,
                "scale": {"domain": names, "range": [THICK if n == emphasise else THIN for n in names]},
                "legend": None,
            }
        tooltip.append({"field": series, "type": "nominal", "title": "Series"})
    else:
        encoding["color"] = {"value": palette.BLUE}
    encoding["tooltip"] = [*tooltip, number_tooltip(value, unit, kind)]
    transforms = label_transforms((value,), kind)
    return {
        **frame(title, values, height=height),
        **({"transform": transforms} if transforms else {}),
        "mark": {"type": "line", "point": True},
        "encoding": encoding,
    }


def lines(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    x: str,
    value: str,
    series: str | None = None,
    id: str = "",
    csv_url: str = "",
    **options: Any,
) -> ChartBlock:
    """A line chart block (other ``options`` are :func:`lines_spec`'s): ``rows`` have ``x``, ``value``
    and, when ``series`` names a column, one line per value of it (``order`` first, in that order);
    ``dashed`` series are drawn dashed (targets), ``emphasise`` thicker (the principal one); beyond eight
    series, each further eight are dashed differently (the palette has eight colours). ``zero=False``
    lets the axis start near the data."""
    spec = lines_spec(rows, title=title, x=x, value=value, series=series, **options)
    columns = [x, *([series] if series else []), value]
    return block(title, spec, pd.DataFrame(rows, columns=columns), id=id, csv_url=csv_url)
