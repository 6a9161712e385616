"""Demography: the projection is rebased on the latest mid-year estimate, by single year of age and sex,
grows with the 2022-based SNPP, and carries the 2018-based variants (scaled) with probabilities."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from careshift.datapack import DataPack, load_pack

from .conftest import SOURCE, edit, needs_source, set_cell

OXFORD = "E07000178"


def _raw(name: str) -> pd.DataFrame:
    return pd.read_csv(SOURCE / name, dtype={"age": str})


def test_every_variant_starts_from_the_mid_2023_estimate(pack: DataPack) -> None:
    base = pack.population[:, 0].sum(axis=(1, 2, 3))
    assert base == pytest.approx(np.full(len(pack.variants), 750_234.0), rel=1e-9)


def test_probabilities_are_data_and_not_equal(pack: DataPack) -> None:
    weights = pack.variant_weights()
    assert weights.sum() == pytest.approx(1.0)
    assert weights[0] == max(weights) and len(set(weights)) > 1
    assert pack.variants[-1] == "v2018"


@needs_source
def test_single_year_cell_is_mye_times_2022_based_growth() -> None:
    """Oxford, women aged 20 in 2030: MYE 2023 x SNPP22(2030, 20) / SNPP22(2023, 20), by hand."""
    from careshift.datapack.build.population import projection_sya

    mye = _raw("population_mye_2000_2023_sya_sex_oxon_lads_icb_england.csv")
    mye = mye[(mye.area_code == OXFORD) & (mye.year == 2023) & (mye.age == "20")]
    snpp = _raw("population_snpp2022_migcat_2022_2047_sya_persons_oxon_lads.csv")
    snpp = snpp[(snpp.area_code == OXFORD) & (snpp.age == "20")].set_index("year")["persons"]
    expected = float(mye.female.iloc[0]) * snpp[2030] / snpp[2023]
    got = projection_sya(SOURCE)["v1"].loc[(OXFORD, 20, "female"), 2030]
    assert got == pytest.approx(expected, rel=1e-12)


@needs_source
def test_sex_ratio_by_age_stays_at_the_mye() -> None:
    from careshift.datapack.build.population import base_population, projection_sya

    principal = projection_sya(SOURCE)["v1"][2040].unstack("sex")
    base = base_population(SOURCE).unstack("sex")
    share = principal["female"] / principal.sum(axis=1)
    assert np.allclose(share, base["female"] / base.sum(axis=1))


@needs_source
def test_a_variant_is_its_2018_ratio_to_the_principal_applied_to_the_2022_based_one() -> None:
    """v6 (high migration) / v1 in Oxford 75-79 men, 2035, equals the 2018-based ratio rebased to 2023."""
    from careshift.datapack.build.population import district_projection

    pop, _ = district_projection(SOURCE)
    cell = pop[(pop.area_code == OXFORD) & (pop.age_band == "75-79") & (pop.year == 2035)]
    ratio = cell.set_index("variant")["male"]
    var = pd.read_csv(SOURCE / "population_snpp2018_variants_2024_2043_age5_sex_oxon_lads_icb_england.csv")
    v = var[(var.area_code == OXFORD) & (var.age_band == "75-79")].pivot_table(
        index="year", columns="variant", values="male"
    )
    r = v["v6"] / v["v1"]
    r2023 = r[2024] ** 2 / r[2025]
    assert ratio["v6"] / ratio["v1"] == pytest.approx(r[2035] / r2023, rel=1e-9)


def test_probabilities_must_sum_to_one(pack_copy: Path) -> None:
    from careshift.errors import DataPackError

    edit(pack_copy, "variants.csv", lambda t: set_cell(t, 2, "probability", "0.9"))
    with pytest.raises(DataPackError, match=r"probabilities sum to 1\.5,"):
        load_pack(pack_copy)
