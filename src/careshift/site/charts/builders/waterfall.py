"""Waterfall: what moved a measure from its start to its end, one floating bar per step.

Totals (the start and the end) stand on zero in the palette's total colour; each step floats from the
running total, up in the increase colour and down in the decrease colour (blue/orange stay apart under
colour blindness). Tooltips give the step's change and the running total.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import pandas as pd

from careshift.site.charts import palette
from careshift.site.charts.blocks import ChartBlock
from careshift.site.charts.builders.common import (
    NumberKind,
    block,
    finite,
    frame,
    label_transforms,
    number_tooltip,
    value_axis,
)
from careshift.site.charts.titles import ChartTitle

KINDS = {"total": "Total", "increase": "Increase", "decrease": "Decrease"}
COLOURS = {"Total": palette.TOTAL, "Increase": palette.INCREASE, "Decrease": palette.DECREASE}


def waterfall_bars(
    rows: Sequence[Mapping[str, Any]],
    *,
    totals: Collection[str] | None = None,
    label: Callable[[str], str] = str,
) -> list[dict[str, Any]]:
    """Bar extents: a total (a step named in ``totals``; by default the first and the last) stands on
    zero; every other step floats from the running total. Rows are ``step, value`` in order."""
    names = [str(r["step"]) for r in rows]
    totals = set(totals) if totals is not None else {names[0], names[-1]} if names else set()
    bars, running = [], 0.0
    for position, (step, row) in enumerate(zip(names, rows, strict=True)):
        value = finite(row["value"], f"the value of {step!r}") or 0.0
        if step in totals:
            start, end, kind = 0.0, value, "total"
        else:
            start, end = running, running + value
            kind = "increase" if value >= 0 else "decrease"
        running = end
        bars.append(
            {
                "position": position,
                "step": label(step),
                "start": start,
                "end": end,
                "value": value,
                "kind": KINDS[kind],
            }
        )
    return bars


def waterfall_spec(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    unit: str,
    kind: NumberKind = "count",
    totals: Collection[str] | None = None,
    label: Callable[[str], str] = str,
) -> dict[str, Any]:
    """The waterfall's Vega-Lite spec (see :func:`waterfall`)."""
    values = waterfall_bars(rows, totals=totals, label=label)
    present = [k for k in KINDS.values() if any(v["kind"] == k for v in values)] or list(KINDS.values())
    encoding = {
        "x": {
            "field": "step",
            "type": "nominal",
            "sort": {"field": "position"},
            "title": None,
            "axis": {"labelAngle": -30, "labelLimit": 160},
        },
        "y": {"field": "start", "type": "quantitative", "axis": value_axis(kind, unit)},
        "y2": {"field": "end"},
        "color": {
            "field": "kind",
            "type": "nominal",
            "title": None,
            "scale": {"domain": present, "range": [COLOURS[k] for k in present]},
        },
        "tooltip": [
            {"field": "step", "type": "nominal", "title": "Step"},
            number_tooltip("value", "Change", kind),
            number_tooltip("end", "Running total", kind),
        ],
    }
    transforms = label_transforms(("value", "end"), kind)
    return {
        **frame(title, values),
        **({"transform": transforms} if transforms else {}),
        "mark": {"type": "bar"},
        "encoding": encoding,
    }


def waterfall(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    unit: str,
    kind: NumberKind = "count",
    totals: Collection[str] | None = None,
    label: Callable[[str], str] = str,
    id: str = "",
    csv_url: str = "",
) -> ChartBlock:
    """A waterfall block. ``rows`` are ``step, value`` in order; ``totals`` names the steps that are
    totals (default: the first and the last); ``label`` writes a step's name for the axis."""
    spec = waterfall_spec(rows, title=title, unit=unit, kind=kind, totals=totals, label=label)
    table = pd.DataFrame(
        [
            {"Step": v["step"], "Change": v["value"], "Running total": v["end"]}
            for v in spec["data"]["values"]
        ],
        columns=["Step", "Change", "Running total"],
    )
    return block(title, spec, table, id=id, csv_url=csv_url)
