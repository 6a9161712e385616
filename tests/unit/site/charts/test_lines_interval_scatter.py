"""Line, interval and scatter builders: valid Vega-Lite that draws without warnings, the shared number
formats, series told apart by more than colour, and the table behind each chart."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careshift.site.charts import palette
from careshift.site.charts.builders import interval, lines, scatter
from careshift.site.charts.builders.scatter import _spread
from careshift.site.charts.titles import ChartTitle
from tests.unit.site.charts.render import draw, texts, validate

TITLE = ChartTitle("Cumulative savings", where="Oxfordshire programme")


def _trajectory() -> list[dict[str, object]]:
    return [
        {"Month": f"2026-{m:02d}-01", "Series": series, "£": None if base is None else base * m}
        for m in range(4, 10)
        for series, base in (("Target", 2e6), ("Plan", 1.5e6), ("Actual", 1.2e6 if m < 7 else None))
    ]


def test_lines_dash_the_target_write_money_and_stop_where_values_are_missing(tmp_path: Path) -> None:
    block = lines(
        _trajectory(),
        title=TITLE,
        unit="Cumulative savings (£)",
        x="Month",
        value="£",
        kind="money",
        series="Series",
        x_type="temporal",
        dashed=["Target"],
    )
    spec = block.spec
    assert spec is not None
    validate(spec)
    dash = spec["encoding"]["strokeDash"]["scale"]
    assert dict(zip(dash["domain"], dash["range"], strict=True))["Target"] == [6, 3]
    assert dict(zip(dash["domain"], dash["range"], strict=True))["Plan"] == [1, 0]
    actual = [v for v in spec["data"]["values"] if v["Series"] == "Actual"]
    assert len(actual) == 3  # months without an actual are left out, not drawn at zero
    drawn = draw(spec, tmp_path=tmp_path)[0]
    assert drawn["warnings"] == []
    assert "£18m" in drawn["labels"] and any(t.startswith("£") for t in texts(drawn["svg"]))
    assert list(block.table.columns) == ["Month", "Series", "£"] and len(block.table) == 18


def test_lines_emphasise_the_principal_series() -> None:
    rows = [
        {"year": y, "variant": v, "people": 700_000 + 1_000 * y % 7 + i}
        for i, v in enumerate(("Principal", "High", "Low"))
        for y in range(2024, 2030)
    ]
    spec = lines(
        rows,
        title=ChartTitle("Residents", where="Oxfordshire"),
        unit="Residents",
        x="year",
        value="people",
        series="variant",
        emphasise="Principal",
        zero=False,
    ).spec
    assert spec is not None
    validate(spec)
    width = spec["encoding"]["strokeWidth"]["scale"]
    assert width["range"][width["domain"].index("Principal")] > max(
        w for d, w in zip(width["domain"], width["range"], strict=True) if d != "Principal"
    )
    assert spec["encoding"]["y"]["scale"] == {"zero": False}


def test_interval_shows_the_range_the_median_and_the_point(tmp_path: Path) -> None:
    rows = [
        {"Year": "2026/27", "P10": 1e6, "Median": 2e6, "P90": 3e6, "Plan": 5e6},
        {"Year": "2027/28", "P10": 2e6, "Median": 3e6, "P90": 4e6, "Plan": 2.5e6},
    ]
    block = interval(
        rows,
        title=ChartTitle("Plan against the model", where="WIT-01"),
        unit="Saving (£)",
        category="Year",
        low="P10",
        high="P90",
        point="Plan",
        middle="Median",
        kind="money",
    )
    spec = block.spec
    assert spec is not None
    validate(spec)
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "tick", "point"]
    assert spec["layer"][2]["mark"]["color"] == palette.RED
    drawn = draw(spec, tmp_path=tmp_path)[0]
    assert drawn["warnings"] == [] and "£5m" in drawn["labels"]
    assert list(block.table.columns) == ["Year", "P10", "Median", "P90", "Plan"]


def test_scatter_spreads_equal_scores_but_the_tooltip_keeps_them(tmp_path: Path) -> None:
    rows = [{"name": f"S{i}", "category": "Public", "interest": 4, "influence": 5} for i in range(4)]
    spec = scatter(
        rows,
        title=ChartTitle("Power/interest grid", where="Stakeholders"),
        x="interest",
        y="influence",
        x_unit="Interest",
        y_unit="Influence",
        colour="category",
        domain=(0.5, 5.5),
        spread=0.2,
        label="name",
    ).spec
    assert spec is not None
    validate(spec)
    xs = [v["interest__spread"] for v in spec["data"]["values"]]
    assert len(set(xs)) == 4 and all(3.8 <= x <= 4.2 for x in xs)
    assert {v["interest"] for v in spec["data"]["values"]} == {4.0}
    tooltip_fields = [t["field"] for t in spec["encoding"]["tooltip"]]
    assert "interest" in tooltip_fields and "interest__spread" not in tooltip_fields
    assert draw(spec, tmp_path=tmp_path)[0]["warnings"] == []


@given(st.integers(min_value=0, max_value=10_000), st.floats(min_value=0.01, max_value=1.0))
def test_the_spread_stays_within_its_width_and_repeats(index: int, width: float) -> None:
    offset = _spread(index, width)
    assert -width - 1e-3 <= offset <= width + 1e-3
    assert offset == _spread(index, width)


def test_a_non_number_is_refused_with_the_field() -> None:
    with pytest.raises(ValueError, match="£ must be a number"):
        lines([{"Month": "2026-04-01", "£": "lots"}], title=TITLE, unit="£", x="Month", value="£")
