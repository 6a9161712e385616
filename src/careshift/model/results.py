"""Results of a run: plain data (pandas frames and a dict), picklable, with CSV/Parquet round trips.

* ``summary()``: tidy ``year, locality, setting, measure, p10, p50, p90`` (``locality == "county"`` for
  county totals, ``setting == "all"`` for cross-setting measures).
* ``waterfall()``: ``locality, setting, measure, step, value`` for the horizon year of the central run:
  ``baseline`` (the base year), then the change from ``demography``, ``non_demographic_growth`` and each
  lever, then ``final``; baseline plus the changes equals final.
* ``central()``: ``year, locality, setting, measure, value`` for the central case (run 0: every
  uncertain value at its central value), which is kept apart from the ensemble: it is not one of the
  iterations behind the quantiles.
* ``metadata``: scenario name, iterations, seed, engine version, data-pack name and version, elapsed s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from careshift.errors import ModelError
from careshift.model.pipeline import StepTrace
from careshift.model.summary import ALL, COUNTY, Block

SUMMARY_COLUMNS = ["year", "locality", "setting", "measure", "p10", "p50", "p90"]
WATERFALL_COLUMNS = ["locality", "setting", "measure", "step", "value"]
CENTRAL_COLUMNS = ["year", "locality", "setting", "measure", "value"]
FILES = ("summary.csv", "summary.parquet", "waterfall.csv", "metadata.json")
OPTIONAL_FILES = ("central.csv",)


@dataclass
class Results:
    """What a run produced."""

    summary_frame: pd.DataFrame
    waterfall_frame: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)
    central_frame: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CENTRAL_COLUMNS))

    def central(self) -> pd.DataFrame:
        return self.central_frame

    def summary(self) -> pd.DataFrame:
        return self.summary_frame

    def waterfall(self) -> pd.DataFrame:
        return self.waterfall_frame

    def write(self, out_dir: str | Path) -> Path:
        """Write ``summary.csv``, ``summary.parquet``, ``waterfall.csv``, ``central.csv`` and
        ``metadata.json``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        self.summary_frame.to_csv(out / "summary.csv", index=False)
        self.summary_frame.to_parquet(out / "summary.parquet", index=False)
        self.waterfall_frame.to_csv(out / "waterfall.csv", index=False)
        self.central_frame.to_csv(out / "central.csv", index=False)
        (out / "metadata.json").write_text(json.dumps(self.metadata, indent=2, default=str) + "\n")
        return out

    @classmethod
    def read(cls, out_dir: str | Path) -> Results:
        """Read results written by ``write``."""
        out = Path(out_dir)
        missing = [name for name in FILES if not (out / name).exists()]
        if missing:
            raise ModelError(
                f"{out} has no {missing[0]}.", hint="Point at a folder written by `careshift model run`."
            )
        central = out / "central.csv"
        return cls(
            pd.read_parquet(out / "summary.parquet"),
            pd.read_csv(out / "waterfall.csv"),
            json.loads((out / "metadata.json").read_text()),
            pd.read_csv(central) if central.exists() else pd.DataFrame(columns=CENTRAL_COLUMNS),
        )


def summary_frame(blocks: list[Block], years: tuple[int, ...], localities: tuple[str, ...]) -> pd.DataFrame:
    """One tidy frame from measure blocks ``values[quantile, year, locality+county]``."""
    locs = np.array([*localities, COUNTY], dtype=object)
    n_y, n_l = len(years), len(locs)
    year_col = np.repeat(np.asarray(years), n_l)
    loc_col = np.tile(locs, n_y)
    values = np.stack([b.values.reshape(3, -1) for b in blocks], axis=1)  # [3, block, cell]
    n = len(blocks) * n_y * n_l
    return pd.DataFrame(
        {
            "year": np.tile(year_col, len(blocks)),
            "locality": np.tile(loc_col, len(blocks)),
            "setting": np.repeat(np.array([b.setting for b in blocks], dtype=object), n_y * n_l),
            "measure": np.repeat(np.array([b.measure for b in blocks], dtype=object), n_y * n_l),
            "p10": values[0].reshape(n),
            "p50": values[1].reshape(n),
            "p90": values[2].reshape(n),
        }
    )


def central_frame(summary: pd.DataFrame) -> pd.DataFrame:
    """The central case's values from a one-iteration summary (where p10 == p50 == p90)."""
    return summary[["year", "locality", "setting", "measure"]].assign(value=summary["p50"].to_numpy())


def _county(x: np.ndarray) -> np.ndarray:
    return np.concatenate([x, x.sum(axis=-1, keepdims=True)], axis=-1)


def waterfall_frame(
    traces: list[StepTrace],
    settings: tuple[str, ...],
    bed_settings: tuple[int, ...],
    localities: tuple[str, ...],
) -> pd.DataFrame:
    """The central run's waterfall at the horizon year (last year)."""
    series: list[tuple[str, str, np.ndarray]] = []  # (setting, measure, values[step, L+1])
    act = np.stack([_county(t.activity[:, -1]) for t in traces])  # [step, s, L+1]
    bed = np.stack([_county(t.bed_days[:, -1]) for t in traces])
    cost = np.stack([_county(t.cost[-1]) for t in traces])
    base = (_county(traces[0].activity[:, 0]), _county(traces[0].bed_days[:, 0]), _county(traces[0].cost[0]))
    for s, code in enumerate(settings):
        series.append((code, "activity", np.concatenate([base[0][s][None], act[:, s]])))
    for b, s in enumerate(bed_settings):
        series.append((settings[s], "bed_days", np.concatenate([base[1][b][None], bed[:, b]])))
    series.append((ALL, "cost", np.concatenate([base[2][None], cost])))
    steps = ["baseline", *(t.step for t in traces), "final"]
    rows = []
    locs = [*localities, COUNTY]
    for setting, measure, values in series:
        change = np.concatenate([values[:1], np.diff(values, axis=0), values[-1:]])  # [step+1, L+1]
        for j, loc in enumerate(locs):
            rows += [(loc, setting, measure, step, float(change[k, j])) for k, step in enumerate(steps)]
    return pd.DataFrame(rows, columns=WATERFALL_COLUMNS)
