"""Turning one spreadsheet cell into a typed value, by column type; each failure says what was expected.

Types: ``text``, ``integer``, ``count`` (a whole number, shown with thousands separators), ``number``,
``money`` (pounds: ``£25m``, ``1,250``, ``£1.6bn`` and ``250k`` all read), ``percent`` (``25%`` or the
fraction ``0.25``), ``date`` (a spreadsheet date, ``2026-04-01`` or ``01/04/2026``), ``boolean``
(yes/no, true/false, 1/0) and ``choice`` (a code, or its label, from the column's choices).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

TYPES = ("text", "integer", "count", "number", "money", "percent", "date", "boolean", "choice")
TRUE_WORDS = {"yes", "y", "true", "t", "1"}
FALSE_WORDS = {"no", "n", "false", "f", "0"}
MONEY_SUFFIXES = {"k": 1e3, "m": 1e6, "bn": 1e9, "b": 1e9}
_MONEY = re.compile(r"^(?P<sign>-?)£?(?P<number>[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)(?P<suffix>k|m|bn|b)?$")


class CellValueError(ValueError):
    """A cell that cannot become its column's type; the message says what to enter instead."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _finite(number: float, raw: Any) -> float:
    if not math.isfinite(number):
        raise CellValueError(f"{raw!r} is not a finite number: enter a number.")
    return number


def parse_number(value: Any) -> float:
    if isinstance(value, bool):
        raise CellValueError(f"{value!r} is not a number: enter a number such as 1,250.5.")
    if isinstance(value, int | float):
        return _finite(float(value), value)
    text = str(value).strip().replace(",", "").replace(" ", "")
    try:
        return _finite(float(Decimal(text)), value)
    except (InvalidOperation, ValueError):
        raise CellValueError(f"{value!r} is not a number: enter a number such as 1,250.5.") from None


def parse_integer(value: Any) -> int:
    try:
        number = parse_number(value)
    except CellValueError:
        number = 0.5
    if number != int(number):
        raise CellValueError(f"{value!r} is not a whole number: enter one such as 1,250.")
    return int(number)


def parse_money(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _finite(float(value), value)
    text = str(value).strip().lower().replace(" ", "")
    match = _MONEY.match(text)
    if not match:
        raise CellValueError(f"{value!r} is not an amount of money: enter pounds such as 250000 or £25m.")
    amount = float(match["number"].replace(",", "")) * MONEY_SUFFIXES.get(match["suffix"] or "", 1.0)
    return _finite(-amount if match["sign"] else amount, value)


def parse_percent(value: Any) -> float:
    """``25%`` -> 0.25; a bare number is a fraction (0.25), as a spreadsheet's percent cells hold."""
    text = str(value).strip()
    if isinstance(value, str) and text.endswith("%"):
        return parse_number(text[:-1]) / 100
    try:
        return parse_number(value)
    except CellValueError:
        raise CellValueError(f"{value!r} is not a percentage: enter one such as 25% or 0.25.") from None


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellValueError(f"{value!r} is not a date: enter one such as 2026-04-01 or 01/04/2026.")


def parse_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellValueError(f"{value!r} is not yes or no: enter yes or no.")


def parse_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed as 42 is read back by a spreadsheet as 42.0
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_choice(value: Any, choices: Mapping[str, str]) -> str:
    """A code from ``choices`` (code -> label), given its code or its label, in any letter case."""
    text = parse_text(value).casefold()
    for code, label in choices.items():
        if text in (code.casefold(), label.casefold()):
            return code
    shown = ", ".join(list(choices)[:12]) + (", ..." if len(choices) > 12 else "")
    raise CellValueError(f"{value!r} is not one of the choices: enter one of {shown}.")


PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": parse_text,
    "integer": parse_integer,
    "count": parse_integer,
    "number": parse_number,
    "money": parse_money,
    "percent": parse_percent,
    "date": parse_date,
    "boolean": parse_boolean,
}
