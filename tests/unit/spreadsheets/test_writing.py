"""Exports: labels, units, codes with names, formats, illustrative flag, formula injection, round trips."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from careshift.site.spreadsheets import (
    Assumption,
    Column,
    Table,
    TableSchema,
    assumptions_table,
    csv_bytes,
    file_name,
    neutralise,
    plan_import,
    read_table,
    template,
    to_csv,
    to_xlsx,
)
from tests.unit.spreadsheets.conftest import PROJECTS

ROW: dict[str, Any] = {
    "code": "P1",
    "name": "Virtual wards",
    "status": "open",
    "budget": 25e6,
    "progress": 0.25,
    "staff": 1200,
    "start": dt.date(2026, 4, 1),
    "live": True,
}
EVIL = '=HYPERLINK("http://evil.example","Click")'


def test_csv_has_labels_units_and_a_name_beside_each_code() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(Table(PROJECTS, [ROW])))))
    assert rows[0] == [
        "Project code",
        "Project name",
        "Status",
        "Status (name)",
        "Budget (£)",
        "Progress (%)",
        "Staff",
        "Start date",
        "Live",
    ]
    assert rows[1] == [
        "P1",
        "Virtual wards",
        "open",
        "Open",
        "25000000.0",
        "25%",
        "1200",
        "2026-04-01",
        "yes",
    ]


def test_xlsx_formats_freezes_the_header_and_flags_illustrative_data() -> None:
    table = Table(PROJECTS, [ROW], illustrative=True)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([table])))
    sheet = book["projects"]
    assert sheet["A1"].value == "Programme projects"
    assert "Illustrative" in sheet["A2"].value and sheet["A2"].fill.fgColor.rgb.endswith("FFEB3B")
    assert sheet.freeze_panes == "A5" and sheet["A4"].value == "Project code" and sheet["A4"].font.b
    assert (
        sheet["E5"].value == 25e6
        and "£" in sheet["E5"].number_format
        and "#,##0" in sheet["E5"].number_format
    )
    assert sheet["F5"].number_format == "0.0%" and sheet["G5"].number_format == "#,##0"
    assert sheet["J4"].value == "Data status" and "Illustrative" in sheet["J5"].value
    assert sheet.column_dimensions["B"].width > len("Virtual wards")
    assert "open (Open)" in sheet["C4"].comment.text


def test_every_formula_like_text_is_neutralised_in_csv_and_xlsx() -> None:
    rows = [{**ROW, "code": prefix + "cmd", "name": EVIL} for prefix in ("=", "+", "-", "@", "\t", "\r")]
    table = Table(PROJECTS, rows, notes=(EVIL,), title=EVIL)
    for row in csv.reader(io.StringIO(to_csv(table))):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    book = openpyxl.load_workbook(
        io.BytesIO(to_xlsx([table], assumptions=assumptions_table([Assumption(EVIL, EVIL)])))
    )
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (
                    isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
                )
    assert neutralise(-5) == -5  # numbers are never text


def test_templates_and_exports_upload_again_unchanged() -> None:
    table = Table(PROJECTS, [ROW, {**ROW, "code": EVIL, "status": "done", "live": False}], illustrative=True)
    for data, name in ((to_xlsx([table]), "p.xlsx"), (csv_bytes(table), "p.csv")):
        assert read_table(data, name, PROJECTS).records == [dict(r) for r in table.rows]
    blank = read_table(to_xlsx([template(PROJECTS)]), "t.xlsx", PROJECTS)
    assert blank.header_row == 3 and "no rows" in blank.errors[0].message


def test_file_names_are_distinct_and_safe() -> None:
    assert file_name("careshift", "Care closer to home", 3, "waterfall", extension="csv") == (
        "careshift-care-closer-to-home-3-waterfall.csv"
    )
    assert file_name("../etc/passwd", extension="xlsx") == "etc-passwd.xlsx"


def test_reimport_plans_create_update_unchanged() -> None:
    table = Table(PROJECTS, [ROW, {**ROW, "code": "P2", "budget": 5.0}])
    records = read_table(to_xlsx([table]), "p.xlsx", PROJECTS).records
    existing = {"P1": {k: v for k, v in ROW.items() if k != "code"}, "P2": {**ROW, "budget": 4.0}}
    plan = plan_import(records, existing, "code")
    assert [(r.reference, r.action) for r in plan.rows] == [("P1", "unchanged"), ("P2", "update")]
    assert plan.update[0].changes == {"budget": (4.0, 5.0)}
    assert plan_import(records, {}, "code").summary() == "2 to create, 0 to update, 0 unchanged."


# text as people type it (formula starters, quotes, separators, accents); cells are read stripped
TEXT = st.text(st.sampled_from(list("aZ09 =+-@'\",;£é\t")), min_size=1, max_size=12).filter(str.strip)


@settings(max_examples=25, deadline=None)
@given(
    code=TEXT.map(str.strip),
    budget=st.floats(0, 1e12).map(lambda v: round(v, 2)),
    progress=st.floats(0, 1),
)
def test_round_trip_preserves_values(code: str, budget: float, progress: float) -> None:
    schema = TableSchema("t", columns=PROJECTS.columns[:1] + PROJECTS.columns[3:5])
    row = {"code": code, "budget": budget, "progress": progress}
    for data, name in (
        (to_xlsx([Table(schema, [row])]), "t.xlsx"),
        (csv_bytes(Table(schema, [row])), "t.csv"),
    ):
        got = read_table(data, name, schema).records[0]
        assert got["code"] == code and got["budget"] == budget
        assert abs(got["progress"] - progress) < 1e-9


def test_row_formats_give_a_cell_the_number_format_of_its_row() -> None:
    schema = TableSchema(
        "results",
        columns=(Column("measure", "Measure"), Column("value", "Value", type="number")),
    )
    rows = [
        {"measure": "cost", "value": 25e6},
        {"measure": "risk", "value": 0.05},
        {"measure": "beds", "value": 7},
    ]
    formats = {"cost": '"£"#,##0', "risk": "0.0%"}
    table = Table(schema, rows, row_formats=lambda row: {"value": formats.get(row["measure"], "")})
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx([table])))["results"]
    cells = {sheet.cell(r, 1).value: sheet.cell(r, 2) for r in range(4, 7)}
    assert cells["cost"].number_format == '"£"#,##0' and cells["cost"].value == 25e6
    assert cells["risk"].number_format == "0.0%"
    assert cells["beds"].number_format == "#,##0.##"  # the column's own format otherwise
