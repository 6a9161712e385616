"""Shared charts for every app: the chart block, one palette, one way of writing numbers, chart titles.

- :mod:`.blocks`: :class:`ChartBlock` (spec, table, CSV link, drawn by ``_chart.html``), ``csv_response``,
  ``spec_of`` (Django).
- :mod:`.palette`: NHS identity colours in a colour-blind-safe order (pure, no Django).
- :mod:`.formatting`: money as £1.6bn / £25m / £250k, shares as %, counts with thousands separators, in
  Python for tables and words, and the matching Vega-Lite formats and label expressions (pure).
- :mod:`.titles`: a chart's title says what, where and which scenario; its image file name follows (pure).

``from careshift.site.charts import ChartBlock, csv_response, spec_of`` keeps working; the block module is
imported on first use so that the pure modules can be imported without Django.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from careshift.site.charts.blocks import ChartBlock, csv_response, spec_of

__all__ = ["ChartBlock", "csv_response", "spec_of"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from careshift.site.charts import blocks

        return getattr(blocks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
