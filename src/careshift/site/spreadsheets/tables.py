"""From an uploaded file's bytes to a :class:`~.preview.Preview` per declared table."""

from __future__ import annotations

from collections.abc import Sequence

from careshift.errors import UploadError
from careshift.site.spreadsheets.preview import Preview, Sheet, validate_sheet
from careshift.site.spreadsheets.reading import DEFAULT_MAX_BYTES, read_sheets
from careshift.site.spreadsheets.schema import TableSchema, normalise_header


def sheet_for(schema: TableSchema, sheets: Sequence[Sheet]) -> Sheet:
    """The sheet named like the table (its name or title), else the first sheet (a CSV's only one)."""
    names = {normalise_header(schema.name), normalise_header(schema.title)}
    for sheet in sheets:
        if normalise_header(sheet.name) in names:
            return sheet
    if not sheets:
        raise UploadError("The workbook has no sheets.", hint="Start from the template.")
    return sheets[0]


def read_table(
    data: bytes, filename: str, schema: TableSchema, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Preview:
    """Check, parse and validate an upload against one table; raises UploadError if it cannot be read."""
    return validate_sheet(schema, sheet_for(schema, read_sheets(data, filename, max_bytes=max_bytes)))


def read_tables(
    data: bytes, filename: str, schemas: Sequence[TableSchema], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Preview]:
    """One preview per table of a workbook (each from its own sheet, found by name)."""
    sheets = read_sheets(data, filename, max_bytes=max_bytes)
    return [validate_sheet(schema, sheet_for(schema, sheets)) for schema in schemas]
