"""Cells a spreadsheet would run as a formula, made inert (CSV and XLSX alike).

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before parsing) is read by Excel, LibreOffice and Google Sheets as a formula: a lever
named ``=HYPERLINK("http://evil", "Click")`` would become a live link, and ``=cmd|' /C calc'!A0`` a DDE
call. :func:`neutralise` prefixes such text with an apostrophe, the OWASP "CSV injection" advice, so it
shows as text; :func:`restore` undoes that when careshift reads its own files back. Numbers, dates and
booleans are never touched: only text can carry a formula.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would treat this text as a formula (or skip to one)."""
    return text.startswith(FORMULA_STARTS)


def needs_quote(text: str) -> bool:
    """Formula-like text, or such text already behind apostrophes (quoted again so it reads back)."""
    return is_formula_like(text.lstrip(QUOTE))


def neutralise(value: Any) -> Any:
    """``value`` as it is safe to write into a cell: formula-like text gets a leading apostrophe.

    >>> neutralise('=HYPERLINK("http://x", "y")')
    '\\'=HYPERLINK("http://x", "y")'
    >>> neutralise(-5), neutralise("Virtual wards")
    (-5, 'Virtual wards')
    """
    if isinstance(value, str) and needs_quote(value):
        return QUOTE + value
    return value


def restore(value: Any) -> Any:
    """The text :func:`neutralise` was given: drops the apostrophe it added (and only that one)."""
    if isinstance(value, str) and value.startswith(QUOTE) and needs_quote(value[1:]):
        return value[1:]
    return value
