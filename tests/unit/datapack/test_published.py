"""The published trust and system figures: carried unchanged, loadable by organisation and year."""

from __future__ import annotations

import pytest

from careshift.datapack import DataPack
from careshift.errors import DataPackError


def test_2023_24_totals_match_the_published_collections(pack: DataPack) -> None:
    pub = pack.published
    assert pub is not None
    assert pub.total("ae_monthly", "attendances", "RTH", "2023-24") == 184_212
    assert pub.total("ae_monthly", "attendances", "RNU", "2023-24") == 44_091
    assert pub.total("ae_monthly", "emergency_admissions", "RTH", "2023-24") == 98_949
    # day-weighted mean of the monthly means (April 2023 946, ..., March 2024 993)
    assert pub.mean("beds_monthly", "ga_occupied", "RTH", "2023-24") == pytest.approx(966.29, abs=0.01)
    assert pub.peak("beds_monthly", "ga_occupied", "RTH", "2023-24") == ("2024-02", 1018.0)
    assert pub.mean("discharges_daily", "not_meeting_criteria_to_reside", "RTH", "2023-24") == pytest.approx(
        184.61, abs=0.01
    )
    assert pub.periods("discharges_daily", "RTH", "2023-24") == 366


def test_unpublished_months_have_no_row(pack: DataPack) -> None:
    pub = pack.published
    assert pub is not None
    assert pub.periods("ae_monthly", "RNU", "2022-23") == 10  # August and September 2022 not published
    with pytest.raises(DataPackError, match="no rows for organisation 'RNU' in 2030-31"):
        pub.total("ae_monthly", "attendances", "RNU", "2030-31")
