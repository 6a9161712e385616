"""Distribution of a measure over the Monte Carlo iterations: a histogram (or a smoothed density), with
the P10, median and P90 marked, one colour per series (scenarios, settings).

Bins are computed here with NumPy (the same edges for every series), so the table behind the chart is
the one the chart draws and each bar's tooltip names its range as £20m to £25m, 10% to 12.5%.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from careshift.site.charts import palette
from careshift.site.charts.blocks import ChartBlock
from careshift.site.charts.builders.common import (
    NumberKind,
    block,
    check_kind,
    colour_scale,
    finite,
    frame,
    label_transforms,
    number_tooltip,
    value_axis,
)
from careshift.site.charts.formatting import count, money, share
from careshift.site.charts.titles import ChartTitle

BINS = 30
MARKERS = {"p10": ("P10", 10), "p50": ("Median", 50), "p90": ("P90", 90)}
SERIES = "series"


def _words(value: float, kind: NumberKind) -> str:
    if kind == "number":
        return f"{value:,.3g}"
    return {"money": money, "share": share, "count": count}[kind](value)


def _clean(samples: Mapping[str, Sequence[Any]]) -> dict[str, np.ndarray]:
    arrays = {}
    for name, values in samples.items():
        numbers = [finite(v, f"an iteration of {name}") for v in values]
        array = np.array([v for v in numbers if v is not None], dtype=float)
        if array.size == 0:
            raise ValueError(f"{name} has no iterations to show.")
        arrays[str(name)] = array
    if not arrays:
        raise ValueError("A distribution needs at least one series of iterations.")
    return arrays


def histogram_rows(
    samples: Mapping[str, Sequence[Any]], *, bins: int = BINS, kind: NumberKind = "count"
) -> list[dict[str, Any]]:
    """Each series' iterations counted into ``bins`` shared bins: ``series, start, end, iterations,
    share`` (of that series' iterations) and a ``range`` in words."""
    check_kind(kind)
    if bins < 1:
        raise ValueError(f"A histogram needs at least one bin, not {bins}.")
    arrays = _clean(samples)
    edges = np.histogram_bin_edges(np.concatenate(list(arrays.values())), bins=bins)
    rows = []
    for name, array in arrays.items():
        counts, _ = np.histogram(array, bins=edges)
        for start, end, n in zip(edges[:-1], edges[1:], counts, strict=True):
            rows.append(
                {
                    SERIES: name,
                    "start": float(start),
                    "end": float(end),
                    "iterations": int(n),
                    "share": float(n) / array.size,
                    "range": f"{_words(float(start), kind)} to {_words(float(end), kind)}",
                }
            )
    return rows


def marker_rows(samples: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """P10, median and P90 of each series (``series, marker, value``)."""
    return [
        {SERIES: name, "marker": label, "value": float(np.percentile(array, q))}
        for name, array in _clean(samples).items()
        for label, q in MARKERS.values()
    ]


def distribution_spec(
    samples: Mapping[str, Sequence[Any]],
    *,
    title: ChartTitle,
    unit: str,
    kind: NumberKind = "count",
    bins: int = BINS,
    density: bool = False,
    colours: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The distribution's Vega-Lite spec (see :func:`distribution`)."""
    rows = histogram_rows(samples, bins=bins, kind=kind)
    markers = marker_rows(samples)
    names = list(dict.fromkeys(r[SERIES] for r in rows))
    colour = {"field": SERIES, "type": "nominal", "title": None, "scale": colour_scale(names, colours)}
    if len(names) == 1:
        colour = {"value": (colours or {}).get(names[0], palette.BLUE)}
    x_axis = value_axis(kind, unit)
    y = {"field": "share", "type": "quantitative", "axis": value_axis("share", "Share of iterations")}
    shape = _density_layer(colour, x_axis, y) if density else _histogram_layer(colour, x_axis, y, unit)
    rules = {
        "data": {"values": markers},
        **({"transform": t} if (t := label_transforms(("value",), kind)) else {}),
        "mark": {"type": "rule", "strokeDash": [4, 3], "strokeWidth": 1.5},
        "encoding": {
            "x": {"field": "value", "type": "quantitative"},
            "color": colour,
            "tooltip": [
                *([{"field": SERIES, "type": "nominal", "title": "Series"}] if len(names) > 1 else []),
                {"field": "marker", "type": "nominal", "title": "Marker"},
                number_tooltip("value", unit, kind),
            ],
        },
    }
    return {**frame(title, rows), "layer": [shape, rules]}


def _histogram_layer(
    colour: dict[str, Any], x_axis: dict[str, Any], y: dict[str, Any], unit: str
) -> dict[str, Any]:
    return {
        "mark": {"type": "bar", "opacity": 0.7, "binSpacing": 0},
        "encoding": {
            "x": {"field": "start", "type": "quantitative", "axis": x_axis, "bin": {"binned": True}},
            "x2": {"field": "end"},
            "y": {**y, "stack": None},
            "color": colour,
            "tooltip": [
                {"field": SERIES, "type": "nominal", "title": "Series"},
                {"field": "range", "type": "nominal", "title": unit},
                number_tooltip("iterations", "Iterations", "count"),
                number_tooltip("share", "Share of iterations", "share"),
            ],
        },
    }


def _density_layer(colour: dict[str, Any], x_axis: dict[str, Any], y: dict[str, Any]) -> dict[str, Any]:
    """A smooth outline through the histogram's bar middles (the same numbers as the table)."""
    return {
        "transform": [{"calculate": "(datum.start + datum.end) / 2", "as": "middle"}],
        "mark": {"type": "area", "opacity": palette.BAND_OPACITY, "line": True, "interpolate": "monotone"},
        "encoding": {
            "x": {"field": "middle", "type": "quantitative", "axis": x_axis},
            "y": {**y, "stack": None},
            "color": colour,
            "detail": {"field": SERIES, "type": "nominal"},
        },
    }


def distribution(
    samples: Mapping[str, Sequence[Any]] | Sequence[Any],
    *,
    title: ChartTitle,
    unit: str,
    kind: NumberKind = "count",
    bins: int = BINS,
    density: bool = False,
    colours: Mapping[str, str] | None = None,
    id: str = "",
    csv_url: str = "",
) -> ChartBlock:
    """A distribution block. ``samples`` are a measure's iterations, or a mapping of series name to
    iterations (NaN dropped, infinity refused). ``density=True`` draws smoothed outlines instead of bars.
    Dashed rules mark each series' P10, median and P90."""
    named = samples if isinstance(samples, Mapping) else {unit: samples}
    spec = distribution_spec(
        named, title=title, unit=unit, kind=kind, bins=bins, density=density, colours=colours
    )
    table = pd.DataFrame(spec["data"]["values"]).rename(
        columns={SERIES: "Series", "range": unit, "iterations": "Iterations", "share": "Share of iterations"}
    )[["Series", unit, "Iterations", "Share of iterations"]]
    return block(title, spec, table, id=id, csv_url=csv_url)
