"""Staff forms: the register, the plan, the calendar and decisions."""

from __future__ import annotations

from django import forms

from careshift.apps.engagement.models import (
    Action,
    Commitment,
    Decision,
    Interaction,
    PlannedItem,
    Stakeholder,
)


class StakeholderForm(forms.ModelForm):
    score_note = forms.CharField(
        required=False,
        label="Why the scores changed",
        help_text="Recorded in the dated history when interest or influence changes.",
    )

    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "kind",
            "category",
            "organisation",
            "role_title",
            "email",
            "phone",
            "may_contact",
            "contact_permission_date",
            "lawful_basis",
            "interest",
            "influence",
            "notes",
        ]
        widgets = {"contact_permission_date": forms.DateInput(attrs={"type": "date"})}


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["on", "kind", "stakeholders", "topics", "summary", "issues"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"})}


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["stakeholder", "description", "owner", "due", "status"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}


class VersionForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(
        choices=[("messages", "Messages framework"), ("briefing", "Briefing"), ("faq", "FAQs")]
    )
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}))
    note = forms.CharField(max_length=300, required=False, label="What changed")


class PlanForm(forms.ModelForm):
    class Meta:
        model = PlannedItem
        fields = ["title", "kind", "start", "end", "areas", "override_reason"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "override_reason": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"override_reason": "Justification for going ahead despite a block (programme lead only)"}

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end must be on or after the start.")
        return data


class DecisionForm(forms.ModelForm):
    action = forms.CharField(max_length=300, label="Action that follows")
    action_status = forms.ChoiceField(choices=Action.Status.choices, label="Action status")
    action_owner = forms.CharField(max_length=200, required=False, label="Action owner")

    class Meta:
        model = Decision
        fields = ["themes", "board", "decided_on", "summary", "rationale"]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}),
            "themes": forms.CheckboxSelectMultiple,
        }
