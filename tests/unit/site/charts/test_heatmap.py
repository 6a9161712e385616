"""Heat map builder: cells coloured by bands or a scheme, every cell labelled, formats and title."""

from __future__ import annotations

from pathlib import Path

from careshift.site.charts import palette
from careshift.site.charts.builders import heatmap
from careshift.site.charts.titles import ChartTitle
from tests.unit.site.charts.render import draw, texts, validate

TITLE = ChartTitle("Open risks by likelihood and impact", where="Urgent care programme")


def risk_rows() -> list[dict[str, object]]:
    def band(score: int) -> str:
        return "low" if score <= 4 else "moderate" if score <= 9 else "high" if score <= 15 else "extreme"

    return [
        {"Likelihood": lk, "Impact": im, "Band": band(lk * im), "Risks": (lk + im) % 3}
        for lk in range(1, 6)
        for im in range(1, 6)
    ]


def test_risk_matrix_cells_take_the_band_colours_and_carry_their_count(tmp_path: Path) -> None:
    block = heatmap(
        risk_rows(),
        title=TITLE,
        x="Impact",
        y="Likelihood",
        value="Risks",
        unit="Open risks",
        colour="Band",
        colours=palette.RISK_BANDS,
        x_type="ordinal",
        y_type="ordinal",
        y_order="descending",
    )
    spec = block.spec
    assert spec is not None
    validate(spec)
    cells, labels = spec["layer"]
    assert cells["encoding"]["color"]["scale"] == {
        "domain": list(palette.RISK_BANDS),
        "range": list(palette.RISK_BANDS.values()),
    }
    assert cells["encoding"]["y"]["sort"] == "descending"
    assert labels["encoding"]["text"] == {"field": "Risks", "type": "quantitative", "format": ",.0f"}
    assert block.filename == "open-risks-by-likelihood-and-impact-urgent-care-programme"
    (drawn,) = draw(spec, tmp_path=tmp_path)
    assert drawn["warnings"] == []
    assert texts(drawn["svg"]).count("2") >= 8  # each cell's count is written on it


def test_a_scheme_colours_a_measure_and_money_cells_read_in_pounds(tmp_path: Path) -> None:
    rows = [
        {"option": o, "criterion": c, "cost": v} for o, v in (("A", 25e6), ("B", 1.6e9)) for c in ("Capital",)
    ]
    spec = heatmap(
        rows,
        title=TITLE,
        x="criterion",
        y="option",
        value="cost",
        unit="£",
        kind="money",
        scheme=palette.SCORE_SCHEME,
    ).spec
    assert spec is not None
    validate(spec)
    assert spec["layer"][0]["encoding"]["color"]["scale"] == {"scheme": palette.SCORE_SCHEME}
    (drawn,) = draw(spec, tmp_path=tmp_path)
    assert drawn["warnings"] == []
    assert {"£25m", "£1.6bn"} <= set(texts(drawn["svg"]))
