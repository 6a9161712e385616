"""Scatter chart: one point per row on two measures, coloured by a category, e.g. stakeholders on a
power/interest grid. Scores that share a value (1-5 ratings) are spread a little, deterministically by
row, so coincident points stay visible; the tooltip gives the true values.
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
    number_tooltip,
    value_axis,
)
from careshift.site.charts.titles import ChartTitle

SPREAD = "__spread"


def _spread(index: int, width: float) -> float:
    """A fixed offset in [-width, width] for the ``index``-th row (golden-ratio steps: even, repeatable)."""
    return round(((index * 0.6180339887) % 1.0 - 0.5) * 2 * width, 3)


def scatter_spec(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    x: str,
    y: str,
    x_unit: str,
    y_unit: str,
    kind: NumberKind = "number",
    colour: str | None = None,
    colours: Mapping[Any, str] | None = None,
    domain: tuple[float, float] | None = None,
    spread: float = 0.0,
    label: str | None = None,
    extra_tooltip: Sequence[Mapping[str, Any]] = (),
    height: int = 360,
) -> dict[str, Any]:
    """The scatter chart's Vega-Lite spec (see :func:`scatter`)."""
    values = []
    for index, row in enumerate(rows):
        value = {**row, x: finite(row[x], x), y: finite(row[y], y)}
        if spread:
            value[f"{x}{SPREAD}"] = None if value[x] is None else value[x] + _spread(index, spread)
            value[f"{y}{SPREAD}"] = None if value[y] is None else value[y] + _spread(index + 7, spread)
        values.append(value)
    scale = {"domain": list(domain)} if domain else {"zero": False}
    position = {
        "x": {
            "field": f"{x}{SPREAD}" if spread else x,
            "type": "quantitative",
            "axis": value_axis(kind, x_unit),
            "scale": scale,
        },
        "y": {
            "field": f"{y}{SPREAD}" if spread else y,
            "type": "quantitative",
            "axis": value_axis(kind, y_unit),
            "scale": scale,
        },
    }
    tooltip = [
        *([{"field": label, "type": "nominal", "title": label}] if label else []),
        *([{"field": colour, "type": "nominal", "title": colour}] if colour else []),
        number_tooltip(x, x_unit, kind),
        number_tooltip(y, y_unit, kind),
        *extra_tooltip,
    ]
    if colour:
        names = list(dict.fromkeys(str(v[colour]) for v in values))
        colour_enc: dict[str, Any] = {
            "field": colour,
            "type": "nominal",
            "title": colour,
            "scale": colour_scale(names, colours),
        }
    else:
        colour_enc = {"value": palette.BLUE}
    return {
        **frame(title, values, height=height),
        "mark": {"type": "circle", "size": 120, "opacity": 0.75},
        "encoding": {**position, "color": colour_enc, "tooltip": tooltip},
    }


def scatter(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    x: str,
    y: str,
    colour: str | None = None,
    label: str | None = None,
    id: str = "",
    csv_url: str = "",
    description: str = "",
    **options: Any,
) -> ChartBlock:
    """A scatter chart block (other ``options`` are :func:`scatter_spec`'s): a point per row at (``x``,
    ``y``), coloured by ``colour``; ``spread`` moves each point by up to that much (in data units) so
    equal scores do not hide each other."""
    spec = scatter_spec(rows, title=title, x=x, y=y, colour=colour, label=label, **options)
    table = pd.DataFrame(rows, columns=[c for c in (label, colour, x, y) if c])
    return block(title, spec, table, id=id, csv_url=csv_url, description=description)
