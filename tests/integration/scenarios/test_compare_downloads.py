"""A comparison downloads as CSV (one table each, a file name each) and XLSX (every table), with
readable labels and units, rounded numbers with number formats, the levers side by side, the runs used
and the illustrative flag (issue 9)."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client

from careshift.apps.scenarios import services
from careshift.apps.scenarios.models import Run
from careshift.site.spreadsheets.schema import NUMBER_FORMATS
from careshift.site.spreadsheets.writing import ILLUSTRATIVE_TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(succeeded_run: Run, run_scenario: Callable[..., Any]) -> tuple[Run, Run]:
    from careshift.model.scenario import sample_scenarios

    nothing = services.create_scenario(
        None, name="Do nothing", spec=sample_scenarios()["do-nothing"].model_dump(mode="json")
    )
    return run_scenario(nothing), succeeded_run


def _query(*runs: Run, **extra: str) -> dict[str, Any]:
    slugs = [run.scenario.slug for run in runs]
    return {"scenarios": slugs, "order": ",".join(slugs), "measure": "cost", "setting": "all", **extra}


def _csv(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_comparison_csv_is_readable_rounded_and_named(
    viewer_client: Client, two: tuple[Run, Run]
) -> None:
    nothing, care = two
    response = viewer_client.get("/scenarios/compare/download.csv", _query(nothing, care))
    assert response.status_code == 200
    stem = f"careshift-compare-do-nothing-care-closer-to-home-cost-all-county-runs-{nothing.pk}-{care.pk}"
    assert response["Content-Disposition"] == f'attachment; filename="{stem}-comparison.csv"'
    rows = _csv(response)
    assert {r["Scenario"] for r in rows} == {"Do nothing", "Care closer to home"}
    first = rows[0]
    assert first["Measure"] == "cost" and first["Measure (name)"] and first["Unit"] == "£ a year"
    assert first["Setting (name)"] == "All settings" and first["Locality (name)"] == "County"
    assert all(r["Median (P50)"].lstrip("-").isdigit() for r in rows)  # whole pounds, not 15 decimals
    reference = [r for r in rows if r["Scenario"] == "Do nothing"]
    assert all(r["How the difference is found"] == "The reference" for r in reference)
    other = [r for r in rows if r["Scenario"] == "Care closer to home"]
    assert all(r["How the difference is found"].startswith("Paired") for r in other)
    assert all(r["Run"] == str(care.pk) for r in other)
    assert all(r["Data status"] == ILLUSTRATIVE_TEXT for r in rows)  # one of them is illustrative


def test_the_levers_csv_puts_the_runs_side_by_side(viewer_client: Client, two: tuple[Run, Run]) -> None:
    nothing, care = two
    response = viewer_client.get(
        "/scenarios/compare/download.csv", {**_query(nothing, care), "table": "levers"}
    )
    assert response["Content-Disposition"].endswith('-levers.csv"')
    rows = _csv(response)
    size = next(r for r in rows if r["Lever"] == "Virtual wards" and r["Part"] == "Size")
    assert size[f"Do nothing (run {nothing.pk})"] == "—"
    assert size[f"Care closer to home (run {care.pk})"] == "5% to 12% of the cohort"
    target = next(r for r in rows if r["Lever"] == "Assumptions" and r["Part"] == "Savings target")
    assert target[f"Do nothing (run {nothing.pk})"] == "None set"
    runs = viewer_client.get("/scenarios/compare/download.csv", {**_query(nothing, care), "table": "runs"})
    assert runs["Content-Disposition"].endswith('-runs.csv"')
    assert [r["Run"] for r in _csv(runs)] == [str(nothing.pk), str(care.pk)]


def test_the_comparison_workbook_has_every_table_with_formats_and_the_flag(
    viewer_client: Client, two: tuple[Run, Run]
) -> None:
    nothing, care = two
    response = viewer_client.get("/scenarios/compare/download.xlsx", _query(nothing, care))
    assert response["Content-Disposition"].endswith(f'-runs-{nothing.pk}-{care.pk}.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["comparison", "levers", "runs"]
    sheet = book["comparison"]
    assert sheet["A2"].value == ILLUSTRATIVE_TEXT and sheet["A3"].value.startswith("Paired")
    header = [c.value for c in sheet[5]]
    median = header.index("Median (P50)") + 1
    chance = header.index("Chance lower than the reference (%)") + 1
    cell = sheet.cell(6, median)
    assert cell.number_format == NUMBER_FORMATS["money"] and cell.value == int(cell.value)
    care_row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(r, 2).value == "Care closer to home")
    assert sheet.cell(care_row, chance).number_format == NUMBER_FORMATS["percent"]
    runs = {row[0]: row for row in book["runs"].iter_rows(min_row=5, values_only=True)}
    assert (
        runs["Care closer to home"][2] == "Latest finished (draft)"
        and runs["Care closer to home"][7] == "Yes"
    )


def test_the_page_links_its_downloads(viewer_client: Client, two: tuple[Run, Run]) -> None:
    page = viewer_client.get("/scenarios/compare/", _query(*two)).content.decode()
    assert 'href="/scenarios/compare/download.csv?scenarios=' in page
    assert "&amp;table=levers" in page and 'href="/scenarios/compare/download.xlsx?scenarios=' in page


@pytest.mark.parametrize(
    ("address", "query", "status", "says"),
    [
        ("download.pdf", {}, 404, "no 'pdf' download"),
        ("download.csv", {"table": "nope"}, 404, "no 'nope' table"),
        ("download.csv", {"measure": "nonsense"}, 400, "measure"),
    ],
)
def test_a_bad_download_address_is_explained(
    viewer_client: Client, two: tuple[Run, Run], address: str, query: dict[str, str], status: int, says: str
) -> None:
    response = viewer_client.get(f"/scenarios/compare/{address}", {**_query(*two), **query})
    assert response.status_code == status
    text = html.unescape(response.content.decode())
    assert says in text and "Traceback" not in text
