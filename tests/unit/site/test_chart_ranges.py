"""P10-P90 ranges written to the precision their spread supports (careshift.site.charts.ranges)."""

from __future__ import annotations

import doctest
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careshift.site.charts import ranges
from careshift.site.charts.formatting import MINUS, MISSING
from careshift.site.charts.ranges import number_in_range, range_text, rounded_range, step_for

finite = st.floats(min_value=-1e13, max_value=1e13, allow_nan=False, allow_infinity=False)
kinds = st.sampled_from(["count", "money", "share"])
# a minus sign (either kind) before a number whose digits are all zero: '−0', '-0.0', '−£0k', '−0.0%'
NEGATIVE_ZERO = re.compile(r"[-\u2212]£?0+(?:[.,]0+)*(?![.,]?\d)")


def _value(text: str) -> Decimal:
    """A written end back as a number ('−£1.2m' -> -1200000, '12.5%' -> 0.125)."""
    scale = {"bn": Decimal("1e9"), "m": Decimal("1e6"), "k": Decimal("1e3"), "%": Decimal("0.01")}
    body = text.replace(MINUS, "-").replace("£", "").replace(",", "")
    suffix = next((s for s in scale if body.endswith(s)), "")
    number = Decimal(body[: len(body) - len(suffix)] if suffix else body)
    return number * scale.get(suffix, Decimal(1))


def _ends(text: str) -> tuple[Decimal, Decimal]:
    parts = text.split(" to ")
    return _value(parts[0]), _value(parts[-1])


@pytest.mark.parametrize(
    ("low", "high", "kind", "expected"),
    [
        (21_345_678, 55_123_456, "money", "£21m to £55m"),
        (-0.0, -0.0, "count", "0"),  # the bug: '-0 to -0'
        (-0.4, 0.3, "count", "0"),
        (-2.4, -0.3, "count", "−2 to 0"),
        (-24.0, -3.0, "count", "−24 to −3"),
        (1_234.4, 1_236.1, "count", "1,234 to 1,236"),
        (0.1234, 0.1561, "share", "12.3% to 15.6%"),
        (-0.00004, -0.00001, "share", "0.0%"),
        (0.05, 0.25, "share", "5% to 25%"),
        (950_000, 1_200_000, "money", "£0.95m to £1.20m"),
        (-2_500_000, 1_100_000, "money", "−£2.5m to £1.1m"),
        (12_345_678, 12_345_678, "money", "£12.3m"),  # no spread: three significant figures
        (55_123_456, 21_345_678, "money", "£21m to £55m"),  # ends in either order
        (None, 3, "count", MISSING),
        (float("nan"), 3, "count", MISSING),
    ],
)
def test_ranges_are_written_to_the_precision_of_their_spread(
    low: float | None, high: float, kind: ranges.Kind, expected: str
) -> None:
    assert range_text(low, high, kind) == expected


def test_a_median_is_written_to_its_range_precision() -> None:
    assert number_in_range(38_234_567, 21_345_678, 55_123_456, "money") == "£38m"
    assert number_in_range(-0.2, -0.4, 0.3) == "0"
    assert number_in_range(0.13333, 0.1234, 0.1561, "share") == "13.3%"
    assert number_in_range(1_235.2, None, None) == "1,240"  # no range: three significant figures


@pytest.mark.parametrize("bad", [float("inf"), "12", True])
def test_a_non_number_is_refused_with_its_value(bad: object) -> None:
    with pytest.raises(ValueError, match=r"number|infinite"):
        range_text(bad, 1)


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown kind of number 'beds'"):
        range_text(1, 2, "beds")  # type: ignore[arg-type]


def test_the_doctests_hold() -> None:
    assert doctest.testmod(ranges).failed == 0


@given(finite, finite, kinds)
def test_never_a_negative_zero(low: float, high: float, kind: ranges.Kind) -> None:
    text = range_text(low, high, kind)
    assert not NEGATIVE_ZERO.search(text), text
    assert "-" not in text  # minus signs are U+2212


@given(finite, finite, kinds)
def test_the_order_of_the_ends_is_kept(low: float, high: float, kind: ranges.Kind) -> None:
    start, end = _ends(range_text(low, high, kind))
    assert start <= end
    low_r, high_r, _step = rounded_range(min(low, high), max(low, high), kind)
    assert low_r <= high_r


@given(finite, finite, kinds)
def test_each_end_is_within_half_a_step(low: float, high: float, kind: ranges.Kind) -> None:
    a, b = sorted((low, high))
    start, end = _ends(range_text(a, b, kind))
    step = step_for(a, b, kind)
    assert abs(start - Decimal(a)) <= step / 2
    assert abs(end - Decimal(b)) <= step / 2


@given(finite, finite, kinds)
def test_the_step_is_a_tenth_to_a_hundredth_of_the_spread(low: float, high: float, kind: ranges.Kind) -> None:
    spread = abs(Decimal(high) - Decimal(low))
    step = step_for(low, high, kind)
    assert step >= ranges.FINEST[kind]
    if spread > 0 and step > ranges.FINEST[kind]:
        assert spread / 100 < step <= spread / 10  # two significant figures of the spread


@given(finite, finite, finite, kinds)
def test_a_median_inside_its_range_stays_inside_it_when_written(
    a: float, b: float, c: float, kind: ranges.Kind
) -> None:
    low, middle, high = sorted((a, b, c))
    start, end = _ends(range_text(low, high, kind))
    assert start <= _value(number_in_range(middle, low, high, kind)) <= end
