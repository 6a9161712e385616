"""Chart builders: plain rows (or GeoJSON features, or iterations) + a :class:`ChartTitle` + units in,
a :class:`~careshift.site.charts.blocks.ChartBlock` out, its Vega-Lite spec drawn in the shared palette
with numbers written the shared way (axes and tooltips read £25m, 12%, 12,345).

==================  ===========================================================================
:func:`fan`          P10-P90 band and median over the years, one per series, optional target
:func:`waterfall`    what moved a measure from its start to its end, step by step
:func:`bars`         bars per category, grouped or stacked by series (or shares, ``normalize``)
:func:`heatmap`      a grid of cells coloured by a measure or by named bands, each labelled
:func:`choropleth`   areas (GeoJSON) coloured by a property, outlines and sites on top
:func:`distribution` a measure's iterations as a histogram or density, P10/median/P90 marked
:func:`lines`        one line per series over years or months, targets dashed, the principal one thick
:func:`interval`     a P10-P90 bar per category with a point (a plan) and the median as a tick
:func:`scatter`      a point per row on two measures, coloured by a category (a power/interest grid)
==================  ===========================================================================

Each module also has ``*_spec`` (the spec alone) for callers that want only the dict (board packs).
``kind`` is ``money``, ``share``, ``count`` or ``number`` (three significant figures).
"""

from careshift.site.charts.builders.bars import bars, bars_spec
from careshift.site.charts.builders.common import rows_of
from careshift.site.charts.builders.distribution import distribution, distribution_spec
from careshift.site.charts.builders.fan import fan, fan_spec
from careshift.site.charts.builders.heatmap import heatmap, heatmap_spec
from careshift.site.charts.builders.interval import interval, interval_spec
from careshift.site.charts.builders.lines import lines, lines_spec
from careshift.site.charts.builders.map import choropleth, choropleth_spec
from careshift.site.charts.builders.scatter import scatter, scatter_spec
from careshift.site.charts.builders.waterfall import waterfall, waterfall_bars, waterfall_spec

__all__ = [
    "bars",
    "bars_spec",
    "choropleth",
    "choropleth_spec",
    "distribution",
    "distribution_spec",
    "fan",
    "fan_spec",
    "heatmap",
    "heatmap_spec",
    "interval",
    "interval_spec",
    "lines",
    "lines_spec",
    "rows_of",
    "scatter",
    "scatter_spec",
    "waterfall",
    "waterfall_bars",
    "waterfall_spec",
]
