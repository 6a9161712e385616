"""Writing tables as CSV and XLSX that people can read and careshift can read back.

Both formats head each column with its label and unit (``Cost (£)``), write a readable name beside every
code (``Setting`` then ``Setting (name)``), mark illustrative data in a visible cell, and neutralise every
text cell a spreadsheet would run as a formula (:func:`~.cells.neutralise`). XLSX sheets also get a title,
the number format of each column's type (£ with thousands separators, percentages, counts), a frozen
bold header with notes on each header cell, column widths that fit, and drop-down lists for choices.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from careshift.site.spreadsheets.cells import neutralise
from careshift.site.spreadsheets.schema import Column, TableSchema

ILLUSTRATIVE_TEXT = "Illustrative: these figures are illustrative assumptions, not agreed plans."
DATA_STATUS = "Data status"
MAX_WIDTH, MIN_WIDTH, WIDTH_SAMPLE = 60, 8, 200
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Table:
    """Rows (mappings by column key) to write with a schema's labels, units and formats.

    ``row_formats``, when given, maps a row to the XLSX number formats of some of its cells by column key,
    for a column whose unit depends on the row (a results table's values are £ on a cost row and % on a
    risk row): ``lambda row: {"value": NUMBER_FORMATS["money"]} if row["unit"] == "£" else {}``.
    """

    schema: TableSchema
    rows: Sequence[Mapping[str, Any]]
    title: str = ""
    illustrative: bool = False
    notes: tuple[str, ...] = ()
    row_formats: Callable[[Mapping[str, Any]], Mapping[str, str]] | None = None

    @classmethod
    def from_frame(cls, schema: TableSchema, frame: Any, **options: Any) -> Table:
        """A table from a pandas DataFrame whose columns are the schema's keys."""
        return cls(schema, frame.to_dict(orient="records"), **options)

    @property
    def heading(self) -> str:
        return self.title or self.schema.title

    @property
    def sheet_name(self) -> str:
        return SHEET_NAME_BAD.sub(" ", self.schema.name)[:31]


@dataclass(frozen=True)
class Assumption:
    """One line of an assumptions or levers sheet."""

    name: str
    value: Any
    unit: str = ""
    basis: str = ""


ASSUMPTIONS = TableSchema(
    "assumptions",
    title="Assumptions",
    columns=(
        Column("name", "Assumption", required=True),
        Column("value", "Value"),
        Column("unit", "Unit"),
        Column("basis", "Basis or source"),
    ),
)


def assumptions_table(items: Iterable[Assumption], *, title: str = "", illustrative: bool = False) -> Table:
    rows = [{"name": a.name, "value": a.value, "unit": a.unit, "basis": a.basis} for a in items]
    return Table(ASSUMPTIONS, rows, title=title or "Assumptions", illustrative=illustrative)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "table"


def file_name(*parts: Any, extension: str) -> str:
    """A distinct, safe download name: ``file_name("careshift", "Care closer", 3, extension="csv")``
    -> ``careshift-care-closer-3.csv``."""
    return "-".join(slug(str(p)) for p in parts if str(p)) + f".{extension}"


def plain(value: Any) -> Any:
    """A cell value openpyxl and csv can write: numpy scalars unwrapped, NaN blank, dicts as JSON."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, default=str)
    return value


def header_texts(table: Table) -> list[str]:
    headers: list[str] = []
    for column in table.schema.columns:
        headers.append(column.header)
        if column.choices:
            headers.append(column.label_header)
    return headers + ([DATA_STATUS] if table.illustrative else [])


def row_values(table: Table, row: Mapping[str, Any]) -> list[Any]:
    cells: list[Any] = []
    for column in table.schema.columns:
        value = plain(row.get(column.key))
        cells.append(value)
        if column.choices:
            cells.append(column.choices.get(str(value), value) if value is not None else None)
    return cells + ([ILLUSTRATIVE_TEXT] if table.illustrative else [])


def column_keys(table: Table) -> list[str]:
    """The column key of each written column ("" for a choice's name column and the data status)."""
    keys: list[str] = []
    for column in table.schema.columns:
        keys += [column.key, ""] if column.choices else [column.key]
    return keys + ([""] if table.illustrative else [])


def column_types(table: Table) -> list[str]:
    """The type of each written column (a choice's name column is text)."""
    types: list[str] = []
    for column in table.schema.columns:
        types += [column.type, "text"] if column.choices else [column.type]
    return types + (["text"] if table.illustrative else [])


def _csv_text(column_type: str, value: Any) -> Any:
    if column_type == "percent" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value * 100:.10g}%"  # as a person reads it; careshift reads "25%" back as 0.25
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else neutralise(value)


def to_csv(table: Table) -> str:
    """The table as CSV text: one header row, then the rows (write it as UTF-8 with a BOM for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header_texts(table)])
    types = column_types(table)
    for row in table.rows:
        writer.writerow([_csv_text(t, v) for t, v in zip(types, row_values(table, row), strict=True)])
    return buffer.getvalue()


def csv_bytes(table: Table) -> bytes:
    """CSV as UTF-8 with a byte-order mark, so Excel shows £ and accents correctly."""
    return to_csv(table).encode("utf-8-sig")


def to_xlsx(tables: Iterable[Table], *, assumptions: Table | None = None) -> bytes:
    """A workbook with one sheet per table (in order), then the assumptions or levers sheet if given."""
    from careshift.site.spreadsheets.workbook import write_workbook

    return write_workbook([*tables, *([assumptions] if assumptions else [])])


def template(schema: TableSchema, *, illustrative: bool = False) -> Table:
    """An empty table to download, fill in and upload (the header notes say what each column takes)."""
    return Table(schema, [], title=f"{schema.title}: template", illustrative=illustrative)
