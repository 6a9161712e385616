"""The format reference documents every table and column of the format."""

from __future__ import annotations

from pathlib import Path

from careshift.datapack.schema import FORMAT

DOC = Path(__file__).resolve().parents[3] / "docs" / "reference" / "datapack.md"


def test_reference_documents_every_table_and_column() -> None:
    text = DOC.read_text(encoding="utf-8")
    for table, columns in FORMAT.items():
        section = text.split(f"### `{table}.csv`", 1)
        assert len(section) == 2, f"{table}.csv has no section in {DOC.name}"
        body = section[1].split("### ", 1)[0]
        for column in columns:
            assert f"`{column.name}`" in body, f"{table}.{column.name} is not documented"
