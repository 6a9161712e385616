"""Forms for scenarios and runs. Every field has help text; choices come from the data pack.

The scenario page is several forms bundled by :class:`careshift.apps.scenarios.editor.ScenarioEditor`:
:class:`ScenarioForm` (the scenario as a whole), a formset of :class:`LeverForm`, :class:`FinanceForm`
and :class:`CapacityForm`. Their cleaned data become one dict that the engine's pydantic ``Scenario``
validates, so the form and a YAML file obey exactly the same rules.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms

from careshift.apps.scenarios import engine
from careshift.apps.scenarios.fields import PercentField, percent_text
from careshift.apps.scenarios.models import Run
from careshift.apps.scenarios.services import MAX_ITERATIONS, MAX_SEED
from careshift.documents import MAX_BYTES
from careshift.site.concurrency import VersionedForm

# choices from the data pack by kind: [(code, label), ...], or [(group label, [(code, label), ...]), ...]
Choices = dict[str, list[tuple[str, Any]]]

AGE_STARTS = [(str(a), str(a)) for a in range(0, 95, 5)]
AGE_ENDS = [("", "No upper limit")] + [(str(a), str(a)) for a in range(4, 90, 5)]
SEXES = [("female", "Female"), ("male", "Male")]
KINDS = [
    ("avoid", "Avoid: prevent a share of the activity"),
    ("shift", "Shift: move a share to another activity"),
    ("efficiency", "Efficiency: change length of stay"),
    ("growth", "Growth: more (or less) of the activity"),
]
# the data pack's activity groups, in the order the form lists them
ACTIVITY_GROUPS = {
    "acute": "Acute hospital",
    "community": "Community",
    "social_care": "Social care",
    "primary_care": "Primary care",
}
# a lever's size: the words that name it, and its range in percent
SIZES = {
    "share": ("Share of activity", 0.0, 100.0),
    "growth": ("Growth at full effect", -100.0, 1000.0),
    "los_change": ("Length-of-stay change", -100.0, 100.0),
}
UNCERTAIN_HELP = (
    "Give low and high for an 80% interval (8 in 10 plausible values lie between them); "
    "add a most likely value for a triangular estimate; low = high for a fixed number."
)
GROWTH_EXAMPLE = "E.g. 0.5 for 0.5% a year."


def _css(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "nhsuk-checkboxes__input"
    if isinstance(widget, forms.CheckboxInput):
        return "nhsuk-checkboxes__input"
    if isinstance(widget, forms.Select):
        return "nhsuk-select"
    if isinstance(widget, forms.Textarea):
        return "nhsuk-textarea"
    if isinstance(widget, forms.ClearableFileInput):
        return "nhsuk-file-upload"
    if isinstance(widget, forms.NumberInput):
        return "nhsuk-input nhsuk-input--width-10"
    return "nhsuk-input"


class NhsForm(forms.Form):
    """A form whose widgets carry the NHS.UK classes (and the error class after validation)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = _css(field.widget)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            self._mark_error(name)

    def choice_field(self, name: str) -> forms.ChoiceField:
        """The named field, typed as a choice field (to set its choices from the data pack)."""
        return cast(forms.ChoiceField, self.fields[name])

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._mark_error(field)

    def _mark_error(self, name: str | None) -> None:
        """Give the named field's widget the error class once (a field added after ``__init__``, as
        :class:`CapacityForm` adds its fields, gets its base class here first)."""
        if name not in self.fields:
            return
        attrs = self.fields[name].widget.attrs
        css = attrs.setdefault("class", _css(self.fields[name].widget))
        if "checkboxes" not in css and "--error" not in css:
            attrs["class"] = f"{css} nhsuk-input--error"


class PlainNumberInput(forms.NumberInput):
    """Shows a saved number as a person would type it: 2000000, not 2000000.0."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return super().format_value(value)


def _num(label: str, help_text: str, **kwargs: Any) -> forms.FloatField:
    kwargs.setdefault("widget", PlainNumberInput)
    return forms.FloatField(label=label, help_text=help_text, required=False, **kwargs)


class ScenarioForm(VersionedForm, NhsForm):
    """The scenario as a whole; ``version`` (hidden) is the version the page was opened at."""

    name = forms.CharField(max_length=200, help_text="A short name, e.g. 'Virtual wards at scale'.")
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What this scenario tests and why.",
    )
    horizon_year = forms.IntegerField(
        min_value=2025, max_value=2040, initial=2040, help_text="The last year modelled (2025 to 2040)."
    )
    variant = forms.ChoiceField(
        required=False,
        label="Population projection",
        help_text="Which population projection to use; blank for the data pack's principal projection.",
    )
    sample_variants = forms.BooleanField(
        required=False,
        label="Draw a projection at random in each iteration",
        help_text="Adds the uncertainty between projection variants to the results.",
    )
    include_housing_growth = forms.BooleanField(
        required=False,
        help_text="Add residents from planned housing (a labelled assumption in the data pack).",
    )
    growth_low = PercentField(
        label="Non-demographic growth a year, low (%)",
        help_text="A percentage a year, e.g. 0.5 for 0.5% a year. " + UNCERTAIN_HELP,
        low=-50,
        high=50,
        example=GROWTH_EXAMPLE,
    )
    growth_mode = PercentField(
        label="Non-demographic growth a year, most likely (%)",
        help_text="Only for a triangular estimate.",
        low=-50,
        high=50,
        example=GROWTH_EXAMPLE,
    )
    growth_high = PercentField(
        label="Non-demographic growth a year, high (%)",
        help_text="E.g. 2 for 2% a year; blank for none.",
        low=-50,
        high=50,
        example=GROWTH_EXAMPLE,
    )
    assumptions = forms.BooleanField(
        required=False,
        initial=True,
        label="Sample the data pack's assumptions",
        help_text="In each iteration, draw the data pack's labelled assumptions (activity rates, lengths "
        "of stay, unit and bed-day costs) from their 80% ranges; untick to use their central values.",
    )
    parameter_uncertainty = forms.BooleanField(
        required=False,
        initial=True,
        label="Sample this scenario's uncertain values",
        help_text="In each iteration, draw growth and each lever's effect from the low-to-high intervals "
        "given on this page; untick to use their central values only.",
    )
    illustrative = forms.BooleanField(
        required=False, help_text="Tick when the numbers are illustrative assumptions, not agreed plans."
    )
    iterations = forms.IntegerField(
        min_value=1,
        max_value=MAX_ITERATIONS,
        initial=1000,
        help_text="Default number of Monte Carlo iterations for runs (1,000 is enough for most decisions).",
    )
    seed = forms.IntegerField(
        min_value=0,
        max_value=MAX_SEED,
        initial=42,
        help_text="Default master seed: same seed, same results.",
    )

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choice_field("variant").choices = [("", "Principal projection"), *choices["variants"]]

    def clean(self) -> dict[str, Any]:
        """Growth's low no more than its high (and its most likely between them), in percentages beside
        the field; the engine checks the same in fractions, in words far from it."""
        data: dict[str, Any] = super().clean() or {}
        low, mode, high = (data.get(f"growth_{end}") for end in ("low", "mode", "high"))
        if low is not None and high is not None and low > high:
            self.add_error(
                "growth_low",
                f"Growth a year: the low ({percent_text(low)}%) is more than the high "
                f"({percent_text(high)}%); swap them.",
            )
        elif mode is not None and ((low is not None and mode < low) or (high is not None and mode > high)):
            self.add_error(
                "growth_mode", "Growth a year: the most likely value must lie between low and high."
            )
        return data


class LeverForm(NhsForm):
    name = forms.CharField(max_length=200, help_text="A unique name; it labels this lever in the waterfall.")
    kind = forms.ChoiceField(choices=KINDS, help_text="What the lever does to the cohort's activity.")
    activities = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        help_text="The activities the lever applies to: tick one or more.",
    )
    min_age = forms.TypedChoiceField(
        choices=AGE_STARTS, coerce=int, initial="0", help_text="First age included (start of a 5-year band)."
    )
    max_age = forms.TypedChoiceField(
        choices=AGE_ENDS,
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Last age included (end of a 5-year band), or no upper limit.",
    )
    sexes = forms.MultipleChoiceField(
        choices=SEXES,
        initial=["female", "male"],
        widget=forms.CheckboxSelectMultiple,
        help_text="Who the lever applies to.",
    )
    localities = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every locality.",
    )
    share_low = PercentField(
        label="Share, low",
        help_text="Percentage of the cohort's activity affected, e.g. 5. " + UNCERTAIN_HELP,
    )
    share_mode = PercentField(label="Share, most likely", help_text="Only for a triangular estimate.")
    share_high = PercentField(
        label="Share, high", help_text="E.g. 15. For growth levers, the growth at full effect (10 = 10%)."
    )
    to_activity = forms.ChoiceField(
        required=False, label="Shift to activity", help_text="Shift levers: the activity the care moves to."
    )
    conversion_low = _num(
        "Conversion, low", "Shift levers: units of the target per unit moved out (default 1)."
    )
    conversion_high = _num("Conversion, high", "Equal to low for a fixed conversion.")
    conversion_unit = forms.ChoiceField(
        choices=[("units", "Units of the target activity"), ("bed_days", "Bed days of the target activity")],
        initial="units",
        help_text="Shift levers: what the conversion counts.",
    )
    los_change_low = PercentField(
        label="Length-of-stay change, low", help_text="Efficiency levers: e.g. -15 for 15% shorter stays."
    )
    los_change_high = PercentField(
        label="Length-of-stay change, high", help_text="E.g. -5 for 5% shorter stays."
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
    one_off_cost = _num("One-off implementation cost (£)", "Paid once, in the start year.", min_value=0)
    recurring_cost = _num(
        "Recurring implementation cost (£ a year)", "Paid every year from the start year.", min_value=0
    )

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        activities = choices.get("activity_groups") or [("Activities", choices["activities"])]
        self.activity_choices = activities
        self.choice_field("activities").choices = activities
        self.choice_field("localities").choices = choices["localities"]
        self.choice_field("to_activity").choices = [("", "Not a shift lever"), *activities]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        kind = data.get("kind", "avoid")
        self._check_size("share", data, *SIZES["growth" if kind == "growth" else "share"])
        self._check_size("los_change", data, *SIZES["los_change"])
        return data

    def _check_size(self, size: str, data: dict[str, Any], words: str, lo: float, hi: float) -> None:
        """Each end of a lever's size within its range, low no more than high, in percentages beside
        the field (the engine checks the same in fractions)."""
        ends = {end: data.get(f"{size}_{end}") for end in ("low", "mode", "high")}
        for end, value in ends.items():
            if value is not None and not lo <= value * 100 <= hi:
                side = "more" if value * 100 > hi else "less"
                limit = hi if side == "more" else lo
                self.add_error(
                    f"{size}_{end}",
                    f"{words}: {percent_text(value)}% is {side} than {limit:g}%; it must be between "
                    f"{lo:g}% and {hi:g}%.",
                )
        low, mode, high = ends.values()
        if low is not None and high is not None and low > high:
            self.add_error(
                f"{size}_low",
                f"{words}: the low ({percent_text(low)}%) is more than the high ({percent_text(high)}%); "
                "swap them.",
            )
        elif mode is not None and ((low is not None and mode < low) or (high is not None and mode > high)):
            self.add_error(f"{size}_mode", f"{words}: the most likely value must lie between low and high.")

    def activity_groups(self) -> list[tuple[str, list[Any]]]:
        """The activity checkboxes grouped as the data pack groups them: [(label, [box, ...]), ...]."""
        boxes = iter(self["activities"].subwidgets)
        return [(label, [next(boxes) for _ in options]) for label, options in self.activity_choices]

    def summary(self) -> str:
        """One line for the lever's collapsed section: 'Virtual wards — shift, 5%–15%'."""
        kind = self["kind"].value() or "avoid"
        size = "los_change" if kind == "efficiency" else "share"
        span = _span(self[f"{size}_low"].value(), self[f"{size}_high"].value())
        label = "length of stay " if kind == "efficiency" and span else ""
        return f"{self['name'].value() or 'New lever'} — {kind}" + (f", {label}{span}" if span else "")


def _percent(value: Any) -> str | None:
    """A percentage field's value (as typed, or shown from the stored fraction) for the summary line."""
    try:
        return f"{float(value):.4g}%".replace("-", "\u2212")
    except (TypeError, ValueError):
        return None


def _span(low: Any, high: Any) -> str:
    """'5%–15%' (or '−15% to −5%') for a low and a high (either may be blank or still mistyped)."""
    ends = [p for p in (_percent(low), _percent(high)) if p]
    if len(set(ends)) == 1:
        return ends[0]
    return (" to " if any(e.startswith("\u2212") for e in ends) else "\u2013").join(ends)


class BaseLeverFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, choices: Choices, **kwargs: Any):
        self.choices = choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "choices": self.choices}


LeverFormSet = cast(
    type[BaseLeverFormSet],
    forms.formset_factory(LeverForm, formset=BaseLeverFormSet, extra=0, can_delete=True),
)


class FinanceForm(NhsForm):
    baseline_budget = _num(
        "Baseline budget (£ a year)",
        "The annual budget in the base year, for context in the results.",
        min_value=0,
    )
    savings_target = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One year a line, 'year: amount in £', e.g. '2030: 5000000'; carried forward",
    )

    def clean_savings_target(self) -> dict[str, float]:
        targets: dict[str, float] = {}
        for number, line in enumerate(self.cleaned_data["savings_target"].splitlines(), start=1):
            if not line.strip():
                continue
            year, sep, amount = line.partition(":")
            try:
                targets[str(int(year.strip()))] = float(amount.strip().replace(",", "").lstrip("£"))
            except ValueError:
                raise forms.ValidationError(
                    f"Line {number} ('{line.strip()}') is not 'year: amount', e.g. '2030: 5000000'."
                ) from None
            if not sep:
                raise forms.ValidationError(f"Line {number} needs a colon between the year and the amount.")
        return targets


class CapacityForm(NhsForm):
    """One group of fields per bed setting: ``<code>__target_occupancy`` and so on."""

    FIELDS = ("target_occupancy", "max_turn_away_risk", "planned_beds")

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.settings = choices["bed_settings"]
        for code, label in self.settings:
            self.fields[f"{code}__target_occupancy"] = PercentField(
                label=f"{label}: target occupancy (%)",
                help_text="The occupancy to plan at, as a percentage, e.g. 92 for 92%; blank for the "
                "data pack's default.",
                low=1,
                high=100,
                fraction_below=1,
                example="E.g. 92 for 92%.",
            )
            self.fields[f"{code}__max_turn_away_risk"] = PercentField(
                label=f"{label}: risk target (%)",
                help_text="The highest acceptable probability that an arriving patient finds no bed, as a "
                "percentage: 5 means at or above full occupancy on no more than one day in twenty, over "
                "the year with its winter (with the Erlang loss measure: the chance of turning a patient "
                "away); blank for 5%.",
                low=0.01,
                high=99.99,
                example="E.g. 5 for 5%.",
            )
            self.fields[f"{code}__planned_beds"] = forms.IntegerField(
                label=f"{label}: planned beds (county)",
                required=False,
                min_value=0,
                help_text="The beds planned, at which occupancy and the risk of finding no bed are "
                "measured; blank for today's beds (the published bed stock where the data pack has it, "
                "counted as the pack's residents' beds: the trust's beds x the residents' share of its "
                "beds / the share of residents' beds at the trust; else the base year's beds at target "
                "occupancy).",
            )
        for field in self.fields.values():  # the fields above were added after NhsForm styled its own
            field.widget.attrs.setdefault("class", _css(field.widget))

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(label, [self[f"{code}__{f}"] for f in self.FIELDS]) for code, label in self.settings]


class ImportForm(NhsForm):
    file = forms.FileField(
        help_text=f"A scenario file in YAML or JSON (e.g. one exported from careshift), at most "
        f"{MAX_BYTES // 1000:,} KB."
    )
    name = forms.CharField(
        max_length=200, required=False, help_text="Blank to use the name written in the file."
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:  # refused before reading it (careshift.documents parses the rest)
            raise forms.ValidationError(
                f"The file is {upload.size:,} bytes; a scenario file may be at most {MAX_BYTES:,}."
            )
        return upload


class RunForm(NhsForm):
    iterations = forms.IntegerField(
        min_value=1, max_value=MAX_ITERATIONS, help_text="Monte Carlo iterations; more take longer."
    )
    seed = forms.IntegerField(
        min_value=0, max_value=MAX_SEED, help_text="Master seed: the same seed gives the same results."
    )
    executor = forms.ChoiceField(
        choices=Run.Executor.choices,
        help_text="Where the iterations run: this server, or a Dask cluster (local if none is configured).",
    )


class CopyForm(NhsForm):
    name = forms.CharField(max_length=200, help_text="The name of the new scenario.")


def pack_choices() -> Choices:
    """The data pack's choices, plus ``activity_groups``: [(group label, [(code, label), ...]), ...]."""
    choices: Choices = dict(engine.pack_choices())
    labels = dict(choices["activities"])
    groups: dict[str, list[tuple[str, str]]] = {group: [] for group in ACTIVITY_GROUPS}
    for activity in engine.load_pack().activities:
        groups.setdefault(activity.group, []).append((activity.code, labels[activity.code]))
    choices["activity_groups"] = [
        (ACTIVITY_GROUPS.get(g, g.replace("_", " ").capitalize()), options)
        for g, options in groups.items()
        if options
    ]
    return choices


class ResultsFilterForm(NhsForm):
    """Which locality and setting the results page shows (submitted by HTMX on change)."""

    locality = forms.ChoiceField(help_text="The county as a whole, or one locality.")
    setting = forms.ChoiceField(
        help_text="The setting of care for activity, beds and workforce; cost and savings cover all settings."
    )

    def __init__(self, *args: Any, options: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choice_field("locality").choices = options["localities"]
        self.choice_field("setting").choices = options["settings"] or [("all", "All settings")]
        default = (options.get("default_setting") or ["all"])[0]  # the first bed setting, when there is one
        self.fields["locality"].initial, self.fields["setting"].initial = "county", default

    def choice(self) -> tuple[str, str]:
        """The chosen (locality, setting), or the defaults when nothing (valid) was chosen."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["locality"], self.cleaned_data["setting"]
        return str(self.fields["locality"].initial), str(self.fields["setting"].initial)


class CompareForm(NhsForm):
    scenarios: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        queryset=None,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text="Two or more, each through its pinned run (agreed) or latest finished run. The first "
        "you tick is the reference (without JavaScript, the first in the list).",
    )
    order = forms.CharField(
        required=False,
        widget=forms.HiddenInput,
        help_text="The scenarios in the order they were ticked (kept by the page's script).",
    )
    measure = forms.ChoiceField(initial="cost", help_text="What to compare.")
    setting = forms.ChoiceField(
        initial="all", help_text="For measures split by setting; cost and savings cover all settings."
    )
    locality = forms.ChoiceField(initial="county", help_text="The county as a whole, or one locality.")
    runs = forms.CharField(
        required=False,
        max_length=500,
        label="Runs to use (optional)",
        help_text="Run numbers, e.g. 12, 15. Blank: each scenario's pinned run if it is agreed, else its "
        "latest finished run.",
    )

    def __init__(self, *args: Any, scenarios: Any, **kwargs: Any):
        from careshift.apps.scenarios.compare import MEASURES
        from careshift.apps.scenarios.results import measure_label

        super().__init__(*args, **kwargs)
        choices = pack_choices()
        cast("forms.ModelMultipleChoiceField[Any]", self.fields["scenarios"]).queryset = scenarios
        self.choice_field("measure").choices = [(m, measure_label(m)) for m in MEASURES]
        self.choice_field("setting").choices = [("all", "All settings"), *choices["settings"]]
        self.choice_field("locality").choices = [("county", "County"), *choices["localities"]]

    def clean_scenarios(self) -> list[Any]:
        chosen = list(self.cleaned_data["scenarios"])
        if len(chosen) < 2:
            raise forms.ValidationError("Choose at least two scenarios to compare.")
        return sorted(chosen, key=self._position)

    def clean_runs(self) -> dict[int, Run]:
        """The named runs, by their scenario's id: each a finished run of a chosen scenario, one each."""
        text = self.cleaned_data.get("runs") or ""
        numbers = [part.strip().removeprefix("run").strip() for part in text.replace(";", ",").split(",")]
        try:
            ids = [int(n) for n in numbers if n]
        except ValueError:
            raise forms.ValidationError("Give run numbers separated by commas, e.g. 12, 15.") from None
        found = {run.pk: run for run in Run.objects.with_job().select_related("scenario").filter(pk__in=ids)}
        chosen: dict[int, Run] = {}
        for pk in ids:
            run = found.get(pk)
            if run is None:
                raise forms.ValidationError(f"There is no run number {pk}.")
            if run.status != Run.Status.SUCCEEDED:
                raise forms.ValidationError(f"Run {pk} has no results: it is {run.status}.")
            if run.scenario_id in chosen and chosen[run.scenario_id].pk != pk:
                raise forms.ValidationError(
                    f"Runs {chosen[run.scenario_id].pk} and {pk} are both of '{run.scenario.name}'; "
                    "name one run per scenario."
                )
            chosen[run.scenario_id] = run
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        picked = {s.pk for s in data.get("scenarios") or []}
        strays = [run for run in (data.get("runs") or {}).values() if run.scenario_id not in picked]
        if strays and "scenarios" in data:
            names = ", ".join(f"run {run.pk} ({run.scenario.name})" for run in strays)
            self.add_error("runs", f"{names}: tick its scenario too, or leave the run out.")
        return data

    def _position(self, scenario: Any) -> tuple[int, int]:
        """Where a chosen scenario comes: by the ticking order the page records, then as in the query."""
        ticked = [s for s in str(self.data.get("order") or "").split(",") if s]
        listed = self.data.getlist("scenarios") if hasattr(self.data, "getlist") else []
        return tuple(  # type: ignore[return-value]
            order.index(scenario.slug) if scenario.slug in order else len(order) for order in (ticked, listed)
        )


class PinForm(NhsForm):
    """Mark a scenario agreed with one of its finished runs pinned, or move the pin (with a reason)."""

    run = forms.TypedChoiceField(
        coerce=int,
        label="Run to pin",
        help_text="The finished run that board figures and comparisons quote; a later rerun leaves it.",
    )
    reason = forms.CharField(
        max_length=500, help_text="Why this run (kept in the audit log), e.g. 'Agreed at the March board'."
    )

    def __init__(self, *args: Any, scenario: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        runs = scenario.runs.succeeded().order_by("-job__finished_at", "-pk")
        self.choice_field("run").choices = [
            (
                run.pk,
                f"Run {run.pk}: {run.iterations:,} iterations, seed {run.seed}, finished "
                f"{run.finished_at:%d %b %Y %H:%M}",
            )
            for run in runs
        ]
        if scenario.pinned_run_id:
            self.fields["run"].initial = scenario.pinned_run_id


class DraftForm(NhsForm):
    """Return an agreed scenario to draft (it is then compared through its latest run)."""

    reason = forms.CharField(max_length=500, help_text="Why it is no longer agreed (kept in the audit log).")


class SaveViewForm(NhsForm):
    """Save the page it sits on (its address, with the filters) as a named view."""

    name = forms.CharField(
        max_length=200, label="Save this view as", help_text="A name, e.g. 'Acute beds, Oxford City'."
    )
    path = forms.CharField(max_length=2300, widget=forms.HiddenInput)


class ExploreForm(NhsForm):
    """What the explore page shows (submitted as GET, so the address names the view)."""

    measure = forms.ChoiceField(help_text="The measure every chart shows.")
    by = forms.ChoiceField(
        label="Small multiples", help_text="One chart for each setting, or for each locality."
    )
    setting = forms.ChoiceField(
        help_text="For the localities' charts, the map and the distribution. Cost, savings and the "
        "workforce total cover all settings."
    )
    year = forms.ChoiceField(help_text="The year of the map and the distribution.")

    def __init__(self, *args: Any, run_options: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("measure", "by", "setting", "year"):
            self.choice_field(name).choices = run_options[name]


class SaveTemplateForm(NhsForm):
    """Which scenario's lever to save in the lever library (``levers``: 'slug|name' choices)."""

    lever = forms.ChoiceField(
        label="A scenario's lever",
        help_text="Its cohort, ranges, timing, evidence and cost become a template anyone can start from.",
    )

    def __init__(self, *args: Any, levers: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choice_field("lever").choices = [("", "Choose a lever"), *levers]
