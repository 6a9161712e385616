"""What drives the spread: rank correlations of inputs with results, against known answers."""

from __future__ import annotations

import numpy as np
import pytest

from careshift.datapack.loader import load_pack
from careshift.errors import ModelError
from careshift.model.montecarlo import run_params
from careshift.model.scenario import sample_scenarios
from careshift.model.sensitivity import Input, drivers, inputs, label, tornado


def test_a_measure_made_of_one_input_ranks_it_first_with_rho_one() -> None:
    rng = np.random.default_rng(4)
    x, z = rng.normal(size=500), rng.normal(size=500)
    found = [Input("a", "Input A", x), Input("b", "Input B", z)]
    table = drivers(found, {"cost": np.exp(x), "savings": -x + 0.01 * z})
    cost = table[table.measure == "cost"]
    assert list(cost["input"]) == ["a", "b"]
    assert cost["rho"].iloc[0] == pytest.approx(1.0)  # monotone: rank correlation exactly 1
    assert abs(cost["rho"].iloc[1]) < 0.1
    assert table[table.measure == "savings"]["rho"].iloc[0] < -0.99


def test_a_measure_without_spread_has_no_drivers_and_too_few_runs_are_refused() -> None:
    x = np.arange(50.0)
    assert drivers([Input("a", "A", x)], {"savings": np.zeros(50)}).empty
    with pytest.raises(ModelError, match="too few"):
        drivers([Input("a", "A", x[:5])], {"cost": x[:5]})


def test_labels_are_words() -> None:
    pack = load_pack()
    assert label("levers:Virtual wards:value", pack) == "Virtual wards: size"
    assert label("non_demographic_growth:*", pack) == "Non-demographic growth, every activity"
    assert label("assumptions:hospital_prices", pack).startswith("Hospital prices")
    assert label("assumptions:rates:unplanned_admission", pack).startswith("Activity rate: ")


def test_the_sample_scenarios_drivers_are_its_own_inputs() -> None:
    pack = load_pack()
    scenario = sample_scenarios()["care-closer-to-home"]
    params = run_params(scenario, pack, 300, 5)
    found = inputs(scenario, pack, params)
    names = {i.name for i in found}
    assert {f"levers:{lv.name}:value" for lv in scenario.levers} <= names
    assert len(names) == len(found)  # a shared stream is one input
    table = tornado(scenario, pack, 300, 5, 2040)
    assert set(table["measure"]) == {"cost", "savings", "acute_beds"}
    assert table["rho"].abs().max() <= 1.0
    # savings are avoided hospital activity times its price: prices and the levers' sizes drive them
    savings = table[table.measure == "savings"]
    assert sum(name.startswith("levers:") for name in savings["input"].iloc[:5]) >= 2
    assert table[table.measure == "cost"]["input"].iloc[0] == "assumptions:hospital_prices"


def test_doing_nothing_has_no_savings_to_explain() -> None:
    pack = load_pack()
    table = tornado(sample_scenarios()["do-nothing"], pack, 100, 5, 2040)
    assert "savings" not in set(table["measure"]) and "cost" in set(table["measure"])
