"""Vega-Lite charts built with Altair: fan charts (P10-P90 band and median), overlays and waterfalls.

Each function takes plain rows and returns ``chart.to_dict()``, which the page renders with vega-embed
through ``<div data-vega-spec="...">``; the same spec exports as PNG/SVG from the chart's menu.
"""

from __future__ import annotations

import functools
from typing import Any

import altair as alt
import pandas as pd

WIDTH, HEIGHT = "container", 260
NHS_BLUE = "#005eb8"
TARGET_COLOUR = "#d5281b"


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict(validate=False)
    return spec


def fan(
    rows: list[dict[str, Any]],
    *,
    title: str,
    unit: str,
    series: str | None = None,
    target: list[dict[str, Any]] | None = None,
    percent: bool = False,
) -> dict[str, Any]:
    """A fan chart: the P10-P90 band shaded and the median (P50) as a line, over the years.

    ``rows`` have ``year, p10, p50, p90`` and, when ``series`` names a column, one band per value of it
    (scenarios in a comparison, measures on one chart). ``target`` rows (``year, target``) draw a dashed
    line. The chart's shape is built with Altair once per kind of chart and the rows dropped into it,
    which keeps a results page quick to build.
    """
    targets = {int(t["year"]): t["target"] for t in target or []}
    values = [
        {
            "year": int(r["year"]),
            **({series: r[series]} if series else {}),
            **{q: _number(r[q]) for q in ("p10", "p50", "p90")},
            **({"target": targets.get(int(r["year"]))} if target else {}),
        }
        for r in rows
    ]
    return with_values(_fan_shape(title, unit, series, bool(target), percent), values)


def _number(value: Any) -> float | None:
    number = float(value)
    return None if number != number else number  # NaN is not JSON


def with_values(shape: dict[str, Any], values: list[dict[str, Any]]) -> dict[str, Any]:
    """A copy of a chart spec with its one dataset replaced by ``values``."""
    spec = {k: v for k, v in shape.items() if k != "datasets"}
    spec["data"] = {"values": values}
    return spec


@functools.lru_cache(maxsize=256)
def _fan_shape(title: str, unit: str, series: str | None, target: bool, percent: bool) -> dict[str, Any]:
    columns = {"year": [2024], "p10": [0.0], "p50": [0.0], "p90": [0.0]}
    columns |= {series: ["a"]} if series else {}
    columns |= {"target": [0.0]} if target else {}
    axis_format = ".0%" if percent else ",.0f"
    x = alt.X("year:O", title="Year")
    colour: Any = (
        alt.Color(f"{series}:N", title=None, legend=alt.Legend(orient="bottom"))
        if series
        else alt.value(NHS_BLUE)
    )
    tooltip = [
        alt.Tooltip("year:O", title="Year"),
        *([alt.Tooltip(f"{series}:N")] if series else []),
        *(alt.Tooltip(f"{q}:Q", title=q.upper(), format=axis_format) for q in ("p10", "p50", "p90")),
    ]
    base = alt.Chart().encode(x=x, color=colour)
    layers: list[Any] = [
        base.mark_area(opacity=0.25).encode(
            y=alt.Y("p10:Q", title=unit, axis=alt.Axis(format=axis_format)), y2="p90:Q"
        ),
        base.mark_line(point=True).encode(y="p50:Q", tooltip=tooltip),
    ]
    if target:
        layers.append(
            alt.Chart()
            .mark_line(strokeDash=[6, 4], color=TARGET_COLOUR, interpolate="step-after")
            .encode(
                x=x, y="target:Q", tooltip=[alt.Tooltip("year:O"), alt.Tooltip("target:Q", format=",.0f")]
            )
        )
    chart = alt.layer(*layers, data=pd.DataFrame(columns)).properties(title=title, width=WIDTH, height=HEIGHT)
    return _spec(chart)


def waterfall_bars(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bar extents for a waterfall: ``baseline`` and ``final`` stand on zero; each step floats from the
    running total. Rows are ``step, value`` in order."""
    bars, running = [], 0.0
    for position, row in enumerate(rows):
        step, value = row["step"], float(row["value"])
        if step in ("baseline", "final"):
            start, end, kind = 0.0, value, "total"
            running = value
        else:
            start, end = running, running + value
            kind = "increase" if value >= 0 else "decrease"
            running = end
        bars.append(
            {
                "position": position,
                "step": step_label(step),
                "start": start,
                "end": end,
                "value": value,
                "kind": kind,
            }
        )
    return bars


STEP_LABELS = {"baseline", "demography", "non_demographic_growth", "final"}


def step_label(step: str) -> str:
    """'non_demographic_growth' -> 'Non demographic growth'; lever names are shown as written."""
    return step.replace("_", " ").capitalize() if step in STEP_LABELS else step


def waterfall(rows: list[dict[str, Any]], *, title: str, unit: str) -> dict[str, Any]:
    """What drove the change between the base year and the horizon (the median run)."""
    return with_values(_waterfall_shape(title, unit), waterfall_bars(rows))


@functools.lru_cache(maxsize=64)
def _waterfall_shape(title: str, unit: str) -> dict[str, Any]:
    data = pd.DataFrame(waterfall_bars([{"step": "baseline", "value": 0.0}]))
    colours = alt.Scale(domain=["total", "increase", "decrease"], range=[NHS_BLUE, "#ed8b00", "#007f3b"])
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("step:N", sort=alt.SortField("position"), title=None, axis=alt.Axis(labelAngle=-30)),
            y=alt.Y("start:Q", title=unit, axis=alt.Axis(format=",.0f")),
            y2="end:Q",
            color=alt.Color("kind:N", scale=colours, title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("step:N"), alt.Tooltip("value:Q", format=",.0f")],
        )
        .properties(title=title, width=WIDTH, height=HEIGHT)
    )
    return _spec(chart)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def by_month(rows: list[dict[str, Any]], *, title: str, unit: str, percent: bool = False) -> dict[str, Any]:
    """A year's months on the x axis, one P10-P90 band and median line per ``year`` in ``rows`` (rows
    have ``year, month`` (1-12), ``p10, p50, p90``)."""
    values = [
        {
            "month": MONTHS[int(r["month"]) - 1],
            "order": int(r["month"]),
            "year": str(r["year"]),
            **{q: _number(r[q]) for q in ("p10", "p50", "p90")},
        }
        for r in rows
    ]
    return with_values(_month_shape(title, unit, percent), values)


@functools.lru_cache(maxsize=32)
def _month_shape(title: str, unit: str, percent: bool) -> dict[str, Any]:
    data = pd.DataFrame(
        {"month": ["Jan"], "order": [1], "year": ["2024"], "p10": [0.0], "p50": [0.0], "p90": [0.0]}
    )
    axis_format = ".0%" if percent else ",.0f"
    x = alt.X("month:O", sort=alt.SortField("order"), title="Month")
    colour = alt.Color("year:N", title=None, legend=alt.Legend(orient="bottom"))
    base = alt.Chart().encode(x=x, color=colour)
    tooltip = [alt.Tooltip("month:O"), alt.Tooltip("year:N")] + [
        alt.Tooltip(f"{q}:Q", title=q.upper(), format=axis_format) for q in ("p10", "p50", "p90")
    ]
    layers = [
        base.mark_area(opacity=0.2).encode(
            y=alt.Y("p10:Q", title=unit, axis=alt.Axis(format=axis_format)), y2="p90:Q"
        ),
        base.mark_line(point=True).encode(y="p50:Q", tooltip=tooltip),
    ]
    chart = alt.layer(*layers, data=data).properties(title=title, width=WIDTH, height=HEIGHT)
    return _spec(chart)
