"""The flow out of hospital's assumptions, with their ranges, for the results page.

Two sources, in the order a reader checks them: the data pack's ``discharge:*`` figures (published
counts and the labelled, ranged assumptions the engine calibrates and samples: shares by pathway, the
stay in each service, the residents' share; ``careshift.model.discharge``) and the scenario's own flow
settings (how downstream places grow, and each discharge lever's size as its range).

Each row says what a run does with it ("In a run"): drawn in each iteration, or fixed at its central
value. The pack's drawn figures are the engine's own list (``careshift.model.discharge.drawn_keys``), and
both follow the run's switches (``uncertainty.assumptions`` for the pack's, ``parameter_uncertainty`` for
the levers').
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from careshift.apps.scenarios import engine
from careshift.model.discharge import DELAYS_TRUST, drawn_keys

PATHWAY_WORDS = {
    "p0": "P0 home (internal waits)",
    "p1": "P1 home with support",
    "p2": "P2 rehabilitation bed",
    "p3": "P3 care home",
}
# estimate key (without ``discharge:`` and the pathway) -> (words, unit)
FIGURES = {
    "not_meeting_criteria": ("Patients no longer meeting the criteria to reside (OUH, a day)", "count"),
    "discharges_per_day": ("Their discharges a day (OUH)", "count"),
    "resident_share": ("Share of them who are Oxfordshire residents", "share"),
    "pathway_share": ("Share of their discharges by pathway", "share"),
    "delay_share": ("Share of the patients waiting, by the pathway they wait for", "share"),
    "downstream_los": ("Stay in the pathway's service (days)", "days"),
}
GROWTH_WORDS = {
    "demand": "keep pace with the do-nothing demand (as other settings' capacity does)",
    "fixed": "stay at today's, so growing demand waits in acute beds",
}
COLUMNS = ["Assumption", "Pathway", "Central", "80% range", "In a run", "Source"]
DRAWN = "drawn each iteration"
OFF = "central value (sampling switched off in this scenario)"
CALIBRATION = {
    "not_meeting_criteria": "fixed: calibration target (today's waits reproduced in every iteration)",
    "delay_share": "fixed: calibration target (today's waits reproduced in every iteration)",
    "discharges_per_day": "fixed at the central value: today's arrivals (range not drawn)",
    "resident_share": "fixed at the central value (range not drawn)",
}


@dataclass(frozen=True)
class Row:
    assumption: str
    pathway: str
    central: str
    range: str
    in_run: str
    source: str

    def cells(self) -> list[str]:
        return [self.assumption, self.pathway, self.central, self.range, self.in_run, self.source]


def number(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "share":
        return f"{value:.0%}" if round(value * 100, 6) == round(value * 100) else f"{value:.1%}"
    return f"{value:,.0f}" if unit == "days" or abs(value) >= 10 else f"{value:,.2f}"


def _range(low: float | None, high: float | None, unit: str) -> str:
    if low is None or high is None:
        return "fixed"
    if low == high:
        return f"{number(low, unit)} (fixed)"
    return f"{number(low, unit)} to {number(high, unit)}"


def _pack_use(key: str, name: str, ranged: bool, sampling: bool) -> str:
    """What a run does with the pack's figure ``key`` (see the module docs)."""
    if key in {k for keys in drawn_keys() for k in keys} and ranged:
        return DRAWN if sampling else OFF
    return CALIBRATION.get(name, "fixed at the central value" + (" (range not drawn)" if ranged else ""))


def pack_rows(estimates: dict[str, Any], sampling: bool = True) -> list[Row]:
    """One row per ``discharge:*`` figure of the pack (the activity flags aside), in ``FIGURES`` order;
    ``sampling``: the run's ``uncertainty.assumptions``."""
    rows = []
    for name, (words, unit) in FIGURES.items():
        for key, e in estimates.items():
            parts = key.split(":")
            if parts[0] != "discharge" or parts[1] != name:
                continue
            pathway = PATHWAY_WORDS.get(parts[2], parts[2]) if len(parts) > 2 else "all"
            kind = "Assumption" if e.source.assumption else "Published"
            rows.append(
                Row(
                    words,
                    pathway,
                    number(e.value, unit),
                    _range(e.low, e.high, unit),
                    _pack_use(key, name, None not in (e.low, e.high) and e.low != e.high, sampling),
                    f"{kind}: {e.source.citation}",
                )
            )
    return rows


def _uncertain(value: Any, unit: str, sampling: bool) -> tuple[str, str, str]:
    """(central, range, in a run) of a scenario value: a number, an interval or a triangular estimate;
    ``sampling``: the run's ``uncertainty.parameter_uncertainty``."""
    if not isinstance(value, dict):
        return number(float(value), unit), "fixed", "fixed"
    low, high = float(value["low"]), float(value["high"])
    central = value.get("mode", (low + high) / 2)
    use = "fixed" if low == high else DRAWN if sampling else OFF
    return number(float(central), unit), _range(low, high, unit), use


def scenario_rows(spec: dict[str, Any]) -> list[Row]:
    """The scenario's flow settings: how places grow and each discharge lever, with its range."""
    flow = spec.get("discharge") or {}
    sampling = bool((spec.get("uncertainty") or {}).get("parameter_uncertainty", True))
    growth = flow.get("capacity_growth", "demand")
    words = GROWTH_WORDS.get(growth, "")
    rows = [Row("Downstream places", "all", growth, words, "scenario setting", "Scenario")]
    for lever in flow.get("levers", []):
        if lever["kind"] == "add_capacity":
            what, value, unit = "places added at full effect", lever["places"], "count"
        else:
            what, value, unit = "change in the stay at full effect", lever["los_change"], "share"
        central, span, use = _uncertain(value, unit, sampling)
        years = f"{lever['start_year']}-{lever['full_effect_year']}"
        rows.append(
            Row(f"Lever: {lever['name']} ({what}, {years})", PATHWAY_WORDS.get(lever["pathway"], ""), central,
                span, use, "Scenario: " + (lever.get("note") or "no note"))
        )  # fmt: skip
    return rows


def trust_share_row(pack: Any) -> list[Row]:
    """``c``, OUH's share of residents' admissions and bed days (the pack's ``calibration`` table), which
    counts the delayed patients as residents delayed wherever they are (``model.discharge.trust_share``)."""
    cal = pack.published.calibration if pack.published is not None else None
    if cal is None or cal.empty:
        return []
    hit = cal[(cal["measure"] == "emergency admissions") & (cal["organisation"] == DELAYS_TRUST)]
    if hit.empty:
        return []
    r = hit.iloc[0]
    return [
        Row(
            "Share of residents' admissions and bed days at OUH (the delays, counted wherever residents are)",
            "all",
            number(float(r["trust_share"]), "share"),
            _range(float(r["trust_share_low"]), float(r["trust_share_high"]), "share"),
            "fixed at the central value (range not drawn)",
            "Assumption: careshift assumption (the pack's calibration table, as for today's beds)",
        )
    ]


def assumption_rows(spec: dict[str, Any]) -> list[Row]:
    """The pack's discharge figures then the scenario's flow settings; none when the pack has no flow."""
    sampling = bool((spec.get("uncertainty") or {}).get("assumptions", True))
    pack = engine.load_pack()
    found = pack_rows(pack.estimates, sampling)
    return [*found, *trust_share_row(pack), *scenario_rows(spec)] if found else []
