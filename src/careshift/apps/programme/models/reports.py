"""Status reports (assembled from live data, then reviewed and locked as a frozen snapshot) and the board
calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from careshift.apps.programme.models.structure import Programme, Project, Workstream
from careshift.apps.programme.models.versioned import Edited


class StatusReport(Edited, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEWED = "reviewed", "Reviewed"
        LOCKED = "locked", "Locked"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reports")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    period = models.DateField(help_text="The first day of the reporting month.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    commentary = models.TextField(blank=True)
    snapshot = models.JSONField(null=True, blank=True, help_text="Frozen when the report is locked.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="one_project_report_a_period"),
            models.UniqueConstraint(fields=["workstream", "period"], name="one_workstream_report_a_period"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} status report {self.period:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("programme:report", args=[self.pk])

    @property
    def subject(self) -> Project | Workstream | Programme:
        return self.project or self.workstream or self.programme

    @property
    def locked(self) -> bool:
        return self.status == self.Status.LOCKED


class BoardMeeting(Edited, models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200, default="Programme board")
    date = models.DateField()
    papers_due = models.DateField(help_text="The deadline for status reports to be locked.")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.title} {self.date:%-d %B %Y}"


class BoardPackFile(models.Model):
    """A board pack rendered as PDF or Word by a background job (kind ``programme.board_pack``): the
    request, its job (for progress), and once finished the document itself."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pack_files")
    format = models.CharField(max_length=4, choices=Format.choices)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    content = models.BinaryField(null=True, blank=True, help_text="The document, once rendered.")
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    reports = models.PositiveIntegerField(default=0, help_text="How many locked reports it was built from.")

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.programme} board pack ({self.get_format_display()}) {self.requested_at:%-d %b %Y %H:%M}"
        )

    def get_absolute_url(self) -> str:
        return reverse("programme:pack_file", args=[self.pk])

    @property
    def status(self) -> str:
        return self.job.status if self.job is not None else ("succeeded" if self.size else "cancelled")

    @property
    def ready(self) -> bool:
        return self.size > 0
