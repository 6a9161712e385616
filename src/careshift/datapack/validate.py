"""Validation of a data pack's tables: every problem raises ``DataPackError`` naming the file, the row
(1-based as in a spreadsheet, header = row 1), the column and what to do."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from careshift.datapack.manifest import MANIFEST_FILE, ColumnSpec, Manifest, TableSpec
from careshift.datapack.schema import FORMAT, KEYS, OPTIONAL_TABLES
from careshift.errors import DataPackError

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def check_manifest(manifest: Manifest) -> None:
    """The manifest lists every required table, with the format's columns and types."""
    declared = {t.name: t for t in manifest.tables}
    for name, columns in FORMAT.items():
        if name not in declared:
            if name in OPTIONAL_TABLES:
                continue
            raise DataPackError(
                f"{MANIFEST_FILE}: the required table '{name}' is not listed under 'tables'.",
                hint=f"Add '{name}' with its file and columns (see docs/reference/datapack.md).",
            )
        _check_declared_columns(declared[name], columns)


def _check_declared_columns(table: TableSpec, columns: list[ColumnSpec]) -> None:
    have = {c.name: c for c in table.columns}
    for want in columns:
        got = have.get(want.name)
        if got is None:
            raise DataPackError(
                f"{MANIFEST_FILE} table '{table.name}': column '{want.name}' is not declared.",
                hint=f"Declare '{want.name}' ({want.type}: {want.description}).",
            )
        if got.type != want.type:
            raise DataPackError(
                f"{MANIFEST_FILE} table '{table.name}' column '{want.name}': type '{got.type}', "
                f"the format needs '{want.type}'.",
                hint=f"Declare '{want.name}' with type {want.type}.",
            )


def read_table(folder: Path, table: TableSpec) -> pd.DataFrame:
    """Read one CSV, check its header against the manifest and convert and check every column."""
    path = folder / table.file
    if not path.is_file():
        raise DataPackError(
            f"{table.file}: file missing (the manifest lists it for table '{table.name}').",
            hint="Restore the file, or rebuild the pack with scripts/build_datapack.py.",
        )
    raw = _read_csv(path, table.file)
    _check_header(table, list(raw.columns))
    out = pd.DataFrame({spec.name: _convert(table.file, spec, raw[spec.name]) for spec in table.columns})
    check_unique(table.file, out, table.key or KEYS.get(table.name, []))
    return out


def _read_csv(path: Path, file: str) -> pd.DataFrame:
    """Every cell as text (UTF-8, an Excel byte-order mark allowed)."""
    try:
        cells = pd.read_csv(
            path, dtype=str, header=None, keep_default_na=False, na_filter=False, encoding="utf-8-sig"
        )
    except pd.errors.EmptyDataError:
        raise DataPackError(
            f"{file}: the file is empty.", hint="Write the header row and the data."
        ) from None
    except pd.errors.ParserError as err:
        raise DataPackError(
            f"{file}: not a valid CSV file ({err}).", hint="Check for unquoted commas or a wrong row length."
        ) from None
    except UnicodeDecodeError:
        raise DataPackError(f"{file}: not UTF-8 text.", hint="Save the file as CSV UTF-8.") from None
    # header=None so that a row longer than the header is an error, not silently an index
    header = [str(c).strip() for c in cells.iloc[0]]
    return pd.DataFrame(cells.iloc[1:].to_numpy(), columns=header)


def _check_header(table: TableSpec, header: list[str]) -> None:
    declared = [c.name for c in table.columns]
    missing = [c for c in declared if c not in header]
    if missing:
        raise DataPackError(
            f"{table.file} row 1: column '{missing[0]}' is missing.",
            hint=f"The header must be: {','.join(declared)}.",
        )
    extra = [c for c in header if c not in declared]
    if extra:
        raise DataPackError(
            f"{table.file} row 1: column '{extra[0]}' is not declared in {MANIFEST_FILE}.",
            hint=f"Remove the column, or declare it under table '{table.name}'.",
        )


def _where(file: str, index: int, column: str) -> str:
    return f"{file} row {index + 2} column '{column}'"


def _convert(file: str, spec: ColumnSpec, cells: pd.Series) -> pd.Series:
    blank = cells == ""
    if spec.required and blank.any():
        i = int(np.flatnonzero(blank.to_numpy())[0])
        raise DataPackError(
            f"{_where(file, i, spec.name)}: empty; {spec.name} is required.",
            hint=f"Fill in {spec.description}.",
        )
    if spec.type == "str":
        _check_allowed(file, spec, cells, blank)
        return cells.where(~blank, None)
    if spec.type == "bool":
        return _convert_bool(file, spec, cells)
    values = _to_number(cells, blank)
    bad = ~np.isfinite(values) & ~blank  # also rejects "nan" and "inf" written as text
    if spec.type == "int":
        bad |= values.notna() & (values != values.round())
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataPackError(
            f"{_where(file, i, spec.name)}: {cells.iloc[i]!r} is not {_a(spec.type)}.",
            hint=f"Write {spec.name} as {_a(spec.type)} ({spec.description}).",
        )
    _check_bounds(file, spec, cells, values)
    return values.astype("Int64") if spec.type == "int" else values.astype(float)


def _to_number(cells: pd.Series, blank: pd.Series) -> pd.Series:
    """Cells as float (NaN where blank or not a number); the fast path parses the whole column in C."""
    try:
        return pd.Series(cells.where(~blank, "nan").to_numpy().astype(np.float64), index=cells.index)
    except ValueError:
        return pd.to_numeric(cells.where(~blank, "nan"), errors="coerce")


def _a(type_: str) -> str:
    return {"int": "a whole number", "float": "a number", "bool": "true or false"}.get(type_, "text")


def _convert_bool(file: str, spec: ColumnSpec, cells: pd.Series) -> pd.Series:
    lower = cells.str.lower()
    bad = ~lower.isin(_TRUE | _FALSE)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataPackError(
            f"{_where(file, i, spec.name)}: {cells.iloc[i]!r} is not true or false.",
            hint=f"Write {spec.name} as true or false.",
        )
    return lower.isin(_TRUE)


def _check_allowed(file: str, spec: ColumnSpec, cells: pd.Series, blank: pd.Series) -> None:
    if spec.allowed is None:
        return
    bad = ~cells.isin(spec.allowed) & ~blank
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataPackError(
            f"{_where(file, i, spec.name)}: {cells.iloc[i]!r} is not one of {', '.join(spec.allowed)}.",
            hint=f"Use one of the allowed values for {spec.name}.",
        )


def _check_bounds(file: str, spec: ColumnSpec, cells: pd.Series, values: pd.Series) -> None:
    if spec.min is not None and (values < spec.min).any():
        i = int(np.flatnonzero((values < spec.min).to_numpy())[0])
        what = "negative" if spec.min == 0 else f"below {spec.min:g}"
        raise DataPackError(
            f"{_where(file, i, spec.name)}: {cells.iloc[i]!r} is {what}; "
            f"{spec.name} must be >= {spec.min:g}.",
            hint=f"Correct the value ({spec.description}).",
        )
    if spec.max is not None and (values > spec.max).any():
        i = int(np.flatnonzero((values > spec.max).to_numpy())[0])
        raise DataPackError(
            f"{_where(file, i, spec.name)}: {cells.iloc[i]!r} is above {spec.max:g}; "
            f"{spec.name} must be <= {spec.max:g}.",
            hint=f"Correct the value ({spec.description}).",
        )


def check_unique(file: str, df: pd.DataFrame, key: list[str]) -> None:
    """No two rows share the same key."""
    if not key:
        return
    dup = df.duplicated(subset=key, keep="first")
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        first = df.loc[:, key].iloc[i].tolist()
        raise DataPackError(
            f"{file} row {i + 2} column '{key[-1]}': duplicate key {', '.join(map(str, first))}; "
            f"each ({', '.join(key)}) must appear once.",
            hint="Remove or correct the duplicate row.",
        )


def check_codes(file: str, df: pd.DataFrame, column: str, known: Iterable[object], what: str) -> None:
    """Every non-empty value of ``column`` is one of the ``known`` codes (e.g. a locality)."""
    allowed = set(known)
    values = df[column]
    bad = values.notna() & ~values.isin(allowed)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataPackError(
            f"{_where(file, i, column)}: {values.iloc[i]!r} is not a known {what}.",
            hint=f"Use one of: {', '.join(sorted(map(str, allowed)))}.",
        )


def check_complete(file: str, df: pd.DataFrame, axes: dict[str, Sequence[object]]) -> None:
    """Every combination of the given axis values has a row (e.g. every locality x age band)."""
    expected = int(np.prod([len(v) for v in axes.values()]))
    if len(df) == expected:
        return
    have = set(map(tuple, df[list(axes)].astype(object).to_numpy().tolist()))
    for combo in pd.MultiIndex.from_product(list(axes.values())):
        if tuple(combo) not in have:
            named = ", ".join(f"{k}={v}" for k, v in zip(axes, combo, strict=True))
            raise DataPackError(
                f"{file}: no row for {named}.",
                hint=f"Add a row for every combination of {', '.join(axes)}.",
            )
