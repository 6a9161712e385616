"""Programme -> workstreams -> projects (and sub-projects), lifecycle stages with their gateways."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse

from careshift.analysis.programme.gateways import ARTEFACT_LABELS
from careshift.apps.programme.models.versioned import Edited

LOCALITIES: dict[str, str] = {
    "north": "North",
    "north_east": "North East",
    "city": "Oxford City",
    "west": "West",
    "south_west": "South West",
    "south_east": "South East",
}
ARTEFACT_CHOICES = [(k, v[0].upper() + v[1:]) for k, v in ARTEFACT_LABELS.items()]


class Programme(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    illustrative = models.BooleanField(
        default=False, help_text="Demo data drawn from public board papers, not a real plan."
    )
    escalate_to_workstream_at = models.PositiveSmallIntegerField(
        default=12, help_text="Residual risk score at which a project risk goes to its workstream lead."
    )
    escalate_to_board_at = models.PositiveSmallIntegerField(
        default=20, help_text="Residual risk score at which a risk goes to the programme board."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:programme", args=[self.slug])


class SavingsTarget(models.Model):
    """The system savings target for one financial year (named by the year it starts in)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    financial_year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["financial_year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "financial_year"], name="one_target_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme} target {self.financial_year}"


class Stage(models.Model):
    """One lifecycle stage; entering it passes its gateway (artefacts and, above a value, an approver)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()
    weight = models.FloatField(
        help_text="Share of a scheme's planned saving counted as risk-adjusted at this stage (0 to 1)."
    )
    required_artefacts = models.JSONField(default=list, blank=True)
    approval_threshold = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Schemes worth more than this need a programme lead's approval to enter the stage.",
    )
    approver = models.CharField(max_length=100, default="the programme board")

    class Meta:
        ordering = ["programme", "order"]
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="stage_key_per_programme")]

    def __str__(self) -> str:
        return self.name


class Workstream(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="workstreams")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="workstream_slug")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:workstream", args=[self.programme.slug, self.slug])


class Project(Edited, models.Model):
    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="projects")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subprojects",
        help_text="The project this is part of (a sub-project).",
    )
    reference = models.CharField(max_length=40, unique=True, help_text="A short unique code, e.g. WIT-01.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_projects",
        verbose_name="owner (SRO)",
    )
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="assigned_projects")
    localities = models.JSONField(default=list, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="dependents")
    scenario = models.ForeignKey(
        "scenarios.Scenario",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A model scenario containing the levers this project delivers.",
    )
    levers = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workstream", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("programme:project", args=[self.pk])

    @property
    def programme(self) -> Programme:
        return self.workstream.programme

    @property
    def locality_names(self) -> list[str]:
        return [LOCALITIES.get(code, code) for code in self.localities]

    def planned_value(self) -> Decimal:
        """The project's value for gateways: the full-year effect of its savings lines."""
        total = self.savings_lines.aggregate(total=models.Sum("full_year_effect"))["total"]
        return total or Decimal(0)

    def approved_artefacts(self) -> set[str]:
        return set(self.artefacts.filter(approved=True).values_list("kind", flat=True))
