"""Keyed random streams: common random numbers across scenarios (``careshift.model.montecarlo``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careshift.datapack.pack import DataPack
from careshift.model.assumptions import CORRELATED
from careshift.model.montecarlo import run_params, standard_normals, stream_key
from careshift.model.pipeline import build_context, run_chunk
from careshift.model.scenario import Scenario, sample_scenarios

EXTRA = {
    "name": "Extra lever",
    "kind": "avoid",
    "cohort": {"activities": ["elective_admission"]},
    "share": {"low": 0.1, "high": 0.3},
    "start_year": 2030,
    "full_effect_year": 2032,
}


@pytest.fixture(scope="module")
def oxon() -> DataPack:
    from careshift.datapack import load_pack

    return load_pack()


@pytest.fixture(scope="module")
def samples() -> dict[str, Scenario]:
    return sample_scenarios()


def test_stream_keys_are_stable_across_processes() -> None:
    # BLAKE2b, not Python's salted hash: the same name gives the same stream in every process.
    assert stream_key("levers:Virtual wards:value") == (3624677198, 2832761634, 383645487, 3436516222)
    assert stream_key("a") != stream_key("b")


@settings(max_examples=10, deadline=None)
@given(n=st.integers(1, 3000), m=st.integers(1, 3000))
def test_first_draws_do_not_depend_on_the_total(n: int, m: int) -> None:
    k = min(n, m)
    assert np.array_equal(standard_normals(7, "x", n)[:k], standard_normals(7, "x", m)[:k])


def test_adding_a_lever_moves_no_other_draw(oxon: DataPack, samples: dict[str, Scenario]) -> None:
    closer = samples["care-closer-to-home"]
    levers = [EXTRA, *closer.model_dump(mode="json")["levers"]]
    more = closer.override(levers=levers)
    a, b = run_params(closer, oxon, 1500, seed=3), run_params(more, oxon, 1500, seed=3)
    for name in ("variant", "growth", "rate", "los", "unit_cost", "bed_day_cost"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert np.array_equal(a.lever_value, b.lever_value[:, 1:])
    assert np.array_equal(a.lever_conversion, b.lever_conversion[:, 1:])
    assert not np.array_equal(b.lever_value[:, 0], a.lever_value[:, 0])


def test_star_growth_is_one_draw_for_every_unlisted_activity(oxon: DataPack, samples) -> None:  # type: ignore[no-untyped-def]
    closer = samples["care-closer-to-home"]
    listed = closer.override(non_demographic_growth={"*": {"low": 0, "high": 0.01}, "gp_appointment": 0.02})
    params = run_params(listed, oxon, 200, seed=1)
    gp = oxon.activity_index("gp_appointment")
    others = np.delete(params.growth, gp, axis=1)
    assert (others == others[:, :1]).all() and others[1:, 0].std() > 0
    assert (params.growth[:, gp] == 0.02).all()


def test_correlated_estimates_share_one_draw(oxon: DataPack, samples) -> None:  # type: ignore[no-untyped-def]
    params = run_params(samples["do-nothing"], oxon, 500, seed=2)
    group = next(g for g in CORRELATED if g.name == "hospital_prices")
    units = [oxon.activity_index(k.split(":")[1]) for k in group.members if k.startswith("unit_costs:")]
    ranks = np.argsort(np.argsort(params.unit_cost[1:, units], axis=0), axis=0)
    assert (ranks == ranks[:, :1]).all()
    community = oxon.activity_index("community_nursing_contact")
    assert not np.array_equal(
        np.argsort(params.unit_cost[1:, community]), np.argsort(params.unit_cost[1:, units[0]])
    )


def test_run_zero_is_central_and_apart(oxon: DataPack, samples) -> None:  # type: ignore[no-untyped-def]
    params = run_params(samples["care-closer-to-home"], oxon, 5, seed=4)
    assert len(params) == 6 and len(params.ensemble) == 5
    assert (params.rate[0] == 1).all() and (params.unit_cost[0] == 1).all()
    assert params.lever_value[0].tolist() == pytest.approx([0.05, 0.085, 0.04, 0.05, 0.035, -0.1])


def test_same_seed_scenarios_agree_exactly_before_any_lever(oxon: DataPack, samples) -> None:  # type: ignore[no-untyped-def]
    first = min(lv.start_year for lv in samples["care-closer-to-home"].levers)
    out = {}
    for slug in ("do-nothing", "care-closer-to-home"):
        ctx = build_context(samples[slug], oxon)
        out[slug] = run_chunk(ctx, run_params(samples[slug], oxon, 300, seed=2026).ensemble)
    before = [k for k, y in enumerate(ctx.years) if y < first]
    a, b = out["do-nothing"], out["care-closer-to-home"]
    assert before and np.array_equal(a.cost[before], b.cost[before])
    assert np.array_equal(a.activity[:, before], b.activity[:, before])
    assert np.array_equal(a.bed_days[:, before], b.bed_days[:, before])
    last = len(ctx.years) - 1
    assert not np.array_equal(a.cost[last], b.cost[last])
