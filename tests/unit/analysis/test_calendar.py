"""The engagement calendar's rules on small hand-made windows and on the shipped Oxfordshire tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careshift.analysis import calendar as cal
from careshift.analysis.calendar import Plan, PlanKind, Severity, Window, WindowKind
from careshift.errors import ValidationError

DATA = Path(__file__).parents[3] / "src/careshift/apps/engagement/calendar_data"
PURDAH = Window(
    date(2026, 3, 26), date(2026, 5, 7), WindowKind.PRE_ELECTION, "Oxford election", frozenset({"Oxford"})
)
SUMMER = Window(date(2026, 7, 22), date(2026, 9, 2), WindowKind.SCHOOL_HOLIDAY, "summer holiday")
BANK = Window(date(2026, 5, 25), date(2026, 5, 25), WindowKind.BANK_HOLIDAY, "Spring bank holiday")
WINDOWS = [PURDAH, SUMMER, BANK]


def consultation(start: date, end: date, *areas: str) -> Plan:
    return Plan(PlanKind.CONSULTATION, start, end, frozenset(areas))


def test_launch_inside_pre_election_period_is_blocked() -> None:
    conflicts = cal.check(consultation(date(2026, 4, 1), date(2026, 6, 1), "Oxford"), WINDOWS)
    assert conflicts[0].severity is Severity.BLOCK
    assert "no new consultation" in conflicts[0].message


def test_window_in_another_area_does_not_apply_but_county_wide_plan_meets_it() -> None:
    assert cal.check(consultation(date(2026, 4, 1), date(2026, 5, 20), "Cherwell"), WINDOWS) == []
    assert cal.is_blocked(cal.check(consultation(date(2026, 4, 1), date(2026, 5, 20)), WINDOWS))


def test_running_across_pre_election_warns_and_needs_extension_by_the_overlap() -> None:
    plan = consultation(date(2026, 3, 1), date(2026, 4, 30), "Oxford")
    conflicts = cal.check(plan, WINDOWS)
    assert [c.severity for c in conflicts] == [Severity.WARN]
    assert conflicts[0].extension_days == (date(2026, 4, 30) - date(2026, 3, 26)).days + 1
    # Extended by those days, it now runs across the rest of the period too: the whole period is added.
    assert cal.extension_needed(plan, WINDOWS) == PURDAH.days


def test_extension_repeats_when_it_reaches_another_window() -> None:
    # Runs into the start of the summer holiday: the extension itself crosses more holiday days.
    plan = consultation(date(2026, 6, 1), date(2026, 7, 25))
    assert cal.extension_needed(plan, WINDOWS) == (SUMMER.end - SUMMER.start).days + 1


def test_publicity_on_a_bank_holiday_warns_and_in_pre_election_is_blocked() -> None:
    bank = cal.check(Plan(PlanKind.PUBLICITY, BANK.start, BANK.start), WINDOWS)
    assert [c.severity for c in bank] == [Severity.WARN]
    purdah = cal.check(
        Plan(PlanKind.PUBLICITY, date(2026, 4, 2), date(2026, 4, 2), frozenset({"Oxford"})), WINDOWS
    )
    assert purdah[0].severity is Severity.BLOCK


def test_next_valid_start_skips_the_window_and_keeps_the_length() -> None:
    plan = consultation(date(2026, 4, 1), date(2026, 4, 14), "Oxford")
    start = cal.next_valid_start(plan, WINDOWS)
    assert start == date(2026, 5, 8)
    assert cal.check(plan.moved_to(start), WINDOWS) == []


def test_assess_names_conflicts_proposal_and_extension() -> None:
    result = cal.assess(consultation(date(2026, 4, 1), date(2026, 6, 1), "Oxford"), WINDOWS)
    assert result.blocked and result.proposed_start == date(2026, 5, 8)


def test_bad_plan_dates_are_refused_with_a_field() -> None:
    with pytest.raises(ValidationError) as err:
        consultation(date(2026, 5, 1), date(2026, 4, 1))
    assert "end" in err.value.fields


def test_shipped_tables_load() -> None:
    holidays = cal.school_holidays(DATA / "oxfordshire_school_term_dates_2024_2028.csv")
    banks = cal.bank_holidays(DATA / "england_bank_holidays_2015_2035_from_holidays_pkg.csv")
    general = cal.general_elections(DATA / "uk_general_election_dates_1929_2024.csv")
    local = cal.local_elections(DATA / "local_election_windows_oxfordshire.csv")
    assert any(w.start == date(2024, 10, 28) for w in holidays)
    assert any(w.label == "Christmas Day" and w.start == date(2030, 12, 25) for w in banks)
    assert general[-1].end == date(2024, 7, 4)
    assert any("Oxford" in w.areas for w in local)
    plan = consultation(date(2024, 6, 3), date(2024, 6, 30))
    assert cal.is_blocked(cal.check(plan, general))


def test_bad_date_in_a_table_names_file_and_row(tmp_path: Path) -> None:
    bad = tmp_path / "bank.csv"
    bad.write_text("date,name\n2026-13-01,Nonsense\n")
    with pytest.raises(ValidationError, match=r"bank\.csv row 2"):
        cal.bank_holidays(bad)


@given(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.integers(1, 120))
def test_proposed_start_is_never_blocked(start: date, length: int) -> None:
    plan = consultation(start, date.fromordinal(start.toordinal() + length - 1), "Oxford")
    proposed = cal.next_valid_start(plan, WINDOWS)
    assert proposed is not None and proposed >= start
    assert not cal.is_blocked(cal.check(plan.moved_to(proposed), WINDOWS))
