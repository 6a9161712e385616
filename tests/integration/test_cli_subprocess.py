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


def test_errors_exit_non_zero_without_traceback(tmp_path: Path) -> None:
    result = _run("-m", "careshift", "model", "validate", str(tmp_path / "missing.yaml"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.startswith("Error: ")
