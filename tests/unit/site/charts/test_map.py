"""Choropleth builder: areas as geoshapes coloured by a property, outlines and sites, formats, title."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from careshift.site.charts import palette
from careshift.site.charts.builders import choropleth
from careshift.site.charts.formatting import money_expr
from careshift.site.charts.titles import ChartTitle
from tests.unit.site.charts.render import draw, texts, validate

TITLE = ChartTitle("Spend per small area", where="Oxfordshire", scenario="Shift")


def square(code: str, x: float, spend: float, decile: int) -> dict[str, Any]:
    ring = [[x, 51.7], [x + 0.1, 51.7], [x + 0.1, 51.8], [x, 51.8], [x, 51.7]]
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"code": code, "name": f"Area {code}", "spend": spend, "imd_decile": decile},
    }


AREAS = [square("E1", -1.3, 25e6, 1), square("E2", -1.2, 1.6e6, 7)]


def test_areas_coloured_by_a_money_property_with_pound_tooltips_and_a_table(tmp_path: Path) -> None:
    block = choropleth(
        AREAS, title=TITLE, colour="spend", unit="Spend", kind="money", outlines=AREAS[:1], spec_url="/x.json"
    )
    spec = block.spec
    assert spec is not None
    validate(spec)
    areas, outline = spec["layer"]
    assert areas["data"] == {"name": "areas"} and spec["datasets"]["areas"] == AREAS
    assert areas["mark"]["type"] == "geoshape" and spec["projection"] == {"type": "mercator"}
    assert areas["encoding"]["color"]["scale"] == {"scheme": palette.SEQUENTIAL_SCHEME}
    assert areas["transform"] == [
        {"calculate": money_expr("datum['properties']['spend']"), "as": "properties_spend__label"}
    ]
    assert outline["mark"]["stroke"] == palette.OUTLINE and outline["mark"]["filled"] is False
    assert block.spec_attr == "/x.json"
    assert block.table.to_dict("records")[0] == {"Code": "E1", "Area": "Area E1", "Spend": 25e6}
    (drawn,) = draw(spec, tmp_path=tmp_path)
    assert drawn["warnings"] == []
    assert {"£25m", "£1.6m"} <= set(drawn["labels"])
    assert "Oxfordshire · scenario: Shift" in texts(drawn["svg"])


def test_deciles_use_a_reversed_scheme_and_sites_a_shape_per_kind(tmp_path: Path) -> None:
    sites = [
        {"name": "JR", "kind": "Acute", "lat": 51.75, "lon": -1.25},
        {"name": "Surgery", "kind": "GP practice", "lat": 51.76, "lon": -1.15},
    ]
    spec = choropleth(
        AREAS,
        title=TITLE,
        colour="imd_decile",
        colour_type="ordinal",
        unit="IMD decile",
        scheme=palette.DEPRIVATION_SCHEME,
        reverse=True,
        domain=list(range(1, 11)),
        points={"points": sites, "kind": "kind", "sizes": [160, 25]},
    ).spec
    assert spec is not None
    validate(spec)
    areas, points = spec["layer"]
    assert areas["encoding"]["color"]["scale"] == {
        "scheme": palette.DEPRIVATION_SCHEME,
        "reverse": True,
        "domain": list(range(1, 11)),
    }
    assert points["encoding"]["shape"]["scale"] == {"domain": ["Acute", "GP practice"]}
    assert points["encoding"]["size"]["scale"]["range"] == [160, 25]
    (drawn,) = draw(spec, tmp_path=tmp_path)
    assert drawn["warnings"] == []


def test_nominal_areas_take_the_palette() -> None:
    spec = choropleth(
        AREAS, title=TITLE, colour="name", colour_type="nominal", unit="Area", colours=None
    ).spec
    assert spec is not None
    validate(spec)
    assert spec["layer"][0]["encoding"]["color"]["scale"] == {"range": "category"}
    assert spec["config"]["range"]["category"] == list(palette.CATEGORICAL)
