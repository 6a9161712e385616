"""Fixtures for engine tests: a synthetic pack and a hand-computable tiny pack (no Django)."""

from __future__ import annotations

import numpy as np
import pytest

from careshift.datapack.pack import AGE_BANDS, Activity, DataPack, Setting
from careshift.datapack.synthetic import make_pack


@pytest.fixture(scope="session")
def small_pack() -> DataPack:
    """A SYNTHETIC pack with three localities (fast)."""
    return make_pack(n_areas=210, n_systems=1, seed=3)


def tiny_pack() -> DataPack:
    """One locality, 1,000 women aged 70-74 in 2024 and 1,100 in 2025; two bed activities and one
    contact activity. Admissions: 0.1 per head, 5 days each; virtual ward: 0.01 per head, 2 days each;
    home care: 2 hours per head."""
    n_age = len(AGE_BANDS)
    pop = np.zeros((1, 2, 1, n_age, 2))
    pop[0, 0, 0, 14, 0], pop[0, 1, 0, 14, 0] = 1000.0, 1100.0
    rates = np.zeros((3, 1, n_age, 2))
    rates[0], rates[1], rates[2] = 0.1, 0.01, 2.0
    los = np.zeros((3, 1, n_age, 2))
    los[0], los[1] = 5.0, 2.0
    return DataPack(
        name="tiny",
        version="1",
        base_year=2024,
        years=(2024, 2025),
        variants=("principal",),
        variant_labels=("Principal",),
        localities=("only",),
        locality_names=("Only",),
        activities=(
            Activity("admission", "Admission", "acute", "admissions", "acute"),
            Activity("vw", "Virtual ward", "virtual_ward", "admissions", "community"),
            Activity("home_care", "Home care", "home_care", "hours", "social_care"),
        ),
        settings=(
            Setting("acute", "Acute", "beds", 0.9),
            Setting("virtual_ward", "VW", "beds", 0.8),
            Setting("home_care", "Home care", "contacts", 1.0),
        ),
        staff_groups=("nursing",),
        population=pop,
        rates=rates,
        los=los,
        unit_cost=np.array([1000.0, 300.0, 30.0]),
        bed_day_cost=np.array([400.0, 100.0, 0.0]),
        wte_per_capacity=np.array([[2.0], [1.0], [0.5]]),
        cost_per_wte=np.array([50_000.0]),
    )


@pytest.fixture
def tiny() -> DataPack:
    return tiny_pack()
