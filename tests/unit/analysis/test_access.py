"""Travel-time estimates, coverage measures and the two-step floating catchment, against hand sums."""

from __future__ import annotations

import numpy as np
import pytest

from careshift.analysis.access import (
    TRAVEL_ASSUMPTIONS,
    coverage,
    coverage_by_group,
    estimate_travel_minutes,
    great_circle_km,
    matrix_from_long,
    nearest_minutes,
    two_step_fca,
    validate_matrix,
)
from careshift.errors import AnalysisError


def test_great_circle_distance_oxford_to_banbury() -> None:
    # Oxford Carfax (51.7519, -1.2578) to Banbury Cross (52.0604, -1.3398): about 34.8 km as the crow flies
    km = great_circle_km(np.array([51.7519]), np.array([-1.2578]), np.array([52.0604]), np.array([-1.3398]))
    assert km[0, 0] == pytest.approx(34.8, abs=0.3)


def test_travel_time_is_access_plus_detoured_distance_over_speed() -> None:
    car = TRAVEL_ASSUMPTIONS["car"]
    one_degree_north = great_circle_km(
        np.array([51.0]), np.array([-1.0]), np.array([52.0]), np.array([-1.0])
    )[0, 0]
    minutes = estimate_travel_minutes([51.0, 51.0], [-1.0, -1.0], [False, True], [52.0], [-1.0], "car")
    urban = car.access_minutes.value + 60 * one_degree_north * car.detour_urban.value / car.speed_urban.value
    rural = car.access_minutes.value + 60 * one_degree_north * car.detour_rural.value / car.speed_rural.value
    assert minutes[:, 0] == pytest.approx([urban, rural])
    bus = estimate_travel_minutes([51.0], [-1.0], [False], [52.0], [-1.0], "public_transport")
    assert bus[0, 0] > minutes[0, 0]
    with pytest.raises(AnalysisError, match="Unknown travel mode"):
        estimate_travel_minutes([51.0], [-1.0], [False], [52.0], [-1.0], "jetpack")


def test_coverage_shares_mean_and_worst() -> None:
    minutes = np.array([[10.0, 50.0], [40.0, 20.0], [60.0, 70.0]])
    nearest = nearest_minutes(minutes, [0, 1])
    assert nearest.tolist() == [10.0, 20.0, 60.0]
    result = coverage(nearest, np.array([100.0, 300.0, 100.0]))
    assert result.share_within == {15.0: 0.2, 30.0: 0.8, 45.0: 0.8}
    assert result.mean_minutes == pytest.approx((1000 + 6000 + 6000) / 500)
    assert result.worst_minutes == 60.0
    groups = coverage_by_group(nearest, np.array([100.0, 300.0, 100.0]), ["city", "city", "west"])
    assert groups["west"].share_within[45.0] == 0.0 and groups["city"].weight == 400.0


def test_two_step_floating_catchment_by_hand() -> None:
    minutes = np.array([[10.0, 40.0], [20.0, 10.0], [50.0, 15.0]])
    access = two_step_fca(
        minutes, population=np.array([100.0, 200.0, 100.0]), capacity=np.array([30.0, 60.0]), catchment=30
    )
    # site 0 serves areas 0, 1 (300 people): 0.1 per person; site 1 serves areas 1, 2 (300): 0.2
    assert access == pytest.approx([0.1, 0.3, 0.2])


def test_an_imported_matrix_is_validated() -> None:
    with pytest.raises(AnalysisError, match="expected 2 areas x 3 sites"):
        validate_matrix(np.ones((2, 2)), 2, 3)
    with pytest.raises(AnalysisError, match="first at area row 2, site 1"):
        validate_matrix([[1, 2], [np.nan, 3]], 2, 2)
    assert validate_matrix([[1, 2], [3, 4]], 2, 2).dtype == np.float64


def test_matrix_from_long_rows_pivots_in_area_order() -> None:
    rows = [(2, "A2", "S1", 12.0), (3, "A1", "S1", 5.0), (4, "A1", "S2", 7.5), (5, "A2", "S2", 0.0)]
    imported = matrix_from_long(rows, ["A1", "A2"], ["S1", "S2", "S3"])
    assert imported.sites == ["S1", "S2"]
    assert imported.minutes.tolist() == [[5.0, 7.5], [12.0, 0.0]]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([(2, "A9", "S1", 1.0)], "row 2: unknown small area 'A9'"),
        ([(2, "A1", "X", 1.0)], "row 2: unknown site 'X'"),
        ([(2, "A1", "S1", 1.0), (3, "A1", "S1", 2.0)], "Row 3 repeats the time from A1 to S1"),
        ([(2, "A1", "S1", 1.0)], "no time for 1 small area and site pairs \\(first: A2 to S1\\)"),
        ([(2, "A1", "S1", 1.0), (3, "A2", "S1", -4.0)], "missing or negative"),
        ([], "no rows"),
    ],
)
def test_matrix_from_long_refuses_unknown_repeated_missing_and_negative(
    rows: list[tuple[int, str, str, float]], message: str
) -> None:
    with pytest.raises(AnalysisError, match=message):
        matrix_from_long(rows, ["A1", "A2"], ["S1", "S2"])
