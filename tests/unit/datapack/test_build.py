"""The build script: reproduces the committed pack byte for byte; its derivation rules hold."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careshift.datapack import AGE_BANDS, SHIPPED_PACK
from careshift.datapack.build.geography import NEIGHBOURHOOD_MAX, NEIGHBOURHOOD_MIN, _bisect
from careshift.datapack.build.population import CENSUS_GROUP, age_band

from .conftest import SOURCE, needs_source

needs_shapely = pytest.mark.skipif(
    importlib.util.find_spec("shapely") is None, reason="shapely (dev extra) is needed to build boundaries"
)


@needs_source
@needs_shapely
def test_build_reproduces_the_committed_pack_byte_for_byte(tmp_path: Path) -> None:
    from careshift.datapack.build import build

    build(SOURCE, tmp_path)
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in SHIPPED_PACK.iterdir() if p.is_file())
    for name in built:
        assert (tmp_path / name).read_bytes() == (SHIPPED_PACK / name).read_bytes(), name


@needs_source
def test_cherwell_and_didcot_follow_the_locality_rule() -> None:
    from careshift.datapack.build.geography import read_geography

    lsoa = read_geography(SOURCE)
    names = lsoa.set_index("lsoa21nm")["locality"]
    assert names["Cherwell 002A"] == "north"  # Banbury
    assert names["Cherwell 012A"] == "north_east"  # Bicester
    assert names["Cherwell 017A"] == "north_east"  # Kidlington
    assert names["South Oxfordshire 009A"] == "south_west"  # Didcot Ladygrove
    assert names["South Oxfordshire 016A"] == "south_east"  # Henley


@given(st.integers(min_value=0, max_value=120))
def test_age_band_contains_the_age(age: int) -> None:
    label = "90+" if age >= 90 else str(age)
    band = age_band(pd.Series([label])).iloc[0]
    low = int(band.split("-")[0].rstrip("+"))
    assert low <= age and (band == "90+" or age <= int(band.split("-")[1]))


def test_every_band_maps_to_a_census_group() -> None:
    assert set(CENSUS_GROUP) == set(AGE_BANDS)


@settings(max_examples=50, deadline=None)
@given(n=st.integers(min_value=8, max_value=40), seed=st.integers(min_value=0, max_value=10_000))
def test_neighbourhoods_have_four_to_six_practices(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    points = pd.DataFrame(
        {
            "code": [f"P{i:03d}" for i in range(n)],
            "lat": rng.uniform(51.5, 52.1, n),
            "lon": rng.uniform(-1.7, -0.9, n),
        }
    )
    groups = _bisect(points)
    assert sum(len(g) for g in groups) == n
    assert all(NEIGHBOURHOOD_MIN <= len(g) <= NEIGHBOURHOOD_MAX for g in groups)
