"""Bars: one bar per category, or per category and series, grouped side by side or stacked.

Categories run down the y axis (long names stay readable) unless ``horizontal=False``. Series without an
order take the palette's categorical colours; ordered series (ranks, deciles) a sequential scheme; fixed
meanings (late/early, female/male) a mapping of colours. ``stack="normalize"`` shows each category's
shares. The value axis and tooltips write numbers as the measure's kind says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pandas as pd

from careshift.site.charts import palette
from careshift.site.charts.blocks import ChartBlock
from careshift.site.charts.builders.common import (
    NumberKind,
    block,
    colour_scale,
    finite,
    frame,
    label_transforms,
    number_tooltip,
    value_axis,
)
from careshift.site.charts.titles import ChartTitle

Mode = Literal["grouped", "stacked", "normalize"]
MODES: tuple[str, ...] = ("grouped", "stacked", "normalize")
ORDER = "__order"  # a series' place in the stack (its place in the legend)
BAR_STEP = 18  # pixels per bar when bars are grouped along the category axis


def bars_spec(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    unit: str,
    category: str,
    value: str,
    kind: NumberKind = "count",
    series: str | None = None,
    mode: Mode = "grouped",
    colours: Mapping[Any, str] | None = None,
    scheme: str | None = None,
    reverse: bool = False,
    order: Sequence[Any] | None = None,
    horizontal: bool = True,
    category_title: str | None = None,
    series_title: str | None = None,
    extra_tooltip: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The bar chart's Vega-Lite spec (see :func:`bars`)."""
    if mode not in MODES:
        raise ValueError(f"Unknown bar mode {mode!r}: use one of {', '.join(MODES)}.")
    values = [{**row, value: finite(row[value], value)} for row in rows]
    categories = list(dict.fromkeys(order if order is not None else [v[category] for v in values]))
    value_kind: NumberKind = "share" if mode == "normalize" else kind
    value_enc: dict[str, Any] = {
        "field": value,
        "type": "quantitative",
        "axis": value_axis(value_kind, "Share" if mode == "normalize" and kind != "share" else unit),
    }
    if series:
        value_enc["stack"] = {"grouped": None, "stacked": "zero", "normalize": "normalize"}[mode]
    category_enc: dict[str, Any] = {
        "field": category,
        "type": "nominal",
        "title": category_title,
        "sort": categories,
    }
    along, across = ("y", "x") if horizontal else ("x", "y")
    encoding: dict[str, Any] = {along: category_enc, across: value_enc}
    if not horizontal:
        category_enc["axis"] = {"labelAngle": -30, "labelLimit": 160}
    tooltip = [{"field": category, "type": "nominal", "title": category_title or "Category"}]
    if series:
        encoding["color"] = _series_colour(values, series, series_title, colours, scheme, reverse)
        ranks = {name: rank for rank, name in enumerate(encoding["color"]["sort"])}
        values = [{**v, ORDER: ranks[v[series]]} for v in values]
        encoding["order"] = {"field": ORDER, "type": "quantitative"}
        tooltip.append(
            {"field": series, "type": encoding["color"]["type"], "title": series_title or "Series"}
        )
        if mode == "grouped":
            encoding[f"{along}Offset"] = {
                "field": series,
                "type": "nominal",
                "sort": encoding["color"]["sort"],
            }
    else:
        encoding["color"] = (
            {"field": category, "type": "nominal", "scale": colour_scale(categories, colours), "legend": None}
            if colours
            else {"value": palette.BLUE}
        )
    encoding["tooltip"] = [*tooltip, number_tooltip(value, unit, kind), *extra_tooltip]
    transforms = label_transforms((value,), kind)
    size = len(categories) * (len({v[series] for v in values}) if series and mode == "grouped" else 1)
    height = max(80, BAR_STEP * size + 40) if horizontal else 260
    return {
        **frame(title, values, height=height),
        **({"transform": transforms} if transforms else {}),
        "mark": {"type": "bar"},
        "encoding": encoding,
    }


def _series_colour(
    values: list[dict[str, Any]],
    series: str,
    title: str | None,
    colours: Mapping[Any, str] | None,
    scheme: str | None,
    reverse: bool,
) -> dict[str, Any]:
    domain = list(dict.fromkeys(v[series] for v in values))
    if scheme:
        domain = sorted(domain)
        scale: dict[str, Any] = {"scheme": scheme, "domain": domain, **({"reverse": True} if reverse else {})}
        return {"field": series, "type": "ordinal", "title": title, "scale": scale, "sort": domain}
    return {
        "field": series,
        "type": "nominal",
        "title": title,
        "scale": colour_scale(domain, colours),
        "sort": domain,
    }


def bars(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    unit: str,
    category: str,
    value: str,
    series: str | None = None,
    category_title: str | None = None,
    series_title: str | None = None,
    id: str = "",
    csv_url: str = "",
    **options: Any,
) -> ChartBlock:
    """A bar chart block. ``rows`` have the ``category``, the ``value`` and, for grouped or stacked bars,
    the ``series``; ``mode`` is ``grouped``, ``stacked`` or ``normalize`` (shares of each category).
    ``colours`` maps series (or categories, when there is no series) to colours; ``scheme`` (with
    ``reverse``) colours ordered series; ``order`` fixes the categories' order. Other ``options`` are
    :func:`bars_spec`'s."""
    spec = bars_spec(
        rows,
        title=title,
        unit=unit,
        category=category,
        value=value,
        series=series,
        category_title=category_title,
        series_title=series_title,
        **options,
    )
    columns = [category, *([series] if series else []), value]
    names = {
        category: category_title or category,
        value: unit,
        **({series: series_title or series} if series else {}),
    }
    table = pd.DataFrame(spec["data"]["values"], columns=columns).rename(columns=names)
    return block(title, spec, table, id=id, csv_url=csv_url)
