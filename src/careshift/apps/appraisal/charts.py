"""Charts of an appraisal: rank acceptability, scores by criterion, access by locality, travel-time map."""

from __future__ import annotations

import copy
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from careshift.apps.appraisal.scoring import Ranking, ScoreTable
from careshift.site.charts import spec_of

WIDTH = 560


def acceptability_table(ranking: Ranking) -> pd.DataFrame:
    rows = [
        {"option": o.name, "rank": f"Rank {r + 1}", "share": round(float(ranking.acceptability[i, r]), 4)}
        for i, o in enumerate(ranking.options)
        for r in range(len(ranking.options))
    ]
    return pd.DataFrame(rows)


def acceptability_spec(table: pd.DataFrame, title: str) -> dict[str, Any]:
    chart = (
        alt.Chart(table, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("option:N", title=None, sort=None),
            x=alt.X("share:Q", title="Share of weight draws", axis=alt.Axis(format="%"), stack="normalize"),
            color=alt.Color("rank:O", title="Rank", scale=alt.Scale(scheme="blues", reverse=True)),
            order=alt.Order("rank:O"),
            tooltip=["option", "rank", alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(width=WIDTH)
    )
    return spec_of(chart)


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


def scores_spec(table: pd.DataFrame, normalised: pd.DataFrame, title: str) -> dict[str, Any]:
    data = table.merge(normalised, on=["option", "criterion"])
    chart = (
        alt.Chart(data, title=title)
        .mark_rect()
        .encode(
            x=alt.X("criterion:N", title=None, sort=None, axis=alt.Axis(labelAngle=-30)),
            y=alt.Y("option:N", title=None, sort=None),
            color=alt.Color("normalised:Q", title="Best (1) to worst (0)", scale=alt.Scale(scheme="greens")),
            tooltip=["option", "criterion", alt.Tooltip("value:Q", format=",.3~g"), "source"],
        )
        .properties(width=WIDTH)
    )
    text = chart.mark_text(fontSize=11).encode(
        text=alt.Text("value:Q", format=",.3~g"), color=alt.value("#212b32")
    )
    return spec_of(chart + text)


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


def access_spec(table: pd.DataFrame, title: str, travel: str = "by car") -> dict[str, Any]:
    chart = (
        alt.Chart(table, title=title)
        .mark_bar()
        .encode(
            x=alt.X(
                "within_30_minutes:Q",
                title=f"Residents within 30 minutes {travel}",
                axis=alt.Axis(format="%"),
            ),
            y=alt.Y("option:N", title=None, sort=None),
            color=alt.Color("option:N", legend=None),
            row=alt.Row("locality:N", title=None),
            tooltip=["option", "locality", alt.Tooltip("within_30_minutes:Q", format=".0%"), "mean_minutes"],
        )
        .properties(width=WIDTH - 120, height=alt.Step(14))
    )
    return spec_of(chart)


def travel_map_spec(
    minutes: np.ndarray, codes: list[str], sites: pd.DataFrame, title: str, travel: str = "by car"
) -> dict[str, Any]:
    from careshift.apps.places import data

    by_code = dict(zip(codes, minutes.round(1).tolist(), strict=True))
    features = []
    for feature in data.features_with("small_area", ("name", "locality_name")):
        item = copy.copy(feature)
        item["properties"] = {**item["properties"], "minutes": by_code.get(item["properties"]["code"])}
        features.append(item)
    areas = (
        alt.Chart(alt.Data(name="areas"))
        .mark_geoshape(stroke="white", strokeWidth=0.3)
        .encode(
            color=alt.Color(
                "properties.minutes:Q",
                title=f"Minutes {travel}",
                scale=alt.Scale(scheme="orangered", domain=[0, 60], clamp=True),
            ),
            tooltip=[
                alt.Tooltip("properties.name:N", title="Small area"),
                alt.Tooltip("properties.locality_name:N", title="Locality"),
                alt.Tooltip("properties.minutes:Q", title="Minutes to the nearest site"),
            ],
        )
    )
    points = (
        alt.Chart(sites[["name", "lat", "lon"]])
        .mark_point(filled=True, color="#005eb8", size=60, stroke="white")
        .encode(longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("name:N", title="Site")])
    )
    spec: dict[str, Any] = (
        alt.layer(areas, points, title=title)
        .properties(width=WIDTH, height=520)
        .project(type="mercator")
        .to_dict()
    )
    spec.setdefault("datasets", {})["areas"] = features
    return spec
