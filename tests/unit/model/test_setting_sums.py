"""Sums by setting and WTE by staff group equal their matrix products."""

from __future__ import annotations

import numpy as np

from careshift.model.pipeline import _by_setting
from careshift.model.workforce import wte_all_settings


def test_by_setting_is_the_zero_one_product() -> None:
    rng = np.random.default_rng(2)
    arr = rng.lognormal(0, 1, (5, 3, 2, 7))
    matrix = np.array([[1, 0, 1, 0, 0], [0, 0, 0, 0, 0], [0, 1, 0, 1, 1]], float)  # one setting unused
    expected = np.einsum("sa,ayli->syli", matrix, arr)
    np.testing.assert_allclose(_by_setting(matrix, arr), expected, rtol=1e-15)
    broadcast = np.broadcast_to(arr[..., :1], arr.shape)  # the demography step yields broadcast views
    np.testing.assert_allclose(_by_setting(matrix, broadcast), expected[..., :1].repeat(7, -1), rtol=1e-15)


def test_wte_is_the_ratio_product() -> None:
    rng = np.random.default_rng(3)
    activity, bed_days = rng.lognormal(0, 1, (4, 3, 2, 6)), rng.lognormal(0, 1, (2, 3, 2, 6))
    contact, beds = rng.uniform(0, 1, (4, 3)), rng.uniform(0, 1, (2, 3))
    expected = np.einsum("sg,syli->gyli", contact, activity) + np.einsum("bg,byli->gyli", beds, bed_days)
    np.testing.assert_allclose(wte_all_settings(activity, bed_days, contact, beds), expected, rtol=1e-13)
