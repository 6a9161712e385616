"""Hostile or broken scenario files give the CLI one line and a hint, never a traceback (issue 7,
findings 2, 8 and 12): alias bombs, deep nesting, non-UTF-8 bytes, 5,000-digit integers, NaN."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from careshift.cli import main
from careshift.model.scenario import sample_path
from tests.unit.test_documents import billion_laughs

BAD_FILES = {
    "bomb.yaml": billion_laughs().encode() + b"name: bomb\n",
    "deep.yaml": b"name: deep\nnote: " + b"[" * 3_000 + b"]" * 3_000 + b"\n",
    "deep.json": b'{"name": "deep", "levers": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    "latin1.yaml": "name: Caf\xe9 scenario\n".encode("latin-1"),
    "digits.yaml": b"name: big\nseed: " + b"7" * 5_000 + b"\n",
    "digits.json": b'{"name": "big", "iterations": ' + b"7" * 5_000 + b"}",
}


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def _one_line_and_hint(output: str) -> None:
    lines = [line for line in output.splitlines() if line]
    assert "Traceback" not in output
    assert len(lines) == 2, output
    assert lines[0].startswith("Error: ") and lines[1].startswith("Hint: ")


@pytest.mark.parametrize("name", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["validate", "run"])
def test_bad_file_gives_one_line_and_hint(tmp_path: Path, name: str, command: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    extra = ["--out", str(tmp_path / "out")] if command == "run" else []
    result = _run("model", command, str(path), "--pack", "synthetic", *extra)
    assert result.exit_code == 1
    _one_line_and_hint(result.output)
    assert not (tmp_path / "out").exists()


def test_nan_in_scenario_is_refused_by_validate_and_run(tmp_path: Path) -> None:
    text = sample_path("care-closer-to-home").read_text(encoding="utf-8")
    path = tmp_path / "nan.yaml"
    path.write_text(text.replace('"*": {low: 0.0, high: 0.01}', '"*": .nan'))
    for command, extra in (("validate", []), ("run", ["--out", str(tmp_path / "out")])):
        result = _run("model", command, str(path), "--pack", "synthetic", *extra)
        assert result.exit_code == 1, result.output
        _one_line_and_hint(result.output)
        assert "non_demographic_growth" in result.output
