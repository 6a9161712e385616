"""A chart on a page: its Vega-Lite spec (built with Altair), the table behind it, and its CSV download.

Pages render a :class:`ChartBlock` with the ``_chart.html`` partial::

    {% include "_chart.html" with chart=pyramid %}

which draws the chart with vega-embed (``charts.js``), shows the table in a ``<details>`` and links the
CSV. Large specs (maps) can be fetched from ``spec_url`` instead of being inlined.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.http import HttpResponse

from careshift.site.charts.titles import filename_of


@dataclass(frozen=True)
class ChartBlock:
    id: str
    title: str
    table: pd.DataFrame
    csv_url: str
    spec: dict[str, Any] | None = None
    spec_url: str = ""
    description: str = ""
    max_rows: int = 500  # rows shown in the page's table; the CSV always has them all

    @property
    def spec_attr(self) -> str:
        """The value of ``data-vega-spec``: the URL, or the inline spec as JSON."""
        return self.spec_url or json.dumps(self.spec, separators=(",", ":"))

    @property
    def filename(self) -> str:
        """The stem of the chart's PNG/SVG download, from its title (a spec's own ``usermeta`` wins)."""
        return filename_of(self.title)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.table.columns]

    @property
    def rows(self) -> list[list[Any]]:
        return self.table.head(self.max_rows).to_numpy().tolist()

    @property
    def truncated(self) -> bool:
        return len(self.table) > self.max_rows


def csv_response(table: pd.DataFrame, filename: str) -> HttpResponse:
    """The table as a CSV attachment (UTF-8, no index)."""
    response = HttpResponse(table.to_csv(index=False), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def spec_of(chart: Any) -> dict[str, Any]:
    """An Altair chart as a Vega-Lite dict (data inlined, so the page needs no data server)."""
    spec: dict[str, Any] = chart.to_dict()
    return spec
