"""Charts of an appraisal, on the shared builders (careshift.site.charts.builders): rank acceptability
(bars), scores by criterion (heat map), access by locality (bars) and the travel-time map (choropleth)."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd

from careshift.apps.appraisal.scoring import Ranking, ScoreTable
from careshift.site.charts import builders, palette
from careshift.site.charts.titles import ChartTitle

SCORE_NAMES = {"option": "Option", "criterion": "Criterion", "value": "Value", "source": "Source"}
SCORE_NAMES["normalised"] = "Best (1) to worst (0)"


def title(what: str, appraisal: Any, option: str = "") -> ChartTitle:
    """What the chart shows, for Oxfordshire, in which appraisal (and for which option)."""
    where = f"Oxfordshire · appraisal: {appraisal}" + (f" · option: {option}" if option else "")
    return ChartTitle(what, where=where)


def acceptability_table(ranking: Ranking) -> pd.DataFrame:
    rows = [
        {"option": o.name, "rank": f"Rank {r + 1}", "share": round(float(ranking.acceptability[i, r]), 4)}
        for i, o in enumerate(ranking.options)
        for r in range(len(ranking.options))
    ]
    return pd.DataFrame(rows)


def acceptability_spec(table: pd.DataFrame, title: ChartTitle) -> dict[str, Any]:
    """How often each option takes each rank over the weight draws: one bar per option, split by rank."""
    return builders.bars_spec(
        builders.rows_of(table),
        title=title,
        unit="Share of weight draws",
        category="option",
        value="share",
        kind="share",
        series="rank",
        mode="normalize",
        scheme=palette.SEQUENTIAL_SCHEME,
        reverse=True,
        category_title="Option",
        series_title="Rank",
    )


def scores_table(table: ScoreTable) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "option": o.name,
                "criterion": c.name,
                "value": table.cells[(o.pk, c.pk)].value,
                "source": table.cells[(o.pk, c.pk)].source,
            }
            for o in table.options
            for c in table.criteria
        ]
    )


def scores_spec(table: pd.DataFrame, normalised: pd.DataFrame, title: ChartTitle) -> dict[str, Any]:
    """Each option's value on each criterion, coloured from worst (0) to best (1) across the options."""
    rows = builders.rows_of(table.merge(normalised, on=["option", "criterion"]).rename(columns=SCORE_NAMES))
    return builders.heatmap_spec(
        rows,
        title=title,
        x="Criterion",
        y="Option",
        value="Value",
        unit="Value",
        kind="number",
        colour="Best (1) to worst (0)",
        scheme=palette.SCORE_SCHEME,
        domain=(0.0, 1.0),
        x_order=list(dict.fromkeys(r["Criterion"] for r in rows)),
        y_order=list(dict.fromkeys(r["Option"] for r in rows)),
        extra_tooltip=[{"field": "Source", "type": "nominal"}],
    )


def access_table(by_option: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for option, result in by_option.items():
        for group, coverage in result.by_locality.items():
            rows.append(
                {
                    "option": option,
                    "locality": group,
                    "within_30_minutes": round(coverage.share_within[30.0], 4),
                    "mean_minutes": round(coverage.mean_minutes, 1),
                }
            )
    return pd.DataFrame(rows)


def access_spec(table: pd.DataFrame, title: ChartTitle) -> dict[str, Any]:
    """The share of each locality's residents within 30 minutes of a site, one bar per option."""
    return builders.bars_spec(
        builders.rows_of(table),
        title=title,
        unit="Residents within 30 minutes",
        category="locality",
        value="within_30_minutes",
        kind="share",
        series="option",
        category_title="Locality",
        series_title="Option",
        extra_tooltip=[{"field": "mean_minutes", "type": "quantitative", "title": "Mean minutes"}],
    )


def travel_map_spec(
    minutes: np.ndarray, codes: list[str], sites: pd.DataFrame, title: ChartTitle, travel: str
) -> dict[str, Any]:
    """Small areas coloured by the minutes ``travel`` to the nearest open site (clamped at an hour), the
    open sites on top."""
    from careshift.apps.places import data

    by_code = dict(zip(codes, minutes.round(1).tolist(), strict=True))
    features = []
    for feature in data.features_with("small_area", ("name", "locality_name")):
        item = copy.copy(feature)
        item["properties"] = {**item["properties"], "minutes": by_code.get(item["properties"]["code"])}
        features.append(item)
    points = builders.rows_of(sites[["name", "lat", "lon"]])
    return builders.choropleth_spec(
        features,
        title=title,
        colour="minutes",
        unit=f"Minutes {travel}",
        kind="number",
        scheme=palette.TRAVEL_TIME_SCHEME,
        domain=(0, 60),
        clamp=True,
        tooltip=(("name", "Small area"), ("locality_name", "Locality")),
        points={"points": points, "colour": palette.BLUE},
        height=520,
    )
