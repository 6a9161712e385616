"""Numbers in words and on axes, the same everywhere: £1.6bn / £25m / £250k, 12.5%, 12,345.

Python formatters (:func:`money`, :func:`share`, :func:`count`) write numbers for tables and sentences;
:data:`AXIS` gives the matching Vega-Lite axis properties (a d3 format string, or for money a
``labelExpr``, since d3 has no £bn/£m/£k), and :func:`money_expr` the Vega expression for tooltips and
labels (``calculate`` transforms). The rules match d3-format: three significant figures for money, one
decimal place at most for shares, whole numbers for counts, trailing zeros trimmed, negative numbers with
a minus sign (U+2212). A missing value (None or NaN) is written :data:`MISSING`; infinity and non-numbers
are refused with a ValueError naming the value.
"""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

Kind = Literal["money", "share", "count"]
MISSING = "n/a"
MINUS = "\u2212"
_MONEY_UNITS = ((1e9, "bn"), (1e6, "m"), (1e3, "k"))


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise ValueError(f"{value!r} is not a number.")
    number = float(value)
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(f"{value!r} is infinite; only finite numbers can be shown.")
    return number


def _fixed(value: float, decimals: int, *, grouped: bool = True) -> str:
    """``value`` with ``decimals`` places, halves rounded up as JavaScript's toFixed does, zeros trimmed."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}" if grouped else f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _signed(value: float, body: str) -> str:
    return f"{MINUS}{body}" if value < 0 and body.strip("0.,£%") else body


def _significant(value: float, figures: int = 3) -> float:
    if value == 0:
        return 0.0
    return float(f"{value:.{figures}g}")


def money(value: Any) -> str:
    """Pounds to three significant figures: 1_600_000_000 -> '£1.6bn', 25_000_000 -> '£25m',
    250_000 -> '£250k', 950 -> '£950', -2_500_000 -> '−£2.5m'."""
    number = _number(value)
    if number is None:
        return MISSING
    size = _significant(abs(number))
    for scale, suffix in _MONEY_UNITS:
        if size >= scale:
            return _signed(number, f"£{_three(size / scale)}{suffix}")
    return _signed(number, f"£{_three(size)}")


def _three(value: float) -> str:
    if value == 0:
        return "0"
    return _fixed(value, max(0, 2 - math.floor(math.log10(value))))


def share(value: Any) -> str:
    """A proportion as a percentage to one decimal place at most: 0.125 -> '12.5%', 0.5 -> '50%'."""
    number = _number(value)
    if number is None:
        return MISSING
    return _signed(number, f"{_fixed(abs(number) * 100, 1)}%")


def count(value: Any) -> str:
    """A whole number with thousands separators: 12345 -> '12,345'; 12345.6 -> '12,346'."""
    number = _number(value)
    if number is None:
        return MISSING
    return _signed(number, _fixed(abs(number), 0))


FORMATTERS = {"money": money, "share": share, "count": count}


def format_value(value: Any, kind: Kind) -> str:
    """``value`` written as ``kind`` says (``money``, ``share`` or ``count``)."""
    try:
        return FORMATTERS[kind](value)
    except KeyError:
        raise ValueError(f"Unknown kind of number {kind!r}: use one of {', '.join(FORMATTERS)}.") from None


# d3-format strings, as Vega-Lite's ``format`` takes them.
D3_FORMAT = {"share": ".1~%", "count": ",.0f"}


def money_expr(operand: str) -> str:
    """A Vega expression writing ``operand`` (e.g. ``datum.value``) as :func:`money` does."""
    size = f"toNumber(format(abs({operand}), '.3r'))"
    branches = "".join(
        f"{size} >= {int(scale)} ? format({size} / {int(scale)}, ',.3~r') + '{suffix}' : "
        for scale, suffix in _MONEY_UNITS
    )
    sign = f"({operand} < 0 ? '{MINUS}' : '')"
    return f"isValid({operand}) ? {sign} + '£' + ({branches}format({size}, ',.3~r')) : '{MISSING}'"


def axis(kind: Kind) -> dict[str, str]:
    """Vega-Lite axis properties that label ticks as ``kind`` says."""
    if kind == "money":
        return {"labelExpr": money_expr("datum.value")}
    return {"format": D3_FORMAT[kind]}


def tooltip_format(kind: Kind) -> dict[str, str]:
    """Tooltip properties for share and count fields; money tooltips read a ``calculate``d label field."""
    if kind == "money":
        raise ValueError("Money tooltips need a label field: add calculate=money_expr('datum.FIELD').")
    return {"format": D3_FORMAT[kind]}
