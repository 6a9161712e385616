"""Snapshot the shipped samples on the shipped Oxfordshire pack (rounded; reviewers read the diff).

Regenerate with ``CARESHIFT_UPDATE_SNAPSHOTS=1 pytest tests/unit/model/test_snapshots.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from careshift.model import run
from careshift.model.scenario import sample_scenarios

SNAPSHOTS = Path(__file__).parent / "snapshots"
YEARS = (2025, 2030, 2035, 2040)
SIGNIFICANT = 4  # significant figures kept in the snapshot
PENNY = 0.01  # money below a penny is rounding noise


def _round(x: pd.Series) -> pd.Series:
    v = x.to_numpy(dtype=float)
    mag = np.where(v == 0, 0, np.floor(np.log10(np.abs(np.where(v == 0, 1, v)))))
    scale = 10.0 ** (SIGNIFICANT - 1 - mag)
    return pd.Series(np.round(v * scale) / scale, index=x.index)


def _snapshot(df: pd.DataFrame) -> str:
    df = df[df.year.isin(YEARS)].copy()
    # A difference of two equal sums (do-nothing's savings) is exactly 0 on one CPU and one ulp of a
    # billion pounds (about 3e-8) on another: that is summation order, not a change of the model.
    money = df.measure.isin(["cost", "savings_vs_do_nothing", "savings_vs_target"])
    for q in ("p10", "p50", "p90"):
        df.loc[money & (df[q].abs() < PENNY), q] = 0.0
        df[q] = _round(df[q])
    return df.to_csv(index=False, float_format="%.6g")


@pytest.mark.parametrize("slug", ["do-nothing", "care-closer-to-home"])
def test_sample_snapshot(slug: str) -> None:
    datapack = pytest.importorskip("careshift.datapack")
    if not hasattr(datapack, "load_pack"):
        pytest.skip("the Oxfordshire pack is not available yet")
    results = run(sample_scenarios()[slug], datapack.load_pack(), iterations=40, seed=1)
    text = _snapshot(results.summary())
    path = SNAPSHOTS / f"{slug}.csv"
    if os.environ.get("CARESHIFT_UPDATE_SNAPSHOTS") == "1":
        path.write_text(text)
    assert path.exists(), (
        f"{path} is missing; create it with CARESHIFT_UPDATE_SNAPSHOTS=1 pytest {__file__}, "
        "then review and commit it"
    )
    assert path.read_text() == text, f"{path.name} changed; review, then regenerate (see module docstring)"
