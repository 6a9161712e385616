"""A consultation's questionnaire as a Django form: one field per question, conditions applied, the
spam traps (a hidden honeypot field and a signed start time) and the idempotency key."""

from __future__ import annotations

import time
import uuid
from typing import Any

from django import forms
from django.core import signing

from careshift.apps.engagement.models import Consultation, Question

HONEYPOT = "website"  # the hidden trap field; people never fill it
MAX_TEXT = 5000
EQUALITY_QUESTIONS: tuple[tuple[str, str, list[str]], ...] = (
    (
        "age_band",
        "What is your age?",
        [
            "Under 18",
            "18-24",
            "25-34",
            "35-44",
            "45-54",
            "55-64",
            "65-74",
            "75-84",
            "85 or over",
            "Prefer not to say",
        ],
    ),
    (
        "locality",
        "Which part of Oxfordshire do you live in?",
        [
            "Oxford City",
            "North (Banbury)",
            "North East (Bicester, Kidlington)",
            "South East (Henley, Thame, Wallingford)",
            "South West (Abingdon, Didcot, Wantage)",
            "West (Witney, Carterton, Chipping Norton)",
            "Outside Oxfordshire",
            "Prefer not to say",
        ],
    ),
    ("sex", "What is your sex?", ["Female", "Male", "Prefer not to say"]),
    ("disability", "Do you have a disability or long-term condition?", ["Yes", "No", "Prefer not to say"]),
    (
        "ethnicity",
        "What is your ethnic group?",
        [
            "Asian or Asian British",
            "Black, Black British, Caribbean or African",
            "Mixed or multiple ethnic groups",
            "White",
            "Other ethnic group",
            "Prefer not to say",
        ],
    ),
    ("carer", "Do you look after or care for someone?", ["Yes", "No", "Prefer not to say"]),
)
LOCALITY_CODES = dict(
    zip(
        EQUALITY_QUESTIONS[1][2][:6],
        ["city", "north", "north_east", "south_east", "south_west", "west"],
        strict=True,
    )
)


def _field(q: Question) -> forms.Field:
    common: dict[str, Any] = {"label": q.text, "help_text": q.help, "required": q.required}
    choices = [(o, o) for o in q.options]
    if q.kind in (Question.Kind.SINGLE, Question.Kind.EQUALITY):
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if q.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if q.kind == Question.Kind.SCALE:
        points = [(str(i), str(i)) for i in range(q.scale_min, q.scale_max + 1)]
        return forms.TypedChoiceField(choices=points, coerce=int, widget=forms.RadioSelect, **common)
    if q.kind == Question.Kind.PUBLISH:
        return forms.TypedChoiceField(
            choices=[
                ("yes", "Yes, you may publish my answers without my name"),
                ("no", "No, do not publish my answers"),
            ],
            coerce=lambda v: v == "yes",
            widget=forms.RadioSelect,
            **common,
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=MAX_TEXT, **common)


def _shown(q: Question, data: Any) -> bool:
    """A conditional question is asked only when its parent's answer is one of ``show_if_values``."""
    if q.show_if_id is None or q.show_if is None:
        return True
    given = (
        data.getlist(f"q_{q.show_if.key}") if hasattr(data, "getlist") else [data.get(f"q_{q.show_if.key}")]
    )
    return any(str(v) in q.show_if_values for v in given if v not in (None, ""))


class ResponseForm(forms.Form):
    email = forms.EmailField(
        required=False,
        label="Your e-mail address (optional)",
        help_text="Only if you want to hear what happens next. Kept apart from your answers.",
    )
    wants_updates = forms.BooleanField(
        required=False, label="Send me updates on decisions about what I raised"
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(required=False, label="Leave this empty", max_length=200)

    def __init__(self, consultation: Consultation, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.questions = list(consultation.questions.select_related("show_if"))
        for q in self.questions:
            self.fields[f"q_{q.key}"] = _field(q)
        if not self.is_bound:
            self.initial.update(
                idempotency_key=uuid.uuid4().hex, started=signing.dumps(time.time(), salt="started")
            )

    def clean_idempotency_key(self) -> str:
        key: str = self.cleaned_data["idempotency_key"]
        if not key.isalnum():
            raise forms.ValidationError("The form is damaged: reload the page and answer again.")
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for q in self.questions:
            if not _shown(q, self.data):  # not asked: neither required nor kept
                self.errors.pop(f"q_{q.key}", None)
                data.pop(f"q_{q.key}", None)
        if data.get("wants_updates") and not data.get("email"):
            self.add_error("email", "Give an e-mail address to receive updates, or untick the box.")
        return data

    def question_fields(self) -> list[tuple[Question, Any]]:
        return [(q, self[f"q_{q.key}"]) for q in self.questions]

    def asked(self) -> list[Question]:
        return [q for q in self.questions if _shown(q, self.data)]

    def seconds_taken(self) -> float | None:
        """Seconds since the form was shown (None if the token is missing or forged)."""
        try:
            shown = float(signing.loads(self.data.get("started", ""), salt="started", max_age=86400 * 7))
        except (signing.BadSignature, ValueError, TypeError):
            return None
        return time.time() - shown
