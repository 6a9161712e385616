"""Delivery records of a project: artefacts, confidence assessments, milestones, actions, decisions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from careshift.analysis.programme.ratings import CONFIDENCE_LABELS, Trend
from careshift.apps.programme.models.structure import ARTEFACT_CHOICES, Project
from careshift.apps.programme.models.versioned import Edited

CONFIDENCE_CHOICES = [(c.value, label) for c, label in CONFIDENCE_LABELS.items()]
RAG_CHOICES = [("green", "Green"), ("amber", "Amber"), ("red", "Red")]
TREND_CHOICES = [(t.value, t.value.capitalize()) for t in Trend]


class Artefact(Edited, models.Model):
    """A document a gateway may require (PID, QIA, EIA, business case), with its approval."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="artefacts")
    kind = models.CharField(max_length=30, choices=ARTEFACT_CHOICES)
    title = models.CharField(max_length=200)
    link = models.URLField(blank=True, help_text="Where the document is kept.")
    approved = models.BooleanField(default=False)
    approved_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class ConfidenceAssessment(models.Model):
    """A person's delivery confidence rating, beside careshift's suggestion (accepted or overridden)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessments")
    rating = models.CharField(max_length=20, choices=CONFIDENCE_CHOICES)
    trend = models.CharField(max_length=20, choices=TREND_CHOICES)
    reason = models.TextField()
    themes = models.JSONField(default=dict)
    suggested = models.CharField(max_length=20, choices=CONFIDENCE_CHOICES)
    suggested_reasons = models.JSONField(default=list)
    accepted_suggestion = models.BooleanField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        get_latest_by = ["assessed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project.reference} {self.get_rating_display()}"


class Milestone(Edited, models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    reference = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    baseline = models.DateField(help_text="The date agreed when the plan was approved.")
    forecast = models.DateField(help_text="The date now expected.")
    actual = models.DateField(null=True, blank=True, help_text="The date it was met.")

    class Meta:
        ordering = ["baseline", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def slippage_days(self) -> int:
        """Days later than the baseline (actual if met, else forecast); negative is early."""
        return ((self.actual or self.forecast) - self.baseline).days

    @property
    def status(self) -> str:
        if self.actual:
            return "met"
        if self.forecast < dt.date.today():
            return "overdue"
        return "late" if self.slippage_days > 0 else "on track"


class Action(Edited, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_actions",
    )
    due = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["status", "due", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due < dt.date.today()


class Decision(Edited, models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(max_length=300)
    decision = models.TextField()
    rationale = models.TextField(blank=True)
    decided_by = models.CharField(max_length=200, help_text="The person or board that decided.")
    decided_on = models.DateField()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.title
