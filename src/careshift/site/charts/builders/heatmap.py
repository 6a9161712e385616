"""Heat map: a grid of cells, one per (x, y) pair, coloured by a measure or by a named band, each cell
labelled with its value so that colour is never the only cue (the programme's 5x5 risk matrix, an
appraisal's scores by criterion)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from careshift.site.charts import palette
from careshift.site.charts.blocks import ChartBlock
from careshift.site.charts.builders.common import (
    NumberKind,
    accessor,
    block,
    finite,
    frame,
    label_transforms,
    number_tooltip,
)
from careshift.site.charts.formatting import D3_FORMAT, money_expr
from careshift.site.charts.titles import ChartTitle

CELL = 52  # pixels a side when the grid sets its own size


def heatmap_spec(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    x: str,
    y: str,
    value: str,
    unit: str,
    kind: NumberKind = "count",
    colour: str | None = None,
    colours: Mapping[Any, str] | None = None,
    scheme: str = palette.SEQUENTIAL_SCHEME,
    domain: Sequence[float] | None = None,
    label: str | None = None,
    label_kind: NumberKind | None = None,
    colour_title: str | None = None,
    x_order: Sequence[Any] | str | None = None,
    y_order: Sequence[Any] | str | None = None,
    x_type: str = "nominal",
    y_type: str = "nominal",
    extra_tooltip: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The heat map's Vega-Lite spec (see :func:`heatmap`)."""
    colour_field = colour or value
    values = [{**row, value: finite(row[value], value)} for row in rows]
    if colours is not None:
        bands = [b for b in colours if any(v[colour_field] == b for v in values)] or list(colours)
        colour_enc: dict[str, Any] = {
            "field": colour_field,
            "type": "nominal",
            "title": colour_title or (colour_field.capitalize() if colour else unit),
            "scale": {"domain": bands, "range": [colours[b] for b in bands]},
        }
    else:
        scale: dict[str, Any] = {"scheme": scheme, **({"domain": list(domain)} if domain is not None else {})}
        colour_enc = {
            "field": colour_field,
            "type": "quantitative",
            "title": colour_title or unit,
            "scale": scale,
        }
    base = {
        "x": _position(x, x_type, x_order, {"labelAngle": -30, "labelLimit": 160}),
        "y": _position(y, y_type, y_order, {}),
    }
    tooltip = [
        {"field": y, "type": y_type, "title": y},
        {"field": x, "type": x_type, "title": x},
        number_tooltip(value, unit, kind),
        *extra_tooltip,
    ]
    label_field = label or value
    text = _text(label_field, label_kind or kind)
    transforms = [
        *label_transforms((value,), kind),
        *([{"calculate": money_expr(accessor(label_field)), "as": "__text"}] if text is None else []),
    ]
    cells = {
        "mark": {"type": "rect", "stroke": palette.WHITE},
        "encoding": {**base, "color": colour_enc, "tooltip": tooltip},
    }
    labels = {
        "mark": {"type": "text", "fontSize": 12, "fontWeight": "bold", "color": palette.BLACK},
        "encoding": {**base, "text": text or {"field": "__text", "type": "nominal"}},
    }
    xs, ys = len({v[x] for v in values}), len({v[y] for v in values})
    return {
        **frame(title, values, width=max(CELL * xs, 200), height=max(CELL * ys, 120)),
        **({"transform": transforms} if transforms else {}),
        "layer": [cells, labels],
    }


def _position(
    field: str, kind: str, order: Sequence[Any] | str | None, axis: dict[str, Any]
) -> dict[str, Any]:
    enc: dict[str, Any] = {"field": field, "type": kind, "title": field}
    if order is not None:
        enc["sort"] = order if isinstance(order, str) else list(order)
    if axis and kind == "nominal":
        enc["axis"] = axis
    return enc


def _text(field: str, kind: NumberKind) -> dict[str, Any] | None:
    """The cell label: a d3 format for shares, counts and numbers; None for money (a calculated label)."""
    if kind == "money":
        return None
    fmt = ",.3~r" if kind == "number" else D3_FORMAT[kind]
    return {"field": field, "type": "quantitative", "format": fmt}


def heatmap(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    id: str = "",
    csv_url: str = "",
    **options: Any,
) -> ChartBlock:
    """A heat map block (``options`` are :func:`heatmap_spec`'s). ``rows`` have ``x``, ``y`` and ``value``.
    Cells are coloured by ``value`` on the sequential ``scheme`` (``domain`` fixes its ends), or by the
    ``colour`` column's bands through ``colours`` (e.g. ``palette.RISK_BANDS``). Each cell is labelled
    with ``label`` (default: the value)."""
    spec = heatmap_spec(rows, title=title, **options)
    return block(title, spec, pd.DataFrame(spec["data"]["values"]), id=id, csv_url=csv_url)
