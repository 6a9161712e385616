"""Uploads: size limit before parsing, encodings, refused kinds, zip bombs, errors by sheet/row/column."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from careshift.errors import UploadError
from careshift.site.spreadsheets import TableSchema, read_table, read_tables
from careshift.site.spreadsheets.reading import read_sheets
from tests.unit.spreadsheets.conftest import PROJECTS

HEADER = "Project code,Project name,Status,Budget (£),Progress (%),Staff,Start date,Live\r\n"


def csv_file(*rows: str, encoding: str = "utf-8") -> bytes:
    return (HEADER + "".join(r + "\r\n" for r in rows)).encode(encoding)


def test_a_valid_csv_becomes_typed_rows(schema: TableSchema) -> None:
    data = csv_file(
        'P1,Virtual wards,Open,£25m,25%,"1,200",01/04/2026,yes', "P2,Falls,done,250k,0.5,3,2026-05-01,no"
    )
    preview = read_table(data, "projects.csv", schema)
    assert preview.errors == [] and preview.is_valid
    first, second = preview.records
    assert first == {
        "code": "P1",
        "name": "Virtual wards",
        "status": "open",
        "budget": 25e6,
        "progress": 0.25,
        "staff": 1200,
        "start": dt.date(2026, 4, 1),
        "live": True,
    }
    assert second["status"] == "done" and second["budget"] == 250_000 and second["live"] is False


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings_excel_saves_are_sniffed(schema: TableSchema, encoding: str) -> None:
    preview = read_table(csv_file("P1,Café £ – test,Open,1,,,,", encoding=encoding), "p.csv", schema)
    assert preview.records[0]["name"] == "Café £ – test"


def test_utf16_and_binary_csv_are_refused_with_a_hint(schema: TableSchema) -> None:
    with pytest.raises(UploadError, match="UTF-16") as err:
        read_table(csv_file("P1,x,Open,1,,,,", encoding="utf-16"), "p.csv", schema)
    assert "CSV UTF-8" in err.value.hint


def test_every_error_names_sheet_row_and_column_and_nothing_is_valid(schema: TableSchema) -> None:
    data = csv_file("P1,ok,Open,1,,,,", ",,Shut,-5,abc,1.5,31/02/2026,maybe", "P1,dup,Open,1,,,,")
    preview = read_table(data, "projects.csv", schema)
    assert not preview.is_valid
    found = {(e.row, e.column) for e in preview.errors}
    assert {(3, "Project code"), (3, "Project name"), (3, "Status"), (3, "Budget (£)")} <= found
    assert {(3, "Progress (%)"), (3, "Staff"), (3, "Start date"), (3, "Live"), (4, "Project code")} <= found
    budget = next(e for e in preview.errors if e.column == "Budget (£)")
    assert str(budget) == "sheet 'projects', row 3, column D 'Budget (£)': '-5' is below 0: enter at least 0."
    with pytest.raises(ValueError, match="save nothing"):
        _ = preview.records


def test_a_file_without_the_header_says_which_columns_it_needs(schema: TableSchema) -> None:
    preview = read_table(b"a,b\r\n1,2\r\n", "p.csv", schema)
    assert not preview.is_valid and "'Project code'" in preview.errors[0].message


def test_size_is_checked_before_parsing(schema: TableSchema) -> None:
    with pytest.raises(UploadError, match=r"most this site accepts is 0\.0 MB"):
        read_table(b"\xff" * 100, "p.xlsx", schema, max_bytes=10)  # not even a workbook: never opened


@pytest.mark.parametrize("name", ["p.xlsm", "p.xls", "p.xlsb", "p.ods", "p.exe"])
def test_other_kinds_are_refused(schema: TableSchema, name: str) -> None:
    with pytest.raises(UploadError, match=r"cannot be uploaded|not a CSV or XLSX"):
        read_table(b"x", name, schema)


def test_encrypted_and_old_workbooks_are_refused() -> None:
    with pytest.raises(UploadError, match="password-protected"):
        read_sheets(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "p.xlsx")


def _workbook(extra: dict[str, bytes] | None = None) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Project code", "Project name"])
    buffer = io.BytesIO()
    book.save(buffer)
    if not extra:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        for name, content in extra.items():
            dst.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_a_macro_workbook_renamed_xlsx_is_refused() -> None:
    with pytest.raises(UploadError, match="macros"):
        read_sheets(_workbook({"xl/vbaProject.bin": b"x"}), "p.xlsx")


def test_a_zip_bomb_is_refused_before_unpacking() -> None:
    bomb = _workbook({"xl/media/bomb.bin": b"\0" * 60_000_000})
    assert len(bomb) < 200_000
    with pytest.raises(UploadError, match="would unpack to"):
        read_sheets(bomb, "p.xlsx")


def test_an_xlsx_reads_its_named_sheet_and_cached_formula_values(schema: TableSchema) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Projects")
    sheet.append(["Programme projects"])
    sheet.append([])
    sheet.append(["project code", "PROJECT NAME", "Budget (£)", "Start date"])
    sheet.append(["P1", "Wards", 1500.0, dt.datetime(2026, 4, 1)])
    sheet.append([42, "Numbers as codes", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = read_tables(buffer.getvalue(), "book.xlsx", [schema])[0]
    assert preview.sheet == "Projects" and preview.header_row == 3
    assert [r["code"] for r in preview.records] == ["P1", "42"]
    assert preview.records[0]["start"] == dt.date(2026, 4, 1) and preview.rows[0].number == 4


def test_not_finite_numbers_are_errors(schema: TableSchema) -> None:
    preview = read_table(csv_file("P1,x,Open,inf,nan,,,"), "p.csv", schema)
    assert {e.column for e in preview.errors} == {"Budget (£)", "Progress (%)"}


def test_row_limit() -> None:
    small = TableSchema("t", columns=PROJECTS.columns[:2], max_rows=2)
    preview = read_table(csv_file("a,1", "b,2", "c,3"), "t.csv", small)
    assert not preview.is_valid and "More than 2 rows" in preview.errors[-1].message


def test_the_pure_toolkit_needs_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys, careshift.site.spreadsheets as s\n"
        "S = s.TableSchema('t', (s.Column('a'),))\n"
        "s.read_table(s.to_xlsx([s.template(S)]), 'x.xlsx', S)\n"
        "assert 'django' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
