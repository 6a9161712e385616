"""RAID: risks, assumptions, issues and dependencies; risks scored on the 5x5 matrix."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from careshift.analysis.programme import risks
from careshift.apps.programme.models.structure import Project
from careshift.apps.programme.models.versioned import Edited

LEVEL = [MinValueValidator(1), MaxValueValidator(5)]
LIKELIHOOD_CHOICES = [(k, f"{k} {v}") for k, v in risks.LIKELIHOOD_LABELS.items()]
IMPACT_CHOICES = [(k, f"{k} {v}") for k, v in risks.IMPACT_LABELS.items()]


class RaidItem(Edited, models.Model):
    class Kind(models.TextChoices):
        RISK = "risk", "Risk"
        ASSUMPTION = "assumption", "Assumption"
        ISSUE = "issue", "Issue"
        DEPENDENCY = "dependency", "Dependency"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="raid_items")
    reference = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RISK)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inherent_likelihood = models.PositiveSmallIntegerField(
        choices=LIKELIHOOD_CHOICES, validators=LEVEL, default=3
    )
    inherent_impact = models.PositiveSmallIntegerField(choices=IMPACT_CHOICES, validators=LEVEL, default=3)
    residual_likelihood = models.PositiveSmallIntegerField(
        choices=LIKELIHOOD_CHOICES, validators=LEVEL, default=3
    )
    residual_impact = models.PositiveSmallIntegerField(choices=IMPACT_CHOICES, validators=LEVEL, default=3)
    mitigations = models.TextField(blank=True)
    proximity = models.DateField(null=True, blank=True, help_text="When the risk would happen.")
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    converted_on = models.DateField(null=True, blank=True, help_text="When a risk became an issue.")

    class Meta:
        ordering = ["kind", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def inherent_score(self) -> int:
        return risks.score(self.inherent_likelihood, self.inherent_impact)

    @property
    def residual_score(self) -> int:
        return risks.score(self.residual_likelihood, self.residual_impact)

    @property
    def band(self) -> str:
        return risks.band(self.residual_score)

    @property
    def escalation(self) -> str:
        programme = self.project.workstream.programme
        return risks.escalation_level(
            self.residual_score, programme.escalate_to_workstream_at, programme.escalate_to_board_at
        )
