"""The Places pages on the shipped Oxfordshire pack, for every role."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.accounts.permissions import ROLES


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_places(client_for: Callable[[str], Client], role: str) -> None:
    response = client_for(role).get("/places/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Oxfordshire at a glance",
        "Map",
        "Population by age and sex",
        "Population projection",
        "Deprivation",
        "Table behind this chart",
        "Download the data (CSV)",
    ):
        assert heading in html
    assert html.count("data-vega-spec=") == 4


def test_anonymous_is_sent_to_sign_in(client: Client, db: None) -> None:
    for url in ("/places/", "/places/map.json", "/places/charts/pyramid/", "/places/charts/map.csv"):
        assert client.get(url).status_code == 302


@pytest.mark.parametrize("colour", ["locality", "imd", "population"])
def test_map_spec_is_vega_lite_with_geoshapes_and_sites(viewer_client: Client, colour: str) -> None:
    spec = viewer_client.get(f"/places/map.json?colour={colour}").json()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks.count("geoshape") == 2 and "point" in marks
    assert "tiles" not in json.dumps(spec)


def test_map_partial_for_htmx_changes_colouring(viewer_client: Client) -> None:
    response = viewer_client.get("/places/charts/map/?colour=imd", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="places-map"' in html and "/places/map.json?colour=imd" in html and "<html" not in html


def test_pyramid_partial_for_a_locality_and_year(viewer_client: Client) -> None:
    response = viewer_client.get("/places/charts/pyramid/?locality=city&year=2030")
    html = response.content.decode()
    assert response.status_code == 200 and "2030" in html and "Oxford" in html


def test_unknown_locality_is_a_friendly_404(viewer_client: Client) -> None:
    response = viewer_client.get("/places/charts/pyramid/?locality=atlantis")
    assert response.status_code == 404
    assert "There is no locality" in response.content.decode()


def test_bad_colour_is_a_400_with_hint(viewer_client: Client) -> None:
    response = viewer_client.get("/places/?colour=rainbow")
    assert response.status_code == 400
    assert "Unknown map colouring" in response.content.decode()


@pytest.mark.parametrize("name", ["map", "pyramid", "projection", "deprivation"])
def test_csv_download(viewer_client: Client, name: str) -> None:
    response = viewer_client.get(f"/places/charts/{name}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) > 5


def test_projection_has_every_variant_and_year(viewer_client: Client) -> None:
    from careshift.apps.places import data

    table = data.projection("county")
    p = data.pack()
    assert len(table) == len(p.variants) * len(p.years)
    assert table["population"].gt(0).all()


def test_pyramid_county_equals_sum_of_localities() -> None:
    from careshift.apps.places import data

    county = data.pyramid("county", data.pack().base_year)["population"].sum()
    parts = sum(
        data.pyramid(code, data.pack().base_year)["population"].sum() for code in data.pack().localities
    )
    assert abs(county - parts) <= len(data.pack().localities) * 40  # rounding per band and sex


def test_deprivation_is_the_shared_normalised_bar_chart_titled_with_where(viewer_client: Client) -> None:
    from careshift.apps.places import blocks
    from careshift.site.charts import palette
    from tests.unit.site.charts.render import validate

    block = blocks.deprivation_block({})
    assert block.title.startswith("Small areas by deprivation decile") and "Oxfordshire" in block.title
    spec = block.spec
    assert spec is not None
    validate(spec)
    colour = spec["encoding"]["color"]
    assert colour["scale"] == {
        "scheme": palette.DEPRIVATION_SCHEME,
        "domain": list(range(1, 11)),
        "reverse": True,
    }
    assert spec["encoding"]["x"]["stack"] == "normalize" and spec["encoding"]["x"]["axis"]["format"].endswith(
        "%"
    )
    assert spec["usermeta"]["embedOptions"]["downloadFileName"] == block.filename


def test_the_projection_is_shared_lines_every_variant_told_apart(viewer_client: Client) -> None:
    from careshift.apps.places import blocks, data
    from tests.unit.site.charts.render import validate

    block = blocks.projection_block({"locality": "county"})
    spec = block.spec
    assert spec is not None
    validate(spec)
    assert spec["title"]["subtitle"] == data.locality_name("county")
    variants = list(data.pack().variant_labels)
    colours = spec["encoding"]["color"]["scale"]["range"]
    dashes = spec["encoding"]["strokeDash"]["scale"]["range"]
    assert len(variants) > 8  # more than the palette's colours: colour and dash together must differ
    pairs = {(c, tuple(d)) for c, d in zip(colours, dashes, strict=True)}
    assert len(pairs) == len(variants)
    widths = dict(zip(*spec["encoding"]["strokeWidth"]["scale"].values(), strict=True))
    assert widths[variants[0]] == max(widths.values())


@pytest.mark.parametrize(
    ("colour", "field", "kind"), [("locality", "locality_name", "nominal"), ("imd", "imd_decile", "ordinal")]
)
def test_the_map_is_the_shared_choropleth_with_outlines_and_sites(
    viewer_client: Client, colour: str, field: str, kind: str
) -> None:
    from tests.unit.site.charts.render import validate

    spec = viewer_client.get(f"/places/map.json?colour={colour}").json()
    validate(spec)
    areas, outlines, sites = spec["layer"]
    assert areas["encoding"]["color"]["field"] == f"properties.{field}"
    assert areas["encoding"]["color"]["type"] == kind
    assert outlines["mark"]["aria"] is False  # decorative
    assert sites["encoding"]["shape"]["field"] == "kind_label"
    assert len(spec["datasets"]["areas"]) > 400 and spec["title"]["subtitle"] == "Oxfordshire"


def test_the_pyramid_mirrors_males_but_reads_residents(viewer_client: Client, tmp_path: Any) -> None:
    from careshift.apps.places import blocks, data
    from tests.unit.site.charts.render import draw, texts, validate

    block = blocks.pyramid_block({"locality": "county", "year": data.pack().base_year})
    spec = block.spec
    assert spec is not None
    validate(spec)
    males = [v for v in spec["data"]["values"] if v["sex"] == "male"]
    assert males and all(v["signed"] <= 0 <= v["population"] for v in males)
    assert {t["field"] for t in spec["encoding"]["tooltip"]} >= {"population", "sex", "age_band"}
    assert "signed" not in {t["field"] for t in spec["encoding"]["tooltip"]}
    labels = texts(draw(spec, tmp_path=tmp_path)[0]["svg"])
    assert not any(label.startswith(("-", "−")) and label[1:2].isdigit() for label in labels)
