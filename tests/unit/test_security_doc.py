"""Docs are tested code: docs/reference/security.md has a row for each finding of issue 7 (1 to 14) and
for sign-in throttling, CSRF and the CSP, each naming tests that exist. The named tests are found by
reading each test file's syntax tree (no import: integration tests need Django), so a renamed or
deleted test fails here until its row is updated."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs/reference/security.md"
ROWS = [str(n) for n in range(1, 15)] + ["Sign-in throttling", "CSRF", "CSP"]
TEST_REF = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def _table() -> dict[str, str]:
    """The first cell of each body row of the table -> the row's last cell (its tests)."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and cells[0] not in {"Finding", "---"}:
            rows[cells[0]] = cells[3]
    return rows


@cache
def _test_names(path: str) -> frozenset[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    )


def test_every_finding_has_a_row_naming_tests() -> None:
    rows = _table()
    assert list(rows) == ROWS
    empty = [row for row, tests in rows.items() if not TEST_REF.search(tests)]
    assert not empty, f"These rows of {DOC.name} name no test: {empty}"


def test_every_named_test_exists() -> None:
    refs = [m.groups() for tests in _table().values() for m in TEST_REF.finditer(tests)]
    assert len(refs) > len(ROWS)
    missing = [
        f"{path}::{name}"
        for path, name in refs
        if not (ROOT / path).is_file() or name not in _test_names(path)
    ]
    assert not missing, f"{DOC.name} names tests that do not exist (update the table): {missing}"


def test_nothing_in_the_tests_column_is_malformed() -> None:
    for row, tests in _table().items():
        leftover = TEST_REF.sub("", tests).replace(",", "").strip()
        assert not leftover, f"row {row}: write each test as `tests/path.py::test_name`, not {leftover!r}"
