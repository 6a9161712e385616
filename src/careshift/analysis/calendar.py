"""The engagement calendar: when a consultation may launch and when publicity may go out.

Pure rules, no Django. A :class:`Window` is a dated period with a :class:`WindowKind` (a pre-election
period, a school holiday, a bank holiday) and the areas it covers; a :class:`Plan` is a consultation
(a launch and a closing date) or a piece of publicity (one day or a few). :func:`check` lists every
:class:`Conflict` between a plan and the windows, each with a :class:`Severity`:

- **pre-election period** (general or local): no new consultation may be launched and no publicity
  issued, so a launch or publicity inside one is *blocked*; a consultation that merely runs across one
  is *warned*, and must be extended by the days it could not be promoted
  (Cabinet Office, *General election guidance*, 2024; NHS England, *Purdah / pre-election period
  guidance*; LGA, *A short guide to publicity during the pre-election period*, 2024);
- **school holiday**: a consultation running across one reaches fewer parents and carers, so it is
  *warned* and (for holidays of a week or more) extended by the overlap (Cabinet Office,
  *Consultation principles*, 2018: "consider longer periods where a consultation spans a holiday");
- **bank holiday**: publicity or a launch on one is *warned*.

:func:`next_valid_start` proposes the first start date from which a plan of the same length meets no
blocking conflict (and, when it can find one in the horizon, no warning either), and
:func:`extension_needed` the days a consultation must be extended for the windows it runs across.
"""

from __future__ import annotations

import csv
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from careshift.errors import ValidationError

HORIZON_DAYS = 730
LONG_HOLIDAY_DAYS = 7


class WindowKind(enum.StrEnum):
    PRE_ELECTION = "pre_election"
    SCHOOL_HOLIDAY = "school_holiday"
    BANK_HOLIDAY = "bank_holiday"


class PlanKind(enum.StrEnum):
    CONSULTATION = "consultation"
    PUBLICITY = "publicity"


class Severity(enum.StrEnum):
    BLOCK = "block"
    WARN = "warn"


@dataclass(frozen=True)
class Window:
    """A dated period (both ends inclusive). ``areas`` empty means everywhere."""

    start: date
    end: date
    kind: WindowKind
    label: str
    areas: frozenset[str] = frozenset()
    source: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"Window {self.label!r} ends ({self.end}) before it starts ({self.start}).",
                hint="Swap the dates or correct the end date.",
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlap_days(self, start: date, end: date) -> int:
        first, last = max(self.start, start), min(self.end, end)
        return max(0, (last - first).days + 1)

    def applies_to(self, areas: frozenset[str]) -> bool:
        """A plan with no areas is county-wide: every window touches it."""
        return not self.areas or not areas or bool(self.areas & areas)


@dataclass(frozen=True)
class Plan:
    """A consultation (``start`` = launch, ``end`` = close) or publicity (``end`` = ``start`` for one day)."""

    kind: PlanKind
    start: date
    end: date
    areas: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"The plan closes ({self.end}) before it opens ({self.start}).",
                hint="Set a closing date on or after the opening date.",
                fields={"end": "Must be on or after the start date."},
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def moved_to(self, start: date) -> Plan:
        return replace(self, start=start, end=start + timedelta(days=self.days - 1))


@dataclass(frozen=True)
class Conflict:
    window: Window
    severity: Severity
    message: str
    extension_days: int = 0


def _consultation_conflict(plan: Plan, window: Window) -> Conflict | None:
    overlap = window.overlap_days(plan.start, plan.end)
    if not overlap:
        return None
    if window.kind is WindowKind.PRE_ELECTION:
        if window.covers(plan.start):
            return Conflict(
                window,
                Severity.BLOCK,
                f"Launch on {plan.start} falls in the {window.label} "
                f"({window.start} to {window.end}): no new consultation may start then.",
            )
        return Conflict(
            window,
            Severity.WARN,
            f"Runs across the {window.label} ({window.start} to "
            f"{window.end}) when it may not be promoted: extend it by {overlap} days.",
            overlap,
        )
    if window.kind is WindowKind.SCHOOL_HOLIDAY:
        extend = overlap if window.days >= LONG_HOLIDAY_DAYS else 0
        tail = f": extend it by {extend} days." if extend else "."
        return Conflict(
            window,
            Severity.WARN,
            f"Runs across {window.label} ({window.start} to "
            f"{window.end}), when parents and carers are harder to reach{tail}",
            extend,
        )
    if window.covers(plan.start):
        return Conflict(window, Severity.WARN, f"Launch on {plan.start} is a bank holiday ({window.label}).")
    return None


def _publicity_conflict(plan: Plan, window: Window) -> Conflict | None:
    if not window.overlap_days(plan.start, plan.end):
        return None
    if window.kind is WindowKind.PRE_ELECTION:
        return Conflict(
            window,
            Severity.BLOCK,
            f"Publicity from {plan.start} to {plan.end} falls in the "
            f"{window.label} ({window.start} to {window.end}), when none may be issued.",
        )
    where = "a bank holiday" if window.kind is WindowKind.BANK_HOLIDAY else "a school holiday"
    return Conflict(window, Severity.WARN, f"Publicity on {where} ({window.label}) reaches fewer people.")


def check(plan: Plan, windows: Iterable[Window]) -> list[Conflict]:
    """Every conflict between ``plan`` and the windows that apply to its areas, blocking ones first."""
    rule = _consultation_conflict if plan.kind is PlanKind.CONSULTATION else _publicity_conflict
    found = [c for w in windows if w.applies_to(plan.areas) and (c := rule(plan, w)) is not None]
    return sorted(found, key=lambda c: (c.severity is not Severity.BLOCK, c.window.start))


def is_blocked(conflicts: Sequence[Conflict]) -> bool:
    return any(c.severity is Severity.BLOCK for c in conflicts)


def extension_needed(plan: Plan, windows: Sequence[Window]) -> int:
    """Days to add to a consultation's end for the windows it runs across (repeated until stable, since
    the extended period may itself reach another window)."""
    if plan.kind is not PlanKind.CONSULTATION:
        return 0
    extended = plan
    for _ in range(20):
        total = sum(c.extension_days for c in check(extended, windows))
        candidate = replace(plan, end=plan.end + timedelta(days=total))
        if candidate == extended:
            return total
        extended = candidate
    return (extended.end - plan.end).days


def next_valid_start(
    plan: Plan, windows: Sequence[Window], *, earliest: date | None = None, horizon_days: int = HORIZON_DAYS
) -> date | None:
    """The first start on or after ``earliest`` (default the plan's start) from which the plan, moved
    there with its length kept, meets no conflict at all; failing that, the first with no blocking
    conflict; None when neither exists within the horizon."""
    first = earliest or plan.start
    unblocked: date | None = None
    for offset in range(horizon_days + 1):
        day = first + timedelta(days=offset)
        conflicts = check(plan.moved_to(day), windows)
        if not conflicts:
            return day
        if unblocked is None and not is_blocked(conflicts):
            unblocked = day
    return unblocked


@dataclass(frozen=True)
class Assessment:
    """What the calendar says about one plan: its conflicts, a proposed start and the extension."""

    plan: Plan
    conflicts: list[Conflict] = field(default_factory=list)
    proposed_start: date | None = None
    extension_days: int = 0

    @property
    def blocked(self) -> bool:
        return is_blocked(self.conflicts)


def assess(plan: Plan, windows: Sequence[Window]) -> Assessment:
    conflicts = check(plan, windows)
    proposed = next_valid_start(plan, windows) if conflicts else plan.start
    return Assessment(plan, conflicts, proposed, extension_needed(plan, windows))


# --- loading the shipped tables ---------------------------------------------------------------------


def _date(value: str, path: Path, row: int, column: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(
            f"{path.name} row {row}: {column} {value!r} is not a date.", hint="Write dates as YYYY-MM-DD."
        ) from None


def _rows(path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from enumerate(csv.DictReader(handle), start=2)


def school_holidays(path: Path) -> list[Window]:
    """Holidays from a term-dates table (``period_type`` = holiday; columns as the Oxfordshire file)."""
    return [
        Window(
            _date(r["start_date"], path, i, "start_date"),
            _date(r["end_date"], path, i, "end_date"),
            WindowKind.SCHOOL_HOLIDAY,
            f"{r['label']} {r['academic_year']}",
            source=r.get("source_url", ""),
        )
        for i, r in _rows(path)
        if r["period_type"].strip() == "holiday"
    ]


def bank_holidays(path: Path, source: str = "") -> list[Window]:
    """One-day windows from a ``date,name`` table."""
    return [
        Window(d := _date(r["date"], path, i, "date"), d, WindowKind.BANK_HOLIDAY, r["name"], source=source)
        for i, r in _rows(path)
    ]


def general_elections(path: Path, source: str = "") -> list[Window]:
    """Pre-election periods from dissolution to polling day (columns
    ``election,dissolution_date,polling_date``)."""
    return [
        Window(
            _date(r["dissolution_date"], path, i, "dissolution_date"),
            _date(r["polling_date"], path, i, "polling_date"),
            WindowKind.PRE_ELECTION,
            f"pre-election period for the {r['election']} general election",
            source=source,
        )
        for i, r in _rows(path)
    ]


def local_elections(path: Path) -> list[Window]:
    """Configurable local pre-election periods (columns ``start,polling_day,body,areas,source``; areas
    separated by ``;``, empty for the whole county)."""
    return [
        Window(
            _date(r["start"], path, i, "start"),
            _date(r["polling_day"], path, i, "polling_day"),
            WindowKind.PRE_ELECTION,
            f"pre-election period for the {r['body']} election",
            frozenset(a.strip() for a in r["areas"].split(";") if a.strip()),
            r.get("source", ""),
        )
        for i, r in _rows(path)
    ]
