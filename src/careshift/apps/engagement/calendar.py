"""The engagement calendar on the site: the shipped tables plus configured election windows."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from careshift.analysis import calendar as cal
from careshift.analysis.calendar import Assessment, Plan, PlanKind, Window

DATA = Path(__file__).parent / "calendar_data"
BANK_SOURCE = "PyPI holidays 0.109, country_holidays('GB', subdiv='ENG')"
ELECTION_SOURCE = "House of Commons Library, clmnis get_general_elections"


@lru_cache(maxsize=1)
def shipped_windows() -> tuple[Window, ...]:
    return (
        *cal.school_holidays(DATA / "oxfordshire_school_term_dates_2024_2028.csv"),
        *cal.bank_holidays(DATA / "england_bank_holidays_2015_2035_from_holidays_pkg.csv", BANK_SOURCE),
        *cal.general_elections(DATA / "uk_general_election_dates_1929_2024.csv", ELECTION_SOURCE),
        *cal.local_elections(DATA / "local_election_windows_oxfordshire.csv"),
    )


def areas_of(text: str) -> frozenset[str]:
    return frozenset(a.strip() for a in text.split(";") if a.strip())


def windows() -> list[Window]:
    from careshift.apps.engagement.models import ElectionWindow

    configured = [
        Window(
            w.start,
            w.polling_day,
            cal.WindowKind.PRE_ELECTION,
            f"pre-election period for the {w.body} election",
            areas_of(w.areas),
            w.source,
        )
        for w in ElectionWindow.objects.all()
    ]
    return [*shipped_windows(), *configured]


def assess(kind: str, start: date, end: date, areas: str = "") -> Assessment:
    return cal.assess(Plan(PlanKind(kind), start, end, areas_of(areas)), windows())


def upcoming(start: date, end: date) -> list[Window]:
    return sorted((w for w in windows() if w.end >= start and w.start <= end), key=lambda w: w.start)
