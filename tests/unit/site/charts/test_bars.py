"""Bar builder: grouped and stacked series, palette or fixed colours, ordered schemes, formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careshift.site.charts import palette
from careshift.site.charts.builders import bars
from careshift.site.charts.titles import ChartTitle
from tests.unit.site.charts.render import draw, texts, validate

TITLE = ChartTitle("Savings by workstream", where="Oxfordshire", scenario="Plan 2026")
ROWS = [
    {"workstream": w, "measure": m, "pounds": v}
    for w, base in (("Urgent care", 25e6), ("Community", 1.6e6))
    for m, v in (("Plan", base), ("Forecast", base * 0.8))
]


def test_grouped_bars_offset_by_series_in_palette_order_with_money_axis(tmp_path: Path) -> None:
    block = bars(
        ROWS,
        title=TITLE,
        unit="£ this year",
        category="workstream",
        value="pounds",
        series="measure",
        kind="money",
    )
    spec = block.spec
    assert spec is not None
    validate(spec)
    enc = spec["encoding"]
    assert enc["yOffset"]["field"] == "measure" and enc["x"]["stack"] is None
    assert enc["color"]["scale"] == {"domain": ["Plan", "Forecast"], "range": list(palette.CATEGORICAL[:2])}
    assert enc["y"]["sort"] == ["Urgent care", "Community"]
    assert block.table.columns.tolist() == ["workstream", "measure", "£ this year"]
    (drawn,) = draw(spec, tmp_path=tmp_path)
    assert drawn["warnings"] == []
    assert "£25m" in texts(drawn["svg"]) or "£20m" in texts(drawn["svg"])
    assert {"£25m", "£20m", "£1.6m", "£1.28m"} <= set(drawn["labels"])


def test_normalised_stacks_show_shares_and_ordered_series_take_a_scheme(tmp_path: Path) -> None:
    rows = [{"area": a, "decile": d, "areas": n} for a in ("City", "Cherwell") for d, n in ((1, 3), (2, 1))]
    spec = bars(
        rows,
        title=TITLE,
        unit="Small areas",
        category="area",
        value="areas",
        series="decile",
        mode="normalize",
        scheme=palette.DEPRIVATION_SCHEME,
        reverse=True,
    ).spec
    assert spec is not None
    validate(spec)
    enc = spec["encoding"]
    assert enc["x"]["stack"] == "normalize" and enc["x"]["axis"]["format"] == ".1~%"
    assert enc["color"]["type"] == "ordinal"
    assert enc["color"]["scale"] == {"scheme": palette.DEPRIVATION_SCHEME, "domain": [1, 2], "reverse": True}
    assert enc["tooltip"][-1]["format"] == ",.0f"  # counts keep their own format in the tooltip
    (drawn,) = draw(spec, tmp_path=tmp_path)
    assert drawn["warnings"] == [] and {"50%", "100%"} <= set(texts(drawn["svg"]))


def test_fixed_colours_per_category_and_bad_input_named() -> None:
    rows = [{"m": "A", "late": 3}, {"m": "B", "late": -2}]
    spec = bars(
        rows,
        title=TITLE,
        unit="Days",
        category="m",
        value="late",
        colours={"A": palette.RED, "B": palette.GREEN},
    ).spec
    assert spec is not None
    assert spec["encoding"]["color"]["scale"] == {"domain": ["A", "B"], "range": [palette.RED, palette.GREEN]}
    with pytest.raises(ValueError, match="No colour given for B"):
        bars(rows, title=TITLE, unit="Days", category="m", value="late", colours={"A": palette.RED})
    with pytest.raises(ValueError, match="Unknown bar mode"):
        bars(rows, title=TITLE, unit="Days", category="m", value="late", mode="pie")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="late must be a number"):
        bars([{"m": "A", "late": "three"}], title=TITLE, unit="Days", category="m", value="late")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from("abcdefghij"), min_size=1, max_size=10, unique=True))
def test_series_colours_repeat_the_palette_in_order(names: list[str]) -> None:
    rows = [{"c": "x", "s": n, "v": 1} for n in names]
    spec = bars(rows, title=TITLE, unit="n", category="c", value="v", series="s", mode="stacked").spec
    assert spec is not None
    assert spec["encoding"]["color"]["scale"]["range"] == palette.categorical(len(names))
    assert [v["__order"] for v in spec["data"]["values"]] == list(range(len(names)))
