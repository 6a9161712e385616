"""Comparing scenarios: their latest successful runs side by side for one measure, setting and locality.

The engine runs each scenario separately, so it offers no paired (per-iteration) differences between
scenarios. The difference in the median is exact; the range shown for a difference is the difference
of matching quantiles (P10 - P10, P90 - P90), which is an approximation, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from careshift.apps.scenarios import charts
from careshift.apps.scenarios.models import Run, RunSummaryRow, Scenario
from careshift.apps.scenarios.results import COUNTY, fmt, measure_label

PAIRED_DIFFERENCES = False  # the engine has no cross-scenario paired draws (see module docstring)
MEASURES = (
    "activity",
    "bed_days",
    "beds_at_target_occupancy",
    "beds_for_risk",
    "p_turned_away",
    "wte_total",
    "cost",
    "savings_vs_do_nothing",
)


@dataclass
class Comparison:
    measure: str
    setting: str
    locality: str
    runs: list[tuple[Scenario, Run]]
    missing: list[Scenario]
    spec: dict[str, Any] | None
    columns: list[str]
    rows: list[list[str]]
    paired: bool = PAIRED_DIFFERENCES


def latest_runs(scenarios: list[Scenario]) -> tuple[list[tuple[Scenario, Run]], list[Scenario]]:
    """Each scenario's latest succeeded run, and the scenarios that have none."""
    found, missing = [], []
    for scenario in scenarios:
        run = scenario.runs.latest_succeeded()
        if run is None:
            missing.append(scenario)
        else:
            found.append((scenario, run))
    return found, missing


def _rows(run: Run, measure: str, setting: str, locality: str) -> dict[int, dict[str, float]]:
    query = RunSummaryRow.objects.filter(run=run, measure=measure, locality=locality)
    rows = list(query.filter(setting=setting).values("year", "p10", "p50", "p90")) or list(
        query.filter(setting="all").values("year", "p10", "p50", "p90")
    )
    return {
        int(r["year"]): {"year": int(r["year"]), **{q: float(r[q]) for q in ("p10", "p50", "p90")}}
        for r in rows
    }


def difference(base: dict[str, float], other: dict[str, float]) -> dict[str, float]:
    """``other - base``: the median difference and an approximate range from matching quantiles."""
    ends = sorted((other["p10"] - base["p10"], other["p90"] - base["p90"]))
    return {"median": other["p50"] - base["p50"], "low": ends[0], "high": ends[1]}


def compare(scenarios: list[Scenario], measure: str, setting: str, locality: str = COUNTY) -> Comparison:
    """Overlaid fan chart and a table of each scenario's P10/P50/P90 and its difference from the first."""
    runs, missing = latest_runs(scenarios)
    series = {s.name: _rows(run, measure, setting, locality) for s, run in runs}
    percent = measure == "p_turned_away"
    data = [{"scenario": name, **row} for name, rows in series.items() for row in rows.values()]
    spec = (
        charts.fan(
            data,
            title=measure_label(measure),
            unit=measure_label(measure),
            series="scenario",
            percent=percent,
        )
        if data
        else None
    )
    columns = [
        "Year",
        "Scenario",
        "P10",
        "Median (P50)",
        "P90",
        "Difference in median",
        "Approximate range of the difference",
    ]
    table: list[list[str]] = []
    base_name = runs[0][0].name if runs else ""
    years = sorted({y for rows in series.values() for y in rows})
    for year in years:
        for name, rows in series.items():
            row = rows.get(year)
            if row is None:
                continue
            base = series[base_name].get(year)
            diff = difference(base, row) if base and name != base_name else None
            table.append(
                [
                    str(year),
                    name,
                    *(fmt(row[q], percent) for q in ("p10", "p50", "p90")),
                    fmt(diff["median"], percent) if diff else "(reference)",
                    f"{fmt(diff['low'], percent)} to {fmt(diff['high'], percent)}" if diff else "",
                ]
            )
    return Comparison(measure, setting, locality, runs, missing, spec, columns, table)
