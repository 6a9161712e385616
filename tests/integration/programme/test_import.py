"""Tracker import (web and CLI): preview with errors by sheet, row and column; nothing saved until the whole
file is valid; re-importing changes nothing; hostile files refused; formulas neutralised on export."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from careshift.apps.programme import export
from careshift.apps.programme.models import Milestone, Project, RaidItem, SavingsMonth
from tests.integration.programme.conftest import Small

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def tracker(**overrides: list[list[Any]]) -> bytes:
    sheets = {
        "projects": [
            ["Reference", "Name", "Workstream", "Owner (SRO)", "Localities", "Stage", "Start date"],
            ["IMP-1", "Hospital at home", "Urgent care", "", "West; City", "Idea", "2026-04-01"],
            ["IMP-2", "Falls service", "urgent", "", "", "", ""],
        ],
        "milestones": [
            ["Reference", "Project", "Name", "Baseline date", "Forecast date"],
            ["IMP-1-M1", "IMP-1", "Go live", "2026-09-01", "2026-10-15"],
        ],
        "risks": [
            [
                "Reference",
                "Project",
                "Kind",
                "Title",
                "Inherent likelihood",
                "Inherent impact",
                "Residual likelihood",
                "Residual impact",
            ],
            ["IMP-1-R1", "IMP-1", "Risk", "Nurses", 4, 4, 3, 4],
        ],
        "savings": [
            ["Savings line", "Project", "Title", "Full-year effect (£)", "Month", "Plan (£)", "Actual (£)"],
            ["IMP-1-S1", "IMP-1", "Bed days", "£120k", "2026-04-01", 10_000, 9_000],
            ["IMP-1-S1", "IMP-1", "Bed days", "£120k", "2026-05-01", 10_000, None],
        ],
    }
    sheets.update(overrides)
    return workbook(sheets)


def upload(
    client: Client, small: Small, data: bytes, name: str = "tracker.xlsx", confirm: bool = True
) -> Any:
    payload: dict[str, Any] = {"programme": small.programme.pk, "file": SimpleUploadedFile(name, data, XLSX)}
    if confirm:
        payload["confirm"] = "1"
    return client.post("/programme/import/", payload)


@pytest.fixture
def lead(client_for: Callable[[str], Client]) -> Client:
    return client_for("programme_lead")


def test_import_then_reimport_changes_nothing(small: Small, lead: Client) -> None:
    assert upload(lead, small, tracker()).status_code == 302
    project = Project.objects.get(reference="IMP-1")
    assert project.localities == ["city", "west"] and project.stage.key == "idea"
    assert Milestone.objects.get(reference="IMP-1-M1").forecast.isoformat() == "2026-10-15"
    assert RaidItem.objects.get(reference="IMP-1-R1").residual_score == 12
    assert SavingsMonth.objects.filter(line__reference="IMP-1-S1").count() == 2
    response = upload(lead, small, tracker(), confirm=False)
    assert "projects: 0 to create, 0 to update, 2 unchanged" in response.content.decode()
    assert "savings: 0 to create, 0 to update, 2 unchanged" in response.content.decode()


def test_export_imports_again_unchanged(small: Small, lead: Client) -> None:
    upload(lead, small, tracker())
    data = export.workbook(small.programme)
    html = upload(lead, small, data, "export.xlsx", confirm=False).content.decode()
    assert "to update" in html and " 0 to update" in html and "0 to create" in html


def test_errors_listed_by_sheet_row_and_column_and_nothing_saved(small: Small, lead: Client) -> None:
    bad = tracker(
        milestones=[
            ["Reference", "Project", "Name", "Baseline date", "Forecast date"],
            ["IMP-1-M1", "NOPE", "Go live", "soon", "2026-10-15"],
        ]
    )
    html = upload(lead, small, bad).content.decode()
    assert "sheet &#x27;milestones&#x27;, row 2, column D &#x27;Baseline date&#x27;" in html
    assert "No project &#x27;NOPE&#x27;" in html and "nothing has been saved" in html
    assert html.count("No project &#x27;NOPE&#x27;") == 1  # a sheet named as its schema is read once
    assert not Project.objects.filter(reference="IMP-1").exists()


def test_unknown_workstream_owner_and_locality(small: Small, lead: Client) -> None:
    bad = tracker(
        projects=[
            ["Reference", "Name", "Workstream", "Owner (SRO)", "Localities"],
            ["IMP-9", "X", "Dentistry", "ghost", "Atlantis"],
        ],
        milestones=[["Reference"]],
        risks=[["Reference"]],
        savings=[["Savings line"]],
    )
    html = upload(lead, small, bad).content.decode()
    assert (
        "No workstream &#x27;Dentistry&#x27;" in html and "No active careshift user &#x27;ghost&#x27;" in html
    )
    assert "&#x27;Atlantis&#x27; is not a locality" in html


def test_duplicate_month_is_an_error(small: Small, lead: Client) -> None:
    rows = [
        ["Savings line", "Project", "Title", "Full-year effect (£)", "Month", "Plan (£)"],
        ["P-S", small.project.reference, "T", 1, "2026-04-01", 1],
        ["P-S", small.project.reference, "T", 1, "2026-04-20", 1],
    ]
    html = upload(lead, small, workbook({"savings": rows})).content.decode()
    assert "already has April 2026 on row 2" in html


def test_csv_single_table(small: Small, lead: Client) -> None:
    header = "Reference,Project,Name,Baseline date,Forecast date\n"
    csv = f"{header}CSV-M1,{small.project.reference},Pilot,2026-05-01,2026-06-01\n"
    assert upload(lead, small, csv.encode(), "milestones.csv").status_code == 302
    assert Milestone.objects.filter(reference="CSV-M1").exists()


def test_hostile_files_are_refused(small: Small, lead: Client, settings: Any) -> None:
    assert b"cannot be read" in upload(lead, small, b"\x00\x01garbage" * 10, "tracker.xlsx").content
    macro = io.BytesIO()
    with zipfile.ZipFile(macro, "w") as z:
        z.writestr("xl/vbaProject.bin", b"x")
    assert b"macro" in upload(lead, small, macro.getvalue(), "tracker.xlsx").content.lower()
    assert b"it can hold macros" in upload(lead, small, b"a,b", "tracker.xlsm").content
    settings.UPLOAD_MAX_BYTES = 1000
    response = upload(lead, small, tracker())
    assert response.status_code == 200 and not Project.objects.filter(reference="IMP-1").exists()


def test_only_leads_import(small: Small, login: Callable[[Any], Client]) -> None:
    assert upload(login(small.owner), small, tracker()).status_code == 403


def test_formulas_are_neutralised_on_export(small: Small) -> None:
    small.project.name = '=HYPERLINK("http://evil.example","click")'
    small.project.save()
    book = openpyxl.load_workbook(io.BytesIO(export.workbook(small.programme)))
    values = [c.value for row in book["projects"].iter_rows() for c in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in values


def test_cli_import_dry_run_then_real(small: Small, tmp_path: Any, capsys: Any) -> None:
    from click.testing import CliRunner

    from careshift.cli import main

    path = tmp_path / "tracker.xlsx"
    path.write_bytes(tracker())
    runner = CliRunner()
    dry = runner.invoke(
        main, ["programme", "import", str(path), "--programme", small.programme.slug, "--dry-run"]
    )
    assert (
        dry.exit_code == 0
        and "dry run" in dry.output
        and not Project.objects.filter(reference="IMP-1").exists()
    )
    real = runner.invoke(main, ["programme", "import", str(path), "--programme", small.programme.slug])
    assert real.exit_code == 0 and Project.objects.filter(reference="IMP-1").exists()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        tracker(
            risks=[
                ["Reference", "Project", "Kind", "Title", "Inherent likelihood"],
                ["Z", "IMP-1", "Risk", "T", 9],
            ]
        )
    )
    failed = runner.invoke(main, ["programme", "import", str(bad), "--programme", small.programme.slug])
    assert failed.exit_code == 1 and "nothing saved" in failed.output


def test_an_update_bumps_the_version_and_each_row_is_audited(small: Small, lead: Client) -> None:
    from careshift.apps.accounts import audit

    upload(lead, small, tracker())
    milestone = Milestone.objects.get(reference="IMP-1-M1")
    risk = RaidItem.objects.get(reference="IMP-1-R1")
    assert [e.action for e in audit.history(milestone)] == ["milestone.create"]
    assert audit.history(risk).get().reason == "Imported from a tracker"
    moved = [
        ["Reference", "Project", "Name", "Baseline date", "Forecast date"],
        ["IMP-1-M1", "IMP-1", "Go live", "2026-09-01", "2026-11-30"],
    ]
    assert upload(lead, small, tracker(milestones=moved)).status_code == 302
    again = Milestone.objects.get(pk=milestone.pk)
    assert again.forecast.isoformat() == "2026-11-30"
    assert again.version == milestone.version + 1  # an edit page opened before the import is refused
    latest = audit.history(milestone).first()
    assert latest is not None and latest.action == "milestone.update"
    assert latest.changes == {"forecast": ["2026-10-15", "2026-11-30"]}
    assert RaidItem.objects.get(pk=risk.pk).version == risk.version  # unchanged rows are left alone


def test_export_has_costings_and_benefit_measurements(small: Small) -> None:
    import datetime as dt
    from decimal import Decimal

    from careshift.apps.programme.models import Benefit, BenefitValue, ResourceCost

    ResourceCost.objects.create(
        project=small.project,
        description="Band 7 lead",
        wte=Decimal("0.5"),
        amount=Decimal(32000),
        financial_year=2026,
    )
    benefit = Benefit.objects.create(
        project=small.project, title="Fewer admissions", kind="cashable", measure="NEL"
    )
    BenefitValue.objects.create(benefit=benefit, date=dt.date(2026, 6, 1), planned=380.0, realised=372.0)
    book = openpyxl.load_workbook(io.BytesIO(export.workbook(small.programme)))
    costs = [c.value for row in book["costings"].iter_rows() for c in row]
    assert "Band 7 lead" in costs and 32000 in costs and 0.5 in costs and "Staff time" in costs
    values = [c.value for row in book["benefit_values"].iter_rows() for c in row]
    assert "Fewer admissions" in values and 380 in values and 372 in values
