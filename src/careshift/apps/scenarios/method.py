"""How this is calculated: docs/background/method.md as a page, and the data pack's assumptions.

:func:`assumptions` lists every labelled estimate of a data pack (``DataPack.estimates``, keyed
``"table:item"``) with its central value, 80% range and source, and says what the engine does with it
(``careshift.model.assumptions.USAGE``): drawn from its range in each iteration, or kept at its central
value. For a run, the answer follows the run's own switch (``uncertainty.assumptions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careshift.datapack.pack import DataPack
from careshift.errors import NotFound
from careshift.model.assumptions import USAGE
from careshift.site.markdown import render_markdown

METHOD_DOC = Path(__file__).resolve().parents[4] / "docs" / "background" / "method.md"
TABLES = {
    "rates": "Activity rate",
    "los": "Length of stay",
    "unit_costs": "Unit cost",
    "bed_day_costs": "Bed-day cost",
    "settings": "Setting",
    "workforce": "Staff per unit of capacity",
    "cost_per_wte": "Cost per WTE",
    "seasonality": "Winter profile",
    "discharge": "Flow out of hospital",
    "housing_growth": "Planned housing",
}
_USAGE = {u.prefix: u for u in USAGE}


@dataclass(frozen=True)
class Assumption:
    """One data-pack estimate in words for the method page and a run's page."""

    key: str
    what: str
    value: str
    low: str
    high: str
    citation: str
    url: str
    basis: str
    is_assumption: bool
    use: str


def method_html() -> str:
    if not METHOD_DOC.is_file():
        raise NotFound(
            "The method document is not installed with this copy of careshift.",
            hint="Read docs/background/method.md in the careshift repository.",
        )
    return render_markdown(METHOD_DOC.read_text(encoding="utf-8"))


def _number(value: float | None) -> str:
    """Four significant figures, thousands separated and never in e-notation (52,000, not 5.2e+04)."""
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _labels(pack: DataPack) -> dict[str, str]:
    labels = {a.code: a.label for a in pack.activities} | {s.code: s.label for s in pack.settings}
    return labels | dict(zip(pack.localities, pack.locality_names, strict=True))


def _use(prefix: str, ranged: bool, sampling: bool) -> str:
    usage = _USAGE.get(prefix)
    if usage is None:
        return "Not used by the engine."
    if usage.sampled and ranged:
        return "Drawn from its range in each iteration." if sampling else "Central value (sampling off)."
    return f"{usage.effect[0].upper()}{usage.effect[1:]}."


def assumptions(pack: DataPack, *, sampling: bool = True) -> list[Assumption]:
    """Every estimate of ``pack``, table by table; ``sampling``: whether a run draws the ranges."""
    labels = _labels(pack)
    rows = []
    for key, estimate in sorted(pack.estimates.items()):
        prefix, _, item = key.partition(":")
        ranged = estimate.low is not None and estimate.high is not None
        rows.append(
            Assumption(
                key=key,
                what=f"{TABLES.get(prefix, prefix)}: {labels.get(item, item.replace('_', ' '))}",
                value=_number(estimate.value),
                low=_number(estimate.low),
                high=_number(estimate.high),
                citation=estimate.source.citation,
                url=estimate.source.url,
                basis=estimate.source.basis,
                is_assumption=estimate.source.assumption,
                use=_use(prefix, ranged, sampling),
            )
        )
    return rows


def run_assumptions(run: Any, pack: DataPack) -> list[Assumption] | None:
    """The assumptions a run used, or None when the pack loaded now is not the run's version."""
    if (pack.name, pack.version) != (run.datapack_name, run.datapack_version):
        return None
    sampling = bool((run.spec or {}).get("uncertainty", {}).get("assumptions", True))
    return assumptions(pack, sampling=sampling)
