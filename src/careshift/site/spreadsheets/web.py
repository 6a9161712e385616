"""The Django side of the spreadsheets toolkit: uploads limited by the settings, previews, downloads.

A view that imports a table::

    from careshift.site.spreadsheets import web

    def import_projects(request):
        form = web.UploadForm(request.POST or None, request.FILES or None)
        preview = None
        if form.is_valid():
            preview = web.preview_upload(form.cleaned_data["file"], PROJECTS)   # nothing saved yet
            if preview.is_valid and "confirm" in request.POST:
                save(preview.records)
        return render(request, "programme/import.html", {"form": form, "preview": preview})

and its template includes ``{% include "_spreadsheet_preview.html" with preview=preview %}``. Downloads
follow one convention: ``table_response(table, "csv" | "xlsx", stem)`` names the file ``stem.csv``;
``template_response(schema, fmt)`` serves the empty template ``<schema.name>-template.<fmt>``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse

from careshift.errors import NotFound, UploadError
from careshift.site.spreadsheets.preview import Preview, validate_sheet
from careshift.site.spreadsheets.reading import check_size, read_sheets
from careshift.site.spreadsheets.schema import TableSchema
from careshift.site.spreadsheets.tables import sheet_for
from careshift.site.spreadsheets.writing import Table, csv_bytes, file_name, template, to_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMATS = ("csv", "xlsx")


def max_upload_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 2 * 1024 * 1024))


class UploadForm(forms.Form):
    """One spreadsheet file; its size is checked against ``CARESHIFT_UPLOAD_MAX_BYTES`` when cleaned."""

    file = forms.FileField(
        label="Spreadsheet (CSV or XLSX)",
        help_text="Start from the template; up to the size limit shown.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        try:
            check_size(upload.size or 0, max_upload_bytes())
        except UploadError as err:
            raise forms.ValidationError(f"{err.message} {err.hint}") from None
        return upload


def upload_bytes(upload: UploadedFile, max_bytes: int | None = None) -> bytes:
    """The upload's content, refused before reading when it is over the limit."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    check_size(upload.size or 0, limit)
    data = b"".join(upload.chunks())
    check_size(len(data), limit)  # the declared size can lie
    return data


def preview_upload(upload: UploadedFile, schema: TableSchema, *, max_bytes: int | None = None) -> Preview:
    """The upload checked, parsed and validated against ``schema``; raises UploadError if unreadable."""
    return preview_uploads(upload, [schema], max_bytes=max_bytes)[0]


def preview_uploads(
    upload: UploadedFile, schemas: Sequence[TableSchema], *, max_bytes: int | None = None
) -> list[Preview]:
    sheets = read_sheets(upload_bytes(upload, max_bytes), upload.name or "", max_bytes=10**12)
    return [validate_sheet(schema, sheet_for(schema, sheets)) for schema in schemas]


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(table: Table, filename: str) -> HttpResponse:
    """One table as a CSV download (UTF-8 with a byte-order mark, so Excel shows £ correctly)."""
    return attachment(csv_bytes(table), CSV_TYPE, filename)


def xlsx_response(
    tables: Sequence[Table], filename: str, *, assumptions: Table | None = None
) -> HttpResponse:
    return attachment(to_xlsx(tables, assumptions=assumptions), XLSX_TYPE, filename)


def table_response(table: Table, fmt: str, *stem: str) -> HttpResponse:
    """``table`` as ``<stem...>.<fmt>`` (csv or xlsx); an unknown format is a 404 that says which exist."""
    if fmt not in FORMATS:
        raise NotFound(f"There is no {fmt!r} download.", hint="Download as csv or xlsx.")
    name = file_name(*stem, extension=fmt)
    return csv_response(table, name) if fmt == "csv" else xlsx_response([table], name)


def template_response(schema: TableSchema, fmt: str) -> HttpResponse:
    """The empty template for ``schema``: headers with their units (and, in XLSX, notes and drop-downs)."""
    return table_response(template(schema), fmt, schema.name, "template")
