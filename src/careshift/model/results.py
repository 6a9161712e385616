"""Results of a run: plain data (pandas frames and a dict), picklable, with CSV/Parquet round trips.

* ``summary()``: tidy ``year, locality, setting, measure, p10, p50, p90`` (``locality == "county"`` for
  county totals, ``setting == "all"`` for cross-setting measures).
* ``waterfall()``: ``locality, setting, measure, step, value`` for the horizon year, each series
  following its **median run** (the ensemble iteration whose horizon value is the P50 in the summary):
  ``baseline`` (that run's base year), then the change from ``demography``, ``non_demographic_growth``
  and each lever, then ``final``; baseline plus the changes equals final, and final equals the P50.
* ``iterations``: per-iteration county totals of the headline measures (``careshift.model.totals``),
  for paired comparisons (``careshift.model.compare``); kept in memory, not written.
* ``localities``: per-iteration values by locality and the bed risks (``careshift.model.paired``),
  only when the run was asked for them (``run(..., paired_localities=True)``); in memory, not written.
* ``central()``: ``year, locality, setting, measure, value`` for the central case (run 0: every
  uncertain value at its central value), which is kept apart from the ensemble: it is not one of the
  iterations behind the quantiles.
* ``metadata``: scenario name, iterations, seed, engine version, data-pack name and version, elapsed s.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from careshift.errors import ModelError
from careshift.model.paired import LocalityIterations
from careshift.model.pipeline import StepTrace
from careshift.model.summary import ALL, COUNTY, QUANTILES, Block
from careshift.model.totals import IterationTotals

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
    iterations: IterationTotals | None = None
    localities: LocalityIterations | None = None

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
    """Append the county (sum over localities, axis -2 of ``[..., locality, i]``)."""
    return np.concatenate([x, x.sum(axis=-2, keepdims=True)], axis=-2)


@dataclass(frozen=True)
class MedianRuns:
    """For each waterfall series at the horizon year, the ensemble iteration whose value is the
    series' median (the order statistic the summary reports as P50): ``rows`` are the distinct
    iterations, and ``activity[s, L+1]``, ``bed_days[b, L+1]``, ``cost[L+1]`` index into ``rows``."""

    rows: np.ndarray
    activity: np.ndarray
    bed_days: np.ndarray
    cost: np.ndarray


def median_runs(arrays: dict[str, np.ndarray]) -> MedianRuns:
    """Find each series' median iteration in the collected ensemble ``arrays`` (not reordered)."""
    n = arrays["cost"].shape[-1]
    k = max(math.ceil(n * QUANTILES[1]) - 1, 0)
    picks = [
        np.argpartition(arrays[name][..., -1, :, :], k, axis=-1)[..., k]
        for name in ("activity", "bed_days", "cost")
    ]
    rows, inverse = np.unique(np.concatenate([p.reshape(-1) for p in picks]), return_inverse=True)
    parts = np.split(inverse.reshape(-1), np.cumsum([p.size for p in picks])[:-1])
    act, bed, cost = (part.reshape(p.shape) for part, p in zip(parts, picks, strict=True))
    return MedianRuns(rows, act, bed, cost)


def waterfall_frame(
    traces: list[StepTrace],
    settings: tuple[str, ...],
    bed_settings: tuple[int, ...],
    localities: tuple[str, ...],
    runs: MedianRuns,
) -> pd.DataFrame:
    """The waterfall at the horizon year (last year), each series following its median run, so its
    ``final`` equals the summary's P50 for that year, locality, setting and measure."""

    def at(values: np.ndarray, pick: np.ndarray) -> np.ndarray:  # [..., L+1, i] -> [..., L+1]
        return np.take_along_axis(values, pick[..., None], axis=-1)[..., 0]

    act = np.stack([at(_county(t.activity[:, -1]), runs.activity) for t in traces])  # [step, s, L+1]
    bed = np.stack([at(_county(t.bed_days[:, -1]), runs.bed_days) for t in traces])
    cost = np.stack([at(_county(t.cost[-1]), runs.cost) for t in traces])
    first = traces[0]
    base = (
        at(_county(first.activity[:, 0]), runs.activity),
        at(_county(first.bed_days[:, 0]), runs.bed_days),
        at(_county(first.cost[0]), runs.cost),
    )
    series: list[tuple[str, str, np.ndarray]] = []  # (setting, measure, values[step, L+1])
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
