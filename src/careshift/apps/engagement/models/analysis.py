"""Theme analysis and "you said, we did": themes per question, codes per answer (machine or person),
decisions on themes and the actions that follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from careshift.apps.engagement.models.consultations import Answer, Consultation, Question


class Theme(models.Model):
    class Status(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        SIGNED_OFF = "signed_off", "Signed off"
        MERGED = "merged", "Merged"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CANDIDATE)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["question", "name"]

    def __str__(self) -> str:
        return self.name


class Code(models.Model):
    class By(models.TextChoices):
        MACHINE = "machine", "Machine"
        PERSON = "person", "Person"

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="codes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codes")
    by = models.CharField(max_length=10, choices=By.choices)
    confidence = models.FloatField(null=True, blank=True)
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "theme"], name="one_code_per_theme")]


class Decision(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="decisions")
    themes = models.ManyToManyField(Theme, related_name="decisions")
    board = models.CharField(max_length=200)
    decided_on = models.DateField()
    summary = models.CharField("we did", max_length=300)
    rationale = models.TextField()

    class Meta:
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return self.summary


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    owner = models.CharField(max_length=200, blank=True)
    due = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.description
