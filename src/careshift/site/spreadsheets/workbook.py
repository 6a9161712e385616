"""The XLSX side of :mod:`.writing`: sheet layout, number formats, header notes, widths, drop-downs.

Each sheet: row 1 its title; then the illustrative flag (a filled, bold cell) and any notes; then the
bold header, frozen; then the rows. Text cells are written as text (never a formula) after
:func:`~.cells.neutralise`.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from careshift.site.spreadsheets.cells import neutralise
from careshift.site.spreadsheets.schema import Column
from careshift.site.spreadsheets.writing import (
    ILLUSTRATIVE_TEXT,
    MAX_WIDTH,
    MIN_WIDTH,
    WIDTH_SAMPLE,
    column_keys,
    header_texts,
    plain,
    row_values,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from careshift.site.spreadsheets.writing import Table

TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D8DDE0")
FLAG_FONT = Font(bold=True, color="212B32")
FLAG_FILL = PatternFill("solid", fgColor="FFEB3B")


def _set(cell: Any, value: Any) -> None:
    value = neutralise(plain(value))
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text is text, never a formula


def _formats(table: Table) -> list[str]:
    formats: list[str] = []
    for column in table.schema.columns:
        formats += [column.excel_format, "General"] if column.choices else [column.excel_format]
    return formats + (["General"] if table.illustrative else [])


def _note(column: Column) -> str:
    parts = [column.help, f"Type: {column.type}{' (required)' if column.required else ''}."]
    if column.choices:
        parts.append("Choose: " + ", ".join(f"{code} ({label})" for code, label in column.choices.items()))
    return " ".join(p for p in parts if p)[:1000]


def _preamble(ws: Worksheet, table: Table) -> int:
    """Title, flag and notes; returns the header's row number."""
    _set(ws.cell(1, 1), table.heading)
    ws.cell(1, 1).font = TITLE_FONT
    row = 2
    lines = ([ILLUSTRATIVE_TEXT] if table.illustrative else []) + list(table.notes)
    for index, line in enumerate(lines):
        _set(ws.cell(row, 1), line)
        if table.illustrative and index == 0:
            ws.cell(row, 1).font, ws.cell(row, 1).fill = FLAG_FONT, FLAG_FILL
        row += 1
    return row + 1  # one blank row before the header


def _header(ws: Worksheet, table: Table, at: int) -> None:
    notes = {c.header: _note(c) for c in table.schema.columns}
    for index, text in enumerate(header_texts(table), start=1):
        cell = ws.cell(at, index)
        _set(cell, text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if text in notes:
            cell.comment = Comment(notes[text], "careshift")
    ws.freeze_panes = ws.cell(at + 1, 1)


def _choices(ws: Worksheet, table: Table, header_row: int) -> None:
    """Drop-down lists of codes on choice columns (when the list fits Excel's 255 characters)."""
    index = 1
    for column in table.schema.columns:
        listed = ",".join(column.choices or {})
        if column.choices and len(listed) < 250 and "," not in "".join(column.choices):
            letter = get_column_letter(index)
            rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=not column.required)
            rule.add(f"{letter}{header_row + 1}:{letter}{header_row + max(len(table.rows), 1000)}")
            ws.add_data_validation(rule)
        index += 2 if column.choices else 1


def _widths(ws: Worksheet, table: Table, headers: list[str], rows: list[list[Any]]) -> None:
    for index, header in enumerate(headers):
        longest = max([len(str(header)) * 0.9, *(len(_shown(r[index])) for r in rows[:WIDTH_SAMPLE])])
        ws.column_dimensions[get_column_letter(index + 1)].width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def _sheet(ws: Worksheet, table: Table) -> None:
    header_row = _preamble(ws, table)
    _header(ws, table, header_row)
    formats, keys = _formats(table), column_keys(table)
    rows = [row_values(table, r) for r in table.rows]
    for offset, (row, cells) in enumerate(zip(table.rows, rows, strict=True), start=header_row + 1):
        own = table.row_formats(row) if table.row_formats else {}
        for index, value in enumerate(cells, start=1):
            cell = ws.cell(offset, index)
            _set(cell, value)
            number_format = own.get(keys[index - 1]) or formats[index - 1]
            if number_format != "General" and not isinstance(cell.value, str):
                cell.number_format = number_format
    _widths(ws, table, header_texts(table), rows)
    _choices(ws, table, header_row)


def write_workbook(tables: list[Table]) -> bytes:
    if not tables:
        raise ValueError("A workbook needs at least one table.")
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        name = table.sheet_name
        while name.casefold() in used:
            name = f"{name[:28]} {len(used) + 1}"
        used.add(name.casefold())
        _sheet(book.create_sheet(name), table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
