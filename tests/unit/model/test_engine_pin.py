"""Pin the engine's numbers at full precision, so a change made for speed cannot move a result.

The snapshots (``test_snapshots.py``) keep four significant figures for reviewers to read; this keeps
every P10/P50/P90 of the care-closer-to-home sample on the shipped Oxfordshire pack (base and horizon
years, every locality and measure, ensemble and central case) to a relative 1e-9: a rearrangement of
the same arithmetic (another summation order, a product for a logarithm) passes, a change of the
model does not. A model change regenerates it with the snapshots:
``CARESHIFT_UPDATE_SNAPSHOTS=1 pytest tests/unit/model/test_engine_pin.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from careshift.model import run
from careshift.model.scenario import sample_scenarios

PIN = Path(__file__).parent / "snapshots" / "engine-pin.csv.gz"
YEARS = (2025, 2040)
KEYS = ["year", "locality", "setting", "measure"]
QUANTILES = ["p10", "p50", "p90"]
RTOL, ATOL = 1e-9, 1e-9  # ATOL: a billionth of a bed, a person or a probability (sums that cancel to 0)
# Money is a difference of sums of about £1.6bn: one unit in the last place of £1.6bn is 2.4e-7 pounds,
# so a saving that cancels to 0 carries that much rounding, which another CPU's SIMD summation order
# changes (seen: -1.19e-7 against 0.0). A thousandth of a penny is still far below any real change.
MONEY_ATOL = 1e-5


def _atol(measures: pd.Series) -> np.ndarray:
    money = measures.str.contains("cost|savings", regex=True).to_numpy()
    return np.where(money, MONEY_ATOL, ATOL)


def pinned_frame() -> pd.DataFrame:
    datapack = pytest.importorskip("careshift.datapack")
    results = run(sample_scenarios()["care-closer-to-home"], datapack.load_pack(), iterations=200, seed=11)
    summary = results.summary()
    central = results.central().rename(columns={"value": "central"})
    frame = summary.merge(central, on=KEYS, how="left", validate="one_to_one")
    return frame[frame.year.isin(YEARS)].reset_index(drop=True)


def test_engine_numbers_pinned() -> None:
    frame = pinned_frame()
    if os.environ.get("CARESHIFT_UPDATE_SNAPSHOTS") == "1":
        frame.to_csv(PIN, index=False, float_format="%.17g")
    assert PIN.exists(), f"{PIN} is missing; create it with CARESHIFT_UPDATE_SNAPSHOTS=1 pytest {__file__}"
    pinned = pd.read_csv(PIN, keep_default_na=False)
    assert frame[KEYS].astype(str).equals(pinned[KEYS].astype(str)), "rows changed (measures or order)"
    atol = _atol(pinned["measure"])
    for column in [*QUANTILES, "central"]:
        actual, expected = frame[column].to_numpy(float), pinned[column].to_numpy(float)
        far = ~np.isclose(actual, expected, rtol=RTOL, atol=atol) & ~(np.isnan(actual) & np.isnan(expected))
        assert not far.any(), f"{column} moved:\n{pd.concat([frame[KEYS], frame[column]], axis=1)[far]}"
