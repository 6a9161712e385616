"""A sheet read against a :class:`~.schema.TableSchema`: typed rows, and every error by sheet, row, column.

Nothing is saved from a :class:`Preview`: a view shows it (``_spreadsheet_preview.html``) and saves its
``records`` only when ``is_valid``, i.e. when the whole file is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from careshift.site.spreadsheets.cells import restore
from careshift.site.spreadsheets.schema import Column, TableSchema
from careshift.site.spreadsheets.values import PARSERS, CellValueError, is_blank, parse_choice

HEADER_SEARCH_ROWS = 10
SHOWN_ROWS = 200  # rows a preview page shows; errors are listed in full


@dataclass(frozen=True)
class Sheet:
    """A sheet's cells as read: ``rows[0]`` is spreadsheet row 1."""

    name: str
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class CellError:
    """What is wrong, where: ``row`` is the spreadsheet's row number (1 = first), ``column`` the header."""

    sheet: str
    row: int | None
    column: str
    message: str
    letter: str = ""

    def __str__(self) -> str:
        where = [f"sheet {self.sheet!r}"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.letter + ' ' if self.letter else ''}{self.column!r}")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True)
class Row:
    """One data row: its spreadsheet row number, the cells as typed and the typed ``values`` by key."""

    number: int
    cells: tuple[Any, ...]
    values: dict[str, Any]
    errors: tuple[CellError, ...] = ()

    def shown(self, column: Column) -> tuple[str, str]:
        """(text to show, error message or "") for one column of this row."""
        error = next((e.message for e in self.errors if e.column == column.header), "")
        value = self.values.get(column.key)
        if error:
            return "", error
        if column.choices and value is not None:
            return str(column.choices.get(value, value)), ""
        return ("" if value is None else str(value)), ""


@dataclass
class Preview:
    """What an upload would import: rows (valid and not), errors, and columns it did not use."""

    schema: TableSchema
    sheet: str = ""
    header_row: int | None = None
    headers: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def records(self) -> list[dict[str, Any]]:
        """The typed rows, by column key; only for a valid preview (raises otherwise)."""
        if not self.is_valid:
            raise ValueError("This file has errors (or no rows): show the preview, and save nothing.")
        return [row.values for row in self.rows]

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.schema.columns

    @property
    def shown_rows(self) -> list[tuple[Row, list[tuple[str, str]]]]:
        """The first rows with each column's (text, error), for ``_spreadsheet_preview.html``."""
        return [(row, [row.shown(c) for c in self.columns]) for row in self.rows[:SHOWN_ROWS]]

    @property
    def truncated(self) -> bool:
        return len(self.rows) > SHOWN_ROWS

    @property
    def general_errors(self) -> list[CellError]:
        return [e for e in self.errors if e.row is None or not e.column]

    def error(self, row: int | None, column: str, message: str, letter: str = "") -> CellError:
        found = CellError(self.sheet, row, column, message, letter)
        self.errors.append(found)
        return found


def _find_header(schema: TableSchema, sheet: Sheet) -> int | None:
    """The index of the first row (of the first few) naming the required columns, or most columns."""
    wanted = schema.required or schema.columns
    for index, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        hits = sum(any(c.matches(cell) for cell in cells) for c in wanted)
        if hits == len(wanted) or (not schema.required and hits * 2 >= len(wanted)):
            return index
    return None


def _map_columns(schema: TableSchema, headers: tuple[Any, ...], preview: Preview) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        column = next((c for c in schema.columns if c.matches(header)), None)
        if column is None:
            if not is_blank(header):
                preview.ignored_columns.append(str(header))
        elif column.key in positions:
            preview.error(preview.header_row, str(header), "This column appears twice: keep one.")
        else:
            positions[column.key] = index
    return positions


def parse_cell(column: Column, value: Any) -> Any:
    """One cell as its column's type (``None`` when blank); raises :class:`CellValueError`."""
    value = restore(value)
    if is_blank(value):
        if column.required:
            raise CellValueError("This is required: enter a value.")
        return None
    if column.type == "choice":
        assert column.choices is not None
        return parse_choice(value, column.choices)
    typed = PARSERS[column.type](value)
    for bound, bad, word in ((column.minimum, "below", "least"), (column.maximum, "above", "most")):
        if bound is not None and (typed < bound if word == "least" else typed > bound):
            raise CellValueError(f"{value!r} is {bad} {bound:g}: enter at {word} {bound:g}.")
    return typed


def _read_row(preview: Preview, positions: dict[str, int], number: int, cells: tuple[Any, ...]) -> Row:
    values: dict[str, Any] = {}
    errors = []
    for column in preview.schema.columns:
        index = positions.get(column.key)
        raw = cells[index] if index is not None and index < len(cells) else None
        try:
            values[column.key] = parse_cell(column, raw)
        except CellValueError as err:
            letter = get_column_letter(index + 1) if index is not None else ""
            errors.append(preview.error(number, column.header, str(err), letter))
    return Row(number, cells, values, tuple(errors))


def _check_references(preview: Preview) -> None:
    key = preview.schema.reference
    if not key:
        return
    seen: dict[Any, int] = {}
    for row in preview.rows:
        ref = row.values.get(key)
        if ref is None:
            continue
        if ref in seen:
            message = f"{ref!r} is also on row {seen[ref]}: each row needs its own reference."
            preview.error(row.number, preview.schema.column(key).header, message)
        seen.setdefault(ref, row.number)


def validate_sheet(schema: TableSchema, sheet: Sheet) -> Preview:
    """Read ``sheet`` against ``schema``: every row typed, every error listed, nothing saved."""
    preview = Preview(schema, sheet=sheet.name)
    header_index = _find_header(schema, sheet)
    if header_index is None:
        names = ", ".join(repr(c.header) for c in (schema.required or schema.columns))
        preview.error(None, "", f"No header row naming the columns {names}: start from the template.")
        return preview
    preview.header_row = header_index + 1
    headers = sheet.rows[header_index]
    preview.headers = [str(h) for h in headers if not is_blank(h)]
    positions = _map_columns(schema, headers, preview)
    for index, cells in enumerate(sheet.rows[header_index + 1 :], start=header_index + 2):
        if all(is_blank(c) for c in cells):
            continue
        if len(preview.rows) == schema.max_rows:
            preview.error(
                index, "", f"More than {schema.max_rows:,} rows: split the file and upload each part."
            )
            break
        preview.rows.append(_read_row(preview, positions, index, cells))
    if not preview.rows and not preview.errors:
        preview.error(None, "", "The sheet has a header but no rows: add rows below the header.")
    _check_references(preview)
    return preview
