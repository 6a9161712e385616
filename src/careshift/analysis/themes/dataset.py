"""Read a CSV of human-coded responses: a text column and one 0/1 column per theme.

``label_columns`` name the theme columns; each item may also be a run ``FIRST..LAST`` (every column
from FIRST to LAST in file order), since frameworks have dozens of codes. Blank or 0 is "not coded",
anything else numeric and non-zero is "coded". Rows with blank text are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from careshift.analysis.themes.coder import Theme
from careshift.errors import UploadError


@dataclass(frozen=True)
class CodedResponses:
    texts: list[str]
    labels: list[set[str]]
    themes: list[Theme]


def _expand(columns: Sequence[str], header: list[str]) -> list[str]:
    out: list[str] = []
    for item in columns:
        if item in header:
            out.append(item)
            continue
        first, sep, last = item.partition("..")
        if sep and first in header and last in header:
            out += header[header.index(first) : header.index(last) + 1]
            continue
        raise UploadError(
            f"Column {item!r} is not in the file.",
            hint=f"Columns are: {', '.join(header[:12])}{'...' if len(header) > 12 else ''}",
        )
    return out


def descriptions_from(path: Path | None) -> dict[str, str]:
    """``theme,description`` rows (optional): words that describe each theme for the coder."""
    if path is None:
        return {}
    table = pd.read_csv(path, dtype=str).fillna("")
    if not {"theme", "description"} <= set(table.columns):
        raise UploadError(
            f"{path.name} needs the columns theme and description.",
            hint="Write one row per theme: theme,description.",
        )
    return dict(zip(table["theme"], table["description"], strict=True))


def read_coded(
    path: Path, text_column: str, label_columns: Sequence[str], descriptions: dict[str, str] | None = None
) -> CodedResponses:
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise UploadError(
            f"{path.name} cannot be read as CSV ({err}).", hint="Save it as UTF-8 CSV."
        ) from None
    header = list(table.columns)
    if text_column not in header:
        raise UploadError(
            f"Text column {text_column!r} is not in {path.name}.",
            hint=f"Columns are: {', '.join(header[:12])}",
        )
    columns = _expand(label_columns, header)
    if not columns:
        raise UploadError(
            "No label columns were given.", hint="Pass --label-columns (FIRST..LAST for a run)."
        )
    table = table[table[text_column].str.strip() != ""]
    coded = table[columns].apply(pd.to_numeric, errors="coerce").fillna(0) != 0
    labels = [{c for c in columns if row[c]} for _, row in coded.iterrows()]
    about = descriptions or {}
    themes = [Theme(c, c, about.get(c, "")) for c in columns]
    return CodedResponses(list(table[text_column]), labels, themes)
