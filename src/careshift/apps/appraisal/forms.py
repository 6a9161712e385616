"""Forms for appraisals, options, criteria, panel scores, hurdles, evidence and equality rows."""

from __future__ import annotations

from typing import Any

from django import forms

from careshift.apps.accounts.forms import NhsFormMixin
from careshift.apps.appraisal.models import (
    Appraisal,
    Criterion,
    EffectSize,
    EqualityRow,
    EvidenceItem,
    Option,
)
from careshift.model.evidence_effects import TARGETS
from careshift.site.spreadsheets.web import UploadForm


class AppraisalForm(NhsFormMixin, forms.ModelForm):
    class Meta:
        model = Appraisal
        fields = ("name", "description", "method", "horizon_year", "travel_basis")
        help_texts = {
            "method": "Weighted sum: normalised scores times weights. TOPSIS: closeness to the ideal option.",
            "horizon_year": "The year whose model results the criteria use.",
        }

    travel_basis = forms.ChoiceField(
        label="Travel times for the access criteria",
        help_text="The access criteria and the equality assessment's pre-filled rows use these times. "
        "Import a travel-time matrix on the access page to choose it here.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from careshift.apps.appraisal.access import travel_choices

        matrices = self.instance.travel_matrices.defer("areas", "minutes") if self.instance.pk else ()
        field = self.fields["travel_basis"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = travel_choices(matrices)
        if not self.instance.pk:
            field.initial = "car"

    def clean_horizon_year(self) -> int:
        year = int(self.cleaned_data["horizon_year"])
        if not 2023 <= year <= 2060:
            raise forms.ValidationError("Choose a year between 2023 and 2060.")
        return year


def _site_choices() -> list[tuple[str, str]]:
    from careshift.apps.places import data

    sites = data.sites().sort_values(["kind", "name"])
    return [(str(row.code), f"{row.name} ({row.kind_label})") for row in sites.itertuples()]


class OptionForm(NhsFormMixin, forms.ModelForm):
    site_codes = forms.MultipleChoiceField(
        label="Sites this option keeps open",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Access to services is measured from every small area to the nearest of these.",
    )

    class Meta:
        model = Option
        fields = ("name", "description", "scenario", "site_codes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["site_codes"]
        field.choices = _site_choices()


class CriterionForm(NhsFormMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = (
            "name",
            "description",
            "kind",
            "source",
            "higher_is_better",
            "weight",
            "weight_low",
            "weight_high",
            "principles",
        )
        widgets = {"principles": forms.CheckboxSelectMultiple}
        help_texts = {
            "weight": "Relative importance; weights are scaled to sum to 100%.",
            "higher_is_better": "Untick for cost, travel time or risk, where less is better.",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, weight, high = data.get("weight_low"), data.get("weight"), data.get("weight_high")
        for name in ("weight_low", "weight", "weight_high"):
            value = data.get(name)
            if value is not None and not (0 <= value <= 1000):
                self.add_error(name, "Use a weight between 0 and 1,000.")
        if None not in (low, weight, high) and not low <= weight <= high:  # type: ignore[operator]
            self.add_error("weight", "The weight must lie between its lowest and highest acceptable values.")
        return data


class ScoreForm(NhsFormMixin, forms.Form):
    score = forms.FloatField(min_value=0, max_value=10, help_text="0 (worst) to 10 (best).")
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Why this score.")


class HurdleForm(NhsFormMixin, forms.Form):
    passed = forms.TypedChoiceField(
        choices=[("yes", "Passes"), ("no", "Fails")], coerce=lambda v: v == "yes", widget=forms.RadioSelect
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(NhsFormMixin, forms.ModelForm):
    class Meta:
        model = EvidenceItem
        fields = (
            "title",
            "citation",
            "link",
            "kind",
            "grade",
            "published",
            "summary",
            "workstream_tags",
            "lever_tags",
        )
        widgets = {
            "citation": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"published": "YYYY-MM-DD"}
        field_classes = {"link": lambda **kw: forms.URLField(assume_scheme="https", **kw)}


class EffectSizeForm(NhsFormMixin, forms.ModelForm):
    class Meta:
        model = EffectSize
        fields = ("outcome", "unit", "low", "central", "high")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, central, high = data.get("low"), data.get("central"), data.get("high")
        if None not in (low, central, high) and not low <= central <= high:  # type: ignore[operator]
            self.add_error("central", "The central effect must lie between the low and the high one.")
        return data


class EqualityRowForm(NhsFormMixin, forms.ModelForm):
    class Meta:
        model = EqualityRow
        fields = ("impact", "evidence", "mitigation")
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
        }


class SearchForm(NhsFormMixin, forms.Form):
    q = forms.CharField(required=False, label="Search the evidence", max_length=200)


class LocationForm(NhsFormMixin, forms.Form):
    hubs = forms.IntegerField(min_value=1, max_value=30, initial=5, label="Number of hubs")
    kind = forms.ChoiceField(
        label="Candidate sites",
        choices=[
            ("gp_practice", "GP practices"),
            ("community_hospital", "Community hospitals"),
            ("all", "All sites"),
        ],
        initial="gp_practice",
    )
    method = forms.ChoiceField(
        choices=[
            ("pmedian", "p-median: least total travel time"),
            ("mclp", "Maximal covering: most people within the standard"),
        ],
        widget=forms.RadioSelect,
        initial="pmedian",
    )
    standard = forms.FloatField(min_value=5, max_value=120, initial=30, label="Service standard (minutes)")
    weight = forms.ChoiceField(
        choices=[("population", "All residents"), ("over_75", "Residents aged 75 and over")],
        initial="population",
    )


class TravelMatrixForm(NhsFormMixin, UploadForm):
    """An imported travel-time matrix: its name, where it comes from, and the file."""

    name = forms.CharField(max_length=200, help_text="e.g. 'Public transport, weekday morning peak'.")
    source = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where the times come from: the tool (e.g. r5r, OpenTripPlanner), network data and date.",
    )
    field_order = ["name", "source", "file"]

    def __init__(self, *args: Any, appraisal: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.appraisal = appraisal

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if self.appraisal.travel_matrices.filter(name=name).exists():
            raise forms.ValidationError(
                f"This appraisal already has travel times called '{name}'. Choose another name."
            )
        return name


class ApplyEffectForm(NhsFormMixin, forms.Form):
    """Use one of an evidence item's effect sizes as a scenario lever's range."""

    effect = forms.ModelChoiceField(queryset=EffectSize.objects.none(), label="Effect size")
    lever = forms.ChoiceField(label="Scenario lever", help_text="Scenario and lever the effect applies to.")
    target = forms.ChoiceField(label="Use it as", choices=list(TARGETS.items()))

    def __init__(self, *args: Any, evidence: Any, levers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effect"].queryset = evidence.effects.all()  # type: ignore[attr-defined]
        self.fields["lever"].choices = levers  # type: ignore[attr-defined]
