"""Results pages, chart switching, downloads (CSV, XLSX, JSON) and the comparison page."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import openpyxl
import pandas as pd
import pytest
from django.test import Client

from careshift.apps.scenarios import services
from careshift.site.spreadsheets.writing import ILLUSTRATIVE_TEXT

pytestmark = pytest.mark.django_db


def test_the_results_page_draws_every_chart_with_a_table(viewer_client: Client, succeeded_run: Any) -> None:
    response = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/results/")
    html = response.content.decode()
    keys = [p.key for p in response.context["panels"]() if p.spec]
    assert {"activity", "bed_days", "beds", "turn_away", "workforce", "cost", "savings"} <= set(keys)
    assert "waterfall_activity" in keys
    assert html.count("data-vega-spec=") >= 8 and html.count("Table behind this chart") >= 8
    spec = json.loads(next(p for p in response.context["panels"]() if p.key == "savings").spec_attr)
    assert len(spec["layer"]) == 3  # band, median, and the target line


def test_charts_switch_by_locality_and_setting_with_htmx(viewer_client: Client, succeeded_run: Any) -> None:
    response = viewer_client.get(
        f"/scenarios/runs/{succeeded_run.pk}/results/",
        {"locality": "loc0001", "setting": "virtual_ward"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith('<div id="results-charts">') and "<html" not in html
    assert not response.context["form"].errors, response.context["form"].errors
    activity = next(p for p in response.context["panels"]() if p.key == "activity")
    assert activity.setting_used == "virtual_ward"
    savings = next(p for p in response.context["panels"]() if p.key == "savings")
    assert savings.setting_used == "all" and "target" not in savings.note  # the target is a county figure


def test_a_run_without_results_has_no_results_page(viewer_client: Client, scenario: Any) -> None:
    run = services.start_run(None, scenario, iterations=2)
    assert viewer_client.get(f"/scenarios/runs/{run.pk}/results/").status_code == 404


def test_csv_download_parses_and_filters(viewer_client: Client, succeeded_run: Any) -> None:
    url = f"/scenarios/runs/{succeeded_run.pk}/download.csv"
    response = viewer_client.get(url)
    slug = succeeded_run.scenario.slug
    assert (
        f'filename="careshift-{slug}-run-{succeeded_run.pk}-summary.csv"' in response["Content-Disposition"]
    )
    everything = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig")
    assert list(everything.columns) == [
        "Year",
        "Locality",
        "Locality (name)",
        "Setting",
        "Setting (name)",
        "Measure",
        "Measure (name)",
        "Unit",
        "P10",
        "Median (P50)",
        "P90",
        "Data status",  # the sample scenario is illustrative
    ]
    cost = everything[everything.Measure == "cost"].iloc[0]
    assert cost["Measure (name)"] == "Cost (£)" and cost.Unit == "£ a year"
    assert set(everything["Data status"]) == {ILLUSTRATIVE_TEXT}
    some = pd.read_csv(
        io.BytesIO(viewer_client.get(url, {"locality": "county", "measure": "cost,activity"}).content)
    )
    assert set(some.Locality) == {"county"} and set(some.Measure) == {"cost", "activity"}
    waterfall = viewer_client.get(url, {"table": "waterfall"})
    assert "-waterfall.csv" in waterfall["Content-Disposition"]
    steps = pd.read_csv(io.BytesIO(waterfall.content), encoding="utf-8-sig")
    assert "Step" in steps.columns and "baseline" in set(steps.Step)
    assert viewer_client.get(url, {"table": "nope"}).status_code == 404


def test_xlsx_download_has_summary_waterfall_levers_and_metadata(
    viewer_client: Client, succeeded_run: Any
) -> None:
    response = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/download.xlsx")
    assert f"-run-{succeeded_run.pk}.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["summary", "waterfall", "levers", "assumptions", "metadata"]
    summary = book["summary"]
    assert "Illustrative" in summary["A2"].value and summary.freeze_panes == "A5"
    assert [c.value for c in summary[4]][:4] == ["Year", "Locality", "Locality (name)", "Setting"]
    levers = book["levers"]
    assert [c.value for c in levers[5]][:3] == ["Prevention for over-65s", "avoid", "Avoid activity"]
    assert levers["F5"].number_format == "0.0%" and levers["F5"].value == 0.02
    meta = {row[0]: row[1] for row in book["metadata"].iter_rows(min_row=5, values_only=True)}
    assert meta["Iterations"] == succeeded_run.iterations and meta["Data pack version"]


def test_json_download_matches_the_stored_rows(viewer_client: Client, succeeded_run: Any) -> None:
    from careshift.apps.scenarios.models import RunSummaryRow

    body = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/download.json").json()
    assert len(body["summary"]) == RunSummaryRow.objects.filter(run=succeeded_run).count()
    assert body["metadata"]["seed"] == succeeded_run.seed and body["waterfall"]


def test_an_unknown_download_format_is_404(viewer_client: Client, succeeded_run: Any) -> None:
    assert viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/download.pdf").status_code == 404


def test_compare_overlays_scenarios_and_lists_differences(
    viewer_client: Client, succeeded_run: Any, run_scenario: Callable[..., Any]
) -> None:
    from careshift.model.scenario import sample_scenarios

    nothing = services.create_scenario(
        None, name="Do nothing", spec=sample_scenarios()["do-nothing"].model_dump(mode="json")
    )
    run_scenario(nothing)
    response = viewer_client.get(
        "/scenarios/compare/",
        {
            "scenarios": [nothing.slug, succeeded_run.scenario.slug],
            "measure": "activity",
            "setting": "acute_beds",
            "locality": "county",
        },
    )
    html = response.content.decode()
    comparison = response.context["comparison"]
    assert [s.name for s, _run in comparison.runs] == ["Do nothing", "Care closer to home"]
    assert 'data-vega-spec="' in html and 'id="compare-paired"' in html and comparison.paired
    assert "Chance lower" in comparison.columns
    assert any(row[1] == "Care closer to home" and " to " in row[6] for row in comparison.rows)
    assert json.loads(response.context["spec"])["layer"]
    # the same seed and iterations: before any lever starts, the paired difference is exactly zero
    first = min(lever["start_year"] for lever in succeeded_run.spec["levers"])
    before = [r for r in comparison.rows if r[1] == "Care closer to home" and int(r[0]) < first]
    assert before and all(r[5] == "0" and r[6] == "0" and r[7] == "0%" for r in before), before


def test_compare_says_when_it_cannot_pair(
    viewer_client: Client, succeeded_run: Any, run_scenario: Callable[..., Any]
) -> None:
    other = services.copy_scenario(None, succeeded_run.scenario, "More iterations")
    run_scenario(other, iterations=succeeded_run.iterations + 1)
    query = {"scenarios": [succeeded_run.scenario.slug, other.slug], "measure": "cost", "setting": "all"}
    response = viewer_client.get("/scenarios/compare/", {**query, "locality": "county"})
    html = response.content.decode()
    assert not response.context["comparison"].paired and 'id="compare-unpaired"' in html
    assert "different seeds or numbers of iterations" in html and "approximate" in html
    locality = response.context["form"].fields["locality"].choices[-1][0]
    response = viewer_client.get("/scenarios/compare/", {**query, "locality": locality})
    assert "for the county only" in response.content.decode()


def test_compare_needs_two_scenarios(viewer_client: Client, succeeded_run: Any) -> None:
    response = viewer_client.get(
        "/scenarios/compare/",
        {
            "scenarios": [succeeded_run.scenario.slug],
            "measure": "cost",
            "setting": "all",
            "locality": "county",
        },
    )
    assert "at least two" in response.content.decode()


def test_compare_says_which_scenarios_have_no_results(viewer_client: Client, succeeded_run: Any) -> None:
    other = services.copy_scenario(None, succeeded_run.scenario, "Never run")
    response = viewer_client.get(
        "/scenarios/compare/",
        {
            "scenarios": [succeeded_run.scenario.slug, other.slug],
            "measure": "cost",
            "setting": "all",
            "locality": "county",
        },
    )
    assert "Never run has no successful run" in response.content.decode()


def test_difference_is_ordered_low_to_high() -> None:
    from careshift.apps.scenarios.compare import difference

    diff = difference({"p10": 10, "p50": 20, "p90": 30}, {"p10": 5, "p50": 18, "p90": 40})
    assert diff == {"median": -2, "low": -5, "high": 10}


def test_compare_link_naming_only_scenarios_uses_defaults(
    viewer_client: Client, succeeded_run: Any, run_scenario: Callable[..., Any]
) -> None:
    from careshift.model.scenario import sample_scenarios

    nothing = services.create_scenario(
        None, name="Do nothing", spec=sample_scenarios()["do-nothing"].model_dump(mode="json")
    )
    run_scenario(nothing)
    query = {"scenarios": [nothing.slug, succeeded_run.scenario.slug]}
    response = viewer_client.get("/scenarios/compare/", query)
    html = response.content.decode()
    assert "This field is required" not in html
    assert response.context["comparison"] is not None and 'data-vega-spec="' in html


def test_the_results_page_shows_winter_and_the_flow_out_of_hospital(
    viewer_client: Client, scenario: Any, run_scenario: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from careshift.apps.scenarios import engine
    from careshift.datapack import load_pack

    monkeypatch.setattr(engine, "load_pack", load_pack)  # the Oxfordshire pack carries the discharge figures
    run = run_scenario(scenario)
    assert run.status == "succeeded", run.error_message
    response = viewer_client.get(f"/scenarios/runs/{run.pk}/results/", {"setting": "acute_beds"})
    html = response.content.decode()
    flow = {p.key: p for p in response.context["panels"]() if p.extra.get("group") == "flow"}
    assert {"winter", "discharge_waiting", "discharge_freed", "discharge_cost"} <= {
        k for k, p in flow.items() if p.spec
    }
    assert "Winter and the flow out of hospital" in html and "criteria to reside" in html
    assert "one day in twenty" in html  # the risk target, in words
    months = [row[1] for row in flow["winter"].rows]
    assert months[:12] == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def test_the_results_page_shows_no_bed_risk_by_month_and_the_flows_assumptions(
    viewer_client: Client, scenario: Any, run_scenario: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from careshift.apps.scenarios import engine
    from careshift.datapack import load_pack

    monkeypatch.setattr(engine, "load_pack", load_pack)  # the Oxfordshire pack: winter and discharge figures
    run = run_scenario(scenario)
    response = viewer_client.get(f"/scenarios/runs/{run.pk}/results/", {"setting": "acute_beds"})
    html = response.content.decode()
    flow = {p.key: p for p in response.context["panels"]() if p.extra.get("group") == "flow"}
    no_bed = flow["winter_no_bed"]
    assert no_bed.spec and "measure=month_01_p_no_bed" in no_bed.csv_url.replace("%2C", ",")
    last = str(max(int(r[0]) for r in no_bed.rows))
    feb = next(r for r in no_bed.rows if r[:2] == [last, "Feb"])
    assert "The peak month is February" in no_bed.note and f"in {last} an arriving patient" in no_bed.note
    assert (
        f"probability {feb[3]} (P10 {feb[2]}, P90 {feb[4]})" in no_bed.note and "over the year" in no_bed.note
    )
    assert "finds no bed, by month" in html and "The peak month is February" in html

    table = flow["discharge_assumptions"]
    assert table.columns == ["Assumption", "Pathway", "Central", "80% range", "In a run", "Source"]
    rows = {(r[0], r[1]): r for r in table.rows}
    stay = rows[("Stay in the pathway's service (days)", "P3 care home")]
    assert stay[2:5] == ["35", "21 to 56", "drawn each iteration"] and stay[5].startswith("Assumption: ")
    assert rows[("Share of them who are Oxfordshire residents", "all")][2:4] == ["85%", "78% to 92%"]
    assert rows[("Share of their discharges by pathway", "P1 home with support")][2:4] == [
        "20%",
        "14% to 26%",
    ]
    published = rows[("Patients no longer meeting the criteria to reside (OUH, a day)", "all")]
    assert published[2] == "185" and published[5].startswith("Published: NHS England")
    lever = next(r for r in table.rows if r[0].startswith("Lever: 20 more reablement packages"))
    assert lever[1:4] == ["P1 home with support", "20", "15 to 25"]
    assert "The flow out of hospital: assumptions and their ranges" in html and "21 to 56" in html


def test_without_discharge_figures_the_results_page_says_so(
    viewer_client: Client, succeeded_run: Any
) -> None:
    response = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/results/")
    flow = {p.key: p for p in response.context["panels"]() if p.extra.get("group") == "flow"}
    assert (
        flow["discharge_assumptions"].rows == []
        and "no discharge figures" in flow["discharge_assumptions"].note
    )
    assert flow["winter_no_bed"].spec is None and "No monthly figures" in flow["winter_no_bed"].note
