"""The programme office's charts (Vega-Lite via Altair), shared by the pages and the board pack."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import altair as alt
import pandas as pd

from careshift.analysis.programme import risks
from careshift.analysis.programme.savings import TrajectoryPoint
from careshift.site.charts import spec_of

BAND_COLOURS = {"low": "#007f3b", "moderate": "#ffeb3b", "high": "#ed8b00", "extreme": "#d5281b"}


def slippage_table(milestones: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    rows = [
        {
            "Milestone": f"{m['ref']} {m['name']}",
            "Baseline": m["baseline"],
            "Forecast": m["forecast"],
            "Actual": m.get("actual") or "",
            "Slippage (days)": int(m["slippage_days"]),
        }
        for m in milestones
    ]
    return pd.DataFrame(rows, columns=["Milestone", "Baseline", "Forecast", "Actual", "Slippage (days)"])


def slippage_chart(table: pd.DataFrame) -> dict[str, Any]:
    """Days each milestone is late (red) or early (green) against its baseline."""
    data = table.assign(late=table["Slippage (days)"] > 0)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("Milestone:N", sort=None, title=None),
            x=alt.X("Slippage (days):Q", title="Days late against baseline"),
            color=alt.Color(
                "late:N", scale=alt.Scale(domain=[False, True], range=["#007f3b", "#d5281b"]), legend=None
            ),
            tooltip=["Milestone:N", "Baseline:N", "Forecast:N", "Actual:N", "Slippage (days):Q"],
        )
        .properties(width="container", height=max(60, 22 * len(table)))
    )
    return spec_of(chart)


def heat_table(positions: Iterable[tuple[int, int]]) -> pd.DataFrame:
    cells = risks.heat_map(positions)
    return pd.DataFrame(
        [
            {
                "Likelihood": c.likelihood,
                "Impact": c.impact,
                "Score": c.score,
                "Band": c.band,
                "Risks": c.count,
            }
            for c in cells
        ]
    )


def heat_chart(table: pd.DataFrame) -> dict[str, Any]:
    """The 5x5 matrix coloured by band, each cell labelled with its number of open risks."""
    base = alt.Chart(table).encode(
        x=alt.X("Impact:O", title="Impact"),
        y=alt.Y("Likelihood:O", sort="descending", title="Likelihood"),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "Band:N",
            scale=alt.Scale(domain=list(BAND_COLOURS), range=list(BAND_COLOURS.values())),
            legend=alt.Legend(title="Band"),
        ),
        tooltip=["Likelihood:O", "Impact:O", "Score:Q", "Band:N", "Risks:Q"],
    )
    labels = base.mark_text(fontSize=14, fontWeight="bold").encode(text="Risks:Q")
    return spec_of((cells + labels).properties(width=260, height=260))


def trajectory_table(points: Iterable[TrajectoryPoint]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Month": p.month.isoformat(),
                "Target (£)": round(p.target),
                "Identified plan (£)": round(p.planned),
                "Risk-adjusted (£)": round(p.risk_adjusted),
                "Actual (£)": None if p.actual is None else round(p.actual),
                "Unidentified gap (£)": round(p.gap),
            }
            for p in points
        ]
    )


def trajectory_chart(table: pd.DataFrame) -> dict[str, Any]:
    """Cumulative target, identified plan, risk-adjusted plan and actuals through the year."""
    long = table.drop(columns=["Unidentified gap (£)"]).melt("Month", var_name="Series", value_name="£")
    chart = (
        alt.Chart(long.dropna())
        .mark_line(point=True)
        .encode(
            x=alt.X("Month:T", title=None),
            y=alt.Y("£:Q", title="Cumulative savings (£)"),
            color=alt.Color("Series:N", legend=alt.Legend(orient="bottom", title=None)),
            strokeDash=alt.condition(alt.datum.Series == "Target (£)", alt.value([6, 3]), alt.value([1, 0])),
            tooltip=["Month:T", "Series:N", alt.Tooltip("£:Q", format=",.0f")],
        )
        .properties(width="container", height=260)
    )
    return spec_of(chart)


def range_table(checks: Iterable[Any]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Financial year": c.year,
                "Plan (£)": round(c.plan),
                "Model P10 (£)": round(c.p10),
                "Model median (£)": round(c.p50),
                "Model P90 (£)": round(c.p90),
                "Verdict": c.verdict,
            }
            for c in checks
        ]
    )


def range_chart(table: pd.DataFrame) -> dict[str, Any]:
    """The plan (a point) against the model's P10-P90 (a bar) for each year."""
    base = alt.Chart(table).encode(x=alt.X("Financial year:O"))
    band = base.mark_bar(opacity=0.3, size=24, color="#005eb8").encode(
        y=alt.Y("Model P10 (£):Q", title="Saving (£)"), y2="Model P90 (£):Q"
    )
    tooltip = [
        "Financial year:O",
        "Plan (£):Q",
        "Model P10 (£):Q",
        "Model median (£):Q",
        "Model P90 (£):Q",
        "Verdict:N",
    ]
    plan = base.mark_point(filled=True, size=90, color="#d5281b").encode(y="Plan (£):Q", tooltip=tooltip)
    return spec_of((band + plan).properties(width="container", height=220))


def savings_chart(table: pd.DataFrame) -> dict[str, Any]:
    """Each workstream's plan, forecast outturn and risk-adjusted value for the year (grouped bars)."""
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("Workstream:N", title=None),
            yOffset="Measure:N",
            x=alt.X("£:Q", title="£ this financial year"),
            color=alt.Color("Measure:N", legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["Workstream:N", "Measure:N", alt.Tooltip("£:Q", format=",.0f")],
        )
        .properties(width="container", height=max(80, 40 * table["Workstream"].nunique()))
    )
    return spec_of(chart)
