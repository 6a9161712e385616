"""Results downloads a board can read (issue 9): readable labels and units beside the codes, rounded
numbers with number formats, a levers and an assumptions sheet, the illustrative flag as a visible cell,
distinct file names per table (and per filter)."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client

from careshift.apps.scenarios.models import Run
from careshift.site.spreadsheets.schema import NUMBER_FORMATS
from careshift.site.spreadsheets.writing import ILLUSTRATIVE_TEXT

pytestmark = pytest.mark.django_db
HEADER = 4  # title, illustrative flag, blank, header


def _csv(client: Client, run: Run, **query: str) -> tuple[str, list[dict[str, str]]]:
    response = client.get(f"/scenarios/runs/{run.pk}/download.csv", query)
    text = response.content.decode("utf-8-sig")
    return response["Content-Disposition"], list(csv.DictReader(io.StringIO(text)))


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _places(measure: str) -> int:
    """The decimal places a measure is rounded to: pounds, shares (4: 0.01 percentage points), else 1."""
    if measure in ("cost", "savings_vs_do_nothing", "savings_vs_target", "discharge_delay_cost"):
        return 0
    shares = ("p_", "occupancy", "peak_month_occupancy", "discharge_delayed_share")
    return 4 if measure.startswith(shares) else 1


def _sheet_rows(sheet: Any, header: int = HEADER) -> list[dict[str, Any]]:
    names = [c.value for c in sheet[header]]
    return [
        {name: cell for name, cell in zip(names, row, strict=True)}
        for row in sheet.iter_rows(min_row=header + 1)
    ]


def test_the_summary_csv_is_rounded_with_units_beside_the_codes(
    viewer_client: Client, succeeded_run: Run
) -> None:
    _name, rows = _csv(viewer_client, succeeded_run)
    assert rows
    for row in rows:
        values = [row["P10"], row["Median (P50)"], row["P90"]]
        measure = row["Measure"]
        most = _places(measure)
        assert all(_decimals(v) <= most for v in values), (measure, values)  # was 15 decimals
        assert not any(v.startswith("-0") and float(v) == 0 for v in values), values  # no negative zero
        assert row["Measure (name)"] and row["Setting (name)"] and row["Locality (name)"]
    units = {row["Measure"]: row["Unit"] for row in rows}
    assert units["cost"] == "£ a year" and units["p_turned_away"] == "probability"
    assert units["occupancy"] == "share of beds occupied" and units["bed_days"] == "bed days a year"
    assert all(row["Data status"] == ILLUSTRATIVE_TEXT for row in rows)


def test_the_waterfall_csv_names_its_steps(viewer_client: Client, succeeded_run: Run) -> None:
    _name, rows = _csv(viewer_client, succeeded_run, table="waterfall")
    names = {row["Step"]: row["Step (name)"] for row in rows}
    assert names["non_demographic_growth"] == "Non demographic growth"
    assert names["Virtual wards"] == "Virtual wards"  # a lever's step is its name
    assert all(_decimals(row["Change"]) <= _places(row["Measure"]) for row in rows)
    assert any(row["Measure"] == "cost" and row["Change"].isdigit() for row in rows)  # whole pounds


def test_each_csv_has_a_file_name_of_its_own(viewer_client: Client, succeeded_run: Run) -> None:
    stem = f"careshift-{succeeded_run.scenario.slug}-run-{succeeded_run.pk}"
    names = {
        _csv(viewer_client, succeeded_run)[0],
        _csv(viewer_client, succeeded_run, table="waterfall")[0],
        _csv(viewer_client, succeeded_run, locality="county", measure="cost")[0],
        _csv(viewer_client, succeeded_run, locality="county", measure="activity", setting="acute_beds")[0],
    }
    assert names == {
        f'attachment; filename="{stem}-summary.csv"',
        f'attachment; filename="{stem}-waterfall.csv"',
        f'attachment; filename="{stem}-summary-county-cost.csv"',
        f'attachment; filename="{stem}-summary-county-acute-beds-activity.csv"',
    }


def test_the_workbook_has_number_formats_levers_assumptions_and_the_flag(
    viewer_client: Client, succeeded_run: Run
) -> None:
    response = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/download.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["summary", "waterfall", "levers", "assumptions", "metadata"]
    for sheet in book:
        assert sheet["A2"].value == ILLUSTRATIVE_TEXT and sheet["A2"].font.bold  # the flag, visible
    summary = _sheet_rows(book["summary"])
    by_measure = {row["Measure"].value: row for row in summary if row["Setting"].value == "all"}
    cost = by_measure["cost"]["Median (P50)"]
    assert cost.number_format == NUMBER_FORMATS["money"] and cost.value == int(cost.value)
    risk = next(r for r in summary if r["Measure"].value == "p_turned_away")["Median (P50)"]
    assert risk.number_format == "0.00%" and round(risk.value, 4) == risk.value
    activity = next(r for r in summary if r["Measure"].value == "activity")["P90"]
    assert activity.number_format == "#,##0.0" and round(activity.value, 1) == activity.value

    levers = {row["Lever"].value: row for row in _sheet_rows(book["levers"])}
    wards = levers["Virtual wards"]
    assert wards["One-off cost (£)"].value == 2_000_000
    assert wards["One-off cost (£)"].number_format == NUMBER_FORMATS["money"]
    assert (
        wards["Share affected, low (%)"].value == 0.05
        and wards["Kind (name)"].value == "Shift to another setting"
    )
    prevention = levers["Prevention for over-65s"]
    assert prevention["Recurring cost (£ a year)"].value == 1_500_000
    reablement = levers["20 more reablement packages"]  # discharge levers too
    assert reablement["Kind (name)"].value == "Add downstream places (discharge)"
    assert (reablement["Discharge pathway"].value, reablement["Places added, high"].value) == ("p1", 25)

    assumptions = {row["Assumption"].value: row for row in _sheet_rows(book["assumptions"])}
    assert assumptions["Illustrative"]["Value"].value == "Yes"
    target = assumptions["Savings target by 2030"]["Value"]
    assert target.value == 30_000_000 and target.number_format == NUMBER_FORMATS["money"]
    occupancy = next(v for k, v in assumptions.items() if k.startswith("Target occupancy: "))["Value"]
    assert occupancy.value == 0.92 and occupancy.number_format == "0.0%"
    assert assumptions["Horizon year"]["Value"].value == 2040
    assert assumptions["Non-demographic growth: all activities"]["Value"].value == "0% to 1%"

    meta = {row["Assumption"].value: row["Value"].value for row in _sheet_rows(book["metadata"])}
    assert meta["Scenario"] == "Care closer to home" and meta["Illustrative"] == "Yes"
    assert meta["Seed"] == succeeded_run.seed and "datapack_version" not in meta


def test_a_scenario_that_is_not_illustrative_says_so(
    viewer_client: Client, sample_spec: dict[str, Any], run_scenario: Any
) -> None:
    from careshift.apps.scenarios import services

    scenario = services.create_scenario(None, name="Agreed plan", spec={**sample_spec, "illustrative": False})
    run = run_scenario(scenario)
    book = openpyxl.load_workbook(
        io.BytesIO(viewer_client.get(f"/scenarios/runs/{run.pk}/download.xlsx").content)
    )
    assumptions = {row[0]: row[1] for row in book["assumptions"].iter_rows(min_row=4, values_only=True)}
    assert assumptions["Illustrative"] == "No"
    assert "Data status" not in [c.value for c in book["summary"][3]]
