"""The CIP/QIPP savings ledger: monthly plan and actuals, year to date, outturn, risk adjustment, roll-ups.

NHS financial years run April to March; ``financial_year(date)`` names one by the calendar year it starts
in (2025 is April 2025 to March 2026). Months are the first day of the month.

Definitions (as in NHS CIP/QIPP trackers):

- **Year-to-date (YTD) plan / actual**: the sum of the line's monthly plan / actuals from April to the
  reporting month inclusive; **variance** = actual - plan (negative is behind plan).
- **Forecast outturn**: YTD actual plus the plan for the months still to come in the year (months already
  past with no actual recorded count as nothing delivered).
- **Next-year plan**: the plan for the following financial year.
- **Risk-adjusted value** = the year's plan x the weight of the scheme's lifecycle stage. The default
  weights (:data:`DEFAULT_STAGE_WEIGHTS`) follow the common practice of weighting schemes by maturity:
  an idea is unlikely to deliver in full, a scheme in delivery nearly certain to. Each programme can set
  its own weight on each stage.
- **Unidentified gap** = the system savings target minus the savings identified (planned) for the year.
  A negative gap means more is identified than the target.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date

DEFAULT_STAGE_WEIGHTS: dict[str, float] = {
    "idea": 0.10,
    "pid": 0.25,
    "impact_assessed": 0.50,
    "business_case": 0.75,
    "delivering": 0.90,
    "delivered": 1.00,
}


def financial_year(day: date) -> int:
    """The NHS financial year containing ``day``, named by the calendar year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def fy_months(year: int) -> list[date]:
    """The twelve months of financial year ``year``, April first."""
    return [date(year + (m < 4), m, 1) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]


def month_of(day: date) -> date:
    return day.replace(day=1)


def fy_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class Line:
    """One savings line: its monthly plan and recorded actuals, and the weight of its scheme's stage."""

    plan: Mapping[date, float] = field(default_factory=dict)
    actual: Mapping[date, float] = field(default_factory=dict)
    stage_weight: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.stage_weight <= 1.0:
            raise ValueError(f"A stage weight is a share between 0 and 1, not {self.stage_weight}")


@dataclass(frozen=True)
class Totals:
    """A ledger's figures for one financial year at one reporting month; they add up across lines."""

    plan_year: float = 0.0
    plan_ytd: float = 0.0
    actual_ytd: float = 0.0
    forecast_outturn: float = 0.0
    risk_adjusted: float = 0.0
    next_year_plan: float = 0.0

    @property
    def variance_ytd(self) -> float:
        return self.actual_ytd - self.plan_ytd

    def __add__(self, other: Totals) -> Totals:
        return Totals(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Totals)))


def _sum(values: Mapping[date, float], months: Iterable[date]) -> float:
    return float(sum(values.get(m, 0.0) for m in months))


def line_totals(line: Line, year: int, as_of: date) -> Totals:
    """The line's figures for financial year ``year``, reported at month ``as_of``."""
    months = fy_months(year)
    elapsed = [m for m in months if m <= month_of(as_of)]
    to_come = [m for m in months if m > month_of(as_of)]
    plan_year = _sum(line.plan, months)
    actual_ytd = _sum(line.actual, elapsed)
    return Totals(
        plan_year=plan_year,
        plan_ytd=_sum(line.plan, elapsed),
        actual_ytd=actual_ytd,
        forecast_outturn=actual_ytd + _sum(line.plan, to_come),
        risk_adjusted=plan_year * line.stage_weight,
        next_year_plan=_sum(line.plan, fy_months(year + 1)),
    )


def rollup(totals: Iterable[Totals]) -> Totals:
    """The sum of several lines' (or projects', or workstreams') totals."""
    result = Totals()
    for item in totals:
        result = result + item
    return result


def unidentified_gap(target: float, identified: float) -> float:
    """Target minus identified savings (negative: more identified than the target)."""
    return target - identified


@dataclass(frozen=True)
class TrajectoryPoint:
    month: date
    target: float  # cumulative target to this month (the year's target spread evenly)
    planned: float  # cumulative identified plan
    risk_adjusted: float  # cumulative risk-adjusted plan
    actual: float | None  # cumulative actuals (None after the reporting month)

    @property
    def gap(self) -> float:
        return unidentified_gap(self.target, self.planned)


def gap_trajectory(lines: Iterable[Line], target: float, year: int, as_of: date) -> list[TrajectoryPoint]:
    """Month by month through the year: cumulative target, identified plan, risk-adjusted plan, actuals."""
    lines = list(lines)
    points: list[TrajectoryPoint] = []
    cum = {"plan": 0.0, "risk": 0.0, "actual": 0.0}
    for k, month in enumerate(fy_months(year), start=1):
        cum["plan"] += sum(line.plan.get(month, 0.0) for line in lines)
        cum["risk"] += sum(line.plan.get(month, 0.0) * line.stage_weight for line in lines)
        cum["actual"] += sum(line.actual.get(month, 0.0) for line in lines)
        actual = cum["actual"] if month <= month_of(as_of) else None
        points.append(TrajectoryPoint(month, target * k / 12, cum["plan"], cum["risk"], actual))
    return points


def phase_evenly(total: float, year: int) -> dict[date, float]:
    """A year's total spread over its twelve months (the last month takes the rounding)."""
    months = fy_months(year)
    each = round(total / 12, 2)
    phased = {m: each for m in months[:-1]}
    phased[months[-1]] = round(total - each * 11, 2)
    return phased
