"""The questionnaire builder's rules: forms for a question and a phase, ordering, and the one-click
standard questions (permission to publish, equality monitoring). Views in ``builder_views``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.db.models import Max

from careshift.apps.engagement.models import Consultation, Phase, Question
from careshift.apps.engagement.questionnaire import EQUALITY_QUESTIONS

CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.EQUALITY)
PUBLISH_TEXT = "May we publish your answers, without your name?"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        required=False,
        label="Choices",
        help_text="One per line (single and multiple choice only).",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    show_if_text = forms.CharField(
        required=False,
        label="...has one of these answers",
        help_text="One per line; only used with the question above.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Question
        fields = [
            "key",
            "kind",
            "text",
            "help",
            "required",
            "scale_min",
            "scale_max",
            "scale_labels",
            "show_if",
        ]
        labels = {"key": "Short name", "show_if": "Ask only when this question..."}
        help_texts = {"key": "Letters, numbers and hyphens; used in exports (e.g. 'travel-time')."}

    def __init__(self, consultation: Consultation, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        parents = consultation.questions.filter(kind__in=[*CHOICE_KINDS, Question.Kind.SCALE])
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.initial.setdefault("options_text", "\n".join(map(str, self.instance.options)))
            self.initial.setdefault("show_if_text", "\n".join(map(str, self.instance.show_if_values)))
        field = self.fields["show_if"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = parents
        field.required = False
        field.empty_label = "(always ask)"
        for name in ("scale_min", "scale_max"):
            self.fields[name].required = False  # only scales use them; the model's defaults otherwise

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        taken = self.consultation.questions.filter(key=key).exclude(pk=self.instance.pk or 0)
        if taken.exists():
            raise forms.ValidationError("Another question already has this short name: choose another.")
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, default in (("scale_min", 1), ("scale_max", 5)):
            if data.get(name) is None:
                data[name] = default
        kind, options = data.get("kind"), _lines(data.get("options_text", ""))
        if kind in CHOICE_KINDS and len(options) < 2:
            self.add_error("options_text", "Give at least two choices, one per line.")
        if len(set(options)) != len(options):
            self.add_error("options_text", "Each choice must be different.")
        if kind == Question.Kind.SCALE:
            low, high = data.get("scale_min"), data.get("scale_max")
            if low is not None and high is not None and not 2 <= high - low + 1 <= 11:
                self.add_error(
                    "scale_max", "A scale needs between 2 and 11 points, the top above the bottom."
                )
        self._clean_condition(data)
        return data

    def _clean_condition(self, data: dict[str, Any]) -> None:
        parent, values = data.get("show_if"), _lines(data.get("show_if_text", ""))
        if parent is None:
            if values:
                self.add_error(
                    "show_if", "Choose the question these answers belong to, or clear the answers."
                )
            return
        if not values:
            self.add_error("show_if_text", "Give the answer (or answers) that make this question appear.")
            return
        allowed = (
            [str(i) for i in range(parent.scale_min, parent.scale_max + 1)]
            if parent.kind == Question.Kind.SCALE
            else list(map(str, parent.options))
        )
        wrong = [v for v in values if v not in allowed]
        if wrong:
            self.add_error(
                "show_if_text",
                f"Not an answer to '{parent.text}': {', '.join(wrong)}. It offers: {', '.join(allowed)}.",
            )

    def save(self, commit: bool = True) -> Question:
        q: Question = super().save(commit=False)
        q.consultation = self.consultation
        q.options = _lines(self.cleaned_data.get("options_text", "")) if q.kind in CHOICE_KINDS else []
        q.show_if_values = _lines(self.cleaned_data.get("show_if_text", "")) if q.show_if else []
        if q.pk is None:
            q.order = next_order(self.consultation)
        if commit:
            q.save()
        return q


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["name", "opens", "closes"]
        widgets = {
            "opens": forms.DateInput(attrs={"type": "date"}),
            "closes": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, consultation: Consultation, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.consultation = consultation

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes:
            if closes < opens:
                self.add_error("closes", "A phase must close on or after the day it opens.")
            else:
                overlapping = self.consultation.phases.filter(opens__lte=closes, closes__gte=opens)
                clash = overlapping.exclude(pk=self.instance.pk or 0).first()
                if clash:
                    self.add_error("opens", f"Overlaps the phase '{clash}': phases follow one another.")
        return data

    def save(self, commit: bool = True) -> Phase:
        phase: Phase = super().save(commit=False)
        phase.consultation = self.consultation
        if commit:
            phase.save()
        return phase


def next_order(c: Consultation) -> int:
    return int(c.questions.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def move(question: Question, step: int) -> bool:
    """Swap a question with its neighbour above (step -1) or below (+1); False at either end."""
    questions = list(question.consultation.questions.select_for_update().order_by("order", "pk"))
    i = next(n for n, q in enumerate(questions) if q.pk == question.pk)
    j = i + step
    if not 0 <= j < len(questions):
        return False
    questions[i], questions[j] = questions[j], questions[i]
    for order, q in enumerate(questions, start=1):
        if q.order != order:
            q.order = order
            q.save(update_fields=["order"])
    return True


@transaction.atomic
def add_standard(c: Consultation, which: str) -> list[Question]:
    """Add the publication-permission question or the equality-monitoring set; existing keys are kept."""
    if which == "publish":
        wanted: list[tuple[str, str, str, list[str]]] = [("publish", Question.Kind.PUBLISH, PUBLISH_TEXT, [])]
    elif which == "equality":
        wanted = [(key, Question.Kind.EQUALITY, text, options) for key, text, options in EQUALITY_QUESTIONS]
    else:
        raise ValueError(f"No standard question set {which!r}: choose 'publish' or 'equality'.")
    existing = set(c.questions.values_list("key", flat=True))
    added = []
    for key, kind, text, options in wanted:
        if key not in existing:
            added.append(
                Question.objects.create(
                    consultation=c, key=key, kind=kind, text=text, options=options, order=next_order(c)
                )
            )
    return added
