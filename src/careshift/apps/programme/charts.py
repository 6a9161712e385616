"""The programme office's charts, shared by the pages and the board pack: the risk matrix, slippage and
savings by workstream, the savings trajectory (lines) and the model-range check (interval), all from the
shared builders (careshift.site.charts.builders), titled with what and where."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from careshift.analysis.programme import risks
from careshift.analysis.programme.savings import TrajectoryPoint
from careshift.site.charts import builders, palette
from careshift.site.charts.titles import ChartTitle


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


TIMING_COLOURS = {"Late": palette.RED, "Early or on time": palette.GREEN}


def slippage_chart(table: pd.DataFrame, where: str) -> dict[str, Any]:
    """Days each milestone of ``where`` (a project, a programme) is late (red) or early (green)."""
    timing = ["Late" if days > 0 else "Early or on time" for days in table["Slippage (days)"]]
    dates = {c: table[c].astype(str) for c in ("Baseline", "Forecast", "Actual")}
    rows = builders.rows_of(table.assign(Timing=timing, **dates))
    return builders.bars_spec(
        rows,
        title=ChartTitle("Milestone slippage against baseline", where=where),
        unit="Days late against baseline",
        category="Milestone",
        value="Slippage (days)",
        series="Timing",
        mode="stacked",
        colours=TIMING_COLOURS,
        series_title="Timing",
        extra_tooltip=[{"field": f, "type": "nominal"} for f in ("Baseline", "Forecast", "Actual")],
    )


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


def heat_chart(table: pd.DataFrame, where: str) -> dict[str, Any]:
    """The 5x5 matrix of ``where``'s open risks coloured by band, each cell labelled with its count."""
    return builders.heatmap_spec(
        builders.rows_of(table),
        title=ChartTitle("Open risks by residual likelihood and impact", where=where),
        x="Impact",
        y="Likelihood",
        value="Risks",
        unit="Open risks",
        colour="Band",
        colours=palette.RISK_BANDS,
        colour_title="Band",
        x_type="ordinal",
        y_type="ordinal",
        y_order="descending",
        extra_tooltip=[{"field": "Score", "type": "quantitative"}],
    )


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


TRAJECTORY_TARGET = "Target (£)"


def trajectory_chart(table: pd.DataFrame, where: str, fy: str) -> dict[str, Any]:
    """Cumulative target (dashed), identified plan, risk-adjusted plan and actuals through ``fy``."""
    long = table.drop(columns=["Unidentified gap (£)"]).melt("Month", var_name="Series", value_name="£")
    return builders.lines_spec(
        builders.rows_of(long),
        title=ChartTitle(f"Savings against the {fy} target: the unidentified gap", where=where),
        unit="Cumulative savings (£)",
        x="Month",
        value="£",
        kind="money",
        series="Series",
        x_type="temporal",
        dashed=[TRAJECTORY_TARGET],
        colours={
            TRAJECTORY_TARGET: palette.TARGET,
            "Identified plan (£)": palette.BLUE,
            "Risk-adjusted (£)": palette.ORANGE,
            "Actual (£)": palette.GREEN,
        },
        height=260,
    )


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


def range_chart(table: pd.DataFrame, where: str) -> dict[str, Any]:
    """The plan (a red point) against the model's P10-P90 (a bar, the median a tick) for each year."""
    return builders.interval_spec(
        builders.rows_of(table),
        title=ChartTitle("Planned saving beside the model's P10-P90", where=where),
        unit="Saving (£)",
        category="Financial year",
        low="Model P10 (£)",
        high="Model P90 (£)",
        middle="Model median (£)",
        point="Plan (£)",
        kind="money",
        extra_tooltip=[{"field": "Verdict", "type": "nominal"}],
        height=220,
    )


def savings_chart(table: pd.DataFrame, where: str, fy: str) -> dict[str, Any]:
    """Each workstream's plan, forecast outturn and risk-adjusted value for the year (grouped bars)."""
    return builders.bars_spec(
        builders.rows_of(table),
        title=ChartTitle(f"Savings by workstream, {fy}", where=where),
        unit=f"£ in {fy}",
        kind="money",
        category="Workstream",
        value="£",
        series="Measure",
        series_title="Measure",
    )
