"""Form fields that take numbers as people think of them.

:class:`PercentField` shows and takes a percentage (``92`` for 92%) and cleans to the fraction the
engine stores (``0.92``). Its limits are checked in percent, so the message beside the field reads in the
unit the person typed; a value that looks like a fraction where a percentage is expected (``0.92`` for a
target occupancy) is explained rather than silently taken as 0.92%.
"""

from __future__ import annotations

from typing import Any

from django import forms


def percent_text(fraction: float) -> str:
    """A stored fraction as the percentage a person would type: 0.92 -> '92', 0.005 -> '0.5'."""
    return f"{float(fraction) * 100:.10g}"


class PercentInput(forms.NumberInput):
    """A number box for a percentage (its label says "%"); any decimal is allowed."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__({"step": "any", **(attrs or {})})


class PercentField(forms.FloatField):
    """A percentage on the form, a fraction in ``cleaned_data``.

    ``low``/``high`` are limits in percent (inclusive); ``fraction_below``: a typed value under it (but
    above zero) is refused with a note that the field wants a percentage, e.g. 92 rather than 0.92.
    """

    widget = PercentInput

    def __init__(
        self,
        *,
        low: float | None = None,
        high: float | None = None,
        fraction_below: float | None = None,
        example: str = "",
        **kwargs: Any,
    ):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.low, self.high, self.fraction_below, self.example = low, high, fraction_below, example

    def prepare_value(self, value: Any) -> Any:
        # a number comes from the stored spec (a fraction); a string is what the person typed: keep it
        if isinstance(value, int | float) and not isinstance(value, bool):
            return percent_text(value)
        return value

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        number = super().to_python(value)
        if number is None:
            return None
        self._check(number)
        return round(number / 100, 12)

    def _check(self, number: float) -> None:
        example = f" {self.example}" if self.example else ""
        if self.fraction_below is not None and 0 < number < self.fraction_below:
            raise forms.ValidationError(
                f"This is a percentage: {number:g} means {number:g}%. Type {number * 100:g} for "
                f"{number * 100:g}%.{example}"
            )
        too_low = self.low is not None and number < self.low
        too_high = self.high is not None and number > self.high
        if too_low or too_high:
            if self.low is not None and self.high is not None:
                span = f"from {self.low:g} to {self.high:g}"
            else:
                span = f"of at least {self.low:g}" if too_low else f"of at most {self.high:g}"
            raise forms.ValidationError(
                f"{number:g}% is outside the range this accepts: give a percentage {span}.{example}"
            )
