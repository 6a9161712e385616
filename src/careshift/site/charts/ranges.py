"""A P10-P90 range written to the precision its spread supports, never "−0 to −0".

A range of £21,345,678 to £55,123,456 is known to about a million pounds, so it reads "£21m to £55m";
a range of 1,234.4 to 1,236.1 beds reads "1,234 to 1,236". The rounding step is one tenth of the
spread's leading power of ten (two significant figures of the spread), never finer than the kind's own
unit (a whole number for counts, £1 for money, a tenth of a percentage point for shares); a range with
no spread is written to three significant figures. Both ends (and a central value, with
:func:`number_in_range`) are rounded to the nearest step, so the order of the ends is kept; a value
that rounds to zero is written "0", without a sign. Negative numbers take a minus sign (U+2212), as
:mod:`careshift.site.charts.formatting` writes them.

>>> range_text(21_345_678, 55_123_456, "money")
'£21m to £55m'
>>> range_text(-0.4, 0.3)
'0'
>>> range_text(-24.4, -3.1)
'−24 to −3'
>>> range_text(0.1234, 0.1561, "share")
'12.3% to 15.6%'
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from careshift.site.charts.formatting import MINUS, MISSING, Kind, _number

FINEST = {"count": Decimal(1), "money": Decimal(1), "share": Decimal("0.001")}
_MONEY_UNITS = ((Decimal("1e9"), "bn"), (Decimal("1e6"), "m"), (Decimal("1e3"), "k"))


def _kind(kind: str) -> Decimal:
    try:
        return FINEST[kind]
    except KeyError:
        raise ValueError(f"Unknown kind of number {kind!r}: use one of {', '.join(FINEST)}.") from None


def step_for(low: float, high: float, kind: Kind = "count") -> Decimal:
    """The rounding step a range from ``low`` to ``high`` supports (a power of ten)."""
    finest = _kind(kind)
    spread = abs(Decimal(high) - Decimal(low))
    size = max(abs(Decimal(low)), abs(Decimal(high)))
    if spread > 0:
        exponent = spread.adjusted() - 1  # adjusted(): the exponent of the leading digit
    elif size > 0:
        exponent = size.adjusted() - 2
    else:
        return finest
    return max(finest, Decimal(1).scaleb(exponent))


def rounded(value: float, step: Decimal) -> Decimal:
    """``value`` to the nearest multiple of ``step``; zero is always a plain (unsigned) zero."""
    result = (Decimal(value) / step).quantize(Decimal(1), rounding=ROUND_HALF_EVEN) * step
    return Decimal(0) if result == 0 else result


def rounded_range(low: float, high: float, kind: Kind = "count") -> tuple[Decimal, Decimal, Decimal]:
    """``(low, high, step)``: the ends rounded to the step their spread supports."""
    step = step_for(low, high, kind)
    return rounded(low, step), rounded(high, step), step


def _places(step: Decimal) -> int:
    return max(0, -step.normalize().as_tuple().exponent)  # type: ignore[operator]


def write(
    value: Decimal, step: Decimal, kind: Kind = "count", scale: tuple[Decimal, str] | None = None
) -> str:
    """A rounded ``value`` written as ``kind`` with the decimal places ``step`` needs."""
    sign = MINUS if value < 0 else ""
    size = abs(value)
    if kind == "share":
        return f"{sign}{size * 100:,.{_places(step * 100)}f}%"
    if kind == "money":
        factor, suffix = scale or _money_scale(size)
        return f"{sign}£{size / factor:,.{_places(step / factor)}f}{suffix}"
    return f"{sign}{size:,.{_places(step)}f}"


def _money_scale(size: Decimal) -> tuple[Decimal, str]:
    return next(((f, s) for f, s in _MONEY_UNITS if size >= f), (Decimal(1), ""))


def range_text(low: object, high: object, kind: Kind = "count", joiner: str = " to ") -> str:
    """``low`` to ``high`` written to the precision the spread supports: '£21m to £55m'.

    The ends are given in either order; ends that round to the same number are written once ('0'); a
    missing end (None or NaN) writes :data:`MISSING`."""
    first, second = _number(low), _number(high)
    if first is None or second is None:
        return MISSING
    a, b = sorted((first, second))
    start, end, step = rounded_range(a, b, kind)
    scale = _money_scale(max(abs(start), abs(end))) if kind == "money" else None
    if start == end:
        return write(start, step, kind, scale)
    return f"{write(start, step, kind, scale)}{joiner}{write(end, step, kind, scale)}"


def number_in_range(value: object, low: object, high: object, kind: Kind = "count") -> str:
    """``value`` (a median) written to the precision of the range from ``low`` to ``high``."""
    number, a, b = _number(value), _number(low), _number(high)
    if number is None:
        return MISSING
    if a is None or b is None:
        a = b = number
    step = step_for(min(a, b), max(a, b), kind)
    return write(rounded(number, step), step, kind)
