"""The scenario page's "Flow out of hospital" section: how downstream places grow, and the discharge
levers (``Scenario.discharge``: add places on a pathway, or shorten the stay in its service).

:class:`FlowForm` holds ``capacity_growth``; :data:`DischargeLeverFormSet` one :class:`DischargeLeverForm`
a lever. :func:`discharge_initial` turns a stored lever into form values and :func:`discharge_spec`
turns cleaned data back, keeping what the form does not show (an interval's coverage and shape), so an
unchanged save gives the identical spec. The form checks, in the words and units on the page, what the
engine's ``DischargeLever`` would refuse in its own words far from the field.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms

from careshift.apps.scenarios.discharge import GROWTH_WORDS, PATHWAY_WORDS
from careshift.apps.scenarios.fields import PercentField, percent_text
from careshift.apps.scenarios.forms import BaseLeverFormSet, Choices, NhsForm, PlainNumberInput
from careshift.apps.scenarios.spec_values import format_evidence, parse_evidence, split_uncertain, uncertain

KINDS = [
    ("add_capacity", "Add places: more downstream places on a pathway"),
    ("faster_discharge", "Faster discharge: a shorter (or longer) stay in the pathway's service"),
]
KIND_WORDS = {"add_capacity": "add places", "faster_discharge": "faster discharge"}
GROWTH = [
    ("demand", "Keep pace with demand"),
    ("fixed", "Stay at today's places"),
]
MAX_PLACES = 100_000  # the engine's limit (careshift.model.scenario.DischargeLever)
STAY_LIMITS = (-95.0, 200.0)  # percent; the engine takes -0.95 to 2 as a fraction
STAY_EXAMPLE = "E.g. -10 for 10% shorter stays."
# lever path (inside discharge.levers[i]) -> form field; the first matching prefix wins
FIELDS = [
    ("places", "places_low"),
    ("los_change", "los_change_low"),
    ("localities", "localities"),
    ("pathway", "pathway"),
    ("start_year", "start_year"),
    ("full_effect_year", "full_effect_year"),
    ("evidence", "evidence"),
    ("name", "name"),
    ("kind", "kind"),
    ("note", "note"),
]


def _places(label: str, help_text: str) -> forms.FloatField:
    return forms.FloatField(label=label, help_text=help_text, required=False, widget=PlainNumberInput)


def _stay(label: str, help_text: str) -> PercentField:
    low, high = STAY_LIMITS
    return PercentField(label=label, help_text=help_text, low=low, high=high, example=STAY_EXAMPLE)


class FlowForm(NhsForm):
    capacity_growth = forms.ChoiceField(
        choices=GROWTH,
        initial="demand",
        label="Downstream places without the levers",
        help_text=f"Keep pace with demand: places {GROWTH_WORDS['demand']}. Stay at today's places: they "
        f"{GROWTH_WORDS['fixed']}.",
    )


class DischargeLeverForm(NhsForm):
    name = forms.CharField(
        max_length=200,
        help_text="A unique name among all the levers, e.g. '20 more reablement packages'; it labels this "
        "lever in the waterfall.",
    )
    kind = forms.ChoiceField(choices=KINDS, help_text="What the lever changes in the flow out of hospital.")
    pathway = forms.ChoiceField(
        choices=list(PATHWAY_WORDS.items()),
        label="Discharge pathway",
        help_text="P1: reablement or home-care packages; P2: rehabilitation or step-down beds; P3: "
        "care-home beds. P0 (home without new support) has no places to add: only a faster discharge "
        "(its internal wait) applies.",
    )
    places_low = _places(
        "Places, low",
        "Add-places levers: the number of places added at full effect, e.g. 15. Low and high give an "
        "80% interval; low = high for a fixed number.",
    )
    places_mode = _places("Places, most likely", "Only for a triangular estimate.")
    places_high = _places("Places, high", "E.g. 25.")
    los_change_low = _stay(
        "Stay change, low",
        "Faster-discharge levers: the change in the stay in the pathway's service as a percentage, "
        "e.g. -20 for 20% shorter stays (so each place serves more patients).",
    )
    los_change_mode = _stay("Stay change, most likely", "Only for a triangular estimate.")
    los_change_high = _stay("Stay change, high", "E.g. -5 for 5% shorter stays.")
    localities = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Where the places are added or the stay changes; leave all unticked for the whole "
        "county (split over the localities by their patients).",
    )
    start_year = forms.IntegerField(min_value=2000, max_value=2040, help_text="First year with any effect.")
    full_effect_year = forms.IntegerField(
        min_value=2000, max_value=2040, help_text="First year at full effect; the effect ramps up linearly."
    )
    evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One reference a line: citation | web address (optional) | note (optional).",
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The basis of the numbers; say when they are assumptions.",
    )
    one_off_cost = forms.FloatField(
        label="One-off implementation cost (£)",
        help_text="Paid once, in the start year.",
        required=False,
        min_value=0,
        widget=PlainNumberInput,
    )
    recurring_cost = forms.FloatField(
        label="Recurring implementation cost (£ a year)",
        help_text="Paid every year from the start year.",
        required=False,
        min_value=0,
        widget=PlainNumberInput,
    )

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choice_field("localities").choices = choices["localities"]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        self._check_places(data)
        self._check_order("los_change", data, "Stay change", lambda v: f"{percent_text(v)}%")
        self._check_kind(data)
        start, full = data.get("start_year"), data.get("full_effect_year")
        if start is not None and full is not None and full < start:
            self._refuse(
                "full_effect_year",
                f"The full effect year ({full}) is before the start year "
                f"({start}): full effect cannot come before the start.",
            )
        return data

    def _check_kind(self, data: dict[str, Any]) -> None:
        """The size the lever's kind needs, and add-places only on a pathway with places."""
        kind = data.get("kind")
        if kind == "add_capacity":
            if all(data.get(f"places_{end}") is None for end in ("low", "mode", "high")):
                self._refuse(
                    "places_low",
                    "An add-places lever needs the number of places: give low and "
                    "high (the same number in both for a fixed number).",
                )
            if data.get("pathway") == "p0":
                self._refuse(
                    "pathway",
                    "P0 (home without new support) has no places to add: choose P1, "
                    "P2 or P3, or make this a faster-discharge lever.",
                )
        if kind == "faster_discharge" and all(
            data.get(f"los_change_{end}") is None for end in ("low", "mode", "high")
        ):
            self._refuse(
                "los_change_low",
                "A faster-discharge lever needs the change in the stay: give "
                "low and high as percentages, e.g. -20 and -5.",
            )

    def _refuse(self, field: str, message: str) -> None:
        if field not in self.errors:  # one message a field: the first problem found
            self.add_error(field, message)

    def _check_places(self, data: dict[str, Any]) -> None:
        for end in ("low", "mode", "high"):
            value = data.get(f"places_{end}")
            if value is not None and not 0 <= value <= MAX_PLACES:
                self._refuse(
                    f"places_{end}",
                    f"Places: {value:g} is outside 0 to {MAX_PLACES:,}; give "
                    "the number of places added, e.g. 20.",
                )
        self._check_order("places", data, "Places", lambda v: f"{v:g}")

    def _check_order(self, size: str, data: dict[str, Any], words: str, show: Any) -> None:
        low, mode, high = (data.get(f"{size}_{end}") for end in ("low", "mode", "high"))
        if low is not None and high is not None and low > high:
            self._refuse(
                f"{size}_low",
                f"{words}: the low ({show(low)}) is more than the high ({show(high)}); swap them.",
            )
        elif mode is not None and ((low is not None and mode < low) or (high is not None and mode > high)):
            self._refuse(f"{size}_mode", f"{words}: the most likely value must lie between low and high.")

    def summary(self) -> str:
        """One line for the lever's collapsed section: '20 more reablement packages — add places, 15–25
        places, P1 home with support'."""
        kind = str(self["kind"].value() or "add_capacity")
        if kind == "add_capacity":
            ends = [_number(self[f"places_{end}"].value()) for end in ("low", "high")]
            unit = " places"
        else:
            ends = [_number(self[f"los_change_{end}"].value()) for end in ("low", "high")]
            ends = [f"{e}%" if e else e for e in ends]
            unit = " stay"
        shown = [e for e in ends if e]
        joint = " to " if any(e.startswith("\u2212") for e in shown) else "\u2013"
        size = (shown[0] if len(set(shown)) == 1 else joint.join(shown)) + unit if shown else ""
        pathway = PATHWAY_WORDS.get(str(self["pathway"].value()), "")
        parts = [KIND_WORDS.get(kind, kind), size, pathway]
        return f"{self['name'].value() or 'New discharge lever'} — " + ", ".join(p for p in parts if p)


def _number(value: Any) -> str:
    """A typed (or stored) number for the summary line: '15', '-20' shown with a minus sign."""
    try:
        return f"{float(value):.4g}".replace("-", "\u2212")
    except (TypeError, ValueError):
        return ""


DischargeLeverFormSet = cast(
    type[BaseLeverFormSet],
    forms.formset_factory(DischargeLeverForm, formset=BaseLeverFormSet, extra=0, can_delete=True),
)


def discharge_initial(lever: dict[str, Any], costs: dict[str, Any]) -> dict[str, Any]:
    """Form values for a stored discharge lever (``costs``: the scenario's implementation costs)."""
    places, stay = split_uncertain(lever.get("places")), split_uncertain(lever.get("los_change"))
    cost = costs.get(lever["name"], {})
    return {
        "name": lever["name"],
        "kind": lever["kind"],
        "pathway": lever["pathway"],
        **{f"places_{end}": v for end, v in zip(("low", "mode", "high"), places, strict=True)},
        **{f"los_change_{end}": v for end, v in zip(("low", "mode", "high"), stay, strict=True)},
        "localities": lever.get("localities", []),
        "start_year": lever.get("start_year"),
        "full_effect_year": lever.get("full_effect_year"),
        "evidence": format_evidence(lever.get("evidence", [])),
        "note": lever.get("note", ""),
        "one_off_cost": cost.get("one_off") or None,
        "recurring_cost": cost.get("recurring") or None,
    }


def discharge_spec(data: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """A discharge lever from cleaned form data; only the size its kind uses is kept (the other kind's
    boxes are hidden on the page). ``previous``: the stored lever of that name, for an interval's
    coverage and shape."""
    size = "places" if data["kind"] == "add_capacity" else "los_change"
    value = uncertain(data[f"{size}_low"], data[f"{size}_mode"], data[f"{size}_high"], previous.get(size))
    return {
        "name": data["name"],
        "kind": data["kind"],
        "pathway": data["pathway"],
        "places": value if size == "places" else None,
        "los_change": value if size == "los_change" else None,
        "localities": data["localities"],
        "start_year": data["start_year"],
        "full_effect_year": data["full_effect_year"],
        "evidence": parse_evidence(data["evidence"]),
        "note": data["note"],
    }


def field_for(path: str) -> str | None:
    """The form field for an engine error's path inside a discharge lever ('places.low' -> places_low);
    None for the lever as a whole."""
    return next((f for p, f in FIELDS if path.startswith(p)), None) if path else None
