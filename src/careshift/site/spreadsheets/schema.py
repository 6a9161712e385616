"""A declared table: its columns (label, type, unit, required, choices), used to read and to write it.

One :class:`TableSchema` describes a table both ways: :mod:`.validate` reads a sheet against it into typed
rows, and :mod:`.writing` writes rows with its labels, units and number formats, so a downloaded template
uploads again unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from careshift.site.spreadsheets.values import TYPES

NUMBER_FORMATS = {
    "money": '"£"#,##0;-"£"#,##0',
    "percent": "0.0%",
    "count": "#,##0",
    "integer": "0",
    "number": "#,##0.##",
    "date": "yyyy-mm-dd",
}
DEFAULT_UNITS = {"money": "£", "percent": "%"}


def normalise_header(text: Any) -> str:
    """Headers match whatever their case, spacing or underscores: ' Budget_(£) ' ~ 'budget (£)'."""
    return re.sub(r"\s+", " ", str(text if text is not None else "").replace("_", " ")).strip().casefold()


@dataclass(frozen=True)
class Column:
    """One column. ``key`` is the field name in the typed row; ``label`` heads the column for people.

    ``choices`` maps codes to labels: a cell may hold either, the typed value is the code, and written
    files show the label in a column beside the code. ``unit`` is shown in the header (``Budget (£)``).
    ``minimum``/``maximum`` bound numbers; ``number_format`` overrides the type's XLSX format.
    """

    key: str
    label: str = ""
    type: str = "text"
    required: bool = False
    choices: Mapping[str, str] | None = None
    unit: str = ""
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    number_format: str = ""

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(
                f"Column {self.key!r}: unknown type {self.type!r}; use one of {', '.join(TYPES)}."
            )
        if self.type == "choice" and not self.choices:
            raise ValueError(f"Column {self.key!r} is a choice column: give it choices (code -> label).")
        if not self.label:
            object.__setattr__(self, "label", self.key.replace("_", " ").capitalize())
        if not self.unit and self.type in DEFAULT_UNITS:
            object.__setattr__(self, "unit", DEFAULT_UNITS[self.type])

    @property
    def header(self) -> str:
        """The header written for this column: its label and, when it has one, its unit."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    @property
    def label_header(self) -> str:
        """The header of the readable-label column written beside a choice column's codes."""
        return f"{self.label} (name)"

    @property
    def excel_format(self) -> str:
        return self.number_format or NUMBER_FORMATS.get(self.type, "General")

    def matches(self, header: Any) -> bool:
        wanted = normalise_header(header)
        return wanted != "" and wanted in {normalise_header(h) for h in (self.key, self.label, self.header)}


@dataclass(frozen=True)
class TableSchema:
    """A named table of columns. ``name`` is its sheet name and file-name stem; ``reference`` names the
    column that identifies a row across imports (see :func:`careshift.site.spreadsheets.plan_import`).

    ``max_rows`` bounds an upload (the error says so) so one file cannot hold the server for long.
    """

    name: str
    columns: tuple[Column, ...]
    title: str = ""
    reference: str = ""
    description: str = ""
    max_rows: int = 10_000
    keys: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        keys = tuple(c.key for c in self.columns)
        if len(set(keys)) != len(keys):
            raise ValueError(f"Table {self.name!r} has two columns with one key.")
        if self.reference and self.reference not in keys:
            raise ValueError(f"Table {self.name!r}: the reference column {self.reference!r} is not a column.")
        object.__setattr__(self, "keys", keys)
        if not self.title:
            object.__setattr__(self, "title", self.name.replace("_", " ").capitalize())

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)
