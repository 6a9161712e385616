"""The scenarios app's charts, drawn by the shared builders (:mod:`careshift.site.charts.builders`): fan
charts (P10-P90 band and median) of a run or a comparison, waterfalls of what drove the change, and a
year's months for winter.

Each function takes plain rows and returns the Vega-Lite spec, which the page renders with vega-embed
through ``<div data-vega-spec="...">``; the spec's title says what, where and which scenario, and the
PNG/SVG exported from the chart's menu is named after it.
"""

from __future__ import annotations

from typing import Any

from careshift.site.charts import builders
from careshift.site.charts.builders.common import NumberKind
from careshift.site.charts.titles import ChartTitle

STEP_LABELS = {"baseline", "demography", "non_demographic_growth", "final"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def kind_of(unit: str, percent: bool = False) -> NumberKind:
    """How a measure's numbers are written: shares as %, pounds as £25m, everything else as counts."""
    if percent:
        return "share"
    return "money" if "£" in unit else "count"


def _spec(block: Any) -> dict[str, Any]:
    spec: dict[str, Any] = block.spec
    return spec


def fan(
    rows: list[dict[str, Any]],
    *,
    title: str,
    unit: str,
    series: str | None = None,
    target: list[dict[str, Any]] | None = None,
    percent: bool = False,
    where: str = "",
    scenario: str = "",
) -> dict[str, Any]:
    """A fan chart: the P10-P90 band shaded and the median (P50) as a line, over the years.

    ``rows`` have ``year, p10, p50, p90`` and, when ``series`` names a column, one band per value of it
    (scenarios in a comparison, measures on one chart). ``target`` rows (``year, target``) draw a dashed
    line. ``where`` and ``scenario`` complete the chart's title."""
    values = [{**r, "year": int(r["year"])} for r in rows]
    targets = [{"year": int(t["year"]), "target": t["target"]} for t in target or []]
    block = builders.fan(
        values,
        title=ChartTitle(title, where=where, scenario=scenario),
        unit=unit,
        kind=kind_of(unit, percent),
        series=series,
        target=targets or None,
    )
    return _spec(block)


def waterfall_bars(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bar extents for a waterfall: ``baseline`` and ``final`` stand on zero; each step floats from the
    running total. Rows are ``step, value`` in order."""
    return builders.waterfall_bars(rows, totals={"baseline", "final"}, label=step_label)


def step_label(step: str) -> str:
    """'non_demographic_growth' -> 'Non demographic growth'; lever names are shown as written."""
    return step.replace("_", " ").capitalize() if step in STEP_LABELS else step


def waterfall(
    rows: list[dict[str, Any]], *, title: str, unit: str, where: str = "", scenario: str = ""
) -> dict[str, Any]:
    """What drove the change between the base year and the horizon (the median run)."""
    block = builders.waterfall(
        rows,
        title=ChartTitle(title, where=where, scenario=scenario),
        unit=unit,
        kind=kind_of(unit),
        totals={"baseline", "final"},
        label=step_label,
    )
    return _spec(block)


def by_month(
    rows: list[dict[str, Any]],
    *,
    title: str,
    unit: str,
    percent: bool = False,
    where: str = "",
    scenario: str = "",
) -> dict[str, Any]:
    """A year's months on the x axis, one P10-P90 band and median line per ``year`` in ``rows`` (rows
    have ``year, month`` (1-12), ``p10, p50, p90``)."""
    values = [
        {
            "month": MONTHS[int(r["month"]) - 1],
            "order": int(r["month"]),
            "year": str(r["year"]),
            **{q: r[q] for q in ("p10", "p50", "p90")},
        }
        for r in rows
    ]
    block = builders.fan(
        values,
        title=ChartTitle(title, where=where, scenario=scenario),
        unit=unit,
        kind=kind_of(unit, percent),
        series="year",
        x="month",
        x_title="Month",
        order="order",
    )
    return _spec(block)
