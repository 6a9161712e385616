"""The appraisal's charts come from the shared builders: valid Vega-Lite that draws without warnings,
titled with what, where and which appraisal (and option), shares written as %, the shared palette."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

from careshift.apps.appraisal.models import Appraisal
from tests.unit.site.charts.render import draw, texts, validate


def test_the_ranking_charts_are_shared_bars_and_heat_map(
    demo: Appraisal, viewer_client: Client, tmp_path: Path
) -> None:
    context = viewer_client.get(demo.get_absolute_url()).context
    acceptability = context["acceptability"].spec
    scores = context["scores_chart"].spec
    for spec in (acceptability, scores):
        validate(spec)
        assert spec["title"]["subtitle"] == f"Oxfordshire · appraisal: {demo}"
    assert acceptability["title"]["text"] == "Rank acceptability over the weight ranges"
    assert acceptability["encoding"]["x"]["stack"] == "normalize"
    ranks = {v["rank"] for v in acceptability["data"]["values"]}
    assert ranks == {f"Rank {n}" for n in range(1, demo.options.count() + 1)}
    assert scores["layer"][0]["encoding"]["color"]["scale"]["domain"] == [0.0, 1.0]
    drawn = draw(acceptability, scores, tmp_path=tmp_path)
    assert all(d["warnings"] == [] for d in drawn)
    assert "100%" in texts(drawn[0]["svg"])  # the share axis reads as a percentage
    assert acceptability["usermeta"]["embedOptions"]["downloadFileName"].startswith("rank-acceptability")


def test_the_access_charts_name_the_travel_basis_and_option(
    demo: Appraisal, viewer_client: Client, tmp_path: Path
) -> None:
    page = viewer_client.get(f"{demo.get_absolute_url()}access/?travel=public_transport").context
    bars = page["chart"].spec
    validate(bars)
    assert bars["title"]["text"] == "Residents within 30 minutes by public transport (estimated), by locality"
    localities = {v["locality"] for v in bars["data"]["values"]}
    assert len(localities) == 6
    option = demo.options.exclude(site_codes=[]).first()
    assert option is not None
    url = f"{demo.get_absolute_url()}access/map/{option.pk}.json?travel=public_transport"
    spec = viewer_client.get(url).json()
    validate(spec)
    assert spec["title"]["subtitle"].endswith(f"option: {option}")
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["title"] == "Minutes by public transport (estimated)" and colour["scale"]["clamp"] is True
    assert len(spec["layer"][1]["data"]["values"]) == len(option.site_codes)
    drawn = draw(bars, tmp_path=tmp_path)
    assert drawn[0]["warnings"] == []
