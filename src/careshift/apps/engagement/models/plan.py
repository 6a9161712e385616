"""The engagement plan (activities by stakeholder and month: the meetings matrix), versioned documents,
configurable election windows and planned consultations or publicity checked against the calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from careshift.apps.engagement.models.stakeholders import Stakeholder


class Activity(models.Model):
    """One cell of the meetings matrix: what happens with a stakeholder in a month."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="activities")
    month = models.DateField(help_text="The first day of the month.")
    detail = models.CharField(max_length=300, help_text="Days and notes, e.g. '1, 15 (Public event)'.")

    class Meta:
        ordering = ["stakeholder__name", "month"]
        constraints = [models.UniqueConstraint(fields=["stakeholder", "month"], name="one_cell_per_month")]

    def __str__(self) -> str:
        return f"{self.stakeholder} {self.month:%b %Y}: {self.detail}"


class Document(models.Model):
    class Kind(models.TextChoices):
        MESSAGES = "messages", "Messages framework"
        BRIEFING = "briefing", "Briefing"
        FAQ = "faq", "FAQs"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def current(self) -> DocumentVersion | None:
        return self.versions.order_by("-number").first()


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    note = models.CharField("what changed", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_version_number")]


class ElectionWindow(models.Model):
    """A local pre-election period configured by geography (adds to the shipped tables)."""

    body = models.CharField(max_length=200, help_text="e.g. 'Cherwell District Council 2027'.")
    start = models.DateField()
    polling_day = models.DateField()
    areas = models.CharField(
        max_length=300, blank=True, help_text="Districts, separated by ';' (blank: all)."
    )
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return self.body


class PlannedItem(models.Model):
    """A consultation launch or a piece of publicity on the calendar, with any override's justification."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "Consultation"
        PUBLICITY = "publicity", "Publicity"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start = models.DateField()
    end = models.DateField()
    areas = models.CharField(
        max_length=300, blank=True, help_text="Districts, separated by ';' (blank: county)."
    )
    override_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return self.title
