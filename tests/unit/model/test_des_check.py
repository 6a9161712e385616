"""The closed forms agree with a discrete-event simulation (simpy) within Monte Carlo error."""

from __future__ import annotations

import pytest

from careshift.model.capacity import erlang_b, probability_no_bed
from careshift.model.des_check import simulate_beds

SE_LIMIT = 4.0  # standard errors (batch means): a correct formula fails about 1 run in 15,000


@pytest.mark.parametrize(("load", "beds"), [(18.0, 22), (18.0, 18)])
def test_probability_no_bed_matches_simulation(load: float, beds: int) -> None:
    sim = simulate_beds(load, beds, lose_when_full=False, days=8_000, seed=11)
    assert abs(sim.value - probability_no_bed(load, beds)) < SE_LIMIT * sim.se + 0.002


def test_erlang_b_matches_simulation() -> None:
    sim = simulate_beds(18.0, 20, lose_when_full=True, days=8_000, seed=12)
    assert abs(sim.value - erlang_b(18.0, 20)) < SE_LIMIT * sim.se + 0.002


def test_the_check_can_fail() -> None:
    # the loss view and the no-bed view differ by far more than the simulation's error
    sim = simulate_beds(18.0, 18, lose_when_full=False, days=8_000, seed=13)
    assert abs(sim.value - erlang_b(18.0, 18)) > SE_LIMIT * sim.se
