"""Interval chart: a range (P10-P90, a bar) per category with a point inside or outside it, e.g. a
savings plan against the model's range for each year; the median, when given, is a tick across the bar.
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
    finite,
    frame,
    label_transforms,
    number_tooltip,
    value_axis,
)
from careshift.site.charts.titles import ChartTitle


def interval_spec(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    unit: str,
    category: str,
    low: str,
    high: str,
    point: str,
    middle: str | None = None,
    kind: NumberKind = "count",
    category_title: str | None = None,
    extra_tooltip: Sequence[Mapping[str, Any]] = (),
    height: int = 240,
) -> dict[str, Any]:
    """The interval chart's Vega-Lite spec (see :func:`interval`)."""
    numbers = [low, high, point, *([middle] if middle else [])]
    values = [{**row, **{f: finite(row[f], f) for f in numbers}} for row in rows]
    x = {"field": category, "type": "ordinal", "title": category_title}
    tooltip = [
        {"field": category, "type": "ordinal", "title": category_title or category},
        *(number_tooltip(f, f, kind) for f in numbers),
        *extra_tooltip,
    ]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "opacity": 0.35, "size": 26, "color": palette.BLUE},
            "encoding": {
                "x": x,
                "y": {"field": low, "type": "quantitative", "axis": value_axis(kind, unit)},
                "y2": {"field": high},
                "tooltip": tooltip,
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 90, "color": palette.RED},
            "encoding": {"x": x, "y": {"field": point, "type": "quantitative"}, "tooltip": tooltip},
        },
    ]
    if middle:
        layers.insert(
            1,
            {
                "mark": {"type": "tick", "size": 26, "thickness": 2, "color": palette.DARK_BLUE},
                "encoding": {"x": x, "y": {"field": middle, "type": "quantitative"}, "tooltip": tooltip},
            },
        )
    transforms = label_transforms(numbers, kind)
    return {
        **frame(title, values, height=height),
        **({"transform": transforms} if transforms else {}),
        "layer": layers,
    }


def interval(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    category: str,
    low: str,
    high: str,
    point: str,
    middle: str | None = None,
    id: str = "",
    csv_url: str = "",
    **options: Any,
) -> ChartBlock:
    """An interval chart block (other ``options`` are :func:`interval_spec`'s): per ``category`` a bar
    from ``low`` to ``high`` (shaded blue), a red ``point`` (the plan, the observed figure) and, when
    given, a tick at ``middle`` (the median)."""
    spec = interval_spec(
        rows, title=title, category=category, low=low, high=high, point=point, middle=middle, **options
    )
    columns = [category, low, *([middle] if middle else []), high, point]
    return block(title, spec, pd.DataFrame(rows, columns=columns), id=id, csv_url=csv_url)
