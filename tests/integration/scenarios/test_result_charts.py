"""The results and comparison charts come from the shared builders: titles say what, where and which
scenario, images are named after them, money reads £25m and shares %."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from careshift.apps.scenarios import charts
from careshift.site.charts import palette
from careshift.site.charts.formatting import money_expr

pytestmark = pytest.mark.django_db


def _panels(client: Client, run: Any, **query: str) -> dict[str, Any]:
    response = client.get(f"/scenarios/runs/{run.pk}/results/", query)
    assert response.status_code == 200
    return {p.key: p for p in response.context["panels"]() if p.spec}


def test_result_charts_say_what_where_and_which_scenario(viewer_client: Client, succeeded_run: Any) -> None:
    panels = _panels(viewer_client, succeeded_run, locality="loc0001", setting="virtual_ward")
    name = succeeded_run.scenario.name
    spec = json.loads(panels["activity"].spec_attr)
    assert spec["title"]["text"] == "Activity"
    assert spec["title"]["subtitle"].endswith(f"scenario: {name}")
    where = spec["title"]["subtitle"].split(" · ")[0]
    assert where and where != "loc0001"  # the locality's name, not its code
    filename = spec["usermeta"]["embedOptions"]["downloadFileName"]
    assert filename.startswith("activity-") and filename.endswith(succeeded_run.scenario.slug)


def test_money_and_share_charts_use_the_shared_formats(viewer_client: Client, succeeded_run: Any) -> None:
    panels = _panels(viewer_client, succeeded_run)
    cost = json.loads(panels["cost"].spec_attr)
    assert cost["layer"][0]["encoding"]["y"]["axis"]["labelExpr"] == money_expr("datum.value")
    assert cost["layer"][0]["encoding"]["color"] == {"value": palette.BLUE}
    risk = json.loads(panels["turn_away"].spec_attr)
    assert risk["layer"][0]["encoding"]["y"]["axis"]["format"] == ".1~%"
    assert "Whole county" in risk["title"]["subtitle"]
    waterfall = json.loads(panels["waterfall_cost"].spec_attr)
    assert waterfall["encoding"]["color"]["scale"]["range"][0] == palette.TOTAL
    steps = [v["step"] for v in waterfall["data"]["values"]]
    assert steps[0] == "Baseline" and steps[-1] == "Final"


def test_step_labels_and_waterfall_bars_keep_their_meaning() -> None:
    bars = charts.waterfall_bars(
        [{"step": "baseline", "value": 10}, {"step": "Lever", "value": -3}, {"step": "final", "value": 7}]
    )
    assert [(b["step"], b["start"], b["end"]) for b in bars] == [
        ("Baseline", 0.0, 10.0),
        ("Lever", 10.0, 7.0),
        ("Final", 0.0, 7.0),
    ]
