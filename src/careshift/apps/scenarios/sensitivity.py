"""What drives the spread of a run's results (model/sensitivity.py), for its results page: the first
``SENSITIVITY_ITERATIONS`` iterations of the run (the same draws, by the keyed streams), cached."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.core.cache import cache
from django.urls import reverse

from careshift.apps.scenarios import engine
from careshift.model import sensitivity
from careshift.model.scenario import Scenario
from careshift.site.charts import palette
from careshift.site.charts.blocks import ChartBlock
from careshift.site.charts.builders.bars import bars
from careshift.site.charts.titles import ChartTitle

SENSITIVITY_ITERATIONS = 2000
CACHE_SECONDS = 24 * 3600
RAISES, LOWERS = "a higher draw raises it", "a higher draw lowers it"


def iterations_used(run: Any) -> int:
    return int(min(run.iterations, SENSITIVITY_ITERATIONS))


def table(run: Any, year: int) -> pd.DataFrame:
    """The drivers of the run's county cost, savings and acute beds in ``year`` (cached per run)."""
    key = f"careshift:drivers:{run.pk}:{year}:{iterations_used(run)}"
    found = cache.get(key)
    if found is None:
        scenario = Scenario.model_validate(run.spec)
        found = sensitivity.tornado(scenario, engine.load_pack(), iterations_used(run), run.seed, year)
        cache.set(key, found, CACHE_SECONDS)
    return found


def charts(run: Any, year: int, frame: pd.DataFrame) -> list[ChartBlock]:
    """One tornado chart per measure: each input's rank correlation, the strongest at the top."""
    blocks = []
    for measure, label in sensitivity.MEASURES.items():
        rows = frame[frame.measure == measure]
        if rows.empty:
            continue
        values = [
            {"input": name, "rho": round(rho, 3), "effect": RAISES if rho >= 0 else LOWERS}
            for name, rho in zip(rows["label"].astype(str), rows["rho"].astype(float), strict=True)
        ]
        title = ChartTitle(
            f"What drives the spread of {label[0].lower()}{label[1:]} in {year}",
            where="Oxfordshire",
            scenario=run.scenario.name,
        )
        blocks.append(
            bars(
                values,
                title=title,
                unit="Rank correlation",
                category="input",
                value="rho",
                kind="number",
                series="effect",
                mode="stacked",
                colours={RAISES: palette.INCREASE, LOWERS: palette.DARK_BLUE},  # apart under colour blindness
                category_title="Uncertain input",
                series_title="Direction",
                id=f"drivers-{measure}",
                csv_url=f"{reverse('scenarios:drivers', args=[run.pk])}?year={year}&csv={measure}",
            )
        )
    return blocks
