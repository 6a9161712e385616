"""The Django side of the spreadsheets toolkit: the upload limit setting, the preview partial, downloads."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import override_settings

from careshift.errors import NotFound, UploadError
from careshift.site.spreadsheets import Column, Table, TableSchema, web

SCHEMA = TableSchema(
    "teams",
    reference="code",
    columns=(Column("code", "Team code", required=True), Column("size", "Team size", type="count")),
)


def upload(content: bytes, name: str = "teams.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@override_settings(UPLOAD_MAX_BYTES=20)
def test_the_upload_limit_comes_from_the_setting_and_is_checked_before_reading() -> None:
    form = web.UploadForm(files={"file": upload(b"Team code\r\n" + b"x\r\n" * 10)})
    assert not form.is_valid() and "the most this site accepts" in form.errors["file"][0]
    with pytest.raises(UploadError, match="most this site accepts"):
        web.preview_upload(upload(b"Team code\r\n" + b"x\r\n" * 10), SCHEMA)


def test_the_preview_partial_lists_rows_and_errors_by_row_and_column() -> None:
    preview = web.preview_upload(upload(b"Team code,Team size\r\nA,3\r\nB,lots\r\n"), SCHEMA)
    html = render_to_string("_spreadsheet_preview.html", {"preview": preview})
    assert "1 problem to fix: nothing has been saved" in html
    assert "sheet &#x27;teams&#x27;, row 3, column B &#x27;Team size&#x27;" in html
    assert 'id="spreadsheet-row-3"' in html and "not a whole number" in html
    good = web.preview_upload(upload(b"Team code,Team size\r\nA,3\r\n"), SCHEMA)
    assert "1 row read from sheet “teams” with no problems" in render_to_string(
        "_spreadsheet_preview.html", {"preview": good}
    )


def test_downloads_follow_the_file_name_convention() -> None:
    response = web.table_response(Table(SCHEMA, [{"code": "=1+1", "size": 4}]), "csv", "careshift", "teams")
    assert response["Content-Disposition"] == 'attachment; filename="careshift-teams.csv"'
    assert response.content.decode("utf-8-sig").splitlines()[1] == "'=1+1,4"
    template = web.template_response(SCHEMA, "xlsx")
    assert 'filename="teams-template.xlsx"' in template["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(template.content))["teams"]
    assert [c.value for c in sheet[3]] == ["Team code", "Team size"]
    with pytest.raises(NotFound):
        web.table_response(Table(SCHEMA, []), "pdf", "x")
