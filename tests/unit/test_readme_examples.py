"""Docs are tested code: the README's `careshift model baseline` and `careshift model compare` examples
are real output. Each console block is run with its own command line and every line it shows must be a
line the command prints now (the baseline block shows selected rows; the compare block all of it)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from careshift.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"


def _block(command: str) -> tuple[list[str], list[str]]:
    """(arguments, shown lines) of the README's console block whose command starts with ``command``."""
    blocks = re.findall(r"```console\n\$ (.+?)\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    found = [(line, body) for line, body in blocks if line.startswith(command)]
    assert len(found) == 1, f"README.md has no single console block for {command!r}"
    line, body = found[0]
    args = shlex.split(line.split("#", 1)[0])[1:]  # drop 'careshift' and any comment
    return args, body.rstrip("\n").splitlines()


def test_the_baseline_example_is_real_output() -> None:
    args, shown = _block("careshift model baseline")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    printed = result.output.splitlines()
    assert shown[0] == printed[0]  # the header
    stale = [line for line in shown if line not in printed]
    assert not stale, f"README.md's baseline example shows lines the command no longer prints: {stale}"


def test_the_compare_example_is_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args, shown = _block("careshift model compare")
    monkeypatch.chdir(tmp_path)  # the example writes to cmp/
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    printed = [line.rstrip() for line in result.output.splitlines()]
    assert (tmp_path / "cmp" / "differences.csv").is_file()
    assert [line.rstrip() for line in shown] == printed, "README.md's compare example is not what it prints"
