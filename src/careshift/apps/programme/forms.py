"""Forms for the programme office's records. Every edit form asks why (kept in the change history)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from careshift.analysis.programme import savings
from careshift.analysis.programme.ratings import CONFIDENCE_LABELS, THEMES
from careshift.apps.programme import models as m
from careshift.site.concurrency import VersionedForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON_HELP = "Why you are making this change (kept in the change history)."


def _queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", "nhsuk-textarea")
            widget.attrs.setdefault("rows", 3)
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "nhsuk-select")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "nhsuk-checkboxes__input")
        else:
            widget.attrs.setdefault("class", "nhsuk-input")


class RecordForm(VersionedForm, forms.ModelForm):
    """A record's edit form: asks why, and carries the version it was opened at (a save is refused if
    someone else saved the record since)."""

    reason = forms.CharField(required=False, max_length=2000, help_text=REASON_HELP, widget=forms.TextInput())

    def __init__(self, *args: Any, project: m.Project | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        if self.instance.pk is not None:
            self.initial.setdefault("version", self.instance.version)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE
        if "owner" in self.fields:
            _queryset(self, "owner", get_user_model().objects.filter(is_active=True).order_by("username"))
        _style(self)


class ProjectForm(RecordForm):
    localities = forms.MultipleChoiceField(
        choices=list(m.LOCALITIES.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    levers = forms.CharField(
        required=False,
        help_text="Names of the scenario's levers this project delivers, one a line.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = m.Project
        fields = [
            "workstream",
            "parent",
            "reference",
            "name",
            "description",
            "owner",
            "assignees",
            "localities",
            "start_date",
            "end_date",
            "depends_on",
            "scenario",
            "levers",
        ]

    def __init__(self, *args: Any, programme: m.Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "workstream", programme.workstreams.all())
        siblings = m.Project.objects.filter(workstream__programme=programme).exclude(pk=self.instance.pk)
        _queryset(self, "parent", siblings)
        _queryset(self, "depends_on", siblings)
        _queryset(self, "assignees", get_user_model().objects.filter(is_active=True))
        self.initial["levers"] = "\n".join(self.instance.levers or [])  # one a line, not a list repr
        self.fields["localities"].widget.attrs = {}

    def clean_levers(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["levers"].splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date is before the start date.")
        return data


class MilestoneForm(RecordForm):
    class Meta:
        model = m.Milestone
        fields = ["reference", "name", "baseline", "forecast", "actual"]


class ActionForm(RecordForm):
    class Meta:
        model = m.Action
        fields = ["title", "owner", "due", "status", "notes"]


class DecisionForm(RecordForm):
    class Meta:
        model = m.Decision
        fields = ["title", "decision", "rationale", "decided_by", "decided_on"]


class RaidForm(RecordForm):
    class Meta:
        model = m.RaidItem
        fields = [
            "reference",
            "kind",
            "title",
            "description",
            "owner",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "mitigations",
            "proximity",
            "review_date",
            "status",
        ]


class SavingsLineForm(RecordForm):
    annual_plan = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        help_text="Optional: phase this amount evenly over the months of the financial year below.",
    )
    phase_year = forms.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="The financial year to phase into (the year it starts in).",
    )

    class Meta:
        model = m.SavingsLine
        fields = [
            "reference",
            "title",
            "category",
            "cash_releasing",
            "recurrent",
            "full_year_effect",
            "confidence",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("phase_year", savings.financial_year(dt.date.today()))


class BenefitForm(RecordForm):
    class Meta:
        model = m.Benefit
        fields = ["title", "kind", "measure", "unit", "baseline", "target", "owner", "disbenefit"]


class BenefitValueForm(RecordForm):
    class Meta:
        model = m.BenefitValue
        fields = ["benefit", "date", "planned", "realised"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.project is not None:
            _queryset(self, "benefit", self.project.benefits.all())


class ResourceCostForm(RecordForm):
    class Meta:
        model = m.ResourceCost
        fields = ["description", "kind", "staff_group", "wte", "amount", "financial_year"]


class ArtefactForm(RecordForm):
    link = forms.URLField(required=False, assume_scheme="https", help_text="Where the document is kept.")

    class Meta:
        model = m.Artefact
        fields = ["kind", "title", "link", "approved", "approved_on"]


class MeetingForm(RecordForm):
    class Meta:
        model = m.BoardMeeting
        fields = ["title", "date", "papers_due", "notes"]


class MonthsForm(VersionedForm):
    """A savings line's plan and actuals for the twelve months of one financial year (with the line's
    version: saving the grid is refused if someone changed the line's months since it was opened)."""

    def __init__(self, *args: Any, line: m.SavingsLine, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", line.version)
        self.line, self.year, self.months = line, year, savings.fy_months(year)
        existing = {r.month: r for r in line.months.filter(month__in=self.months)}
        for month in self.months:
            row = existing.get(month)
            key = month.strftime("%Y_%m")
            self.fields[f"plan_{key}"] = forms.DecimalField(
                label=f"{month:%b %Y} plan",
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=row.plan if row else None,
            )
            self.fields[f"actual_{key}"] = forms.DecimalField(
                label=f"{month:%b %Y} actual",
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=row.actual if row else None,
            )
        self.fields["reason"] = forms.CharField(required=False, max_length=2000, help_text=REASON_HELP)
        _style(self)

    def rows(self) -> list[tuple[dt.date, forms.BoundField, forms.BoundField]]:
        return [(mo, self[f"plan_{mo:%Y_%m}"], self[f"actual_{mo:%Y_%m}"]) for mo in self.months]

    def values(self) -> dict[dt.date, tuple[Decimal, Decimal | None]]:
        return {
            mo: (self.cleaned_data[f"plan_{mo:%Y_%m}"] or Decimal(0), self.cleaned_data[f"actual_{mo:%Y_%m}"])
            for mo in self.months
        }


class AssessmentForm(forms.Form):
    rating = forms.ChoiceField(
        choices=[(c.value, label) for c, label in CONFIDENCE_LABELS.items()], label="Delivery confidence"
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you override careshift's suggestion.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Use careshift's suggestion"), ("green", "Green"), ("amber", "Amber"), ("red", "Red")]
        for theme in THEMES:
            self.fields[f"theme_{theme}"] = forms.ChoiceField(
                choices=choices, required=False, label=f"{theme.capitalize()} RAG"
            )
        _style(self)

    def themes(self) -> dict[str, str]:
        return {t: self.cleaned_data[f"theme_{t}"] for t in THEMES if self.cleaned_data.get(f"theme_{t}")}


class StageForm(VersionedForm):
    stage = forms.ModelChoiceField(queryset=m.Stage.objects.none(), empty_label=None)
    reason = forms.CharField(required=False, max_length=2000, help_text=REASON_HELP)

    def __init__(self, *args: Any, project: m.Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "stage", project.workstream.programme.stages.all())
        self.fields["stage"].initial = project.stage_id
        self.initial.setdefault("version", project.version)
        _style(self)


class ReportForm(forms.Form):
    period = forms.DateField(
        widget=DATE,
        help_text="Any day in the reporting month.",
        initial=lambda: dt.date.today().replace(day=1),
    )


class CommentaryForm(VersionedForm):
    commentary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The lead's summary for the board: progress, concerns, asks.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
