"""The programme office's charts come from the shared builders: titles say what and where (the
programme or project), the palette's risk bands and timing colours, money written as £25m."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from careshift.apps.programme import charts
from careshift.site.charts import palette
from tests.unit.site.charts.render import draw, validate

WHERE = "Oxfordshire transformation programme"


def test_the_risk_matrix_is_the_shared_heat_map_titled_with_its_programme(tmp_path: Path) -> None:
    spec = charts.heat_chart(charts.heat_table([(5, 5), (5, 5), (1, 2)]), WHERE)
    validate(spec)
    assert spec["title"] == {"text": "Open risks by residual likelihood and impact", "subtitle": WHERE}
    cells = spec["layer"][0]["encoding"]
    assert cells["color"]["scale"]["domain"] == [b for b in palette.RISK_BANDS]
    assert cells["color"]["scale"]["range"] == list(palette.RISK_BANDS.values())
    assert cells["y"]["sort"] == "descending"
    values = {(v["Likelihood"], v["Impact"]): v["Risks"] for v in spec["data"]["values"]}
    assert values[(5, 5)] == 2 and values[(1, 2)] == 1 and len(values) == 25
    assert spec["usermeta"]["embedOptions"]["downloadFileName"].startswith("open-risks-by-residual")
    assert draw(spec, tmp_path=tmp_path)[0]["warnings"] == []


def test_slippage_bars_are_red_when_late_and_carry_the_dates(tmp_path: Path) -> None:
    table = charts.slippage_table(
        [
            {
                "ref": "M1",
                "name": "Go live",
                "baseline": dt.date(2026, 4, 1),
                "forecast": dt.date(2026, 5, 1),
                "slippage_days": 30,
            },
            {
                "ref": "M2",
                "name": "Consult",
                "baseline": dt.date(2026, 6, 1),
                "forecast": dt.date(2026, 5, 25),
                "actual": dt.date(2026, 5, 25),
                "slippage_days": -7,
            },
        ]
    )
    spec = charts.slippage_chart(table, "WIT-01 Virtual wards")
    validate(spec)
    assert spec["title"]["subtitle"] == "WIT-01 Virtual wards"
    colour = spec["encoding"]["color"]["scale"]
    assert dict(zip(colour["domain"], colour["range"], strict=True)) == {
        "Late": palette.RED,
        "Early or on time": palette.GREEN,
    }
    first = spec["data"]["values"][0]
    assert first["Baseline"] == "2026-04-01" and first["Timing"] == "Late"
    assert draw(spec, tmp_path=tmp_path)[0]["warnings"] == []


def test_workstream_savings_are_grouped_money_bars_for_the_year(tmp_path: Path) -> None:
    import pandas as pd

    table = pd.DataFrame(
        [
            {"Workstream": "Urgent care", "Measure": m, "£": v}
            for m, v in (("Plan", 25e6), ("Risk-adjusted", 1.6e6))
        ]
    )
    spec = charts.savings_chart(table, WHERE, "2026/27")
    validate(spec)
    assert spec["title"] == {"text": "Savings by workstream, 2026/27", "subtitle": WHERE}
    assert spec["encoding"]["yOffset"]["field"] == "Measure"
    drawn = draw(spec, tmp_path=tmp_path)[0]
    assert drawn["warnings"] == [] and {"£25m", "£1.6m"} <= set(drawn["labels"])


def test_the_savings_trajectory_is_shared_lines_with_the_target_dashed_and_red(tmp_path: Path) -> None:
    from careshift.analysis.programme.savings import TrajectoryPoint

    points = [
        TrajectoryPoint(
            dt.date(2026, m, 1), 2e6 * (m - 3), 1.5e6 * (m - 3), 1.2e6 * (m - 3), 1e6 if m < 6 else None
        )
        for m in range(4, 10)
    ]
    spec = charts.trajectory_chart(charts.trajectory_table(points), WHERE, "2026/27")
    validate(spec)
    assert spec["title"] == {
        "text": "Savings against the 2026/27 target: the unidentified gap",
        "subtitle": WHERE,
    }
    dash = dict(zip(*spec["encoding"]["strokeDash"]["scale"].values(), strict=True))
    colour = dict(zip(*spec["encoding"]["color"]["scale"].values(), strict=True))
    assert dash["Target (£)"] == [6, 3] and colour["Target (£)"] == palette.TARGET
    assert len([v for v in spec["data"]["values"] if v["Series"] == "Actual (£)"]) == 2  # no months after
    drawn = draw(spec, tmp_path=tmp_path)[0]
    assert drawn["warnings"] == [] and "£12m" in drawn["labels"]


def test_the_model_range_check_is_an_interval_with_the_plan_as_a_point(tmp_path: Path) -> None:
    import pandas as pd

    table = pd.DataFrame(
        [
            {
                "Financial year": "2026/27",
                "Plan (£)": 5e6,
                "Model P10 (£)": 1e6,
                "Model median (£)": 2e6,
                "Model P90 (£)": 3e6,
                "Verdict": "above the model's P90",
            }
        ]
    )
    spec = charts.range_chart(table, "WIT-01 Virtual wards")
    validate(spec)
    assert spec["title"]["subtitle"] == "WIT-01 Virtual wards"
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "tick", "point"]
    drawn = draw(spec, tmp_path=tmp_path)[0]
    assert drawn["warnings"] == [] and "£5m" in drawn["labels"]
