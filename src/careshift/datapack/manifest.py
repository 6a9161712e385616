"""The data-pack manifest (``manifest.yaml``): pack metadata and, for every table, its file, columns and
source. A pydantic model, validated once when a pack is loaded.

A pack is a folder::

    manifest.yaml            this model
    <table>.csv              one file per table listed under ``tables``
    boundaries_*.geojson     optional map boundaries listed under ``boundaries``
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from careshift.errors import DataPackError

MANIFEST_FILE = "manifest.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ColumnType = Literal["str", "int", "float", "bool"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceSpec(_Strict):
    """Where a table's figures come from. Assumptions carry a basis and an 80% range."""

    citation: str
    url: str = ""
    assumption: bool = False
    basis: str = ""
    range: str = ""  # for assumptions: how the low-high range was set (values are in the table)

    @model_validator(mode="after")
    def _assumption_has_basis(self) -> SourceSpec:
        if self.assumption and not self.basis:
            raise ValueError("an assumption must state its basis")
        return self


class ColumnSpec(_Strict):
    """One column: its type, unit and meaning; optional allowed values and numeric bounds."""

    name: str
    type: ColumnType
    description: str
    unit: str = ""
    required: bool = True  # False: empty cells allowed
    allowed: list[str] | None = None
    min: float | None = None
    max: float | None = None


class TableSpec(_Strict):
    """One CSV table: file name, meaning, columns (in file order), key columns and source."""

    name: str
    file: str
    description: str
    columns: list[ColumnSpec]
    key: list[str] = Field(default_factory=list)
    source: SourceSpec

    def column(self, name: str) -> ColumnSpec:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


class Manifest(_Strict):
    """The whole manifest: pack name, version, base year, years and the tables."""

    name: str
    version: str
    description: str = ""
    base_year: int
    years: list[int]
    locality_rule: str = ""  # how small areas were assigned to localities
    licence: str = ""
    tables: list[TableSpec]
    boundaries: dict[str, str] = Field(default_factory=dict)  # level -> GeoJSON file

    @model_validator(mode="after")
    def _years_start_at_base(self) -> Manifest:
        if not self.years or self.years[0] != self.base_year:
            raise ValueError("years must start with base_year")
        if self.years != sorted(set(self.years)):
            raise ValueError("years must be increasing without duplicates")
        return self

    def table(self, name: str) -> TableSpec:
        for table in self.tables:
            if table.name == name:
                return table
        raise DataPackError(
            f"{MANIFEST_FILE}: no table named {name!r}.",
            hint=f"Add a '{name}' entry under 'tables' (see docs/reference/datapack.md).",
        )


def read_manifest(folder: Path) -> Manifest:
    """Read and validate ``folder/manifest.yaml``; raise ``DataPackError`` naming the bad field."""
    path = folder / MANIFEST_FILE
    if not path.is_file():
        raise DataPackError(
            f"{path}: no {MANIFEST_FILE} here, so this is not a data pack.",
            hint="Point careshift at a data-pack folder, or build one with scripts/build_datapack.py.",
        )
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as err:
        raise DataPackError(f"{MANIFEST_FILE}: not valid YAML ({err}).") from None
    try:
        return Manifest.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise DataPackError(
            f"{MANIFEST_FILE} field '{where}': {first['msg']}.",
            hint="Fix that field; docs/reference/datapack.md lists every manifest field.",
        ) from None


def write_manifest(manifest: Manifest, folder: Path) -> None:
    """Write the manifest as YAML with keys in model order (deterministic)."""
    data = manifest.model_dump(mode="json", exclude_defaults=True)
    for table, spec in zip(data["tables"], manifest.tables, strict=True):
        table["key"] = spec.key
        table["source"] = spec.source.model_dump(mode="json", exclude_defaults=False)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
    (folder / MANIFEST_FILE).write_text(text, encoding="utf-8")
