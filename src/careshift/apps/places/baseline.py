"""Today's system held against the published figures: the calibration table for the workbench page.

The table is the engine's own (``careshift.model.baseline.calibration_frame``, the function behind
``careshift model baseline``); this module only words it for a page, and gives its CSV exactly as the
CLI prints it (``calibration_csv``). The method page renders ``docs/background/baseline.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd

from careshift.apps.places import data
from careshift.errors import NotFound
from careshift.model.baseline import calibration_csv, calibration_frame
from careshift.model.growth_check import growth_check
from careshift.site.markdown import render_markdown

METHOD_DOC = Path(__file__).resolve().parents[4] / "docs" / "background" / "baseline.md"


@dataclass(frozen=True)
class Row:
    """One figure of the calibration table, in words for the page."""

    measure: str
    organisation: str
    period: str
    published: str
    modelled: str
    ratio: str
    band: str
    out_of_band: bool
    note: str
    source: str


def table() -> pd.DataFrame:
    """The calibration table of the site's data pack (cached per pack)."""
    return _table(data._pack_path()).copy()


@lru_cache(maxsize=4)
def _table(path: str | None) -> pd.DataFrame:
    return calibration_frame(data.pack())


def csv_text() -> str:
    """The table as ``careshift model baseline --format csv`` prints it."""
    return calibration_csv(table())


def rows() -> list[Row]:
    return [_row(r) for r in table().to_dict("records")]


def _row(r: dict[Any, Any]) -> Row:
    return Row(
        measure=r["measure"],
        organisation=r["organisation"],
        period=r["period"],
        published=number(r["published"]),
        modelled=number(r["modelled"]),
        ratio="" if _missing(r["ratio"]) else f"{r['ratio']:.3f}",
        band=band_words(r),
        out_of_band=r["band_status"].startswith("OUT"),
        note=r["note"],
        source=r["source"],
    )


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: Any) -> str:
    """As the CLI's table: three decimals below 10 (occupancy, bed days), whole numbers with commas."""
    if _missing(value):
        return ""
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.0f}"


def band_words(r: dict[Any, Any]) -> str:
    """The engine's band status in a sentence: 'Within its band (95%-105%)', 'Out of band: ...'."""
    status = str(r["band_status"])
    if status.startswith("within"):
        return f"Within its band ({status.removeprefix('within ')})"
    if status.startswith("OUT"):
        ratio = f"{r['ratio']:.1%}" if not _missing(r["ratio"]) else ""
        return f"Out of band: the model gives {ratio} of the published figure, outside {status.split()[-1]}"
    return {
        "no band": "No band: compared for information",
        "not modelled": "Not modelled in the base year",
        "not published": "Not published: the model's figure only",
    }.get(status, status)


def summary(found: list[Row]) -> dict[str, Any]:
    """How many banded figures sit within their band, and which do not."""
    banded = [r for r in found if r.band.startswith(("Within", "Out of band"))]
    return {"banded": len(banded), "out": [r for r in banded if r.out_of_band]}


@dataclass(frozen=True)
class Growth:
    """The growth check for the page: the financial years, and one row of words per measure."""

    base_year: int
    years: list[str]
    changes: list[str]  # "to 2023-24", ...
    rows: list[list[str]]  # measure, the published figure per year, the change per pair, demography


def growth() -> Growth | None:
    """How OUH's published figures moved year on year against the model's demographic change from the
    base year to the next (``careshift.model.growth_check``); None without published figures."""
    return _growth(data._pack_path())


@lru_cache(maxsize=4)
def _growth(path: str | None) -> Growth | None:
    pack = data.pack()
    found = growth_check(pack)
    if not found or len(found[0].published) < 2:
        return None
    years = list(found[0].published)
    pairs = list(pairwise(years))
    rows = [
        [
            g.measure,
            *(number(g.published[y]) for y in years),
            *(f"{g.change(a, b):+.1%}" for a, b in pairs),
            f"{g.demographic_change:+.1%}",
        ]
        for g in found
    ]
    return Growth(pack.base_year, years, [f"to {b}" for _, b in pairs], rows)


def method_html() -> str:
    """docs/background/baseline.md as HTML (raw HTML in the file is escaped, links to other files are
    shown as text: they are not pages of the site)."""
    if not METHOD_DOC.is_file():
        raise NotFound(
            "The method document is not installed with this copy of careshift.",
            hint="Read docs/background/baseline.md in the careshift repository.",
        )
    return render_markdown(METHOD_DOC.read_text(encoding="utf-8"))
