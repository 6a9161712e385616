"""Money and benefits: the CIP/QIPP savings ledger, resource costings and the benefits register."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from careshift.apps.programme.models.structure import Project
from careshift.apps.programme.models.versioned import Edited


class SavingsLine(Edited, models.Model):
    class Category(models.TextChoices):
        PATHWAY = "pathway", "Pathway redesign"
        WORKFORCE = "workforce", "Workforce"
        PRESCRIBING = "prescribing", "Prescribing"
        ESTATES = "estates", "Estates"
        PROCUREMENT = "procurement", "Procurement"
        DEMAND = "demand", "Demand management"
        OTHER = "other", "Other"

    class Confidence(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="savings_lines")
    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.PATHWAY)
    cash_releasing = models.BooleanField(default=True)
    recurrent = models.BooleanField(default=True)
    full_year_effect = models.DecimalField(
        max_digits=14, decimal_places=2, help_text="The saving in a full year once delivered (£)."
    )
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.MEDIUM)

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class SavingsMonth(models.Model):
    line = models.ForeignKey(SavingsLine, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(help_text="The first day of the month.")
    plan = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    actual = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["line", "month"], name="one_savings_month")]

    def __str__(self) -> str:
        return f"{self.line.reference} {self.month:%b %Y}"


class ResourceCost(Edited, models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", "Staff time"
        MONEY = "money", "Money"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="resource_costs")
    description = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STAFF)
    staff_group = models.CharField(max_length=100, blank=True)
    wte = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True, verbose_name="WTE")
    amount = models.DecimalField(max_digits=14, decimal_places=2, help_text="Cost in the year (£).")
    financial_year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")

    class Meta:
        ordering = ["financial_year", "pk"]

    def __str__(self) -> str:
        return self.description


class Benefit(Edited, models.Model):
    class Kind(models.TextChoices):
        CASHABLE = "cashable", "Cashable"
        NON_CASHABLE = "non_cashable", "Non-cashable"
        QUALITATIVE = "qualitative", "Qualitative"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="benefits")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    measure = models.CharField(
        max_length=200, help_text="What is measured, e.g. 'Non-elective admissions, 75+'."
    )
    unit = models.CharField(max_length=40, blank=True)
    baseline = models.FloatField(null=True, blank=True)
    target = models.FloatField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    disbenefit = models.BooleanField(default=False, help_text="A negative consequence to watch.")

    def __str__(self) -> str:
        return self.title


class BenefitValue(Edited, models.Model):
    """One point on a benefit's trajectory: the planned value and, once measured, the realised one."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="values")
    date = models.DateField()
    planned = models.FloatField(null=True, blank=True)
    realised = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["date"]
