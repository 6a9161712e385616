"""Waterfall builder: totals stand on zero, steps float, colours mean total/increase/decrease."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from careshift.site.charts import palette
from careshift.site.charts.builders import waterfall, waterfall_bars
from careshift.site.charts.titles import ChartTitle
from tests.unit.site.charts.render import draw, texts, validate

TITLE = ChartTitle("What drove the change in cost", where="Oxfordshire", scenario="Shift")
STEPS = [
    {"step": "baseline", "value": 1e9},
    {"step": "demography", "value": 2e8},
    {"step": "Virtual wards", "value": -5e7},
    {"step": "final", "value": 1.15e9},
]


def test_totals_stand_on_zero_and_steps_float_from_the_running_total() -> None:
    bars = waterfall_bars(STEPS)
    assert [(b["start"], b["end"], b["kind"]) for b in bars] == [
        (0.0, 1e9, "Total"),
        (1e9, 1.2e9, "Increase"),
        (1.2e9, 1.15e9, "Decrease"),
        (0.0, 1.15e9, "Total"),
    ]


def test_the_spec_uses_the_palette_meanings_money_axis_and_labelled_tooltips(tmp_path: Path) -> None:
    block = waterfall(STEPS, title=TITLE, unit="£ a year", kind="money", label=str.capitalize)
    spec = block.spec
    assert spec is not None
    validate(spec)
    scale = spec["encoding"]["color"]["scale"]
    assert scale == {
        "domain": ["Total", "Increase", "Decrease"],
        "range": [palette.TOTAL, palette.INCREASE, palette.DECREASE],
    }
    assert [t["title"] for t in spec["encoding"]["tooltip"]] == ["Step", "Change", "Running total"]
    assert spec["encoding"]["x"]["sort"] == {"field": "position"}
    assert block.table["Step"].tolist() == ["Baseline", "Demography", "Virtual wards", "Final"]
    assert block.filename == "what-drove-the-change-in-cost-oxfordshire-scenario-shift"
    (drawn,) = draw(spec, tmp_path=tmp_path)
    assert drawn["warnings"] == []
    assert {"£1bn", "£1.2bn"} <= set(texts(drawn["svg"]))
    assert {"£200m", "−£50m", "£1.15bn"} <= set(drawn["labels"])


def test_named_totals_and_only_the_kinds_present_in_the_legend() -> None:
    spec = waterfall(
        [{"step": "start", "value": 10}, {"step": "up", "value": 5}, {"step": "end", "value": 15}],
        title=TITLE,
        unit="Beds",
        totals={"start", "end"},
    ).spec
    assert spec is not None
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Total", "Increase"]
    assert spec["encoding"]["y"]["axis"]["format"] == ",.0f"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-1e9, 1e9), min_size=1, max_size=10))
def test_each_step_starts_where_the_last_ended(changes: list[float]) -> None:
    rows = [
        {"step": "baseline", "value": 100.0},
        *({"step": f"s{i}", "value": v} for i, v in enumerate(changes)),
    ]
    bars = waterfall_bars(rows, totals={"baseline"})
    for before, after in itertools.pairwise(bars):
        assert after["start"] == before["end"]
        assert after["end"] == after["start"] + after["value"]
        assert after["kind"] == ("Increase" if after["value"] >= 0 else "Decrease")
