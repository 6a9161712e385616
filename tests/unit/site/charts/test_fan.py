"""Fan chart builder: band, median, target, palette, formats, title and download name."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careshift.site.charts import palette
from careshift.site.charts.builders import fan
from careshift.site.charts.formatting import money_expr
from careshift.site.charts.titles import ChartTitle
from tests.unit.site.charts.render import draw, texts, validate

TITLE = ChartTitle("Cost of care", where="Oxford City", scenario="Shift to community")


def rows(series: str | None = None) -> list[dict[str, object]]:
    names = [series] if series is None else ["Do nothing", "Shift"]
    return [
        {
            "year": year,
            **({"scenario": name} if series else {}),
            "p10": 20e6 + i,
            "p50": 25e6 + i,
            "p90": 30e6 + i,
        }
        for i, name in enumerate(names)
        for year in range(2024, 2028)
    ]


def test_a_single_fan_is_a_blue_band_under_a_median_line_with_money_axes() -> None:
    block = fan(rows(), title=TITLE, unit="£ a year", kind="money")
    spec = block.spec
    assert spec is not None
    validate(spec)
    band, median = spec["layer"]
    assert band["mark"] == {"type": "area", "opacity": palette.BAND_OPACITY}
    assert (band["encoding"]["y"]["field"], band["encoding"]["y2"]["field"]) == ("p10", "p90")
    assert band["encoding"]["y"]["axis"] == {"title": "£ a year", "labelExpr": money_expr("datum.value")}
    assert median["encoding"]["y"]["field"] == "p50" and median["encoding"]["color"] == {
        "value": palette.BLUE
    }
    tooltip = {t["title"]: t["field"] for t in median["encoding"]["tooltip"]}
    assert tooltip == {"Year": "year", "P10": "p10__label", "Median (P50)": "p50__label", "P90": "p90__label"}
    assert {"calculate": money_expr("datum['p50']"), "as": "p50__label"} in spec["transform"]


def test_title_subtitle_and_image_name_say_what_where_and_which_scenario() -> None:
    block = fan(rows(), title=TITLE, unit="£", kind="money")
    assert block.spec is not None
    assert block.spec["title"] == {
        "text": "Cost of care",
        "subtitle": "Oxford City · scenario: Shift to community",
    }
    assert block.title == "Cost of care · Oxford City · scenario: Shift to community"
    name = "cost-of-care-oxford-city-scenario-shift-to-community"
    assert block.filename == name and block.id == name
    assert block.spec["usermeta"] == {"embedOptions": {"downloadFileName": name}}


def test_series_take_the_palette_in_order_and_a_target_is_a_dashed_red_step() -> None:
    target = [{"year": 2025, "target": 22e6}, {"year": 2026, "target": 24e6}]
    spec = fan(rows("scenario"), title=TITLE, unit="£", kind="money", series="scenario", target=target).spec
    assert spec is not None
    validate(spec)
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["scale"] == {"domain": ["Do nothing", "Shift"], "range": list(palette.CATEGORICAL[:2])}
    line = spec["layer"][2]
    assert line["mark"]["color"] == palette.TARGET and line["mark"]["strokeDash"]
    assert [v["target"] for v in spec["data"]["values"][:4]] == [None, 22e6, 24e6, None]


def test_nan_becomes_null_and_infinity_is_refused_with_the_field_named() -> None:
    data = rows()
    data[0]["p10"] = math.nan
    assert fan(data, title=TITLE, unit="Beds").spec["data"]["values"][0]["p10"] is None  # type: ignore[index]
    data[1]["p90"] = math.inf
    with pytest.raises(ValueError, match="p90"):
        fan(data, title=TITLE, unit="Beds")


def test_the_drawn_chart_labels_its_axis_and_tooltips_in_pounds(tmp_path: Path) -> None:
    share = fan(
        [{"year": 2024, "p10": 0.05, "p50": 0.1, "p90": 0.125}], title=TITLE, unit="Turned away", kind="share"
    )
    money, shares = draw(fan(rows(), title=TITLE, unit="£", kind="money").spec, share.spec, tmp_path=tmp_path)  # type: ignore[arg-type]
    assert money["warnings"] == [] and shares["warnings"] == []
    assert "£25m" in texts(money["svg"]) and "Oxford City · scenario: Shift to community" in texts(
        money["svg"]
    )
    assert {"£20m", "£25m", "£30m"} <= set(money["labels"])
    assert "10%" in texts(shares["svg"])
    assert share.spec["layer"][1]["encoding"]["tooltip"][2]["format"] == ".1~%"  # type: ignore[index]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(-1e12, 1e12), st.floats(-1e12, 1e12), st.floats(-1e12, 1e12)),
        min_size=1,
        max_size=8,
    )
)
def test_every_row_reaches_the_spec_and_its_table_unchanged(
    triples: list[tuple[float, float, float]],
) -> None:
    data = [{"year": 2024 + i, "p10": a, "p50": b, "p90": c} for i, (a, b, c) in enumerate(triples)]
    block = fan(data, title=TITLE, unit="£", kind="money")
    assert block.spec is not None
    assert [(v["p10"], v["p50"], v["p90"]) for v in block.spec["data"]["values"]] == triples
    assert block.table[["P10", "Median (P50)", "P90"]].to_numpy().tolist() == [list(t) for t in triples]
