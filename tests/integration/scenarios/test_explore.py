"""The explore page: small multiples by setting or locality, a map of the localities and the spread over
the iterations, all read from what the run stored; wrong choices are explained beside their field."""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
import pytest
from django.test import Client

from careshift.apps.scenarios.models import RunIterations, RunSummaryRow
from careshift.model.totals import IterationTotals


def _page(client: Client, run: Any, **query: str) -> Any:
    return client.get(f"/scenarios/runs/{run.pk}/explore/", query)


def test_the_default_view_shows_beds_for_every_bed_setting_and_the_map(
    viewer_client: Client, succeeded_run: Any
) -> None:
    response = _page(viewer_client, succeeded_run)
    assert response.status_code == 200
    assert "the data pack has no boundaries" in response.content.decode()  # synthetic localities
    choice = response.context["choice"]
    assert choice.measure == "beds_for_risk" and choice.by == "setting"
    settings = set(
        RunSummaryRow.objects.filter(run=succeeded_run, locality="county", measure="beds_for_risk")
        .values_list("setting", flat=True)
        .distinct()
    )
    multiples = response.context["multiples"]
    assert len(multiples) == len(settings) >= 2
    assert all("Care closer to home" in chart.title for chart in multiples)
    # beds for the risk target are not kept per iteration: the page says which measures are
    assert "stored as P10, median and P90 only" in response.context["distribution_note"]
    assert "Cost" in response.context["distribution_note"]


def _square(code: str, x: float) -> dict[str, Any]:
    ring = [[x, 51.7], [x + 0.1, 51.7], [x + 0.1, 51.8], [x, 51.8], [x, 51.7]]
    return {
        "type": "Feature",
        "properties": {"code": code, "name": code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_the_map_colours_each_locality_by_its_median(
    viewer_client: Client, succeeded_run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careshift.apps.places import data

    # the synthetic pack's localities, plus one the run has no results for
    shapes = tuple(_square(code, -1.5 + 0.2 * i) for i, code in enumerate(("loc0000", "loc0001", "E00000")))
    monkeypatch.setattr(data, "features_with", lambda level, columns: shapes)
    response = _page(
        viewer_client, succeeded_run, measure="activity", setting="emergency_department", year="2040"
    )
    assert response.status_code == 200, response.content.decode()[:500]
    spec = response.context["map"].spec
    medians = {
        r.locality: r.p50
        for r in RunSummaryRow.objects.filter(
            run=succeeded_run, measure="activity", setting="emergency_department", year=2040
        ).exclude(locality="county")
    }
    drawn = {f["properties"]["code"]: f["properties"] for f in spec["datasets"]["areas"]}
    for code, median in medians.items():
        assert drawn[code]["median"] == median and " to " in drawn[code]["range"]
    missing = [p for code, p in drawn.items() if code not in medians]
    assert missing and all(p["median"] is None and p["range"] == "no result" for p in missing)


def test_cost_has_one_chart_and_its_distribution_counts_every_iteration(
    viewer_client: Client, succeeded_run: Any
) -> None:
    response = _page(viewer_client, succeeded_run, measure="cost")
    assert response.status_code == 200
    assert len(response.context["multiples"]) == 1  # cost covers all settings
    chart = response.context["distribution"]
    assert chart is not None and chart.table["Iterations"].sum() == succeeded_run.iterations
    totals = IterationTotals.from_bytes(bytes(RunIterations.objects.get(run=succeeded_run).data))
    year = response.context["choice"].year
    values = totals.cost[totals.years.index(year)]
    spec_values = [m["value"] for m in chart.spec["layer"][1]["data"]["values"] if m["marker"] == "Median"]
    assert spec_values and np.isclose(spec_values[0], np.median(values), rtol=1e-3)
    download = viewer_client.get(
        f"/scenarios/runs/{succeeded_run.pk}/explore/", {"measure": "cost", "csv": "distribution"}
    )
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert sum(int(r["Iterations"]) for r in rows) == succeeded_run.iterations


def test_small_multiples_by_locality(viewer_client: Client, succeeded_run: Any) -> None:
    response = _page(
        viewer_client, succeeded_run, measure="activity", by="locality", setting="emergency_department"
    )
    multiples = response.context["multiples"]
    localities = set(
        RunSummaryRow.objects.filter(run=succeeded_run, measure="activity", setting="emergency_department")
        .exclude(locality="county")
        .values_list("locality", flat=True)
    )
    assert len(multiples) == len(localities) == 2
    assert all("Emergency department" in c.title for c in multiples), [c.title for c in multiples]


def test_wrong_choices_are_explained_beside_their_field(viewer_client: Client, succeeded_run: Any) -> None:
    cases = {
        "measure": ({"measure": "happiness"}, "no measure called &#x27;happiness&#x27;"),
        "year": ({"year": "1999"}, "is not one of its years"),
        "by": ({"by": "colour"}, "by setting or by locality"),
        "setting": ({"measure": "cost", "setting": "emergency_department"}, "is not kept for the setting"),
    }
    for field, (query, words) in cases.items():
        response = _page(viewer_client, succeeded_run, **query)
        html = response.content.decode()
        assert response.status_code == 400 and words in html, field
        assert f'id="id_{field}-error"' in html, field
    assert _page(viewer_client, succeeded_run, csv="nothing").status_code == 404


def test_the_results_page_links_to_it(viewer_client: Client, succeeded_run: Any) -> None:
    page = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/results/").content.decode()
    assert f'href="/scenarios/runs/{succeeded_run.pk}/explore/"' in page
