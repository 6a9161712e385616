"""Consultations: public pages, phases that open and close by date, questionnaires, and responses.

Personal data is minimised and kept apart: a :class:`Respondent` holds the e-mail address (only when
someone asks for updates), the equality-monitoring answers and the retention date; a :class:`Response`
holds the answers and links to its respondent, so erasing a person deletes the respondent and keeps their
(already anonymous) answers only if they allowed it. Each submission carries an idempotency key, unique
per consultation, so a retried or double-clicked submit is stored once.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone


class Consultation(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="Shown at the top of the public page.")
    areas = models.CharField(
        max_length=300, blank=True, help_text="Districts, separated by ';' (blank: county)."
    )
    retention_days = models.PositiveIntegerField(
        default=365, help_text="Days after closing that personal data is kept before it is erased."
    )
    illustrative = models.BooleanField(default=False)
    calendar_override = models.TextField(blank=True, help_text="Why it runs despite a calendar conflict.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def current_phase(self, today: date | None = None) -> Phase | None:
        day = today or timezone.localdate()
        return self.phases.filter(opens__lte=day, closes__gte=day).first()

    @property
    def is_open(self) -> bool:
        return self.current_phase() is not None

    @property
    def closes(self) -> date | None:
        last = self.phases.order_by("-closes").first()
        return last.closes if last else None


class Phase(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(max_length=120)
    opens = models.DateField()
    closes = models.DateField()

    class Meta:
        ordering = ["opens"]

    def __str__(self) -> str:
        return f"{self.name} ({self.opens} to {self.closes})"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        SCALE = "scale", "Scale"
        TEXT = "text", "Free text"
        PUBLISH = "publish", "Permission to publish"
        EQUALITY = "equality", "Equality monitoring"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(max_length=60)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=500)
    help = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=False)
    options = models.JSONField(default=list, blank=True, help_text="Choices, one per line.")
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    scale_labels = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'Strongly disagree;Strongly agree'."
    )
    show_if = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependants",
        help_text="Ask only when this question...",
    )
    show_if_values = models.JSONField(default=list, blank=True, help_text="...has one of these answers.")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["consultation", "key"], name="question_key_unique")]

    def __str__(self) -> str:
        return self.text


class Respondent(models.Model):
    """The personal side of a response, kept apart from the answers."""

    email = models.EmailField(blank=True)
    wants_updates = models.BooleanField(default=False)
    profile = models.JSONField(default=dict, blank=True, help_text="Equality-monitoring and area answers.")
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="respondents")
    retain_until = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Respondent {self.pk}"


class Response(models.Model):
    class Status(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        HELD = "held", "Held for moderation"
        REJECTED = "rejected", "Rejected"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        Respondent, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    idempotency_key = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACCEPTED)
    held_because = models.CharField(max_length=300, blank=True)
    client = models.CharField(
        max_length=64,
        blank=True,
        help_text="A keyed hash of the sender's address "
        "and the day, for rate limiting only (not reversible).",
    )
    may_publish = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "idempotency_key"], name="submitted_once")
        ]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)
    number = models.SmallIntegerField(null=True, blank=True)
    redacted_text = models.TextField(blank=True, help_text="The text with personal information hidden.")
    sentiment = models.CharField(max_length=10, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]
