"""Fixtures for the data-pack tests: the shipped pack and writable copies of it."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from careshift.datapack import SHIPPED_PACK, DataPack, load_pack


def _source() -> Path:
    """``../shared/data/oxfordshire`` beside the repository, or beside a folder holding it (a git
    worktree under ``wt/``), so the tests that need the public reference data run wherever it is."""
    repo = Path(__file__).resolve().parents[3]
    for folder in (repo.parent, repo.parent.parent):
        if (folder / "shared" / "data" / "oxfordshire" / "SOURCES.md").is_file():
            return folder / "shared" / "data" / "oxfordshire"
    return repo.parent / "shared" / "data" / "oxfordshire"


SOURCE = _source()
needs_source = pytest.mark.skipif(
    not (SOURCE / "SOURCES.md").is_file(),
    reason=f"the public reference data lives outside the repo ({SOURCE}) and is absent here",
)


@pytest.fixture(scope="session")
def pack() -> DataPack:
    return load_pack()


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped pack's manifest and CSV tables (boundaries left out)."""
    out = tmp_path / "pack"
    out.mkdir()
    for file in SHIPPED_PACK.iterdir():
        if file.suffix in {".csv", ".yaml"}:
            shutil.copy(file, out / file.name)
    return out


Edit = Callable[[str], str]


def edit(folder: Path, file: str, change: Edit) -> None:
    """Rewrite one file of a pack copy through ``change``."""
    path = folder / file
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def text_of(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def set_cell(text: str, row: int, column: str, value: str) -> str:
    """Set a CSV cell (row 1-based as in a spreadsheet, header = row 1)."""
    rows = rows_of(text)
    rows[row - 1][rows[0].index(column)] = value
    return text_of(rows)
