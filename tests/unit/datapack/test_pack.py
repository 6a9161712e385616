"""The shipped Oxfordshire pack: loads, shapes and axis order, totals, sources and assumption ranges."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careshift.datapack import AGE_BANDS, SEXES, DataPack, load_pack
from careshift.datapack.loader import SHIPPED_PACK
from careshift.datapack.manifest import read_manifest
from careshift.datapack.places import (
    load_boundaries,
    load_places,
    population_by_locality,
    small_area_projection,
)

from .conftest import SOURCE, needs_source

LOCALITIES = ("north", "north_east", "city", "west", "south_west", "south_east")


def test_shipped_pack_loads_and_is_cached(pack: DataPack) -> None:
    assert load_pack() is pack
    assert load_pack(SHIPPED_PACK) is pack
    assert pack.name == "oxfordshire"
    assert pack.base_year == 2023
    assert pack.years == tuple(range(2023, 2041))


def test_shapes_follow_the_documented_axis_order(pack: DataPack) -> None:
    n_v, n_y, n_l = len(pack.variants), len(pack.years), len(pack.localities)
    n_a, n_s, n_st = len(pack.activities), len(pack.settings), len(pack.staff_groups)
    assert pack.population.shape == (n_v, n_y, n_l, len(AGE_BANDS), len(SEXES))
    assert pack.rates.shape == pack.los.shape == (n_a, n_l, len(AGE_BANDS), len(SEXES))
    assert pack.unit_cost.shape == (n_a,)
    assert pack.bed_day_cost.shape == (n_s,)
    assert pack.wte_per_capacity.shape == (n_s, n_st)
    assert pack.cost_per_wte.shape == (n_st,)
    assert pack.housing_growth is not None and pack.housing_growth.shape == (n_y, n_l)
    assert pack.localities == LOCALITIES
    assert pack.variants[0] == "v1" and pack.variant_labels[0].startswith("Principal (ONS 2022-based")


def test_axis_values_land_where_documented(pack: DataPack) -> None:
    """Children have (assumed, calibrated) acute rates, infants more than school ages; the oldest band
    has more unplanned admissions than the young adults."""
    ua = pack.activity_index("unplanned_admission")
    city = pack.locality_index("city")
    assert (pack.rates[ua, city, :3] > 0).all()  # 0-4, 5-9, 10-14
    assert pack.rates[ua, city, 0, 0] > pack.rates[ua, city, 1, 0]
    assert pack.rates[ua, city, -1, 0] > pack.rates[ua, city, 5, 0]  # 90+ vs 25-29, female
    assert pack.los[ua, city, -1, 1] > 0
    assert pack.los[pack.activity_index("ae_walkin")].sum() == 0


def test_no_negative_or_missing_values(pack: DataPack) -> None:
    for name in (
        "population",
        "rates",
        "los",
        "unit_cost",
        "bed_day_cost",
        "wte_per_capacity",
        "cost_per_wte",
    ):
        array = getattr(pack, name)
        assert np.isfinite(array).all(), name
        assert (array >= 0).all(), name


def test_every_activity_has_a_known_setting_and_bed_settings_have_stays(pack: DataPack) -> None:
    setting = pack.activity_setting()
    for i, activity in enumerate(pack.activities):
        kind = pack.settings[setting[i]].capacity_kind
        assert (pack.los[i].sum() > 0) == (kind == "beds"), activity.code


@needs_source
def test_base_year_county_total_matches_the_mye() -> None:
    mye = pd.read_csv(
        SOURCE / "population_mye_2000_2023_sya_sex_oxon_lads_icb_england.csv", dtype={"age": str}
    )
    county = mye[(mye["area_code"] == "E10000025") & (mye["year"] == 2023)]
    expected = county["female"].sum() + county["male"].sum()
    assert load_pack().population[0, 0].sum() == pytest.approx(expected, abs=10)  # district sums differ by 5


def test_locality_populations_sum_to_the_county_in_every_variant_and_year(pack: DataPack) -> None:
    totals = pack.population.sum(axis=(2, 3, 4))
    assert np.allclose(totals[:, 0], totals[0, 0], rtol=1e-6)  # variants agree in the base year
    by_locality = pack.population.sum(axis=(3, 4)).sum(axis=2)
    assert np.allclose(by_locality, totals)


def test_small_areas_add_up_to_their_localities() -> None:
    places, _ = load_places()
    small = places[places["kind"] == "small_area"]
    by_locality = small.groupby("locality")["population"].sum()
    localities = places[places["kind"] == "locality"].set_index("code")["population"]
    assert np.allclose(by_locality.reindex(localities.index), localities, rtol=1e-5)


def test_small_area_projection_adds_up_to_the_localities() -> None:
    small = small_area_projection().groupby(["year", "locality"])[["female", "male"]].sum()
    loc = population_by_locality().set_index(["year", "locality", "age_band"]).groupby(level=[0, 1]).sum()
    assert np.allclose(small.reindex(loc.index), loc, rtol=1e-5)


def test_every_table_names_a_source() -> None:
    manifest = read_manifest(SHIPPED_PACK)
    for table in manifest.tables:
        assert table.source.citation, table.name
        assert not table.source.assumption or table.source.basis, table.name


def test_every_assumption_has_a_range_containing_its_value(pack: DataPack) -> None:
    assumed = {k: e for k, e in pack.estimates.items() if e.source.assumption}
    assert len(assumed) >= 40
    for key, estimate in assumed.items():
        assert estimate.low is not None and estimate.high is not None, key
        assert estimate.low <= estimate.value <= estimate.high, key
        assert estimate.source.basis, key


def test_assumed_activities_are_labelled(pack: DataPack) -> None:
    public = {a.code for a in pack.activities if a.group == "acute"} - {"ae_minor_injury"}
    for activity in pack.activities:
        assert activity.source.assumption == (activity.code not in public), activity.code
        if activity.source.assumption and activity.group != "acute":
            assert f"rates:{activity.code}" in pack.estimates


def test_boundaries_and_places_for_the_web_pages() -> None:
    small = load_boundaries("small_area")
    assert len(small["features"]) == 428
    props = small["features"][0]["properties"]
    assert {"code", "name", "locality", "population", "imd_decile"} <= set(props)
    localities = load_boundaries("locality")
    assert [f["properties"]["code"] for f in localities["features"]] == list(LOCALITIES)
    _, sites = load_places()
    assert {"John Radcliffe Hospital", "Churchill Hospital", "Horton General Hospital"} <= set(sites["name"])
    gp = sites[sites["kind"] == "gp_practice"]
    assert gp["neighbourhood"].notna().all() and gp["list_size"].notna().all()
    assert gp.groupby("neighbourhood").size().between(4, 6).all()
    assert set(population_by_locality()["year"]) == set(range(2023, 2041))


def test_loading_is_cached() -> None:
    """Loaded once per folder, then shared (its time: benchmarks/bench_hardening.py pack)."""
    from careshift.datapack import loader

    loader._load_cached.cache_clear()
    first = load_pack()
    assert load_pack() is first and loader._load_cached.cache_info().hits == 1
