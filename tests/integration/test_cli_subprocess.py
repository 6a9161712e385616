"""The CLI as users run it: ``python -m careshift`` in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=120)


def test_python_m_careshift_model_runs_without_django(tmp_path: Path) -> None:
    sample = tmp_path / "s.yaml"
    result = _run("-m", "careshift", "model", "sample", "do-nothing")
    assert result.returncode == 0, result.stderr
    sample.write_text(result.stdout)
    result = _run(
        "-m",
        "careshift",
        "model",
        "run",
        str(sample),
        "-n",
        "5",
        "--out",
        str(tmp_path / "out"),
        "--pack",
        "synthetic",
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "summary.csv").exists()
    code = "import sys, careshift.model, careshift.model.summary; print('django' in sys.modules)"
    assert _run("-c", code).stdout.strip() == "False"


def test_a_model_command_outside_django_prints_no_traceback() -> None:
    """Found fault: with DJANGO_SETTINGS_MODULE unset (a user's shell), every command printed django-ninja's
    'Exception ignored ... settings are not configured' traceback, raised while the CLI gathered the
    installed apps' commands."""
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "careshift", "model", "sample", "do-nothing"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("# ILLUSTRATIVE")


def test_errors_exit_non_zero_without_traceback(tmp_path: Path) -> None:
    result = _run("-m", "careshift", "model", "validate", str(tmp_path / "missing.yaml"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.startswith("Error: ")


def test_serve_outside_development_refuses_the_placeholder_secret_in_one_line(tmp_path: Path) -> None:
    """Issue 7, finding 14: checked when `serve` starts, with a one-line cause and a hint."""
    env = {
        **os.environ,
        "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "CARESHIFT_ENV": "production",
        "CARESHIFT_HOME": str(tmp_path),
    }
    env.pop("CARESHIFT_SECRET_KEY", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "careshift", "serve", "--no-worker", "--no-demo", "--port", "1"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line]
    assert lines[0] == "Error: CARESHIFT_SECRET_KEY is the development placeholder in production."
    assert lines[1].startswith("Hint: Set CARESHIFT_SECRET_KEY")
