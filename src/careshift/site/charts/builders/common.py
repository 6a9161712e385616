"""What every builder shares: the spec's frame (title, size, palette, download name), clean numbers,
and axes and tooltips that write numbers as :mod:`careshift.site.charts.formatting` does.

Builders write Vega-Lite dicts directly rather than through Altair: a results page draws a dozen charts
and Altair's validation costs tens of milliseconds each; the unit tests validate every builder's spec
against the Vega-Lite schema that Altair ships, and render it with the project's own Vega.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import pandas as pd

from careshift.site.charts import palette
from careshift.site.charts.blocks import ChartBlock
from careshift.site.charts.formatting import D3_FORMAT, Kind, axis, money_expr
from careshift.site.charts.titles import ChartTitle

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WIDTH = "container"
HEIGHT = 260
# A measure's kind: the three of formatting, or a plain number (scores, minutes) to three significant figures.
NumberKind = Kind | Literal["number"]
NUMBER_FORMAT = ",.3~r"
KINDS: tuple[str, ...] = ("money", "share", "count", "number")

CONFIG: dict[str, Any] = {
    "range": {
        "category": list(palette.CATEGORICAL),
        "ordinal": {"scheme": palette.SEQUENTIAL_SCHEME},
        "ramp": {"scheme": palette.SEQUENTIAL_SCHEME},
        "heatmap": {"scheme": palette.SEQUENTIAL_SCHEME},
    },
    "axis": {"labelColor": palette.BLACK, "titleColor": palette.BLACK},
    "legend": {"orient": "bottom", "labelColor": palette.BLACK, "titleColor": palette.BLACK},
    "title": {"anchor": "start", "color": palette.BLACK, "subtitleColor": palette.GREY_1},
    "view": {"stroke": None},
}


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of number {kind!r}: use one of {', '.join(KINDS)}.")


def finite(value: Any, field: str = "value") -> float | None:
    """A number for the spec's data: NaN and None become None (JSON null); infinity and text are refused."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise ValueError(f"{field} must be a number, not {value!r}.")
    number = float(value)
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(f"{field} is {number}; a chart can only show finite numbers.")
    return number


def value_axis(kind: NumberKind, title: str) -> dict[str, Any]:
    """An axis titled with the unit whose tick labels read £25m, 12%, 12,345."""
    check_kind(kind)
    labels = {"format": NUMBER_FORMAT} if kind == "number" else axis(kind)
    return {"title": title, **labels}


def label_field(field: str) -> str:
    """The calculated label's field: flat, since a dot in a Vega-Lite field name reads a nested property."""
    return f"{field.replace('.', '_')}__label"


def accessor(field: str) -> str:
    """The Vega expression reading ``field``: ``a.b`` -> ``datum['a']['b']``."""
    return "datum" + "".join(f"[{part!r}]" for part in field.split("."))


def number_tooltip(field: str, title: str, kind: NumberKind) -> dict[str, Any]:
    """A tooltip channel entry for ``field``; money reads the label that :func:`label_transforms` adds."""
    check_kind(kind)
    if kind == "money":
        return {"field": label_field(field), "type": "nominal", "title": title}
    fmt = NUMBER_FORMAT if kind == "number" else D3_FORMAT[kind]
    return {"field": field, "type": "quantitative", "title": title, "format": fmt}


def label_transforms(fields: Iterable[str], kind: NumberKind) -> list[dict[str, str]]:
    """``calculate`` transforms writing each money field as £25m for tooltips (none for other kinds)."""
    if kind != "money":
        return []
    return [{"calculate": money_expr(accessor(field)), "as": label_field(field)} for field in fields]


def colour_scale(domain: Sequence[Any], colours: Mapping[Any, str] | None = None) -> dict[str, Any]:
    """A nominal colour scale: the given colours, else the palette's categorical colours in order."""
    values = list(dict.fromkeys(domain))
    if colours is not None:
        missing = [v for v in values if v not in colours]
        if missing:
            raise ValueError(f"No colour given for {', '.join(map(str, missing))}.")
        return {"domain": values, "range": [colours[v] for v in values]}
    return {"domain": values, "range": palette.categorical(len(values))}


def frame(
    title: ChartTitle, values: list[dict[str, Any]], *, height: int | str = HEIGHT, width: int | str = WIDTH
) -> dict[str, Any]:
    """The top of every builder's spec: schema, title and subtitle, the description screen readers read,
    the image's download name, size, palette and data."""
    return {
        "$schema": SCHEMA,
        "title": title.vega(),
        "description": title.text,
        "usermeta": title.usermeta(),
        "width": width,
        "height": height,
        "config": CONFIG,
        "data": {"values": values},
    }


def block(
    title: ChartTitle,
    spec: dict[str, Any],
    table: pd.DataFrame,
    *,
    id: str = "",
    csv_url: str = "",
    spec_url: str = "",
    description: str = "",
) -> ChartBlock:
    return ChartBlock(
        id=id or title.filename,
        title=title.text,
        table=table,
        csv_url=csv_url,
        spec=spec,
        spec_url=spec_url,
        description=description,
    )


def rows_of(table: pd.DataFrame) -> list[dict[str, Any]]:
    """A table's rows as the builders take them: one dict per row, keyed by column name."""
    return [{str(k): v for k, v in row.items()} for row in table.to_dict("records")]


def as_title(title: ChartTitle | str) -> ChartTitle:
    return title if isinstance(title, ChartTitle) else ChartTitle(title)
