"""The CLI through click's runner (no Django): messages, exit codes, outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from careshift.cli import main
from careshift.model.scenario import sample_path


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_validate_ok() -> None:
    result = invoke("model", "validate", str(sample_path("care-closer-to-home")), "--pack", "synthetic")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: Care closer to home")


def test_validate_error_is_one_line_and_hint(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nlevers:\n  - {name: a, kind: avoid, cohort: {activities: [x]}, share: 1.4, "
        "start_year: 2026, full_effect_year: 2027}\n"
    )
    result = invoke("model", "validate", str(bad), "--pack", "synthetic")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "levers[0].share: 1.4 is more than 1" in result.output and "Hint:" in result.output


def test_run_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(
        "model",
        "run",
        str(sample_path("care-closer-to-home")),
        "--iterations",
        "20",
        "--seed",
        "3",
        "--out",
        str(out),
        "--pack",
        "synthetic",
    )
    assert result.exit_code == 0, result.output
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns) == ["year", "locality", "setting", "measure", "p10", "p50", "p90"]
    assert json.loads((out / "metadata.json").read_text())["seed"] == 3
    assert "savings_vs_do" in result.output


def test_sample_and_schema() -> None:
    assert "Care closer to home" in invoke("model", "sample").output
    assert (
        json.loads(invoke("model", "sample", "do-nothing", "--format", "json").output)["name"] == "Do nothing"
    )
    assert json.loads(invoke("model", "schema").output)["title"] == "careshift scenario"
    result = invoke("model", "sample", "nope")
    assert result.exit_code == 1 and "No sample scenario" in result.output


def test_every_help_has_an_example() -> None:
    for args in (
        ["model"],
        ["model", "run"],
        ["model", "validate"],
        ["model", "sample"],
        ["model", "schema"],
    ):
        assert "Example:" in invoke(*args, "--help").output


def test_compare_writes_paired_differences(tmp_path: Path) -> None:
    result = invoke(
        "model", "compare", "do-nothing", "care-closer-to-home", "-n", "20", "--seed", "3",
        "--out", str(tmp_path), "--pack", "synthetic",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "paired differences" in result.output and "p_lower" in result.output
    diff = pd.read_csv(tmp_path / "differences.csv")
    assert list(diff.columns) == [
        "year",
        "locality",
        "setting",
        "measure",
        "p10",
        "p50",
        "p90",
        "p_lower",
        "scenario",
    ]
    assert (diff[diff.year < 2026][["p10", "p50", "p90", "p_lower"]] == 0).all().all()


def test_compare_needs_another_scenario(tmp_path: Path) -> None:
    result = invoke("model", "compare", "do-nothing", "--out", str(tmp_path))
    assert result.exit_code != 0 and "OTHER" in result.output


def test_baseline_csv_has_the_documented_columns() -> None:
    result = invoke("model", "baseline", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "measure,organisation,period,published,modelled,ratio,source"
    assert any(line.startswith("general and acute beds occupied,RTH,2023-24,") for line in lines)


def test_baseline_without_published_figures_says_so() -> None:
    result = invoke("model", "baseline", "--pack", "synthetic")
    assert result.exit_code == 1
    assert "no published figures" in result.output and "Hint:" in result.output


def test_baseline_table_ends_with_the_growth_check() -> None:
    result = invoke("model", "baseline")
    assert result.exit_code == 0, result.output
    growth = result.output.split("Growth check: published (OUH) year on year", 1)
    assert len(growth) == 2, result.output[-2000:]
    row = next(line for line in growth[1].splitlines() if "emergency admissions" in line)
    assert [c.strip() for c in row.strip("│ ").split("│")] == [
        "emergency admissions", "90,379", "98,949", "108,564", "+9.5%", "+9.7%", "+2.1%"
    ]  # fmt: skip
